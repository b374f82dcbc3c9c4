"""The deployment files (deploy/) and the settings docs agree with the code: the compose
file parses and runs the services it must, and every BITONAL_ variable they set, and
every setting, is one the service knows and documents. (No Docker engine here: the
images are not built by the tests.)"""

from __future__ import annotations

import re
from pathlib import Path

import typer
import yaml

from bitonal.cli.service import serve
from bitonal.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def known_variables() -> set[str]:
    """Every BITONAL_ variable the code reads: the settings, the config file, serve's own flags."""
    names = {f"BITONAL_{name.upper()}" for name in Settings.model_fields}
    names.add("BITONAL_CONFIG_FILE")
    for default in serve.__defaults__ or ():
        if isinstance(default, typer.models.OptionInfo) and default.envvar:
            names.add(default.envvar)
    return names


def test_the_compose_file_runs_the_service_workers_postgresql_and_rabbitmq_on_one_blob_volume():
    compose = yaml.safe_load((ROOT / "deploy/compose.yaml").read_text())
    services = compose["services"]
    assert {"api", "worker", "postgres", "rabbitmq"} <= set(services)
    assert services["api"]["command"][:2] == ["bitonal", "serve"] and services["worker"]["command"] == ["bitonal", "worker"]
    blob_dir = services["api"]["environment"]["BITONAL_BLOB_DIR"]
    for name in ("api", "worker"):
        env = services[name]["environment"]
        assert env["BITONAL_DISPATCHER"] == "celery" and env["BITONAL_BLOB_DIR"] == blob_dir
        assert env["BITONAL_DATABASE_URL"].startswith("postgresql+psycopg://") and "@postgres:" in env["BITONAL_DATABASE_URL"]
        assert env["BITONAL_BROKER_URL"].startswith("amqp://") and "@rabbitmq:" in env["BITONAL_BROKER_URL"]
        assert f"blobs:{blob_dir}" in services[name]["volumes"]  # the same named volume for both
        unknown = {key for key in env if key.startswith("BITONAL_")} - known_variables()
        assert not unknown, f"{name} sets variables bitonal does not read: {unknown}"
    assert services["api"]["build"]["dockerfile"] == "deploy/Dockerfile"


def test_the_systemd_environment_file_sets_only_known_variables():
    lines = (ROOT / "deploy/bitonal.env").read_text().splitlines()
    keys = {line.lstrip("# ").split("=", 1)[0] for line in lines if re.match(r"#? ?BITONAL_\w+=", line)}
    assert len(keys) >= 10 and keys <= known_variables(), keys - known_variables()
    unit = (ROOT / "deploy/bitonal.service").read_text()
    assert "EnvironmentFile=/etc/bitonal/bitonal.env" in unit and "bitonal serve" in unit


def test_every_setting_is_documented_with_its_variable():
    docs = (ROOT / "docs/api.md").read_text() + (ROOT / "docs/deployment.md").read_text()
    missing = [f"BITONAL_{name.upper()}" for name in Settings.model_fields if f"`BITONAL_{name.upper()}`" not in docs]
    assert not missing, f"settings not documented: {missing}"


def test_the_dockerfile_installs_the_locked_dependencies_and_runs_the_service():
    dockerfile = (ROOT / "deploy/Dockerfile").read_text()
    assert "uv sync --frozen --no-dev" in dockerfile and "tesseract-ocr-eng" in dockerfile
    assert re.search(r'^CMD \["bitonal", "serve"', dockerfile, re.MULTILINE)
