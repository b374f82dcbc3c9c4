"""What the learned stage needs to know about a page before it looks at pixels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..auto import PreparedPage, edge_ink_level, edge_levels, rules_ink, to_full
from ..histogram import grey_percentile
from .features import PageScale


# On a grey image, ink this many noise deviations below the paper or more is clear
# of the noise (see learned_input).
_CLEAR_INK = 20.0


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
        :func:`~bitonal.engine.auto.clean_white_paper`; 0 on a grey image of a faint,
        noisy page).
    shaped : (H, W) bool or None, the rules' ink kept for its shape alone (light bold
        strokes, faint words on the text lines): it stays ink whatever the model says,
        which reads light ink beside dark ink as show-through or a stain.
    """

    norm: np.ndarray
    level: np.ndarray
    rules: np.ndarray
    scale: PageScale
    clean: float
    shaped: np.ndarray | None


def learned_input(prepared: PreparedPage) -> LearnedInput:
    """Paper level, noise, the typical and the darkest ink's depth of a page, with
    the rules' local ink level and verdict (with their clean-paper rims).

    The ink is read where the page has edges (high local contrast), so a page with
    little writing still gives its ink's level rather than the paper's; edges along
    the image's border (a black scan line, the scanner lid) and around dark regions
    that reach it are left out (``EdgeLevels.counted``): on a faint page they can
    outnumber the writing's.
    """
    sample = prepared.sample
    levels = edge_levels(prepared)
    paper, noise = levels.paper, max(levels.noise, 1.0)
    inside = levels.edges & levels.counted
    values = sample[inside]
    depth, darkest = 0.0, paper
    if values.size:
        dark = (sample <= edge_ink_level(values)) & inside
        if dark.any():
            depth = paper - grey_percentile(sample, 50, dark.view(np.uint8))
        darkest = grey_percentile(sample, 5, inside.view(np.uint8))
    depth = max(depth, 4.0 * noise, 12.0)
    scale = PageScale(prepared.stroke, paper, float(depth), noise, max(1.0, (paper - darkest) / depth))
    rules = rules_ink(prepared, levels)
    level = to_full(levels.level, prepared.norm.shape)
    # Paper seen to be white in colour is white; a grey image's could be aged, and it
    # must also show ink far above the paper's noise: on the grey MSI 2015 scans (ink
    # 4 to 18 noise deviations deep) the grey edges are noise, and keeping them cost
    # 5 FM (the shipped model: 75.8 -> 70.7, DRD 6.8 -> 12.0); the 28 grey receipts'
    # print stands 46 to 252 deviations deep.
    seen_white = prepared.paper_tint is not None or depth >= _CLEAR_INK * noise
    clean = levels.clean if seen_white else 0.0
    return LearnedInput(prepared.norm, level, rules.ink.view(np.uint8), scale, clean, rules.shaped)
