"""Scoring models on whole held-out pages, the way ``auto`` runs them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bitonal import binarize
from bitonal.engine.auto import prepare_page
from bitonal.engine.learned.method import finish
from bitonal.engine.learned.model import PixelModel
from bitonal.engine.learned.page import page_scale
from bitonal.engine.learned.tiles import logit_map
from bitonal.metrics import drd, f_measure

from .data import PageRef


@dataclass(frozen=True)
class PageScore:
    name: str
    collection: str
    fm: float
    drd: float


def logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


def score_model(model: PixelModel, pages: Iterable[PageRef], thresholds: Sequence[float]) -> dict[float, list[PageScore]]:
    """FM and DRD of every page at every decision threshold (one model pass a page)."""
    out: dict[float, list[PageScore]] = defaultdict(list)
    for ref in pages:
        image, truth = ref.load()
        page = prepare_page(image)
        scale = page_scale(page)
        logits = logit_map(page.norm, scale, model)
        for threshold in thresholds:
            ink = finish(page, scale, logits >= logit(threshold))
            out[threshold].append(PageScore(ref.name, ref.collection, f_measure(ink, truth), drd(ink, truth)))
    return out


def score_method(method: str, pages: Iterable[PageRef]) -> list[PageScore]:
    """FM and DRD of a registered method on every page."""
    out = []
    for ref in pages:
        image, truth = ref.load()
        ink = binarize(image, method)
        out.append(PageScore(ref.name, ref.collection, f_measure(ink, truth), drd(ink, truth)))
    return out


def by_collection(scores: Iterable[PageScore]) -> dict[str, tuple[float, float]]:
    """Mean FM and DRD per collection, in name order."""
    groups: dict[str, list[PageScore]] = defaultdict(list)
    for s in scores:
        groups[s.collection].append(s)
    return {
        name: (float(np.mean([s.fm for s in group])), float(np.mean([s.drd for s in group])))
        for name, group in sorted(groups.items())
    }
