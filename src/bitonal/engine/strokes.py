"""Measuring the writing: stroke width of a binary ink mask."""

from __future__ import annotations

import cv2
import numpy as np


def stroke_width(mask: np.ndarray) -> float:
    """Typical stroke width (pixels) of the ink in ``mask``: ``2 * area / perimeter``.

    For a long stroke of width ``w`` the area is ``w * L`` and the outline about
    ``2 * L``; the ratio is robust to letter shapes and cheap (one erosion).
    Returns 0 when the mask is empty.
    """
    ink = mask.astype(np.uint8)
    area = int(cv2.countNonZero(ink))
    if area == 0:
        return 0.0
    inner = cv2.erode(ink, np.ones((3, 3), np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
    perimeter = area - int(cv2.countNonZero(inner))
    return 2.0 * area / max(perimeter, 1)
