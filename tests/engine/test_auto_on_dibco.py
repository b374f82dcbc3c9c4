"""`auto` against the classic methods on real degraded pages with ground truth (DIBCO).

Every fourth page of the 75 DIBCO 2009-2014 pairs in ../shared/data/dibco, each method
with its published defaults, scored by bitonal.metrics. `auto` has no parameter set
per page: what it needs it estimates from the image.
"""

from pathlib import Path

import pytest

from bitonal.evaluation import evaluate_folder, find_pairs

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "dibco"
CLASSIC = ["otsu", "sauvola", "wolf", "su", "isauvola", "nick", "trsingh"]

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"DIBCO data not found at {DATA}")


@pytest.fixture(scope="module")
def means():
    names = [name for name, _, _ in find_pairs(DATA)][::4]
    results = {m: evaluate_folder(DATA, m, names=names) for m in ["auto", *CLASSIC]}
    for result in results.values():
        assert not result.failed
    return {m: r.mean for m, r in results.items()}


@pytest.mark.parametrize("classic", CLASSIC)
def test_auto_has_a_higher_f_measure(means, classic):
    assert means["auto"].fm > means[classic].fm + 1.0


@pytest.mark.parametrize("classic", CLASSIC)
def test_auto_has_a_lower_distance_reciprocal_distortion(means, classic):
    assert means["auto"].drd < means[classic].drd


@pytest.mark.parametrize("classic", CLASSIC)
def test_auto_has_a_higher_psnr(means, classic):
    assert means["auto"].psnr > means[classic].psnr
