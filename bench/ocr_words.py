"""OCR benchmark "never worse": Tesseract's word F1 and CER on the raw image vs after a method.

Usage (from the repository root)::

    .venv/bin/python bench/ocr_words.py auto
    .venv/bin/python bench/ocr_words.py auto otsu --pages 3 --receipts-limit 20 --json

Pages: the generated hard-page families (``--families``, default below: clean print,
dark slides, coloured text on coloured paper, white-on-dark boxes, highlighter,
thermal receipts, phone photos with a shadow, figures between the text; each but
clean also with ``+jpeg_noise``) at ``--strengths`` (default 0.4 and 0.9) with
``--pages`` seeded pages each (default 1: 27 A6 pages; ``bench/page_set.py``), and the
real scanned receipts of ``--receipts`` (``sroie_NNN.jpg`` + ``.gt.txt`` line
transcriptions; ``--receipts-limit 0`` skips them).

Columns: ``raw`` is Tesseract on the unprocessed image (``makeBinarization`` false);
``M`` is Tesseract on method M's 1-bit output (``binarized_input="bilevel"``: what the
binarizer alone is worth); ``M/ocr`` is recognition with ``makeBinarization`` as
shipped (the pipeline's default binarized input, with its "never worse" guard).
Every column uses the same recognition settings otherwise (skew correction on).

Word F1 is bag-of-words (:mod:`bitonal.ocr.word_f1`: case-folded, runs of letters and
digits, order-free), pooled over the pages of a row; CER (:mod:`bitonal.ocr.cer`) is
the mean over the row's pages, generated pages only (a receipt's reference is in box
order, not reading order). Pages run in ``--jobs`` worker processes, one Tesseract
thread each.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract thread per worker

from bitonal import imageio
from bitonal.ocr.cer import cer
from bitonal.ocr.pipeline import recognize_text
from bitonal.ocr.settings import RecognizeSettings
from bitonal.ocr.word_f1 import WordCounts, word_counts

import page_set

# Each hard family alone and captured badly (sensor noise + JPEG at the same strength;
# phone_shadow is a phone photo already).
_HARD = ("dark_slide", "color_on_color", "inverted_region", "highlighter", "thermal", "figures")
HARD_FAMILIES = ",".join(["clean", *_HARD, "phone_shadow", *(f"{f}+jpeg_noise" for f in _HARD)])
RECEIPTS_ROW = "receipts (real)"


@dataclass(frozen=True)
class Job:
    """One page to read: its row, image, reference text and resolution (None: unknown)."""

    row: str
    image: np.ndarray
    text: str
    dpi: int | None
    synthetic: bool


def columns(methods: list[str], pipeline: bool) -> list[tuple[str, str | None, str | None]]:
    """``(column name, method, binarized input)``; method None is the raw image."""
    out: list[tuple[str, str | None, str | None]] = [("raw", None, None)]
    for method in methods:
        out.append((method, method, "bilevel"))
        if pipeline:
            out.append((f"{method}/ocr", method, None))
    return out


def read_page(job: Job, cols: list[tuple[str, str | None, str | None]]) -> dict[str, tuple[WordCounts, float]]:
    """Word counts and CER of every column on one page."""
    scores = {}
    for name, method, mode in cols:
        settings = RecognizeSettings.parse({"makeBinarization": method is not None}, binarization_method=method or "auto")
        hypothesis = recognize_text(job.image, settings, dpi=job.dpi, binarized_input=mode)
        scores[name] = (word_counts(job.text, hypothesis), cer(job.text, hypothesis))
    return scores


def receipt_jobs(folder: str, limit: int) -> list[Job]:
    """The first ``limit`` receipts of ``folder`` (sorted by name) with their transcriptions."""
    jobs = []
    for path in sorted(glob.glob(os.path.join(folder, "*.jpg")))[:limit]:
        with open(path[: -len(".jpg")] + ".gt.txt", encoding="utf-8") as fh:
            jobs.append(Job(RECEIPTS_ROW, imageio.read(path), fh.read(), None, False))
    return jobs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("methods", nargs="*", help="binarization methods to compare with raw (default: auto)")
    page_set.add_arguments(ap)
    ap.set_defaults(families=HARD_FAMILIES, pages=1, strengths="0.4,0.9")
    ap.add_argument("--receipts", default="../shared/data/receipts", help="folder of real receipts")
    ap.add_argument("--receipts-limit", type=int, default=60, help="receipts read (0: none)")
    ap.add_argument("--no-pipeline", action="store_true", help="skip the M/ocr columns")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes")
    ap.add_argument("--json", action="store_true", help="print the table as JSON")
    args = ap.parse_args(argv)

    cols = columns(args.methods or ["auto"], not args.no_pipeline)
    jobs = [Job(key, page.image, page.text, page.dpi, True) for key, page in page_set.pages(args)]
    if args.receipts_limit > 0:
        jobs += receipt_jobs(args.receipts, args.receipts_limit)

    counts: dict[tuple[str, str], WordCounts] = defaultdict(WordCounts)
    cers: dict[tuple[str, str], list[float]] = defaultdict(list)
    pages: dict[str, int] = defaultdict(int)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for job, scores in zip(jobs, pool.map(read_page, jobs, [cols] * len(jobs))):
            pages[job.row] += 1
            for name, (wc, c) in scores.items():
                counts[(job.row, name)] += wc
                if job.synthetic:
                    cers[(job.row, name)].append(c)
            print(f"{job.row:<20} " + "  ".join(f"{n}: {scores[n][0].f1:.3f}" for n, _, _ in cols), file=sys.stderr, flush=True)

    names = [c[0] for c in cols]
    for row in list(pages):  # one summary row per family: its strengths and variants pooled
        family = f"{row.split('@')[0].split('+')[0]} (all)"
        if family == row or row == RECEIPTS_ROW or family.startswith("clean"):
            continue
        pages[family] += pages[row]
        for name in names:
            counts[(family, name)] += counts[(row, name)]
            cers[(family, name)].extend(cers[(row, name)])
    rows = list(pages)
    table = {
        row: {
            name: {
                "word_f1": round(100 * counts[(row, name)].f1, 2),
                **({"cer": round(100 * statistics.fmean(cers[(row, name)]), 2)} if cers[(row, name)] else {}),
            }
            for name in names
        }
        | {"pages": pages[row]}
        for row in rows
    }
    if args.json:
        json.dump({"columns": names, "rows": table, "seed": args.seed, "dpi": args.dpi, "size": args.size}, sys.stdout, indent=1)
        print()
        return 0
    width = max(10, *(len(n) for n in names)) + 2
    print(f"\nword F1 % (bag of words) / mean CER %, {args.size} at {args.dpi} dpi, seed {args.seed}")
    print(f"{'row':<20}{'pages':>6}" + "".join(f"{n:>{width + 8}}" for n in names))
    for row in rows:
        cells = []
        for name in names:
            cell = table[row][name]
            cells.append(f"{cell['word_f1']:6.2f}" + (f" / {cell['cer']:5.2f}" if "cer" in cell else " /    - "))
        print(f"{row:<20}{pages[row]:>6}" + "".join(f"{c:>{width + 8}}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
