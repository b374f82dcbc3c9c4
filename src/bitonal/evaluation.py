"""Evaluating a method on a folder of images with ground truth (DIBCO layout).

A folder holds pairs ``X.png`` (the input) and ``X_gt.png`` (the ground truth, black
= ink). :func:`evaluate_folder` binarizes every input with :func:`bitonal.binarize`
and scores it with :mod:`bitonal.metrics`. The CLI's ``bitonal eval`` and the
benchmarks in ``bench/`` are thin layers over it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import imageio
from .engine import DEFAULT_METHOD, BitonalError, binarize, get_method
from .metrics import DrdBlocks, Scores, evaluate, gt_to_mask

__all__ = ["FolderResult", "PageResult", "evaluate_folder", "evaluate_page", "find_pairs", "mean_scores"]

IMAGE_SUFFIXES = (".png", ".tif", ".tiff", ".jpg", ".jpeg", ".bmp", ".webp")
GT_SUFFIX = "_gt"


@dataclass(frozen=True)
class PageResult:
    """The scores of one page, or why it could not be scored."""

    name: str
    scores: Scores | None
    error: str | None = None
    seconds: float = 0.0  # time spent in binarize()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.scores is not None:
            out.update(self.scores.as_dict())
        if self.error is not None:
            out["error"] = self.error
        out["seconds"] = round(self.seconds, 4)
        return out


@dataclass(frozen=True)
class FolderResult:
    """All pages of a folder for one method, and their mean."""

    method: str
    params: dict[str, Any]
    pages: list[PageResult] = field(default_factory=list)
    drd_blocks: str = "full"

    @property
    def scored(self) -> list[PageResult]:
        return [p for p in self.pages if p.scores is not None]

    @property
    def failed(self) -> list[PageResult]:
        return [p for p in self.pages if p.scores is None]

    @property
    def mean(self) -> Scores | None:
        return mean_scores([p.scores for p in self.scored if p.scores is not None])

    def as_dict(self) -> dict[str, Any]:
        mean = self.mean
        return {
            "method": self.method,
            "params": self.params,
            "drd_blocks": self.drd_blocks,
            "pages": [p.as_dict() for p in self.pages],
            "mean": None if mean is None else mean.as_dict(),
        }


def mean_scores(scores: Sequence[Scores]) -> Scores | None:
    """Arithmetic mean of each score (``None`` for an empty list). A perfect page's
    infinite PSNR makes the mean PSNR infinite, as it should."""
    if not scores:
        return None
    return Scores(
        fm=float(np.mean([s.fm for s in scores])),
        pfm=float(np.mean([s.pfm for s in scores])),
        psnr=float(np.mean([s.psnr for s in scores])) if all(math.isfinite(s.psnr) for s in scores) else math.inf,
        drd=float(np.mean([s.drd for s in scores])),
        pfm_w=float(np.mean([s.pfm_w for s in scores])),
    )


def find_pairs(folder: str | Path) -> list[tuple[str, Path, Path]]:
    """``(name, image_path, gt_path)`` for every ``X_gt.<ext>`` that has an ``X.<ext>``
    beside it, sorted by name. Raises :class:`BitonalError` if ``folder`` is not a folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BitonalError(f"{folder}: not a folder")
    files = {p.name: p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES}
    pairs = []
    for path in files.values():
        if not path.stem.endswith(GT_SUFFIX):
            continue
        name = path.stem[: -len(GT_SUFFIX)]
        image = next(
            (files[name + s] for s in (path.suffix, *IMAGE_SUFFIXES) if name + s in files), None
        )
        if image is not None:
            pairs.append((name, image, path))
    return sorted(pairs)


def evaluate_page(
    image_path: str | Path,
    gt_path: str | Path,
    method: str = DEFAULT_METHOD,
    params: Mapping[str, Any] | None = None,
    *,
    drd_blocks: DrdBlocks = "full",
    limits: imageio.Limits = imageio.DEFAULT_LIMITS,
) -> tuple[Scores, float]:
    """Binarize one image and score it against its ground truth; returns the scores
    and the seconds spent in :func:`bitonal.binarize`."""
    image = imageio.read(image_path, limits)
    gt = gt_to_mask(imageio.read(gt_path, limits))
    if gt.shape != image.shape[:2]:
        raise BitonalError(
            f"{gt_path}: ground truth is {gt.shape[1]}x{gt.shape[0]}, "
            f"image is {image.shape[1]}x{image.shape[0]}"
        )
    start = time.perf_counter()
    pred = binarize(image, method, **dict(params or {}))
    seconds = time.perf_counter() - start
    return evaluate(pred, gt, drd_blocks=drd_blocks), seconds


def evaluate_folder(
    path: str | Path,
    method: str = DEFAULT_METHOD,
    params: Mapping[str, Any] | None = None,
    *,
    drd_blocks: DrdBlocks = "full",
    names: Sequence[str] | None = None,
    limits: imageio.Limits = imageio.DEFAULT_LIMITS,
    on_page: Callable[[PageResult], None] | None = None,
) -> FolderResult:
    """Score ``method`` on every ``X`` / ``X_gt`` pair in ``path``.

    Parameters
    ----------
    path : str or Path
        Folder of pairs (see :func:`find_pairs`).
    method, params
        Passed to :func:`bitonal.binarize`; checked once before the first page, so
        an unknown method or a bad parameter raises at once.
    drd_blocks : {"full", "doxa"}
        NUBN convention of DRD (see :func:`bitonal.metrics.drd`).
    names : sequence of str, optional
        Only these pairs (by name ``X``).
    on_page : callable, optional
        Called with each :class:`PageResult` as it is done (for progress display).

    Returns
    -------
    FolderResult
        One :class:`PageResult` per pair; a page that cannot be read carries its
        error and no scores, the others still count.
    """
    params = get_method(method).validate(dict(params or {}))
    pairs = find_pairs(path)
    if names is not None:
        wanted = set(names)
        pairs = [p for p in pairs if p[0] in wanted]
    result = FolderResult(method=method, params=params, drd_blocks=drd_blocks)
    for name, image_path, gt_path in pairs:
        try:
            scores, seconds = evaluate_page(
                image_path, gt_path, method, params, drd_blocks=drd_blocks, limits=limits
            )
            page = PageResult(name, scores, seconds=seconds)
        except BitonalError as exc:
            page = PageResult(name, None, error=str(exc))
        result.pages.append(page)
        if on_page is not None:
            on_page(page)
    return result
