"""The application factory: ``create_app(settings)``."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .. import __version__
from ..config import Settings
from ..tasks.dispatch import Dispatcher, make_dispatcher
from ..tasks.store import Store
from . import errors
from .ratelimit import RateLimits
from .telemetry import RequestTelemetry
from .waiting import StatusWatcher
from .routers import auth, compat, health, metrics, native, web

log = logging.getLogger("bitonal.api")


def _maintenance(stop: threading.Event, settings: Settings, store: Store, dispatcher: Dispatcher) -> None:
    """Every second: keep the worker pool full. Every purge_interval: purge expired results,
    fail tasks out of attempts, re-dispatch tasks whose message was lost (celery). Every half
    blob_grace: sweep orphan blobs (a walk of the whole blob folder, so not every minute)."""
    last_purge = last_sweep = time.monotonic()
    while not stop.wait(1.0):
        try:
            dispatcher.alive()  # the local pool restarts dead workers here
            if time.monotonic() - last_purge < settings.purge_interval:
                continue
            last_purge = time.monotonic()
            purged = store.purge(settings.result_retention)
            if purged:
                log.info("purged %d expired tasks", purged)
            store.reap(settings.max_attempts)
            if time.monotonic() - last_sweep >= settings.blob_grace / 2:
                last_sweep = time.monotonic()
                swept = store.sweep_blobs(settings.blob_grace)
                if swept:
                    log.info("swept %d blobs no task names", swept)
            if dispatcher.needs_redispatch():
                for task_id in store.stale_ids(settings.max_attempts, older_than=max(settings.purge_interval, settings.lease_seconds)):
                    dispatcher.submit(task_id)
        except Exception:  # noqa: BLE001 - keep the loop alive
            log.exception("maintenance failed")


def create_app(settings: Settings | None = None, dispatcher: Dispatcher | None = None) -> FastAPI:
    """Build the app. Workers (local dispatcher) start with the app and stop with it."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        store = Store.from_settings(settings)
        store.create_schema()
        disp = dispatcher or make_dispatcher(settings)
        app.state.settings = settings
        app.state.store = store
        app.state.secret = settings.secret_key()
        app.state.dispatcher = disp
        app.state.watcher = StatusWatcher(store)
        app.state.ratelimits = RateLimits(settings)
        disp.start()
        stop = threading.Event()
        maint = threading.Thread(target=_maintenance, args=(stop, settings, store, disp), daemon=True, name="maintenance")
        maint.start()
        try:
            yield
        finally:
            stop.set()
            disp.stop()
            store.dispose()

    app = FastAPI(
        title="bitonal",
        version=__version__,
        summary="Document image binarization: Aspose.OCR Cloud v5 compatible API plus a native API.",
        lifespan=lifespan,
    )
    errors.install(app)

    body_cap = int(settings.max_bytes * 4 / 3) + 1024 * 1024  # base64 JSON or multipart overhead

    @app.middleware("http")
    async def _refuse_huge_bodies(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > body_cap:
            return errors.problem(request, 413, f"the request body is larger than the limit ({settings.max_bytes} bytes of image)")
        return await call_next(request)

    app.add_middleware(RequestTelemetry)  # outermost: it sees every answer, the 413 above included
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(auth.router)
    app.include_router(compat.router)
    app.include_router(native.router)
    app.include_router(web.router)
    return app


__all__ = ["JSONResponse", "create_app"]
