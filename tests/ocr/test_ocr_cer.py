from bitonal.ocr.cer import cer, levenshtein, normalize_whitespace, words_lost


def _slow(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def test_levenshtein_matches_textbook_dp():
    import random

    rnd = random.Random(0)
    for _ in range(200):
        a = "".join(rnd.choice("ab c") for _ in range(rnd.randint(0, 10)))
        b = "".join(rnd.choice("ab c") for _ in range(rnd.randint(0, 10)))
        assert levenshtein(a, b) == _slow(a, b)
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("naïve", "naive") == 1


def test_cer_normalises_whitespace():
    assert normalize_whitespace(" a\n b\t\tc ") == "a b c"
    assert cer("a b\nc", "a  b c\n") == 0.0
    assert cer("abcd", "abxd") == 0.25
    assert cer("", "") == 0.0
    assert words_lost("the cat the dog", "the dog") == 2
