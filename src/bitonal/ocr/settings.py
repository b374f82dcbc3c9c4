"""The ``settings`` object of RecognizeImage (Aspose.OCR Cloud v5 ``OCRSettingsRecognizeImage``).

Field names (the JSON aliases) and enum values are those of the official SDK
``aspose-ocr-cloud==24.11.0`` (``models/ocr_settings_recognize_image.py`` and friends).
Unknown fields, unknown enum values and values we cannot honour raise
:class:`SettingsError`, whose message names the field.
"""

from __future__ import annotations

import os
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..engine.errors import BitonalError


class SettingsError(BitonalError):
    """A recognition setting is unknown, of the wrong type, or not supported."""


class DsrMode(str, Enum):
    REGIONS = "Regions"
    DSR_NO_FILTER = "DsrNoFilter"
    DSR_AND_FILTER = "DsrAndFilter"
    NO_DSR_NO_FILTER = "NoDsrNoFilter"
    TEXT_DETECTOR = "TextDetector"
    DSR_PLUS_DETECTOR = "DsrPlusDetector"
    POLYGONAL_TEXT_DETECTOR = "PolygonalTextDetector"
    LINE_DETECTOR = "LineDetector"


class DsrConfidence(str, Enum):
    DEFAULT = "Default"
    LOW = "Low"
    LOW_MID = "LowMid"
    MID = "Mid"
    MID_HIGH = "MidHigh"
    HIGH = "High"
    ULTRA = "Ultra"
    ALL = "All"


class ResultType(str, Enum):
    TEXT = "Text"
    PDF = "Pdf"
    TEXT_AND_PDF = "TextAndPdf"
    HOCR = "Hocr"
    TEXT_AND_HOCR = "TextAndHocr"
    PDF_AND_HOCR = "PdfAndHocr"
    TEXT_AND_PDF_AND_HOCR = "TextAndPdfAndHocr"
    IMAGE_PNG = "ImagePNG"
    JSON = "JSON"


class ResultTypeTable(str, Enum):
    TEXT = "Text"
    EXCEL = "Excel"
    CSV = "Csv"
    CSV_AND_EXCEL = "CsvAndExcel"


# Aspose language names -> Tesseract traineddata codes. Any Aspose name not listed
# here is refused (the SDK's enum has 150+ names; Tesseract has data for many of them,
# add them here when their traineddata is installed).
LANGUAGES: dict[str, str] = {
    "English": "eng",
    "German": "deu",
    "French": "fra",
    "Italian": "ita",
    "Spanish": "spa",
    "Portuguese": "por",
    "Polish": "pol",
    "Slovene": "slv",
    "Slovak": "slk",
    "Netherlands": "nld",
    "Dutch": "nld",
    "Lithuanian": "lit",
    "Latvian": "lav",
    "Danish": "dan",
    "Norwegian": "nor",
    "Finnish": "fin",
    "Serbian": "srp",
    "Croatian": "hrv",
    "Czech": "ces",
    "Swedish": "swe",
    "Estonian": "est",
    "Romanian": "ron",
    "Chinese": "chi_sim",
    "Russian": "rus",
    "Arabic": "ara",
    "Hindi": "hin",
    "Ukrainan": "ukr",
    "Turkish": "tur",
    "Korean": "kor",
    "Hebrew": "heb",
    "Greek": "ell",
    "Japanese": "jpn",
    "Persian": "fas",
    "Latin": "lat",
    "Vietnamese": "vie",
    "Bulgarian": "bul",
    "Hungarian": "hun",
    "Catalan": "cat",
    "Afrikaans": "afr",
}

# dsrConfidence -> minimum Tesseract word confidence (0..100) kept in the Text result.
CONFIDENCE_THRESHOLDS: dict[DsrConfidence, float] = {
    DsrConfidence.DEFAULT: 0.0,
    DsrConfidence.ALL: 0.0,
    DsrConfidence.LOW: 10.0,
    DsrConfidence.LOW_MID: 25.0,
    DsrConfidence.MID: 40.0,
    DsrConfidence.MID_HIGH: 55.0,
    DsrConfidence.HIGH: 70.0,
    DsrConfidence.ULTRA: 85.0,
}


def tessdata_dir() -> str:
    """Where the ``*.traineddata`` files are: ``$TESSDATA_PREFIX`` or the Debian default."""
    prefix = os.environ.get("TESSDATA_PREFIX") or "/usr/share/tesseract-ocr/5/tessdata"
    # Tesseract accepts both the tessdata folder and its parent as the prefix.
    if not any(f.endswith(".traineddata") for f in _listdir(prefix)):
        sub = os.path.join(prefix, "tessdata")
        if any(f.endswith(".traineddata") for f in _listdir(sub)):
            return sub
    return prefix


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


