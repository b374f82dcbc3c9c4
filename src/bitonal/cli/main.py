"""Entry point of the ``bitonal`` command: assembles the command groups."""

from __future__ import annotations

import typer

from . import images, ocr, service

app = typer.Typer(
    name="bitonal",
    help="Clean black-and-white document images for OCR.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"bitonal {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Clean black-and-white document images for OCR."""


images.register(app)
service.register(app)
ocr.register(app)
