"""The OCRmyPDF plugin inside real OCRmyPDF (its command line, Tesseract, Ghostscript):
on a degraded scan its text layer is closer to the page's text than plain
OCRmyPDF's, the visible page stays as it was, and ``--bitonal-output`` makes the
visible pages 1-bit G4 too."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import img2pdf
import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from bitonal.documents import pdf_text
from bitonal.ocr.cer import cer
from bitonal.synth import generate_page

from pdf_samples import filters

OCRMYPDF = Path(sys.executable).with_name("ocrmypdf")
DEGRADATION = {"stains": 0.9, "bleed_through": 0.9, "uneven_light": 0.9}


@pytest.fixture(scope="module")
def degraded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A 2-page PDF of degraded 300 dpi scans (JPEG, as scanners write them), and its text."""
    scans, texts = [], []
    for seed in (10, 11):
        page = generate_page(seed=seed, family=DEGRADATION, dpi=300, size="A7")
        out = io.BytesIO()
        Image.fromarray(page.image).save(out, format="JPEG", quality=85, dpi=(300, 300))
        scans.append(out.getvalue())
        texts.append(page.text)
    path = tmp_path_factory.mktemp("ocrmypdf") / "degraded.pdf"
    path.write_bytes(img2pdf.convert(scans))
    return path, "\n".join(texts)


def ocrmypdf(source: Path, target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(OCRMYPDF), "--quiet", *args, str(source), str(target)], capture_output=True, text=True, timeout=240
    )


def rendered(path: Path) -> list[float]:
    """Mean grey level of each page's tenth-by-tenth block: a coarse picture of the pages."""
    doc = pdfium.PdfDocument(path)
    try:
        means = []
        for i in range(len(doc)):
            grey = doc[i].render(scale=0.5, grayscale=True).to_numpy().astype(float)
            grey = grey[..., 0] if grey.ndim == 3 else grey
            h, w = grey.shape
            means += [grey[y * h // 10:(y + 1) * h // 10, x * w // 10:(x + 1) * w // 10].mean() for y in range(10) for x in range(10)]
        return means
    finally:
        doc.close()


def page_image_filters(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [name for page in pdf.pages for image in page.get_images().values() for name in filters(image.stream_dict)]


@pytest.fixture(scope="module")
def plain_cer(degraded, tmp_path_factory) -> float:
    source, text = degraded
    target = tmp_path_factory.mktemp("ocrmypdf") / "plain.pdf"
    done = ocrmypdf(source, target, "--output-type", "pdf")
    assert done.returncode == 0, done.stderr
    return cer(text, pdf_text(target))


def test_the_plugin_gives_a_text_layer_with_a_lower_cer_and_leaves_the_page_as_it_was(degraded, plain_cer, tmp_path):
    source, text = degraded
    target = tmp_path / "bitonal.pdf"
    done = ocrmypdf(source, target, "--plugin", "bitonal.ocrmypdf")  # default output: PDF/A (Ghostscript)
    assert done.returncode == 0, done.stderr
    with_plugin = cer(text, pdf_text(target))
    assert with_plugin < plain_cer - 0.05, (with_plugin, plain_cer)
    # the visible pages are the scans as they were (Ghostscript re-encodes them for PDF/A)
    assert rendered(target) == pytest.approx(rendered(source), abs=3)


def test_bitonal_output_also_binarizes_the_visible_pages(degraded, plain_cer, tmp_path):
    source, text = degraded
    target = tmp_path / "bw.pdf"
    done = ocrmypdf(source, target, "--plugin", "bitonal.ocrmypdf", "--bitonal-output", "--output-type", "pdf")
    assert done.returncode == 0, done.stderr
    assert page_image_filters(target) == ["/CCITTFaxDecode", "/CCITTFaxDecode"]
    assert cer(text, pdf_text(target)) < plain_cer - 0.05


def test_an_unknown_method_stops_ocrmypdf_with_the_list_of_methods(degraded, tmp_path):
    source, _ = degraded
    done = ocrmypdf(source, tmp_path / "x.pdf", "--plugin", "bitonal.ocrmypdf", "--bitonal-method", "nope")
    assert done.returncode != 0
    assert "--bitonal-method: unknown method 'nope' (known: auto," in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_what_tesseract_reads_keeps_the_size_and_resolution_and_is_bilevel_or_masked_grey():
    from bitonal.ocrmypdf import binarized

    page = Image.fromarray(generate_page(seed=3, family="stains", strength=0.6, dpi=200, size="A7", max_lines=4).image)
    page.info["dpi"] = (200, 200)
    bilevel = binarized(page, "auto")
    masked = binarized(page, "auto", "masked")
    assert bilevel.mode == "1" and masked.mode == "L"
    assert bilevel.size == masked.size == page.size
    assert bilevel.info["dpi"] == masked.info["dpi"] == (200, 200)
    ink = ~np.asarray(bilevel)  # mode "1": True is white paper
    grey = np.asarray(masked)
    assert (grey[ink] < 128).mean() > 0.9  # the ink is dark...
    assert (grey[~ink] == 255).mean() > 0.95  # ...and the paper white, stains gone
