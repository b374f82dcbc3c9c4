"""What each kind of task does to its image: one processor per kind.

A processor takes the decoded image and the claimed task and returns the result
bytes and their type (``ImagePNG``, ``ImageTIFF``, ``Text``... or several results
packed by :mod:`bitonal.tasks.results`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import imageio
from ..config import Settings
from ..engine import binarize
from ..ocr.deskew import deskew
from ..ocr.pipeline import recognize
from ..ocr.settings import RecognizeSettings
from . import results
from .store import ClaimedTask

Processor = Callable[[np.ndarray, ClaimedTask, Settings], tuple[bytes, str]]

RESULT_TYPES = {"png": "ImagePNG", "tiff": "ImageTIFF"}


def recognition_settings(params: dict | None, settings: Settings) -> RecognizeSettings:
    """The task's ``settings`` object validated (SettingsError names the field),
    binarizing with the server's default method when ``makeBinarization`` is on."""
    return RecognizeSettings.parse(params, binarization_method=settings.default_method)


def process_binarize(image: np.ndarray, task: ClaimedTask, settings: Settings) -> tuple[bytes, str]:
    method = task.method or settings.default_method
    mask = binarize(image, method, **task.params)
    fmt = task.output_format if task.output_format in RESULT_TYPES else "png"
    return imageio.encode(mask, fmt), RESULT_TYPES[fmt]


def process_deskew(image: np.ndarray, task: ClaimedTask, settings: Settings) -> tuple[bytes, str]:
    return imageio.encode_gray(deskew(image)), "ImagePNG"


def process_recognize(image: np.ndarray, task: ClaimedTask, settings: Settings) -> tuple[bytes, str]:
    found = recognize(image, recognition_settings(task.params, settings))
    return results.pack([(r.type, r.data) for r in found])


PROCESSORS: dict[str, Processor] = {
    "binarize": process_binarize,
    "deskew": process_deskew,
    "recognize": process_recognize,
}
