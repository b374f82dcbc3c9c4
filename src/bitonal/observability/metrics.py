"""The service's Prometheus metrics, and the /metrics exposition.

Counters and histograms are written by the process where things happen (the server for
HTTP, worker processes for tasks) into the multiprocess folder (:mod:`.multiproc`);
task counts by state and the queue depth are read from the SQL store at scrape time,
so they are right across servers and Celery workers on other machines.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from ..tasks.models import TaskStatus
from .multiproc import ENV

# Seconds: from a small page's few milliseconds to the default task timeout.
_TIME_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)

HTTP_REQUESTS = Counter("bitonal_http_requests", "HTTP requests answered", ["method", "route", "status"])
HTTP_SECONDS = Histogram(
    "bitonal_http_request_duration_seconds", "Time to answer an HTTP request", ["method", "route"], buckets=_TIME_BUCKETS
)
HTTP_BYTES_IN = Counter("bitonal_http_received_bytes", "Request body bytes received", ["route"])
HTTP_BYTES_OUT = Counter("bitonal_http_sent_bytes", "Response body bytes sent", ["route"])

TASKS_FINISHED = Counter("bitonal_tasks_finished", "Task attempts that ended, by outcome", ["kind", "status"])
TASK_SECONDS = Histogram(
    "bitonal_task_duration_seconds", "Time from a worker's claim to the task's end", ["kind"], buckets=_TIME_BUCKETS
)
ENGINE_SECONDS = Histogram(
    "bitonal_engine_seconds", "Time spent decoding, processing and encoding an image", ["kind"], buckets=_TIME_BUCKETS
)


class TaskStateCollector:
    """``bitonal_tasks{state}`` and ``bitonal_queue_depth``, read from the store at scrape time."""

    def __init__(self, count_by_status: Callable[[], dict[str, int]]) -> None:
        self.count_by_status = count_by_status

    def collect(self) -> Iterator[Metric]:
        counts = self.count_by_status()
        tasks = GaugeMetricFamily("bitonal_tasks", "Tasks in the database by state", labels=["state"])
        for state in TaskStatus:
            tasks.add_metric([state.value], counts.get(state.value, 0))
        yield tasks
        yield GaugeMetricFamily(
            "bitonal_queue_depth", "Tasks waiting for a worker", value=counts.get(TaskStatus.PENDING.value, 0)
        )


def exposition(count_by_status: Callable[[], dict[str, int]]) -> tuple[bytes, str]:
    """The metrics text and its content type: this process group's metrics plus the task counts."""
    registry = CollectorRegistry()
    registry.register(TaskStateCollector(count_by_status))
    if os.environ.get(ENV):
        MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY) + generate_latest(registry), CONTENT_TYPE_LATEST
