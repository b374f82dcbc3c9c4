"""The task store and run_task, in process: claims are atomic, leases expire, attempts are bounded,
results are written with Completed, expired results are purged. SQLite always; PostgreSQL when
BITONAL_TEST_POSTGRES_URL names a database to use."""

from __future__ import annotations

import os
import time

import pytest

from bitonal.config import Settings
from bitonal.tasks import run_task
from bitonal.tasks.blobs import DirectoryBlobStore
from bitonal.tasks.store import Store

from .conftest import DEFAULT_METHOD_ENV, page_png

URLS = ["sqlite"]
if os.environ.get("BITONAL_TEST_POSTGRES_URL"):
    URLS.append(os.environ["BITONAL_TEST_POSTGRES_URL"])


@pytest.fixture(params=URLS)
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path / 't.sqlite3'}" if request.param == "sqlite" else request.param
    s = Store(url, DirectoryBlobStore(tmp_path / "blobs"))
    if request.param != "sqlite":
        from bitonal.tasks.models import Base

        Base.metadata.drop_all(s.engine)
    s.create_schema()
    yield s
    s.dispose()


@pytest.fixture()
def settings(tmp_path):
    return Settings(
        data_dir=tmp_path, task_timeout=0.2, max_attempts=2,
        default_method=DEFAULT_METHOD_ENV.get("BITONAL_DEFAULT_METHOD", "auto"),
    )


def test_a_task_is_claimed_once(store, settings):
    task_id = store.create_task(owner="a", kind="binarize", data=page_png())
    first = store.claim(task_id, 60, 3)
    assert first is not None and first.input_data == page_png() and first.attempts == 1
    assert store.claim(task_id, 60, 3) is None  # held by the first claim
    assert store.next_claimable(3) is None


def test_run_task_writes_result_and_completed_together(store, settings):
    task_id = store.create_task(owner="a", kind="binarize", data=page_png(80, 60))
    assert run_task(task_id, settings, store)
    view, data = store.get_result(task_id, "a")
    assert view.status == "Completed" and view.result_type == "ImagePNG" and data[:4] == b"\x89PNG"
    assert store.get_result(task_id, "b") is None  # another owner sees nothing
    assert not run_task(task_id, settings, store)  # finished tasks are not run again


def test_a_dead_workers_task_is_reclaimed_after_its_lease_then_fails_after_max_attempts(store, settings):
    task_id = store.create_task(owner="a", kind="binarize", data=page_png())
    assert store.claim(task_id, 0.05, settings.max_attempts) is not None  # worker 1 "dies"
    time.sleep(0.1)
    second = store.claim(task_id, 0.05, settings.max_attempts)  # lease expired: taken over
    assert second is not None and second.attempts == 2
    time.sleep(0.1)
    assert store.claim(task_id, 0.05, settings.max_attempts) is None  # out of attempts
    assert store.reap(settings.max_attempts) == 1
    view = store.get_task(task_id)
    assert view.status == "Error" and "stopped 2 times" in view.error


def test_a_stale_claim_cannot_overwrite_the_new_one(store, settings):
    task_id = store.create_task(owner="a", kind="binarize", data=page_png())
    old = store.claim(task_id, 0.01, 3)
    time.sleep(0.05)
    new = store.claim(task_id, 60, 3)
    assert not store.complete(old, b"late", "ImagePNG")
    assert store.complete(new, b"fresh", "ImagePNG")
    assert store.get_result(task_id, "a")[1] == b"fresh"


def test_bad_image_ends_in_error_with_a_readable_reason(store, settings):
    task_id = store.create_task(owner="a", kind="binarize", data=page_png()[:70])
    run_task(task_id, settings, store)
    view = store.get_task(task_id)
    assert view.status == "Error" and "truncated" in view.error


def test_unknown_method_ends_in_error_naming_the_known_ones(store, settings):
    task_id = store.create_task(owner="a", kind="binarize", data=page_png(), method="nope")
    run_task(task_id, settings, store)
    assert "unknown method 'nope'" in store.get_task(task_id).error


def test_expired_results_are_purged(store, settings):
    task_id = store.create_task(owner="a", kind="binarize", data=page_png(40, 30))
    run_task(task_id, settings, store)
    assert store.purge(retention=3600) == 0
    time.sleep(0.05)
    assert store.purge(retention=0.01) == 1
    assert store.get_task(task_id) is None


def test_queue_position_counts_older_pending_tasks(store):
    ids = [store.create_task(owner="a", kind="binarize", data=b"x") for _ in range(3)]
    assert [store.queue_position(i) for i in ids] == [1, 2, 3]
    store.claim(ids[0], 60, 3)
    assert [store.queue_position(i) for i in ids] == [None, 1, 2]


def test_client_secrets_are_hashed_and_revocable(store):
    client_id, secret = store.add_client("x")
    assert store.authenticate(client_id, secret)
    assert not store.authenticate(client_id, secret + "!")
    assert not store.authenticate("nobody", secret)
    assert secret not in str(store.list_clients())
    store.revoke_client(client_id)
    assert not store.authenticate(client_id, secret) and not store.client_active(client_id)


def test_settings_come_from_env_with_prefix_and_never_oversubscribe(monkeypatch, tmp_path):
    monkeypatch.setenv("BITONAL_WORKERS", "999")
    monkeypatch.setenv("BITONAL_TOKEN_TTL", "60")
    s = Settings(data_dir=tmp_path)
    assert s.token_ttl == 60
    assert s.effective_workers == len(os.sched_getaffinity(0))
    assert s.secret_key() == s.secret_key() and (tmp_path / "jwt_secret").stat().st_mode & 0o777 == 0o600
    assert Settings(data_dir=tmp_path, token_ttl=5).token_ttl == 5  # explicit (CLI flag) beats env


def test_a_released_task_is_pending_again_without_spending_an_attempt(store):
    task_id = store.create_task(owner="a", kind="binarize", data=b"x")
    claimed = store.claim(task_id, 60, 3)
    assert store.release(task_id, claimed.claim_token)
    view = store.get_task(task_id)
    assert view.status == "Pending" and view.attempts == 0
