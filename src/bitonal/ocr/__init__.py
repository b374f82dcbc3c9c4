"""Recognition on Tesseract (through tesserocr): the RecognizeImage pipeline.

One Tesseract engine per process (:mod:`bitonal.ocr.engine`), settings with the
Aspose v5 JSON names (:mod:`bitonal.ocr.settings`), preprocessing and outputs
(:mod:`bitonal.ocr.pipeline`), deskew (:mod:`bitonal.ocr.deskew`), CER
(:mod:`bitonal.ocr.cer`).
"""

from .cer import cer, levenshtein, normalize_whitespace
from .deskew import deskew, estimate_skew
from .pipeline import Result, recognize, recognize_text
from .settings import RecognizeSettings, SettingsError

__all__ = [
    "RecognizeSettings",
    "Result",
    "SettingsError",
    "cer",
    "deskew",
    "estimate_skew",
    "levenshtein",
    "normalize_whitespace",
    "recognize",
    "recognize_text",
]
