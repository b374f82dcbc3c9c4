"""Where task images live: a blob store behind a small interface, out of the SQL rows.

The rows keep only a blob's key. The order of writes keeps one invariant: a row never
names a missing blob. A blob is written (and made durable) *before* the row that names
it commits, and deleted only *after* the row stops naming it; a crash between the two
leaves an unnamed blob, which :meth:`BlobStore.sweep` removes once it is older than a
grace period (long enough that no commit can still be on its way).

:class:`DirectoryBlobStore` is the default: one file per blob under a folder, which may
be a shared mount (NFS, a Docker volume) for several servers and workers.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_TEMP_PREFIX = ".tmp-"


class BlobStore(Protocol):
    """Bytes by key. Keys are ``[A-Za-z0-9._-]`` strings chosen by the caller."""

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` durably: once this returns, a crash cannot lose it."""
        ...

    def get(self, key: str) -> bytes | None:
        """The bytes under ``key``, or None when there are none."""
        ...

    def delete(self, keys: Iterable[str]) -> None:
        """Remove ``keys``; missing ones are not an error."""
        ...

    def sweep(self, referenced: Callable[[list[str]], set[str]], grace: float) -> int:
        """Delete blobs older than ``grace`` seconds that ``referenced`` does not name.

        ``referenced`` receives a batch of keys and returns those some row still names.
        Returns the number of blobs deleted.
        """
        ...


def check_key(key: str) -> str:
    """``key`` if it is a valid blob key, else ValueError (keys never reach outside the store).

    >>> check_key("3f2a.input")
    '3f2a.input'
    >>> check_key("../etc/passwd")
    Traceback (most recent call last):
    ...
    ValueError: invalid blob key '../etc/passwd'
    """
    if not _KEY.fullmatch(key) or ".." in key:
        raise ValueError(f"invalid blob key {key!r}")
    return key


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DirectoryBlobStore:
    """One file per blob in ``root/<first two characters of the key>/<key>``.

    Writes go to a temporary file in the same folder, are fsynced, renamed over the
    final name and the folder fsynced: a reader sees the whole blob or none of it.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        check_key(key)
        return self.root / key[:2] / key

    def put(self, key: str, data: bytes) -> None:
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=final.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, final)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _fsync_dir(final.parent)

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.path(key).unlink(missing_ok=True)

    def _old_files(self, before: float) -> Iterator[Path]:
        if not self.root.is_dir():
            return
        for folder in self.root.iterdir():
            if not folder.is_dir():
                continue
            for entry in os.scandir(folder):
                try:
                    if entry.is_file() and entry.stat().st_mtime < before:
                        yield Path(entry.path)
                except FileNotFoundError:  # deleted by another server's sweep meanwhile
                    continue

    def sweep(self, referenced: Callable[[list[str]], set[str]], grace: float) -> int:
        deleted = 0
        batch: list[Path] = []

        def flush() -> int:
            keep = referenced([p.name for p in batch])
            gone = [p for p in batch if p.name not in keep]
            for p in gone:
                p.unlink(missing_ok=True)
            batch.clear()
            return len(gone)

        for path in self._old_files(time.time() - grace):
            if path.name.startswith(_TEMP_PREFIX):  # a write that never finished
                path.unlink(missing_ok=True)
                deleted += 1
                continue
            batch.append(path)
            if len(batch) >= 500:
                deleted += flush()
        if batch:
            deleted += flush()
        return deleted
