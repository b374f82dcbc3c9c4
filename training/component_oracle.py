"""What a stage judging whole components could win, held out: an oracle's bound.

The held-out ink of every real page (the fold model that did not see its collection,
at seed 0 and the shipped thresholds, finished as ``auto`` finishes it) is scored as
it is, with every connected component of which under ``--cut`` lies on true ink
dropped (as a perfect judge of components would), and with every true component it
misses entirely added. The gap between the first two columns bounds what any
component stage, learned or not, can add to the held-out table; the third, what
finding lost strokes whole could.

Usage: ``.venv/bin/python -m training.component_oracle`` (about 2 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

from bitonal.engine.learned.model import shipped_model
from bitonal.metrics import f_measure

from .cache import load_samples
from .data import SYNTH
from .train import DATA, ROOT, VALIDATION_SEEDS, fit_recipe, training_pages
from .validate import fold_models, model_inks


def component_oracle(ink: np.ndarray, truth: np.ndarray, cut: float = 0.2) -> tuple[float, float, float]:
    """FM of ``ink``; with each of its components (8-connected) of which under ``cut``
    of the pixels are true ink dropped; with each true component it does not touch added.

    Examples
    --------
    >>> truth = np.zeros((20, 20), bool); truth[2:5, 2:15] = True; truth[10:12, 2:6] = True
    >>> ink = truth.copy(); ink[10:12, 2:6] = False; ink[15:18, 5:9] = True  # one lost, one stain
    >>> [round(v, 1) for v in component_oracle(ink, truth)]
    [79.6, 90.7, 88.7]
    """
    count, labels = cv2.connectedComponents(ink.view(np.uint8), connectivity=8)
    area = np.bincount(labels.ravel(), minlength=count)
    on_truth = np.bincount(labels[truth], minlength=count)
    false = on_truth < cut * area
    false[0] = False
    count, true_labels = cv2.connectedComponents(truth.view(np.uint8), connectivity=8)
    missed = np.bincount(true_labels[ink], minlength=count) == 0
    missed[0] = False
    return f_measure(ink, truth), f_measure(ink & ~false[labels], truth), f_measure(ink | missed[true_labels], truth)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA, help="folder holding dibco/ and train/")
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / ".cache")
    ap.add_argument("--cut", type=float, default=0.2, help="a component under this share of true ink is false")
    args = ap.parse_args(argv)
    pages = training_pages(args.data)
    samples = load_samples(pages, args.cache)
    shipped = shipped_model()
    thresholds = (shipped.weak, shipped.strong, shipped.veto)
    seed = VALIDATION_SEEDS[0]
    scores: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for collection in sorted({p.collection for p in pages} - {SYNTH}):
        models = fold_models(collection, samples, fit_recipe, [seed])
        held_out = [p for p in pages if p.collection == collection]
        for _, truth, _, _, ink in model_inks(models, held_out, [thresholds]):
            scores[collection].append(component_oracle(ink, truth, args.cut))
    shown = ", ".join(f"{v:.2g}" for v in thresholds)
    print(f"held out, seed {seed}, thresholds ({shown}); a component is false under {args.cut:g} true ink")
    print("| collection (pages) | FM | false components dropped | missed components added |")
    print("|---|---|---|---|")
    for name, rows in scores.items():
        print(f"| {name} ({len(rows)}) | " + " | ".join(f"{v:.2f}" for v in np.mean(rows, axis=0)) + " |")
    means = np.mean([np.mean(rows, axis=0) for rows in scores.values()], axis=0)
    print("| mean of the collections | " + " | ".join(f"{v:.2f}" for v in means) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
