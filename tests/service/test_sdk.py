"""The official Aspose.OCR Cloud SDK (aspose-ocr-cloud==24.11.0) works against our host unchanged."""

from __future__ import annotations

import base64
import time

import pytest
from aspose_ocr_cloud import ApiClient, ApiException
from aspose_ocr_cloud.api.binarize_image_api import BinarizeImageApi
from aspose_ocr_cloud.api.image_processing_api import ImageProcessingApi
from aspose_ocr_cloud.configuration import Configuration
from aspose_ocr_cloud.models.ocr_binarize_image_body import OCRBinarizeImageBody

from .conftest import assert_bilevel_png, page_png


@pytest.fixture()
def api_client(server, token):
    with ApiClient(Configuration(host=server.url, access_token=token)) as client:
        yield client


def wait_done(get, task_id: str, limit: float = 30):
    deadline = time.monotonic() + limit
    while True:
        resp = get(id=task_id)
        if resp.task_status not in ("Pending", "Processing") or time.monotonic() > deadline:
            return resp
        time.sleep(0.1)


def test_binarize_image_post_get_cancel_delete(api_client):
    api = BinarizeImageApi(api_client)
    image = page_png(300, 200)

    task_id = api.post_binarize_image(OCRBinarizeImageBody(image=base64.b64encode(image).decode()))
    assert len(task_id) == 36 and task_id.count("-") == 4

    result = wait_done(api.get_binarize_image, task_id)
    assert result.response_status_code == "Ok"
    assert result.task_status == "Completed"
    assert result.id == task_id
    assert len(result.results) == 1 and result.results[0].type == "ImagePNG"
    assert_bilevel_png(base64.b64decode(result.results[0].data), (300, 200))

    api.cancel_binarize_image(id=task_id)  # the SDK names DELETE "cancel"
    gone = api.get_binarize_image(id=task_id)
    assert gone.task_status == "NotExist"
    assert gone.response_status_code == "TaskNotFound"


def test_image_processing_post_file_get_task_get_file(api_client):
    api = ImageProcessingApi(api_client)
    image = page_png(256, 180, seed=3)

    task_id = api.post_binarization_file(file=image)
    result = wait_done(api.get_result_task, task_id)
    assert result.response_status_code == "Ok"
    assert result.task_status == "Completed"
    assert_bilevel_png(base64.b64decode(result.results[0].data), (256, 180))

    # get_result_file() itself cannot return a PNG: the generated SDK decodes every body
    # as UTF-8 text before looking at its type. The raw variant reads the bytes.
    raw = api.get_result_file_without_preload_content(id=task_id)
    assert raw.status == 200
    assert raw.headers["content-type"] == "image/png"
    assert_bilevel_png(raw.read(), (256, 180))


def test_sdk_sees_401_problem_details_without_a_valid_token(server):
    with ApiClient(Configuration(host=server.url, access_token="not-a-jwt")) as client:
        with pytest.raises(ApiException) as err:
            BinarizeImageApi(client).post_binarize_image(OCRBinarizeImageBody(image="aGVsbG8="))
    assert err.value.status == 401
    assert err.value.data.status == 401 and err.value.data.title == "Unauthorized"
