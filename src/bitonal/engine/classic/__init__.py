"""The classic binarization methods, one module per family.

- :mod:`.global_threshold`: otsu
- :mod:`.local_threshold`: niblack, sauvola, wolf, nick, phansalkar, trsingh, wan,
  bradley (window statistics from :mod:`bitonal.engine.local_stats`)
- :mod:`.bernsen`: bernsen
- :mod:`.su`: su (and its reusable pieces: su_contrast, high_contrast_pixels,
  estimate_stroke_width, su_threshold)
- :mod:`.isauvola`: isauvola
"""

from . import bernsen, global_threshold, isauvola, local_threshold, su  # noqa: F401
