"""The ids that go on every log line: request id, client id, task id.

One mutable mapping per request (or per task run) in a context variable: code running
in a thread pool for that request (the token check, for one) may add to it, and the
log filter copies it onto every record.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_UNPRINTABLE = re.compile(r"[^\x21-\x7e]")

_fields: ContextVar[dict[str, str] | None] = ContextVar("bitonal_log_fields", default=None)


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is a sane token, else a new one.

    >>> request_id_from("abc-123")
    'abc-123'
    >>> len(request_id_from("no spaces or newlines\\n"))
    32
    """
    if header and _VALID_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


@contextmanager
def bound(**fields: str | None) -> Iterator[dict[str, str]]:
    """Log ``fields`` (those not None) on every line written inside the block."""
    values = {k: v for k, v in fields.items() if v is not None}
    token = _fields.set(values)
    try:
        yield values
    finally:
        _fields.reset(token)


def annotate(**fields: str | None) -> None:
    """Add ``fields`` to the current block's log fields (no-op outside one). Values may come
    from the caller (a client id on a failed sign-in): they are cut short and made printable."""
    values = _fields.get()
    if values is not None:
        values.update({k: _UNPRINTABLE.sub("?", v)[:100] for k, v in fields.items() if v is not None})


def current(name: str) -> str | None:
    """The current block's value of ``name`` (e.g. ``request_id``), if any."""
    values = _fields.get()
    return None if values is None else values.get(name)


def all_fields() -> dict[str, str]:
    """A copy of the current block's log fields (empty outside one)."""
    return dict(_fields.get() or {})
