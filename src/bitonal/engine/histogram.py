"""Grey-level histograms and the statistics read off them."""

from __future__ import annotations

import cv2
import numpy as np


def grey_histogram(values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Counts of each grey level 0..255 in a uint8 array of any shape (float64), over
    the pixels where ``mask`` (same shape, bool or uint8) is nonzero if given."""
    flat = np.ascontiguousarray(values).reshape(1, -1)
    if flat.size == 0:
        return np.zeros(256)
    if mask is not None:
        mask = np.ascontiguousarray(mask.view(np.uint8) if mask.dtype == bool else mask).reshape(1, -1)
    return cv2.calcHist([flat], [0], mask, [256], [0, 256]).ravel().astype(np.float64)


def otsu_level(values: np.ndarray) -> int:
    """Otsu's threshold of a uint8 array (the first grey level that maximises the
    between-class variance; class 1 is ``values <= level``).

    References
    ----------
    N. Otsu, "A threshold selection method from gray-level histograms",
    IEEE Trans. Systems, Man, and Cybernetics 9(1):62-66, 1979.
    """
    hist = grey_histogram(values)
    levels = np.arange(256, dtype=np.float64)
    n = hist.sum()
    q1 = np.cumsum(hist)
    q2 = n - q1
    sum1 = np.cumsum(levels * hist)
    total = sum1[-1]
    valid = (q1 > 0) & (q2 > 0)
    if not valid.any():
        return 0
    with np.errstate(divide="ignore", invalid="ignore"):
        diff = sum1 / q1 - (total - sum1) / q2
        between = np.where(valid, diff * diff * q1 * q2, 0.0)
    best = float(between.max())
    return int(np.argmax(between)) if best > 0 else 0


def grey_percentile(values: np.ndarray, q: float, mask: np.ndarray | None = None) -> float:
    """The ``q``-th percentile (0..100) of a uint8 array (where ``mask`` is nonzero,
    if given), read off its histogram; 0 for no pixel."""
    cumulative = grey_histogram(values, mask).cumsum()
    if cumulative[-1] == 0:
        return 0.0
    return float(np.searchsorted(cumulative, cumulative[-1] * q / 100.0))


def median_and_spread(values: np.ndarray) -> tuple[float, float]:
    """Median grey level of a uint8 array and its robust standard deviation (1.4826 MAD)."""
    hist = grey_histogram(values).cumsum()
    median = int(np.searchsorted(hist, hist[-1] / 2))
    deviation = cv2.absdiff(values, np.full_like(values, median))
    mad_hist = grey_histogram(deviation).cumsum()
    mad = float(np.searchsorted(mad_hist, mad_hist[-1] / 2))
    return float(median), 1.4826 * mad


def paper_and_dark_spread(values: np.ndarray, mask: np.ndarray | None = None) -> tuple[float, float]:
    """Median grey level of a uint8 array (``mask``: where nonzero) and the standard
    deviation of its darker half, ``(median - 25th percentile) / 0.6745``.

    On a page divided by its background the paper sits near white and its lighter
    half is clipped at 255, which makes the MAD of :func:`median_and_spread` far too
    small; the darker half is intact.
    """
    cumulative = grey_histogram(values, mask).cumsum()
    if cumulative[-1] == 0:
        return 255.0, 0.0
    median, quartile = np.searchsorted(cumulative, cumulative[-1] * np.array([0.5, 0.25]))
    return float(median), float(median - quartile) / 0.6745
