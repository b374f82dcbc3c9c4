"""What an operator sees of a live server: Prometheus metrics that move with the work,
request ids echoed and carried into the task's log line, JSON logs without secrets."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from .conftest import Server, add_client, page_png

POST_FILE = "/v5.0/ocr/ImageProcessing/PostBinarizationFile"


@pytest.fixture(scope="module")
def json_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(tmp_path_factory.mktemp("obs") / "var", env={"BITONAL_LOG_FORMAT": "json"}).start()
    yield srv
    srv.stop()


def samples(server: Server) -> dict[tuple[str, frozenset], float]:
    """Every sample of GET /metrics, by (name, labels)."""
    resp = httpx.get(server.url + "/metrics", timeout=10)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(resp.text)
        for s in family.samples
    }


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def log_lines(server: Server) -> list[dict]:
    text = (server.data_dir.parent / f"server-{server.port}.log").read_text()
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def wait_for_log(server: Server, match, limit: float = 10) -> list[dict]:
    deadline = time.monotonic() + limit
    while True:
        found = [line for line in log_lines(server) if match(line)]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_metrics_counters_move_with_tasks(json_server: Server):
    image = page_png(200, 150)
    with json_server.client() as http:
        before = samples(json_server)
        ids = [http.post(POST_FILE, files={"file": ("p.png", image)}).text for _ in range(3)]
        for task_id in ids:
            assert http.get(f"/v1/tasks/{task_id}", params={"wait": 20}).json()["status"] == "Completed"
        after = samples(json_server)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    # counted where they happen: tasks in the worker processes, requests in the server
    assert delta("bitonal_tasks_finished_total", kind="binarize", status="Completed") == 3
    assert delta("bitonal_task_duration_seconds_count", kind="binarize") == 3
    assert delta("bitonal_engine_seconds_count", kind="binarize") == 3
    assert delta("bitonal_http_requests_total", method="POST", route=POST_FILE, status="200") == 3
    assert delta("bitonal_http_received_bytes_total", route=POST_FILE) >= 3 * len(image)
    assert delta("bitonal_http_sent_bytes_total", route=POST_FILE) == sum(len(i) for i in ids)
    # one label per route template, never per task id
    assert value(after, "bitonal_http_requests_total", method="GET", route="/v1/tasks/{task_id}", status="200") >= 3
    # read from the database at scrape time
    assert delta("bitonal_tasks", state="Completed") == 3
    assert value(after, "bitonal_queue_depth") == 0


def test_the_request_id_is_echoed_and_on_the_request_and_task_log_lines(json_server: Server):
    with json_server.client() as http:
        resp = http.post(POST_FILE, files={"file": ("p.png", page_png(80, 60))}, headers={"X-Request-ID": "ops-test-42"})
        assert resp.headers["X-Request-ID"] == "ops-test-42"
        task_id = resp.text
        assert http.get(f"/v1/tasks/{task_id}", params={"wait": 20}).json()["status"] == "Completed"
        made = http.get("/health").headers["X-Request-ID"]  # none sent: one is made
        assert len(made) == 32 and made != "ops-test-42"
        bad = http.get("/health", headers={"X-Request-ID": "two words\tand a tab"}).headers["X-Request-ID"]
        assert len(bad) == 32  # not a sane token: replaced, never echoed into logs

    (request_line,) = wait_for_log(json_server, lambda r: r.get("request_id") == "ops-test-42" and r["logger"] == "bitonal.access")
    assert request_line["status"] == 200 and request_line["route"] == POST_FILE and request_line["duration_ms"] > 0
    assert request_line["level"] == "INFO" and len(request_line["client_id"]) == 32
    (task_line,) = wait_for_log(json_server, lambda r: r.get("task_id") == task_id)
    assert task_line["logger"] == "bitonal.tasks"  # written by the worker process
    assert task_line["request_id"] == "ops-test-42" and task_line["client_id"] == request_line["client_id"]
    assert task_line["status"] == "Completed" and task_line["duration_ms"] >= task_line["engine_ms"] > 0


def test_secrets_tokens_and_image_bytes_never_reach_the_log(json_server: Server):
    creds = add_client(json_server.data_dir, "secret-keeper")
    wrong = "wrong-" + creds["client_secret"][::-1]
    refused = httpx.post(json_server.url + "/connect/token", data={"grant_type": "client_credentials", "client_id": creds["client_id"], "client_secret": wrong})
    assert refused.status_code == 401
    token = json_server.token(creds)
    image = page_png(64, 48, seed=7)
    with httpx.Client(base_url=json_server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        task_id = http.post(POST_FILE, files={"file": ("p.png", image)}).text
        assert http.get(f"/v1/tasks/{task_id}", params={"wait": 20}).json()["status"] == "Completed"
    assert wait_for_log(json_server, lambda r: r.get("task_id") == task_id)
    text = (json_server.data_dir.parent / f"server-{json_server.port}.log").read_text()
    assert creds["client_id"] in text  # the lines are there...
    for secret in (creds["client_secret"], wrong, token, token.split(".")[2]):
        assert secret not in text  # ...the secrets are not
    assert base64.b64encode(image)[40:80].decode() not in text and "iVBORw0KGgo" not in text  # nor image bytes
