"""Classifying a whole page in horizontal bands, in bounded memory and without seams."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .features import WINDOW_STROKES, PageScale, darkness, feature_maps, window_pixels
from .model import PixelModel

# Pixels per band (the features of a band take 4 * F bytes per pixel).
_BAND_PIXELS = 1 << 19


def margin_rows(scale: PageScale) -> int:
    """How far (pixels) a pixel's features look: half the widest window, and the
    3x3 smoothing and gradient around it."""
    return window_pixels(WINDOW_STROKES[-1], scale.stroke) // 2 + 3


def bands(norm: np.ndarray, scale: PageScale, band_rows: int | None = None) -> Iterator[tuple[slice, np.ndarray]]:
    """``(rows, features)`` for consecutive bands of rows of a flattened grey page.

    Each band is extended by :func:`margin_rows` rows above and below (less at the
    page's edges) while its features are computed, so every pixel's features come
    from the same neighbours as on the whole page: the result does not depend on
    where the bands fall. ``features`` has shape (rows * W, F).
    """
    height, width = norm.shape
    margin = margin_rows(scale)
    rows = band_rows or max(16, _BAND_PIXELS // max(1, width))
    for top in range(0, height, rows):
        bottom = min(height, top + rows)
        lo, hi = max(0, top - margin), min(height, bottom + margin)
        maps = feature_maps(darkness(norm[lo:hi], scale), scale)
        inner = maps[top - lo : top - lo + bottom - top]
        yield slice(top, bottom), inner.reshape(-1, inner.shape[-1])


def classify(norm: np.ndarray, scale: PageScale, model: PixelModel, band_rows: int | None = None) -> np.ndarray:
    """Ink mask of a flattened grey page (H, W) uint8, computed band by band (see
    :func:`bands`); ``band_rows`` defaults to about half a megapixel per band."""
    out = np.empty(norm.shape, bool)
    for rows, features in bands(norm, scale, band_rows):
        out[rows] = model.is_ink(features).reshape(-1, norm.shape[1])
    return out


def logit_map(norm: np.ndarray, scale: PageScale, model: PixelModel) -> np.ndarray:
    """The model's output before its threshold, for every pixel (float32)."""
    out = np.empty(norm.shape, np.float32)
    for rows, features in bands(norm, scale):
        out[rows] = model.logits(features).reshape(-1, norm.shape[1])
    return out
