"""What each kind of task does to its image: one processor per kind.

A processor takes the decoded image and the claimed task and returns the result
bytes and their type (``ImagePNG``, ``ImageTIFF``, ``Text``...). New kinds plug in
here: ``recognize`` calls the OCR pipeline (``bitonal.ocr.pipeline.recognize``) when
that module exists; ``deskew`` calls ``bitonal.ocr.deskew`` when it exists.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import imageio
from ..config import Settings
from ..engine import binarize
from ..engine.errors import BitonalError
from .store import ClaimedTask

Processor = Callable[[np.ndarray, ClaimedTask, Settings], tuple[bytes, str]]

RESULT_TYPES = {"png": "ImagePNG", "tiff": "ImageTIFF"}


class NotAvailableError(BitonalError):
    """The kind of processing asked for is not built into this server yet."""


def _module(name: str) -> Any:
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name)


def process_binarize(image: np.ndarray, task: ClaimedTask, settings: Settings) -> tuple[bytes, str]:
    method = task.method or settings.default_method
    mask = binarize(image, method, **task.params)
    fmt = task.output_format if task.output_format in RESULT_TYPES else "png"
    return imageio.encode(mask, fmt), RESULT_TYPES[fmt]


def process_deskew(image: np.ndarray, task: ClaimedTask, settings: Settings) -> tuple[bytes, str]:
    mod = _module("bitonal.ocr.deskew")
    if mod is None or not hasattr(mod, "deskew"):
        raise NotAvailableError("deskew is not available in this build of bitonal yet")
    out = mod.deskew(image)
    out = out[0] if isinstance(out, tuple) else out
    if out.dtype == bool:
        return imageio.encode(out, "png"), "ImagePNG"
    return imageio.encode_gray(out), "ImagePNG"


def process_recognize(image: np.ndarray, task: ClaimedTask, settings: Settings) -> tuple[bytes, str]:
    mod = _module("bitonal.ocr.pipeline")
    if mod is None or not hasattr(mod, "recognize"):
        raise NotAvailableError("recognition is not available in this build of bitonal yet")
    result = mod.recognize(image, task.params)
    if isinstance(result, str):
        return result.encode("utf-8"), "Text"
    if isinstance(result, tuple) and len(result) == 2:
        data, kind = result
        return (data.encode("utf-8") if isinstance(data, str) else data), str(kind)
    raise TypeError(f"recognize() returned {type(result).__name__}, expected str or (data, type)")


PROCESSORS: dict[str, Processor] = {
    "binarize": process_binarize,
    "deskew": process_deskew,
    "recognize": process_recognize,
}


def available(kind: str) -> bool:
    """Whether this build can run ``kind`` (the API refuses kinds it cannot run)."""
    if kind == "binarize":
        return True
    if kind == "deskew":
        mod = _module("bitonal.ocr.deskew")
        return mod is not None and hasattr(mod, "deskew")
    if kind == "recognize":
        mod = _module("bitonal.ocr.pipeline")
        return mod is not None and hasattr(mod, "recognize")
    return False
