"""Faint words: ink too light for the hysteresis seeds, recovered by where and how it sits.

Faded ink and ink seen through the paper from the back can be equally light, so the
grey level alone cannot tell them apart. Two things can:

* **where it sits**: a faded word lies on a text line of clearer writing, with its
  middle at the height of its neighbours' middles; the back's lines fall anywhere,
  mostly between the front's lines;
* **how sharp it is**: faded ink is on this side of the sheet, so its edges are as
  steep as it is deep; the paper diffuses what shows through from the back (at
  150 dpi that blur is under a pixel and this test is blind).

And the page as a whole: faded text lies on the lines almost all of it, while
show-through that happens to line up with the front is a small part of what shows.
"""

from __future__ import annotations

import cv2
import numpy as np

from .components import any_pool, label_components
from .histogram import grey_percentile, paper_and_dark_spread

# Not a filled shape: a piece filling this share of its box and more than this many
# strokes across both ways is a box, not letters.
_MAX_FILL, _MAX_THICKNESS = 0.8, 3.0
# A faint piece must be this many noise deviations darker than the paper, and at
# least this share as deep as the clear ink is.
_MIN_DEPTH, _MIN_SHARE_OF_INK_DEPTH = 6.0, 0.2
# ... and its steepest 3x3 step must reach this fraction of its depth.
_MIN_STEEPNESS = 0.9
# Character sizes, in multiples of the median height of the clear ink's pieces.
_MIN_HEIGHT, _MAX_HEIGHT, _MAX_WIDTH = 0.5, 1.6, 8.0
# The line test: neighbours up to `_REACH` heights to the left or right and
# `_LINE_BAND` heights up or down; their mean middle within `_MIDDLE_TOLERANCE`.
_REACH, _LINE_BAND, _MIDDLE_TOLERANCE = 2.5, 0.6, 0.3
# On a page where less of the faint text (by area) sits on the lines, none is kept.
# Measured: 0.72 and more on generated faded pages, 0.38 and less on show-through
# ones (bench/ocr_cer.py pages at 150-600 dpi); DIBCO pages spread between.
_MIN_SHARE_ON_LINES = 0.6
# Faint words may chain along a line whose clear ink is further away: rounds of the test.
_ROUNDS = 10


