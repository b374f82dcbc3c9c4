"""One Tesseract engine per process, created lazily, reused, guarded by a lock.

Loading ``eng.traineddata`` takes ~0.1-0.3 s, so the ``PyTessBaseAPI`` is created on
first use and kept; a call in another language re-initialises it. ``tesserocr`` calls
are not safe to interleave on one API object, so every use holds :data:`_LOCK`
(threads of one worker process serialise; run more processes for more throughput).
``TESSDATA_PREFIX`` is honoured (read at initialisation time).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

from .settings import tessdata_dir

_LOCK = threading.RLock()
_API = None
_API_KEY: tuple[str, str] | None = None


def _make(lang: str, path: str):
    import tesserocr

    # Tesseract's OpenMP threads would oversubscribe cores shared by worker processes.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    return tesserocr.PyTessBaseAPI(path=path, lang=lang, oem=tesserocr.OEM.LSTM_ONLY)


@contextlib.contextmanager
def tesseract(lang: str = "eng") -> Iterator[object]:
    """Hold the process's Tesseract API, initialised for ``lang``, for the ``with`` body."""
    global _API, _API_KEY
    path = tessdata_dir()
    with _LOCK:
        if _API is None or _API_KEY != (lang, path):
            if _API is not None:
                _API.End()
            _API = None
            _API = _make(lang, path)
            _API_KEY = (lang, path)
        try:
            yield _API
        finally:
            _API.Clear()


def reset() -> None:
    """Free the engine (tests; a changed TESSDATA_PREFIX is also picked up automatically)."""
    global _API, _API_KEY
    with _LOCK:
        if _API is not None:
            _API.End()
        _API, _API_KEY = None, None
