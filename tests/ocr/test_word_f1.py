"""Bag-of-words F1: order-free, case-folded, punctuation only separates words."""

import pytest

from bitonal.ocr.word_f1 import WordCounts, word_counts, word_f1, words


def test_words_are_case_folded_runs_of_letters_and_digits():
    assert words("TOTAL: 12.50  Total") == {"total": 2, "12": 1, "50": 1}
    assert words("don't_stop — café") == {"don": 1, "t": 1, "stop": 1, "café": 1}


def test_order_does_not_matter_and_repeats_count():
    assert word_f1("a b c", "c b a") == 1.0
    # two of the three "a" found, one extra word: 2 * 2 / (3 + 3)
    assert word_f1("a a a", "a a x") == pytest.approx(4 / 6)


def test_missing_and_extra_words_both_cost():
    assert word_f1("one two three four", "one two") == pytest.approx(2 * 2 / 6)
    assert word_f1("one two", "one two three four") == pytest.approx(2 * 2 / 6)
    assert word_f1("one two", "") == 0.0
    assert word_f1("", "") == 1.0


def test_pages_pool_their_counts():
    pooled = word_counts("a b", "a b") + word_counts("c d e f", "x")
    assert pooled == WordCounts(matched=2, reference=6, hypothesis=3)
    assert pooled.f1 == pytest.approx(4 / 9)
