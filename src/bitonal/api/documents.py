"""Documents on the native API: telling a PDF or multi-page TIFF upload from an
image, its output format, and the check made before its task is written."""

from __future__ import annotations

from ..config import Settings
from ..documents import frame_count, open_source, sniff_kind
from ..tasks.documents import document_limits
from .errors import ApiError


def document_format(data: bytes, requested: str | None) -> str | None:
    """The output format when the upload is to be handled as a document, else None.

    A PDF or a TIFF of several pages is a document (output: ``requested``, else its
    own kind); so is any image when ``requested`` is ``pdf``. A document cannot be
    returned as one PNG: 400.
    """
    kind = sniff_kind(data[:1024])
    if kind == "tiff" and frame_count(data) < 2:
        kind = None  # a single-page TIFF is an image
    if kind is None and requested != "pdf":
        return None
    fmt = requested or kind or "pdf"
    if fmt == "png":
        raise ApiError(400, f"a {kind.upper() if kind else 'document'} cannot be returned as one PNG: ask for format pdf or tiff")
    return fmt


def check_document(data: bytes, settings: Settings) -> None:
    """Open the document and check its limits (pages, bytes, pixels) without rendering.

    Raises DocumentError (400: encrypted, damaged, truncated, no pages) or
    ImageTooLargeError (413), which the error handler turns into JSON.
    """
    open_source(data, dpi=settings.document_dpi, limits=document_limits(settings)).close()
