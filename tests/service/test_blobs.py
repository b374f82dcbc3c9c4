"""Images live in the blob store, not in SQL rows: rows keep keys, every way a task ends or
goes away takes its blobs with it, and a crash between a blob write and its row's commit
leaves an orphan that the sweep removes. SQLite always; PostgreSQL when configured."""

from __future__ import annotations

import os
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bitonal.tasks import run_task
from bitonal.tasks.blobs import DirectoryBlobStore
from bitonal.tasks.store import Store, input_key

from .conftest import Server, blob_files as files_of, page_png
from .test_store import settings, store  # noqa: F401 - the same SQLite / PostgreSQL fixtures


def blob_files(store: Store) -> set[str]:
    root = Path(store.blobs.root)
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def age(store: Store, key: str, seconds: float) -> None:
    path = store.blobs.path(key)
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_blob_is_written_whole_under_its_key_and_keys_cannot_escape(tmp_path):
    blobs = DirectoryBlobStore(tmp_path / "blobs")
    blobs.put("abc.input", b"first")
    blobs.put("abc.input", b"second")  # replaced atomically, no temporary file left behind
    assert blobs.get("abc.input") == b"second" and blobs.get("nope.input") is None
    assert [p.name for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == ["abc.input"]
    blobs.delete(["abc.input", "never-there.input"])
    assert blobs.get("abc.input") is None
    for bad in ("../x", "a/b", "", ".hidden"):
        with pytest.raises(ValueError, match="invalid blob key"):
            blobs.put(bad, b"x")


def test_the_row_keeps_a_key_and_the_input_is_on_disk_until_the_task_ends(store, settings):
    task_id = store.create_task(owner="a", kind="binarize", data=page_png(80, 60))
    assert blob_files(store) == {input_key(task_id)}
    assert store.claim(task_id, 60, 3).input_data == page_png(80, 60)


def test_a_completed_task_keeps_only_its_result_and_delete_removes_it(store, settings):
    task_id = store.create_task(owner="a", kind="binarize", data=page_png(80, 60))
    assert run_task(task_id, settings, store)
    (result,) = blob_files(store)
    assert result.startswith(task_id) and result.endswith(".result")
    assert store.get_result(task_id, "a")[1] == store.blobs.get(result)
    assert store.delete_task(task_id, "a")
    assert blob_files(store) == set()


def test_failed_reaped_and_purged_tasks_leave_no_blobs(store, settings):
    failed = store.create_task(owner="a", kind="binarize", data=page_png()[:70])  # truncated image
    run_task(failed, settings, store)
    assert store.get_task(failed).status == "Error"
    dead = store.create_task(owner="a", kind="binarize", data=page_png())
    store.claim(dead, 0.01, 1)  # its worker "dies"
    time.sleep(0.05)
    assert store.reap(1) == 1
    done = store.create_task(owner="a", kind="binarize", data=page_png(40, 30))
    run_task(done, settings, store)
    assert len(blob_files(store)) == 1  # only the completed task's result
    time.sleep(0.05)
    assert store.purge(retention=0.01) == 3
    assert blob_files(store) == set()


def test_a_superseded_worker_neither_overwrites_nor_deletes_the_new_result(store, settings):
    task_id = store.create_task(owner="a", kind="binarize", data=page_png())
    old = store.claim(task_id, 0.01, 3)
    time.sleep(0.05)
    new = store.claim(task_id, 60, 3)
    assert store.complete(new, b"fresh", "ImagePNG")
    assert not store.complete(old, b"late", "ImagePNG")
    assert store.get_result(task_id, "a")[1] == b"fresh" and len(blob_files(store)) == 1


def test_the_sweep_removes_old_orphans_only(store, settings):
    kept = store.create_task(owner="a", kind="binarize", data=b"named by a row")
    age(store, input_key(kept), 7200)
    # a crash after the blob write, before the row's commit: a blob no row names
    store.blobs.put(input_key("0rphan-old"), b"orphan")
    age(store, input_key("0rphan-old"), 7200)
    store.blobs.put(input_key("0rphan-new"), b"maybe its row is committing right now")
    stale_temp = store.blobs.path(input_key("0rphan-old")).parent / ".tmp-crashed"
    stale_temp.write_bytes(b"half a write")
    os.utime(stale_temp, (time.time() - 7200,) * 2)
    assert store.sweep_blobs(grace=3600) == 2
    assert blob_files(store) == {input_key(kept), input_key("0rphan-new")}
    assert store.claim(kept, 60, 3).input_data == b"named by a row"


def test_an_old_database_with_images_in_sql_is_moved_to_the_blob_store(tmp_path):
    db = tmp_path / "old.sqlite3"
    with sqlite3.connect(db) as conn:  # the schema before the blob store
        conn.executescript(
            """
            CREATE TABLE tasks (id VARCHAR(36) PRIMARY KEY, owner VARCHAR(64), kind VARCHAR(16), status VARCHAR(16),
              method VARCHAR(64), params JSON, output_format VARCHAR(8), result_type VARCHAR(64), error TEXT,
              attempts INTEGER, claim_token VARCHAR(64), claimed_at FLOAT, lease_expires FLOAT, created_at FLOAT,
              finished_at FLOAT);
            CREATE TABLE task_blobs (task_id VARCHAR(36), role VARCHAR(8), data BLOB, PRIMARY KEY (task_id, role));
            CREATE TABLE clients (id VARCHAR(64) PRIMARY KEY, name VARCHAR(200), secret_hash VARCHAR(400),
              revoked BOOLEAN, created_at FLOAT);
            INSERT INTO tasks VALUES ('t-done', 'a', 'binarize', 'Completed', NULL, '{}', 'png', 'ImagePNG', NULL, 1,
              NULL, NULL, NULL, 1.0, 2.0);
            INSERT INTO tasks VALUES ('t-wait', 'a', 'binarize', 'Pending', NULL, '{}', 'png', NULL, NULL, 0,
              NULL, NULL, NULL, 3.0, NULL);
            """
        )
        conn.execute("INSERT INTO task_blobs VALUES ('t-done', 'result', ?)", (b"old result",))
        conn.execute("INSERT INTO task_blobs VALUES ('t-wait', 'input', ?)", (page_png(40, 30),))
    store = Store(f"sqlite:///{db}", DirectoryBlobStore(tmp_path / "blobs"))
    store.create_schema()
    store.create_schema()  # a second start finds nothing to do
    assert store.get_result("t-done", "a")[1] == b"old result"
    assert store.claim("t-wait", 60, 3).input_data == page_png(40, 30)
    with sqlite3.connect(db) as conn:
        assert "task_blobs" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    store.dispose()


def test_after_20_uploads_of_1_5_mb_the_database_stays_small_and_the_images_are_files(tmp_path):
    import io

    import numpy as np
    from PIL import Image

    noise = np.random.default_rng(3).integers(0, 256, (1100, 1400), dtype=np.uint8)  # incompressible
    out = io.BytesIO()
    Image.fromarray(noise).save(out, format="PNG")
    image = out.getvalue()
    assert len(image) > 1_500_000
    srv = Server(tmp_path / "var").start()
    try:
        with srv.client() as http:
            def upload(_: int) -> str:
                resp = http.post("/v1/binarize", params={"wait": 60}, data={"method": "otsu"}, files={"file": ("n.png", image)})
                assert resp.status_code == 200, resp.text
                return resp.headers["X-Task-Id"]

            with ThreadPoolExecutor(4) as pool:
                ids = list(pool.map(upload, range(20)))
            blobs = files_of(srv.data_dir)
            assert len(blobs) == 20 and all(p.name.endswith(".result") for p in blobs)  # inputs gone with their tasks' end
            db_path = srv.data_dir / "bitonal.sqlite3"
            with sqlite3.connect(db_path) as db:  # move everything the WAL holds into the file
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            database = db_path.stat().st_size + (srv.data_dir / "bitonal.sqlite3-wal").stat().st_size
            print(f"database {database} bytes after 20 uploads of {len(image)} bytes")
            assert database < 2_000_000
            assert http.delete(f"/v1/tasks/{ids[0]}").status_code == 204
            assert len(files_of(srv.data_dir)) == 19
    finally:
        srv.stop()
