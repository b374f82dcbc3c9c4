"""The wire contract as pydantic models (JSON names exactly as the Aspose v5 SDK reads them)."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class OCRTaskStatus(str, Enum):
    Pending = "Pending"
    Processing = "Processing"
    Completed = "Completed"
    Error = "Error"
    NotExist = "NotExist"


class ResponseStatusCode(str, Enum):
    Ok = "Ok"
    PartiallyNotFound = "PartiallyNotFound"
    NoAnyResultData = "NoAnyResultData"
    ResultDataLost = "ResultDataLost"
    TaskNotFound = "TaskNotFound"
    NotReady = "NotReady"
    Error = "Error"


class OCRResult(BaseModel):
    type: str = Field(description="Result kind: ImagePNG for binarization.")
    data: str = Field(description="Base64 of the result bytes.")


class OCRError(BaseModel):
    messages: list[str] = []
    warnings: list[str] = []


class OCRResponse(BaseModel):
    id: str
    responseStatusCode: ResponseStatusCode
    taskStatus: OCRTaskStatus
    results: list[OCRResult] | None = None
    error: OCRError | None = None


class BinarizeImageBody(BaseModel):
    """``OCRBinarizeImageBody``: the image as base64 (a ``data:`` URL prefix is accepted)."""

    model_config = ConfigDict(extra="ignore")
    image: str = Field(description="Base64-encoded image file (PNG, JPEG, TIFF, BMP, GIF, WEBP...).")


class RecognizeImageBody(BaseModel):
    """``OCRRecognizeImageBody``: image plus ``settings`` (validated by the OCR pipeline)."""

    model_config = ConfigDict(extra="ignore")
    image: str = Field(description="Base64-encoded image file.")
    settings: dict[str, Any] = Field(default_factory=dict, description="OCRSettingsRecognizeImage (JSON names exact).")


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, the error body of every route except /connect/token."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, Any]] | None = None


class TokenResponse(BaseModel):
    access_token: str
    expires_in: int
    token_type: str = "Bearer"


class OAuthError(BaseModel):
    """RFC 6749 section 5.2."""

    error: str
    error_description: str | None = None


class TaskInfo(BaseModel):
    """Native status of a task."""

    id: str
    kind: str
    status: OCRTaskStatus
    method: str | None
    params: dict[str, Any]
    format: str
    queue_position: int | None = Field(None, description="1 = next to run; only while Pending.")
    attempts: int
    error: str | None = None
    created_at: float
    finished_at: float | None = None
    status_url: str
    result_url: str
    pages_done: int | None = Field(None, description="Document tasks: pages binarized so far.")
    pages_total: int | None = Field(None, description="Document tasks: pages in the document.")


class MethodParam(BaseModel):
    name: str
    type: str
    default: Any
    description: str
    constraints: dict[str, Any]


class MethodInfo(BaseModel):
    name: str
    summary: str
    reference: str
    parameters: list[MethodParam]
    default: bool


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    database: str
    workers: int
    dispatcher: str
    tasks: dict[str, int] = {}
