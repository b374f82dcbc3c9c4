"""Speed of every registered bitonal method against doxapy, OpenCV and scikit-image.

One synthetic A4 page at 300 dpi (2480 x 3508 grey, text-like strokes on an uneven
background, seeded), single-threaded everywhere, median of N runs. Each of our
methods is timed with its default parameters; doxapy runs the same algorithm with
the same parameters where Doxa has it; OpenCV / scikit-image rows are the nearest
equivalents (Otsu; Sauvola / Niblack in skimage; cv2.adaptiveThreshold mean with the
same window for the local methods). Peak memory is the tracemalloc peak of one extra
run (numpy and OpenCV's returned arrays are traced; C++ scratch buffers are not).

    .venv/bin/python bench/speed.py                # table
    .venv/bin/python bench/speed.py --json         # machine output
    .venv/bin/python bench/speed.py --methods otsu,sauvola --repeats 3
    .venv/bin/python bench/speed.py --methods auto,sauvola --page faded   # a generated A4 page

``--page FAMILY`` times a generated page instead (bitonal.synth, A4 at 300 dpi, seed
1000, strength 0.7, in grey): ``auto`` does more work on faded or show-through pages.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402

import bitonal  # noqa: E402

cv2.setNumThreads(1)

try:
    import doxapy
except ImportError:  # dev dependency
    doxapy = None
try:
    from skimage import filters as skfilters
except ImportError:  # dev dependency
    skfilters = None

# our method name -> (Doxa algorithm name, parameter names Doxa understands)
DOXA = {
    "otsu": ("OTSU", ()),
    "bernsen": ("BERNSEN", ("window", "threshold", "contrast_limit")),
    "niblack": ("NIBLACK", ("window", "k")),
    "sauvola": ("SAUVOLA", ("window", "k")),
    "wolf": ("WOLF", ("window", "k")),
    "nick": ("NICK", ("window", "k")),
    "su": ("SU", ("window", "min_n")),
    "trsingh": ("TRSINGH", ("window", "k")),
    "bataineh": ("BATAINEH", ()),
    "isauvola": ("ISAUVOLA", ("window", "k")),
    "wan": ("WAN", ("window", "k")),
    "gatos": ("GATOS", ("window", "k", "glyph")),
}
# our parameter name -> Doxa's
DOXA_NAMES = {"contrast_limit": "contrast-limit", "min_n": "minN"}
LOCAL = {"bernsen", "niblack", "sauvola", "wolf", "nick", "trsingh", "isauvola", "wan", "phansalkar", "su"}


def synthetic_page(width: int = 2480, height: int = 3508, seed: int = 0) -> np.ndarray:
    """A grey A4 page at 300 dpi: lines of word-like stroke clusters on paper with a
    light gradient, a stain and noise."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    paper = 215 + 25 * (xx / width) - 20 * (yy / height)
    cy, cx, r = height * 0.6, width * 0.3, width * 0.25
    paper -= 35 * np.exp(-(((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r)))  # stain
    page = paper.astype(np.float32)
    ink = np.zeros((height, width), np.uint8)
    y = 200
    while y < height - 200:
        x = 200
        while x < width - 300:
            word = int(rng.integers(60, 260))
            for _ in range(int(word / 12)):
                x0 = x + int(rng.integers(0, word))
                y0 = y + int(rng.integers(-18, 18))
                cv2.line(
                    ink,
                    (x0, y0),
                    (x0 + int(rng.integers(-14, 14)), y0 + int(rng.integers(-30, 30))),
                    255,
                    int(rng.integers(2, 5)),
                    cv2.LINE_AA,
                )
            x += word + int(rng.integers(30, 60))
        y += int(rng.integers(70, 90))
    darkness = rng.uniform(0.55, 0.85)
    page = page * (1 - darkness * ink.astype(np.float32) / 255.0)
    page += rng.normal(0, 6, page.shape).astype(np.float32)
    return np.clip(page, 0, 255).astype(np.uint8)


def median_ms(func: Callable[[], Any], repeats: int) -> float:
    func()  # warm-up (imports, caches)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peak_mib(func: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def doxa_runner(name: str, gray: np.ndarray, params: dict[str, Any]) -> tuple[Callable[[], Any], dict] | None:
    if doxapy is None or name not in DOXA:
        return None
    algo_name, names = DOXA[name]
    algorithm = getattr(doxapy.Binarization.Algorithms, algo_name)
    # 0 means "estimate it" in our signatures; then Doxa estimates with its own default
    doxa_params = {
        DOXA_NAMES.get(k, k): v
        for k, v in params.items()
        if k in names and isinstance(v, (int, float)) and not (k in ("window", "min_n") and v <= 0)
    }
    out = np.empty_like(gray)

    def run() -> None:
        b = doxapy.Binarization(algorithm)
        b.initialize(gray)
        b.to_binary(out, doxa_params)

    return run, doxa_params


def reference_runners(name: str, gray: np.ndarray, params: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    """Nearest OpenCV / scikit-image equivalents of our method ``name``."""
    out: dict[str, Callable[[], Any]] = {}
    window = params.get("window", 75)
    window = int(window) | 1 if isinstance(window, (int, float)) and window >= 3 else 75
    k = float(params.get("k", 0.2))
    if name == "otsu":
        out["opencv"] = lambda: cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        if skfilters is not None:
            out["skimage"] = lambda: gray <= skfilters.threshold_otsu(gray)
    elif name in LOCAL:
        out["opencv"] = lambda: cv2.adaptiveThreshold(
            gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, window, 10
        )
        if skfilters is not None and name in ("sauvola", "niblack"):
            fn = skfilters.threshold_sauvola if name == "sauvola" else skfilters.threshold_niblack
            out["skimage"] = lambda: gray <= fn(gray, window_size=window, k=k)
    return out


def page_image(page: str, width: int, height: int) -> np.ndarray:
    """The bench's stroke page, or a generated page of one degradation family."""
    if page == "strokes":
        return synthetic_page(width, height)
    from bitonal.synth import generate_page

    return cv2.cvtColor(generate_page(1000, page, 0.7, dpi=300, size="A4").image, cv2.COLOR_RGB2GRAY)


def bench(methods: list[str], repeats: int, gray: np.ndarray, memory: bool, page: str = "strokes") -> dict[str, Any]:
    height, width = gray.shape
    rows = []
    for name in methods:
        method = bitonal.get_method(name)
        params = method.validate({})
        row: dict[str, Any] = {"method": name, "params": params}
        try:
            row["ours_ms"] = median_ms(lambda: bitonal.binarize(gray, name), repeats)
            if memory:
                row["ours_peak_mib"] = peak_mib(lambda: bitonal.binarize(gray, name))
        except Exception as exc:  # a method still in development should not stop the bench
            row["error"] = f"{type(exc).__name__}: {exc}"
            rows.append(row)
            continue
        doxa = doxa_runner(name, gray, params)
        if doxa is not None:
            run, doxa_params = doxa
            row["doxapy_params"] = doxa_params
            row["doxapy_ms"] = median_ms(run, repeats)
            row["ratio"] = row["ours_ms"] / row["doxapy_ms"]
        for lib, run in reference_runners(name, gray, params).items():
            row[f"{lib}_ms"] = median_ms(run, repeats)
        rows.append(row)
    return {
        "image": {"width": width, "height": height, "dtype": "uint8", "page": page},
        "repeats": repeats,
        "threads": 1,
        "versions": {
            "bitonal": bitonal.__version__,
            "numpy": np.__version__,
            "opencv": cv2.__version__,
            "doxapy": _version("doxapy"),
            "scikit-image": _version("scikit-image"),
        },
        "rows": rows,
    }


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def print_table(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    img = result["image"]
    table = Table(
        title=f"{img['width']}x{img['height']} grey page ({img['page']}), 1 thread, median of {result['repeats']} (ms)"
    )
    for col in ("method", "ours", "doxapy", "ours/doxapy", "opencv", "skimage", "peak MiB", "params"):
        table.add_column(col, justify="left" if col in ("method", "params") else "right")

    def ms(row: dict, key: str) -> str:
        return f"{row[key]:.1f}" if key in row else "-"

    for row in result["rows"]:
        if "error" in row:
            table.add_row(row["method"], "error", "", "", "", "", "", row["error"])
            continue
        table.add_row(
            row["method"],
            ms(row, "ours_ms"),
            ms(row, "doxapy_ms"),
            f"{row['ratio']:.2f}" if "ratio" in row else "-",
            ms(row, "opencv_ms"),
            ms(row, "skimage_ms"),
            f"{row['ours_peak_mib']:.0f}" if "ours_peak_mib" in row else "-",
            ", ".join(f"{k}={v}" for k, v in row["params"].items()),
        )
    Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160).print(table)
    print("opencv for local methods: adaptiveThreshold MEAN_C with the same window (a simpler rule);"
          " skimage: threshold_otsu / threshold_sauvola / threshold_niblack.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--methods", help="comma-separated method names (default: all registered)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per method (median)")
    parser.add_argument("--size", default="2480x3508", help="page size WxH (default A4 at 300 dpi)")
    parser.add_argument("--page", default="strokes", help="'strokes' (default) or a bitonal.synth family (A4 300 dpi)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    names = args.methods.split(",") if args.methods else [m.name for m in bitonal.methods()]
    try:
        for name in names:
            bitonal.get_method(name)
        width, height = (int(v) for v in args.size.lower().split("x"))
        gray = page_image(args.page, width, height)
    except (bitonal.BitonalError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = bench(names, max(1, args.repeats), gray, not args.no_memory, args.page)
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
