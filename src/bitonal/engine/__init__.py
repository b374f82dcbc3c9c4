"""The image-processing engine: numpy arrays in, numpy arrays out.

No files, no HTTP, no database here. Every method is registered in
:mod:`bitonal.engine.registry` and reached through :func:`binarize`.

Convention, everywhere in bitonal: a binary image is a ``bool`` array of the input's
height and width in which ``True`` marks **ink** (foreground) and ``False`` paper.
Written to a file, ink is black (0) and paper white.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import auto, classic  # noqa: F401  (registers the methods)
from .allocator import keep_freed_buffers
from .learned import method as _learned  # noqa: F401  (registers "auto")
from .errors import BitonalError, InvalidImageError, InvalidParameterError, UnknownMethodError
from .registry import Method, Parameter, get_method, methods

keep_freed_buffers()  # page-sized buffers reused, not faulted in afresh (see allocator)

__all__ = [
    "BitonalError",
    "InvalidImageError",
    "InvalidParameterError",
    "Method",
    "Parameter",
    "UnknownMethodError",
    "binarize",
    "get_method",
    "methods",
]

DEFAULT_METHOD = "auto"


def binarize(image: np.ndarray, method: str = DEFAULT_METHOD, **params: Any) -> np.ndarray:
    """Binarize a grey or colour document image.

    Parameters
    ----------
    image : ndarray
        ``(H, W)`` grey or ``(H, W, 3|4)`` RGB(A) image, uint8, uint16 or float in [0, 1].
    method : str
        Name of a registered method (see :func:`methods`); ``"auto"`` by default.
    **params
        The method's parameters; unknown names and out-of-range values raise
        :class:`InvalidParameterError`.

    Returns
    -------
    ndarray of bool, shape ``(H, W)``
        ``True`` where there is ink.

    Examples
    --------
    >>> import numpy as np
    >>> page = np.full((40, 40), 230, np.uint8); page[18:22, 5:35] = 20
    >>> mask = binarize(page, "otsu")
    >>> bool(mask[20, 20]), bool(mask[2, 2])
    (True, False)
    """
    return get_method(method)(image, **params)
