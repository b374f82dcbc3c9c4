"""Character error rate: Levenshtein distance / reference length, after whitespace normalisation."""

from __future__ import annotations

import numpy as np


def normalize_whitespace(text: str) -> str:
    """Collapse every run of whitespace (spaces, newlines, tabs) to one space; strip the ends."""
    return " ".join(text.split())


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions all cost 1).

    Row-by-row dynamic programming with the row held in a numpy array: the
    substitution/deletion step is vectorised, the insertion step is a running
    minimum done with ``np.minimum.accumulate`` on ``row - index``. O(len(a)*len(b))
    work, O(len(b)) memory; a page (2000 x 2000 characters) takes a few ms.
    """
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(b) + 1, dtype=np.int64)
    prev = idx.copy()
    for i, ch in enumerate(a.encode("utf-32-le").decode("utf-32-le"), start=1):
        code = ord(ch)
        cur = np.empty_like(prev)
        cur[0] = i
        # substitution (or match) and deletion
        cur[1:] = np.minimum(prev[:-1] + (bb != code), prev[1:] + 1)
        # insertion: cur[j] = min_k<=j (cur[k] + j - k)
        cur = np.minimum.accumulate(cur - idx) + idx
        prev = cur
    return int(prev[-1])


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate of ``hypothesis`` against ``reference`` (0 = perfect; may exceed 1)."""
    ref = normalize_whitespace(reference)
    hyp = normalize_whitespace(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return levenshtein(ref, hyp) / len(ref)


def words_lost(reference: str, hypothesis: str) -> int:
    """Number of reference words (as a multiset) absent from the hypothesis."""
    from collections import Counter

    ref = Counter(reference.split())
    hyp = Counter(hypothesis.split())
    return sum((ref - hyp).values())
