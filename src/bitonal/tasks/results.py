"""A task's results as stored: one result as itself, several packed in one JSON blob.

Binarization and deskew give one image, stored as its bytes with its type
(``ImagePNG``, ``ImageTIFF``), so ``GetResultFile`` serves it as it is. Recognition can
give several results at once (``TextAndPdf``...): they are packed as a JSON list of
``{"type", "data": base64}`` under the type :data:`PACKED`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence

PACKED = "Results"


def pack(results: Sequence[tuple[str, bytes]]) -> tuple[bytes, str]:
    """``(blob, result_type)`` for storing ``results`` (a list of ``(type, data)``)."""
    if len(results) == 1:
        kind, data = results[0]
        return data, kind
    items = [{"type": kind, "data": base64.b64encode(data).decode()} for kind, data in results]
    return json.dumps(items).encode(), PACKED


def unpack(blob: bytes, result_type: str) -> list[tuple[str, bytes]]:
    """The ``(type, data)`` list that :func:`pack` stored."""
    if result_type != PACKED:
        return [(result_type, blob)]
    return [(item["type"], base64.b64decode(item["data"])) for item in json.loads(blob)]
