"""``GET /metrics``: Prometheus exposition (no token: restrict it at the network, like /health)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ...observability.metrics import exposition
from ..deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(store: StoreDep) -> Response:
    body, content_type = await run_in_threadpool(exposition, store.count_by_status)
    return Response(body, media_type=content_type)
