"""Documents in and out, read as a specification: one binarized page per input page,
page size and resolution kept, every page 1-bit G4; bad PDFs named, never a crash."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from bitonal.documents import (
    DocumentError,
    DocumentLimits,
    TooManyPagesError,
    binarize_document,
    open_source,
)
from bitonal.imageio import ImageTooLargeError

from pdf_samples import empty_pdf, encrypted_pdf, filters, vector_pdf

from .conftest import SCAN_DPI


def convert(source: Path | bytes, fmt: str, **kwargs) -> bytes:
    out = io.BytesIO()
    binarize_document(source, out, fmt, "otsu", **{"workers": 1, **kwargs})
    return out.getvalue()


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].get_size() for i in range(len(doc))]
    finally:
        doc.close()


def assert_sizes(found: list[tuple[float, float]], expected: list[tuple[float, float]]) -> None:
    """Same number of pages, each of the same size within 0.01 pt."""
    assert len(found) == len(expected)
    for got, want in zip(found, expected):
        assert got == pytest.approx(want, abs=0.01)


def pdf_images(data: bytes) -> list[dict]:
    """The image XObject of every page (each page must hold exactly one)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = []
        for page in pdf.pages:
            images = list(page.get_images().values())
            assert len(images) == 1
            image = images[0].stream_dict
            found.append({
                "/BitsPerComponent": int(image.BitsPerComponent),
                "/Filter": filters(image),
                "/Width": int(image.Width),
                "/Height": int(image.Height),
            })
        return found


def tiff_frames(data: bytes) -> list[tuple[str, tuple[int, int], tuple[float, float], str, np.ndarray]]:
    frames = []
    with Image.open(io.BytesIO(data)) as img:
        for i in range(img.n_frames):
            img.seek(i)
            frames.append((img.mode, img.size, tuple(img.info["dpi"]), img.info["compression"], np.asarray(img)))
    return frames


# -- PDF in ------------------------------------------------------------------------------


def test_a_3_page_pdf_round_trips_to_a_pdf_of_3_one_bit_g4_pages_of_the_same_sizes(scanned_pdf, pages):
    out = convert(scanned_pdf, "pdf")
    assert_sizes(pdf_page_sizes(out), pdf_page_sizes(scanned_pdf.read_bytes()))
    images = pdf_images(out)
    assert len(images) == 3
    for image, page in zip(images, pages):
        assert image["/BitsPerComponent"] == 1 and image["/Filter"] == ["/CCITTFaxDecode"]
        # a scanned page is rendered at its scan's resolution: its own pixels
        assert (image["/Width"], image["/Height"]) == page.size


def test_a_pdf_becomes_a_multipage_g4_tiff_at_the_scan_resolution(scanned_pdf, pages):
    frames = tiff_frames(convert(scanned_pdf, "tiff"))
    assert len(frames) == 3
    for (mode, size, dpi, compression, pixels), page in zip(frames, pages):
        assert mode == "1" and compression == "group4"
        assert size == page.size and dpi == pytest.approx((SCAN_DPI, SCAN_DPI), abs=0.01)
        ink = 1 - pixels.mean()
        assert 0.005 < ink < 0.3  # text came out black on white, the stains went


def test_a_page_that_is_not_a_scan_is_rendered_at_the_dpi_asked_for():
    (mode, size, dpi, _, pixels), = tiff_frames(convert(vector_pdf(200, 100), "tiff", dpi=144))
    assert size == (400, 200) and dpi == pytest.approx((144, 144))
    assert not pixels[100, 200] and pixels[20, 20]  # the bar is ink, the page paper


# -- TIFF in -----------------------------------------------------------------------------


def test_a_3_page_tiff_round_trips_with_sizes_and_its_fax_resolution_kept(multipage_tiff, pages):
    frames = tiff_frames(convert(multipage_tiff, "tiff"))
    assert len(frames) == 3
    for (mode, size, dpi, compression, _), page in zip(frames, pages):
        assert mode == "1" and compression == "group4"
        assert size == page.size and dpi == pytest.approx((204, 196))


def test_a_tiff_becomes_a_pdf_whose_pages_have_the_frames_physical_size(multipage_tiff, pages):
    out = convert(multipage_tiff, "pdf")
    expected = [(w * 72 / 204, h * 72 / 196) for w, h in (p.size for p in pages)]
    assert_sizes(pdf_page_sizes(out), expected)
    assert all(i["/BitsPerComponent"] == 1 for i in pdf_images(out))


# -- pages in parallel ---------------------------------------------------------------------


def test_pages_in_parallel_give_the_same_document_as_one_after_another(scanned_pdf):
    seen: list[tuple[int, int]] = []
    parallel = convert(scanned_pdf, "tiff", workers=2, on_page=lambda done, total: seen.append((done, total)))
    assert parallel == convert(scanned_pdf, "tiff", workers=1)
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]  # in page order


# -- bad documents -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda pdf: encrypted_pdf(pdf), "the PDF is encrypted"),
        (lambda pdf: pdf[: len(pdf) // 2], "damaged or truncated"),
        (lambda pdf: empty_pdf(), "the PDF has no pages"),
        (lambda pdf: b"%PDF-1.7\nnot really", "damaged or truncated"),
        (lambda pdf: b"", "empty"),
        (lambda pdf: b"plain text, not a document", "not a PDF, and not an image in a supported format"),
    ],
    ids=["encrypted", "truncated", "zero-pages", "garbage-after-header", "empty", "text"],
)
def test_a_bad_document_is_refused_with_a_reason(scanned_pdf, make, message):
    with pytest.raises(DocumentError, match=message):
        open_source(make(scanned_pdf.read_bytes()))


def test_more_pages_than_the_limit_is_refused_before_rendering(scanned_pdf):
    with pytest.raises(TooManyPagesError, match="3 pages, more than the limit of 2"):
        convert(scanned_pdf, "pdf", limits=DocumentLimits(max_pages=2))


def test_a_page_over_the_pixel_limit_is_refused(scanned_pdf):
    with pytest.raises(ImageTooLargeError, match="page 1 is .* pixels, more than the limit"):
        convert(scanned_pdf, "pdf", limits=DocumentLimits(max_pixels=10_000))
