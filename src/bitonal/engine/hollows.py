"""Shapes wider than the background window, hollowed into outlines, filled again."""

from __future__ import annotations

import cv2
import numpy as np

from .components import label_components
from .histogram import grey_percentile

# A hole this much of the way from the paper's grey to its outline's is ink.
_INK_SHARE = 0.5
# Every how many pixels (both ways) the page is looked at for dark paper first.
_PROBE_STEP = 4


def fill_hollow_shapes(ink: np.ndarray, gray: np.ndarray, stroke: float) -> np.ndarray:
    """``ink`` with the holes that are as dark as their outline filled.

    The paper's background is estimated by a closing about four strokes wide, so a
    dark shape wider than that (a chart's bar, a filled box) is taken for background
    inside and comes out as an outline. Its inside is still dark in ``gray``: a hole
    of the ink the size of a square six strokes wide or more, with no ink inside it,
    is filled when its grey lies at least halfway from the paper's grey around the
    shape to its outline's. The holes of letters (the inside of an "o") are
    paper-light, so they stay.

    Parameters
    ----------
    ink : ndarray of bool
        Modified in place and returned.
    gray : ndarray (H, W) uint8
        The page's grey, before its background was divided out.
    stroke : float
        Stroke width of the writing, in pixels.

    Returns
    -------
    ndarray of bool
        ``ink``, its dark holes filled.

    Examples
    --------
    >>> gray = np.full((120, 120), 230, np.uint8); gray[20:100, 20:100] = 60
    >>> ink = np.zeros(gray.shape, bool); ink[20:100, 20:100] = True; ink[26:94, 26:94] = False
    >>> bool(fill_hollow_shapes(ink, gray, 3.0)[60, 60])
    True
    """
    min_area = (6.0 * stroke) ** 2
    if not _may_have_dark_holes(ink, gray, min_area):
        return ink
    contours, hierarchy = cv2.findContours(ink.view(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return ink
    # (next, previous, first child, parent): with RETR_CCOMP the holes are the contours
    # with a parent; ink inside a hole is an outer contour of its own.
    parents = hierarchy[0][:, 3]
    holes = [i for i, parent in enumerate(parents) if parent >= 0 and cv2.contourArea(contours[i]) >= min_area]
    height, width = ink.shape
    margin = max(3, round(2 * stroke))
    for i in holes:
        x, y, w, h = cv2.boundingRect(contours[i])
        inside = np.zeros((h, w), np.uint8)
        cv2.drawContours(inside, contours, i, 1, thickness=cv2.FILLED, offset=(-x, -y))
        # The traced contour runs on the outline's pixels: the hole proper is inside it.
        core = cv2.erode(inside, np.ones((3, 3), np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
        core = core.view(bool)
        hole = core & ~ink[y : y + h, x : x + w]
        area = np.count_nonzero(core)
        if area < min_area or np.count_nonzero(hole) < 0.99 * area:
            continue  # too small, or ink inside it (words in a box)
        px, py, pw, ph = cv2.boundingRect(contours[parents[i]])
        around = np.s_[max(0, py - margin) : min(height, py + ph + margin), max(0, px - margin) : min(width, px + pw + margin)]
        around_ink = ink[around]
        if around_ink.all():
            continue
        paper = float(np.percentile(gray[around][~around_ink], 90))
        outline = float(np.median(gray[around][around_ink]))
        inside_grey = float(np.median(gray[y : y + h, x : x + w][hole]))
        if paper > outline and paper - inside_grey >= _INK_SHARE * (paper - outline):
            ink[y : y + h, x : x + w] |= inside.view(bool)
    return ink


def _may_have_dark_holes(ink: np.ndarray, gray: np.ndarray, min_area: float) -> bool:
    """Whether some stretch of the page's paper (not ``ink``) as dark as a hollowed
    shape's inside is a hole's size, looked at on every :data:`_PROBE_STEP`-th pixel:
    tracing every contour of a page costs more than the rest of this step, and most
    pages have no such shape (dark paper pixels scattered along the strokes' edges
    are not one)."""
    small_ink = np.ascontiguousarray(ink[::_PROBE_STEP, ::_PROBE_STEP]).view(np.uint8)
    if not small_ink.any() or small_ink.all():
        return False
    small_gray = np.ascontiguousarray(gray[::_PROBE_STEP, ::_PROBE_STEP])
    ink_grey = grey_percentile(small_gray, 50, small_ink)
    paper_grey = grey_percentile(small_gray, 50, cv2.bitwise_not(small_ink * 255))
    dark = (small_gray <= paper_grey - _INK_SHARE * (paper_grey - ink_grey)) & (small_ink == 0)
    if np.count_nonzero(dark) * _PROBE_STEP**2 < min_area:
        return False
    _, _, stats, _ = label_components(dark.view(np.uint8))
    # Half the area: the grid and the page-wide levels see a hole only roughly.
    return int(stats[1:, cv2.CC_STAT_AREA].max(initial=0)) * _PROBE_STEP**2 >= 0.5 * min_area
