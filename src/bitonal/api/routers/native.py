"""bitonal's own API (``/v1``): method, parameters, output format and a synchronous wait."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ... import engine
from ...documents import MEDIA_TYPES as DOCUMENT_MEDIA_TYPES
from ...imageio import MEDIA_TYPES
from ...tasks import progress
from ...tasks.store import COMPLETED, ERROR, TaskView
from ..deps import ClientDep, DispatcherDep, SettingsDep, StoreDep, SubmitterDep
from ..documents import check_document, document_format
from ..errors import ApiError
from ..schemas import MethodInfo, MethodParam, ProblemDetails, TaskInfo
from ..submit import read_upload, submit
from ..waiting import fetch

router = APIRouter(
    prefix="/v1",
    tags=["native"],
    responses={400: {"model": ProblemDetails}, 401: {"model": ProblemDetails}, 404: {"model": ProblemDetails}},
)

RESULT_MEDIA = {"ImagePNG": MEDIA_TYPES["png"], "ImageTIFF": MEDIA_TYPES["tiff"], "Pdf": DOCUMENT_MEDIA_TYPES["pdf"]}


def _info(request: Request, task: TaskView, position: int | None, pages: progress.Pages | None = None) -> TaskInfo:
    base = str(request.url_for("task_status", task_id=task.id))
    return TaskInfo(
        id=task.id, kind=task.kind, status=task.status, method=task.method, params=task.params,
        format=task.output_format, queue_position=position, attempts=task.attempts, error=task.error,
        created_at=task.created_at, finished_at=task.finished_at, status_url=base, result_url=base + "/result",
        pages_done=pages.done if pages else None, pages_total=pages.total if pages else None,
    )


async def _task_info(request: Request, store: StoreDep, task_id: str, owner: str) -> TaskInfo:
    task = await run_in_threadpool(store.get_task, task_id, owner)
    if task is None:
        raise ApiError(404, f"no task '{task_id}' (unknown, deleted or expired)")
    position = await run_in_threadpool(store.queue_position, task_id) if task.status == "Pending" else None
    pages = await run_in_threadpool(progress.get, store, task_id) if task.kind == "document" else None
    return _info(request, task, position, pages)


def _parse_params(text: str | None) -> dict[str, Any]:
    if text is None or not text.strip():
        return {}
    try:
        params = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"'params' must be a JSON object, e.g. {{\"window\": 31}} ({exc.msg})") from None
    if not isinstance(params, dict):
        raise ApiError(400, "'params' must be a JSON object, e.g. {\"window\": 31}")
    return params


@router.get("/methods", response_model=list[MethodInfo], summary="Binarization methods and their parameters")
async def list_methods(settings: SettingsDep) -> list[MethodInfo]:
    return [
        MethodInfo(
            name=m.name, summary=m.summary, reference=m.reference, default=m.name == settings.default_method,
            parameters=[MethodParam(**vars(p)) for p in m.parameters],
        )
        for m in engine.methods()
    ]


@router.post(
    "/binarize",
    status_code=200,
    responses={
        200: {
            "content": {"image/png": {}, "image/tiff": {}, "application/pdf": {}},
            "description": "The black-and-white image or document (finished within `wait`)",
        },
        202: {"model": TaskInfo, "description": "Accepted; not finished within `wait`"},
        413: {"model": ProblemDetails}, 422: {"model": ProblemDetails, "description": "The task failed"},
        504: {"model": TaskInfo, "description": "`wait` was above the server's maximum and that maximum passed"},
    },
    summary="Binarize an image, a PDF or a multi-page TIFF, optionally waiting for the result",
)
async def binarize(
    request: Request,
    file: Annotated[UploadFile, File(description="The image, PDF or multi-page TIFF")],
    client: SubmitterDep, settings: SettingsDep, store: StoreDep, dispatcher: DispatcherDep,
    method: Annotated[str | None, Form(description="Method name (GET /v1/methods); default: the server's")] = None,
    params: Annotated[str | None, Form(description='Method parameters as a JSON object, e.g. {"window": 31, "k": 0.2}')] = None,
    format: Annotated[
        Literal["png", "tiff", "pdf"] | None,
        Form(description="Output: 1-bit PNG, CCITT G4 TIFF (one frame per page) or PDF of G4 pages; "
             "default png for an image, the input's own kind for a PDF or multi-page TIFF"),
    ] = None,
    wait: Annotated[float, Query(ge=0, description="Seconds to wait for the result (capped by BITONAL_MAX_WAIT)")] = 0,
) -> Response:
    chosen = method or settings.default_method
    checked = engine.get_method(chosen).validate(_parse_params(params))  # 400 on unknown method/param
    data = await read_upload(file, settings)
    as_document = document_format(data, format)  # None: an image
    document_task = {} if as_document is None else {"kind": "document", "check": check_document}
    task_id = await submit(
        data, owner=client, **{"kind": "binarize", **document_task}, settings=settings, store=store,
        dispatcher=dispatcher, method=chosen, params=checked, output_format=as_document or format or "png",
    )
    if wait > 0:
        status = await request.app.state.watcher.wait(task_id, client, min(wait, settings.max_wait))
        if status == COMPLETED:
            return await _result(task_id, client, store, request)
        if status == ERROR:
            info = await _task_info(request, store, task_id, client)
            raise ApiError(422, f"the task failed: {info.error}", id=task_id)
        if wait > settings.max_wait:
            info = await _task_info(request, store, task_id, client)
            return JSONResponse(info.model_dump(), status_code=504, headers={"Location": info.status_url})
    info = await _task_info(request, store, task_id, client)
    return JSONResponse(info.model_dump(), status_code=202, headers={"Location": info.status_url})


@router.get("/tasks/{task_id}", response_model=TaskInfo, name="task_status", summary="Task status and queue position")
async def task_status(
    request: Request, task_id: str, client: ClientDep, store: StoreDep, settings: SettingsDep,
    wait: Annotated[float, Query(ge=0, description="Long-poll: seconds to wait for the task to finish")] = 0,
) -> TaskInfo:
    if wait > 0:
        await request.app.state.watcher.wait(task_id, client, min(wait, settings.max_wait))
    return await _task_info(request, store, task_id, client)


async def _result(task_id: str, client: str, store: StoreDep, request: Request) -> Response:
    found = await fetch(store, task_id, client)
    if found is None:
        raise ApiError(404, f"no task '{task_id}' (unknown, deleted or expired)")
    task, data = found
    if task.status == COMPLETED:
        media = RESULT_MEDIA.get(task.result_type or "", "application/octet-stream")
        return Response(data or b"", media_type=media, headers={"X-Task-Id": task_id})
    if task.status == ERROR:
        raise ApiError(422, f"the task failed: {task.error}", id=task_id)
    info = await _task_info(request, store, task_id, client)
    return JSONResponse(info.model_dump(), status_code=202, headers={"Retry-After": "1"})


@router.get(
    "/tasks/{task_id}/result",
    responses={
        200: {"content": {"image/png": {}, "image/tiff": {}, "application/pdf": {}}},
        202: {"model": TaskInfo}, 422: {"model": ProblemDetails},
    },
    summary="The result image or document (202 with the status while not ready)",
)
async def task_result(request: Request, task_id: str, client: ClientDep, store: StoreDep) -> Response:
    return await _result(task_id, client, store, request)


@router.delete("/tasks/{task_id}", status_code=204, summary="Delete a task and its images")
async def delete_task(task_id: str, client: ClientDep, store: StoreDep) -> Response:
    if not await run_in_threadpool(store.delete_task, task_id, client):
        raise ApiError(404, f"no task '{task_id}' (unknown, deleted or expired)")
    return Response(status_code=204)
