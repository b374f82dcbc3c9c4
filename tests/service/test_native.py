"""The native API (/v1): method, params, output format, synchronous wait, status, result, delete."""

from __future__ import annotations

import io

from PIL import Image

from .conftest import assert_bilevel_png, page_png


def test_wait_returns_the_image_directly(http, auth):
    resp = http.post("/v1/binarize", params={"wait": 20}, files={"file": ("p.png", page_png(120, 80))}, data={"method": "otsu"}, headers=auth)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "image/png"
    assert_bilevel_png(resp.content, (120, 80))
    task_id = resp.headers["x-task-id"]
    info = http.get(f"/v1/tasks/{task_id}", headers=auth).json()
    assert info["status"] == "Completed" and info["method"] == "otsu" and info["queue_position"] is None


def test_tiff_output_is_ccitt_g4(http, auth):
    resp = http.post("/v1/binarize", params={"wait": 20}, files={"file": ("p.png", page_png(64, 48))}, data={"format": "tiff"}, headers=auth)
    assert resp.status_code == 200 and resp.headers["content-type"] == "image/tiff"
    img = Image.open(io.BytesIO(resp.content))
    assert img.size == (64, 48) and img.info.get("compression") == "group4"


def test_without_wait_answers_202_with_status_and_result_urls(http, auth):
    resp = http.post("/v1/binarize", files={"file": ("p.png", page_png(100, 60))}, headers=auth)
    assert resp.status_code == 202
    info = resp.json()
    assert info["status"] in ("Pending", "Processing", "Completed")
    assert resp.headers["location"] == info["status_url"]
    done = http.get(info["status_url"], params={"wait": 20}, headers=auth).json()
    assert done["status"] == "Completed"
    result = http.get(info["result_url"], headers=auth)
    assert result.status_code == 200
    assert_bilevel_png(result.content, (100, 60))
    assert http.delete(f"/v1/tasks/{info['id']}", headers=auth).status_code == 204
    assert http.get(info["status_url"], headers=auth).status_code == 404
    assert http.delete(f"/v1/tasks/{info['id']}", headers=auth).status_code == 404


def test_methods_are_listed_with_their_parameters(http, auth):
    methods = http.get("/v1/methods", headers=auth).json()
    names = [m["name"] for m in methods]
    assert "otsu" in names
    assert sum(m["default"] for m in methods) == 1


def test_health_ready_openapi_and_demo_page(http):
    assert http.get("/health").json() == {"status": "ok"}
    ready = http.get("/ready").json()
    assert ready["database"] == "ok" and ready["workers"] >= 1
    paths = http.get("/openapi.json").json()["paths"]
    assert "/v5.0/ocr/BinarizeImage" in paths and "/v1/binarize" in paths and "/connect/token" in paths
    page = http.get("/")
    assert page.status_code == 200 and "/connect/token" in page.text and "Show original" in page.text
    assert http.get("/docs").status_code == 200


def test_unknown_route_is_json_not_html(http):
    resp = http.get("/v5.0/ocr/NoSuchThing")
    assert resp.status_code == 404 and resp.json()["status"] == 404


def test_preprocessing_bitonal_does_not_do_answers_501_not_500(http, auth):
    assert http.post("/v5.0/ocr/ImageProcessing/PostDewarpingFile", files={"file": ("p.png", b"x")}, headers=auth).status_code == 501


def test_a_bad_recognition_setting_is_a_400_naming_it(http, auth):
    import base64

    image = base64.b64encode(page_png(40, 30)).decode()
    resp = http.post("/v5.0/ocr/RecognizeImage", json={"image": image, "settings": {"resultType": "Poem"}}, headers=auth)
    assert resp.status_code == 400
    assert "resultType" in resp.json()["detail"]
