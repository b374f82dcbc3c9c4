import numpy as np
import pytest

from bitonal import BitonalError
from bitonal.synth import FAMILIES, SynthError, available_fonts, corpus, generate_page

pytestmark = pytest.mark.skipif(not available_fonts(), reason="no TrueType fonts installed")

SMALL = dict(size=(60, 45), dpi=200, max_lines=6)


def test_deterministic_per_seed():
    a = generate_page(7, "stains+jpeg_noise", 0.6, **SMALL)
    b = generate_page(7, "stains+jpeg_noise", 0.6, **SMALL)
    c = generate_page(8, "stains+jpeg_noise", 0.6, **SMALL)
    assert np.array_equal(a.image, b.image) and a.text == b.text
    assert np.array_equal(a.ink_mask, b.ink_mask)
    assert not np.array_equal(a.image, c.image)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_runs(family):
    page = generate_page(3, family, 0.8, **SMALL)
    assert page.image.dtype == np.uint8 and page.image.ndim == 3 and page.image.shape[2] == 3
    assert page.ink_mask.shape == page.image.shape[:2] and page.ink_mask.dtype == bool
    assert page.text.strip()
    assert 0.005 < page.ink_mask.mean() < 0.3


def test_text_comes_from_the_corpus():
    page = generate_page(11, "clean", **SMALL)
    joined = " ".join(corpus())
    assert " ".join(page.text.split()) in joined


def test_ink_mask_matches_rendering_on_clean_page():
    page = generate_page(2, "clean", 0.0, size=(80, 50), dpi=300, max_lines=5)
    gray = page.image.mean(axis=2)
    # glyph pixels are dark, everything else is white paper
    assert gray[page.ink_mask].mean() < 80
    assert gray[~page.ink_mask].mean() > 245
    # one text line per line of the mask's row profile
    rows = page.ink_mask.any(axis=1).astype(int)
    runs = int(np.sum(np.diff(rows) == 1) + rows[0])
    assert runs == len(page.text.splitlines())


def test_ink_mask_excludes_marks():
    """Stamps, stains and ruled lines darken the page but are not text ink."""
    clean = generate_page(4, "clean", **SMALL)
    marked = generate_page(4, {"stamp": 1.0, "ruled": 1.0}, **SMALL)
    assert np.array_equal(clean.ink_mask, marked.ink_mask)
    assert (marked.image.mean(axis=2)[~marked.ink_mask] < 200).sum() > (
        clean.image.mean(axis=2)[~clean.ink_mask] < 200
    ).sum()


def test_low_dpi_shrinks_image_and_mask():
    page = generate_page(1, "low_dpi", 1.0, **SMALL)
    ref = generate_page(1, "clean", **SMALL)
    assert page.dpi < 200 and page.image.shape[0] < ref.image.shape[0]
    assert page.ink_mask.shape == page.image.shape[:2]


@pytest.mark.parametrize(
    "kwargs, word",
    [
        (dict(family="mould"), "mould"),
        (dict(family="clean", strength=1.5), "strength"),
        (dict(family="clean", dpi=50), "dpi"),
        (dict(family="clean", size="B5"), "B5"),
    ],
)
def test_bad_arguments_name_the_problem(kwargs, word):
    with pytest.raises(SynthError, match=word):
        generate_page(0, **kwargs)
    assert issubclass(SynthError, BitonalError)


# --- the hard-page families: raw OCR reads them well, a binarizer can lose text ---------
HARD = dict(size="A7", dpi=200, max_lines=8)


def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)


def test_dark_slide_is_light_text_on_a_dark_ground():
    page = generate_page(5, "dark_slide", 0.5, **HARD)
    luma = _luma(page.image)
    assert np.median(luma[~page.ink_mask]) < 80
    assert luma[page.ink_mask].mean() > np.median(luma[~page.ink_mask]) + 60


@pytest.mark.parametrize("seed", range(5))
def test_color_on_color_is_saturated_ink_on_saturated_paper_of_another_hue(seed):
    import cv2

    page = generate_page(seed, "color_on_color", 1.0, **HARD)
    hsv = cv2.cvtColor(page.image, cv2.COLOR_RGB2HSV).astype(np.float32)
    core = cv2.erode(page.ink_mask.view(np.uint8), np.ones((3, 3), np.uint8)).view(bool)
    ink, paper = hsv[core], hsv[~page.ink_mask]
    assert np.median(ink[:, 1]) > 60 and np.median(paper[:, 1]) > 60  # both clearly coloured
    hue_gap = abs(np.median(ink[:, 0]) - np.median(paper[:, 0]))
    assert min(hue_gap, 180 - hue_gap) > 15
    luma = _luma(page.image)
    assert abs(np.median(luma[core]) - np.median(luma[~page.ink_mask])) < 110  # low grey contrast


def test_thermal_receipt_is_narrow_with_light_wide_strokes():
    from bitonal.engine.strokes import stroke_width

    page = generate_page(6, "thermal", 0.7, size="A6", dpi=200, max_lines=8)
    clean = generate_page(6, "clean", 0.0, size="A6", dpi=200, max_lines=8)
    assert page.image.shape[1] <= round(80 / 25.4 * 200) + 1 < clean.image.shape[1]
    assert stroke_width(page.ink_mask) > stroke_width(clean.ink_mask)
    luma = _luma(page.image)
    assert 90 < np.median(luma[page.ink_mask]) < 200 < np.median(luma[~page.ink_mask])


def test_phone_shadow_darkens_part_of_the_paper_and_keeps_the_text():
    page = generate_page(7, "phone_shadow", 0.7, **HARD)
    clean = generate_page(7, "clean", 0.0, **HARD)
    assert np.array_equal(page.ink_mask, clean.ink_mask) and page.text == clean.text
    paper = _luma(page.image)[~page.ink_mask]
    assert np.percentile(paper, 5) < 0.6 * np.percentile(paper, 95)


def test_figures_replace_text_lines_and_hold_no_ink():
    page = generate_page(8, "figures", 0.7, **HARD)
    clean = generate_page(8, "clean", 0.0, **HARD)
    lines, all_lines = page.text.splitlines(), clean.text.splitlines()
    assert 2 <= len(all_lines) - len(lines) and lines[0] == all_lines[0] and lines[-1] == all_lines[-1]
    assert set(lines) < set(all_lines)
    # the figure: many dark or coloured pixels off the text
    rows_without_text = ~page.ink_mask.any(axis=1)
    figure_pixels = _luma(page.image)[rows_without_text] < 160
    assert figure_pixels.sum() > 0.02 * page.ink_mask.size
