"""Fixtures: a LIVE bitonal server on 127.0.0.1, started as a subprocess per data dir."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image

import bitonal

VENV_BIN = Path(sys.executable).parent
BITONAL = str(VENV_BIN / "bitonal")

# "auto" is the product default; until it is registered on this branch, run the
# service with otsu so the tests exercise the service, not a missing method.
DEFAULT_METHOD_ENV = {} if "auto" in [m.name for m in bitonal.methods()] else {"BITONAL_DEFAULT_METHOD": "otsu"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_png(width: int = 320, height: int = 240, seed: int = 0) -> bytes:
    """A small grey 'document': light paper, dark strokes, a little noise."""
    rng = np.random.default_rng(seed)
    img = np.full((height, width), 225, np.uint8)
    for y in range(20, height - 20, 30):
        for x in range(15, width - 40, 45):
            img[y : y + 12, x : x + int(rng.integers(15, 35))] = 35
    img = np.clip(img.astype(int) + rng.integers(-12, 12, img.shape), 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(img).save(out, format="PNG")
    return out.getvalue()


def assert_bilevel_png(data: bytes, size: tuple[int, int]) -> None:
    img = Image.open(io.BytesIO(data))
    assert img.format == "PNG"
    assert img.size == size
    assert img.mode == "1" or set(np.unique(np.asarray(img.convert("L")))) <= {0, 255}


def blob_files(data_dir: Path) -> list[Path]:
    """The image files of a server's blob store (default folder: ``data_dir/blobs``)."""
    return sorted(p for p in (data_dir / "blobs").rglob("*") if p.is_file())


def add_client(data_dir: Path, name: str = "tests") -> dict[str, str]:
    out = subprocess.run(
        [BITONAL, "client", "add", name, "--data-dir", str(data_dir)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


@dataclass
class Server:
    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    port: int = 0
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> "Server":
        self.port = free_port()
        env = {**os.environ, **DEFAULT_METHOD_ENV, "BITONAL_WORKERS": "2", **self.env}
        self.log = open(self.data_dir.parent / f"server-{self.port}.log", "wb")
        self.proc = subprocess.Popen(
            [BITONAL, "serve", "--port", str(self.port), "--data-dir", str(self.data_dir), *self.args],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.read_log()}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not answer /health in time: " + self.read_log())

    def read_log(self) -> str:
        return (self.data_dir.parent / f"server-{self.port}.log").read_text(errors="replace")[-3000:]

    def kill9(self) -> None:
        """SIGKILL the whole process group: the server and its workers, no clean-up."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        except ProcessLookupError:
            pass

    def token(self, creds: dict[str, str]) -> str:
        resp = httpx.post(
            self.url + "/connect/token",
            data={"grant_type": "client_credentials", **creds},
            timeout=10,
        )
        assert resp.status_code == 200, resp.text
        return resp.json()["access_token"]

    def client(self, timeout: float = 30) -> httpx.Client:
        """An HTTP client of this server, signed in as a new API client."""
        headers = {"Authorization": f"Bearer {self.token(add_client(self.data_dir))}"}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("svc") / "var"
    srv = Server(data_dir).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def creds(server: Server) -> dict[str, str]:
    return add_client(server.data_dir, "session-client")


@pytest.fixture(scope="session")
def token(server: Server, creds: dict[str, str]) -> str:
    return server.token(creds)


@pytest.fixture()
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def poll_ocr(http: httpx.Client, path: str, task_id: str, headers: dict[str, str], limit: float = 30) -> dict:
    """GET an OCRResponse until the task is final (bounded)."""
    deadline = time.monotonic() + limit
    while True:
        body = http.get(path, params={"id": task_id}, headers=headers).json()
        if body["taskStatus"] not in ("Pending", "Processing") or time.monotonic() > deadline:
            return body
        time.sleep(0.1)
