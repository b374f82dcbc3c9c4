"""Colour-aware grey: coloured text is ink whatever its hue; only colour washes
(highlighter bands, tinted paper) are lifted to paper."""

import cv2
import numpy as np
import pytest

import bitonal
from bitonal.engine.color import separate_color_marks
from bitonal.synth import generate_page

from test_auto import text_page


def _coloured(paper_rgb, ink_rgb, **kw):
    page, truth = text_page(**kw)
    rgb = np.empty(truth.shape + (3,), np.uint8)
    rgb[:] = paper_rgb
    rgb[truth] = ink_rgb
    return rgb, truth


@pytest.mark.parametrize(
    "paper, ink",
    [
        ((140, 215, 115), (215, 35, 35)),  # red on green paper
        ((250, 175, 200), (40, 140, 50)),  # green on pink paper
        ((255, 237, 90), (215, 25, 150)),  # magenta on yellow paper
        ((250, 250, 248), (240, 120, 20)),  # orange on white paper
    ],
)
def test_coloured_text_is_ink_whatever_its_hue(paper, ink):
    rgb, truth = _coloured(paper, ink)
    mask = bitonal.binarize(rgb)
    assert mask[truth].mean() > 0.97
    assert mask[~truth].mean() < 0.01


def test_the_coloured_paper_under_coloured_text_is_lifted_and_the_text_is_not():
    rgb, truth = _coloured((140, 215, 115), (215, 35, 35))
    gray, lifted = separate_color_marks(rgb)
    luma = rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    assert lifted is not None and lifted[truth].mean() < 0.01
    assert np.median(gray[~truth]) - np.median(gray[truth]) > np.median(luma[~truth]) - np.median(luma[truth]) + 15


def test_a_pink_highlighter_band_goes_between_the_letters_too():
    page, truth = text_page()
    rgb = np.stack([page] * 3, axis=-1).astype(np.uint8)
    band = np.zeros(truth.shape, bool)
    band[25:55, :] = True
    rgb[band & ~truth] = (255, 140, 205)  # luma 182: a plain grey threshold might take it
    rgb[band & truth] = (40, 30, 35)
    gray, lifted = separate_color_marks(rgb)
    assert lifted[band & ~truth].mean() > 0.8
    assert bitonal.binarize(rgb)[band & ~truth].mean() < 0.01


def test_a_highlighter_band_is_lifted_whole_under_dense_text():
    # Text breaks the band into strips narrower than a wash's core (under the baseline):
    # they used to stay grey and join the letters as black bars (15 words lost).
    page = generate_page(3002, "highlighter", 0.5, dpi=300, size="A6", max_lines=14)
    mask = bitonal.binarize(page.image)
    near_ink = cv2.dilate(page.ink_mask.view(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert np.count_nonzero(mask & ~near_ink) < 100  # 19,647 before
    assert mask[page.ink_mask].mean() > 0.99

