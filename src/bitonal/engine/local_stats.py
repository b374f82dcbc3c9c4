"""Local window statistics in O(1) per pixel (box filters over running sums).

Windows are square, ``2 * (window // 2) + 1`` pixels wide and clipped at the image
border, i.e. a pixel near the edge sees only the pixels that exist. This is the
convention of Doxa (and of the papers' integral-image formulations), so results
match doxapy pixel for pixel away from rounding ties.
"""

from __future__ import annotations

import cv2
import numpy as np


def window_side(window: int) -> int:
    """The odd side length actually used for a requested window size."""
    return 2 * (window // 2) + 1


def _clipped_counts(shape: tuple[int, int], side: int) -> np.ndarray:
    """Number of in-image pixels in each clipped window (outer product of 1-D counts)."""
    half = side // 2

    def counts(n: int) -> np.ndarray:
        idx = np.arange(n)
        return (np.minimum(idx + half, n - 1) - np.maximum(idx - half, 0) + 1).astype(np.float32)

    return np.outer(counts(shape[0]), counts(shape[1]))


def local_sum(values: np.ndarray, window: int) -> np.ndarray:
    """Sum of ``values`` over each clipped window, as float32 (accumulated in float64)."""
    side = window_side(window)
    src = values if values.dtype in (np.float32, np.float64) else values.astype(np.float32)
    return cv2.boxFilter(
        src, cv2.CV_32F, (side, side), normalize=False, borderType=cv2.BORDER_CONSTANT
    )


def local_mean(gray: np.ndarray, window: int) -> np.ndarray:
    """Mean grey value over each clipped window (float32)."""
    return local_sum(gray, window) / _clipped_counts(gray.shape, window_side(window))


def local_mean_std(gray: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and population standard deviation over each clipped window (float32)."""
    side = window_side(window)
    values = gray.astype(np.float32)
    count = _clipped_counts(gray.shape, side)
    mean = local_sum(values, window) / count
    mean_sq = local_sum(values * values, window) / count
    var = np.maximum(mean_sq - mean * mean, 0.0, out=mean_sq)
    return mean, np.sqrt(var, out=var)


def local_min_max(gray: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Minimum and maximum over each clipped window (grey-level erosion and dilation)."""
    side = window_side(window)
    kernel = np.ones((side, side), np.uint8)
    # Replicating the edge pixel never changes a min or max, so it equals clipping.
    low = cv2.erode(gray, kernel, borderType=cv2.BORDER_REPLICATE)
    high = cv2.dilate(gray, kernel, borderType=cv2.BORDER_REPLICATE)
    return low, high
