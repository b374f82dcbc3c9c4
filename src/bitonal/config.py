"""Service settings: one place, one prefix (``BITONAL_``).

Precedence, highest first: values passed in code (the CLI flags), environment
variables, an optional TOML file named by ``BITONAL_CONFIG_FILE``, the defaults.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from .imageio import Limits


def available_cores() -> int:
    """CPU cores this process may run on (respects affinity / cgroup cpusets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Settings(BaseSettings):
    """Every knob of the service. Each one is also ``BITONAL_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="BITONAL_", extra="ignore", validate_default=True)

    data_dir: Path = Field(Path("./var"), description="Folder for the SQLite database and the JWT secret.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: SQLite file in data_dir.")
    dispatcher: Literal["local", "celery"] = Field("local", description="Who runs tasks.")
    broker_url: str = Field("redis://127.0.0.1:6379/0", description="Celery broker (dispatcher=celery).")
    celery_queue: str = Field("bitonal", description="Celery queue name (dispatcher=celery).")
    workers: int = Field(0, ge=0, description="Worker processes; 0 = one per available core (never more).")
    jwt_secret: SecretStr | None = Field(None, description="HS256 key; generated once into data_dir if unset.")
    token_ttl: int = Field(3600, ge=1, description="Access-token lifetime, seconds.")
    result_retention: float = Field(24 * 3600, gt=0, description="Seconds a finished task is kept.")
    purge_interval: float = Field(60, gt=0, description="Seconds between purges / maintenance sweeps.")
    max_bytes: int = Field(50 * 1024 * 1024, ge=1, description="Largest accepted upload, bytes.")
    max_pixels: int = Field(100_000_000, ge=1, description="Largest accepted image, width x height.")
    task_timeout: float = Field(300, gt=0, description="Seconds one attempt may run; also sizes the lease.")
    max_attempts: int = Field(3, ge=1, description="Attempts before a task whose worker keeps dying fails.")
    default_method: str = Field("auto", description="Binarization method when a request names none.")
    max_wait: float = Field(60, ge=0, description="Cap on the native route's synchronous `wait`, seconds.")
    compat_wait: float = Field(
        5, ge=0, description="Seconds a compat GET waits for a pending task before answering (long poll)."
    )
    poll_interval: float = Field(0.25, gt=0, description="Idle local worker's fallback poll, seconds.")
    # -- operations -------------------------------------------------------------------
    blob_dir: Path | None = Field(
        None, description="Folder of input and result images (a shared mount for several servers); default data_dir/blobs."
    )
    blob_grace: float = Field(
        3600, gt=0, description="Seconds before a blob no task names (a crash mid-write) is swept away."
    )
    log_format: Literal["text", "json"] = Field("text", description="Log lines as text or one JSON object each.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Least severe level logged.")
    metrics_dir: Path | None = Field(
        None, description="Folder for the worker processes' Prometheus metrics; default data_dir/metrics."
    )
    worker_metrics_port: int = Field(
        0, ge=0, le=65535, description="Port where `bitonal worker` serves /metrics; 0 = not served."
    )
    ratelimit_storage: str = Field(
        "memory://", description="Where rate-limit counters live: memory:// (per server) or redis://host:port/db (shared)."
    )
    ratelimit_prefix: str = Field("bitonal", description="Key prefix of the counters in a shared storage.")
    token_failures_per_client: str = Field(
        "10/minute", description="Failed token requests allowed per client id before 429."
    )
    token_failures_per_ip: str = Field("30/minute", description="Failed token requests allowed per IP address before 429.")
    submissions_per_client: str = Field("600/minute", description="Tasks one client may submit before 429.")
    max_pages: int = Field(
        100, ge=1, description="Most pages in an uploaded PDF or multi-page TIFF (it must finish within task_timeout)."
    )
    document_dpi: float = Field(
        300, ge=50, le=1200, description="Rendering dpi of PDF pages that are not one scanned image."
    )

    @field_validator("data_dir", "blob_dir", "metrics_dir")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        return None if value is None else value.expanduser().resolve()

    @field_validator("token_failures_per_client", "token_failures_per_ip", "submissions_per_client")
    @classmethod
    def _rate(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a rate such as '10/minute' or '100 per hour'") from None
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = os.environ.get("BITONAL_CONFIG_FILE")
        if config_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)

    # -- derived values -------------------------------------------------------------
    @property
    def effective_workers(self) -> int:
        cores = available_cores()
        return cores if self.workers == 0 else min(self.workers, cores)

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'bitonal.sqlite3'}"

    @property
    def effective_blob_dir(self) -> Path:
        return self.blob_dir or self.data_dir / "blobs"

    @property
    def effective_metrics_dir(self) -> Path:
        return self.metrics_dir or self.data_dir / "metrics"

    @property
    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_bytes, max_pixels=self.max_pixels)

    @property
    def lease_seconds(self) -> float:
        """How long a claim holds before another worker may take the task over."""
        return self.task_timeout * 1.2 + 1.0

    def secret_key(self) -> str:
        """The JWT signing key: the setting, else a key generated once and kept in data_dir."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        path = self.data_dir / "jwt_secret"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            key = secrets.token_urlsafe(48)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process won the race; read its key
            else:
                with os.fdopen(fd, "w") as fh:
                    fh.write(key)
        return path.read_text().strip()
