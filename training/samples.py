"""Pixel samples for training: features and labels of chosen pixels of each page.

Every page gives the same number of pixels, drawn from three strata: ink, paper near
ink or near anything dark (where the decisions are hard), and the page at large.
Each sample carries the weight that makes its stratum count as much as it covers on
the page, so a model fitted to the weighted samples sees each page's real mix.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from bitonal.engine.auto import prepare_page
from bitonal.engine.learned.features import darkness, window_pixels
from bitonal.engine.learned.page import learned_input
from bitonal.engine.learned.tiles import band_features

# Share of a page's samples taken from each stratum: ink, hard paper, anywhere.
_STRATA = (0.35, 0.40, 0.25)


@dataclass
class PageSamples:
    """The samples of one page: features (N, F) float32, labels (N,) bool, weights (N,)."""

    name: str
    collection: str
    features: np.ndarray
    labels: np.ndarray
    weights: np.ndarray


def page_samples(
    name: str, collection: str, image: np.ndarray, ink: np.ndarray, count: int, rng: np.random.Generator
) -> PageSamples:
    """Sample ``count`` pixels of a page whose true ink mask is ``ink``."""
    prepared = prepare_page(image)
    learned = learned_input(prepared)
    scale = learned.scale
    d = darkness(learned.norm, scale)
    reach = window_pixels(4.0, scale.stroke)
    dark = (d > 0.25).view(np.uint8)
    near = cv2.dilate(ink.view(np.uint8) | dark, np.ones((reach, reach), np.uint8)).view(bool) & ~ink
    everywhere = np.ones_like(ink)
    chosen, labels, weights = [], [], []
    for share, stratum in zip(_STRATA, (ink, near, everywhere), strict=True):
        index = np.flatnonzero(stratum.ravel())
        if index.size == 0:
            continue
        n = max(1, int(share * count))
        pick = rng.choice(index, size=min(n, index.size), replace=False)
        chosen.append(pick)
        labels.append(ink.ravel()[pick])
        # Each stratum stands for its own area: its weight is area per sample.
        weights.append(np.full(pick.size, index.size / pick.size, np.float32))
    pick = np.concatenate(chosen)
    weight = np.concatenate(weights)
    weight *= 1.0 / weight.sum()  # every page counts the same
    features = band_features(learned, 0, ink.shape[0], pick)[1].T.copy()  # one row per sample
    return PageSamples(name, collection, features, np.concatenate(labels), weight)
