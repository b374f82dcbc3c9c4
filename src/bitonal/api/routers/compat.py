"""Aspose.OCR Cloud v5 compatible routes (``/v5.0/ocr/...``), as the official SDK calls them.

Every route needs a bearer token. An unknown id, a deleted task, an expired result
and another client's task all answer the same: ``NotExist`` / ``TaskNotFound``.
"""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool

from ...tasks import results
from ...tasks.processors import recognition_settings
from ...tasks.store import COMPLETED, ERROR
from ..deps import ClientDep, DispatcherDep, SettingsDep, StoreDep, SubmitterDep
from ..errors import ApiError
from ..schemas import BinarizeImageBody, RecognizeImageBody, OCRError, OCRResponse, OCRResult, ProblemDetails
from ..submit import decode_base64, read_upload, submit
from ..waiting import fetch

router = APIRouter(
    prefix="/v5.0/ocr",
    tags=["Aspose v5 compatible"],
    responses={
        400: {"model": ProblemDetails}, 401: {"model": ProblemDetails}, 413: {"model": ProblemDetails},
    },
)

IdQuery = Annotated[str, Query(description="Task id returned by the POST", min_length=1)]
TASK_ID_RESPONSE = {200: {"content": {"text/plain": {"schema": {"type": "string", "format": "uuid"}}}, "description": "The task id"}}

MEDIA_TYPES = {
    "ImagePNG": "image/png", "ImageTIFF": "image/tiff", "Text": "text/plain; charset=utf-8",
    "Hocr": "application/xhtml+xml", "Pdf": "application/pdf",
}


def _not_found(task_id: str) -> OCRResponse:
    return OCRResponse(
        id=task_id, responseStatusCode="TaskNotFound", taskStatus="NotExist", results=None,
        error=OCRError(messages=["no task with this id (unknown, deleted or expired)"]),
    )


async def _ocr_response(request: Request, store: StoreDep, task_id: str, owner: str, wait: float) -> OCRResponse:
    if wait > 0:
        await request.app.state.watcher.wait(task_id, owner, wait)
    found = await fetch(store, task_id, owner)
    if found is None:
        return _not_found(task_id)
    task, result = found
    if task.status == COMPLETED:
        items = results.unpack(result or b"", task.result_type or "ImagePNG")
        return OCRResponse(
            id=task.id, responseStatusCode="Ok", taskStatus="Completed",
            results=[OCRResult(type=kind, data=base64.b64encode(data).decode()) for kind, data in items],
            error=None,
        )
    if task.status == ERROR:
        return OCRResponse(
            id=task.id, responseStatusCode="Error", taskStatus="Error", results=[],
            error=OCRError(messages=[task.error or "processing failed"]),
        )
    return OCRResponse(id=task.id, responseStatusCode="Ok", taskStatus=task.status, results=[], error=None)


def _task_id_text(task_id: str) -> PlainTextResponse:
    return PlainTextResponse(task_id)


async def get_task_result(request: Request, id: IdQuery, client: ClientDep, settings: SettingsDep, store: StoreDep) -> OCRResponse:
    return await _ocr_response(request, store, id, client, settings.compat_wait)


async def delete_task(id: IdQuery, client: ClientDep, store: StoreDep) -> Response:
    await run_in_threadpool(store.delete_task, id, client)
    return Response(status_code=200)


def _result_routes(path: str, what: str) -> None:
    """GET (the OCRResponse) and DELETE of a JSON-family resource: the same for every kind."""
    name = path.strip("/").lower()
    router.add_api_route(
        path, get_task_result, methods=["GET"], response_model=OCRResponse,
        summary=f"{what}: result", operation_id=f"get_{name}",
    )
    router.add_api_route(
        path, delete_task, methods=["DELETE"], summary="Delete a task and its result", operation_id=f"delete_{name}",
    )


