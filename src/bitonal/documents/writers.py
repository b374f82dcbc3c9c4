"""Writing binarized pages, in order, into a multi-page G4 TIFF or a PDF.

Each page arrives as a one-page CCITT G4 TIFF (a few tens of KB for an A4 page).
The TIFF writer appends it as a frame at once (into memory: Pillow's appending
writer needs to read back what it wrote, and the output stream may be a pipe);
the PDF writer keeps the compressed pages and hands them to img2pdf at the end,
which embeds the G4 data as it is (no re-encoding), each on a page of the input
page's size. Either way only compressed pages are held, never pixels.
"""

from __future__ import annotations

import io
from typing import BinaryIO, Literal, Protocol

import img2pdf
from PIL import Image, TiffImagePlugin

DocumentFormat = Literal["pdf", "tiff"]
DOCUMENT_FORMATS: tuple[str, ...] = ("pdf", "tiff")
MEDIA_TYPES = {"pdf": "application/pdf", "tiff": "image/tiff"}
SUFFIXES = {"pdf": ".pdf", "tiff": ".tif"}


class PageWriter(Protocol):
    """Takes binarized pages in order; ``close`` finishes the file."""

    def add(self, g4_tiff: bytes, size_pt: tuple[float, float]) -> None: ...

    def close(self) -> None: ...


class TiffWriter:
    """A multi-page TIFF, one G4 frame per page, each with its resolution."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._buffer = io.BytesIO()
        self._writer = TiffImagePlugin.AppendingTiffWriter(self._buffer, new=True)

    def add(self, g4_tiff: bytes, size_pt: tuple[float, float]) -> None:
        with Image.open(io.BytesIO(g4_tiff)) as page:
            page.save(self._writer, format="TIFF", compression="group4", dpi=page.info.get("dpi"))
        self._writer.newFrame()

    def close(self) -> None:
        self._writer.close()  # finalizes the last frame; the buffer stays open
        self._out.write(self._buffer.getvalue())


class PdfWriter:
    """A PDF with one page per binarized page, at the size of the input page."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._pages: list[bytes] = []
        self._sizes: list[tuple[float, float]] = []

    def add(self, g4_tiff: bytes, size_pt: tuple[float, float]) -> None:
        self._pages.append(g4_tiff)
        self._sizes.append(size_pt)

    def close(self) -> None:
        sizes = iter(self._sizes)

        # img2pdf asks for the layout of each image in turn; the page keeps the
        # input page's exact size (the rendered pixels may round it by a fraction).
        def layout(_width_px: int, _height_px: int, _dpi: object) -> tuple[float, float, float, float]:
            width, height = next(sizes)
            return width, height, width, height

        img2pdf.convert(*self._pages, layout_fun=layout, outputstream=self._out)
        self._pages.clear()


def open_writer(fmt: DocumentFormat, out: BinaryIO) -> PageWriter:
    """The writer for ``fmt`` (``"pdf"`` or ``"tiff"``) on a binary stream."""
    if fmt == "pdf":
        return PdfWriter(out)
    if fmt == "tiff":
        return TiffWriter(out)
    raise ValueError(f"unknown document format '{fmt}' (choose from {', '.join(DOCUMENT_FORMATS)})")
