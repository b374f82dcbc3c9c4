"""Documents: PDF and multi-page TIFF in, PDF or multi-page G4 TIFF out.

``sources`` reads pages one at a time (pypdfium2 renders PDF pages, Pillow reads
TIFF frames), ``writers`` writes G4 pages in order (img2pdf embeds them in a PDF
unchanged), and ``pipeline`` binarizes the pages in parallel in bounded memory::

    from bitonal.documents import binarize_document
    with open("out.pdf", "wb") as out:
        binarize_document("scan.pdf", out, "pdf")
"""

from .pipeline import binarize_document, binarize_page
from .sources import (
    DEFAULT_DOCUMENT_LIMITS,
    DEFAULT_DPI,
    DocumentError,
    DocumentLimits,
    TooManyPagesError,
    frame_count,
    open_source,
    pdf_text,
    sniff_kind,
)
from .writers import DOCUMENT_FORMATS, MEDIA_TYPES, SUFFIXES, DocumentFormat, open_writer

__all__ = [
    "DEFAULT_DOCUMENT_LIMITS",
    "DEFAULT_DPI",
    "DOCUMENT_FORMATS",
    "MEDIA_TYPES",
    "SUFFIXES",
    "DocumentError",
    "DocumentFormat",
    "DocumentLimits",
    "TooManyPagesError",
    "binarize_document",
    "binarize_page",
    "frame_count",
    "open_source",
    "open_writer",
    "pdf_text",
    "sniff_kind",
]
