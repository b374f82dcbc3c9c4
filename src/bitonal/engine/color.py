"""Colour-aware grey conversion: ink stays dark, coloured marks turn to paper."""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

from .components import component_labels

# Hues (OpenCV scale 0..180) of pens that write text: blue to violet.
_PEN_HUES = (95, 150)

# CIELAB distances (8-bit scale) from the surrounding wash's colour: a pixel this close
# is part of the wash, one this far is a mark of another colour.
_WASH_DISTANCE = (25.0, 40.0)

ColorMarks = Literal["keep", "light", "drop"]


def ink_gray(rgb: np.ndarray, *, color_marks: ColorMarks = "light") -> np.ndarray:
    """Grey image in which dark ink stays dark and saturated non-pen colours go light.

    Black, grey and blue/violet ink always keep their luma. Saturated pixels of
    other hues take the value of their brightest channel instead, which is close
    to the paper's, so they stop looking like ink. Dark low-chroma pixels are
    untouched, so black text crossing a stamp or a highlighter band survives.

    Colour alone cannot tell a red stamp from red printed text (rubrication in
    old books, red headings, red text on green paper), so by default only *bright*
    saturated colours that form a wide wash of one colour (highlighter bands,
    tinted paper) are lifted, and coloured strokes of any hue stay ink (rubber
    stamps are recognised by their shape instead: :mod:`bitonal.engine.stamps`).

    Parameters
    ----------
    rgb : ndarray, shape (H, W, 3), uint8
    color_marks : {"light", "drop", "keep"}
        ``"light"`` lifts bright saturated non-pen colour washes, ``"drop"`` lifts every
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
    if color_marks == "light":
        weight *= _wash_likeness(rgb, weight)
    lifted = luma + weight * (val.astype(np.float32) - luma)
    return np.clip(lifted + 0.5, 0, 255).astype(np.uint8), weight > 0.5


def _wash_likeness(rgb: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """How much each pixel looks like a colour wash (highlighter band, tinted paper): 1
    where its colour matches the wide coloured areas around it, 0 for coloured strokes.

    A wash is wider than any stroke: its core survives an erosion by a square of about
    a hundredth of the page. Strokes of a colour (red text, an orange heading) have no
    core; on coloured paper they are near one, but of another colour (red text on
    green paper), so they stay ink. Colours are compared in CIELAB (8-bit OpenCV scale).
    """
    candidate = (weight > 0.5).view(np.uint8)
    side = max(5, round(min(rgb.shape[:2]) / 100)) | 1
    core = cv2.erode(candidate, np.ones((side, side), np.uint8))
    if not core.any():
        return np.zeros(weight.shape, np.float32)
    reach = (4 * side + 1, 4 * side + 1)
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    near = cv2.blur(core.astype(np.float32), reach)
    wash = cv2.blur(lab * core[:, :, None], reach) / np.maximum(near, 1e-6)[:, :, None]
    far = near < 0.02  # no wash core nearby
    if far.any():
        band, band_wash = _bands_of_colour(candidate, core, lab)
        far_band = far & band
        wash[far_band] = band_wash[far_band]
        far &= ~band
    distance = np.sqrt(((lab - wash) ** 2).sum(axis=2))
    likeness = np.clip((_WASH_DISTANCE[1] - distance) / (_WASH_DISTANCE[1] - _WASH_DISTANCE[0]), 0.0, 1.0)
    likeness[far] = 0.0
    return likeness


def _bands_of_colour(candidate: np.ndarray, core: np.ndarray, lab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The coloured regions of ``candidate`` that hold a wash core and are not of the
    paper's colour (highlighter bands, not tinted paper), and each one's colour (the
    mean of its core), as (H, W) bool and (H, W, 3) CIELAB.

    Text breaks a highlighter band into strips narrower than the core's square (under
    its baseline, between its lines), too far from the core for the local wash colour;
    they are the band all the same (one page: 15 words lost to black bars along a
    band's lower edge). Tinted paper is left to the local colour: lifted in patches, old
    paper reads worse (Nabuco_H06 FM 90.3 -> 85.5)."""
    count, labels = component_labels(candidate)
    inside = labels[core > 0]
    core_pixels = np.bincount(inside, minlength=count).astype(np.float64)
    colours = np.stack(
        [np.bincount(inside, weights=lab[..., c][core > 0], minlength=count) for c in range(3)], axis=1
    ) / np.maximum(core_pixels, 1.0)[:, None]
    paper = np.median(lab[::7, ::7].reshape(-1, 3), axis=0)
    unlike_paper = np.sqrt(((colours - paper) ** 2).sum(axis=1)) > _WASH_DISTANCE[1]
    is_band = (core_pixels > 0) & unlike_paper
    is_band[0] = False
    return is_band[labels], colours.astype(np.float32)[labels]
