"""Results are kept BITONAL_RESULT_RETENTION seconds, then purged by the server on its own."""

from __future__ import annotations

import time

from .conftest import Server, blob_files, page_png


def test_expired_results_are_purged_and_answer_like_unknown_ids(tmp_path):
    data_dir = tmp_path / "var"
    srv = Server(data_dir, env={"BITONAL_RESULT_RETENTION": "3", "BITONAL_PURGE_INTERVAL": "0.5"}).start()
    try:
        with srv.client() as http:
            task_id = http.post("/v5.0/ocr/ImageProcessing/PostBinarizationFile", files={"file": ("p.png", page_png(60, 40))}).text
            assert http.get("/v5.0/ocr/BinarizeImage", params={"id": task_id}).json()["taskStatus"] == "Completed"
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                body = http.get("/v5.0/ocr/BinarizeImage", params={"id": task_id}).json()
                if body["taskStatus"] == "NotExist":
                    break
                time.sleep(0.25)
            assert body["taskStatus"] == "NotExist" and body["responseStatusCode"] == "TaskNotFound"
            # its result blob goes with it (deleted just after the row)
            deadline = time.monotonic() + 5
            while blob_files(data_dir) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert blob_files(data_dir) == []
    finally:
        srv.stop()
