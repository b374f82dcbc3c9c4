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


def component_widths(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Connected components of ``mask`` with their stroke widths.

    Returns ``(labels, stats, width, stroke_like)``: the label image (0 = background),
    OpenCV's statistics of each label (left, top, width, height, area), each label's
    width ``2 * area / perimeter`` (as in :func:`stroke_width`), and whether
    it is shaped like writing: at least three widths tall or wide (letters, bold or
    not), where filled shapes (a chart's bar, a dark box, a photo, a blot) are about
    as wide as they are thick. Index 0 is never stroke-like.
    """
    ink = mask.astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    inner = cv2.erode(ink, np.ones((3, 3), np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
    perimeter = np.bincount(labels[ink > inner], minlength=count)
    width = 2.0 * stats[:, cv2.CC_STAT_AREA] / np.maximum(perimeter, 1)
    extent = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    stroke_like = (extent >= 3 * width) & (perimeter > 0)
    stroke_like[0] = False
    return labels, stats, width, stroke_like


def widest_stroke(mask: np.ndarray, among: int = 3) -> float:
    """Stroke width (pixels) of the boldest writing in ``mask``: the ``among``-th widest
    of its stroke-like components (:func:`component_widths`), so that a single blot
    or stain does not count, only a bold word; 0 when there are fewer such components.
    """
    _, _, width, stroke_like = component_widths(mask)
    widths = np.sort(width[stroke_like])
    return float(widths[-among]) if widths.size >= among else 0.0
