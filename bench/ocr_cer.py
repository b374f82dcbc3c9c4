"""OCR benchmark: CER of Tesseract on generated degraded pages, raw vs binarization methods.

Usage (from the repository root)::

    .venv/bin/python bench/ocr_cer.py --pages 3 --strengths 0.3,0.7 otsu sauvola
    .venv/bin/python bench/ocr_cer.py --pages 3 --binarized-input bilevel,normalized,masked otsu

Each page is generated with a fixed seed (``--seed`` + page index), so the numbers
are reproducible. "raw" is Tesseract on the unprocessed image (``makeBinarization``
false); "gt" uses the generator's ground-truth ink mask (an oracle binarization:
the best any method could do, to compare how the mask is handed to Tesseract); a method name M means ``makeBinarization`` true with ``bitonal.binarize(.., M)``
and the image handed to Tesseract built as ``--binarized-input`` says (each mode
listed is a separate column, named ``M/mode``). CER = Levenshtein distance /
reference length after whitespace normalisation; "lost" counts reference words
missing from the output. Timing is wall time per page of ``recognize`` in one process
(one worker), excluding page generation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict

from bitonal.ocr.cer import cer, words_lost
from bitonal.ocr.pipeline import BINARIZED_INPUT, recognize_text
from bitonal.ocr.settings import RecognizeSettings

import page_set


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("methods", nargs="*", help="binarization methods to compare with raw (default: otsu)")
    page_set.add_arguments(ap)
    ap.add_argument("--binarized-input", default=BINARIZED_INPUT, help="comma list of bilevel,normalized,masked,best")
    ap.add_argument("--no-deskew", action="store_true")
    ap.add_argument("--no-raw", action="store_true")
    args = ap.parse_args(argv)

    methods = args.methods or ["otsu"]
    modes = args.binarized_input.split(",")
    columns: list[tuple[str, str | None, str | None]] = [] if args.no_raw else [("raw", None, None)]
    for m in methods:
        for mode in modes:
            columns.append((m if len(modes) == 1 else f"{m}/{mode}", m, mode))

    cers: dict[tuple[str, str], list[float]] = defaultdict(list)
    lost: dict[tuple[str, str], int] = defaultdict(int)
    times: dict[str, list[float]] = defaultdict(list)
    ref_words = 0
    for key, page in page_set.pages(args):
        ref_words += len(page.text.split())
        for name, method, mode in columns:
            settings = RecognizeSettings.parse(
                {"makeSkewCorrect": not args.no_deskew, "makeBinarization": method is not None},
                binarization_method=method or "auto",
            )
            t = time.perf_counter()
            oracle = page.ink_mask if method == "gt" else None
            if oracle is not None:
                settings = settings.model_copy(update={"make_skew_correct": False})
            hyp = recognize_text(page.image, settings, dpi=page.dpi, binarized_input=mode, mask=oracle)
            times[name].append(time.perf_counter() - t)
            cers[(key, name)].append(cer(page.text, hyp))
            lost[(key, name)] += words_lost(page.text, hyp)
        row = "  ".join(f"{name}: {cers[(key, name)][-1]:.3f}" for name, _, _ in columns)
        print(f"{key:<22} {row}", file=sys.stderr, flush=True)

    names = [c[0] for c in columns]
    keys = list(dict.fromkeys(k for k, _ in cers))
    w = max(12, *(len(n) for n in names))
    print(f"\nCER per family (median / mean / words lost), {args.pages} page(s) each, {args.size} at {args.dpi} dpi")
    print(f"{'family':<22}" + "".join(f"{n:>{w + 12}}" for n in names))
    for key in keys:
        cells = []
        for n in names:
            v = cers[(key, n)]
            cells.append(f"{statistics.median(v):.3f} / {statistics.fmean(v):.3f} / {lost[(key, n)]:>3}")
        print(f"{key:<22}" + "".join(f"{c:>{w + 12}}" for c in cells))
    allc = {n: [c for (k, m), v in cers.items() if m == n for c in v] for n in names}
    print(f"{'ALL':<22}" + "".join(
        f"{statistics.median(allc[n]):.3f} / {statistics.fmean(allc[n]):.3f} / {sum(lost[(k, n)] for k in keys):>3}".rjust(w + 12)
        for n in names
    ))
    print(f"\nreference words: {ref_words}")
    print("seconds per page (one worker):  " + "  ".join(
        f"{n}: {statistics.fmean(times[n]):.3f} s ({1 / statistics.fmean(times[n]):.2f} pages/s)" for n in names
    ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
