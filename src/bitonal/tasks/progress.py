"""Pages done / total of a document task, in a small table of its own.

A table of its own, not columns on ``tasks``: an existing database gains it from
``create_schema`` without a migration, and only document tasks have a row. Rows of
deleted tasks are dropped when the next document task starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, Task

if TYPE_CHECKING:
    from .store import Store


class TaskPages(Base):
    __tablename__ = "task_pages"

    task_id: Mapped[str] = mapped_column(String(36), ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class Pages:
    """How far a document task is."""

    done: int
    total: int


def start(store: Store, task_id: str, total: int) -> None:
    """Record that ``task_id`` has ``total`` pages, none done (again, on a retry)."""
    with store.session() as s:
        s.execute(delete(TaskPages).where(TaskPages.task_id.not_in(select(Task.id))))
        s.execute(delete(TaskPages).where(TaskPages.task_id == task_id))
        s.add(TaskPages(task_id=task_id, done=0, total=total))


def advance(store: Store, task_id: str, done: int) -> None:
    """Record that the first ``done`` pages of ``task_id`` are finished."""
    with store.session() as s:
        s.execute(update(TaskPages).where(TaskPages.task_id == task_id).values(done=done))


def get(store: Store, task_id: str) -> Pages | None:
    """Pages done / total, or None for a task that is not a document (or not started)."""
    with store.session() as s:
        row = s.execute(select(TaskPages.done, TaskPages.total).where(TaskPages.task_id == task_id)).first()
    return Pages(row[0], row[1]) if row else None
