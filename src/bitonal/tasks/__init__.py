"""Tasks: the model, the store, the dispatchers and ``run_task``."""

from .models import TaskKind, TaskStatus
from .runner import run_task
from .store import Store, TaskView

__all__ = ["Store", "TaskKind", "TaskStatus", "TaskView", "run_task"]
