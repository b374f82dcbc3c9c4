"""Pixel scores (FM, pFM, PSNR, DRD) of methods on generated degraded pages.

The generator knows where its text glyphs are (``Page.ink_mask``): stamps, stains,
rules and show-through are not ink, and white text on a dark box is ink. Each page
is seeded (``--seed`` + page index), so the numbers are reproducible.

    .venv/bin/python bench/synth_pixels.py --pages 2 --strengths 0.3,0.7 auto otsu sauvola wolf su isauvola
"""

from __future__ import annotations

import argparse
import math
from collections import defaultdict

import bitonal
from bitonal.evaluation import mean_scores
from bitonal.metrics import Scores, evaluate

import page_set


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("methods", nargs="*", help="methods to score (default: auto otsu sauvola)")
    page_set.add_arguments(ap)
    args = ap.parse_args(argv)
    methods = args.methods or ["auto", "otsu", "sauvola"]

    scores: dict[tuple[str, str], list[Scores]] = defaultdict(list)
    for key, page in page_set.pages(args):
        family = key.split("@")[0]
        for method in methods:
            scores[(family, method)].append(evaluate(bitonal.binarize(page.image, method), page.ink_mask))

    def cell(items: list[Scores]) -> str:
        mean = mean_scores(items)
        psnr = "inf" if mean is None or math.isinf(mean.psnr) else f"{mean.psnr:.1f}"
        return "-" if mean is None else f"{mean.fm:6.2f} {psnr:>5} {mean.drd:6.2f}"

    width = 21
    print(f"mean FM / PSNR / DRD per family, {args.pages} page(s) x strengths {args.strengths}, {args.size} at {args.dpi} dpi")
    print(f"{'family':<18}" + "".join(f"{m:>{width}}" for m in methods))
    for family in args.families.split(","):
        print(f"{family:<18}" + "".join(f"{cell(scores[(family, m)]):>{width}}" for m in methods))
    overall = {m: [s for (f, mm), v in scores.items() if mm == m for s in v] for m in methods}
    print(f"{'ALL':<18}" + "".join(f"{cell(overall[m]):>{width}}" for m in methods))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
