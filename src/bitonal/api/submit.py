"""Accepting work: check the image header, write input + task in one transaction, dispatch."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from fastapi import UploadFile

from .. import imageio
from ..config import Settings
from ..observability import context
from ..tasks.dispatch import Dispatcher
from ..tasks.store import Store
from .errors import ApiError

_DATA_URL = re.compile(r"^data:[\w.+/-]*;base64,", re.IGNORECASE)


def decode_base64(text: str, settings: Settings, field: str = "image") -> bytes:
    text = _DATA_URL.sub("", text.strip(), count=1)
    text = re.sub(r"\s+", "", text)
    if not text:
        raise ApiError(400, f"'{field}' is empty: send the image file as base64")
    if len(text) > (settings.max_bytes * 4) // 3 + 4:
        raise ApiError(413, f"'{field}' is larger than the limit of {settings.max_bytes} bytes")
    try:
        if "-" in text or "_" in text:
            if not re.fullmatch(r"[A-Za-z0-9_-]+=*", text):
                raise ValueError
            return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(400, f"'{field}' is not valid base64") from None


async def read_upload(upload: UploadFile, settings: Settings) -> bytes:
    data = await upload.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise ApiError(413, f"the file is larger than the limit of {settings.max_bytes} bytes")
    return data


def _probe(data: bytes, settings: Settings) -> imageio.ImageInfo:
    # imageio raises InvalidImageError (-> 400) or ImageTooLargeError (-> 413).
    return imageio.probe(data, settings.limits)


async def submit(
    data: bytes, *, owner: str, kind: str, settings: Settings, store: Store, dispatcher: Dispatcher,
    method: str | None = None, params: dict[str, Any] | None = None, output_format: str = "png",
    check: Callable[[bytes, Settings], object] = _probe,
) -> str:
    """Check the upload (by default: the image header), write the task, dispatch it."""
    await run_in_threadpool(check, data, settings)
    task_id = await run_in_threadpool(
        store.create_task, owner=owner, kind=kind, data=data, method=method, params=params,
        output_format=output_format, request_id=context.current("request_id"),
    )
    dispatcher.submit(task_id)
    return task_id
