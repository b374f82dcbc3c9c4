"""Reading tasks back, optionally waiting (without holding a thread) until they finish."""

from __future__ import annotations

import asyncio
import time

from starlette.concurrency import run_in_threadpool

from ..tasks.store import COMPLETED, ERROR, Store, TaskView

FINAL = (COMPLETED, ERROR)


async def wait_until_final(store: Store, task_id: str, owner: str, seconds: float) -> str | None:
    """Poll the task's status until it is Completed/Error or ``seconds`` pass; returns the last status."""
    deadline = time.monotonic() + seconds
    delay = 0.01
    while True:
        status = await run_in_threadpool(store.get_status, task_id, owner)
        if status is None or status in FINAL or time.monotonic() >= deadline:
            return status
        await asyncio.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 1.5, 0.1)


async def fetch(store: Store, task_id: str, owner: str) -> tuple[TaskView, bytes | None] | None:
    return await run_in_threadpool(store.get_result, task_id, owner)
