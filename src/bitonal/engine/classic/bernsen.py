"""Bernsen's local contrast threshold: the midpoint of the local minimum and maximum."""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field

from ..image import to_gray
from ..local_stats import local_min_max
from ..registry import register


@register("bernsen", reference="J. Bernsen, Proc. 8th ICPR, Paris, 1986")
def bernsen(
    image: np.ndarray,
    *,
    window: Annotated[
        int,
        Field(ge=3, le=4001, description="Side of the square window in pixels (an even value is rounded up "
              "to the next odd one; windows are clipped at the image border)."),
    ] = 75,
    threshold: Annotated[
        int,
        Field(ge=0, le=255, description="Global grey level used where the window's contrast is too low: "
              "such pixels are ink when grey <= threshold."),
    ] = 100,
    contrast_limit: Annotated[
        int,
        Field(ge=0, le=255, description="Minimum local contrast (max - min) above which the local midpoint "
              "(max + min) // 2 is used as the threshold (Doxa's 'contrast-limit')."),
    ] = 25,
) -> np.ndarray:
    """Bernsen's threshold: the midpoint of the darkest and lightest grey in the window.

    Where the local contrast ``max - min`` exceeds ``contrast_limit`` the threshold
    is ``(max + min) // 2`` (integer midpoint, as in Doxa); elsewhere the window is
    taken to hold a single class and the global ``threshold`` decides.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    window : int
        Window size in pixels (default 75, as in Doxa).
    threshold : int
        Global fallback threshold for low-contrast windows (default 100).
    contrast_limit : int
        Contrast limit ``L`` (default 25).

    Returns
    -------
    ndarray of bool
        ``True`` where ``grey <= T`` (ink).

    References
    ----------
    J. Bernsen, "Dynamic thresholding of grey-level images", Proc. 8th
    International Conference on Pattern Recognition (ICPR), Paris, 1986,
    pp. 1251-1255.

    Examples
    --------
    >>> page = np.full((30, 30), 200, np.uint8); page[14:16, 5:25] = 40
    >>> int(bernsen(page, window=15).sum())
    40
    """
    gray = to_gray(image)
    low, high = local_min_max(gray, window)
    low = low.astype(np.int16)
    high = high.astype(np.int16)
    level = np.where(high - low > contrast_limit, (high + low) // 2, threshold)
    return gray <= level
