"""The ``bitonal ocr`` command: recognise the text of one image with Tesseract."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .inputs import load_image

FORMATS = {"text": "Text", "hocr": "Hocr", "pdf": "Pdf"}


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("ocr")
    def ocr(
        image: str = typer.Argument(..., help="Image file to read ('-' for stdin)."),
        binarize: bool = typer.Option(False, "--binarize/--no-binarize", help="Binarize before recognition."),
        method: str = typer.Option("auto", "--method", "-m", help="Binarization method (with --binarize)."),
        deskew: bool = typer.Option(True, "--deskew/--no-deskew", help="Straighten skewed text first."),
        fmt: str = typer.Option("text", "--format", "-f", help="Output: text, hocr or pdf."),
        language: str = typer.Option("English", "--language", "-l", help="Aspose language name."),
        dpi: int = typer.Option(0, "--dpi", help="Resolution to assume (0: from the file, else 300)."),
        out: Path | None = typer.Option(None, "-o", "--output", help="Output file (default: stdout)."),
    ) -> None:
        """Recognise the text of IMAGE (Tesseract), optionally binarized first."""
        from ..engine import BitonalError, get_method
        from ..ocr.pipeline import recognize
        from ..ocr.settings import RecognizeSettings

        try:
            if fmt not in FORMATS:
                raise BitonalError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
            settings = RecognizeSettings.parse(
                {
                    "language": language,
                    "makeSkewCorrect": deskew,
                    "makeBinarization": binarize,
                    "resultType": FORMATS[fmt],
                },
                binarization_method=method,
            )
            if binarize:
                get_method(method)  # fail before decoding with the list of methods
            arr, file_dpi = load_image(image)
            known = int(round(file_dpi)) if file_dpi and 50 <= file_dpi <= 2400 else None
            result = recognize(arr, settings, dpi=dpi or known)[0]
            if out is None:
                sys.stdout.buffer.write(result.data)
                sys.stdout.buffer.flush()
            else:
                out.write_bytes(result.data)
        except BitonalError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        except OSError as exc:
            typer.echo(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
            raise typer.Exit(1) from None
