"""Rate limits: repeated failed sign-ins get 429 with Retry-After (per client id, per IP),
submissions are capped per client, and with Redis the counts are shared by all servers."""

from __future__ import annotations

import uuid

import httpx
import pytest

from bitonal.api.errors import ApiError
from bitonal.api.ratelimit import RateLimits
from bitonal.config import Settings
from bitonal.tasks.store import Store

from .conftest import Server, page_png
from .test_celery import redis_reachable


def sign_in(server: Server, client_id: str, secret: str) -> httpx.Response:
    return httpx.post(
        server.url + "/connect/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}, timeout=10,
    )


def new_client(settings: Settings, name: str) -> dict[str, str]:
    """A client in the database ``settings`` name (in process: the CLI's start-up is slow here)."""
    store = Store.from_settings(settings)
    store.create_schema()
    client_id, secret = store.add_client(name)
    store.dispose()
    return {"client_id": client_id, "client_secret": secret}


def test_the_11th_wrong_secret_in_a_minute_gets_429(server: Server):
    # the suite's shared server: 10 failures stay well under its per-address limit (30/minute)
    here = Settings(data_dir=server.data_dir)
    victim, bystander = new_client(here, "victim"), new_client(here, "bystander")
    statuses = [sign_in(server, victim["client_id"], f"guess-{i}").status_code for i in range(10)]
    assert statuses == [401] * 10
    eleventh = sign_in(server, victim["client_id"], "guess-10")
    assert eleventh.status_code == 429
    assert 1 <= int(eleventh.headers["Retry-After"]) <= 60
    body = eleventh.json()
    assert body["status"] == 429 and "too many failed sign-ins" in body["detail"] and body["retry_after"] >= 1
    # even the right secret waits now (that is the point against guessing)...
    assert sign_in(server, victim["client_id"], victim["client_secret"]).status_code == 429
    # ...but only for that client id
    assert sign_in(server, bystander["client_id"], bystander["client_secret"]).status_code == 200


@pytest.mark.skipif(not redis_reachable(), reason="Redis is not reachable at redis://127.0.0.1:6379")
def test_two_servers_on_redis_share_the_counts(tmp_path):
    env = {
        "BITONAL_RATELIMIT_STORAGE": "redis://127.0.0.1:6379/0",
        "BITONAL_RATELIMIT_PREFIX": f"bitonal-test-{uuid.uuid4().hex[:8]}",  # other runs share this Redis
        "BITONAL_SUBMISSIONS_PER_CLIENT": "3/minute",
        # no worker processes to start: these servers only count (tasks wait on an in-memory broker)
        "BITONAL_DISPATCHER": "celery", "BITONAL_BROKER_URL": "memory://",
        "BITONAL_JWT_SECRET": "shared-" + uuid.uuid4().hex,
        "BITONAL_DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
    }
    first = Server(tmp_path / "a", env=env).start()
    second = Server(tmp_path / "b", env=env).start()
    try:
        shared = Settings(data_dir=tmp_path, database_url=env["BITONAL_DATABASE_URL"])
        creds = new_client(shared, "both")
        for i in range(10):
            assert sign_in(first if i % 2 else second, creds["client_id"], f"guess-{i}").status_code == 401
        assert sign_in(first, creds["client_id"], "guess-10").status_code == 429
        assert sign_in(second, creds["client_id"], "guess-11").status_code == 429

        other = new_client(shared, "submitter")
        headers = {"Authorization": f"Bearer {first.token(other)}"}
        post = "/v5.0/ocr/ImageProcessing/PostBinarizationFile"
        image = page_png(40, 30)
        codes = [
            httpx.post(srv.url + post, files={"file": ("p.png", image)}, headers=headers, timeout=30).status_code
            for srv in (first, second, first, second)
        ]
        assert codes == [200, 200, 200, 429]
        refused = httpx.post(second.url + post, files={"file": ("p.png", image)}, headers=headers, timeout=30)
        assert refused.status_code == 429 and "too many tasks submitted" in refused.json()["detail"]
        assert int(refused.headers["Retry-After"]) >= 1
        # reading is not submitting
        assert httpx.get(first.url + "/v1/methods", headers=headers, timeout=10).status_code == 200
    finally:
        first.stop()
        second.stop()


def test_failures_from_one_address_are_limited_across_client_ids(tmp_path):
    limits = RateLimits(Settings(data_dir=tmp_path, token_failures_per_ip="5/minute"))
    for i in range(5):
        limits.check_sign_in(f"client-{i}", "203.0.113.9")
        limits.record_sign_in_failure(f"client-{i}", "203.0.113.9")
    with pytest.raises(ApiError) as refused:
        limits.check_sign_in("client-new", "203.0.113.9")
    assert refused.value.status == 429 and "203.0.113.9" in refused.value.detail
    limits.check_sign_in("client-new", "198.51.100.1")  # another address is not affected


def test_a_rate_that_does_not_parse_is_refused_with_its_name():
    with pytest.raises(ValueError, match="'ten a minute' is not a rate"):
        Settings(token_failures_per_client="ten a minute")
