"""What the learned stage needs to know about a page before it looks at pixels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..auto import PreparedPage, edge_levels, rules_ink, to_full
from .features import PageScale, floored_depth

# The least ink depth of a page with writing: 1.5 noise deviations and 6 grey levels
# (see _depth); writing is the rules' ink over a thousandth of the page.
_MIN_DEPTH_NOISE, _MIN_DEPTH = 1.5, 6.0
_WRITING_SHARE = 0.001


@dataclass(frozen=True)
class LearnedInput:
    """The flattened grey page, the rules' local ink level, and the page's scale.

    norm : (H, W) uint8, the page divided by its paper background.
    level : (H, W) uint8, the grey level below which the rules call a pixel clear
        ink (learnt from edge pixels, following fading ink; see ``auto-rules``).
    rules : (H, W) uint8, 1 where the rules (``auto-rules`` before its white-on-dark
        boxes) find ink: the model learns where to trust them.
    scale : what makes features comparable across pages.
    clean : how white and clean the paper is, 0 to 1 (the rules'
        :func:`~bitonal.engine.auto.clean_white_paper`; 0 on a grey image whose ink
        is not far clear of the paper's noise).
    shaped : (H, W) bool or None, the rules' ink kept for its shape (bold strokes,
        light or not, faint words on the text lines): it stays ink whatever the model
        says, which reads light ink beside dark ink, or a wide even grey stroke beside
        darker body text, as show-through or a stain.
    """

    norm: np.ndarray
    level: np.ndarray
    rules: np.ndarray
    scale: PageScale
    clean: float
    shaped: np.ndarray | None


def learned_input(prepared: PreparedPage) -> LearnedInput:
    """Paper level, noise, the typical and the darkest ink's depth of a page
    (:func:`~bitonal.engine.auto.edge_levels`), with the rules' local ink level and
    verdict (with their clean-paper rims).

    The ink is read where the page has edges (high local contrast), so a page with
    little writing still gives its ink's level rather than the paper's; edges along
    the image's border (a black scan line, the scanner lid) and around dark regions
    that reach it are left out (``EdgeLevels.counted``): on a faint page they can
    outnumber the writing's.
    """
    levels = edge_levels(prepared)
    rules = rules_ink(prepared, levels, bold_ink_shaped=True)
    paper, noise = levels.paper, max(levels.noise, 1.0)
    depth = _depth(levels.depth, noise, rules.ink)
    darkest = max(1.0, (paper - levels.darkest) / depth)
    scale = PageScale(prepared.stroke, paper, depth, noise, darkest)
    level = to_full(levels.level, prepared.norm.shape)
    return LearnedInput(prepared.norm, level, rules.ink.view(np.uint8), scale, levels.clean, rules.shaped)


def _depth(measured: float, noise: float, rules: np.ndarray) -> float:
    """The ink depth a page is read with (grey levels): as ``measured``, down to 1.5
    noise deviations and 6 levels, where the rules find writing (``rules``, their ink,
    covers :data:`_WRITING_SHARE` of the page), else at least 4 deviations and 12
    levels (:func:`~.features.floored_depth`).

    Faint writing on grainy paper is still the page's writing: read against 4
    deviations, MSI2015_H23, H24 and H12's ink, 1.5 to 2.4 deviations deep, was a
    faint 0.4 of the "typical ink", and the held-out model dropped it (docs/learned.md,
    run 59). On paper without writing the edges' depth is the grain's own (1 to 1.4
    deviations), and read as ink's it would make the grain writing.
    """
    if np.count_nonzero(rules) >= _WRITING_SHARE * rules.size:
        return max(measured, _MIN_DEPTH_NOISE * noise, _MIN_DEPTH)
    return floored_depth(measured, noise)
