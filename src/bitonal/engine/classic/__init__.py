"""The classic binarization methods, one module per family."""

from . import bernsen, global_threshold, isauvola, local_threshold, su  # noqa: F401
