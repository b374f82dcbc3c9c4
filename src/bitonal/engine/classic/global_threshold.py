"""Global thresholds: one grey level for the whole page."""

from __future__ import annotations

import cv2
import numpy as np

from ..image import to_gray
from ..registry import register


@register("otsu", reference="N. Otsu, IEEE Trans. SMC 9(1), 1979")
def otsu(image: np.ndarray) -> np.ndarray:
    """Otsu's global threshold: the grey level that maximises between-class variance.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.

    Returns
    -------
    ndarray of bool
        ``True`` where the pixel is at or below the threshold (ink).

    References
    ----------
    N. Otsu, "A threshold selection method from gray-level histograms",
    IEEE Trans. Systems, Man, and Cybernetics 9(1):62-66, 1979.

    Examples
    --------
    >>> page = np.full((10, 10), 200, np.uint8); page[4:6] = 30
    >>> int(otsu(page).sum())
    20
    """
    gray = to_gray(image)
    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return gray <= level
