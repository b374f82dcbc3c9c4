"""Bring a database written by an older bitonal up to date (there is no migration tool).

Older versions kept images in a ``task_blobs`` table and had no blob-key columns on
``tasks``. The upgrade adds the columns, moves every image into the blob store (blob
first, then the row that names it, as everywhere) and drops the old table. It runs at
every start and does nothing on an up-to-date database.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from .blobs import BlobStore

NEW_TASK_COLUMNS = {"input_blob": "VARCHAR(200)", "result_blob": "VARCHAR(200)", "request_id": "VARCHAR(64)"}


def _add_missing_columns(engine: Engine) -> None:
    present = {c["name"] for c in inspect(engine).get_columns("tasks")}
    with engine.begin() as conn:
        for name, sql_type in NEW_TASK_COLUMNS.items():
            if name not in present:
                conn.execute(text(f"ALTER TABLE tasks ADD COLUMN {name} {sql_type}"))


def _move_table_blobs(engine: Engine, blobs: BlobStore) -> int:
    from .store import input_key, result_key  # the key scheme lives with the store

    moved = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT task_id, role, data FROM task_blobs LIMIT 50")).all()
        if not rows:
            return moved
        for task_id, role, data in rows:
            column, key = ("input_blob", input_key(task_id)) if role == "input" else ("result_blob", result_key(task_id, "legacy"))
            blobs.put(key, bytes(data))
            with engine.begin() as conn:
                conn.execute(text(f"UPDATE tasks SET {column} = :key WHERE id = :id"), {"key": key, "id": task_id})
                conn.execute(text("DELETE FROM task_blobs WHERE task_id = :id AND role = :role"), {"id": task_id, "role": role})
            moved += 1


def upgrade_legacy_schema(engine: Engine, blobs: BlobStore) -> int:
    """Add the blob-key columns and move images out of ``task_blobs``. Returns how many moved."""
    tables = set(inspect(engine).get_table_names())
    if "tasks" not in tables:
        return 0
    _add_missing_columns(engine)
    if "task_blobs" not in tables:
        return 0
    moved = _move_table_blobs(engine, blobs)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE task_blobs"))
    return moved
