"""What each kind of task does: one handler per kind (:data:`HANDLERS`).

A handler takes the claimed task, the settings and the store and returns the result
bytes and their type (``ImagePNG``, ``ImageTIFF``, ``Text``... or several results
packed by :mod:`bitonal.tasks.results`). The image kinds are processors of the
decoded image (:data:`PROCESSORS`); a document decodes its pages one at a time
itself (:mod:`bitonal.tasks.documents`).
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
from .documents import process_document
from .store import ClaimedTask, Store

Processor = Callable[[np.ndarray, ClaimedTask, Settings], tuple[bytes, str]]
Handler = Callable[[ClaimedTask, Settings, Store], tuple[bytes, str]]

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


def on_decoded_image(processor: Processor) -> Handler:
    """The handler that decodes the task's image (within the server's limits) and
    hands it to ``processor``."""

    def handle(task: ClaimedTask, settings: Settings, store: Store) -> tuple[bytes, str]:
        return processor(imageio.decode(task.input_data, settings.limits), task, settings)

    return handle


HANDLERS: dict[str, Handler] = {
    **{kind: on_decoded_image(processor) for kind, processor in PROCESSORS.items()},
    "document": process_document,
}
