"""Per-pixel features for the learned decision: scale- and contrast-free by construction.

Every feature is measured on the background-flattened grey page, turned into *ink
darkness* ``d = (paper - grey) / depth`` (0 on paper, about 1 on the page's typical
ink), over windows that are multiples of the measured stroke width. A page scanned
at another resolution, with fainter ink or on darker paper therefore gives the same
features, which is what lets a small model trained on a few collections generalise to
others.

Two resolutions, for speed: the pixel's own darkness, its 3x3 smoothing and gradient
and the rules' ink level are read at full resolution (*fine*); the statistics over
windows of 2 to 32 stroke widths, which change slowly, on a copy shrunk by
:func:`coarse_factor` (*coarse*), 4 to 9 times fewer pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Windows, in stroke widths, of the local statistics (mean and spread of d).
WINDOW_STROKES: tuple[float, ...] = (2.0, 4.0, 8.0, 16.0, 32.0)

FINE_NAMES: tuple[str, ...] = ("d", "d_smooth", "gradient", "rule_level", "below_rule_level", "rules_ink")
COARSE_NAMES: tuple[str, ...] = (
    *(f"mean_{w:g}s" for w in WINDOW_STROKES),
    *(f"std_{w:g}s" for w in WINDOW_STROKES),
    "max_2s",
    "max_4s",
    "max_8s",
    "min_2s",
    "rules_2s",
    "rules_8s",
)
DERIVED_NAMES: tuple[str, ...] = ("sauvola_4s", "sauvola_8s", "noise", "d_of_darkest", "max_8s_of_darkest")
FEATURE_NAMES: tuple[str, ...] = FINE_NAMES + COARSE_NAMES + DERIVED_NAMES

# Smoothed darkness (fraction of the ink's depth) below which a pixel is paper.
GATE = 0.1
# Rows the fine features look beyond a pixel (3x3 smoothing, then a 3x3 gradient).
FINE_REACH = 2


@dataclass(frozen=True)
class PageScale:
    """What makes features comparable across pages.

    stroke : stroke width of the writing, in pixels.
    paper : grey level of the (flattened) paper.
    depth : how much darker than the paper the page's typical ink is (grey levels).
    noise : robust spread of the paper's grey level.
    darkest : how much darker than the typical ink the page's darkest writing is (its
        darkest 5 % of edge pixels, as a darkness; at least 1).
    """

    stroke: float
    paper: float
    depth: float
    noise: float
    darkest: float


def window_pixels(strokes: float, stroke: float) -> int:
    """An odd window side of about ``strokes`` stroke widths, at least 3 pixels."""
    return max(3, int(round(strokes * stroke)) | 1)


def coarse_factor(stroke: float) -> int:
    """The shrink factor of the coarse features: 2, or half the stroke width when wider
    (a window of two strokes still spans four coarse pixels)."""
    return max(2, int(stroke // 2))


def coarse_reach(scale: PageScale) -> int:
    """Coarse pixels the coarse features look beyond a coarse pixel."""
    return window_pixels(WINDOW_STROKES[-1], scale.stroke / coarse_factor(scale.stroke)) // 2 + 1


def darkness(norm: np.ndarray, scale: PageScale) -> np.ndarray:
    """Ink darkness ``(paper - grey) / depth`` as float32, clipped to [-1, 3].

    A uint8 page is looked up in a table of its 256 grey levels' darkness (the same
    bits, in one pass instead of three)."""
    if norm.dtype == np.uint8 and norm.size:
        table = _darkness(np.arange(256, dtype=np.uint8), scale)
        return cv2.LUT(np.ascontiguousarray(norm), table).reshape(norm.shape)
    return _darkness(norm, scale)


def _darkness(norm: np.ndarray, scale: PageScale) -> np.ndarray:
    d = (np.float32(scale.paper) - norm.astype(np.float32)) * np.float32(1.0 / scale.depth)
    return np.clip(d, -1.0, 3.0, out=d)


def fine_maps(d: np.ndarray) -> list[np.ndarray]:
    """The full-resolution maps of a darkness map: ``d``, its 3x3 smoothing and the
    smoothing's Sobel derivatives along x and y. :func:`assemble` reads the first two
    of :data:`FINE_NAMES` from them and the gradient's magnitude at the pixels asked
    only (the rules' rows too)."""
    smooth = cv2.GaussianBlur(d, (3, 3), 0)
    gx = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)
    return [d, smooth, gx, gy]


