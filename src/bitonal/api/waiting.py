"""Reading tasks back, optionally waiting (without holding a thread) until they finish.

All requests that wait share one watcher per app: a single query every few tens of
milliseconds checks every awaited task, instead of one query per waiting request.
"""

from __future__ import annotations

import asyncio
import time

from starlette.concurrency import run_in_threadpool

from ..tasks.store import COMPLETED, ERROR, Store, TaskView

FINAL = (COMPLETED, ERROR)


class StatusWatcher:
    def __init__(self, store: Store, interval: float = 0.025) -> None:
        self.store = store
        self.interval = interval
        self._waiters: dict[str, list[asyncio.Future[str | None]]] = {}
        self._loop_task: asyncio.Task[None] | None = None

    async def wait(self, task_id: str, owner: str, seconds: float) -> str | None:
        """Wait until the task is Completed/Error (or gone) or ``seconds`` pass; return the last status."""
        status = await run_in_threadpool(self.store.get_status, task_id, owner)
        if status is None or status in FINAL or seconds <= 0:
            return status
        fut: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(task_id, []).append(fut)
        if self._loop_task is None or self._loop_task.done():
            self._loop_task = asyncio.create_task(self._run())
        try:
            return await asyncio.wait_for(asyncio.shield(fut), timeout=seconds)
        except asyncio.TimeoutError:
            return await run_in_threadpool(self.store.get_status, task_id, owner)
        finally:
            futs = self._waiters.get(task_id)
            if futs is not None:
                if fut in futs:
                    futs.remove(fut)
                if not futs:
                    del self._waiters[task_id]

    async def _run(self) -> None:
        while self._waiters:
            await asyncio.sleep(self.interval)
            ids = list(self._waiters)
            try:
                statuses = await run_in_threadpool(self.store.statuses, ids)
            except Exception:  # noqa: BLE001 - database busy: try again next tick
                continue
            for task_id in ids:
                status = statuses.get(task_id)
                if status is None or status in FINAL:
                    for fut in self._waiters.get(task_id, []):
                        if not fut.done():
                            fut.set_result(status)


async def fetch(store: Store, task_id: str, owner: str) -> tuple[TaskView, bytes | None] | None:
    return await run_in_threadpool(store.get_result, task_id, owner)
