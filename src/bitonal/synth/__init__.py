"""Synthetic degraded document pages with known text, for tests and benchmarks."""

from .generate import FAMILIES, PAPER_SIZES_MM, Page, SynthError, available_fonts, corpus, generate_page

__all__ = ["FAMILIES", "PAPER_SIZES_MM", "Page", "SynthError", "available_fonts", "corpus", "generate_page"]