def faint_text_levels(
    gray: np.ndarray,
    ink: np.ndarray,
    contrast: np.ndarray,
    stroke: float,
    *,
    exclude: np.ndarray | None = None,
    on_lines_only: bool = True,
) -> np.ndarray | None:
    """Grey levels under which the pixels of faint words are ink, or None.

    Parameters
    ----------
    gray : ndarray of uint8
        Background-normalised grey image (paper near white).
    ink : ndarray of bool
        The ink found so far (same shape): the clear writing that defines the lines.
    contrast : ndarray of uint8
        3x3 morphological gradient of ``gray``.
    stroke : float
        Stroke width of the writing, in pixels of ``gray``.
    exclude : ndarray of bool, optional
        Pixels never taken (coloured marks already lifted to paper).
    on_lines_only : bool
        Keep faint pieces only where they sit on a text line of clearer ink
        (default). False keeps every sharp, character-sized faint piece: more faded
        words off the lines, more show-through too.

    Returns
    -------
    ndarray of uint8 or None
        Per pixel, the level at or under which ``gray`` is faint ink (0 elsewhere).
        A piece is a connected component of the pixels darker than the paper's noise
        (3 deviations); what of it lies more than a stroke away from known ink (its
        faint part) must be large, at least ``_MIN_DEPTH`` deviations deep (and a
        fifth as deep as the clear ink), as steep as it is deep, and not a filled
        shape; the piece must be character-sized and, with
        ``on_lines_only``, sit on a line, on a page where most of the faint text
        does. Its pixels count as ink down to half the depth of its faint part.
        None when no piece is kept.

    Examples
    --------
    >>> page = np.full((60, 200), 250, np.uint8)
    >>> for x in range(10, 190, 30): page[20:40, x:x + 4] = 40 if x < 100 else 190
    >>> ink = page < 100
    >>> contrast = cv2.morphologyEx(page, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    >>> levels = faint_text_levels(page, ink, contrast, 4.0)
    >>> bool(page[30, 132] <= levels[30, 132]), bool(levels[5, 132])
    (True, False)
    """
    clear = ink.view(np.uint8)
    near = max(2, round(stroke))
    outside = _away_from(clear, near)
    paper, noise = paper_and_dark_spread(gray[::2, ::2], outside[::2, ::2])  # a quarter is plenty
    noise = max(noise, 1.0)
    # On a noiseless page (a rendered PDF, a slide) the floor is set by the clear ink
    # instead: background division leaves a few levels of a small grey box's edges.
    ink_depth = paper - grey_percentile(gray[::2, ::2], 50, ink[::2, ::2])
    min_depth = max(_MIN_DEPTH * noise, _MIN_SHARE_OF_INK_DEPTH * ink_depth)
    # A piece is kept only if some pixel of its faint part is deep enough: most pages
    # (clean scans, strong print) have none, and the pass ends here.
    deep = cv2.threshold(gray, paper - min_depth, 255, cv2.THRESH_BINARY_INV)[1]
    if not cv2.countNonZero(cv2.bitwise_and(deep, outside)):
        return None
    letters, line_height = _letters(clear, stroke)
    if line_height is None:
        return None
    min_area = 2.0 * stroke * stroke
    candidates = cv2.threshold(gray, paper - 3.0 * noise, 255, cv2.THRESH_BINARY_INV)[1]
    if exclude is not None:
        candidates[exclude] = 0
    count, labels, stats, _ = label_components(candidates)
    height, width = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    sized = (
        (stats[:, cv2.CC_STAT_AREA] >= min_area)
        & (height >= _MIN_HEIGHT * line_height)
        & (height <= _MAX_HEIGHT * line_height)
        & (width <= _MAX_WIDTH * line_height)
    )
    sized[0] = False
    if not sized.any():
        return None
    # Per-pixel statistics only for the character-sized pieces (noise specks and
    # large blotches are most of the candidates on a rough page).
    faint = np.flatnonzero(cv2.bitwise_and(candidates, outside))
    index, values = _of_pieces(labels.ravel()[faint], gray.ravel()[faint], sized)
    area = np.bincount(index, minlength=count)
    darkest = np.full(count, 255, np.uint8)
    np.minimum.at(darkest, index, values)
    # Steepness is read a little further out: next to clear ink, its own edge is steep.
    far = np.flatnonzero(cv2.bitwise_and(candidates, _away_from(clear, near + 2)))
    index, values = _of_pieces(labels.ravel()[far], contrast.ravel()[far], sized)
    steepest = np.zeros(count, np.uint8)
    np.maximum.at(steepest, index, values)
    depth = paper - darkest.astype(np.float32)
    keep = sized & (area >= min_area) & (depth >= min_depth) & (steepest >= _MIN_STEEPNESS * depth)
    # Strokes, not filled areas: a grey box behind a word (table shading, a code span)
    # is as sharp as faded ink and sits on the line too.
    filled = stats[:, cv2.CC_STAT_AREA] >= _MAX_FILL * width * height
    keep &= ~(filled & (np.minimum(width, height) >= _MAX_THICKNESS * stroke))
    if on_lines_only and keep.any():
        on_lines = _on_text_lines(letters, stats, keep, line_height, clear.shape)
        # Faint text mostly off the lines is show-through, and so, by chance
        # alignment, is the part of it that falls on them.
        if area[on_lines].sum() < _MIN_SHARE_ON_LINES * area[keep].sum():
            return None
        keep &= on_lines
    if not keep.any():
        return None
    level = np.where(keep, paper - np.maximum(3.0 * noise, depth / 2), 0)
    return np.clip(level, 0, 255).astype(np.uint8)[labels]


def _away_from(clear: np.ndarray, distance: int) -> np.ndarray:
    """0/1: 1 where no ``clear`` pixel lies within ``distance`` (chessboard)."""
    side = 2 * distance + 1
    return cv2.threshold(cv2.dilate(clear, np.ones((side, side), np.uint8)), 0, 1, cv2.THRESH_BINARY_INV)[1]


