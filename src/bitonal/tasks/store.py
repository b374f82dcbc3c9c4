"""The system of record: tasks and clients in one SQL database, their images in a blob store.

SQLite (WAL, busy timeout) by default, PostgreSQL by URL. Every write is a single
statement or a single short transaction, so SQLite never has to upgrade a read
lock to a write lock under contention.

Images are written to the blob store before the row that names them commits and
deleted after the row stops naming them (see :mod:`.blobs`); statements that drop a
reference say which with ``RETURNING``, so no extra read is needed.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, or_, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from ..config import Settings
from .blobs import BlobStore, DirectoryBlobStore
from . import progress as _progress  # noqa: F401  (its task_pages table is part of the schema)
from .credentials import hash_secret, new_secret, verify_secret
from .legacy import upgrade_legacy_schema
from .models import new_id
from .models import Base, Client, Task, TaskStatus

PENDING = TaskStatus.PENDING.value
PROCESSING = TaskStatus.PROCESSING.value
COMPLETED = TaskStatus.COMPLETED.value
ERROR = TaskStatus.ERROR.value


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA journal_size_limit=67108864")  # truncate the WAL back to 64 MB after checkpoints
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass(frozen=True)
class TaskView:
    """What the API shows of a task (no blobs)."""

    id: str
    owner: str
    kind: str
    status: str
    method: str | None
    params: dict[str, Any]
    output_format: str
    result_type: str | None
    error: str | None
    attempts: int
    created_at: float
    finished_at: float | None


@dataclass(frozen=True)
class ClaimedTask:
    """A task a worker holds: everything it needs to run it."""

    id: str
    kind: str
    method: str | None
    params: dict[str, Any]
    output_format: str
    input_data: bytes
    claim_token: str
    attempts: int
    owner: str = ""
    request_id: str | None = None


def input_key(task_id: str) -> str:
    """The blob key of a task's input image."""
    return f"{task_id}.input"


def result_key(task_id: str, claim_token: str) -> str:
    """The blob key of a result: one per claim, so a worker whose lease was taken over
    can never overwrite or delete the result of the worker that took it."""
    return f"{task_id}.{claim_token}.result"


def _view(t: Task) -> TaskView:
    return TaskView(
        t.id, t.owner, t.kind, t.status, t.method, dict(t.params or {}), t.output_format,
        t.result_type, t.error, t.attempts, t.created_at, t.finished_at,
    )