def gradient_magnitude(gx: np.ndarray, gy: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``sqrt(gx^2 + gy^2) / 8`` into ``out`` (``gx`` and ``gy`` are overwritten).

    Not ``cv2.magnitude``: it fuses the multiply-add on stretches aligned in memory and
    not elsewhere, so its last bit depends on where its output happens to be allocated,
    and two computations of the same page's training samples differed (docs/learned.md).
    numpy rounds each operation on its own, wherever the arrays lie."""
    np.multiply(gx, gx, out=gx)
    np.multiply(gy, gy, out=gy)
    np.add(gx, gy, out=gx)
    np.sqrt(gx, out=out)
    out *= np.float32(0.125)
    return out


def coarse_maps(d: np.ndarray, rules: np.ndarray, stroke: float) -> list[np.ndarray]:
    """The window statistics (:data:`COARSE_NAMES`) of a (coarse) darkness map and the
    share of the rules' ink (coarse, float32) whose stroke width is ``stroke`` pixels.
    Borders are reflected (OpenCV's default)."""
    means, stds = [], []
    square = cv2.multiply(d, d)
    for strokes in WINDOW_STROKES:
        side = (window_pixels(strokes, stroke),) * 2
        mean = cv2.blur(d, side)
        spread = cv2.blur(square, side)
        spread -= cv2.multiply(mean, mean)
        np.maximum(spread, 0, out=spread)
        means.append(mean)
        stds.append(cv2.sqrt(spread))
    near = np.ones((window_pixels(2.0, stroke),) * 2, np.uint8)
    maxima = [cv2.dilate(d, np.ones((window_pixels(s, stroke),) * 2, np.uint8)) for s in (2.0, 4.0, 8.0)]
    shares = [cv2.blur(rules, (window_pixels(strokes, stroke),) * 2) for strokes in (2.0, 8.0)]
    return [*means, *stds, *maxima, cv2.erode(d, near), *shares]


def floored_depth(depth: float, noise: float) -> float:
    """An ink depth taken as at least 4 ``noise`` deviations and 12 grey levels: the
    depth a page without writing is read with, and the one :func:`noise_ratio` is
    measured against."""
    return max(depth, 4.0 * noise, 12.0)


def noise_ratio(scale: PageScale) -> float:
    """The page's noise against its ink's depth floored (:func:`floored_depth`): 0 to
    0.25, the range the training pages span (the depth that scales ``d`` has a far
    lower floor where there is writing: faint writing on a grainy page is read as
    writing, not as the faintest 0.4 of it)."""
    return scale.noise / floored_depth(scale.depth, scale.noise)


def candidates(smooth: np.ndarray, scale: PageScale) -> np.ndarray:
    """Flat indices of the pixels worth asking the model about.

    A pixel whose smoothed darkness is within the paper's noise (and under
    :data:`GATE` of the ink's depth) is paper whatever its neighbourhood: on a text
    page that is most pixels, and skipping them is most of the learned stage's speed.
    """
    gate = np.float32(max(GATE, scale.noise / scale.depth))
    return np.flatnonzero(smooth > gate)


def gather(maps: list[np.ndarray], index: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The values (len(maps), N) of the maps at the flat ``index`` (into ``out``)."""
    if out is None:
        out = np.empty((len(maps), index.size), np.float32)
    for row, plane in enumerate(maps):
        np.take(plane.ravel(), index, out=out[row])
    return out


def assemble(
    fine: list[np.ndarray],
    rule_level: np.ndarray,
    rules: np.ndarray,
    index: np.ndarray,
    coarse: list[np.ndarray],
    coarse_index: np.ndarray,
    scale: PageScale,
) -> np.ndarray:
    """All features (F, N), one column per pixel in :data:`FEATURE_NAMES` order.

    ``fine`` are :func:`fine_maps`, ``rule_level`` (uint8 grey) and ``rules`` (0/1)
    the rules' local ink level and verdict at full resolution, all read at the flat
    ``index``; ``coarse`` are :func:`coarse_maps`, read at ``coarse_index``. The
    rules' level is turned into a darkness at those pixels only: a pixel darker than
    it is clear ink to the hand-tuned method.
    """
    n_fine, n_coarse = len(FINE_NAMES), len(COARSE_NAMES)
    out = np.empty((len(FEATURE_NAMES), index.size), np.float32)
    d = gather(fine[:2], index, out[:2])[0]
    gradient_magnitude(*gather(fine[2:], index), out=out[2])
    # Then the rules' rows of FINE_NAMES: their level, the margin below it, their verdict.
    out[3] = darkness(np.take(rule_level.ravel(), index), scale)
    np.subtract(d, out[3], out=out[4])
    out[5] = np.take(rules.ravel(), index)
    coarse_values = gather(coarse, coarse_index, out[n_fine : n_fine + n_coarse])
    derived = out[n_fine + n_coarse :]
    n = len(WINDOW_STROKES)
    means, stds = coarse_values[:n], coarse_values[n : 2 * n]
    # Sauvola-like contrast of the pixel against its neighbourhood.
    for row, window in enumerate((1, 2)):
        derived[row] = (d - means[window]) / (stds[window] + np.float32(0.1))
    derived[2] = noise_ratio(scale)
    # Against the page's darkest writing: on a page in two tones (faded and fresh ink,
    # front and show-through) the typical ink can be either; measured: 2009_H02 held
    # out 78.9 -> 84.2 FM, 2014_H06 67.8 -> 73.5 (docs/learned.md, run 13).
    derived[3] = d * np.float32(1.0 / scale.darkest)
    derived[4] = coarse_values[2 * n + 2] * np.float32(1.0 / scale.darkest)
    return out
