"""The system of record: tasks, blobs and clients in one SQL database.

SQLite (WAL, busy timeout) by default, PostgreSQL by URL. Every write is a single
statement or a single short transaction, so SQLite never has to upgrade a read
lock to a write lock under contention.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, or_, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from . import progress as _progress  # noqa: F401  (its task_pages table is part of the schema)
from .credentials import hash_secret, new_secret, verify_secret
from .models import new_id
from .models import Base, Client, Task, TaskBlob, TaskStatus

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


def _view(t: Task) -> TaskView:
    return TaskView(
        t.id, t.owner, t.kind, t.status, t.method, dict(t.params or {}), t.output_format,
        t.result_type, t.error, t.attempts, t.created_at, t.finished_at,
    )


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_schema(self) -> None:
        Base.metadata.create_all(self.engine)

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
        params: dict[str, Any] | None = None, output_format: str = "png",
    ) -> str:
        """Write the input blob and the Pending task row in one transaction."""
        task = Task(
            id=new_id(), owner=owner, kind=kind, method=method, params=params or {}, output_format=output_format,
            status=PENDING, created_at=time.time(),
        )
        with self.session() as s:
            s.add(task)
            s.flush()
            s.add(TaskBlob(task_id=task.id, role="input", data=data))
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
            data = None
            if t.status == COMPLETED:
                data = s.scalar(select(TaskBlob.data).where(TaskBlob.task_id == task_id, TaskBlob.role == "result"))
            return _view(t), data

    def delete_task(self, task_id: str, owner: str) -> bool:
        with self.session() as s:
            res = s.execute(delete(Task).where(Task.id == task_id, Task.owner == owner))
            if res.rowcount > 0:
                s.execute(delete(TaskBlob).where(TaskBlob.task_id == task_id))
            return res.rowcount > 0

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
            data = s.scalar(select(TaskBlob.data).where(TaskBlob.task_id == task_id, TaskBlob.role == "input"))
            return ClaimedTask(
                t.id, t.kind, t.method, dict(t.params or {}), t.output_format, data or b"", token, t.attempts,
            )

    def complete(self, claimed: ClaimedTask, result: bytes, result_type: str) -> bool:
        """Write the result and Completed in one statement, if the claim is still ours."""
        with self.session() as s:
            res = s.execute(
                update(Task)
                .where(Task.id == claimed.id, Task.claim_token == claimed.claim_token, Task.status == PROCESSING)
                .values(status=COMPLETED, result_type=result_type, error=None, finished_at=time.time(), lease_expires=None)
                .execution_options(synchronize_session=False)
            )
            if res.rowcount != 1:
                return False
            s.execute(delete(TaskBlob).where(TaskBlob.task_id == claimed.id))
            s.add(TaskBlob(task_id=claimed.id, role="result", data=result))
            return True

    def fail(self, claimed: ClaimedTask, message: str) -> bool:
        with self.session() as s:
            res = s.execute(
                update(Task)
                .where(Task.id == claimed.id, Task.claim_token == claimed.claim_token, Task.status == PROCESSING)
                .values(status=ERROR, error=message, finished_at=time.time(), lease_expires=None)
                .execution_options(synchronize_session=False)
            )
            if res.rowcount != 1:
                return False
            s.execute(delete(TaskBlob).where(TaskBlob.task_id == claimed.id))
            return True

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
            res = s.execute(
                update(Task)
                .where(Task.status == PROCESSING, Task.lease_expires < now, Task.attempts >= max_attempts)
                .values(status=ERROR, error=message, finished_at=now, lease_expires=None)
                .execution_options(synchronize_session=False)
            )
            if res.rowcount:
                # failed tasks keep no images: drop their inputs
                s.execute(delete(TaskBlob).where(TaskBlob.task_id.not_in(select(Task.id).where(Task.status != ERROR))))
            return res.rowcount

    def purge(self, retention: float) -> int:
        """Delete tasks finished more than ``retention`` seconds ago (and never-finished ones 2x older)."""
        now = time.time()
        expired = or_(Task.finished_at < now - retention, Task.created_at < now - 2 * retention)
        with self.session() as s:
            res = s.execute(delete(Task).where(expired))
            if res.rowcount:
                s.execute(delete(TaskBlob).where(TaskBlob.task_id.not_in(select(Task.id))))
            return res.rowcount

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
