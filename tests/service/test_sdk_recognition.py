"""Recognition (RecognizeImage) and skew correction through the official SDK, live server."""

from __future__ import annotations

import base64
import io

import numpy as np
from aspose_ocr_cloud import ApiClient
from aspose_ocr_cloud.api.deskew_image_api import DeskewImageApi
from aspose_ocr_cloud.api.recognize_image_api import RecognizeImageApi
from aspose_ocr_cloud.configuration import Configuration
from aspose_ocr_cloud.models.ocr_deskew_image_body import OCRDeskewImageBody
from aspose_ocr_cloud.models.ocr_recognize_image_body import OCRRecognizeImageBody
from aspose_ocr_cloud.models.ocr_settings_recognize_image import OCRSettingsRecognizeImage
from PIL import Image

from bitonal.ocr import cer
from bitonal.ocr.deskew import estimate_skew, rotate
from bitonal.synth import generate_page

from .test_sdk import wait_done

# Tesseract reads clean generated 300 dpi text at CER 0.000-0.003 (tests/ocr); the
# stained page below is read at ~0 with binarization. 3 % leaves room for one or two
# misread words while a lost line or garbage from the stain would exceed it.
CER_BOUND = 0.03


def _png(array: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG")
    return buf.getvalue()


def test_recognize_image_with_binarization_reads_a_stained_page(server, token):
    page = generate_page(31, "stains", 0.8, size="A7", dpi=300, max_lines=6)
    with ApiClient(Configuration(host=server.url, access_token=token)) as client:
        api = RecognizeImageApi(client)
        settings = OCRSettingsRecognizeImage(language="English", make_binarization=True, result_type="Text")
        body = OCRRecognizeImageBody(image=base64.b64encode(_png(page.image)).decode(), settings=settings)
        task_id = api.post_recognize_image(body)
        result = wait_done(api.get_recognize_image, task_id, limit=60)
    assert result.response_status_code == "Ok"
    assert result.task_status == "Completed"
    assert [r.type for r in result.results] == ["Text"]
    text = base64.b64decode(result.results[0].data).decode("utf-8")
    assert cer(page.text, text) < CER_BOUND


def test_recognize_image_text_and_pdf_come_back_together(server, token):
    page = generate_page(32, "clean", 0.0, size="A7", dpi=300, max_lines=3)
    with ApiClient(Configuration(host=server.url, access_token=token)) as client:
        api = RecognizeImageApi(client)
        settings = OCRSettingsRecognizeImage(result_type="TextAndPdf")
        body = OCRRecognizeImageBody(image=base64.b64encode(_png(page.image)).decode(), settings=settings)
        result = wait_done(api.get_recognize_image, api.post_recognize_image(body), limit=60)
    assert [r.type for r in result.results] == ["Text", "Pdf"]
    assert base64.b64decode(result.results[1].data).startswith(b"%PDF")


def test_deskew_image_straightens_a_rotated_page(server, token):
    page = generate_page(33, "clean", 0.0, size="A7", dpi=300, max_lines=6)
    tilted = rotate(page.image, 4.0)
    with ApiClient(Configuration(host=server.url, access_token=token)) as client:
        api = DeskewImageApi(client)
        body = OCRDeskewImageBody(image=base64.b64encode(_png(tilted)).decode())
        result = wait_done(api.get_deskew_image, api.post_deskew_image(body))
    assert result.task_status == "Completed" and result.results[0].type == "ImagePNG"
    straight = np.asarray(Image.open(io.BytesIO(base64.b64decode(result.results[0].data))))
    assert abs(estimate_skew(straight)) < 0.5


def test_post_skew_correction_file_straightens_an_uploaded_page(server, token):
    from aspose_ocr_cloud.api.image_processing_api import ImageProcessingApi

    page = generate_page(34, "clean", 0.0, size="A7", dpi=300, max_lines=6)
    tilted = rotate(page.image, -3.0)
    with ApiClient(Configuration(host=server.url, access_token=token)) as client:
        api = ImageProcessingApi(client)
        result = wait_done(api.get_result_task, api.post_skew_correction_file(file=_png(tilted)))
    assert result.task_status == "Completed" and result.results[0].type == "ImagePNG"
    straight = np.asarray(Image.open(io.BytesIO(base64.b64decode(result.results[0].data))))
    assert abs(estimate_skew(straight)) < 0.5
