"""The method registry: lookup, parameter validation, docs, and the contract every method keeps."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from bitonal.engine import (
    InvalidParameterError,
    UnknownMethodError,
    binarize,
    get_method,
    methods,
)

CLASSIC = ["otsu", "niblack", "sauvola", "wolf", "nick", "bernsen", "su", "phansalkar", "trsingh", "wan", "isauvola", "bradley"]
ALL = [m.name for m in methods()]


def test_the_classic_methods_are_registered():
    assert set(CLASSIC) <= set(ALL)


def test_unknown_method_names_the_known_ones():
    with pytest.raises(UnknownMethodError) as err:
        get_method("savuola")
    message = str(err.value)
    assert "savuola" in message
    for name in CLASSIC:
        assert name in message


def test_binarize_with_unknown_method_raises():
    with pytest.raises(UnknownMethodError):
        binarize(np.zeros((4, 4), np.uint8), "nope")


@pytest.mark.parametrize(
    ("method", "params", "named"),
    [
        ("sauvola", {"windw": 31}, "windw"),
        ("sauvola", {"window": "wide"}, "window"),
        ("sauvola", {"window": 2}, "window"),
        ("sauvola", {"k": "high"}, "k"),
        ("sauvola", {"k": -0.5}, "k"),
        ("niblack", {"window": 1}, "window"),
        ("wolf", {"window": 0}, "window"),
        ("nick", {"k": 0.5}, "k"),
        ("bernsen", {"contrast-limit": 20}, "contrast-limit"),
        ("bernsen", {"contrast_limit": 300}, "contrast_limit"),
        ("bernsen", {"threshold": -1}, "threshold"),
        ("bernsen", {"window": 5.5}, "window"),
        ("su", {"window": 2}, "window"),
        ("su", {"minN": 9}, "minN"),
        ("su", {"min_n": -1}, "min_n"),
        ("phansalkar", {"q": 0}, "q"),
        ("trsingh", {"k": 2}, "k"),
        ("wan", {"window": -75}, "window"),
        ("otsu", {"window": 75}, "window"),
        ("bradley", {"window": 1}, "window"),
        ("bradley", {"t": 100}, "t"),
    ],
)
def test_invalid_parameters_are_named(method, params, named):
    with pytest.raises(InvalidParameterError) as err:
        binarize(np.full((8, 8), 200, np.uint8), method, **params)
    assert f"'{named}'" in str(err.value)
    assert method in str(err.value)


def test_valid_parameters_are_coerced():
    method = get_method("sauvola")
    assert method.validate({"window": "31", "k": "0.3"}) == {"window": 31, "k": 0.3}
    assert method.validate({}) == {"window": 75, "k": 0.2}


@pytest.mark.parametrize(
    ("method", "defaults"),
    [
        ("niblack", {"window": 75, "k": -0.2}),
        ("sauvola", {"window": 75, "k": 0.2}),
        ("wolf", {"window": 75, "k": 0.2}),
        ("nick", {"window": 75, "k": -0.2}),
        ("bernsen", {"window": 75, "threshold": 100, "contrast_limit": 25}),
        ("su", {"window": 0, "min_n": 0}),
        ("phansalkar", {"window": 75, "k": 0.2, "p": 3.0, "q": 10.0}),
        ("trsingh", {"window": 75, "k": 0.2}),
        ("wan", {"window": 75, "k": 0.2}),
        ("isauvola", {"window": 75, "k": 0.2}),
        ("bradley", {"window": 0, "t": 15.0}),
    ],
)
def test_published_defaults(method, defaults):
    assert get_method(method).validate({}) == defaults


@pytest.mark.parametrize("name", ALL)
def test_every_method_is_documented(name):
    method = get_method(name)
    doc = inspect.getdoc(method.func) or ""
    assert method.summary
    assert "References\n----------" in doc
    assert "Returns\n-------" in doc
    assert method.reference
    for param in method.parameters:
        assert param.description, f"{name}.{param.name} has no description"


def _page() -> np.ndarray:
    """A light page (grey 215, mild texture) with dark text-like strokes."""
    rng = np.random.default_rng(1)
    page = np.clip(rng.normal(215, 3, (90, 120)), 0, 255).astype(np.uint8)
    page[40:45, 10:110] = 40  # a horizontal stroke, 5 px thick
    page[20:70, 60:64] = 40  # a vertical stroke, 4 px thick
    return page


def _variants(gray: np.ndarray) -> dict[str, np.ndarray]:
    rgb = np.dstack([gray, gray, gray])
    rgba = np.dstack([gray, gray, gray, np.full_like(gray, 255)])
    return {
        "grey": gray,
        "grey-1-channel": gray[:, :, None],
        "rgb": rgb,
        "rgba": rgba,
        "uint16": gray.astype(np.uint16) * 257,
        "float": gray.astype(np.float64) / 255.0,
        "float32-rgb": rgb.astype(np.float32) / 255.0,
    }


@pytest.mark.parametrize("name", ALL)
def test_every_method_returns_a_bool_mask_for_every_input_kind(name):
    gray = _page()
    reference = binarize(gray, name)
    for kind, image in _variants(gray).items():
        mask = binarize(image, name)
        assert mask.dtype == bool, kind
        assert mask.shape == gray.shape, kind
        # The same grey levels reach the method whatever the container.
        assert np.array_equal(mask, reference), kind


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("level", [255, 235])
def test_a_uniform_page_has_almost_no_ink(name, level):
    page = np.full((64, 80), level, np.uint8)
    assert binarize(page, name).mean() <= 0.001


@pytest.mark.parametrize("name", ["sauvola", "nick", "bernsen", "wan", "phansalkar"])
def test_methods_with_a_contrast_floor_ignore_paper_texture(name):
    # Otsu, Niblack, Wolf, Su and T.R. Singh normalise by the page's or window's
    # own contrast, so on a page with no text they split the paper's texture.
    rng = np.random.default_rng(2)
    page = np.clip(rng.normal(220, 2, (64, 80)), 0, 255).astype(np.uint8)
    assert binarize(page, name).mean() <= 0.01


@pytest.mark.parametrize("name", ALL)
def test_a_dark_stroke_on_light_paper_is_found(name):
    page = _page()
    mask = binarize(page, name)
    stroke = np.zeros(page.shape, bool)
    stroke[40:45, 10:110] = True
    stroke[20:70, 60:64] = True
    assert mask[stroke].mean() >= 0.95
    # ...and the paper far from the strokes stays mostly paper (Niblack, which
    # splits texture wherever a window holds no text, measured 3%; the rest 0%).
    far = np.ones(page.shape, bool)
    far[30:55, :] = False
    far[:, 50:74] = False
    assert mask[far].mean() <= 0.1


def test_methods_lists_auto_first_then_by_name():
    names = [m.name for m in methods()]
    rest = [n for n in names if n != "auto"]
    assert rest == sorted(rest)
    if "auto" in names:
        assert names[0] == "auto"
