"""Auth: OAuth2 client credentials -> JWT; every /v5.0/ocr route needs a valid bearer token."""

from __future__ import annotations

import base64
import time

import httpx
import jwt
import pytest

from .conftest import BITONAL, add_client, page_png

import subprocess

ROUTES = [
    ("POST", "/v5.0/ocr/BinarizeImage"),
    ("GET", "/v5.0/ocr/BinarizeImage?id=x"),
    ("DELETE", "/v5.0/ocr/BinarizeImage?id=x"),
    ("POST", "/v5.0/ocr/ImageProcessing/PostBinarizationFile"),
    ("GET", "/v5.0/ocr/ImageProcessing/GetResultTask?id=x"),
    ("GET", "/v5.0/ocr/ImageProcessing/GetResultFile?id=x"),
    ("POST", "/v1/binarize"),
    ("GET", "/v1/tasks/x"),
]


def assert_problem_401(resp: httpx.Response) -> dict:
    assert resp.status_code == 401, resp.text
    body = resp.json()
    assert set(body) >= {"type", "title", "status", "detail", "instance"}
    assert body["status"] == 401
    return body


def test_token_endpoint_issues_an_expiring_bearer_jwt(server, creds, http):
    resp = http.post("/connect/token", data={"grant_type": "client_credentials", **creds})
    assert resp.status_code == 200
    body = resp.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert resp.headers["cache-control"] == "no-store"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == creds["client_id"] and claims["exp"] > time.time()


def test_token_endpoint_accepts_http_basic_client_auth(http, creds):
    basic = base64.b64encode(f"{creds['client_id']}:{creds['client_secret']}".encode()).decode()
    resp = http.post("/connect/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"})
    assert resp.status_code == 200


@pytest.mark.parametrize(
    "form, status, error",
    [
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({}, 400, "invalid_request"),
        ({"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"}, 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, 400, "invalid_request"),
    ],
)
def test_token_errors_follow_rfc6749(http, form, status, error):
    resp = http.post("/connect/token", data=form)
    assert resp.status_code == status
    assert resp.json()["error"] == error


def test_wrong_secret_is_invalid_client(http, creds):
    resp = http.post("/connect/token", data={"grant_type": "client_credentials", "client_id": creds["client_id"], "client_secret": "wrong"})
    assert resp.status_code == 401 and resp.json()["error"] == "invalid_client"


@pytest.mark.parametrize("method, path", ROUTES)
def test_every_route_needs_a_token(http, method, path):
    assert_problem_401(http.request(method, path))


def test_malformed_authorization_header(http):
    body = assert_problem_401(http.get("/v5.0/ocr/BinarizeImage?id=x", headers={"Authorization": "Token abc"}))
    assert "Bearer" in body["detail"]
    assert_problem_401(http.get("/v5.0/ocr/BinarizeImage?id=x", headers={"Authorization": "Bearer not.a.jwt"}))


def test_forged_signature_is_refused(http, creds):
    forged = jwt.encode({"iss": "bitonal", "sub": creds["client_id"], "exp": time.time() + 600}, "guessed-key", "HS256")
    body = assert_problem_401(http.get("/v5.0/ocr/BinarizeImage?id=x", headers={"Authorization": f"Bearer {forged}"}))
    assert "signature" in body["detail"]


def test_expired_token_is_refused(server, http, creds):
    key = (server.data_dir / "jwt_secret").read_text().strip()
    expired = jwt.encode({"iss": "bitonal", "sub": creds["client_id"], "exp": int(time.time()) - 60}, key, "HS256")
    body = assert_problem_401(http.get("/v5.0/ocr/BinarizeImage?id=x", headers={"Authorization": f"Bearer {expired}"}))
    assert "expired" in body["detail"]


def test_revoked_client_tokens_stop_working(server, http):
    creds = add_client(server.data_dir, "to-revoke")
    token = server.token(creds)
    headers = {"Authorization": f"Bearer {token}"}
    assert http.get("/v5.0/ocr/BinarizeImage?id=x", headers=headers).status_code == 200
    subprocess.run([BITONAL, "client", "revoke", creds["client_id"], "--data-dir", str(server.data_dir)], check=True, capture_output=True)
    assert_problem_401(http.get("/v5.0/ocr/BinarizeImage?id=x", headers=headers))
    again = http.post("/connect/token", data={"grant_type": "client_credentials", **creds})
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"


def test_client_list_never_shows_secrets(server, creds):
    out = subprocess.run([BITONAL, "client", "list", "--data-dir", str(server.data_dir)], check=True, capture_output=True, text=True).stdout
    assert creds["client_id"] in out and creds["client_secret"] not in out


def test_another_clients_task_answers_exactly_like_an_unknown_id(server, http, auth):
    other = {"Authorization": f"Bearer {server.token(add_client(server.data_dir, 'other'))}"}
    task_id = http.post(
        "/v5.0/ocr/ImageProcessing/PostBinarizationFile", files={"file": ("p.png", page_png())}, headers=auth
    ).text
    unknown_id = "00000000-0000-4000-8000-000000000000"

    for path in ("/v5.0/ocr/BinarizeImage", "/v5.0/ocr/ImageProcessing/GetResultTask"):
        theirs = http.get(path, params={"id": task_id}, headers=other)
        unknown = http.get(path, params={"id": unknown_id}, headers=other)
        assert theirs.status_code == unknown.status_code == 200
        assert {**theirs.json(), "id": None} == {**unknown.json(), "id": None}
        assert theirs.json()["taskStatus"] == "NotExist" and theirs.json()["responseStatusCode"] == "TaskNotFound"

    theirs = http.get("/v5.0/ocr/ImageProcessing/GetResultFile", params={"id": task_id}, headers=other)
    unknown = http.get("/v5.0/ocr/ImageProcessing/GetResultFile", params={"id": unknown_id}, headers=other)
    assert theirs.status_code == unknown.status_code == 404
    theirs = http.get(f"/v1/tasks/{task_id}", headers=other)
    unknown = http.get(f"/v1/tasks/{unknown_id}", headers=other)
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json()["detail"].replace(task_id, "ID") == unknown.json()["detail"].replace(unknown_id, "ID")

    # the other client cannot delete it either: the owner still sees it
    http.delete("/v5.0/ocr/BinarizeImage", params={"id": task_id}, headers=other)
    assert http.get("/v5.0/ocr/BinarizeImage", params={"id": task_id}, headers=auth).json()["taskStatus"] != "NotExist"
