"""The learned pixel classifier: a small multilayer perceptron run with numpy.

The weights are a ``.npz`` file: the features' standardisation (``mean``, ``scale``),
the layers (``w0``, ``b0``, ``w1``, ``b1``, ...; ReLU between them, a logistic output)
and the decision ``threshold`` on the output probability, chosen on held-out
collections by ``training/train.py``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from .features import FEATURE_NAMES

WEIGHTS_FILE = "weights.npz"


@dataclass(frozen=True)
class PixelModel:
    """A trained classifier of feature vectors into ink / paper."""

    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]
    threshold: float

    def __post_init__(self) -> None:
        n = len(FEATURE_NAMES)
        if self.mean.shape != (n,) or self.scale.shape != (n,) or self.layers[0][0].shape[0] != n:
            raise ValueError(f"the model expects {self.layers[0][0].shape[0]} features, the engine makes {n}")

    def logits(self, features: np.ndarray) -> np.ndarray:
        """The output before the logistic function for features of shape (N, F)."""
        x = (features - self.mean) * self.scale
        for weight, bias in self.layers[:-1]:
            x = x @ weight
            x += bias
            np.maximum(x, 0, out=x)
        weight, bias = self.layers[-1]
        return (x @ weight + bias)[:, 0]

    def shifted(self, logits: float) -> PixelModel:
        """The same model with its threshold lowered by ``logits`` (keeps more ink)."""
        threshold = 1.0 / (1.0 + np.exp(-(self.logit_threshold - logits)))
        return PixelModel(self.mean, self.scale, self.layers, float(threshold))

    def is_ink(self, features: np.ndarray) -> np.ndarray:
        """True where the probability of ink reaches the threshold."""
        return self.logits(features) >= self.logit_threshold

    @property
    def logit_threshold(self) -> float:
        p = min(max(self.threshold, 1e-6), 1 - 1e-6)
        return float(np.log(p / (1 - p)))

    def save(self, path: str | Path) -> None:
        arrays = {"mean": self.mean, "scale": self.scale, "threshold": np.float32(self.threshold)}
        for i, (weight, bias) in enumerate(self.layers):
            arrays[f"w{i}"], arrays[f"b{i}"] = weight, bias
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: str | Path) -> PixelModel:
        with np.load(path) as z:
            count = sum(1 for key in z.files if key.startswith("w"))
            layers = tuple(
                (z[f"w{i}"].astype(np.float32), z[f"b{i}"].astype(np.float32)) for i in range(count)
            )
            return cls(z["mean"].astype(np.float32), z["scale"].astype(np.float32), layers, float(z["threshold"]))


@functools.cache
def shipped_model() -> PixelModel:
    """The model shipped in the package (trained by ``make train``)."""
    with resources.as_file(resources.files(__package__).joinpath(WEIGHTS_FILE)) as path:
        return PixelModel.load(path)
