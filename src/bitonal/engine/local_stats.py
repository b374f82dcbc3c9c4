"""Local window statistics in O(1) per pixel (box filters over running sums).

Windows are square, ``2 * (window // 2) + 1`` pixels wide and clipped at the image
border, i.e. a pixel near the edge sees only the pixels that exist. This is the
convention of Doxa (and of the papers' integral-image formulations), so results
match doxapy pixel for pixel away from rounding ties.

Everything is float32, but the window sums are exact: OpenCV's box filter sums
8- and 16-bit inputs in int32 (and float inputs in float64), so a sum is rounded
once, when it is stored as float32, and is exact below 2**24. The variance is
computed as ``(sum(I**2) - sum(I) * mean) / n``: in a flat window both terms are
the same float32 rounding of ``n * v**2``, so its variance is exactly zero.
"""

from __future__ import annotations

import cv2
import numpy as np

_SQUARES = (np.arange(256, dtype=np.uint16) ** 2).reshape(1, 256)


def zero_or_at_least_3(window: int) -> int:
    """Validator of a window parameter where 0 means "estimated from the image"."""
    if 0 < window < 3:
        raise ValueError("must be 0 (estimated from the image) or at least 3")
    return window


def window_side(window: int) -> int:
    """The odd side length actually used for a requested window size."""
    return 2 * (window // 2) + 1


def _counts_1d(n: int, side: int) -> np.ndarray:
    half = side // 2
    idx = np.arange(n)
    return (np.minimum(idx + half, n - 1) - np.maximum(idx - half, 0) + 1).astype(np.float32)


def divide_by_counts(sums: np.ndarray, window: int, out: np.ndarray | None = None) -> np.ndarray:
    """``sums`` divided by the number of in-image pixels of each clipped window.

    The interior count is the constant ``side**2``; only the border strips (``side // 2``
    rows or columns wide) are divided by their clipped counts. ``out`` may be ``sums``.
    """
    side = window_side(window)
    half = side // 2
    if out is None:
        out = np.empty(sums.shape, sums.dtype)
    h, w = sums.shape
    r0, c0 = min(half, h), min(half, w)
    r1, c1 = max(h - half, r0), max(w - half, c0)
    rows, cols = _counts_1d(h, side).astype(sums.dtype), _counts_1d(w, side).astype(sums.dtype)
    if r1 > r0 and c1 > c0:
        np.divide(sums[r0:r1, c0:c1], sums.dtype.type(side * side), out=out[r0:r1, c0:c1])
    for rs in (slice(0, r0), slice(r1, h)):
        np.divide(sums[rs], np.outer(rows[rs], cols), out=out[rs])
    for cs in (slice(0, c0), slice(c1, w)):
        np.divide(sums[r0:r1, cs], np.outer(rows[r0:r1], cols[cs]), out=out[r0:r1, cs])
    return out


def local_sum(values: np.ndarray, window: int, dtype: type = np.float32) -> np.ndarray:
    """Sum of ``values`` over each clipped window, as ``dtype`` (float32 or float64).

    Sums of 8/16-bit integer inputs are accumulated in int32, of float inputs in
    float64 (OpenCV's box filter), so integer-valued sums are exact below 2**24.
    """
    side = window_side(window)
    if values.dtype == bool:
        values = values.view(np.uint8)
    elif values.dtype not in (np.uint8, np.uint16, np.int16, np.float32, np.float64):
        values = values.astype(np.float32)
    return cv2.boxFilter(
        values, cv2.CV_64F if dtype == np.float64 else cv2.CV_32F, (side, side), normalize=False, borderType=cv2.BORDER_CONSTANT
    )


def squares(gray: np.ndarray) -> np.ndarray:
    """``gray**2`` as uint16 for a uint8 image (table look-up)."""
    return cv2.LUT(gray, _SQUARES)


def local_square_sum(gray: np.ndarray, window: int, dtype: type = np.float32) -> np.ndarray:
    """Sum of ``gray**2`` over each clipped window for a uint8 image (exact, as :func:`local_sum`)."""
    side = window_side(window)
    if side * side * 255 * 255 < 2**31:
        # OpenCV sums squares of 8-bit pixels in int32 whatever the window: only while it fits
        return cv2.sqrBoxFilter(
            gray, cv2.CV_64F if dtype == np.float64 else cv2.CV_32F, (side, side),
            normalize=False, borderType=cv2.BORDER_CONSTANT,
        )
    return local_sum(squares(gray), window, dtype)


def _float32_sums_exact(window: int) -> bool:
    """Whether float32 holds every window sum of a uint8 image exactly (sum < 2**24)."""
    return window_side(window) ** 2 * 255 < 2**24


def local_mean(gray: np.ndarray, window: int) -> np.ndarray:
    """Mean grey value over each clipped window (float32), the same as :func:`local_mean_var`'s."""
    if not _float32_sums_exact(window):
        sums = local_sum(gray, window, np.float64)
        return divide_by_counts(sums, window, out=sums).astype(np.float32)
    sums = local_sum(gray, window)
    return divide_by_counts(sums, window, out=sums)


def local_mean_var(
    gray: np.ndarray, window: int, dtype: type = np.float32
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and population variance (variance >= 0) over each clipped window.

    ``gray`` must be uint8. A flat window has a variance of exactly zero. The
    default float32 is what the binarization methods use; ``dtype=np.float64``
    gives statistics exact to double precision (the same code, twice the memory).
    """
    return _mean_var(gray, window, dtype, std=False)


def _mean_var(gray: np.ndarray, window: int, dtype: type, std: bool) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance, or standard deviation if ``std``, in two float arrays."""
    bands = iter_window_stats(gray, window, std=std, dtype=dtype)
    for _ in bands:
        pass
    return bands.mean, bands.spread


class iter_window_stats:  # noqa: N801 (used like a generator function)
    """Window statistics of a uint8 image, band of rows by band of rows.

    Iterating yields ``(rows, mean, spread)``: a slice of rows and that band's mean
    and variance (or standard deviation if ``std``). Each band is yielded as soon
    as it is computed, while it is still in cache, so a caller can turn it into a
    threshold on the spot; the bands are views of the full arrays ``self.mean``
    and ``self.spread``, complete once the iteration ends.
    """

    def __init__(self, gray: np.ndarray, window: int, *, std: bool = True, dtype: type = np.float32):
        self.gray, self.window, self.std, self.dtype = gray, window, std, dtype
        self.mean = self.spread = None

    def __iter__(self):
        gray, window, dtype = self.gray, self.window, self.dtype
        step = max(1, (1 << 16) // max(1, gray.shape[1]))  # temporaries stay in cache
        if dtype == np.float32 and not _float32_sums_exact(window):
            # windows over 256 pixels wide: float32 sums would round, so compute in float64
            mean, spread = _mean_var(gray, window, np.float64, self.std)
            self.mean, self.spread = mean.astype(np.float32), spread.astype(np.float32)
            for top in range(0, gray.shape[0], step):
                band = slice(top, top + step)
                yield band, self.mean[band], self.spread[band]
            return
        var = local_square_sum(gray, window, dtype)
        mean = local_sum(gray, window, dtype)  # the sums, turned into means band by band
        self.mean, self.spread = mean, var
        side = window_side(window)
        rows = _counts_1d(gray.shape[0], side).astype(dtype)
        cols = _counts_1d(gray.shape[1], side).astype(dtype)
        for top in range(0, gray.shape[0], step):
            band = slice(top, top + step)
            count = np.outer(rows[band], cols)
            s1, v = mean[band], var[band]
            m = np.divide(s1, count)
            np.multiply(s1, m, out=s1)
            np.subtract(v, s1, out=v)  # sum(I**2) - sum(I) * mean
            np.divide(v, count, out=v)
            np.maximum(v, 0.0, out=v)
            if self.std:
                np.sqrt(v, out=v)
            s1[...] = m
            yield band, s1, v


def local_mean_std(
    gray: np.ndarray, window: int, dtype: type = np.float32
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and population standard deviation over each clipped window (see :func:`local_mean_var`).

    ``gray`` must be uint8. A flat window has a standard deviation of exactly zero.
    """
    return _mean_var(gray, window, dtype, std=True)


def local_min_max(gray: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Minimum and maximum over each clipped window (grey-level erosion and dilation)."""
    side = window_side(window)
    kernel = np.ones((side, side), np.uint8)
    # Replicating the edge pixel never changes a min or max, so it equals clipping.
    low = cv2.erode(gray, kernel, borderType=cv2.BORDER_REPLICATE)
    high = cv2.dilate(gray, kernel, borderType=cv2.BORDER_REPLICATE)
    return low, high
