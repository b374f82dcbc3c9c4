"""Documents in ``bitonal binarize``: which inputs are documents, where their output
goes, and binarizing one with a progress bar over its pages."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .inputs import STDIO

if TYPE_CHECKING:
    from rich.progress import Progress

DOCUMENT_FORMATS = ("pdf", "tiff")
SUFFIX_FORMATS = {".pdf": "pdf", ".tif": "tiff", ".tiff": "tiff", ".png": "png"}


def document_kind(item: str | Path) -> str | None:
    """``"pdf"`` or ``"tiff"`` when ``item`` is a PDF or a TIFF of several pages, else
    ``None`` (single images, stdin, unreadable files: the image path reports those)."""
    if item == STDIO:
        return None
    from ..documents import frame_count, sniff_kind

    try:
        with Path(item).open("rb") as fh:
            kind = sniff_kind(fh.read(1024))
    except OSError:
        return None
    if kind == "tiff" and frame_count(Path(item)) < 2:
        return None
    return kind


def output_format(kind: str | None, target: str | Path, fmt: str | None) -> str:
    """The output format of one input: ``-f``, else the output's suffix, else the
    input's own kind for a document (a PDF stays a PDF), else png."""
    if fmt:
        return fmt
    if target != STDIO:
        by_suffix = SUFFIX_FORMATS.get(Path(target).suffix.lower())
        if by_suffix:
            return by_suffix
    return kind or "png"


def binarize_document_file(
    item: str | Path, fmt: str, method: str, params: dict[str, Any], *, workers: int, dpi: float,
    progress: Progress,
) -> bytes:
    """Binarize every page of ``item`` into a ``fmt`` document; a bar follows its pages.

    Raises :class:`BitonalError` naming the file (encrypted, damaged, too many pages...).
    """
    from ..documents import DEFAULT_DOCUMENT_LIMITS, binarize_document
    from ..engine.errors import BitonalError

    if fmt not in DOCUMENT_FORMATS:
        raise BitonalError(f"{item}: a document cannot be written as {fmt}; use -f pdf or -f tiff")
    task = progress.add_task(f"  {Path(item).name}: pages", total=None)

    def on_page(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    out = io.BytesIO()
    try:
        binarize_document(
            Path(item), out, fmt, method, params, workers=workers, dpi=dpi, limits=DEFAULT_DOCUMENT_LIMITS,  # type: ignore[arg-type]
            on_page=on_page,
        )
    except BitonalError as exc:
        message = str(exc)
        raise type(exc)(message if message.startswith(str(item)) else f"{item}: {message}") from None
    finally:
        progress.remove_task(task)
    return out.getvalue()
