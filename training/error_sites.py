"""Where a method's errors lie on the real pages, per collection.

Two questions the held-out table cannot answer and the next change of the recipe
depends on:

* **At the strokes' edges or away from them?** False ink within 1 or 2 pixels of true
  ink, and missed ink within 1 or 2 pixels of found ink, is a disagreement about where
  a stroke ends: the annotators' convention, which a pixel's features cannot tell.
  Errors farther away are stains, show-through, page edges or lost words.
* **Would colour tell them apart?** Among the pixels the method calls ink, how well
  the pixel's colour distance (CIELAB a*b*) from the median colour of the page's ink
  separates false from true ink: the area under the ROC curve, 0.5 for no help.

The masks come from the method as shipped, so pages a model was trained on are read
in-sample: this locates errors, it does not score the method (``training.train``'s
held-out table does).

Usage: ``.venv/bin/python -m training.error_sites [--method auto]``
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass, fields
from pathlib import Path

import cv2
import numpy as np
from sklearn.metrics import roc_auc_score

from bitonal.engine import binarize
from bitonal.engine.auto import has_colour

from .data import real_pages
from .train import DATA


@dataclass
class ErrorSites:
    """Pixel counts of a page's (or a collection's) errors and where they lie."""

    false_ink: int = 0
    false_ink_within_1: int = 0
    false_ink_within_2: int = 0
    missed_ink: int = 0
    missed_ink_within_1: int = 0
    missed_ink_within_2: int = 0

    def __iadd__(self, other: ErrorSites) -> ErrorSites:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))
        return self


def error_sites(pred: np.ndarray, truth: np.ndarray) -> ErrorSites:
    """Counts of false and missed ink, and of those within 1 and 2 pixels (chessboard
    distance) of the ink both masks agree on (false ink) or of the found ink (missed)."""
    agreed = (pred & truth).view(np.uint8)
    found = pred.view(np.uint8)
    false_ink, missed = pred & ~truth, truth & ~pred

    def near(mask: np.ndarray, reach: int) -> np.ndarray:
        return cv2.dilate(mask, np.ones((2 * reach + 1,) * 2, np.uint8)).view(bool)

    return ErrorSites(
        int(np.count_nonzero(false_ink)),
        int(np.count_nonzero(false_ink & near(agreed, 1))),
        int(np.count_nonzero(false_ink & near(agreed, 2))),
        int(np.count_nonzero(missed)),
        int(np.count_nonzero(missed & near(found, 1))),
        int(np.count_nonzero(missed & near(found, 2))),
    )


def colour_separation(rgb: np.ndarray, pred: np.ndarray, truth: np.ndarray) -> float | None:
    """Area under the ROC curve of the a*b* distance from the median colour of the
    predicted ink, as a score that a predicted ink pixel is false ink (None when either
    class has under 50 pixels)."""
    false_ink = truth[pred] == 0
    if min(np.count_nonzero(false_ink), np.count_nonzero(~false_ink)) < 50:
        return None
    ab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)[..., 1:][pred].astype(np.float32)
    distance = np.linalg.norm(ab - np.median(ab, axis=0), axis=-1)
    return float(roc_auc_score(false_ink, distance))


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--method", default="auto", help="registered method to read (default: auto)")
    ap.add_argument("--data", type=Path, default=DATA, help="folder holding dibco/ and train/")
    args = ap.parse_args(argv)
    sites: dict[str, ErrorSites] = defaultdict(ErrorSites)
    aucs: dict[str, list[float]] = defaultdict(list)
    for page in real_pages(args.data / "dibco", args.data / "train"):
        image, truth = page.load()
        pred = binarize(image, args.method)
        sites[page.collection] += error_sites(pred, truth)
        if image.ndim == 3 and image.dtype == np.uint8 and has_colour(image[..., :3]):
            auc = colour_separation(np.ascontiguousarray(image[..., :3]), pred, truth)
            if auc is not None:
                aucs[page.collection].append(auc)
    print("| collection | false ink | within 1 px | within 2 px | missed ink | within 1 px | within 2 px | colour AUC (pages) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, s in sorted(sites.items()):
        auc = f"{np.median(aucs[name]):.2f} ({len(aucs[name])})" if aucs[name] else "-"
        print(
            f"| {name} | {s.false_ink} | {_share(s.false_ink_within_1, s.false_ink)} "
            f"| {_share(s.false_ink_within_2, s.false_ink)} | {s.missed_ink} "
            f"| {_share(s.missed_ink_within_1, s.missed_ink)} | {_share(s.missed_ink_within_2, s.missed_ink)} | {auc} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
