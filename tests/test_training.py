"""The training scripts (`make train`): collections, cached samples, a model that loads."""

from dataclasses import replace
from importlib import resources
from pathlib import Path

import cv2
import numpy as np
import pytest

from bitonal.engine.learned.features import FEATURE_NAMES
from bitonal.engine.learned.model import WEIGHTS_FILE, PixelModel, shipped_model
from training.cache import load_samples
from training.data import SYNTH, THIN_PRINT, collection_of, synth_pages
from training.component_oracle import component_oracle
from training.error_sites import colour_separation, error_sites
from training.fit import fit
from training.gate import spec_tests_pass
from training.samples import PageSamples
from training.validate import held_out_scores


@pytest.mark.parametrize(
    ("name", "collection"),
    [("2011_P03", "DIBCO2011"), ("2009_H01", "DIBCO2009"), ("MSI2015_z76", "MSI2015"), ("Nabuco_H05", "Nabuco")],
)
def test_pages_are_grouped_by_collection(name, collection):
    assert collection_of(name) == collection


def test_generated_pages_are_seeded_and_apart_from_the_benchmarks():
    first, again = synth_pages(1), synth_pages(1)
    assert first == again
    assert {p.collection for p in first} == {SYNTH}
    assert min(p.seed for p in first) > 10_000  # the benches use seeds from 1000


def test_generated_pages_include_thin_print_beyond_the_thermal_family():
    pages = synth_pages(2)
    thin = [p for p in pages if p.name.startswith("synth_thin_")]
    assert sorted({p.family for p in thin}) == sorted(THIN_PRINT) and len(thin) == 2 * len(THIN_PRINT)
    assert len({p.seed for p in pages}) == len(pages)  # every page its own


def test_samples_are_cached_and_a_fitted_model_round_trips(tmp_path):
    pages = [p for p in synth_pages(1) if p.family in ("clean", "stains", "faded")]
    samples = load_samples(pages, tmp_path, workers=1)
    again = load_samples(pages, tmp_path, workers=1)  # from the cache
    for s, t in zip(samples, again, strict=True):
        assert s.features.shape == (s.labels.size, len(FEATURE_NAMES))
        np.testing.assert_array_equal(s.features, t.features)
        assert s.labels.any() and not s.labels.all()
        assert s.weights.sum() == pytest.approx(1.0, rel=1e-4)

    model = fit(samples, (8,), per_page=2000, epochs=40).with_thresholds(0.4, 0.7)
    model.save(tmp_path / "w.npz")
    loaded = PixelModel.load(tmp_path / "w.npz")
    assert (loaded.weak, loaded.strong) == pytest.approx((0.4, 0.7))
    features = np.concatenate([s.features for s in samples]).T.copy()
    np.testing.assert_allclose(loaded.logits(features), model.logits(features), rtol=1e-5)
    # fitted to the samples: it separates ink from paper far better than chance
    labels = np.concatenate([s.labels for s in samples])
    assert ((loaded.logits(features) > 0) == labels).mean() > 0.9


def test_fitting_one_class_is_refused():
    paper_only = PageSamples("blank", SYNTH, np.zeros((50, len(FEATURE_NAMES)), np.float32), np.zeros(50, bool), np.full(50, 0.02, np.float32))
    with pytest.raises(ValueError, match="one class"):
        fit([paper_only], (4,))


def test_a_fit_is_fixed_by_its_seed():
    rng = np.random.default_rng(5)
    features = rng.normal(size=(400, len(FEATURE_NAMES))).astype(np.float32)
    labels = features[:, 0] + 0.5 * features[:, 1] > 0
    page = PageSamples("page", SYNTH, features, labels, np.full(400, 1 / 400, np.float32))

    def weights(seed):
        return fit([page], (4,), per_page=300, epochs=3, seed=seed).layers[0][0]

    np.testing.assert_array_equal(weights(0), weights(0))
    assert not np.array_equal(weights(0), weights(1))


