"""Colour-aware grey conversion: ink stays dark, coloured marks turn to paper."""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

# Hues (OpenCV scale 0..180) of pens that write text: blue to violet.
_PEN_HUES = (95, 150)

ColorMarks = Literal["keep", "light", "drop"]


def ink_gray(rgb: np.ndarray, *, color_marks: ColorMarks = "light") -> np.ndarray:
    """Grey image in which dark ink stays dark and saturated non-pen colours go light.

    Black, grey and blue/violet ink always keep their luma. Saturated pixels of
    other hues take the value of their brightest channel instead, which is close
    to the paper's, so they stop looking like ink. Dark low-chroma pixels are
    untouched, so black text crossing a stamp or a highlighter band survives.

    Colour alone cannot tell a red stamp from red printed text (rubrication in
    old books, red headings), so by default only *bright* saturated colours
    (highlighter, light stamps) are lifted and dark ones stay ink.

    Parameters
    ----------
    rgb : ndarray, shape (H, W, 3), uint8
    color_marks : {"light", "drop", "keep"}
        ``"light"`` lifts bright saturated non-pen colours, ``"drop"`` lifts every
        saturated non-pen colour (red stamps too), ``"keep"`` is plain BT.601 luma.

    Returns
    -------
    ndarray, shape (H, W), uint8
    """
    return separate_color_marks(rgb, color_marks=color_marks)[0]


def separate_color_marks(rgb: np.ndarray, *, color_marks: ColorMarks = "light") -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`ink_gray` and the mask of the pixels it lifted (None when it lifted none)."""
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if color_marks == "keep":
        return luma, None
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    chroma = sat.astype(np.float32) * val.astype(np.float32) / 255.0
    if float(np.percentile(chroma[::7, ::7], 99)) < 40.0:
        return luma, None  # a grey page photographed or scanned in colour
    weight = np.clip((chroma - 40.0) / 40.0, 0.0, 1.0)
    if color_marks == "light":
        weight *= np.clip((val.astype(np.float32) - 190.0) / 40.0, 0.0, 1.0)
    weight[(hue >= _PEN_HUES[0]) & (hue <= _PEN_HUES[1])] = 0.0
    lifted = luma + weight * (val.astype(np.float32) - luma)
    return np.clip(lifted + 0.5, 0, 255).astype(np.uint8), weight > 0.5
