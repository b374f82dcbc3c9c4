"""Reading and writing images: decode with limits checked before the full decode,
encode binary images as true 1-bit PNG or CCITT Group 4 TIFF.

Decoding returns a numpy array the engine accepts: ``(H, W)`` grey or
``(H, W, 3|4)`` RGB(A), ``uint8`` or ``uint16``, with the EXIF orientation applied.
Encoding takes the engine's convention (``True`` = ink) and writes ink as black.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .engine.errors import InvalidImageError

# Raster formats a document arrives in. Anything else (EPS, PDF, SVG...) is refused
# before a decoder runs: Pillow would hand some of them to external programs.
ACCEPTED_FORMATS = ("PNG", "JPEG", "TIFF", "BMP", "GIF", "WEBP", "PPM", "JPEG2000")
OutputFormat = Literal["png", "tiff"]
OUTPUT_FORMATS: tuple[str, ...] = ("png", "tiff")
MEDIA_TYPES = {"png": "image/png", "tiff": "image/tiff"}


class ImageTooLargeError(InvalidImageError):
    """The image exceeds a configured size limit (bytes or pixels)."""


@dataclass(frozen=True)
class Limits:
    """Size limits checked before an image is fully decoded."""

    max_bytes: int = 50 * 1024 * 1024
    max_pixels: int = 100_000_000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class ImageInfo:
    """What the header says, read without decoding the pixels."""

    format: str
    width: int
    height: int
    mode: str
    bytes: int


def probe(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ImageInfo:
    """Read the header of an encoded image and check it against ``limits``.

    Raises :class:`InvalidImageError` when the bytes are empty or not an accepted
    image format, and :class:`ImageTooLargeError` when a limit is exceeded.
    """
    with _open(data, limits) as img:
        return ImageInfo(img.format or "?", img.width, img.height, img.mode, len(data))


def decode(data: bytes, limits: Limits = DEFAULT_LIMITS) -> np.ndarray:
    """Decode an encoded image (bytes) into a numpy array, checking ``limits`` first.

    The first frame of a multi-frame file is used. Palette images become RGB(A),
    1-bit become grey, 16-bit grey stays ``uint16``, CMYK and YCbCr become RGB.
    """
    with _open(data, limits) as img:
        try:
            img.load()
            img = ImageOps.exif_transpose(img) or img
            return to_array(img)
        except (OSError, SyntaxError, ValueError) as exc:
            raise InvalidImageError(f"the {img.format} image is damaged or truncated: {exc}") from None


def read(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> np.ndarray:
    """Read and decode an image file; the file size is checked before reading it."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InvalidImageError(f"{path}: no such file") from None
    except OSError as exc:
        raise InvalidImageError(f"{path}: cannot read ({exc.strerror})") from None
    if path.is_dir():
        raise InvalidImageError(f"{path}: is a folder, not an image")
    if size > limits.max_bytes:
        raise ImageTooLargeError(f"{path}: {size} bytes exceeds the limit of {limits.max_bytes} bytes")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidImageError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return decode(data, limits)
    except InvalidImageError as exc:
        raise type(exc)(f"{path}: {exc}") from None


def encode(mask: np.ndarray, fmt: OutputFormat = "png", dpi: float | tuple[float, float] | None = None) -> bytes:
    """Encode a binary image (``True`` = ink) as a 1-bit PNG or a CCITT G4 TIFF.

    ``dpi`` is one resolution or an ``(x, y)`` pair (fax pages are 204 x 196).

    Examples
    --------
    >>> mask = np.zeros((4, 8), bool); mask[1:3, 2:6] = True
    >>> Image.open(io.BytesIO(encode(mask))).mode
    '1'
    """
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format '{fmt}' (choose from {', '.join(OUTPUT_FORMATS)})")
    if mask.ndim != 2 or mask.dtype != bool:
        raise ValueError(f"expected a 2-D bool mask, got {mask.dtype} of shape {mask.shape}")
    img = Image.fromarray(np.logical_not(mask))  # mode "1": True is white
    out = io.BytesIO()
    options: dict[str, object] = {}
    if dpi:
        options["dpi"] = dpi if isinstance(dpi, tuple) else (dpi, dpi)
    if fmt == "png":
        img.save(out, format="PNG", optimize=False, **options)
    else:
        img.save(out, format="TIFF", compression="group4", **options)
    return out.getvalue()


def encode_gray(gray: np.ndarray) -> bytes:
    """Encode an 8-bit grey (or RGB) array as PNG."""
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(gray)).save(out, format="PNG")
    return out.getvalue()


def _open(data: bytes, limits: Limits) -> Image.Image:
    if not data:
        raise InvalidImageError("the image is empty (0 bytes)")
    if len(data) > limits.max_bytes:
        raise ImageTooLargeError(f"{len(data)} bytes exceeds the limit of {limits.max_bytes} bytes")
    img = open_image(io.BytesIO(data))
    pixels = img.width * img.height
    if img.width < 1 or img.height < 1:
        raise InvalidImageError(f"the image has no pixels ({img.width}x{img.height})")
    if pixels > limits.max_pixels:
        raise ImageTooLargeError(
            f"{img.width}x{img.height} = {pixels} pixels exceeds the limit of {limits.max_pixels} pixels"
        )
    return img


def open_image(source: BinaryIO | str | os.PathLike[str]) -> Image.Image:
    """Open an image of an accepted format, reading only its header.

    Raises :class:`InvalidImageError` (not an accepted format, unreadable header) or
    :class:`ImageTooLargeError` (Pillow's decompression-bomb limit).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(source, formats=ACCEPTED_FORMATS)
    except UnidentifiedImageError:
        raise InvalidImageError(
            f"not an image in a supported format ({', '.join(ACCEPTED_FORMATS)})"
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageTooLargeError("the image has too many pixels to decode safely") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InvalidImageError(f"cannot read the image header: {exc}") from None


def to_array(img: Image.Image) -> np.ndarray:
    """A decoded Pillow image (one frame) as an array the engine accepts."""
    mode = img.mode
    if mode == "P" or mode == "PA":
        img = img.convert("RGBA" if "transparency" in img.info or mode == "PA" else "RGB")
    elif mode == "1":
        img = img.convert("L")
    elif mode == "LA":
        img = img.convert("RGBA")
    elif mode in ("CMYK", "YCbCr", "LAB", "HSV", "RGBX"):
        img = img.convert("RGB")
    elif mode.startswith("I;16"):
        return np.asarray(img, dtype=np.uint16).reshape(img.height, img.width)
    elif mode == "I":
        arr = np.asarray(img, dtype=np.int64)
        top = 65535 if arr.max() > 255 else 255
        return np.clip(arr, 0, top).astype(np.uint16 if top > 255 else np.uint8)
    elif mode == "F":
        arr = np.asarray(img, dtype=np.float64)
        span = float(arr.max() - arr.min()) or 1.0
        return ((arr - arr.min()) / span).astype(np.float32)
    arr = np.asarray(img)
    if arr.dtype != np.uint8:
        arr = arr.astype(np.uint8)
    return arr
