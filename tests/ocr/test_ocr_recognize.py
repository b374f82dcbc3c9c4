import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from bitonal.ocr import cer, recognize, recognize_text
from bitonal.ocr.deskew import estimate_skew, rotate
from bitonal.ocr.pipeline import binarized_view, normalize_background
from bitonal.ocr.settings import SettingsError
from bitonal.synth import generate_page

import os

from bitonal.ocr.settings import tessdata_dir
from bitonal.synth import available_fonts

needs_tesseract = pytest.mark.skipif(
    not os.path.exists(os.path.join(tessdata_dir(), "eng.traineddata")) or not available_fonts(),
    reason="Tesseract English data or fonts not installed",
)

pytestmark = needs_tesseract

# Tesseract 5 (LSTM, eng) reads cleanly rendered 9-14 pt text at 300 dpi almost
# perfectly (measured: CER 0.000-0.003 on generated clean pages). 3 % allows one or two
# misread words on a 6-line page (a font like an italic or a mono can cost an "l"/"1"),
# while a wrong page order, a lost line or binarization garbage would exceed it.
CLEAN_CER_BOUND = 0.03


def _page(seed=1, family="clean", strength=0.5, lines=6):
    return generate_page(seed, family, strength, size="A7", dpi=300, max_lines=lines)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_clean_page_is_read(seed):
    page = _page(seed)
    assert cer(page.text, recognize_text(page.image)) < CLEAN_CER_BOUND


def test_binarized_with_otsu_is_read():
    page = _page(4)
    from bitonal.ocr.settings import RecognizeSettings

    settings = RecognizeSettings.parse({"makeBinarization": True}, binarization_method="otsu")
    for mode in ("bilevel", "normalized", "masked"):
        text = recognize_text(page.image, settings, binarized_input=mode)
        assert cer(page.text, text) < CLEAN_CER_BOUND, mode


def test_rotate_and_skew_correction():
    page = _page(5)
    turned = rotate(page.image, 90)  # lying on its side, turned counter-clockwise
    # Rotate is clockwise-positive: 90 stands it up again
    text = recognize_text(turned, {"Rotate": 90, "makeSkewCorrect": False})
    assert cer(page.text, text) < CLEAN_CER_BOUND
    skewed = rotate(page.image, 5.0)
    assert cer(page.text, recognize_text(skewed, {"makeSkewCorrect": True})) < CLEAN_CER_BOUND


def test_skew_is_corrected_after_binarization_on_the_page_as_scanned():
    page = _page(5)
    skewed = rotate(page.image, 3.0)
    # The generator's ink, on the skewed page's own grid: what the binarizer sees.
    ink = rotate(np.where(page.ink_mask, 0, 255).astype(np.uint8), 3.0) < 128
    text = recognize_text(skewed, {"makeBinarization": True}, mask=ink, binarized_input="bilevel")
    assert cer(page.text, text) < CLEAN_CER_BOUND
    settings = {"makeBinarization": True, "resultType": "ImagePNG"}
    (png,) = recognize(skewed, settings, mask=ink, binarized_input="bilevel")
    read = np.asarray(Image.open(io.BytesIO(png.data)))
    assert abs(estimate_skew(read)) < 0.3 and abs(estimate_skew(skewed) - 3.0) < 0.3


def test_upsampling_and_contrast_help_small_faint_text():
    page = generate_page(6, "faded", 0.5, size="A7", dpi=150, max_lines=6, font_pt=9)
    text = recognize_text(page.image, {"makeUpsampling": True, "makeContrastCorrection": True}, dpi=150)
    assert cer(page.text, text) < 0.1


def test_regions_in_order():
    page = _page(7, lines=6)
    rows = np.flatnonzero(page.ink_mask.any(axis=1))
    starts = [rows[0]] + [r for p, r in zip(rows[:-1], rows[1:]) if r != p + 1]
    ends = [p for p, r in zip(rows[:-1], rows[1:]) if r != p + 1] + [rows[-1]]
    lines = page.text.splitlines()
    assert len(starts) == len(lines)
    w = page.image.shape[1]

    def rect(i):
        return {"topLeftX": 0, "topLeftY": int(starts[i]) - 4, "bottomRightX": w, "bottomRightY": int(ends[i]) + 5}

    # list order 1, 4, 2 but "order" says 4 first, then 2, then 1
    regions = [{"rect": rect(1), "order": 3}, {"rect": rect(4), "order": 1}, {"rect": rect(2), "order": 2}]
    text = recognize_text(page.image, {"regions": regions, "makeSkewCorrect": False})
    got = [line for line in text.splitlines() if line.strip()]
    assert len(got) == 3
    for got_line, i in zip(got, (4, 2, 1)):
        assert cer(lines[i], got_line) < 0.1, (got_line, lines[i])


def test_region_outside_image_names_the_field():
    page = _page(8, lines=2)
    region = {"rect": {"topLeftX": 5000, "topLeftY": 0, "bottomRightX": 6000, "bottomRightY": 10}}
    with pytest.raises(SettingsError, match=r"regions\[0\]\.rect"):
        recognize(page.image, {"regions": [region]})


def test_hocr_pdf_and_png_outputs():
    page = _page(9, lines=3)
    results = recognize(page.image, {"resultType": "TextAndPdfAndHocr"})
    assert [r.type for r in results] == ["Text", "Pdf", "Hocr"]
    pdf, hocr = results[1].data, results[2].data
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-64:]
    root = ET.fromstring(hocr)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    words = [w.text for w in root.iterfind(".//h:span[@class='ocrx_word']", ns)]
    assert len(words) >= 5 and words[0] == page.text.split()[0]
    (png,) = recognize(page.image, {"resultType": "ImagePNG"})
    assert png.type == "ImagePNG" and png.data.startswith(b"\x89PNG")


def test_dsr_confidence_filters_words():
    page = _page(10, lines=3)
    noisy = page.image.copy()
    everything = recognize_text(noisy, {"dsrConfidence": "All"})
    strict = recognize_text(noisy, {"dsrConfidence": "Ultra"})
    assert len(strict.split()) <= len(everything.split())


def test_bad_image_is_a_bitonal_error():
    from bitonal import BitonalError

    with pytest.raises(BitonalError):
        recognize(np.zeros((2, 2, 5), np.uint8))


def test_normalized_views():
    page = _page(11, "uneven_light", 0.9, lines=4)
    gray = page.image.mean(axis=2).astype(np.uint8)
    norm = normalize_background(gray)
    assert np.median(norm[~page.ink_mask]) > 235
    view = binarized_view(page.image, page.ink_mask, "masked")
    assert (view[~page.ink_mask] > 200).mean() > 0.95 and (view[page.ink_mask] < 128).all()


def test_engine_is_shared_between_threads():
    from concurrent.futures import ThreadPoolExecutor

    pages = [_page(s, lines=3) for s in (12, 13, 14, 15)]
    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(lambda p: recognize_text(p.image, {"makeSkewCorrect": False}), pages))
    for page, text in zip(pages, texts):
        assert cer(page.text, text) < CLEAN_CER_BOUND


def test_tessdata_prefix_is_honoured(monkeypatch, tmp_path):
    import os

    from bitonal.ocr import engine

    (tmp_path / "eng.traineddata").symlink_to(os.path.join(tessdata_dir(), "eng.traineddata"))
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    page = _page(16, lines=2)
    try:
        assert cer(page.text, recognize_text(page.image)) < CLEAN_CER_BOUND
        assert engine._API_KEY == ("eng", str(tmp_path))
    finally:
        engine.reset()
