"""Binarizing a document page by page, pages in parallel, in bounded memory.

Each worker process opens the document itself, renders one page, binarizes it and
sends back only the page's G4 TIFF (tens of KB), so the parent never holds pixels.
At most two pages per worker are in flight, and finished pages are handed to the
writer in page order as soon as every earlier page is done.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .. import imageio
from ..config import available_cores
from ..engine import binarize
from .sources import DEFAULT_DOCUMENT_LIMITS, DEFAULT_DPI, DocumentLimits, DocumentSource, open_source
from .writers import DocumentFormat, open_writer

PAGES_IN_FLIGHT_PER_WORKER = 2
ProgressCallback = Callable[[int, int], None]  # (pages done, pages in all)


@dataclass(frozen=True)
class PageJob:
    """What a worker needs to produce one page (picklable)."""

    path: str
    index: int
    method: str
    params: dict[str, Any]
    dpi: float
    limits: DocumentLimits


@dataclass(frozen=True)
class BinarizedPage:
    """One page, binarized: a one-page G4 TIFF and the page's size in points."""

    index: int
    g4_tiff: bytes
    size_pt: tuple[float, float]


def binarize_page(source: DocumentSource, index: int, method: str, params: dict[str, Any]) -> BinarizedPage:
    """Render, binarize and G4-encode page ``index`` of an open document."""
    page = source.page(index)
    mask = binarize(page.image, method, **params)
    return BinarizedPage(index, imageio.encode(mask, "tiff", page.dpi), page.size_pt)


# One open document per worker process, reused for every page of the same file.
_worker_source: tuple[str, DocumentSource] | None = None


def _init_worker() -> None:
    import cv2

    cv2.setNumThreads(1)  # the pool is the parallelism


def _run_job(job: PageJob) -> BinarizedPage:
    global _worker_source
    if _worker_source is None or _worker_source[0] != job.path:
        if _worker_source is not None:
            _worker_source[1].close()
        _worker_source = (job.path, open_source(job.path, dpi=job.dpi, limits=job.limits))
    return binarize_page(_worker_source[1], job.index, job.method, job.params)


def _in_process(source: DocumentSource, method: str, params: dict[str, Any]) -> Iterator[BinarizedPage]:
    for index in range(source.page_count):
        yield binarize_page(source, index, method, params)


def _in_pool(path: str, count: int, workers: int, method: str, params: dict[str, Any], dpi: float,
             limits: DocumentLimits) -> Iterator[BinarizedPage]:
    # forkserver, not fork: the parent may run threads (rich's progress refresh) and
    # PDFium; the server imports the engine once and each worker is forked from it
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["bitonal.documents.pipeline"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker) as pool:
        pending: dict[int, Future[BinarizedPage]] = {}
        submitted = 0
        for index in range(count):
            while submitted < count and len(pending) < workers * PAGES_IN_FLIGHT_PER_WORKER:
                job = PageJob(path, submitted, method, params, dpi, limits)
                pending[submitted] = pool.submit(_run_job, job)
                submitted += 1
            try:
                yield pending.pop(index).result()
            except BaseException:
                for future in pending.values():
                    future.cancel()
                raise


def binarize_document(
    source: bytes | str | os.PathLike[str],
    out: BinaryIO,
    fmt: DocumentFormat,
    method: str = "auto",
    params: dict[str, Any] | None = None,
    *,
    workers: int = 0,
    dpi: float = DEFAULT_DPI,
    limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
    on_page: ProgressCallback | None = None,
) -> int:
    """Binarize every page of a PDF or multi-page TIFF into a PDF or G4 TIFF.

    Parameters
    ----------
    source : bytes or path
        The document. Pages run in parallel only for a path (each worker opens it).
    out : binary stream
        Where the output document is written.
    fmt : "pdf" or "tiff"
        Output: a PDF of G4 images, or a multi-page G4 TIFF.
    method, params
        The binarization method and its (validated) parameters.
    workers : int
        Worker processes; 0 = one per available core (never more than pages).
        With 1, or for bytes, pages run in this process.
    dpi : float
        Resolution for PDF pages that are not one scanned image.
    limits : DocumentLimits
        Pages, bytes and pixels per page, checked before rendering.
    on_page : callable(done, total), optional
        Called once when the page count is known (``done=0``) and after each page.

    Returns
    -------
    int
        The number of pages written.
    """
    params = params or {}
    document = open_source(source, dpi=dpi, limits=limits)
    count = document.page_count
    workers = min(workers or available_cores(), count)
    if on_page:
        on_page(0, count)
    writer = open_writer(fmt, out)
    try:
        if workers > 1 and not isinstance(source, bytes):
            document.close()  # the workers open their own
            pages = _in_pool(str(Path(source).resolve()), count, workers, method, params, dpi, limits)
        else:
            pages = _in_process(document, method, params)
        for page in pages:
            writer.add(page.g4_tiff, page.size_pt)
            if on_page:
                on_page(page.index + 1, count)
        writer.close()
    finally:
        document.close()
    return count
