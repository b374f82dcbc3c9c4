"""makeBinarization must pay for itself: lower CER on degraded pages, none lost on clean ones."""

import pytest

from bitonal.ocr import cer, recognize_text
from bitonal.synth import generate_page

# Families where Tesseract alone loses text (measured with bench/ocr_cer.py), at a
# strength where the damage is real but the text is still there to read.
DEGRADED = [("stains", 0.8), ("bleed_through", 0.8), ("stamp", 0.8), ("highlighter", 0.9), ("uneven_light", 0.9)]
CLEAN = [("clean", 0.0), ("jpeg_noise", 0.3), ("blur", 0.3), ("low_dpi", 0.3)]


def _cer(family, strength, seed, binarize):
    page = generate_page(seed, family, strength, size="A7", dpi=300, max_lines=8)
    settings = {"makeBinarization": binarize, "makeSkewCorrect": False}
    return cer(page.text, recognize_text(page.image, settings))


def test_binarization_lowers_cer_on_degraded_pages():
    raw = [_cer(f, s, seed, False) for f, s in DEGRADED for seed in (11, 12)]
    binarized = [_cer(f, s, seed, True) for f, s in DEGRADED for seed in (11, 12)]
    assert sum(binarized) < 0.5 * sum(raw), (raw, binarized)
    assert all(b <= r + 0.01 for r, b in zip(raw, binarized)), (raw, binarized)


@pytest.mark.parametrize("family,strength", CLEAN)
def test_binarization_costs_nothing_on_clean_pages(family, strength):
    for seed in (21, 22):
        # one misread character in ~400 is the noise floor between two good readings
        assert _cer(family, strength, seed, True) <= _cer(family, strength, seed, False) + 0.003