class OCRRect(BaseModel):
    """A rectangle in the SDK's shape (``topLeftX, topLeftY, bottomRightX, bottomRightY``).

    The ``{left, top, width, height}`` shape is accepted too.
    """

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    top_left_x: int = Field(alias="topLeftX", ge=0)
    top_left_y: int = Field(alias="topLeftY", ge=0)
    bottom_right_x: int = Field(alias="bottomRightX", ge=0)
    bottom_right_y: int = Field(alias="bottomRightY", ge=0)

    @model_validator(mode="before")
    @classmethod
    def _from_ltwh(cls, data: Any) -> Any:
        if isinstance(data, dict) and {"left", "top", "width", "height"} <= set(data):
            return {
                "topLeftX": data["left"],
                "topLeftY": data["top"],
                "bottomRightX": data["left"] + data["width"],
                "bottomRightY": data["top"] + data["height"],
            }
        return data

    @model_validator(mode="after")
    def _non_empty(self) -> OCRRect:
        if self.bottom_right_x <= self.top_left_x or self.bottom_right_y <= self.top_left_y:
            raise ValueError("rect is empty: bottomRight must be right of and below topLeft")
        return self

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom), right and bottom exclusive."""
        return self.top_left_x, self.top_left_y, self.bottom_right_x, self.bottom_right_y


class OCRRegion(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    rect: OCRRect
    order: int | None = None


class RecognizeSettings(BaseModel):
    """RecognizeImage ``settings``; build with :meth:`parse` to get :class:`SettingsError`."""

    model_config = ConfigDict(populate_by_name=False, extra="forbid")

    language: str | None = Field(default=None, alias="language")
    make_skew_correct: bool = Field(default=True, alias="makeSkewCorrect", strict=True)
    make_binarization: bool = Field(default=False, alias="makeBinarization", strict=True)
    make_spell_check: bool = Field(default=False, alias="makeSpellCheck", strict=True)
    make_contrast_correction: bool = Field(default=False, alias="makeContrastCorrection", strict=True)
    make_upsampling: bool = Field(default=False, alias="makeUpsampling", strict=True)
    dsr_mode: DsrMode | None = Field(default=None, alias="dsrMode")
    dsr_confidence: DsrConfidence | None = Field(default=None, alias="dsrConfidence")
    result_type: ResultType | None = Field(default=None, alias="resultType")
    rotate: int | None = Field(default=None, alias="Rotate", strict=True)
    result_type_table: ResultTypeTable | None = Field(default=None, alias="resultTypeTable")
    regions: list[OCRRegion] | None = Field(default=None, alias="regions")

    # --- not part of the wire format: our own extension, used by the CLI and native API
    binarization_method: str = Field(default="auto", exclude=True)

    @classmethod
    def parse(cls, data: dict[str, Any] | None = None, **overrides: Any) -> RecognizeSettings:
        """Validate a settings dict (JSON names), raising :class:`SettingsError` naming the field."""
        raw = dict(data or {})
        raw.update(overrides)
        try:
            settings = cls.model_validate(raw)
        except ValidationError as exc:
            problems = []
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "settings"
                if err["type"] == "extra_forbidden":
                    problems.append(f"unknown setting '{where}'")
                elif err["type"] == "enum":
                    allowed = err.get("ctx", {}).get("expected", "")
                    problems.append(f"setting '{where}': unknown value {err.get('input')!r} (allowed: {allowed})")
                else:
                    problems.append(f"setting '{where}': {err['msg']} (got {err.get('input')!r})")
            raise SettingsError("; ".join(problems)) from None
        settings.check_supported()
        return settings

    # ------------------------------------------------------------------------------
    def check_supported(self) -> None:
        """Refuse, naming the field, what this engine cannot honour."""
        if self.language is not None and self.language not in LANGUAGES:
            raise SettingsError(
                f"setting 'language': {self.language!r} is not supported "
                f"(supported: {', '.join(sorted(LANGUAGES))})"
            )
        code = self.tesseract_language
        path = os.path.join(tessdata_dir(), f"{code}.traineddata")
        if not os.path.exists(path):
            raise SettingsError(
                f"setting 'language': {self.language or 'English'} needs Tesseract data "
                f"'{code}.traineddata', which is not installed in {tessdata_dir()}"
            )
        if self.make_spell_check:
            raise SettingsError("setting 'makeSpellCheck': spell checking is not supported by this server")
        if self.result_type == ResultType.JSON:
            raise SettingsError("setting 'resultType': 'JSON' is not supported (use Text, Hocr, Pdf or ImagePNG)")
        if self.result_type_table not in (None, ResultTypeTable.TEXT):
            raise SettingsError(
                f"setting 'resultTypeTable': {self.result_type_table.value!r} is not supported "
                "by RecognizeImage (only 'Text')"
            )

    @property
    def tesseract_language(self) -> str:
        return LANGUAGES[self.language or "English"]

    @property
    def outputs(self) -> list[str]:
        """The result kinds to produce, in order: some of Text, Hocr, Pdf, ImagePNG."""
        rt = (self.result_type or ResultType.TEXT).value
        if rt == "ImagePNG":
            return ["ImagePNG"]
        return [kind for kind in ("Text", "Pdf", "Hocr") if kind in rt]

    @property
    def min_word_confidence(self) -> float:
        return CONFIDENCE_THRESHOLDS[self.dsr_confidence or DsrConfidence.DEFAULT]

    def ordered_regions(self) -> list[OCRRegion]:
        """Regions sorted by ``order`` (regions without one keep their list position, after)."""
        regs = list(self.regions or [])
        return [r for _, r in sorted(enumerate(regs), key=lambda ir: (ir[1].order is None, ir[1].order or 0, ir[0]))]
