"""An OCRmyPDF plugin: Tesseract reads bitonal's black-and-white page, the reader sees
the page as it was.

    ocrmypdf --plugin bitonal.ocrmypdf in.pdf out.pdf
    ocrmypdf --plugin bitonal.ocrmypdf --bitonal-output in.pdf out.pdf   # visible pages too

``filter_ocr_image`` binarizes the image OCRmyPDF hands to the OCR engine (after
OCRmyPDF's own filters, e.g. Tesseract's downsampling of huge pages, so this hook
wraps them). With ``--bitonal-output`` ``filter_page_image`` also replaces each
visible page by its G4 black-and-white version; OCRmyPDF only produces a visible
page image when it rasterizes the page, so that option turns on ``--force-ocr``
when no other option already does.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from ocrmypdf import hookimpl
from ocrmypdf._options import ProcessingMode
from ocrmypdf.exceptions import BadArgsError
from PIL import Image
from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from argparse import ArgumentParser

    from ocrmypdf import PageContext

log = logging.getLogger(__name__)
DEFAULT_METHOD = "auto"


class BitonalOptions(BaseModel):
    """The plugin's options (``--bitonal-*`` on OCRmyPDF's command line)."""

    output: bool = Field(False, description="Also binarize the visible pages.")
    method: str = Field(DEFAULT_METHOD, description="bitonal binarization method.")
    ocr_input: Literal["bilevel", "masked"] = Field(
        "bilevel", description="What Tesseract reads: the 1-bit page, or the grey page inside bitonal's mask."
    )


@hookimpl
def register_options() -> dict[str, type[BaseModel]]:
    return {"bitonal": BitonalOptions}


@hookimpl
def add_options(parser: ArgumentParser) -> None:
    group = parser.add_argument_group("bitonal", "Binarization of the page images by bitonal")
    group.add_argument(
        "--bitonal-output", action="store_true", dest="bitonal_output",
        help="Also replace the visible pages by their black-and-white (CCITT G4) version "
        "(implies --force-ocr when no other option rasterizes the pages).",
    )
    group.add_argument(
        "--bitonal-method", default=DEFAULT_METHOD, dest="bitonal_method", metavar="METHOD",
        help=f"bitonal binarization method (default {DEFAULT_METHOD}; see 'bitonal methods').",
    )
    group.add_argument(
        "--bitonal-ocr-input", choices=("bilevel", "masked"), default="bilevel", dest="bitonal_ocr_input",
        help="What Tesseract reads: 'bilevel' the 1-bit page (default), or 'masked' the "
        "background-normalised grey inside bitonal's mask (keeps stroke edges; see docs/documents.md).",
    )


@hookimpl
def check_options(options: Any) -> None:
    from .engine import BitonalError, get_method

    try:
        get_method(options.bitonal.method)
    except BitonalError as exc:
        raise BadArgsError(f"--bitonal-method: {exc}") from None
    if options.bitonal.output and options.lossless_reconstruction:
        log.info("--bitonal-output rasterizes every page: running as with --force-ocr")
        options.mode = ProcessingMode.force


def binarized(image: Image.Image, method: str, view: str = "bilevel") -> Image.Image:
    """``image`` binarized (ink black), with its resolution: a 1-bit image, or for
    ``view="masked"`` the background-normalised grey inside the mask."""
    from .engine import binarize
    from .imageio import to_array

    pixels = to_array(image)
    mask = binarize(pixels, method)
    if view == "masked":
        from .engine.image import to_rgb
        from .ocr.pipeline import binarized_view

        out = Image.fromarray(binarized_view(to_rgb(pixels), mask, "masked"))
    else:
        out = Image.fromarray(np.logical_not(mask))
    if "dpi" in image.info:
        out.info["dpi"] = image.info["dpi"]
    return out


@hookimpl(wrapper=True)
def filter_ocr_image(page: PageContext, image: Image.Image) -> Generator[None, Image.Image, Image.Image]:
    filtered = yield  # the other filters' result (OCRmyPDF's own downsampling)
    options = page.options.bitonal
    return binarized(filtered if filtered is not None else image, options.method, options.ocr_input)


@hookimpl
def filter_page_image(page: PageContext, image_filename: Path) -> Path:
    if not page.options.bitonal.output:
        return image_filename
    with Image.open(image_filename) as image:
        image.load()
        bw = binarized(image, page.options.bitonal.method)
    target = image_filename.with_name(f"{image_filename.stem}_bitonal.tif")
    bw.save(target, format="TIFF", compression="group4", dpi=bw.info.get("dpi"))
    return target
