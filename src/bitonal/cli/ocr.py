"""The ``bitonal ocr`` command: recognise the text of one image with Tesseract."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import typer

FORMATS = {"text": "Text", "hocr": "Hocr", "pdf": "Pdf"}


def read_image(path: str) -> tuple[np.ndarray, int | None]:
    """Decode an image file to an RGB/grey uint8 array and its dpi (if the file says).

    The one place the OCR command reads files: swap for ``bitonal.imageio`` (size
    limits before decoding) when it lands. Raises :class:`bitonal.BitonalError`.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    from ..engine.errors import InvalidImageError

    try:
        if path == "-":
            import io

            img = Image.open(io.BytesIO(sys.stdin.buffer.read()))
        else:
            img = Image.open(path)
        dpi = img.info.get("dpi")
        img = ImageOps.exif_transpose(img)
        if img.mode not in ("L", "RGB", "RGBA"):
            img = img.convert("RGBA" if "A" in img.getbands() else "RGB")
        arr = np.asarray(img)
    except FileNotFoundError:
        raise InvalidImageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidImageError(f"{path}: is a directory, not an image") from None
    except UnidentifiedImageError:
        raise InvalidImageError(f"{path}: not an image file (or a format Pillow cannot read)") from None
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidImageError(f"{path}: cannot decode image: {exc}") from None
    res = int(round(float(dpi[0]))) if dpi and dpi[0] and 50 <= float(dpi[0]) <= 2400 else None
    return arr, res


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
        from ..engine.errors import BitonalError

        try:
            if fmt not in FORMATS:
                raise BitonalError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
            from ..ocr.pipeline import recognize
            from ..ocr.settings import RecognizeSettings

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
                from ..engine import get_method

                get_method(method)  # fail before decoding with the list of methods
            arr, file_dpi = read_image(image)
            result = recognize(arr, settings, dpi=dpi or file_dpi)[0]
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
