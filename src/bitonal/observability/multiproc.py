"""Prometheus multiprocess mode: where this process group writes its metric files.

``prometheus_client`` picks single- or multi-process mode when it is first imported,
from ``PROMETHEUS_MULTIPROC_DIR``, so :func:`use_metrics_dir` must run before anything
imports it; worker processes started afterwards inherit the variable. Each server or
``bitonal worker`` gets its own folder (named by its host and pid) under the metrics
dir: the folder starts empty, and this host's folders of processes that are gone are
removed (a metrics dir on a mount shared by several hosts is left alone by the others).
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

ENV = "PROMETHEUS_MULTIPROC_DIR"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_dead_folders(root: Path, prefix: str) -> None:
    for folder in root.glob(f"{prefix}*"):
        pid = folder.name[len(prefix):]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def use_metrics_dir(root: Path, role: str) -> Path:
    """Create an empty ``root/<role>-<host>-<pid>`` and point this process and its children at it."""
    root.mkdir(parents=True, exist_ok=True)
    prefix = f"{role}-{socket.gethostname()}-"
    _remove_dead_folders(root, prefix)
    folder = root / f"{prefix}{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    os.environ[ENV] = str(folder)
    return folder


def mark_dead(pid: int) -> None:
    """Forget the live gauges of worker ``pid`` (it exited); its counters stay counted."""
    if os.environ.get(ENV):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
