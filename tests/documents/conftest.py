"""Small generated documents: degraded text pages as a PDF of scans and a multi-page TIFF."""

from __future__ import annotations

import io
from pathlib import Path

import img2pdf
import pytest
from PIL import Image

from bitonal.synth import generate_page

# Three pages of different sizes, so that a page taking another's size shows.
PAGE_SIZES = ("A7", (105.0, 74.0), (90.0, 120.0))
SCAN_DPI = 150


def scans(dpi: int = SCAN_DPI) -> list[Image.Image]:
    return [
        Image.fromarray(generate_page(seed=i, family="stains", strength=0.6, dpi=dpi, size=size, max_lines=6).image)
        for i, size in enumerate(PAGE_SIZES)
    ]


def jpeg(img: Image.Image, dpi: float) -> bytes:
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=90, dpi=(dpi, dpi))
    return out.getvalue()


@pytest.fixture(scope="session")
def pages() -> list[Image.Image]:
    return scans()


@pytest.fixture(scope="session")
def scanned_pdf(tmp_path_factory: pytest.TempPathFactory, pages: list[Image.Image]) -> Path:
    """A 3-page PDF, each page one JPEG scan at 150 dpi (as a scanner writes it)."""
    path = tmp_path_factory.mktemp("docs") / "scan.pdf"
    path.write_bytes(img2pdf.convert([jpeg(p, SCAN_DPI) for p in pages]))
    return path


@pytest.fixture(scope="session")
def multipage_tiff(tmp_path_factory: pytest.TempPathFactory, pages: list[Image.Image]) -> Path:
    """A 3-page LZW TIFF at a fax-like 204 x 196 dpi."""
    path = tmp_path_factory.mktemp("docs") / "scan.tif"
    # copies: Pillow keeps an encoder setting on an image it saved as JPEG
    first, *rest = (p.copy() for p in pages)
    first.save(path, save_all=True, append_images=rest, compression="tiff_lzw", dpi=(204, 196))
    return path
