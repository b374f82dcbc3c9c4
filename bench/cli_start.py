"""Start-up time of the command line: ``bitonal --help`` and ``bitonal methods``.

Runs each command ``--repeats`` times (the method list's cache warmed first, as it
is after the first use) and reports the median wall time, next to a bare
``python -c pass`` for scale.

    .venv/bin/python bench/cli_start.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "bitonal"


def median_seconds(command: list[str], repeats: int, env: dict[str, str]) -> float:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        cold = median_seconds([str(BIN), "methods"], 1, env)  # builds the cached list
        result = {
            "median_seconds": {
                "python -c pass": round(median_seconds([sys.executable, "-c", "pass"], args.repeats, env), 3),
                "bitonal --help": round(median_seconds([str(BIN), "--help"], args.repeats, env), 3),
                "bitonal methods": round(median_seconds([str(BIN), "methods"], args.repeats, env), 3),
                "bitonal methods (first run, builds the cache)": round(cold, 3),
            },
            "repeats": args.repeats,
            "load_average_1m_after": round(os.getloadavg()[0], 2),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
