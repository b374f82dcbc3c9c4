"""The seeded set of generated pages the OCR and pixel benchmarks share, and its options."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from bitonal.synth import FAMILIES, Page, generate_page


def add_arguments(ap: argparse.ArgumentParser) -> None:
    """The options that choose the page set (same names and defaults in every bench)."""
    ap.add_argument("--pages", type=int, default=2, help="pages per family and strength")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--strengths", default="0.3,0.7")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--size", default="A6")
    ap.add_argument("--max-lines", type=int, default=14, help="cap on text lines per page (speed)")
    ap.add_argument("--seed", type=int, default=1000)


def pages(args: argparse.Namespace) -> Iterator[tuple[str, Page]]:
    """``(row key, page)`` for every family x strength x page; "clean" once, at no strength."""
    strengths = [float(s) for s in args.strengths.split(",")]
    for family in args.families.split(","):
        for strength in strengths[:1] if family == "clean" else strengths:
            key = family if family == "clean" else f"{family}@{strength:g}"
            for i in range(args.pages):
                yield key, generate_page(args.seed + i, family, strength, dpi=args.dpi, size=args.size, max_lines=args.max_lines)
