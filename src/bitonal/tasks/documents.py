"""The ``document`` task: binarize every page of a PDF or multi-page TIFF.

Unlike the image kinds it works on the uploaded bytes themselves (pages are
decoded one at a time) and records pages done / total as it goes. Pages run one
after another here: the service's parallelism is its worker processes, one task
each.
"""

from __future__ import annotations

import io

from ..config import Settings
from ..documents import DocumentLimits, binarize_document
from . import progress
from .store import ClaimedTask, Store

RESULT_TYPES = {"pdf": "Pdf", "tiff": "ImageTIFF"}


def document_limits(settings: Settings) -> DocumentLimits:
    """The service's limits for a document (pages, bytes, pixels per page)."""
    return DocumentLimits(max_pages=settings.max_pages, max_bytes=settings.max_bytes, max_pixels=settings.max_pixels)


def process_document(task: ClaimedTask, settings: Settings, store: Store) -> tuple[bytes, str]:
    """Binarize the task's document into its output format; returns (bytes, result type)."""

    def on_page(done: int, total: int) -> None:
        if done == 0:
            progress.start(store, task.id, total)
        else:
            progress.advance(store, task.id, done)

    out = io.BytesIO()
    binarize_document(
        task.input_data, out, task.output_format,  # type: ignore[arg-type]
        task.method or settings.default_method, task.params,
        workers=1, dpi=settings.document_dpi, limits=document_limits(settings), on_page=on_page,
    )
    return out.getvalue(), RESULT_TYPES[task.output_format]
