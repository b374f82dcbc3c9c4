"""The learned pixel classifier: a small multilayer perceptron run with numpy.

The weights are a ``.npz`` file: the features' standardisation (``mean``, ``scale``),
the layers (``w0``, ``b0``, ``w1``, ``b1``, ...; ReLU between them, a logistic output)
and three decision thresholds on the output probability, chosen on held-out
collections by ``training/train.py``: ``weak`` and ``strong`` (hysteresis: a faint
pixel is ink where it touches clear ink), and ``veto``, below which the model overrules
the rules' ink (the rules' ink the model does not reject is clear ink).
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import numpy as np

from .features import FEATURE_NAMES

WEIGHTS_FILE = "weights.npz"


def logit(p: float) -> float:
    """The logit of a probability (clipped away from 0 and 1)."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


# The row of the rules' verdict among the features.
RULES_ROW = FEATURE_NAMES.index("rules_ink")


def verdict(logits: np.ndarray, rules: np.ndarray, weak: float, strong: float, veto: float) -> np.ndarray:
    """0 paper, 1 faint ink, 2 clear ink (uint8): clear where the probability is at least
    ``strong``, or at least ``veto`` where the rules find ink (``rules`` nonzero); faint
    where it is at least ``weak``."""
    clear = logits >= logit(strong)
    if veto < strong:
        clear |= (rules != 0) & (logits >= logit(veto))
    faint = (logits >= logit(weak)) | clear
    return faint.view(np.uint8) + clear.view(np.uint8)


# Pixels per pass through the perceptron (see :meth:`PixelModel.logits`); measured on
# the A4 bench page: 2048 is 16 % faster than the whole band at once.
_CHUNK = 2048


@dataclass(frozen=True)
class PixelModel:
    """A trained classifier of feature vectors into ink / paper."""

    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]
    weak: float = 0.5
    strong: float = 0.5
    veto: float = 0.5

    def __post_init__(self) -> None:
        n = len(FEATURE_NAMES)
        if self.mean.shape != (n,) or self.scale.shape != (n,) or self.layers[0][0].shape[0] != n:
            raise ValueError(f"the model expects {self.layers[0][0].shape[0]} features, the engine makes {n}")
        if not (0 < self.weak <= self.strong < 1 and 0 < self.veto <= self.strong):
            raise ValueError(
                f"thresholds must satisfy 0 < weak <= strong < 1 and 0 < veto <= strong, "
                f"got {self.weak}, {self.strong}, {self.veto}"
            )

    @functools.cached_property
    def _columns(self) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        """The layers transposed for one column per pixel, the first one with the
        features' standardisation folded in (one pass over the pixels fewer)."""
        (first, bias), *rest = self.layers
        folded = (first * self.scale[:, None]).T.copy()
        shift = bias - (self.mean * self.scale) @ first
        layers = [(folded, shift[:, None].astype(np.float32))]
        layers += [(weight.T.copy(), b[:, None]) for weight, b in rest]
        return tuple(layers)

    def logits(self, features: np.ndarray) -> np.ndarray:
        """The output before the logistic function for features of shape (F, N), one
        column per pixel.

        Computed at most :data:`_CHUNK` pixels at a time into reused buffers, so that the hidden
        layers' activations stay in the CPU's cache. A pixel's logit does not depend on
        how many pixels are asked at once, to float32 rounding: with OpenBLAS's own
        choice of kernel it is the same bits; where ``OPENBLAS_CORETYPE`` forces its
        Haswell kernels on another CPU (as some machines here do), a column's last bits
        follow its place in the product."""
        *hidden, (weight, bias) = self._columns
        count = features.shape[1]
        if count == 1:  # one column alone takes BLAS's matrix-vector path, which rounds otherwise
            return self.logits(np.repeat(features, 2, axis=1))[:1]
        # Chunks of near-equal size, so that no chunk is a single column either.
        bounds = np.linspace(0, count, -(-count // _CHUNK) + 1).round().astype(int)
        widest = int(np.diff(bounds).max(initial=0))
        buffers = [np.empty((w.shape[0], widest), np.float32) for w, _ in hidden]
        out = np.empty(count, np.float32)
        for start, stop in itertools.pairwise(bounds):
            x = features[:, start:stop]
            for (w, b), buffer in zip(hidden, buffers, strict=True):
                x = np.matmul(w, x, out=buffer[:, : stop - start])
                x += b
                np.maximum(x, 0, out=x)
            out[start:stop] = (weight @ x + bias)[0]
        return out

    def verdict(self, features: np.ndarray) -> np.ndarray:
        """:func:`verdict` of the model's output at its thresholds."""
        return verdict(self.logits(features), features[RULES_ROW], self.weak, self.strong, self.veto)

    def with_thresholds(self, weak: float, strong: float, veto: float | None = None) -> PixelModel:
        """The model at other thresholds (``veto`` defaults to ``strong``: the rules'
        verdict counts only through the features)."""
        return replace(self, weak=weak, strong=strong, veto=strong if veto is None else veto)

    def shifted(self, logits: float) -> PixelModel:
        """The same model with its three thresholds lowered by ``logits`` (keeps more ink)."""
        def move(p: float) -> float:
            return float(1.0 / (1.0 + np.exp(-(logit(p) - logits))))
        return self.with_thresholds(move(self.weak), move(self.strong), move(self.veto))

    def save(self, path: str | Path) -> None:
        thresholds = np.float32([self.weak, self.strong, self.veto])
        arrays = {"mean": self.mean, "scale": self.scale, "thresholds": thresholds}
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
            # Weights from before the veto threshold carry two: no veto (veto = strong).
            weak, strong, *veto = (float(t) for t in z["thresholds"])
            mean, scale = z["mean"].astype(np.float32), z["scale"].astype(np.float32)
            return cls(mean, scale, layers, weak, strong, veto[0] if veto else strong)


@functools.cache
def shipped_model() -> PixelModel:
    """The model shipped in the package (trained by ``make train``)."""
    with resources.as_file(resources.files(__package__).joinpath(WEIGHTS_FILE)) as path:
        return PixelModel.load(path)