def test_a_held_out_collection_is_scored_by_a_fit_per_validation_seed_that_did_not_see_it(tmp_path):
    generated = [p for p in synth_pages(1) if p.family in ("clean", "stains", "faded") and not p.heading]
    pages = [replace(p, collection=name) for p, name in zip(generated, ("A", "B", "C"), strict=True)]
    samples = load_samples(pages, tmp_path, workers=1)
    seen: list[set[str]] = []

    def fit_fold(training, seed):
        seen.append({s.collection for s in training})
        return fit(training, (4,), per_page=500, epochs=3, seed=seed)

    scored = held_out_scores("B", samples, pages, [(0.5, 0.5, 0.5), (0.4, 0.7, 0.3)], fit_fold, seeds=(0, 1))
    assert seen == [{"A", "C"}, {"A", "C"}]
    for scores in scored.values():
        assert [(s.name, s.seed) for s in scores] == [(pages[1].name, 0), (pages[1].name, 1)]
        assert all(0.0 <= s.fm <= 100.0 for s in scores)


WEIGHTS = resources.files("bitonal.engine.learned").joinpath(WEIGHTS_FILE)
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data not found at {DATA}")  # the floor's pages
def test_the_gate_runs_the_spec_tests_against_new_weights_and_keeps_the_shipped_ones():
    floor = ["tests/engine/test_learned.py::test_quality_floor_on_real_pages"]
    shipped = shipped_model()
    *hidden, (last, last_bias) = shipped.layers
    blind = replace(shipped, layers=(*hidden, (last, last_bias - 100.0)))  # everything is paper
    before = WEIGHTS.read_bytes()

    assert spec_tests_pass(shipped, floor).passed
    refused = spec_tests_pass(blind, floor)
    assert not refused.passed
    assert "FAILED" in refused.summary
    assert WEIGHTS.read_bytes() == before


def test_error_sites_tell_stroke_edges_from_errors_away_from_the_writing():
    truth = np.zeros((40, 40), bool)
    truth[10:30, 18:22] = True
    pred = cv2.dilate(truth.view(np.uint8), np.ones((3, 3), np.uint8)).view(bool)  # one pixel bolder
    pred[2:4, 2:4] = True  # a speck far from the stroke
    truth[10:30, 30:32] = True  # a second stroke, found one pixel thinner
    pred[10:30, 30] = True
    sites = error_sites(pred, truth)
    assert sites.false_ink == np.count_nonzero(pred & ~truth)
    assert sites.false_ink - sites.false_ink_within_1 == 4  # only the speck is away
    assert sites.missed_ink == sites.missed_ink_within_1 == 20


def test_colour_separation_is_high_when_false_ink_has_another_colour():
    rgb = np.full((20, 20, 3), 255, np.uint8)
    truth = np.zeros((20, 20), bool)
    truth[:, :10] = True
    rgb[:, :10] = (20, 20, 20)  # black ink
    rgb[:, 10:14] = (200, 60, 40)  # a red mark the method took for ink
    pred = np.zeros_like(truth)
    pred[:, :14] = True
    assert colour_separation(rgb, pred, truth) == pytest.approx(1.0)
    rgb[:, 10:14] = (20, 20, 20)  # the same mark in the ink's own colour
    assert colour_separation(rgb, pred, truth) == pytest.approx(0.5)


def test_the_component_oracle_drops_false_components_whole_and_adds_lost_strokes():
    truth = np.zeros((40, 40), bool)
    truth[5:8, 5:30] = True
    truth[20:22, 5:10] = True  # a stroke the method loses
    ink = truth.copy()
    ink[20:22, 5:10] = False
    ink[30:34, 20:24] = True  # a stain
    ink[8, 5:30] = True  # the kept stroke one pixel bolder: mostly true, it stays
    found, dropped, added = component_oracle(ink, truth)
    tp, truth_px = 75, 85
    assert found == pytest.approx(200 * tp / (75 + 25 + 16 + truth_px))
    assert dropped == pytest.approx(200 * tp / (75 + 25 + truth_px))
    assert added == pytest.approx(200 * (tp + 10) / (75 + 25 + 16 + 10 + truth_px))
