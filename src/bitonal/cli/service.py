"""Commands of the 'service' group: ``serve``, ``worker``, ``client add|list|revoke``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

if TYPE_CHECKING:
    from ..config import Settings

client_app = typer.Typer(help="Manage API clients (OAuth2 client credentials).", no_args_is_help=True)

DataDir = typer.Option(None, "--data-dir", help="Data folder (database, JWT key) [env BITONAL_DATA_DIR, default ./var]")


def _settings(**overrides: Any) -> Settings:
    from ..config import Settings

    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _store(data_dir: Optional[Path]):  # noqa: ANN202
    from ..tasks.store import Store

    settings = _settings(data_dir=data_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.from_settings(settings)
    store.create_schema()
    return store


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on [env BITONAL_HOST]", envvar="BITONAL_HOST"),
    port: int = typer.Option(8000, help="Port [env BITONAL_PORT]", envvar="BITONAL_PORT"),
    data_dir: Optional[Path] = DataDir,
    workers: Optional[int] = typer.Option(None, help="Worker processes (default: one per core) [env BITONAL_WORKERS]"),
    dispatcher: Optional[str] = typer.Option(None, help="local or celery [env BITONAL_DISPATCHER]"),
    log_level: str = typer.Option("warning", help="uvicorn log level"),
) -> None:
    """Run the HTTP service (and, with the local dispatcher, its worker processes)."""
    import uvicorn

    from ..observability.logs import configure_logging
    from ..observability.multiproc import use_metrics_dir

    settings = _settings(data_dir=data_dir, workers=workers, dispatcher=dispatcher)
    configure_logging(settings.log_format, settings.log_level)
    use_metrics_dir(settings.effective_metrics_dir, "serve")  # before anything imports prometheus_client

    from .. import engine
    from ..api import create_app

    known = [m.name for m in engine.methods()]
    if settings.default_method not in known:
        typer.echo(
            f"warning: default method '{settings.default_method}' is not available in this build "
            f"(known: {', '.join(known)}); set BITONAL_DEFAULT_METHOD",
            err=True,
        )
    where = f"http://{host}:{port}"
    runs = (
        f"{settings.effective_workers} local worker process(es)"
        if settings.dispatcher == "local"
        else f"celery workers on {settings.broker_url} (start them with: bitonal worker)"
    )
    typer.echo(f"bitonal listening on {where}  (docs {where}/docs, demo page {where}/)")
    typer.echo(f"data in {settings.data_dir}; tasks run by {runs}")
    typer.echo(f"create a client with: bitonal client add NAME --data-dir {settings.data_dir}")
    # log_config=None: uvicorn's own lines go through the handler set up above (text or JSON)
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, access_log=False, log_config=None)


def worker(
    data_dir: Optional[Path] = DataDir,
    concurrency: Optional[int] = typer.Option(None, help="Worker processes (default: one per core)"),
    broker_url: Optional[str] = typer.Option(None, help="Broker URL [env BITONAL_BROKER_URL]"),
    loglevel: str = typer.Option("WARNING", help="Celery log level"),
) -> None:
    """Run Celery workers for ``--dispatcher celery`` (same data dir / database as the server)."""
    from ..observability.multiproc import use_metrics_dir

    settings = _settings(data_dir=data_dir, broker_url=broker_url, dispatcher="celery")
    use_metrics_dir(settings.effective_metrics_dir, "worker")  # before anything imports prometheus_client
    from ..tasks.celery_app import make_celery, serve_worker_metrics, use_bitonal_logging

    use_bitonal_logging(settings, loglevel.upper())

    os.environ["BITONAL_DATA_DIR"] = str(settings.data_dir)  # children rebuild settings from env
    n = concurrency or settings.effective_workers
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    app = make_celery(settings)
    if settings.worker_metrics_port:
        serve_worker_metrics(settings)
    app.worker_main(["worker", f"--concurrency={n}", f"--loglevel={loglevel}", "--pool=prefork", "--without-gossip", "--without-mingle"])


@client_app.command("add")
def client_add(name: str = typer.Argument(..., help="A label for the client"), data_dir: Optional[Path] = DataDir) -> None:
    """Create a client; prints {"client_id", "client_secret"} (the secret is shown only now)."""
    client_id, secret = _store(data_dir).add_client(name)
    typer.echo(json.dumps({"client_id": client_id, "client_secret": secret}))


@client_app.command("list")
def client_list(data_dir: Optional[Path] = DataDir) -> None:
    """List clients (ids, names, revoked or not). Secrets are never stored in clear."""
    typer.echo(json.dumps(_store(data_dir).list_clients(), indent=2))


@client_app.command("revoke")
def client_revoke(client_id: str = typer.Argument(...), data_dir: Optional[Path] = DataDir) -> None:
    """Revoke a client: its tokens stop working at once."""
    if not _store(data_dir).revoke_client(client_id):
        typer.echo(f"no client '{client_id}'", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {client_id}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.add_typer(client_app, name="client")
