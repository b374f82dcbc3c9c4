"""Bad input is refused with a clear 4xx JSON body before any task is written; never a 500."""

from __future__ import annotations

import base64

import pytest

from .conftest import Server, add_client, page_png

BINARIZE_JSON = "/v5.0/ocr/BinarizeImage"
BINARIZE_FILE = "/v5.0/ocr/ImageProcessing/PostBinarizationFile"


def assert_problem(resp, status: int, *words: str) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["status"] == status and body["detail"]
    for word in words:
        assert word in body["detail"].lower(), body["detail"]
    return body


def test_malformed_base64(http, auth):
    assert_problem(http.post(BINARIZE_JSON, json={"image": "this is *not* base64!"}, headers=auth), 400, "base64")


def test_base64_of_something_that_is_not_an_image(http, auth):
    data = base64.b64encode(b"hello, I am a text file").decode()
    assert_problem(http.post(BINARIZE_JSON, json={"image": data}, headers=auth), 400, "not an image")


def test_empty_image_field(http, auth):
    assert_problem(http.post(BINARIZE_JSON, json={"image": ""}, headers=auth), 400, "empty")


def test_missing_or_misnamed_json_field(http, auth):
    body = assert_problem(http.post(BINARIZE_JSON, json={"picture": "aGk="}, headers=auth), 400, "image")
    assert body["errors"][0]["field"] == "image"
    assert_problem(http.post(BINARIZE_JSON, content=b"{not json", headers={**auth, "content-type": "application/json"}), 400)


def test_data_url_prefix_is_accepted(http, auth):
    data = "data:image/png;base64," + base64.b64encode(page_png()).decode()
    assert http.post(BINARIZE_JSON, json={"image": data}, headers=auth).status_code == 200


def test_not_an_image_file(http, auth):
    assert_problem(http.post(BINARIZE_FILE, files={"file": ("a.png", b"GIF89 definitely not")}, headers=auth), 400, "not an image")


def test_truncated_image_is_refused_or_fails_with_a_message(http, auth):
    truncated = page_png()[:60]  # header survives, pixels do not
    resp = http.post(BINARIZE_FILE, files={"file": ("t.png", truncated)}, headers=auth)
    if resp.status_code == 200:  # header was readable: the worker reports the damage
        body = http.get("/v5.0/ocr/BinarizeImage", params={"id": resp.text}, headers=auth).json()
        assert body["taskStatus"] == "Error" and body["responseStatusCode"] == "Error"
        assert "damaged or truncated" in body["error"]["messages"][0]
    else:
        assert_problem(resp, 400)


def test_empty_file(http, auth):
    assert_problem(http.post(BINARIZE_FILE, files={"file": ("e.png", b"")}, headers=auth), 400, "empty")


def test_wrong_multipart_field_name(http, auth):
    body = assert_problem(http.post(BINARIZE_FILE, files={"image": ("p.png", page_png())}, headers=auth), 400, "file")
    assert body["errors"][0]["field"] == "file"


def test_unknown_method_on_native_route(http, auth):
    resp = http.post("/v1/binarize", files={"file": ("p.png", page_png())}, data={"method": "no-such-method"}, headers=auth)
    assert_problem(resp, 400, "unknown method")


def test_unknown_parameter_on_native_route(http, auth):
    resp = http.post("/v1/binarize", files={"file": ("p.png", page_png())}, data={"method": "otsu", "params": '{"windw": 3}'}, headers=auth)
    assert_problem(resp, 400, "unknown parameter")


def test_params_must_be_a_json_object(http, auth):
    resp = http.post("/v1/binarize", files={"file": ("p.png", page_png())}, data={"params": "[1, 2]"}, headers=auth)
    assert_problem(resp, 400, "json object")


def test_unknown_output_format(http, auth):
    resp = http.post("/v1/binarize", files={"file": ("p.png", page_png())}, data={"format": "jpeg"}, headers=auth)
    assert_problem(resp, 400, "format")


def test_missing_id_names_the_field(http, auth):
    body = assert_problem(http.get("/v5.0/ocr/BinarizeImage", headers=auth), 400, "id")
    assert body["errors"][0]["field"] == "id"


@pytest.fixture(scope="module")
def small_limits_server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("limits") / "var", env={"BITONAL_MAX_PIXELS": "10000", "BITONAL_MAX_BYTES": "200000"}).start()
    srv.auth = {"Authorization": f"Bearer {srv.token(add_client(srv.data_dir))}"}
    yield srv
    srv.stop()


def test_too_many_pixels_is_413_before_any_task(small_limits_server):
    import httpx

    srv = small_limits_server
    with httpx.Client(base_url=srv.url, headers=srv.auth) as http:
        resp = http.post(BINARIZE_FILE, files={"file": ("big.png", page_png(200, 100))})
        assert_problem(resp, 413, "pixels")
        resp = http.post(BINARIZE_JSON, json={"image": base64.b64encode(page_png(200, 100)).decode()})
        assert_problem(resp, 413, "pixels")
        assert http.post(BINARIZE_FILE, files={"file": ("ok.png", page_png(90, 90))}).status_code == 200
        ready = http.get("/ready").json()
        assert sum(ready["tasks"].values()) == 1  # refused uploads never became tasks


def test_too_many_bytes_is_413(small_limits_server):
    import httpx

    srv = small_limits_server
    with httpx.Client(base_url=srv.url, headers=srv.auth) as http:
        resp = http.post(BINARIZE_FILE, files={"file": ("huge.bin", b"\x89PNG" + b"0" * 300_000)})
        assert_problem(resp, 413, "limit")
