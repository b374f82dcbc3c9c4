"""Bag-of-words F1: how many of a page's words OCR found, in any order.

Words are compared after one normalisation: the text is case-folded and every run of
letters or digits (Unicode ``\\w`` minus ``_``) is a word; punctuation and whitespace
only separate words ("TOTAL: 12.50" -> ``total``, ``12``, ``50``). Order is ignored, so
it suits references whose reading order is not Tesseract's (receipts transcribed box
by box, two-column pages); repeated words count as often as they occur.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> Counter[str]:
    """The multiset of normalised words of ``text`` (see the module doc)."""
    return Counter(_WORD.findall(text.casefold()))


@dataclass(frozen=True)
class WordCounts:
    """Word matches of one or more pages; add them up to pool pages (micro average)."""

    matched: int = 0
    reference: int = 0
    hypothesis: int = 0

    def __add__(self, other: WordCounts) -> WordCounts:
        return WordCounts(
            self.matched + other.matched, self.reference + other.reference, self.hypothesis + other.hypothesis
        )

    @property
    def f1(self) -> float:
        """``2 * matched / (reference + hypothesis)``: 1 when both are empty."""
        total = self.reference + self.hypothesis
        return 1.0 if total == 0 else 2.0 * self.matched / total


def word_counts(reference: str, hypothesis: str) -> WordCounts:
    """Matched, reference and hypothesis word counts of one page (bag of words)."""
    ref, hyp = words(reference), words(hypothesis)
    return WordCounts(sum((ref & hyp).values()), sum(ref.values()), sum(hyp.values()))


def word_f1(reference: str, hypothesis: str) -> float:
    """Bag-of-words F1 of ``hypothesis`` against ``reference`` (1 = every word, no extra)."""
    return word_counts(reference, hypothesis).f1
