"""``run_task(task_id)``: the one function every worker runs, whatever the dispatcher.

claim (atomic; Pending, or Processing whose lease expired) -> decode -> process ->
encode -> write the result and Completed in one statement, or Error with a message
a person can act on. A worker that dies leaves its lease to expire; the task is then
claimed again, up to ``max_attempts`` times.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
import uuid
from contextlib import contextmanager
from collections.abc import Iterator

from ..config import Settings
from ..engine.errors import BitonalError
from ..observability import context
from ..observability.metrics import ENGINE_SECONDS, TASK_SECONDS, TASKS_FINISHED
from .processors import HANDLERS
from .store import ClaimedTask, Store

log = logging.getLogger("bitonal.tasks")


class TaskTimeoutError(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM-based limit, only where it can work (the main thread of a process)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _raise(_sig: int, _frame: object) -> None:
        raise TaskTimeoutError

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


_context: tuple[Settings, Store] | None = None


def process_context(settings: Settings | None = None) -> tuple[Settings, Store]:
    """This process's settings and store, built once (from the environment by default)."""
    global _context
    if _context is None or (settings is not None and _context[0] is not settings):
        settings = settings or Settings()
        _context = (settings, Store.from_settings(settings))
    return _context


def run_task(task_id: str, settings: Settings | None = None, store: Store | None = None) -> bool:
    """Claim and run one task. Returns False when someone else holds or finished it."""
    if settings is None or store is None:
        settings, store = process_context(settings)
    token = uuid.uuid4().hex
    try:
        claimed = store.claim(task_id, settings.lease_seconds, settings.max_attempts, token)
    except (KeyboardInterrupt, SystemExit):  # stopped mid-claim: undo it if it happened
        store.release(task_id, token)
        raise
    if claimed is None:
        return False
    with context.bound(request_id=claimed.request_id, client_id=claimed.owner, task_id=claimed.id):
        _run_claimed(claimed, settings, store)
    return True


def _run_claimed(claimed: ClaimedTask, settings: Settings, store: Store) -> None:
    """Process a claimed task to Completed or Error; record its metrics and one log line."""
    task_id, token = claimed.id, claimed.claim_token
    started = time.perf_counter()
    engine_seconds = 0.0
    status = "Error"
    try:
        handler = HANDLERS.get(claimed.kind)
        if handler is None:
            raise BitonalError(f"unknown task kind '{claimed.kind}'")
        with _time_limit(settings.task_timeout):
            data, result_type = handler(claimed, settings, store)
        engine_seconds = time.perf_counter() - started
    except (KeyboardInterrupt, SystemExit):  # shutting down: hand the task back, unharmed
        store.release(task_id, token)
        log.info("task handed back (worker stopping)", extra={"status": "Pending"})
        raise
    except TaskTimeoutError:
        store.fail(
            claimed,
            f"processing took longer than the limit of {settings.task_timeout:g} s; try a smaller image, "
            "a faster method, or raise BITONAL_TASK_TIMEOUT",
        )
    except BitonalError as exc:  # bad image, bad parameter, unknown method: the user can fix it
        store.fail(claimed, str(exc))
    except MemoryError:
        store.fail(claimed, "the server ran out of memory processing this image; try a smaller image")
    except Exception as exc:
        if type(exc).__name__ == "SoftTimeLimitExceeded":  # celery's time limit
            store.fail(claimed, f"processing took longer than the limit of {settings.task_timeout:g} s")
        else:
            log.exception("task %s failed", task_id)
            store.fail(claimed, f"internal error while processing ({type(exc).__name__}: {exc}); please report it")
    else:
        if store.complete(claimed, data, result_type):
            status = "Completed"
        else:
            status = "Superseded"
            log.info("task %s finished but was deleted or taken over meanwhile", task_id)
    seconds = time.perf_counter() - started
    TASKS_FINISHED.labels(claimed.kind, status).inc()
    TASK_SECONDS.labels(claimed.kind).observe(seconds)
    if engine_seconds:
        ENGINE_SECONDS.labels(claimed.kind).observe(engine_seconds)
    log.info(
        "task %s %s in %.1f ms", claimed.kind, status, seconds * 1000,
        extra={
            "kind": claimed.kind, "method": claimed.method, "status": status, "attempt": claimed.attempts,
            "duration_ms": round(seconds * 1000, 2), "engine_ms": round(engine_seconds * 1000, 2),
        },
    )
