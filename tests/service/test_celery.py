"""dispatcher=celery: the server publishes task ids on Redis, `bitonal worker` runs run_task."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid

import pytest

from .conftest import BITONAL, DEFAULT_METHOD_ENV, Server, assert_bilevel_png, page_png

REDIS = ("127.0.0.1", 6379)


def redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="Redis is not reachable at redis://127.0.0.1:6379")
def test_celery_dispatcher_runs_tasks_through_bitonal_worker(tmp_path):
    data_dir = tmp_path / "var"
    env = {
        "BITONAL_DISPATCHER": "celery",
        "BITONAL_BROKER_URL": "redis://127.0.0.1:6379/0",
        "BITONAL_CELERY_QUEUE": f"bitonal-test-{uuid.uuid4().hex[:8]}",  # private queue: other runs share Redis
        "BITONAL_PURGE_INTERVAL": "2",
    }
    srv = Server(data_dir, env={**env, "BITONAL_MAX_WAIT": "0.5"}).start()
    http = srv.client()  # one API client throughout: it owns the tasks posted before the worker runs
    # No worker yet: not ready, and a synchronous wait above the maximum gives up with 504.
    assert http.get("/ready").status_code == 503
    late = http.post("/v1/binarize", params={"wait": 30}, files={"file": ("p.png", page_png(50, 40))})
    assert late.status_code == 504 and late.json()["status"] == "Pending"
    assert http.post("/v1/binarize", params={"wait": 0.2}, files={"file": ("p.png", page_png(50, 40))}).status_code == 202
    worker = subprocess.Popen(
        [BITONAL, "worker", "--data-dir", str(data_dir), "--concurrency", "1"],
        env={**os.environ, **DEFAULT_METHOD_ENV, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        ids = [
            http.post("/v5.0/ocr/ImageProcessing/PostBinarizationFile", files={"file": ("p.png", page_png(160, 120, seed=s))}).text
            for s in range(3)
        ]
        deadline = time.monotonic() + 60
        while True:
            bodies = [http.get("/v5.0/ocr/ImageProcessing/GetResultTask", params={"id": i}).json() for i in ids]
            if all(b["taskStatus"] == "Completed" for b in bodies) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert [b["taskStatus"] for b in bodies] == ["Completed"] * 3
        png = http.get("/v5.0/ocr/ImageProcessing/GetResultFile", params={"id": ids[0]}).content
        assert_bilevel_png(png, (160, 120))
        late_info = http.get(f"/v1/tasks/{late.json()['id']}", params={"wait": 0.5}).json()
        assert late_info["status"] == "Completed"  # queued while no worker ran, done now
        ready = http.get("/ready").json()
        assert ready["dispatcher"] == "celery" and ready["workers"] >= 1
    finally:
        http.close()
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        srv.stop()