def _image_task_routes(path: str, kind: str, what: str) -> None:
    """POST (base64 JSON image -> task id), GET and DELETE of a JSON-family image resource."""

    async def post_image(
        body: BinarizeImageBody, client: SubmitterDep, settings: SettingsDep, store: StoreDep, dispatcher: DispatcherDep
    ) -> PlainTextResponse:
        data = decode_base64(body.image, settings)
        return _task_id_text(await submit(data, owner=client, kind=kind, settings=settings, store=store, dispatcher=dispatcher))

    router.add_api_route(
        path, post_image, methods=["POST"], response_class=PlainTextResponse, responses=TASK_ID_RESPONSE,
        summary=f"{what} an image (base64 JSON)", operation_id=f"post_{path.strip('/').lower()}",
    )
    _result_routes(path, what)


# -- binarization and deskew, JSON family ------------------------------------------------------
_image_task_routes("/BinarizeImage", "binarize", "Binarize")
_image_task_routes("/DeskewImage", "deskew", "Deskew")


# -- recognition ------------------------------------------------------------------------------
@router.post("/RecognizeImage", response_class=PlainTextResponse, responses=TASK_ID_RESPONSE, summary="Recognize text (Tesseract)")
async def post_recognize_image(
    body: RecognizeImageBody, client: SubmitterDep, settings: SettingsDep, store: StoreDep, dispatcher: DispatcherDep
) -> PlainTextResponse:
    data = decode_base64(body.image, settings)
    recognition_settings(body.settings, settings)  # a bad setting is a 400 naming it, before any task
    return _task_id_text(
        await submit(data, owner=client, kind="recognize", settings=settings, store=store, dispatcher=dispatcher, params=body.settings)
    )


_result_routes("/RecognizeImage", "Recognize")


# -- ImageProcessing family (multipart file) --------------------------------------------------
def _file_task_route(path: str, kind: str, what: str) -> None:
    """POST of an uploaded image (multipart field ``file``) -> task id."""

    async def post_file(
        file: Annotated[UploadFile, File(description="The image file")],
        client: SubmitterDep, settings: SettingsDep, store: StoreDep, dispatcher: DispatcherDep,
    ) -> PlainTextResponse:
        data = await read_upload(file, settings)
        return _task_id_text(await submit(data, owner=client, kind=kind, settings=settings, store=store, dispatcher=dispatcher))

    router.add_api_route(
        path, post_file, methods=["POST"], response_class=PlainTextResponse, responses=TASK_ID_RESPONSE,
        summary=f"{what} an uploaded image (multipart field 'file')",
        operation_id=f"post_{path.rsplit('/', 1)[-1].lower()}",
    )


_file_task_route("/ImageProcessing/PostBinarizationFile", "binarize", "Binarize")
_file_task_route("/ImageProcessing/PostSkewCorrectionFile", "deskew", "Deskew")


@router.post("/ImageProcessing/PostDewarpingFile", include_in_schema=False)
@router.post("/ImageProcessing/PostUpsamplingImageFile", include_in_schema=False)
@router.post("/DewarpImage", include_in_schema=False)
@router.post("/UpscaleImage", include_in_schema=False)
async def not_implemented(client: ClientDep) -> Response:
    raise ApiError(501, "this preprocessing is not implemented by bitonal (binarization and deskew are)")


router.add_api_route(
    "/ImageProcessing/GetResultTask", get_task_result, methods=["GET"], response_model=OCRResponse,
    summary="Result of any task", operation_id="get_result_task",
)


@router.get(
    "/ImageProcessing/GetResultFile",
    responses={
        200: {"content": {"image/png": {}}, "description": "The result file"},
        204: {"description": "Not ready yet"},
        404: {"model": ProblemDetails}, 422: {"model": ProblemDetails},
    },
    summary="Result file of a task (204 while not ready)",
)
async def get_result_file(id: IdQuery, client: ClientDep, store: StoreDep) -> Response:
    found = await fetch(store, id, client)
    if found is None:
        raise ApiError(404, "no task with this id (unknown, deleted or expired)")
    task, result = found
    if task.status == COMPLETED:
        kind, data = results.unpack(result or b"", task.result_type or "ImagePNG")[0]  # the first result
        return Response(data, media_type=MEDIA_TYPES.get(kind, "application/octet-stream"))
    if task.status == ERROR:
        raise ApiError(422, f"the task failed: {task.error}")
    return Response(status_code=204)
