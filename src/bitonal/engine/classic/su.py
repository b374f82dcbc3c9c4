"""Su, Lu and Tan's method: local maximum / minimum contrast and high-contrast pixel statistics.

The pieces are public so other methods (``auto``) can reuse them:
:func:`su_contrast` (the contrast image), :func:`high_contrast_pixels` (the
contrast image thresholded by Otsu), :func:`estimate_stroke_width` and
:func:`su_threshold` (the classification from a given high-contrast mask).
"""

from __future__ import annotations

import functools
from typing import Annotated

import numpy as np
from pydantic import AfterValidator, Field

from ..histogram import otsu_level
from ..image import to_gray
from ..local_stats import local_min_max, local_square_sum, local_sum, zero_or_at_least_3
from ..registry import register


def su_contrast(gray: np.ndarray, *, window: int = 3, eps: float = 1e-4) -> np.ndarray:
    """Su's local contrast ``(max - min) / (max + min + eps)`` over a small window.

    Normalising the local max-min difference by the local grey level makes the
    contrast of a stroke on dark (stained) paper comparable to one on light paper.

    Parameters
    ----------
    gray : ndarray of uint8, shape (H, W)
        Grey image.
    window : int
        Window size (default 3, the paper's 3x3 neighbourhood); clipped at the border.
    eps : float
        The paper's small positive constant that avoids 0 / 0 (default 1e-4).

    Returns
    -------
    ndarray of float64, shape (H, W)
        Contrast in [0, 1].
    """
    low, high = local_min_max(gray, window)
    low = low.astype(np.float64)
    high = high.astype(np.float64)
    return (high - low) / (high + low + eps)


def high_contrast_pixels(gray: np.ndarray) -> np.ndarray:
    """Su's high-contrast pixels: the contrast image (as 8 bits) above its Otsu threshold.

    These pixels lie on stroke edges; their grey values sample both ink and paper
    around each stroke. Returns a bool mask.
    """
    low, high = local_min_max(gray, 3)
    # contrast8 = (255 * su_contrast(gray)).astype(uint8) (truncation, as Doxa), looked up
    # in a table over all (max, min) pairs instead of computed in float64 per pixel
    index = high.astype(np.uint16)
    index <<= 8
    index |= low
    contrast8 = np.take(_contrast8_table(), index)
    return contrast8 > otsu_level(contrast8)


@functools.cache
def _contrast8_table() -> np.ndarray:
    """``(255 * (max - min) / (max + min + 1e-4)).astype(uint8)`` indexed by ``max * 256 + min``."""
    high, low = np.divmod(np.arange(256 * 256), 256)
    high = high.astype(np.float64)
    low = low.astype(np.float64)
    contrast = (high - low) / (high + low + 1e-4)
    table = (255.0 * np.maximum(contrast, 0.0)).astype(np.uint8)
    table.flags.writeable = False
    return table


def estimate_stroke_width(high_contrast: np.ndarray) -> int:
    """Estimate the stroke width (pixels) from a high-contrast (edge) image.

    Scans each row for local peaks (pixels above both horizontal neighbours) and
    returns the most frequent distance between consecutive peaks on a row
    (distances of 1 are ignored); 3 when there are no such pairs. This follows
    Doxa's implementation of Su et al.'s stroke-width estimation.
    """
    c = np.asarray(high_contrast)
    if c.dtype == bool:
        c = c.astype(np.uint8)
    if c.shape[1] < 3:
        return 3
    mid = c[:, 1:-1]
    peaks = (mid > c[:, :-2]) & (mid > c[:, 2:])
    ys, xs = np.nonzero(peaks)
    same_row = ys[1:] == ys[:-1]
    dists = (xs[1:] - xs[:-1])[same_row]
    hist = np.bincount(dists, minlength=c.shape[1])
    hist[:2] = 0
    if hist.max() == 0:
        return 3
    return int(np.argmax(hist))


def su_threshold(
    gray: np.ndarray,
    high_contrast: np.ndarray,
    window: int,
    min_n: int,
    *,
    std_weight: float = 0.5,
) -> np.ndarray:
    """Su's classification from a high-contrast mask.

    A pixel is ink when its window holds at least ``min_n`` high-contrast pixels
    and its grey value is at most ``E_mean + std_weight * E_std``, the mean and
    (population) standard deviation of the grey values of those high-contrast
    pixels; the paper's ``std_weight`` is 1/2. Counting and sums use box filters
    over the masked images (exact integer sums, float32 statistics).
    """
    mask = high_contrast.astype(np.uint8)
    values = np.multiply(gray, mask)
    n_e = local_sum(mask, window)
    s1 = local_sum(values, window)
    var = local_square_sum(values, window)
    ink = n_e >= min_n
    ink &= n_e > 0
    # Where n_e == 0 all three sums are 0: dividing by 1 there gives mean = var = 0.
    np.maximum(n_e, 1.0, out=n_e)
    mean = np.divide(s1, n_e)
    # var = (s2 - s1 * mean) / n_e: exactly 0 where the high-contrast values are all equal
    np.multiply(s1, mean, out=s1)
    np.subtract(var, s1, out=var)
    np.divide(var, n_e, out=var)
    np.maximum(var, 0.0, out=var)
    np.sqrt(var, out=var)
    np.multiply(var, std_weight, out=var)
    np.add(var, mean, out=var)
    ink &= gray <= var
    return ink


@register("su", reference="B. Su, S. Lu, C. L. Tan, DAS 2010")
def su(
    image: np.ndarray,
    *,
    window: Annotated[
        int,
        Field(ge=0, le=4001, description="Side of the neighbourhood window in pixels; 0 (the default) "
              "estimates it as twice the stroke width. Other values must be at least 3."),
        AfterValidator(zero_or_at_least_3),
    ] = 0,
    min_n: Annotated[
        int,
        Field(ge=0, le=16_000_000, description="Minimum number of high-contrast pixels in the window for a "
              "pixel to be ink (Doxa's 'minN'); 0 (the default) means the same as the window size."),
    ] = 0,
) -> np.ndarray:
    """Su, Lu and Tan's binarization by the local maximum and minimum.

    1. Contrast image ``C = (max - min) / (max + min + eps)`` over 3x3 windows.
    2. High-contrast (stroke edge) pixels: ``C`` above its Otsu threshold.
    3. A pixel is ink when its window holds at least ``min_n`` high-contrast
       pixels and its grey value is at most their mean plus half their standard
       deviation.

    With ``window=0`` the window is twice the estimated stroke width (the
    authors' 2013 recommendation, as in Doxa) and ``min_n`` the window size.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    window : int
        Window size (default 0: estimated).
    min_n : int
        Minimum high-contrast pixels (default 0: equal to the window size).

    Returns
    -------
    ndarray of bool
        ``True`` where the pixel is ink.

    References
    ----------
    B. Su, S. Lu, C. L. Tan, "Binarization of historical document images using
    the local maximum and minimum", Proc. 9th IAPR International Workshop on
    Document Analysis Systems (DAS), 2010, pp. 159-166.

    Examples
    --------
    >>> page = np.full((30, 30), 200, np.uint8); page[14:16, 5:25] = 40
    >>> mask = su(page, window=7, min_n=7)
    >>> bool(mask[15, 15]), bool(mask[2, 2])
    (True, False)
    """
    gray = to_gray(image)
    high = high_contrast_pixels(gray)
    if window == 0:
        window = 2 * estimate_stroke_width(high)
        if min_n == 0:
            min_n = window
    elif min_n == 0:
        min_n = window
    return su_threshold(gray, high, window, min_n)
