"""Reading the pages of a document one at a time: PDF (rendered with pypdfium2) or
a raster file with one or more frames (multi-page TIFF, or any single image).

Only one page's pixels are decoded at a time; the page count and every limit are
checked when the document is opened, before any page is rendered.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
import pikepdf
import pypdfium2 as pdfium

from .. import imageio
from ..engine.errors import InvalidImageError
from ..imageio import ImageTooLargeError

DocumentKind = Literal["pdf", "tiff"]
DEFAULT_DPI = 300.0
# A scanned page's own resolution is used when it is within this range; outside it
# (thumbnails, a mis-declared size) the page is rendered at the dpi asked for.
SCAN_DPI_RANGE = (50.0, 1200.0)


class DocumentError(InvalidImageError):
    """The document cannot be read: encrypted, damaged, truncated or empty."""


class TooManyPagesError(ImageTooLargeError):
    """The document has more pages than the configured limit."""


@dataclass(frozen=True)
class DocumentLimits:
    """Limits checked when a document is opened and before each page is rendered.

    The file's size matters less than for an image (pages are decoded one at a
    time), hence a larger default; the service uses its upload limit.
    """

    max_pages: int = 1000
    max_bytes: int = 2 * 1024**3
    max_pixels: int = imageio.DEFAULT_LIMITS.max_pixels


DEFAULT_DOCUMENT_LIMITS = DocumentLimits()


@dataclass(frozen=True)
class SourcePage:
    """One decoded page: its pixels, its resolution and its physical size."""

    index: int
    image: np.ndarray
    dpi: tuple[float, float]
    size_pt: tuple[float, float]  # width, height in PDF points (1/72 inch)


class DocumentSource(Protocol):
    """The pages of an open document, decoded on demand."""

    kind: DocumentKind
    page_count: int

    def page(self, index: int) -> SourcePage: ...

    def close(self) -> None: ...


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` starts like a PDF (the header may follow up to 1 KiB of junk)."""
    return b"%PDF-" in data[:1024]


def sniff_kind(head: bytes) -> DocumentKind | None:
    """``"pdf"``, ``"tiff"`` or ``None`` from the first bytes of a file."""
    if is_pdf(head):
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


def frame_count(data: bytes | Path) -> int:
    """Frames of a raster file (1 for anything that is not multi-frame; 0 if unreadable)."""
    try:
        with imageio.open_image(io.BytesIO(data) if isinstance(data, bytes) else data) as img:
            return int(getattr(img, "n_frames", 1))
    except (InvalidImageError, OSError, ValueError, SyntaxError):
        return 0


def open_source(
    source: bytes | str | os.PathLike[str],
    *,
    dpi: float = DEFAULT_DPI,
    limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
) -> DocumentSource:
    """Open a PDF or a raster document (bytes or a path) and check its limits.

    Parameters
    ----------
    source : bytes or path
        The document.
    dpi : float
        Resolution for PDF pages that are not one scanned image, and for raster
        frames that record none.
    limits : DocumentLimits
        Pages, bytes and pixels per page.

    Raises
    ------
    DocumentError
        Encrypted, damaged, truncated, empty, or not a document.
    TooManyPagesError, ImageTooLargeError
        A limit is exceeded.
    """
    name = "" if isinstance(source, bytes) else f"{source}: "
    try:
        size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
        head = source[:1024] if isinstance(source, bytes) else _head(Path(source))
    except OSError as exc:
        raise DocumentError(f"{name}cannot read ({exc.strerror})") from None
    if size == 0:
        raise DocumentError(f"{name}the file is empty (0 bytes)")
    if size > limits.max_bytes:
        raise ImageTooLargeError(f"{name}{size} bytes exceeds the limit of {limits.max_bytes} bytes")
    try:
        if is_pdf(head):
            return PdfSource(source, dpi=dpi, limits=limits)
        return RasterSource(source, dpi=dpi, limits=limits)
    except InvalidImageError as exc:
        raise type(exc)(f"{name}{exc}") from None


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(1024)


def _check_page_count(count: int, limits: DocumentLimits) -> None:
    if count > limits.max_pages:
        raise TooManyPagesError(f"the document has {count} pages, more than the limit of {limits.max_pages}")


def _check_pixels(index: int, width: int, height: int, limits: DocumentLimits) -> None:
    if width * height > limits.max_pixels:
        raise ImageTooLargeError(
            f"page {index + 1} is {width}x{height} = {width * height} pixels, "
            f"more than the limit of {limits.max_pixels}"
        )


