"""``auto``, the default method: the page prepared as by the rules (``auto-rules``), each
pixel decided by a small model trained on collections and validated on collections it
did not see (docs/learned.md)."""

from __future__ import annotations

import cv2
import numpy as np

from ..auto import (
    ColorMarksParam,
    PreparedPage,
    SensitivityParam,
    labelling_pool,
    prepare_page,
    with_inverted_regions,
)
from ..border import without_border_lines
from ..components import keep_components_touching
from ..hollows import fill_hollow_shapes
from ..registry import register
from .model import PixelModel, shipped_model
from .page import LearnedInput, learned_input
from .tiles import classify

# How far ``sensitivity`` moves the decision threshold, in logits, from 0.5 to 0 or 1.
_SENSITIVITY_LOGITS = 4.0
# How far it moves on white, clean paper (receipts, modern prints), in logits: there
# nothing but the strokes' own grey edges is near them, and Tesseract reads thin print
# better with them (``auto-rules`` keeps them too: its clean-paper rims). Chosen on the 60
# receipts, word F1 of the 1-bit image; the training collections' paper is aged.
_CLEAN_PAPER_LOGITS = 2.4


@register("auto", reference="bitonal; a learned multi-window pixel classifier (after Li et al. 2021, SauvolaNet)")
def auto(
    image: np.ndarray,
    *,
    color_marks: ColorMarksParam = "light",
    sensitivity: SensitivityParam = 0.5,
) -> np.ndarray:
    """Learned binarization: every pixel decided by a small model on scale-free features.

    1. The page is prepared as by ``auto-rules`` (:func:`~bitonal.engine.auto.prepare_page`):
       colour-aware grey (highlighter and stamps lifted), dark pages inverted, the
       stroke width measured, the paper background divided out.
    2. Each pixel's darkness relative to the page's typical ink, and its mean,
       spread, extremes and Sauvola-like contrast over windows of 2 to 32 stroke
       widths, go through a small perceptron (``engine/learned/weights.npz``,
       trained by ``make train`` on DIBCO 2009-2014, five other collections and
       generated pages; its thresholds chosen on collections held out). The rules'
       own ink stays unless the model is sure it is paper (probability under its
       ``veto`` threshold). On white, clean paper the thresholds move down, so the
       strokes' grey edges are kept (Tesseract reads thin print better with them).
    3. The page is classified in bands with overlapping margins (bounded memory,
       no seams). Then, as the rules do: specks smaller than a quarter stroke
       squared are dropped, light bold strokes kept whole, hollowed wide shapes
       filled, white-on-dark boxes swapped to black on white, and long thin lines
       along the image's border cleared (:func:`finish`).

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    color_marks : {"light", "drop", "keep"}
        Which saturated non-pen colours become paper.
    sensitivity : float
        Shifts the model's decision threshold; higher keeps fainter strokes.

    Returns
    -------
    ndarray of bool
        ``True`` where there is ink.

    References
    ----------
    D. Li, Y. Wu, Y. Zhou, "SauvolaNet: Learning Adaptive Sauvola Network for
    Degraded Document Binarization", ICDAR 2021.

    Examples
    --------
    >>> page = np.full((60, 80), 200, np.uint8); page[:, 40:] = 120  # a shadow
    >>> page[28:32, 10:70] = 40                                       # a line of ink
    >>> mask = auto(page)
    >>> bool(mask[30, 20]), bool(mask[30, 60]), bool(mask[5, 60])
    (True, True, False)
    """
    model = shipped_model()
    if sensitivity != 0.5:
        model = model.shifted(_SENSITIVITY_LOGITS * 2 * (sensitivity - 0.5))
    return decide(prepare_page(image, color_marks), model)


def decide(page: PreparedPage, model: PixelModel) -> np.ndarray:
    """The model's decision on a prepared page, finished (see :func:`finish`)."""
    learned = learned_input(page)
    return finish(page, learned, classify(learned, model.shifted(clean_paper_logits(learned))))


def clean_paper_logits(learned: LearnedInput) -> float:
    """What a page's clean white paper adds to the model's logits (see
    :data:`_CLEAN_PAPER_LOGITS`)."""
    return _CLEAN_PAPER_LOGITS * learned.clean


def finish(page: PreparedPage, learned: LearnedInput, verdict: np.ndarray) -> np.ndarray:
    """Ink from the model's verdict (see :func:`~.tiles.classify`): faint ink kept where
    it touches clear ink, specks smaller than a quarter stroke squared dropped, the
    rules' ink kept for its shape added (light bold strokes, faint words on the text
    lines: the model reads light ink beside dark ink as a stain), hollowed wide
    shapes filled, white-on-dark boxes swapped to black on white, lines along the
    image's border cleared."""
    scale = learned.scale
    min_area = max(2.0, 0.25 * scale.stroke * scale.stroke)
    clear = cv2.threshold(verdict, 1, 255, cv2.THRESH_BINARY)[1]
    ink = keep_components_touching(verdict, clear, min_area=min_area, pool=labelling_pool(verdict))
    if learned.shaped is not None:
        ink |= learned.shaped
    ink = fill_hollow_shapes(ink, page.gray, scale.stroke)
    ink = with_inverted_regions(ink, page.gray, page.thumb, page.thumb_scale, page.window, page.stroke)
    return without_border_lines(ink, scale.stroke)
