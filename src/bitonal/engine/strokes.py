"""Measuring the writing: stroke width of a binary ink mask, whole or per component."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .components import label_components


def outline(ink: np.ndarray) -> np.ndarray:
    """The pixels of a uint8 mask that touch its outside (the image's edge counts)."""
    inner = cv2.erode(ink, np.ones((3, 3), np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
    return ink > inner


def stroke_width(mask: np.ndarray) -> float:
    """Typical stroke width (pixels) of the ink in ``mask``: ``2 * area / perimeter``.

    For a long stroke of width ``w`` the area is ``w * L`` and the outline about
    ``2 * L``; the ratio is robust to letter shapes and cheap (one erosion).
    Returns 0 when the mask is empty.

    Examples
    --------
    >>> mask = np.zeros((40, 200), bool); mask[10:16, 20:180] = True
    >>> round(stroke_width(mask), 1)
    5.9
    """
    ink = mask.astype(np.uint8)
    area = int(cv2.countNonZero(ink))
    if area == 0:
        return 0.0
    return 2.0 * area / max(int(np.count_nonzero(outline(ink))), 1)


@dataclass(frozen=True)
class Components:
    """The connected components (8-connected) of a mask, with their stroke widths.

    labels : the label image (0 = background).
    stats : OpenCV's statistics of each label (left, top, width, height, area).
    edge : the mask's :func:`outline` (bool, the image's shape).
    perimeter : each label's count of outline pixels.
    """

    labels: np.ndarray
    stats: np.ndarray
    edge: np.ndarray
    perimeter: np.ndarray

    @property
    def area(self) -> np.ndarray:
        return self.stats[:, cv2.CC_STAT_AREA]

    @property
    def extent(self) -> np.ndarray:
        """Each label's longer side of its bounding box (pixels)."""
        return np.maximum(self.stats[:, cv2.CC_STAT_WIDTH], self.stats[:, cv2.CC_STAT_HEIGHT])

    @property
    def width(self) -> np.ndarray:
        """Each label's stroke width, ``2 * area / perimeter`` (as :func:`stroke_width`)."""
        return 2.0 * self.area / np.maximum(self.perimeter, 1)

    @property
    def stroke_like(self) -> np.ndarray:
        """Whether each label is shaped like writing: at least three widths tall or wide
        (letters, bold or not), where filled shapes (a chart's bar, a dark box, a photo,
        a blot) are about as wide as they are thick. Label 0 never is."""
        like = (self.extent >= 3 * self.width) & (self.perimeter > 0)
        like[0] = False
        return like

    def stroke_width(self, chosen: np.ndarray) -> float:
        """:func:`stroke_width` of the ``chosen`` labels together (a bool per label)."""
        area = int(self.area[chosen].sum())
        return 2.0 * area / max(int(self.perimeter[chosen].sum()), 1) if area else 0.0

    def widest(self, chosen: np.ndarray, among: int = 3) -> float:
        """Stroke width of the boldest writing among the ``chosen`` labels: the
        ``among``-th widest stroke-like one, so that a single blot or stain does not
        count, only a bold word; 0 when there are fewer."""
        widths = np.sort(self.width[chosen & self.stroke_like])
        return float(widths[-among]) if widths.size >= among else 0.0


def components(mask: np.ndarray) -> Components:
    """The :class:`Components` of ``mask`` (bool or uint8).

    Examples
    --------
    >>> mask = np.zeros((60, 200), bool); mask[10:16, 20:180] = True; mask[30:50, 20:40] = True
    >>> parts = components(mask)
    >>> parts.stroke_like[1:].tolist()
    [True, False]
    """
    ink = mask.view(np.uint8) if mask.dtype == bool else mask
    count, labels, stats, _ = label_components(ink)
    edge = outline(ink)
    return Components(labels, stats, edge, np.bincount(labels[edge], minlength=count))

