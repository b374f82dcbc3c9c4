"""Seconds per page for a 20-page document: the CLI and the service (a live server).

Builds a 20-page PDF of A4 300 dpi scans (generated degraded pages, JPEG, as a
scanner writes them) and the same pages as a multi-page TIFF, then times

* ``bitonal binarize doc.pdf -o out.pdf`` (pages in parallel, one process per core,
  and with ``--workers 1``), and the TIFF in -> G4 TIFF out;
* ``POST /v1/binarize?wait=...`` of the PDF against ``bitonal serve`` started on a
  free port (a document is one task; its pages run one after another in one worker).

Each is run ``--repeats`` times; the median is reported, divided by the page count.

    .venv/bin/python bench/documents.py [--pages 20] [--repeats 3] [--method auto]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import img2pdf
from PIL import Image

from bitonal.synth import generate_page
from service_load import BIN, start_server  # bench/ is on sys.path when run as a script

FAMILIES = ("uneven_light", "stains", "bleed_through", "faded")


def scans(count: int) -> list[bytes]:
    """``count`` A4 300 dpi JPEG scans (four generated pages, repeated)."""
    distinct = []
    for seed, family in enumerate(FAMILIES):
        page = generate_page(seed=seed, family=family, strength=0.6, dpi=300, size="A4")
        out = io.BytesIO()
        Image.fromarray(page.image).save(out, format="JPEG", quality=85, dpi=(300, 300))
        distinct.append(out.getvalue())
    return [distinct[i % len(distinct)] for i in range(count)]


def multipage_tiff(pages: list[bytes], path: Path) -> None:
    first, *rest = (Image.open(io.BytesIO(p)) for p in pages)
    first.save(path, save_all=True, append_images=rest, compression="jpeg", quality=85, dpi=(300, 300))


def timed(command: list[str], repeats: int) -> float:
    """Median wall seconds of a command."""
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def service_seconds(pdf: Path, method: str, repeats: int, workers: int | None) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        out = subprocess.run([str(BIN), "client", "add", "bench", "--data-dir", str(data_dir)], check=True, capture_output=True, text=True)
        creds = json.loads(out.stdout)
        proc, url = start_server(data_dir, method, workers)
        try:
            token = httpx.post(url + "/connect/token", data={"grant_type": "client_credentials", **creds}).json()["access_token"]
            runs = []
            with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=900) as client:
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    resp = client.post("/v1/binarize", params={"wait": 600}, files={"file": ("doc.pdf", pdf.read_bytes())}, data={"method": method})
                    runs.append(time.perf_counter() - t0)
                    if resp.status_code != 200 or not resp.content.startswith(b"%PDF"):
                        raise SystemExit(f"service answered {resp.status_code}: {resp.text[:300]}")
            return statistics.median(runs)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--method", default="auto")
    ap.add_argument("--workers", type=int, default=None, help="server worker processes (default: one per core)")
    args = ap.parse_args()

    pages = scans(args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf, tif = folder / "doc.pdf", folder / "doc.tif"
        pdf.write_bytes(img2pdf.convert(pages))
        multipage_tiff(pages, tif)
        cli = [str(BIN), "binarize", "-m", args.method, "--overwrite"]
        seconds = {
            "cli_pdf_to_pdf": timed([*cli, str(pdf), "-o", str(folder / "out.pdf")], args.repeats),
            "cli_pdf_to_pdf_workers_1": timed([*cli, str(pdf), "-o", str(folder / "out1.pdf"), "--workers", "1"], args.repeats),
            "cli_tiff_to_tiff": timed([*cli, str(tif), "-o", str(folder / "out.tif")], args.repeats),
            "service_pdf_to_pdf": service_seconds(pdf, args.method, args.repeats, args.workers),
        }
    result = {
        "pages": args.pages, "page": "A4 300 dpi JPEG scan (2480x3508)", "method": args.method,
        "cores": len(os.sched_getaffinity(0)), "repeats": args.repeats,
        "median_seconds_per_page": {k: round(v / args.pages, 3) for k, v in seconds.items()},
        "median_seconds_per_document": {k: round(v, 2) for k, v in seconds.items()},
        "load_average_1m_after": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
