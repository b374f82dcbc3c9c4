"""The Celery application for ``dispatcher=celery``: one task, ``bitonal.run_task``."""

from __future__ import annotations

import logging

from celery import Celery
from celery.signals import setup_logging, worker_process_shutdown

from ..config import Settings
from ..observability.multiproc import mark_dead


def make_celery(settings: Settings | None = None) -> Celery:
    settings = settings or Settings()
    app = Celery("bitonal", broker=settings.broker_url)
    app.conf.update(
        task_default_queue=settings.celery_queue,
        task_acks_late=True,  # a message is acknowledged only after run_task returns
        task_reject_on_worker_lost=True,  # ... and redelivered if the worker process dies
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_soft_time_limit=settings.task_timeout,
        task_time_limit=settings.task_timeout + 10,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )

    @app.task(name="bitonal.run_task")
    def _run(task_id: str) -> None:
        from .runner import run_task

        run_task(task_id, settings)

    return app


def use_bitonal_logging(settings: Settings, celery_level: str) -> None:
    """Log like the server (text or JSON, context ids) instead of Celery's own set-up;
    Celery's own loggers at ``celery_level``."""
    from ..observability.logs import configure_logging

    @setup_logging.connect(weak=False)  # a receiver here tells Celery to leave logging alone
    def _configure(**_: object) -> None:
        configure_logging(settings.log_format, settings.log_level)
        logging.getLogger("celery").setLevel(celery_level)


@worker_process_shutdown.connect
def _forget_dead_child(pid: int | None = None, **_: object) -> None:
    if pid:
        mark_dead(pid)


def serve_worker_metrics(settings: Settings) -> None:
    """Serve this worker's /metrics (its pool's task histograms and the store's task counts)
    on ``worker_metrics_port``, for workers on machines without a bitonal server."""
    from prometheus_client import CollectorRegistry, start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    from ..observability.metrics import TaskStateCollector
    from .store import Store

    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    registry.register(TaskStateCollector(Store.from_settings(settings).count_by_status))
    start_http_server(settings.worker_metrics_port, registry=registry)
