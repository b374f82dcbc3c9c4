"""Sampled features of every training page, computed once and kept on disk."""

from __future__ import annotations

import hashlib
import inspect
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from bitonal.engine.learned import features as features_module

from . import samples as samples_module
from .data import PageRef
from .samples import PageSamples, page_samples

SAMPLES_PER_PAGE = 24_000


def _version() -> str:
    """Changes whenever the feature or sampling code does (stale caches are not reused)."""
    source = inspect.getsource(features_module) + inspect.getsource(samples_module)
    return hashlib.sha256(f"{source}{SAMPLES_PER_PAGE}".encode()).hexdigest()[:12]


def _compute(ref: PageRef, path: Path, seed: int) -> None:
    image, ink = ref.load()
    rng = np.random.default_rng(seed)
    s = page_samples(ref.name, ref.collection, image, ink, SAMPLES_PER_PAGE, rng)
    np.savez(path, features=s.features, labels=s.labels, weights=s.weights)


def load_samples(pages: list[PageRef], folder: Path, workers: int = 2) -> list[PageSamples]:
    """The samples of every page, computed in ``workers`` processes where not cached."""
    folder = folder / _version()
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{ref.name}.npz" for ref in pages]
    missing = [(ref, path, i) for i, (ref, path) in enumerate(zip(pages, paths, strict=True)) if not path.exists()]
    if missing:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_compute, *zip(*missing, strict=True)))
    out = []
    for ref, path in zip(pages, paths, strict=True):
        with np.load(path) as z:
            out.append(PageSamples(ref.name, ref.collection, z["features"], z["labels"], z["weights"]))
    return out
