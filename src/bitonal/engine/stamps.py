"""Stamps: large closed outlines in a colour, with their lettering inside."""

from __future__ import annotations

import cv2
import numpy as np

from .components import label_components


def find_stamps(rgb: np.ndarray, stroke: float) -> np.ndarray:
    """Where rubber stamps are on a (thumbnail of a) colour page.

    A stamp is a coloured ring or frame, far larger than the writing, that encloses
    a large hole (the lettering inside it is in the same colour). Pen writing in
    the same colour, even a looping signature, encloses only small holes, so it is
    left alone. Black ink is never part of a stamp.

    Parameters
    ----------
    rgb : ndarray (H, W, 3) uint8
    stroke : float
        Stroke width of the writing, in ``rgb``'s pixels.

    Returns
    -------
    ndarray of bool, True inside the stamps (frame, hole and lettering).
    """
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    sat, val = hsv[:, :, 1].astype(np.float32), hsv[:, :, 2].astype(np.float32)
    colored = ((sat * val / 255.0 > 25.0) & (val > 60)).astype(np.uint8)
    if not colored.any():
        return np.zeros(rgb.shape[:2], bool)
    # Black text crossing a frame cuts it; bridge cuts as wide as a few strokes.
    bridge = max(3, int(round(3 * stroke)) | 1)
    joined = cv2.morphologyEx(colored, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (bridge, bridge)))
    count, labels, stats, _ = label_components(joined)
    stamps = np.zeros(rgb.shape[:2], bool)
    smallest = 20 * max(stroke, 1.0)
    for i in range(1, count):
        left, top, width, height, area = stats[i]
        if width < smallest or height < smallest:
            continue
        shape = (labels[top : top + height, left : left + width] == i).astype(np.uint8)
        filled = _fill_holes(cv2.dilate(shape, np.ones((3, 3), np.uint8)))  # a 1-px crack is no opening
        hole = int(filled.sum()) - int(area)
        if hole >= 2 * area and hole >= 0.4 * width * height:
            stamps[top : top + height, left : left + width] |= filled.astype(bool)
    return stamps


def _fill_holes(shape: np.ndarray) -> np.ndarray:
    """``shape`` (0/1) with every region it encloses filled."""
    padded = cv2.copyMakeBorder(shape, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    outside = padded.copy()
    mask = np.zeros((padded.shape[0] + 2, padded.shape[1] + 2), np.uint8)
    cv2.floodFill(outside, mask, (0, 0), 1)
    return (padded | (1 - outside))[1:-1, 1:-1]
