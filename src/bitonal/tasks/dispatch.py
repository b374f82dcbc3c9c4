"""Dispatchers: how a new task reaches a worker. Both end in :func:`run_task`.

* ``local`` (default): a pool of worker processes owned by the server. They claim
  tasks from the database; a semaphore wakes one at once when a task is submitted,
  and a short poll catches anything else (restarts, expired leases).
* ``celery``: a message per task on a Redis/RabbitMQ broker, consumed by
  ``bitonal worker`` (late acks, redelivery when a worker is lost).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from typing import Any, Protocol

from ..config import Settings
from ..observability.multiproc import mark_dead

log = logging.getLogger("bitonal.dispatch")


class Dispatcher(Protocol):
    def start(self) -> None: ...
    def submit(self, task_id: str) -> None: ...
    def stop(self) -> None: ...
    def alive(self) -> int:
        """Number of live workers this dispatcher knows of (-1: not knowable here)."""
        ...

    def needs_redispatch(self) -> bool: ...


def _limit_threads() -> None:
    """One worker process = one core: keep numeric libraries single-threaded."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    try:
        import cv2

        cv2.setNumThreads(1)
    except Exception:  # pragma: no cover - OpenCV missing or odd build
        pass


def _on_sigterm(_sig: int, _frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the release
    sys.exit(0)


def _worker_main(settings: Settings, wake: Any, parent_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us with SIGTERM...
    signal.signal(signal.SIGTERM, _on_sigterm)  # ...which releases a task in hand
    _limit_threads()
    from ..observability.logs import configure_logging
    from .runner import run_task

    configure_logging(settings.log_format, settings.log_level)
    from .store import Store

    store = Store.from_settings(settings)
    last_reap = 0.0
    while os.getppid() == parent_pid:  # exit if the server died
        now = time.monotonic()
        if now - last_reap > 1.0:
            try:
                store.reap(settings.max_attempts)
            except Exception:  # pragma: no cover - database busy, try later
                log.exception("reap failed")
            last_reap = now
        try:
            task_id = store.next_claimable(settings.max_attempts)
            if task_id is not None:
                run_task(task_id, settings, store)
                continue
        except Exception:
            log.exception("worker loop error")
            time.sleep(settings.poll_interval)
        wake.acquire(timeout=settings.poll_interval)


class LocalDispatcher:
    """Worker processes on this machine, claiming from the database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._ctx = mp.get_context("spawn")
        self._wake = self._ctx.Semaphore(0)
        self._procs: list[Any] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        for i in range(self.settings.effective_workers):
            p = self._ctx.Process(
                target=_worker_main, args=(self.settings, self._wake, os.getpid()),
                name=f"bitonal-worker-{i}", daemon=True,
            )
            p.start()
            self._procs.append(p)

    def submit(self, task_id: str) -> None:
        self._wake.release()

    def alive(self) -> int:
        with self._lock:
            return self._check_pool()

    def _check_pool(self) -> int:
        # Replace dead workers so the pool keeps its size.
        for i, p in enumerate(self._procs):
            if not p.is_alive():
                log.warning("worker %s exited (code %s); starting a new one", p.name, p.exitcode)
                mark_dead(p.pid)
                q = self._ctx.Process(
                    target=_worker_main, args=(self.settings, self._wake, os.getpid()), name=p.name, daemon=True
                )
                q.start()
                self._procs[i] = q
        return sum(p.is_alive() for p in self._procs)

    def needs_redispatch(self) -> bool:
        return False

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        for p in self._procs:
            if p.is_alive():
                p.terminate()
        deadline = time.monotonic() + 10
        for p in self._procs:
            p.join(timeout=max(0.1, deadline - time.monotonic()))
            if p.is_alive():  # stuck in a long computation: its lease will hand the task over
                p.kill()
        self._procs.clear()


class CeleryDispatcher:
    """Tasks as messages on a broker; ``bitonal worker`` runs them."""

    def __init__(self, settings: Settings) -> None:
        from .celery_app import make_celery

        self.settings = settings
        self.app = make_celery(settings)

    def start(self) -> None:
        pass

    def submit(self, task_id: str) -> None:
        self.app.send_task("bitonal.run_task", args=[task_id])

    def alive(self) -> int:
        # A worker answers pings from its main process, but on a loaded machine a
        # reply can miss a short window: ask twice before calling the pool empty.
        for _ in range(2):
            try:
                replies = self.app.control.ping(timeout=1.0) or []
            except Exception:
                replies = []
            if replies:
                return len(replies)
        return 0

    def needs_redispatch(self) -> bool:
        return True

    def stop(self) -> None:
        pass


def make_dispatcher(settings: Settings) -> Dispatcher:
    if settings.dispatcher == "celery":
        return CeleryDispatcher(settings)
    return LocalDispatcher(settings)
