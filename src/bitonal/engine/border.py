"""The image's border: long lines of "ink" along it are the page's or the scanner's
edges, not writing."""

from __future__ import annotations

import cv2
import numpy as np

from .components import label_components


def without_border_lines(ink: np.ndarray, stroke: float) -> np.ndarray:
    """``ink`` without the long lines that run along the image's border.

    Within a 25th of the short side from each edge, a component of ink that runs
    along that edge for over a tenth of its length, is ten times longer than it is
    wide and does not go on into the page beyond that strip is cleared: the edge of a
    book's page or of the scanner's lid, a receipt's torn edge in shadow, the step
    where a slide's accent bar meets its ground; in the corners it may run on along
    the next side. Tesseract reads such a line as a row of dashes or bars. Letters
    near the edge are shorter, and letters cut by the edge of a cropped scan are not
    that thin. Gaps of up to four strokes along the line are bridged first (noise
    breaks a step into pieces).

    Parameters
    ----------
    ink : ndarray of bool
        Modified in place and returned.
    stroke : float
        Stroke width of the writing, in pixels.

    Returns
    -------
    ndarray of bool
        ``ink``, the border's lines cleared.

    Examples
    --------
    >>> ink = np.zeros((200, 200), bool); ink[10:190, 2:4] = True; ink[100:110, 60:62] = True
    >>> out = without_border_lines(ink, 2.0)
    >>> bool(out[50, 3]), bool(out[105, 60])
    (False, True)
    """
    height, width = ink.shape
    depth = max(4, min(height, width) // 25)
    if min(height, width) < 4 * depth:
        return ink
    # Odd: a closing with an even kernel shifts by a pixel.
    kernel = np.ones((1, (max(3, round(4 * stroke)) - 1) | 1), np.uint8)
    # Each side in turn is the top of a view of ``ink`` (transposed and/or flipped, so
    # writing to the view writes to ``ink``): left, right, top, bottom.
    for view in (ink.T, ink.T[::-1], ink, ink[::-1]):
        strip = view[:depth]
        if not strip.any():
            continue
        joined = cv2.morphologyEx(np.ascontiguousarray(strip).view(np.uint8), cv2.MORPH_CLOSE, kernel)
        count, labels, stats, _ = label_components(joined)
        along, across = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
        lines = (along > view.shape[1] / 10) & (along >= 10 * across)
        # A line goes on into the page where its ink at the strip's inner edge touches
        # ink just beyond it (diagonally too); one that only reaches the edge (a wavy
        # page edge) does not. Away from the corners: what crosses the edge there lies
        # along the next side's border (a scan's dark corner).
        beyond = view[depth, depth:-depth]
        outside = beyond.copy()
        outside[1:] |= beyond[:-1]
        outside[:-1] |= beyond[1:]
        lines[labels[-1, depth:-depth][strip[-1, depth:-depth] & outside]] = False
        lines[0] = False
        if lines.any():
            strip[lines[labels]] = False
    return ink
