"""A fast start: the command line imports no heavy library until a command needs one,
and ``bitonal methods`` reads a cached list instead of importing the engine.
(The timing itself is measured by ``bench/cli_start.py``, not here.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bitonal.cli import catalog

BITONAL = Path(sys.executable).with_name("bitonal")
HEAVY = {
    "numpy", "cv2", "PIL", "scipy", "fastapi", "starlette", "sqlalchemy", "tesserocr", "celery", "pydantic",
    "pydantic_settings", "rich", "pypdfium2", "pikepdf", "img2pdf", "bitonal.engine", "bitonal.config",
}


def python(code: str, cache: Path) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def heavy_modules_after(code: str, cache: Path) -> list[str]:
    out = python(f"{code}\nimport sys, json\nprint(json.dumps(sorted(m for m in sys.modules if m in {sorted(HEAVY)!r})))", cache)
    return json.loads(out.splitlines()[-1])


def test_importing_the_command_line_imports_no_heavy_library(tmp_path):
    assert heavy_modules_after("import bitonal.cli.main", tmp_path) == []


def test_help_and_version_need_no_heavy_library(tmp_path):
    run_help = "from bitonal.cli.main import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass"
    assert heavy_modules_after(run_help, tmp_path) == []


def test_methods_from_a_warm_cache_does_not_import_the_engine(tmp_path):
    listed = "from bitonal.cli.main import app\ntry:\n    app(['methods'])\nexcept SystemExit:\n    pass"
    cold = heavy_modules_after(listed, tmp_path)
    assert "bitonal.engine" in cold  # the first run builds the list...
    assert len(list((tmp_path / "bitonal").glob("methods-*.json"))) == 1  # ...and caches it
    assert heavy_modules_after(listed, tmp_path) == []


def test_the_cached_list_is_the_registry_s(tmp_path):
    warm = "from bitonal.cli.catalog import method_catalog\nimport json\nprint(json.dumps(method_catalog()))"
    python(warm, tmp_path)
    cached = json.loads(python(warm, tmp_path))
    assert cached == json.loads(json.dumps(catalog.methods_as_json(), default=str))


def test_a_changed_engine_file_changes_the_cache_key(tmp_path, monkeypatch):
    engine = tmp_path / "engine"
    engine.mkdir()
    (engine / "auto.py").write_text("x = 1\n")
    monkeypatch.setattr(catalog, "_ENGINE_DIR", engine)
    before = catalog.engine_fingerprint()
    (engine / "auto.py").write_text("x = 22\n")
    assert catalog.engine_fingerprint() != before


def test_the_cli_default_method_is_the_engine_s():
    from bitonal.engine import DEFAULT_METHOD

    assert catalog.DEFAULT_METHOD == DEFAULT_METHOD


@pytest.mark.parametrize("args", [["--help"], ["methods"], ["--version"]])
def test_the_installed_command_answers(args, tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run([str(BITONAL), *args], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {"--help": "Commands:", "methods": "sauvola", "--version": "bitonal "}[args[0]] in done.stdout
