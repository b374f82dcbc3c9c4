"""Load test: N concurrent binarizations of an A4 page against a live bitonal server.

Starts ``bitonal serve`` on a free port with a temporary data dir (or uses --url with
--client-id/--client-secret), fires ``--requests`` POST /v1/binarize?wait=... requests
with at most ``--concurrency`` in flight (httpx async), and reports requests/s and
p50/p99 latency. Then does the same work (decode PNG -> binarize -> encode 1-bit PNG)
with the library in a loop in this process, and prints the ratio.

    .venv/bin/python bench/service_load.py --requests 200 --concurrency 200
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
from PIL import Image

import bitonal
from bitonal import imageio

BIN = Path(sys.executable).parent / "bitonal"


def a4_page(width: int = 2480, height: int = 3508, seed: int = 0) -> bytes:
    """A grey A4 page at 300 dpi: uneven paper, lines of text-like strokes, slight noise."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    page = 215 + 20 * np.sin(xx / width * 3) * np.cos(yy / height * 2)  # uneven light
    img = page.astype(np.float32)
    for top in range(250, height - 250, 70):  # text lines
        x = 200
        while x < width - 300:
            w = int(rng.integers(18, 60))  # a "word" of vertical and horizontal strokes
            for sx in range(x, x + w, 9):
                img[top : top + 32, sx : sx + 3] = 40
            img[top + 14 : top + 17, x : x + w] = 40
            x += w + int(rng.integers(15, 30))
    img += rng.normal(0, 1.5, img.shape).astype(np.float32)
    out = io.BytesIO()
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(out, format="PNG", compress_level=6)
    return out.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, method: str, workers: int | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    # one client sends every request: lift its submission limit (the default is 600/minute)
    env = {**os.environ, "BITONAL_DEFAULT_METHOD": method, "BITONAL_MAX_WAIT": "600",
           "BITONAL_SUBMISSIONS_PER_CLIENT": "1000000/minute"}
    if workers:
        env["BITONAL_WORKERS"] = str(workers)
    proc = subprocess.Popen(
        [str(BIN), "serve", "--port", str(port), "--data-dir", str(data_dir)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/ready", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit("server did not become ready")


async def load(url: str, token: str, image: bytes, n: int, concurrency: int, method: str) -> tuple[list[float], float, int]:
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    failures = 0
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=900, limits=limits) as client:

        async def one(i: int) -> None:
            nonlocal failures
            async with sem:
                t0 = time.perf_counter()
                resp = await client.post(
                    "/v1/binarize", params={"wait": 600}, files={"file": (f"page{i}.png", image, "image/png")},
                    data={"method": method},
                )
                if resp.status_code != 200 or resp.content[:4] != b"\x89PNG":
                    failures += 1
                latencies.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(n)))
        wall = time.perf_counter() - t0
    return latencies, wall, failures


def library_loop(image: bytes, n: int, method: str) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        imageio.encode(bitonal.binarize(imageio.decode(image), method), "png")
    return time.perf_counter() - t0


def cpu_seconds(pid: int) -> dict[str, float]:
    """user+system CPU seconds of a process and each of its children (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    try:
        kids = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        for p in [str(pid), *kids]:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            out[p] = (int(fields[11]) + int(fields[12])) / tick
    except OSError:
        pass
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--method", default="auto" if "auto" in [m.name for m in bitonal.methods()] else "otsu")
    ap.add_argument("--workers", type=int, default=None, help="server worker processes (default: one per core)")
    ap.add_argument("--library-runs", type=int, default=20, help="images for the in-process baseline")
    ap.add_argument("--url", help="use a running server instead of starting one")
    ap.add_argument("--client-id")
    ap.add_argument("--client-secret")
    args = ap.parse_args()

    image = a4_page()
    print(f"A4 page 2480x3508 grey PNG, {len(image) / 1e6:.2f} MB; method {args.method}; cores {os.cpu_count()}")
    tmp = tempfile.TemporaryDirectory()
    proc = None
    if args.url:
        url, creds = args.url, {"client_id": args.client_id, "client_secret": args.client_secret}
    else:
        data_dir = Path(tmp.name) / "var"
        out = subprocess.run([str(BIN), "client", "add", "bench", "--data-dir", str(data_dir)], check=True, capture_output=True, text=True)
        creds = json.loads(out.stdout)
        proc, url = start_server(data_dir, args.method, args.workers)
    try:
        token = httpx.post(url + "/connect/token", data={"grant_type": "client_credentials", **creds}).json()["access_token"]
        workers = httpx.get(url + "/ready").json()["workers"]
        cpu0 = cpu_seconds(proc.pid) if proc else {}
        client0 = time.process_time()
        lat, wall, failures = asyncio.run(load(url, token, image, args.requests, args.concurrency, args.method))
        client_cpu = time.process_time() - client0
        cpu1 = cpu_seconds(proc.pid) if proc else {}
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
        tmp.cleanup()

    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]  # noqa: E731
    service_rps = args.requests / wall
    lib_wall = library_loop(image, args.library_runs, args.method)
    lib_rps = args.library_runs / lib_wall
    result = {
        "requests": args.requests, "concurrency": args.concurrency, "failures": failures, "server_workers": workers,
        "wall_s": round(wall, 2), "service_req_per_s": round(service_rps, 2),
        "latency_p50_s": round(p(0.50), 2), "latency_p99_s": round(p(0.99), 2), "latency_mean_s": round(statistics.mean(lat), 2),
        "library_loop_images_per_s": round(lib_rps, 2), "library_ms_per_image": round(1000 / lib_rps, 1),
        "service_over_library_ratio": round(service_rps / lib_rps, 2),
        "load_average_1m_after": round(os.getloadavg()[0], 2),
    }
    if cpu1:
        api_pid = str(proc.pid)
        api_cpu = cpu1.get(api_pid, 0) - cpu0.get(api_pid, 0)
        worker_cpu = sum(v - cpu0.get(k, 0) for k, v in cpu1.items() if k != api_pid)
        result["cpu_ms_per_request"] = {
            "api_process": round(1000 * api_cpu / args.requests, 1),
            "workers": round(1000 * worker_cpu / args.requests, 1),
            "bench_client": round(1000 * client_cpu / args.requests, 1),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
