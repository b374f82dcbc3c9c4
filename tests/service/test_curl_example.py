"""The seed document's cURL example works against our host, with the real curl binary."""

from __future__ import annotations

import re
import shutil
import subprocess
import time

import pytest

from .conftest import assert_bilevel_png, page_png


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_post_binarization_file_then_fetch_png(server, token, tmp_path):
    source = tmp_path / "source.png"
    source.write_bytes(page_png(200, 150, seed=7))

    out = subprocess.run(
        [
            "curl", "-sS", "-X", "POST", f"{server.url}/v5.0/ocr/ImageProcessing/PostBinarizationFile",
            "-H", f"Authorization: Bearer {token}", "--form", 'file=@"source.png"',
        ],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )
    task_id = out.stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", task_id), out.stdout

    result = tmp_path / "result.png"
    deadline = time.monotonic() + 30
    while True:
        code = subprocess.run(
            [
                "curl", "-sS", "-o", str(result), "-w", "%{http_code}",
                f"{server.url}/v5.0/ocr/ImageProcessing/GetResultFile?id={task_id}",
                "-H", f"Authorization: Bearer {token}", "-H", "Accept: image/png",
            ],
            capture_output=True, text=True, check=True,
        ).stdout
        if code != "204" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert code == "200"
    assert_bilevel_png(result.read_bytes(), (200, 150))
