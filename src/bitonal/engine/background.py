"""Paper background estimation and flattening, computed at reduced resolution."""

from __future__ import annotations

import cv2
import numpy as np


def estimate_background(
    gray: np.ndarray, window: int, *, preview: np.ndarray | None = None
) -> np.ndarray:
    """Estimate the paper's brightness under the ink.

    A grey closing (max then min filter) with a disc about ``window`` pixels wide
    removes every dark structure narrower than the disc (text strokes) while it
    keeps slow changes (light falloff, shadows, tinted paper, large stains). It is
    computed on a copy shrunk so that the disc is about 9 pixels wide, smoothed,
    and scaled back, which keeps the cost small on large pages.

    Parameters
    ----------
    gray : ndarray (H, W) uint8
    window : int
        Width in pixels (full resolution) of the widest dark structure to remove.
    preview : ndarray, optional
        A smaller copy of ``gray`` (any size) to shrink from instead of ``gray``,
        which saves reading the full page once more.

    Returns
    -------
    ndarray (H, W) uint8
    """
    height, width = gray.shape
    scale = max(1.0, window / 9.0)
    small_size = (max(1, round(width / scale)), max(1, round(height / scale)))
    source = gray if preview is None or preview.shape[1] < small_size[0] else preview
    small = cv2.resize(source, small_size, interpolation=cv2.INTER_AREA) if scale > 1 else gray
    side = max(3, round(window / scale) | 1)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    # Max filter over 'window' then min filter: a closing, padded by replication.
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, disc, borderType=cv2.BORDER_REPLICATE)
    closed = cv2.GaussianBlur(closed, (0, 0), side / 3.0)
    if scale > 1:
        closed = cv2.resize(closed, (width, height), interpolation=cv2.INTER_LINEAR)
    return closed


def flatten(gray: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Divide by the background: paper becomes white (255), ink keeps its contrast."""
    return cv2.divide(gray, np.maximum(background, 1), scale=255)
