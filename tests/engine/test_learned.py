"""The learned stage of `auto`: shipped weights, deterministic masks, seam-free bands,
and a quality floor on real pages that broken or missing weights cannot reach."""

from pathlib import Path

import numpy as np
import pytest

import bitonal
from bitonal import imageio
from bitonal.engine.auto import prepare_page
from bitonal.engine.learned.features import FEATURE_NAMES, coarse_factor
from bitonal.engine.learned.model import PixelModel, logit, shipped_model, verdict
from bitonal.engine.learned.method import finish
from bitonal.engine.learned.page import learned_input
from bitonal.engine.learned.tiles import band_features, classify
from bitonal.metrics import f_measure, gt_to_mask
from bitonal.synth import generate_page

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_the_model_ships_in_the_package_and_fits_the_features():
    model = shipped_model()
    assert model.layers[0][0].shape[0] == len(FEATURE_NAMES)
    assert model.layers[-1][0].shape[1] == 1
    assert 0.0 < model.weak <= model.strong < 1.0
    assert 0.0 < model.veto <= model.strong
    weights = Path(bitonal.engine.learned.__file__).with_name("weights.npz")
    assert weights.stat().st_size <= 5 * 1024 * 1024


@pytest.mark.parametrize("shape", [(120, 90), (120, 90, 3), (120, 90, 4)])
def test_the_mask_is_bool_of_the_input_shape_and_deterministic(shape):
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, shape, dtype=np.uint8)
    first = bitonal.binarize(image, "auto")
    assert first.dtype == bool and first.shape == shape[:2]
    assert np.array_equal(first, bitonal.binarize(image.copy(), "auto"))


def _lines_of_ink(levels: list[int]) -> np.ndarray:
    """A grey page with lines of short strokes, each line at one of ``levels``."""
    page = np.full((400, 300), 220, np.uint8)
    for row, level in enumerate(levels):
        for x in range(20, 280, 12):
            page[20 + 30 * row : 32 + 30 * row, x : x + 3] = level
    return page


def test_the_ink_is_also_measured_against_the_page_s_darkest_writing():
    # Two lines of black writing over ten of lighter ink: the typical ink is the
    # lighter one, and the black writing is twice as dark.
    two_tones = learned_input(prepare_page(_lines_of_ink([20, 20] + [120] * 10)))
    one_tone = learned_input(prepare_page(_lines_of_ink([60] * 12)))
    assert two_tones.scale.darkest > 1.8
    assert one_tone.scale.darkest < 1.1
    lighter_stroke = np.array([(20 + 30 * 5 + 5) * 300 + 21])
    features = band_features(two_tones, 0, 400, lighter_stroke)[1][:, 0]
    d, against_darkest = features[FEATURE_NAMES.index("d")], features[FEATURE_NAMES.index("d_of_darkest")]
    assert 0.8 < d < 1.2 and against_darkest < 0.6


def test_on_clean_white_paper_the_strokes_grey_edges_are_kept():
    # As auto's clean-paper rims: Tesseract reads thin print better with them (the 60
    # receipts: 76.8 -> 80.0 word F1).
    page = generate_page(7, "clean", 0.5, dpi=300, size="A6", max_lines=6)
    prepared = prepare_page(page.image)
    learned = learned_input(prepared)
    assert learned.clean > 0.9
    unshifted = finish(prepared, learned, classify(learned, shipped_model()))
    kept = bitonal.binarize(page.image, "auto")
    assert np.count_nonzero(kept & ~unshifted) > 0.02 * np.count_nonzero(page.ink_mask)
    assert np.count_nonzero(unshifted & ~kept) == 0


def test_a_faint_noisy_grey_scan_does_not_pass_for_clean_white_paper():
    # Its paper could be aged, and its grey edges are noise (MSI 2015: -5 FM with them).
    rng = np.random.default_rng(1)
    page = _lines_of_ink([180] * 12)  # 40 grey levels under the paper, noise 4
    noisy = np.clip(page + rng.normal(0, 4, page.shape), 0, 255).astype(np.uint8)
    assert learned_input(prepare_page(noisy)).clean == 0.0
    assert learned_input(prepare_page(np.dstack([noisy] * 3))).clean == 0.0


def test_faint_ink_on_grainy_paper_is_read_at_its_own_depth():
    # MSI 2015's faintest pages: writing 9 grey levels under the paper, whose noise is
    # 6. Read against a depth of 4 noise deviations, as once, the writing was 0.4 of
    # the "typical ink" and the held-out model dropped it (MSI2015_H24: FM 15 -> 53).
    rng = np.random.default_rng(2)
    page = _lines_of_ink([208] * 12)  # 12 grey levels under the paper, noise 6
    noisy = np.clip(page + rng.normal(0, 6, page.shape), 0, 255).astype(np.uint8)
    learned = learned_input(prepare_page(noisy))
    assert learned.scale.depth < 2.5 * learned.scale.noise
    strokes = np.flatnonzero(page.ravel() == 208)
    features = band_features(learned, 0, page.shape[0], strokes)[1]
    assert 0.7 < np.median(features[FEATURE_NAMES.index("d_smooth")]) < 1.3


