"""Per-request telemetry, as one ASGI middleware around the whole app: the request id
(taken from ``X-Request-ID`` or made, echoed in the response), the HTTP metrics, and one
log line per request."""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..observability import context
from ..observability.metrics import HTTP_BYTES_IN, HTTP_BYTES_OUT, HTTP_REQUESTS, HTTP_SECONDS

log = logging.getLogger("bitonal.access")

# Probes and scrapes come every few seconds: their lines are DEBUG, not INFO.
QUIET_ROUTES = frozenset({"/health", "/ready", "/metrics"})


def _route(scope: Scope) -> str:
    """The route's template (``/v1/tasks/{task_id}``), never the raw path: one label per route."""
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


class RequestTelemetry:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        request_id = context.request_id_from(headers.get(b"x-request-id", b"").decode("latin-1") or None)
        counts: dict[str, Any] = {"in": 0, "out": 0, "status": 500}
        started = time.perf_counter()

        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                counts["in"] += len(message.get("body", b""))
            return message

        async def tagging_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                counts["status"] = message["status"]
                MutableHeaders(scope=message)[context.REQUEST_ID_HEADER] = request_id
            elif message["type"] == "http.response.body":
                counts["out"] += len(message.get("body", b""))
            await send(message)

        with context.bound(request_id=request_id):
            try:
                await self.app(scope, counting_receive, tagging_send)
            finally:
                self._record(scope, counts, time.perf_counter() - started)

    @staticmethod
    def _record(scope: Scope, counts: dict[str, Any], seconds: float) -> None:
        route, method, status = _route(scope), scope["method"], counts["status"]
        HTTP_REQUESTS.labels(method, route, str(status)).inc()
        HTTP_SECONDS.labels(method, route).observe(seconds)
        HTTP_BYTES_IN.labels(route).inc(counts["in"])
        HTTP_BYTES_OUT.labels(route).inc(counts["out"])
        log.log(
            logging.DEBUG if route in QUIET_ROUTES else logging.INFO,
            "%s %s %s %.1f ms", method, scope["path"], status, seconds * 1000,
            extra={
                "method": method, "path": scope["path"], "route": route, "status": status,
                "duration_ms": round(seconds * 1000, 2), "bytes_in": counts["in"], "bytes_out": counts["out"],
            },
        )
