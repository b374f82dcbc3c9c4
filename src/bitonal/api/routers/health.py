"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ..deps import DispatcherDep, SettingsDep, StoreDep
from ..schemas import Health, Readiness

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Liveness: the process answers")
async def health() -> Health:
    return Health(status="ok")


@router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness}}, summary="Readiness")
async def ready(settings: SettingsDep, store: StoreDep, dispatcher: DispatcherDep) -> JSONResponse:
    """200 when the database answers and at least one worker is alive, else 503."""
    try:
        counts = await run_in_threadpool(store.count_by_status)
        db = "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        counts, db = {}, f"unreachable ({type(exc).__name__})"
    workers = await run_in_threadpool(dispatcher.alive)
    ok = db == "ok" and workers > 0
    body = Readiness(
        status="ready" if ok else "not ready", database=db, workers=workers, dispatcher=settings.dispatcher, tasks=counts
    )
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)
