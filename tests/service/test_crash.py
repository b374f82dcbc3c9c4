"""Nothing is lost: kill -9 the server and its workers mid-work, restart, every task completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor

import httpx

from .conftest import Server, add_client, blob_files, page_png


def test_kill_9_while_tasks_are_in_flight_then_restart_completes_every_task(tmp_path):
    data_dir = tmp_path / "var"
    # One worker and a short task timeout (the lease a dead worker's task waits out).
    env = {"BITONAL_WORKERS": "1", "BITONAL_TASK_TIMEOUT": "2"}
    srv = Server(data_dir, env=env).start()
    try:
        token = srv.token(add_client(data_dir))
        headers = {"Authorization": f"Bearer {token}"}
        image = page_png(1800, 1800, seed=1)
        with httpx.Client(base_url=srv.url, headers=headers, timeout=30) as http:
            def post(_: int) -> str:
                resp = http.post("/v5.0/ocr/ImageProcessing/PostBinarizationFile", files={"file": ("p.png", image)})
                assert resp.status_code == 200, resp.text
                return resp.text

            with ThreadPoolExecutor(4) as pool:
                ids = list(pool.map(post, range(10)))
        srv.kill9()
    finally:
        srv.stop()
    with sqlite3.connect(data_dir / "bitonal.sqlite3") as db:  # the state at the moment of death
        before = dict(db.execute("SELECT id, status FROM tasks").fetchall())
    print("at kill:", sorted(before.values()))
    assert any(s != "Completed" for s in before.values()), f"nothing was in flight: {before}"

    srv = Server(data_dir, env=env).start()  # same data dir, same database, same JWT key
    try:
        with httpx.Client(base_url=srv.url, headers=headers, timeout=30) as http:
            deadline = time.monotonic() + 60
            while True:
                after = {i: http.get(f"/v1/tasks/{i}").json() for i in ids}
                if all(t["status"] == "Completed" for t in after.values()) or time.monotonic() > deadline:
                    break
                time.sleep(0.25)
            assert {i: t["status"] for i, t in after.items()} == {i: "Completed" for i in ids}, srv.read_log()
            was_running = [i for i, s in before.items() if s == "Processing"]
            for i in was_running:  # claimed again after its lease expired
                assert after[i]["attempts"] == 2
            result = http.get(f"/v5.0/ocr/ImageProcessing/GetResultFile?id={ids[-1]}")
            assert result.status_code == 200 and result.content[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        srv.stop()


def _worker_pids(server_pid: int) -> set[int]:
    pids = set()
    for child in subprocess.run(["pgrep", "-P", str(server_pid)], capture_output=True, text=True).stdout.split():
        cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        if b"spawn_main" in cmd and b"resource_tracker" not in cmd:
            pids.add(int(child))
    return pids


def test_a_killed_worker_is_replaced_and_its_task_is_taken_over(tmp_path):
    data_dir = tmp_path / "var"
    srv = Server(data_dir, env={"BITONAL_WORKERS": "1", "BITONAL_TASK_TIMEOUT": "2"}).start()
    try:
        with srv.client() as http:
            deadline = time.monotonic() + 20
            while not _worker_pids(srv.proc.pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            (victim,) = _worker_pids(srv.proc.pid)
            ids = [
                http.post("/v5.0/ocr/ImageProcessing/PostBinarizationFile", files={"file": ("p.png", page_png(2500, 2500, seed=s))}).text
                for s in range(3)
            ]
            os.kill(victim, signal.SIGKILL)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                states = [http.get(f"/v1/tasks/{i}").json() for i in ids]
                if all(t["status"] == "Completed" for t in states):
                    break
                time.sleep(0.25)
            assert [t["status"] for t in states] == ["Completed"] * 3, srv.read_log()
            assert max(t["attempts"] for t in states) <= 2
            blobs = {p.name for p in blob_files(data_dir)}
            for task_id in ids:  # each result on disk, the inputs gone, nothing half-written
                assert [b for b in blobs if b.startswith(task_id)] == [b for b in blobs if b.startswith(task_id) and b.endswith(".result")]
                # One result, and at most one more: the killed attempt's, when it died after
                # writing its result and before its row named it (the blob sweep deletes it).
                assert 1 <= len([b for b in blobs if b.startswith(task_id)]) <= 2
                result = http.get("/v5.0/ocr/ImageProcessing/GetResultFile", params={"id": task_id})
                assert result.status_code == 200 and result.content[:4] == b"\x89PNG"
            ready = http.get("/ready").json()
            assert ready["workers"] == 1
            assert victim not in _worker_pids(srv.proc.pid)
    finally:
        srv.stop()


def test_a_clean_stop_hands_running_tasks_back(tmp_path):
    data_dir = tmp_path / "var"
    srv = Server(data_dir, env={"BITONAL_WORKERS": "1"}).start()
    try:
        with srv.client() as http:
            for s in range(3):
                http.post("/v5.0/ocr/ImageProcessing/PostBinarizationFile", files={"file": ("p.png", page_png(2500, 2500, seed=s))})
    finally:
        srv.stop()  # SIGTERM to the server and its workers
    with sqlite3.connect(data_dir / "bitonal.sqlite3") as db:
        rows = db.execute("SELECT status, attempts FROM tasks").fetchall()
    assert len(rows) == 3
    assert all(status in ("Pending", "Completed") for status, _ in rows), rows
    assert all(attempts == (1 if status == "Completed" else 0) for status, attempts in rows), rows
