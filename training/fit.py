"""Fitting the pixel classifier to samples (scikit-learn's MLP) and exporting it."""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from bitonal.engine.learned.model import PixelModel

from .samples import PageSamples


def stack(pages: list[PageSamples], per_page: int | None = None, seed: int = 0) -> tuple[np.ndarray, ...]:
    """Features, labels and weights of many pages in one array each; ``per_page``
    keeps a random subset of each page's samples (weights rescaled to match)."""
    rng = np.random.default_rng(seed)
    xs, ys, ws = [], [], []
    for page in pages:
        keep = slice(None)
        if per_page is not None and page.labels.size > per_page:
            keep = rng.choice(page.labels.size, per_page, replace=False)
        w = page.weights[keep]
        xs.append(page.features[keep])
        ys.append(page.labels[keep])
        ws.append(w / w.sum())
    weights = np.concatenate(ws)
    return np.concatenate(xs), np.concatenate(ys), weights * (weights.size / weights.sum())


def fit(
    pages: list[PageSamples],
    hidden: tuple[int, ...] = (24, 12),
    *,
    per_page: int | None = None,
    epochs: int = 12,
    seed: int = 0,
    ink_weight: float = 1.0,
) -> PixelModel:
    """A classifier fitted to the samples of ``pages``; ``ink_weight`` multiplies the
    weight of ink samples (FM rewards balanced errors on the two classes)."""
    x, y, w = stack(pages, per_page, seed)
    if not y.any() or y.all():
        raise ValueError("the samples hold one class only: nothing to learn")
    w = np.where(y, w * ink_weight, w)
    mean = x.mean(axis=0)
    scale = 1.0 / np.maximum(x.std(axis=0), 1e-3)
    mlp = MLPClassifier(
        hidden_layer_sizes=hidden,
        activation="relu",
        solver="adam",
        batch_size=2048,
        learning_rate_init=2e-3,
        alpha=1e-4,
        max_iter=epochs,
        shuffle=True,
        random_state=seed,
        tol=0.0,
        n_iter_no_change=epochs + 1,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit((x - mean) * scale, y, sample_weight=w)
    layers = tuple(
        (c.astype(np.float32), b.astype(np.float32)) for c, b in zip(mlp.coefs_, mlp.intercepts_, strict=True)
    )
    return PixelModel(mean.astype(np.float32), scale.astype(np.float32), layers)
