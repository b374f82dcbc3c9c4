"""What the learned stage needs to know about a page before it looks at pixels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..auto import PreparedPage, edge_levels, rules_ink, to_full
from .features import PageScale


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
    paper, noise, depth = levels.paper, max(levels.noise, 1.0), levels.depth
    darkest = max(1.0, (paper - levels.darkest) / depth)
    scale = PageScale(prepared.stroke, paper, depth, noise, darkest)
    rules = rules_ink(prepared, levels, bold_ink_shaped=True)
    level = to_full(levels.level, prepared.norm.shape)
    return LearnedInput(prepared.norm, level, rules.ink.view(np.uint8), scale, levels.clean, rules.shaped)
