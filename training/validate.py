"""Scoring models on whole held-out pages, the way ``auto`` runs them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bitonal import binarize
from bitonal.engine.auto import prepare_page
from bitonal.engine.learned.method import clean_paper_logits, finish
from bitonal.engine.learned.model import PixelModel, verdict
from bitonal.engine.learned.page import learned_input
from bitonal.engine.learned.tiles import logit_map
from bitonal.metrics import drd, f_measure

from .data import PageRef
from .samples import PageSamples


@dataclass(frozen=True)
class PageScore:
    """A page's scores; ``seed`` is the seed of the fit that scored it, if one did."""

    name: str
    collection: str
    fm: float
    drd: float
    seed: int | None = None


Thresholds = tuple[float, float, float]


def model_inks(
    models: Mapping[int, PixelModel], pages: Iterable[PageRef], thresholds: Sequence[Thresholds]
) -> Iterator[tuple[PageRef, np.ndarray, int, Thresholds, np.ndarray]]:
    """``(page, truth, seed, thresholds, ink)`` of every page by every model (keyed by
    the seed of its fit) at every (weak, strong, veto) thresholds, as ``auto`` finishes
    it: each page loaded and prepared once, one pass of each model over it."""
    for ref in pages:
        image, truth = ref.load()
        page = prepare_page(image)
        learned = learned_input(page)
        shift = np.float32(clean_paper_logits(learned))
        for seed, model in models.items():
            logits = logit_map(learned, model) + shift
            for t in thresholds:
                yield ref, truth, seed, t, finish(page, learned, verdict(logits, learned.rules, *t))


def score_models(
    models: Mapping[int, PixelModel], pages: Iterable[PageRef], thresholds: Sequence[Thresholds]
) -> dict[Thresholds, list[PageScore]]:
    """FM and DRD of every page by every model at every thresholds (see
    :func:`model_inks`), the scores labelled with the seed of the model's fit."""
    out: dict[Thresholds, list[PageScore]] = defaultdict(list)
    for ref, truth, seed, t, ink in model_inks(models, pages, thresholds):
        out[t].append(PageScore(ref.name, ref.collection, f_measure(ink, truth), drd(ink, truth), seed))
    return out


def held_out_scores(
    collection: str,
    samples: Sequence[PageSamples],
    pages: Sequence[PageRef],
    thresholds: Sequence[Thresholds],
    fit_fold: Callable[[list[PageSamples], int], PixelModel],
    seeds: Sequence[int],
) -> dict[Thresholds, list[PageScore]]:
    """The pages of ``collection`` scored by models that did not see it: for each of
    ``seeds``, ``fit_fold(samples of every other collection, seed)``. Each page is
    scored once per seed (labelled with it), so a mean over the scores is the mean
    of the seeds' tables."""
    models = fold_models(collection, samples, fit_fold, seeds)
    return score_models(models, [p for p in pages if p.collection == collection], thresholds)


def fold_models(
    collection: str,
    samples: Sequence[PageSamples],
    fit_fold: Callable[[list[PageSamples], int], PixelModel],
    seeds: Sequence[int],
) -> dict[int, PixelModel]:
    """``fit_fold(samples of every collection but `collection`, seed)`` for each of
    ``seeds``, keyed by the seed: the models that have not seen ``collection``."""
    training = [s for s in samples if s.collection != collection]
    return {seed: fit_fold(training, seed) for seed in seeds}


def score_method(method: str, pages: Iterable[PageRef]) -> list[PageScore]:
    """FM and DRD of a registered method on every page."""
    out = []
    for ref in pages:
        image, truth = ref.load()
        ink = binarize(image, method)
        out.append(PageScore(ref.name, ref.collection, f_measure(ink, truth), drd(ink, truth)))
    return out


def by_collection(scores: Iterable[PageScore]) -> dict[str, tuple[float, float]]:
    """Mean FM and DRD per collection, in name order (a page scored by fits at several
    seeds counts once per fit: the mean of the fits' means)."""
    groups: dict[str, list[PageScore]] = defaultdict(list)
    for s in scores:
        groups[s.collection].append(s)
    return {
        name: (float(np.mean([s.fm for s in group])), float(np.mean([s.drd for s in group])))
        for name, group in sorted(groups.items())
    }
