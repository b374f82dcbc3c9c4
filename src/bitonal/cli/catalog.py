"""The method list for ``bitonal methods`` without importing the engine each time.

The engine (numpy, OpenCV, every method module) takes about a second to import,
longer than listing the methods should. The list is built from the registry once
and cached as JSON under ``$XDG_CACHE_HOME/bitonal`` (``~/.cache/bitonal``), keyed
by the engine's source files (path, size, modification time): any change to the
engine, or another install, builds it afresh. A cache that cannot be written is
no error; the list is then built every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

# The engine's default method (bitonal.engine.DEFAULT_METHOD), here so that the
# CLI's option defaults do not import the engine; a test keeps the two equal.
DEFAULT_METHOD = "auto"

_ENGINE_DIR = Path(__file__).resolve().parent.parent / "engine"


def methods_as_json() -> list[dict[str, Any]]:
    """The registered methods and their parameters, as plain JSON-able data."""
    from ..engine import methods

    return [
        {
            "name": m.name,
            "summary": m.summary,
            "reference": m.reference,
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type,
                    "default": p.default,
                    "description": p.description,
                    "constraints": p.constraints,
                }
                for p in m.parameters
            ],
        }
        for m in methods()
    ]


def cache_dir() -> Path:
    """Where the method list is cached."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bitonal"


def engine_fingerprint() -> str:
    """A digest of the engine's source files: where they are, their sizes and times."""
    digest = hashlib.sha256(str(_ENGINE_DIR).encode())
    for path in sorted(_ENGINE_DIR.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(_ENGINE_DIR)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:20]


def method_catalog() -> list[dict[str, Any]]:
    """The methods as :func:`methods_as_json` gives them, from the cache when it is current.

    When the engine is already imported the live registry is read instead (it costs
    nothing then, and shows methods registered at run time)."""
    if "bitonal.engine" in sys.modules:
        return json.loads(json.dumps(methods_as_json(), default=str))
    path = cache_dir() / f"methods-{engine_fingerprint()}.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        pass
    data = methods_as_json()
    text = json.dumps(data, default=str)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".methods-", dir=path.parent)
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.replace(tmp, path)
        for old in path.parent.glob("methods-*.json"):  # lists of earlier engines
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return json.loads(text)  # the same JSON types whether cached or not
