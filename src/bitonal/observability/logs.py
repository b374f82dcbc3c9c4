"""Log set-up for every bitonal process: text or JSON lines, with the context ids.

JSON (``BITONAL_LOG_FORMAT=json``) writes one object per line: ``time``, ``level``,
``logger``, ``message``, the context ids (``request_id``, ``client_id``, ``task_id``)
and the fields a call passes in ``extra``. Nothing logs request bodies, form fields or
headers, so secrets, tokens and image bytes never reach a log line.
"""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from . import context

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s%(context_suffix)s"


class ContextFilter(logging.Filter):
    """Copy the current context ids onto each record (a record's own ``extra`` wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = context.all_fields()
        for name, value in fields.items():
            if not hasattr(record, name):
                setattr(record, name, value)
        record.context_suffix = "".join(f" {k}={v}" for k, v in fields.items())
        return True


# LogRecord attributes left out of the JSON object (the rest of a record's fields go in).
_NOT_IN_JSON = [
    "args", "created", "exc_info", "exc_text", "filename", "funcName", "levelno", "lineno", "module", "msecs",
    "msg", "pathname", "process", "processName", "relativeCreated", "stack_info", "thread", "threadName",
    "taskName", "context_suffix",
]


def json_formatter() -> logging.Formatter:
    return JsonFormatter(
        "{asctime}{levelname}{name}{message}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
        reserved_attrs=_NOT_IN_JSON,
    )


def configure_logging(log_format: str = "text", level: str = "INFO") -> None:
    """Send every logger's records to stderr in ``log_format`` ("text" or "json") from ``level`` up."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ContextFilter())
    handler.setFormatter(json_formatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "celery"):
        logging.getLogger(name).propagate = True
