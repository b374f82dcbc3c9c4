"""Per-pixel features for the learned decision: scale- and contrast-free by construction.

Every feature is measured on the background-flattened grey page, turned into *ink
darkness* ``d = (paper - grey) / depth`` (0 on paper, about 1 on the page's typical
ink), over windows that are multiples of the measured stroke width. A page scanned
at another resolution, with fainter ink or on darker paper therefore gives the same
features, which is what lets a small model trained on a few collections generalise to
others.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Windows, in stroke widths, of the local statistics (mean and spread of d).
WINDOW_STROKES: tuple[float, ...] = (2.0, 4.0, 8.0, 16.0)

FEATURE_NAMES: tuple[str, ...] = (
    "d",
    "d_smooth",
    *(f"mean_{w:g}s" for w in WINDOW_STROKES),
    *(f"std_{w:g}s" for w in WINDOW_STROKES),
    "max_2s",
    "max_4s",
    "min_2s",
    "gradient",
    "sauvola_4s",
    "sauvola_8s",
    "noise",
)

# Rows of a band computed at once: the features of a band fit in a few MB.
_BAND_ROWS = 256


@dataclass(frozen=True)
class PageScale:
    """What makes features comparable across pages.

    stroke : stroke width of the writing, in pixels.
    paper : grey level of the (flattened) paper.
    depth : how much darker than the paper the page's typical ink is (grey levels).
    noise : robust spread of the paper's grey level.
    """

    stroke: float
    paper: float
    depth: float
    noise: float


def window_pixels(strokes: float, stroke: float) -> int:
    """An odd window side of about ``strokes`` stroke widths, at least 3 pixels."""
    return max(3, int(round(strokes * stroke)) | 1)


def darkness(norm: np.ndarray, scale: PageScale) -> np.ndarray:
    """Ink darkness ``(paper - grey) / depth`` as float32, clipped to [-1, 3]."""
    d = (np.float32(scale.paper) - norm.astype(np.float32)) * np.float32(1.0 / scale.depth)
    return np.clip(d, -1.0, 3.0, out=d)


def feature_maps(d: np.ndarray, scale: PageScale) -> np.ndarray:
    """All features of every pixel of a darkness map, shape (H, W, F) float32.

    The windows reach ``WINDOW_STROKES[-1] / 2`` stroke widths around a pixel; the
    borders are reflected (OpenCV's default), so a crop that carries a margin of
    that width gives the same features in its interior as the whole page.
    """
    s = scale.stroke
    maps = [d, cv2.GaussianBlur(d, (3, 3), 0)]
    means, stds = [], []
    for strokes in WINDOW_STROKES:
        side = window_pixels(strokes, s)
        mean = cv2.blur(d, (side, side))
        square = cv2.blur(d * d, (side, side))
        std = np.sqrt(np.maximum(square - mean * mean, 0.0))
        means.append(mean)
        stds.append(std)
    maps += means + stds
    for strokes in (2.0, 4.0):
        side = window_pixels(strokes, s)
        maps.append(cv2.dilate(d, np.ones((side, side), np.uint8)))
    side = window_pixels(2.0, s)
    maps.append(cv2.erode(d, np.ones((side, side), np.uint8)))
    smooth = maps[1]
    gx = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)
    maps.append(cv2.magnitude(gx, gy) * np.float32(0.125))
    # Sauvola-like contrast of the pixel against its neighbourhood.
    for index in (1, 2):
        maps.append((d - means[index]) / (stds[index] + np.float32(0.1)))
    maps.append(np.full_like(d, np.float32(min(1.0, scale.noise / scale.depth))))
    return np.stack(maps, axis=-1)
