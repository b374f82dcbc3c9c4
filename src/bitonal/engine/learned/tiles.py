"""Classifying a whole page in horizontal bands, in bounded memory and without seams."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from ..image import shrink
from .features import (
    FINE_REACH,
    assemble,
    candidates,
    coarse_factor,
    coarse_maps,
    coarse_reach,
    darkness,
    fine_maps,
)
from .model import PixelModel
from .page import LearnedInput

# Pixels per band (the fine features of a band take 20 bytes per pixel), and per
# stretch of bands that share one computation of the coarse features: their windows
# reach 16 strokes beyond a band, so on a small band most of that work is margin
# (measured on the A4 bench page: coarse maps 42 -> 28 ms with stretches of 2 MP;
# larger fine bands fall out of the cache and lose it again; stop 32, on an Intel Xeon:
# the classification 195 -> 185 ms with bands of a quarter instead of half a megapixel).
_BAND_PIXELS = 1 << 18
_STRETCH_PIXELS = 1 << 21


@dataclass(frozen=True)
class CoarseRows:
    """The coarse features (:func:`~.features.coarse_maps`) of a stretch of rows, with
    the margin their windows need (less at the page's edges).

    maps : the coarse maps, each (rows, width) float32.
    first : the coarse row of the maps' first row.
    factor : the coarse factor (full-resolution pixels per coarse pixel).
    """

    maps: list[np.ndarray]
    first: int
    factor: int

    def index(self, top: int, flat: np.ndarray, width: int) -> np.ndarray:
        """Flat indices into the maps of the pixels at the flat indices ``flat`` of a
        band starting at row ``top`` of a page ``width`` pixels wide."""
        k = self.factor
        y, x = np.divmod(flat, width)
        return ((top + y) // k - self.first) * self.maps[0].shape[1] + x // k


def coarse_rows(page: LearnedInput, top: int, bottom: int) -> CoarseRows:
    """The coarse features needed by the pixels of the rows ``top:bottom`` of a page
    (``top`` a multiple of the coarse factor, or the page's last rows)."""
    norm, rules, scale = page.norm, page.rules, page.scale
    height, width = norm.shape
    k = coarse_factor(scale.stroke)
    coarse_height, coarse_width = -(-height // k), -(-width // k)
    reach = coarse_reach(scale)
    first, last = top // k, -(-bottom // k)
    clo, chi = max(0, first - reach), min(coarse_height, last + reach)
    rows = slice(clo * k, chi * k)
    grey = shrink(_whole_blocks(norm[rows], k, chi - clo, coarse_width), k)
    ink_share = shrink(_whole_blocks(rules[rows], k, chi - clo, coarse_width).astype(np.float32), k)
    return CoarseRows(coarse_maps(darkness(grey, scale), ink_share, scale.stroke / k), clo, k)


def band_features(
    page: LearnedInput,
    top: int,
    bottom: int,
    index: np.ndarray | None = None,
    coarse: CoarseRows | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``(index, features)`` of pixels of the rows ``top:bottom`` of a page.

    ``features`` has one column per pixel, shape (F, N). ``index`` holds flat
    indices within the band; by default the band's
    :func:`~.features.candidates`. ``top`` must be a multiple of the coarse factor
    (every band but the last spans whole coarse rows). ``coarse`` are the coarse
    features of rows that include the band's (:func:`coarse_rows`); by default the
    band's own.

    Each band is read with a margin above and below, as wide as the features look
    (less at the page's edges), so every pixel's features come from the same
    neighbours as on the whole page: the result does not depend on where bands fall.
    """
    norm, level, rules, scale = page.norm, page.level, page.rules, page.scale
    height, width = norm.shape
    lo, hi = max(0, top - FINE_REACH), min(height, bottom + FINE_REACH)
    inner = slice(top - lo, top - lo + bottom - top)
    fine = [plane[inner] for plane in fine_maps(darkness(norm[lo:hi], scale))]
    if index is None:
        index = candidates(fine[1], scale)
    if index.size == 0:
        return index, np.empty((0, 0), np.float32)
    if coarse is None:
        coarse = coarse_rows(page, top, bottom)
    band = slice(top, bottom)
    coarse_index = coarse.index(top, index, width)
    return index, assemble(fine, level[band], rules[band], index, coarse.maps, coarse_index, scale)


def _whole_blocks(rows: np.ndarray, k: int, coarse_rows: int, coarse_width: int) -> np.ndarray:
    """``rows`` padded by repetition to whole k x k blocks (the page's last rows and
    columns)."""
    pad_rows, pad_cols = coarse_rows * k - rows.shape[0], coarse_width * k - rows.shape[1]
    if pad_rows or pad_cols:
        return cv2.copyMakeBorder(rows, 0, pad_rows, 0, pad_cols, cv2.BORDER_REPLICATE)
    return rows


def bands(page: LearnedInput, band_rows: int | None = None) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
    """``(rows, index, features)`` for consecutive bands of a page (see
    :func:`band_features`); ``band_rows`` defaults to about a quarter of a megapixel. Bands
    share their coarse features in stretches of about two megapixels."""
    height, width = page.norm.shape
    k = coarse_factor(page.scale.stroke)
    rows = band_rows or max(16, _BAND_PIXELS // max(1, width))
    rows = max(k, rows - rows % k)
    stretch = max(rows, (_STRETCH_PIXELS // max(1, width)) // rows * rows)
    for start in range(0, height, stretch):
        end = min(height, start + stretch)
        coarse = coarse_rows(page, start, end)
        for top in range(start, end, rows):
            bottom = min(end, top + rows)
            index, features = band_features(page, top, bottom, coarse=coarse)
            yield slice(top, bottom), index, features


def classify(page: LearnedInput, model: PixelModel, band_rows: int | None = None) -> np.ndarray:
    """The model's verdict on every pixel of a page, computed band by band (see
    :func:`bands`): 0 paper, 1 faint ink (kept where it touches clear ink), 2 clear ink."""
    out = np.zeros(page.norm.shape, np.uint8)
    for rows, index, features in bands(page, band_rows):
        if index.size:
            out[rows].ravel()[index] = model.verdict(features)
    return out


def logit_map(page: LearnedInput, model: PixelModel) -> np.ndarray:
    """The model's output before its threshold, for every pixel (float32; -inf where
    the pixel is paper without asking the model)."""
    out = np.full(page.norm.shape, -np.inf, np.float32)
    for rows, index, features in bands(page):
        if index.size:
            out[rows].ravel()[index] = model.logits(features)
    return out