def test_bands_give_the_whole_page_result():
    page = generate_page(7, "stains+bleed_through", 0.6, dpi=200, size="A7").image
    learned = learned_input(prepare_page(page))
    height = learned.norm.shape[0]
    whole = classify(learned, shipped_model(), band_rows=height)
    for rows in (16, 64, 200):
        banded = classify(learned, shipped_model(), band_rows=rows)
        assert (banded != whole).mean() < 0.001


def test_a_band_sees_the_same_features_as_the_whole_page():
    page = generate_page(8, "faded", 0.5, dpi=200, size="A7").image
    learned = learned_input(prepare_page(page))
    height, width = learned.norm.shape
    top = coarse_factor(learned.scale.stroke) * 40
    bottom = top + 90
    inside = np.arange(top * width, bottom * width)
    _, whole = band_features(learned, 0, height, inside)
    _, band = band_features(learned, top, bottom, inside - top * width)
    np.testing.assert_allclose(band, whole, atol=1e-5)


def test_sensitivity_moves_the_threshold_both_ways():
    page = generate_page(9, "faded", 0.7, dpi=200, size="A7").image
    low, mid, high = (bitonal.binarize(page, "auto", sensitivity=s).sum() for s in (0.1, 0.5, 0.9))
    assert low < mid < high


def test_the_rules_ink_stays_unless_the_model_is_sure_it_is_paper():
    """Below ``strong`` a pixel the rules call ink is still clear ink, down to ``veto``;
    a pixel the rules call paper needs ``strong`` (or ``weak``, for faint ink)."""
    probabilities = np.array([0.02, 0.1, 0.3, 0.5, 0.8])
    logits = np.array([logit(p) for p in probabilities], np.float32)
    rules_ink = verdict(logits, np.ones(5, np.float32), weak=0.4, strong=0.7, veto=0.2)
    rules_paper = verdict(logits, np.zeros(5, np.float32), weak=0.4, strong=0.7, veto=0.2)
    assert rules_ink.tolist() == [0, 0, 2, 2, 2]
    assert rules_paper.tolist() == [0, 0, 0, 1, 2]
    # veto = strong: the rules count only through the features
    assert verdict(logits, np.ones(5, np.float32), 0.4, 0.7, 0.7).tolist() == [0, 0, 0, 1, 2]


def test_weights_round_trip_and_a_model_for_other_features_is_refused(tmp_path):
    model = shipped_model()
    model.save(tmp_path / "w.npz")
    again = PixelModel.load(tmp_path / "w.npz")
    features = np.random.default_rng(0).normal(size=(len(FEATURE_NAMES), 50)).astype(np.float32)
    np.testing.assert_array_equal(again.logits(features), model.logits(features))
    assert (again.weak, again.strong, again.veto) == pytest.approx((model.weak, model.strong, model.veto))
    first, bias = model.layers[0]
    with pytest.raises(ValueError, match="features"):
        PixelModel(model.mean[:-1], model.scale[:-1], ((first[:-1], bias), *model.layers[1:]), 0.5)


def test_a_pixel_s_logit_does_not_depend_on_how_many_pixels_are_asked_at_once():
    """The perceptron runs in chunks (and BLAS rounds one column its own way): a pixel
    gets the same logit, to float32 rounding, in a band of one pixel as in a band of
    thousands (the same bits with OpenBLAS's own choice of kernel; see
    :meth:`PixelModel.logits`)."""
    model = shipped_model()
    features = np.random.default_rng(1).normal(size=(len(FEATURE_NAMES), 5000)).astype(np.float32)
    whole = model.logits(features)
    for size in (1, 2, 2047, 2048, 2049, 4097):
        parts = [model.logits(np.ascontiguousarray(features[:, i : i + size])) for i in range(0, 5000, size)]
        np.testing.assert_allclose(np.concatenate(parts), whole, rtol=1e-5, atol=1e-4)
    assert model.logits(features[:, :0]).shape == (0,)


# Pages of four collections (stains, bleed-through, faded ink, colour scans); the shipped
# model scores 89 to 96 on them, one with random weights 39 to 66; missing weights fail.
FLOOR_PAGES = [("dibco", "2010_H03"), ("dibco", "2013_P02"), ("train", "Nabuco_H05"), ("train", "Persian2019_H03")]


@pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data not found at {DATA}")
@pytest.mark.parametrize(("folder", "name"), FLOOR_PAGES)
def test_quality_floor_on_real_pages(folder, name):
    image = imageio.read(DATA / folder / f"{name}.png")
    truth = gt_to_mask(imageio.read(DATA / folder / f"{name}_gt.png"))
    assert f_measure(bitonal.binarize(image, "auto"), truth) > 85.0