class PdfSource:
    """A PDF whose pages are rendered one at a time.

    A page that is one scanned image is rendered at that image's resolution, so the
    pixels are the scan's own; any other page at ``dpi``.
    """

    kind: DocumentKind = "pdf"

    def __init__(self, source: bytes | str | os.PathLike[str], *, dpi: float, limits: DocumentLimits) -> None:
        try:
            self._pdf = pdfium.PdfDocument(source if isinstance(source, bytes) else os.fspath(source))
        except pdfium.PdfiumError as exc:
            raise DocumentError(_pdfium_problem(exc.err_code, source)) from None
        self.page_count = len(self._pdf)
        self._dpi = dpi
        self._limits = limits
        if self.page_count == 0:
            raise DocumentError("the PDF has no pages")
        _check_page_count(self.page_count, limits)

    def page(self, index: int) -> SourcePage:
        page = self._pdf[index]
        try:
            width_pt, height_pt = page.get_size()
            dpi = _scan_dpi(page) or self._dpi
            # PDFium rounds the bitmap's size up: nudge the scale down so that a
            # scan's page (its size computed from its pixels) renders at its pixels
            scale = dpi / 72.0 * (1 - 1e-7)
            _check_pixels(index, round(width_pt * scale), round(height_pt * scale), self._limits)
            bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=True)
            image = bitmap.to_numpy().copy()
        except pdfium.PdfiumError as exc:
            raise DocumentError(f"page {index + 1} cannot be rendered ({exc})") from None
        finally:
            page.close()
        height, width = image.shape[:2]
        # the bitmap's whole pixels decide the resolution the page is written with
        return SourcePage(index, image, (width * 72.0 / width_pt, height * 72.0 / height_pt), (width_pt, height_pt))

    def close(self) -> None:
        self._pdf.close()


def pdf_text(source: bytes | str | os.PathLike[str]) -> str:
    """The text layer of a PDF (e.g. OCRmyPDF's), pages joined by newlines."""
    try:
        doc = pdfium.PdfDocument(source if isinstance(source, bytes) else os.fspath(source))
    except pdfium.PdfiumError as exc:
        raise DocumentError(_pdfium_problem(exc.err_code, source)) from None
    try:
        return "\n".join(doc[i].get_textpage().get_text_bounded() for i in range(len(doc)))
    finally:
        doc.close()


def _pdfium_problem(code: int, source: bytes | str | os.PathLike[str]) -> str:
    """Why PDFium refused a document, in words."""
    # PDFium refuses a document with an empty page tree without setting an error
    # code of its own (the last one stays), so ask qpdf, which opens it.
    if _has_no_pages(source):
        return "the PDF has no pages"
    if code == pdfium.raw.FPDF_ERR_PASSWORD:
        return "the PDF is encrypted (password protected); decrypt it first, e.g. qpdf --decrypt"
    if code == pdfium.raw.FPDF_ERR_SECURITY:
        return "the PDF uses an unsupported security handler"
    if code == pdfium.raw.FPDF_ERR_FORMAT:
        return "not a readable PDF: the file is damaged or truncated"
    return "not a readable PDF"


def _has_no_pages(source: bytes | str | os.PathLike[str]) -> bool:
    try:
        with pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source) as pdf:
            return len(pdf.pages) == 0
    except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError):
        return False


def _scan_dpi(page: pdfium.PdfPage) -> float | None:
    """The resolution of the one image that makes up a scanned page, if it is one."""
    images = list(page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=1))
    if len(images) != 1:
        return None
    meta = images[0].get_metadata()
    dpi = float(meta.horizontal_dpi)
    lo, hi = SCAN_DPI_RANGE
    return round(dpi) if lo <= dpi <= hi else None


class RasterSource:
    """A multi-frame raster file (TIFF) or a single image, one frame per page."""

    kind: DocumentKind = "tiff"

    def __init__(self, source: bytes | str | os.PathLike[str], *, dpi: float, limits: DocumentLimits) -> None:
        try:
            self._img = imageio.open_image(io.BytesIO(source) if isinstance(source, bytes) else source)
        except ImageTooLargeError:
            raise
        except InvalidImageError as exc:
            raise DocumentError(f"not a PDF, and {exc}") from None
        try:
            self.page_count = int(getattr(self._img, "n_frames", 1))
        except (OSError, SyntaxError, ValueError) as exc:
            raise DocumentError(f"the {self._img.format} file is damaged or truncated: {exc}") from None
        self._dpi = dpi
        self._limits = limits
        _check_page_count(self.page_count, limits)

    def page(self, index: int) -> SourcePage:
        try:
            self._img.seek(index)
            _check_pixels(index, self._img.width, self._img.height, self._limits)
            self._img.load()
            image = imageio.to_array(self._img)
            dpi = _frame_dpi(self._img.info.get("dpi")) or (self._dpi, self._dpi)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise DocumentError(f"page {index + 1} is damaged or truncated: {exc}") from None
        height, width = image.shape[:2]
        return SourcePage(index, image, dpi, (width * 72.0 / dpi[0], height * 72.0 / dpi[1]))

    def close(self) -> None:
        self._img.close()


def _frame_dpi(value: object) -> tuple[float, float] | None:
    if not isinstance(value, tuple) or len(value) != 2:
        return None
    x, y = (float(v) for v in value)
    if x <= 1 or y <= 1:
        return None
    return (round(x, 2), round(y, 2))