def _of_pieces(index: np.ndarray, values: np.ndarray, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``(label, value)`` pairs whose label is ``chosen``."""
    mine = chosen[index]
    return index[mine], values[mine]


def _letters(clear: np.ndarray, stroke: float) -> tuple[np.ndarray, float | None]:
    """The clear ink's letter-sized pieces (``connectedComponentsWithStats`` rows) and
    their median height; None for the height on a page with hardly any writing."""
    # Labelled at half resolution: only the letters' boxes are wanted, and labelling a
    # page costs as much as the rest of this pass.
    _, _, stats, _ = label_components(any_pool(clear, 2))
    stats = stats[1:] * np.array([2, 2, 2, 2, 4])
    stats = stats[stats[:, cv2.CC_STAT_AREA] >= stroke * stroke]
    if len(stats) < 3:
        return stats, None
    line_height = float(np.median(stats[:, cv2.CC_STAT_HEIGHT]))
    tall = stats[:, cv2.CC_STAT_HEIGHT]
    return stats[(tall >= 0.4 * line_height) & (tall <= 2.5 * line_height)], line_height


def _middle(stats: np.ndarray) -> np.ndarray:
    """Row of the middle of each piece's box."""
    return stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT] / 2


def _on_text_lines(
    letters: np.ndarray, stats: np.ndarray, candidates: np.ndarray, line_height: float, shape: tuple[int, int]
) -> np.ndarray:
    """Which ``candidates`` (a mask over the rows of ``stats``) sit on a text line.

    A line is made of the clear ink's letter-sized pieces; a candidate sits on it when
    pieces lie within ``_REACH`` heights beside it and ``_LINE_BAND`` above or below its
    middle, and their mean middle is within ``_MIDDLE_TOLERANCE`` heights of its own.
    Accepted candidates join the line, so a run of faint words can follow clear ink.
    Middles are summed on a grid of half-height cells, along each piece's width,
    and a box filter gathers the neighbourhood; a candidate reads it at its two
    ends and its centre.
    """
    cell = max(1.0, line_height / 2)
    grid = (int(shape[0] / cell) + 1, int(shape[1] / cell) + 1)
    sums_counts = np.zeros((*grid, 2), np.float32)  # one box filter for both channels

    def add(rows: np.ndarray) -> None:
        # Each piece's middle height is entered in every cell along its width.
        middle = _middle(rows)
        first = (rows[:, cv2.CC_STAT_LEFT] / cell).astype(int)
        last = ((rows[:, cv2.CC_STAT_LEFT] + rows[:, cv2.CC_STAT_WIDTH] - 1) / cell).astype(int)
        runs = last - first + 1
        starts = np.repeat(first - np.cumsum(runs) + runs, runs)
        columns = starts + np.arange(runs.sum())
        row = np.repeat((middle / cell).astype(int), runs)
        np.add.at(sums_counts, (row, columns, 0), np.repeat(middle, runs).astype(np.float32))
        np.add.at(sums_counts, (row, columns, 1), 1.0)

    add(letters)
    box = (2 * round(_REACH * 2) + 1, 2 * round(_LINE_BAND * 2) + 1)  # (width, height) in cells
    middle = _middle(stats)
    row = (middle / cell).astype(int)
    # A long piece is read at both ends and in the middle.
    left = stats[:, cv2.CC_STAT_LEFT]
    ends = [(left + f * (stats[:, cv2.CC_STAT_WIDTH] - 1)) / cell for f in (0.0, 0.5, 1.0)]
    columns = [end.astype(int) for end in ends]
    accepted = np.zeros(len(stats), bool)
    for _ in range(_ROUNDS):
        near = cv2.boxFilter(sums_counts, -1, box, normalize=False, borderType=cv2.BORDER_CONSTANT)
        total = sum(near[row, c, 0] for c in columns)
        count = sum(near[row, c, 1] for c in columns)
        mean_middle = total / np.maximum(count, 1e-6)
        on_line = (count > 0.5) & (np.abs(mean_middle - middle) <= _MIDDLE_TOLERANCE * line_height)
        new = candidates & on_line & ~accepted
        if not new.any():
            break
        accepted |= new
        add(stats[new])
    return accepted
