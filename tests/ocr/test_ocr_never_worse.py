"""makeBinarization never reads fewer words than the raw image: Tesseract's most legible
candidate is chosen between our masked image and the unbinarized grey."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import bitonal
from bitonal import imageio

from bitonal.ocr import recognize_text
from bitonal.ocr.engine import tesseract
from bitonal.ocr.pipeline import binarized_view, dark_ink, legibility
from bitonal.ocr.word_f1 import WordCounts, word_counts, word_f1
from bitonal.synth import generate_page

from test_ocr_recognize import needs_tesseract

pytestmark = needs_tesseract

NO_GEOMETRY = {"makeSkewCorrect": False, "makeBinarization": True}


def _page(seed, family, strength=0.7):
    return generate_page(seed, family, strength, size="A7", dpi=300, max_lines=6)


def test_a_binarization_that_loses_every_word_does_not_lose_them_in_recognition():
    page = _page(3, "dark_slide+jpeg_noise", 1.0)
    nothing = np.zeros(page.ink_mask.shape, bool)
    lost = recognize_text(page.image, NO_GEOMETRY, binarized_input="masked", mask=nothing)
    guarded = recognize_text(page.image, NO_GEOMETRY, mask=nothing)
    raw = recognize_text(page.image, {"makeSkewCorrect": False})
    assert word_f1(page.text, lost) == 0.0
    assert word_f1(page.text, guarded) >= word_f1(page.text, raw) > 0.9


def test_white_on_dark_ink_is_handed_to_tesseract_as_dark_on_white():
    page = _page(4, "inverted_region", 1.0)
    view = binarized_view(page.image, page.ink_mask, "masked")
    assert (view[page.ink_mask] < 128).mean() > 0.99
    assert (view[~page.ink_mask] > 200).mean() > 0.95


def test_dark_ink_leaves_dark_writing_alone():
    page = _page(5, "clean")
    gray = page.image.mean(axis=2).astype(np.uint8)
    assert np.array_equal(dark_ink(gray, page.ink_mask), gray)


def test_legibility_counts_words_read_and_nothing_on_a_blank_page():
    page = _page(6, "clean")
    gray = page.image.mean(axis=2).astype(np.uint8)
    with tesseract("eng") as api:
        api.SetImage(Image.fromarray(np.full_like(gray, 255)))
        assert legibility(api) == 0.0
        api.SetImage(Image.fromarray(gray))
        score = legibility(api)
    # confidences of about 95 on a clean page: (95 - 50) / 100 per word
    assert 0.3 * len(page.text.split()) < score < 0.5 * len(page.text.split())


@pytest.mark.parametrize("family", ["dark_slide", "color_on_color", "thermal"])
def test_recognition_with_auto_reads_the_hard_pages_as_well_as_raw(family):
    page = _page(7, family, 1.0)
    raw = word_f1(page.text, recognize_text(page.image, {}))
    assert word_f1(page.text, recognize_text(page.image, {"makeBinarization": True})) >= raw - 0.005


@pytest.mark.parametrize("family", ["thermal", "thermal+jpeg_noise"])
@pytest.mark.parametrize("strength", [0.4, 0.9])
def test_thin_thermal_print_reads_as_well_as_raw(family, strength):
    """The never-worse bench's thermal pages (``bench/ocr_words.py``: A6, seed 1000):
    thin print is where draws of the learned model differ, by a character (runs 22, 25,
    31 and 39 read "Sherlock" as "Sheriock" on the JPEG'd page at 0.9)."""
    page = generate_page(1000, family, strength, size="A6", dpi=300, max_lines=14)
    raw = word_f1(page.text, recognize_text(page.image, {}))
    assert word_f1(page.text, recognize_text(page.image, {"makeBinarization": True})) >= raw - 0.005


RECEIPTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "receipts"


def _receipt_word_counts(image_path: Path) -> tuple[WordCounts, WordCounts]:
    """Tesseract's words on the raw receipt and on ``auto``'s 1-bit image of it."""
    image = imageio.read(str(image_path))
    reference = image_path.with_suffix(".gt.txt").read_text("utf-8")
    raw = recognize_text(image, {})
    one_bit = recognize_text(image, {"makeBinarization": True}, binarized_input="bilevel")
    return word_counts(reference, raw), word_counts(reference, one_bit)


def test_a_light_thermal_receipt_keeps_its_print():
    """sroie_396: grey thermal print, a few black dots and a dark scanner edge, which
    once set the ink level and left only the dots (Tesseract read nothing)."""
    path = RECEIPTS / "sroie_396.jpg"
    assert bitonal.binarize(imageio.read(str(path))).mean() > 0.03  # the print, not only the dots
    raw, one_bit = _receipt_word_counts(path)
    assert one_bit.f1 >= raw.f1 - 0.005 and raw.f1 > 0.7


def test_the_real_receipts_one_bit_image_reads_at_least_as_well_as_raw():
    """Issue 15's "never worse" on real thin print: over the 60 receipts, the words
    Tesseract reads on ``auto``'s 1-bit image (pooled word F1, as ``bench/ocr_words.py``
    counts them) are at least those it reads on the raw image. Draws of the learned
    model differ here by up to a point (docs/learned.md); the shipped one must not lose."""
    receipts = sorted(RECEIPTS.glob("sroie_*.jpg"))
    assert len(receipts) == 60
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = list(pool.map(_receipt_word_counts, receipts))
    raw = sum((r for r, _ in counts), WordCounts())
    one_bit = sum((b for _, b in counts), WordCounts())
    assert raw.f1 > 0.75
    assert one_bit.f1 >= raw.f1, f"1-bit {one_bit.f1:.4f} < raw {raw.f1:.4f}"
