"""Reading an input image for a command: a path or ``-`` (stdin), with its dpi.

Pillow, numpy and the engine are imported when an image is read, not with this
module (the CLI's start stays light)."""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from .. import imageio

STDIO = "-"


def load_image(item: str | Path, limits: imageio.Limits | None = None) -> tuple[np.ndarray, float | None]:
    """Decode an input (a path, or ``-`` for stdin) within ``limits`` (default: the
    default limits), and its dpi if the file records one. Raises
    :class:`BitonalError` naming the input."""
    from .. import imageio
    from ..engine import BitonalError

    limits = limits or imageio.DEFAULT_LIMITS
    if item == STDIO:
        data = sys.stdin.buffer.read()
        try:
            image = imageio.decode(data, limits)
        except BitonalError as exc:
            raise type(exc)(f"<stdin>: {exc}") from None
        return image, _dpi(io.BytesIO(data))
    return imageio.read(item, limits), _dpi(item)


def _dpi(source: Any) -> float | None:
    from PIL import Image

    try:
        with Image.open(source) as img:
            dpi = img.info.get("dpi")
    except Exception:  # dpi is a nicety; the image itself was read fine
        return None
    if not dpi:
        return None
    value = float(dpi[0] if isinstance(dpi, tuple) else dpi)
    if not math.isfinite(value) or value <= 1:
        return None
    return round(value, 2)