class Store:
    def __init__(self, url: str, blobs: BlobStore) -> None:
        self.url = url
        self.blobs = blobs
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Store":
        """The database and blob folder that ``settings`` name."""
        return cls(settings.effective_database_url, DirectoryBlobStore(settings.effective_blob_dir))

    def create_schema(self) -> None:
        """Create the tables of a fresh database; bring an older one up to date."""
        Base.metadata.create_all(self.engine)
        upgrade_legacy_schema(self.engine, self.blobs)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as s, s.begin():
            yield s

    def ping(self) -> bool:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True

    def dispose(self) -> None:
        self.engine.dispose()

    # -- tasks: the API side --------------------------------------------------------------
    def create_task(
        self, *, owner: str, kind: str, data: bytes, method: str | None = None,
        params: dict[str, Any] | None = None, output_format: str = "png", request_id: str | None = None,
    ) -> str:
        """Write the input blob, then the Pending task row that names it."""
        task_id = new_id()
        self.blobs.put(input_key(task_id), data)
        task = Task(
            id=task_id, owner=owner, kind=kind, method=method, params=params or {}, output_format=output_format,
            status=PENDING, created_at=time.time(), input_blob=input_key(task_id), request_id=request_id,
        )
        with self.session() as s:
            s.add(task)
        return task.id

    def get_task(self, task_id: str, owner: str | None = None) -> TaskView | None:
        """The task, or None when it does not exist or belongs to another client."""
        with self._sessions() as s:
            t = s.get(Task, task_id)
            if t is None or (owner is not None and t.owner != owner):
                return None
            return _view(t)

    def get_status(self, task_id: str, owner: str) -> str | None:
        with self._sessions() as s:
            row = s.execute(select(Task.status).where(Task.id == task_id, Task.owner == owner)).first()
            return row[0] if row else None

    def statuses(self, task_ids: list[str]) -> dict[str, str]:
        """Status of each of ``task_ids`` that still exists (one query per 500 ids)."""
        out: dict[str, str] = {}
        with self._sessions() as s:
            for i in range(0, len(task_ids), 500):
                chunk = task_ids[i : i + 500]
                out.update(dict(s.execute(select(Task.id, Task.status).where(Task.id.in_(chunk))).all()))
        return out

    def get_result(self, task_id: str, owner: str) -> tuple[TaskView, bytes | None] | None:
        with self._sessions() as s:
            t = s.get(Task, task_id)
            if t is None or t.owner != owner:
                return None
            view, key = _view(t), t.result_blob
        if view.status != COMPLETED or not key:
            return view, None
        data = self.blobs.get(key)
        return None if data is None else (view, data)  # None: deleted or purged meanwhile

    def delete_task(self, task_id: str, owner: str) -> bool:
        with self.session() as s:
            gone = s.execute(
                delete(Task).where(Task.id == task_id, Task.owner == owner).returning(Task.input_blob, Task.result_blob)
            ).all()
        self._drop_blobs(gone)
        return bool(gone)

    def _drop_blobs(self, rows: Any) -> None:
        """Delete the blobs named in ``rows`` (tuples of keys or None), after their rows let go."""
        self.blobs.delete(key for row in rows for key in row if key)

    def queue_position(self, task_id: str) -> int | None:
        """1 for the next task to run, None when the task is not Pending."""
        with self._sessions() as s:
            row = s.execute(select(Task.status, Task.created_at).where(Task.id == task_id)).first()
            if row is None or row[0] != PENDING:
                return None
            ahead = s.scalar(
                select(func.count()).select_from(Task).where(Task.status == PENDING, Task.created_at < row[1])
            )
            return int(ahead or 0) + 1

    def count_by_status(self) -> dict[str, int]:
        with self._sessions() as s:
            rows = s.execute(select(Task.status, func.count()).group_by(Task.status)).all()
        return {status: n for status, n in rows}

    # -- tasks: the worker side -----------------------------------------------------------
    def _claimable(self, now: float, max_attempts: int) -> Any:
        return or_(
            Task.status == PENDING,
            (Task.status == PROCESSING) & (Task.lease_expires < now) & (Task.attempts < max_attempts),
        )

    def next_claimable(self, max_attempts: int) -> str | None:
        """The oldest task a worker could claim now (not claimed yet: see :meth:`claim`)."""
        now = time.time()
        with self._sessions() as s:
            return s.scalar(
                select(Task.id).where(self._claimable(now, max_attempts)).order_by(Task.created_at).limit(1)
            )

    def stale_ids(self, max_attempts: int, older_than: float) -> list[str]:
        """Claimable tasks nobody picked up for ``older_than`` seconds (for re-dispatch)."""
        now = time.time()
        with self._sessions() as s:
            return list(
                s.scalars(
                    select(Task.id)
                    .where(self._claimable(now, max_attempts), Task.created_at < now - older_than)
                    .order_by(Task.created_at)
                    .limit(1000)
                )
            )

    def claim(
        self, task_id: str, lease_seconds: float, max_attempts: int, token: str | None = None
    ) -> ClaimedTask | None:
        """Atomically take ``task_id`` (Pending, or Processing with an expired lease)."""
        now = time.time()
        token = token or uuid.uuid4().hex
        with self.session() as s:
            res = s.execute(
                update(Task)
                .where(Task.id == task_id, self._claimable(now, max_attempts))
                .values(
                    status=PROCESSING, claim_token=token, claimed_at=now,
                    lease_expires=now + lease_seconds, attempts=Task.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            if res.rowcount != 1:
                return None
        with self._sessions() as s:
            t = s.get(Task, task_id)
            if t is None or t.claim_token != token:
                return None
            key = t.input_blob
            claimed = ClaimedTask(
                t.id, t.kind, t.method, dict(t.params or {}), t.output_format, b"", token, t.attempts, t.owner, t.request_id,
            )
        data = self.blobs.get(key) if key else None
        return dataclasses.replace(claimed, input_data=data or b"")

    def _finish(self, claimed: ClaimedTask, **values: Any) -> bool:
        """Set ``values`` (and drop the input reference) if the claim is still ours; then drop the input."""
        with self.session() as s:
            res = s.execute(
                update(Task)
                .where(Task.id == claimed.id, Task.claim_token == claimed.claim_token, Task.status == PROCESSING)
                .values(finished_at=time.time(), lease_expires=None, input_blob=None, **values)
                .execution_options(synchronize_session=False)
            )
        if res.rowcount != 1:
            return False
        self.blobs.delete([input_key(claimed.id)])
        return True

    def complete(self, claimed: ClaimedTask, result: bytes, result_type: str) -> bool:
        """Write the result blob, then Completed and its key in one statement, if the claim is still ours."""
        key = result_key(claimed.id, claimed.claim_token)
        self.blobs.put(key, result)
        if self._finish(claimed, status=COMPLETED, result_type=result_type, error=None, result_blob=key):
            return True
        self.blobs.delete([key])
        return False

    def fail(self, claimed: ClaimedTask, message: str) -> bool:
        """Error with ``message``, if the claim is still ours; failed tasks keep no images."""
        return self._finish(claimed, status=ERROR, error=message)

    def release(self, task_id: str, claim_token: str) -> bool:
        """Give a claimed task back (worker shutting down): Pending again, the attempt not counted."""
        with self.session() as s:
            res = s.execute(
                update(Task)
                .where(Task.id == task_id, Task.claim_token == claim_token, Task.status == PROCESSING)
                .values(status=PENDING, claim_token=None, claimed_at=None, lease_expires=None, attempts=Task.attempts - 1)
                .execution_options(synchronize_session=False)
            )
            return res.rowcount == 1

    def reap(self, max_attempts: int) -> int:
        """Fail the tasks whose worker died (lease expired) on their last allowed attempt."""
        now = time.time()
        message = (
            f"the worker processing this image stopped {max_attempts} times (crashed, killed or timed out) "
            "before finishing; giving up. Try a smaller image, another method, or raise "
            "BITONAL_TASK_TIMEOUT / BITONAL_MAX_ATTEMPTS."
        )
        with self.session() as s:
            failed = s.scalars(
                update(Task)
                .where(Task.status == PROCESSING, Task.lease_expires < now, Task.attempts >= max_attempts)
                .values(status=ERROR, error=message, finished_at=now, lease_expires=None, input_blob=None)
                .returning(Task.id)
                .execution_options(synchronize_session=False)
            ).all()
        self.blobs.delete(input_key(task_id) for task_id in failed)  # failed tasks keep no images
        return len(failed)

    def purge(self, retention: float) -> int:
        """Delete tasks finished more than ``retention`` seconds ago (and never-finished ones 2x older)."""
        now = time.time()
        expired = or_(Task.finished_at < now - retention, Task.created_at < now - 2 * retention)
        with self.session() as s:
            gone = s.execute(delete(Task).where(expired).returning(Task.input_blob, Task.result_blob)).all()
        self._drop_blobs(gone)
        return len(gone)

    def referenced_blobs(self, keys: list[str]) -> set[str]:
        """Those of ``keys`` that a task row still names."""
        with self._sessions() as s:
            inputs = s.scalars(select(Task.input_blob).where(Task.input_blob.in_(keys))).all()
            results = s.scalars(select(Task.result_blob).where(Task.result_blob.in_(keys))).all()
        return set(inputs) | set(results)

    def sweep_blobs(self, grace: float) -> int:
        """Delete blobs no row names that are older than ``grace`` seconds (a crash between a
        blob write and its row's commit, or between a row's delete and its blob's)."""
        return self.blobs.sweep(self.referenced_blobs, grace)

    # -- clients ----------------------------------------------------------------------------
    def add_client(self, name: str) -> tuple[str, str]:
        client_id = uuid.uuid4().hex
        secret = new_secret()
        with self.session() as s:
            s.add(Client(id=client_id, name=name, secret_hash=hash_secret(secret), revoked=False, created_at=time.time()))
        return client_id, secret

    def list_clients(self) -> list[dict[str, Any]]:
        with self._sessions() as s:
            return [
                {"client_id": c.id, "name": c.name, "revoked": c.revoked, "created_at": c.created_at}
                for c in s.scalars(select(Client).order_by(Client.created_at))
            ]

    def revoke_client(self, client_id: str) -> bool:
        with self.session() as s:
            res = s.execute(update(Client).where(Client.id == client_id).values(revoked=True))
            return res.rowcount > 0

    def authenticate(self, client_id: str, secret: str) -> bool:
        with self._sessions() as s:
            c = s.get(Client, client_id)
        if c is None:
            verify_secret(secret, hash_secret("dummy"))  # same work whether or not the id exists
            return False
        return verify_secret(secret, c.secret_hash) and not c.revoked

    def client_active(self, client_id: str) -> bool:
        with self._sessions() as s:
            row = s.execute(select(Client.revoked).where(Client.id == client_id)).first()
        return row is not None and not row[0]
