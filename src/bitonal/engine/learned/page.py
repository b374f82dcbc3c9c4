"""What the learned stage needs to know about a page before it looks at pixels."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..histogram import grey_percentile, median_and_spread, otsu_level
from ..auto import PreparedPage
from .features import PageScale


@dataclass(frozen=True)
class LearnedInput:
    """The flattened grey page and the scale that makes its features comparable."""

    norm: np.ndarray
    scale: PageScale


def page_scale(prepared: PreparedPage) -> PageScale:
    """Paper level, noise and the typical ink's depth, read off the statistics sample.

    The ink is read where the page has edges (high local contrast), so a page with
    little writing still gives its ink's level rather than the paper's.
    """
    sample = prepared.sample
    contrast = cv2.morphologyEx(sample, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    paper, noise = median_and_spread(sample)
    noise = max(noise, 1.0)
    edges = contrast > otsu_level(contrast)
    values = sample[edges]
    depth = 0.0
    if values.size:
        level = otsu_level(values)
        dark = (sample <= level) & edges
        if dark.any():
            depth = paper - grey_percentile(sample, 50, dark.view(np.uint8))
    depth = max(depth, 4.0 * noise, 12.0)
    return PageScale(stroke=prepared.stroke, paper=float(paper), depth=float(depth), noise=float(noise))
