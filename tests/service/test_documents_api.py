"""Documents on the native API (a live server): a PDF or multi-page TIFF in, the
binarized document out, pages done / total in the task JSON, bad PDFs refused
with a JSON 4xx before any task is written."""

from __future__ import annotations

import io
from pathlib import Path

import img2pdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pdf_samples import empty_pdf, encrypted_pdf

from .conftest import Server, page_png

SIZES = ((320, 240), (240, 320), (200, 150))


@pytest.fixture(scope="module")
def pdf() -> bytes:
    """Three scanned pages of different sizes, 100 dpi."""
    pages = []
    for i, (w, h) in enumerate(SIZES):
        img = Image.open(io.BytesIO(page_png(w, h, seed=i)))
        out = io.BytesIO()
        img.save(out, format="PNG", dpi=(100, 100))
        pages.append(out.getvalue())
    return img2pdf.convert(pages)


@pytest.fixture(scope="module")
def tiff() -> bytes:
    first, *rest = (Image.open(io.BytesIO(page_png(w, h, seed=i))) for i, (w, h) in enumerate(SIZES))
    out = io.BytesIO()
    first.save(out, format="TIFF", save_all=True, append_images=rest, compression="tiff_lzw", dpi=(200, 200))
    return out.getvalue()


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(data)
    try:
        return [tuple(round(v, 2) for v in doc[i].get_size()) for i in range(len(doc))]
    finally:
        doc.close()


def test_a_pdf_comes_back_as_a_pdf_of_the_same_pages_with_its_task_showing_3_of_3(http, auth, pdf):
    resp = http.post("/v1/binarize", params={"wait": 60}, files={"file": ("scan.pdf", pdf)}, data={"method": "otsu"}, headers=auth)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "application/pdf"
    assert page_sizes(resp.content) == page_sizes(pdf)
    info = http.get(f"/v1/tasks/{resp.headers['x-task-id']}", headers=auth).json()
    assert (info["kind"], info["format"], info["pages_done"], info["pages_total"]) == ("document", "pdf", 3, 3)


def test_a_multipage_tiff_comes_back_as_a_multipage_g4_tiff(http, auth, tiff):
    resp = http.post("/v1/binarize", params={"wait": 60}, files={"file": ("scan.tif", tiff)}, data={"method": "otsu"}, headers=auth)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "image/tiff"
    with Image.open(io.BytesIO(resp.content)) as img:
        frames = []
        for i in range(img.n_frames):
            img.seek(i)
            frames.append((img.size, img.mode, img.info["compression"], img.info["dpi"]))
    assert frames == [(size, "1", "group4", (200.0, 200.0)) for size in SIZES]


def test_a_tiff_can_be_asked_for_as_a_pdf_and_the_status_shows_pages(http, auth, tiff):
    resp = http.post("/v1/binarize", files={"file": ("scan.tif", tiff)}, data={"method": "otsu", "format": "pdf"}, headers=auth)
    assert resp.status_code == 202
    info = resp.json()
    assert info["kind"] == "document" and info["format"] == "pdf"
    done = http.get(info["status_url"], params={"wait": 60}, headers=auth).json()
    assert (done["status"], done["pages_done"], done["pages_total"]) == ("Completed", 3, 3)
    result = http.get(info["result_url"], headers=auth)
    assert result.headers["content-type"] == "application/pdf"
    assert page_sizes(result.content) == [(round(w * 72 / 200, 2), round(h * 72 / 200, 2)) for w, h in SIZES]


def test_an_image_task_has_no_page_counts(http, auth):
    resp = http.post("/v1/binarize", params={"wait": 20}, files={"file": ("p.png", page_png(64, 48))}, headers=auth)
    info = http.get(f"/v1/tasks/{resp.headers['x-task-id']}", headers=auth).json()
    assert info["kind"] == "binarize" and info["pages_done"] is None and info["pages_total"] is None


@pytest.mark.parametrize(
    ("make", "status", "detail"),
    [
        (encrypted_pdf, 400, "the PDF is encrypted"),
        (lambda data: data[: len(data) // 2], 400, "damaged or truncated"),
        (lambda data: empty_pdf(), 400, "the PDF has no pages"),
        (lambda data: data, 400, "a PDF cannot be returned as one PNG"),
    ],
    ids=["encrypted", "truncated", "zero-pages", "pdf-as-png"],
)
def test_a_bad_pdf_is_a_json_4xx_naming_the_problem(http, auth, pdf, make, status, detail):
    data = {"format": "png"} if "PNG" in detail else {}
    resp = http.post("/v1/binarize", files={"file": ("bad.pdf", make(pdf))}, data=data, headers=auth)
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == "application/json"
    assert detail in resp.json()["detail"]


def test_more_pages_than_bitonal_max_pages_is_a_413(tmp_path: Path, pdf):
    server = Server(tmp_path / "var", env={"BITONAL_MAX_PAGES": "2", "BITONAL_WORKERS": "1"}).start()
    try:
        with server.client() as client:
            resp = client.post("/v1/binarize", files={"file": ("scan.pdf", pdf)})
        assert resp.status_code == 413
        assert "3 pages, more than the limit of 2" in resp.json()["detail"]
    finally:
        server.stop()
