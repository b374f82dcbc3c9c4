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


def test_a6_300dpi_is_fast():
    import time

    generate_page(0, "clean", size="A6")  # font cache
    t = time.perf_counter()
    generate_page(5, "uneven_light+tinted_paper+stains+jpeg_noise", 0.7, size="A6", dpi=300)
    assert time.perf_counter() - t < 1.5
