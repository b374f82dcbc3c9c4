"""The gate a fitted model passes before ``make train`` installs it in the package.

Draws of the same recipe agree on the held-out collections within a few tenths of FM,
yet one can fail a spec test on a single page (a receipt Tesseract reads worse, a few
pixels of a slide's accent bar; docs/learned.md, runs 24-31). So the new weights are
tried first: the engine's and the OCR's spec tests run against a copy of the package
that holds them, and the shipped weights are replaced only if those tests pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bitonal.engine.learned.model import WEIGHTS_FILE, PixelModel

ROOT = Path(__file__).resolve().parent.parent
SPEC_TESTS = ("tests/engine", "tests/ocr")


@dataclass(frozen=True)
class GateVerdict:
    """Whether the spec tests passed with the new weights, and pytest's last lines."""

    passed: bool
    summary: str


def spec_tests_pass(model: PixelModel, tests: Sequence[str] = SPEC_TESTS, root: Path = ROOT) -> GateVerdict:
    """Run ``tests`` (pytest node ids, relative to ``root``) with ``model`` as the
    package's weights: a copy of ``root/src`` holding them goes first on the path, so
    the checkout's own weights are not touched."""
    with tempfile.TemporaryDirectory(prefix="bitonal-gate-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(root / "src", src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        model.save(src / "bitonal" / "engine" / "learned" / WEIGHTS_FILE)
        path = os.pathsep.join(p for p in (str(src), os.environ.get("PYTHONPATH", "")) if p)
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
            cwd=root,
            env=os.environ | {"PYTHONPATH": path},
            capture_output=True,
            text=True,
            check=False,
        )
    lines = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    lines += run.stdout.strip().splitlines()[-1:]
    return GateVerdict(run.returncode == 0, "\n".join(lines))
