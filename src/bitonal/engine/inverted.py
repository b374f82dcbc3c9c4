"""White-on-dark regions: found on a thumbnail, binarized with ink and paper swapped."""

from __future__ import annotations

import cv2
import numpy as np

from .components import keep_components_touching, label_components
from .histogram import grey_percentile, median_and_spread, otsu_level


def find_dark_regions(thumb: np.ndarray, window: int, stroke: float = 1.0) -> np.ndarray:
    """Regions of a thumbnail much darker than the page's paper (dark boxes, banners).

    The thumbnail is averaged over ``window`` pixels, so text on paper stays light
    while a dark box stays dark even with light text inside. Regions smaller than
    about two windows across are ignored. ``stroke`` is the writing's stroke width
    on the thumbnail: strokes of writing that touch a region do not join it.

    Returns
    -------
    ndarray of bool, the thumbnail's shape.
    """
    # The paper is the page's light ground: on a slide mostly covered by a dark
    # theme it is the light part, not the median.
    paper = grey_percentile(thumb, 90)
    side = max(3, window | 1)
    mean = cv2.blur(thumb, (side, side))
    dark = (mean < 0.45 * paper).astype(np.uint8)
    if not dark.any():
        return dark.view(bool)
    count, labels, stats, _ = label_components(dark)
    big = stats[:, cv2.CC_STAT_AREA] >= 4 * side * side
    big[0] = False
    core = big[labels]
    # The average shrinks a region by half a window at its rim: take back the dark
    # pixels there that are connected to the region, so the rim of a box does not
    # stay behind as a bar of ink. Only those within the region's body, where most
    # pixels around are dark (a box's ground between its light letters): the strokes
    # of writing beside a box (the descenders of the line above dip into it) are
    # mostly surrounded by paper and stay writing on paper.
    near = cv2.dilate(core.view(np.uint8), np.ones((side, side), np.uint8)).view(bool)
    dark_pixels = thumb < 0.45 * paper
    span = max(3, int(3 * stroke) | 1)
    mostly_dark = cv2.blur(dark_pixels.astype(np.float32), (span, span)) > 0.5
    body = keep_components_touching(near & mostly_dark, core) | core
    body = cv2.dilate(body.view(np.uint8), np.ones((span, span), np.uint8)).view(bool)
    rim = keep_components_touching(near & dark_pixels & body, core)
    return core | rim


def light_ink_level(gray: np.ndarray, region: np.ndarray) -> int | None:
    """The grey level above which a dark ``region`` of ``gray`` holds light strokes,
    or None when it holds none.

    The region is split by Otsu's threshold; it holds text only when the light
    class is a minority (0.5 % to 45 % of the region) and lighter than the dark
    class by far more than the dark class varies, which rejects plain dark areas,
    noisy dark scan borders, photos' gradients and shadows.
    """
    return _light_minority_level(gray[region], max_share=0.45)


def page_is_inverted(thumb: np.ndarray) -> bool:
    """Whether the whole page is light writing on a dark ground (dark-mode slides and
    screenshots, negatives): dark on the whole, with a small, clearly lighter minority."""
    paper, _ = median_and_spread(thumb)
    return paper < 110 and _light_minority_level(thumb.ravel(), max_share=0.25) is not None


def _light_minority_level(values: np.ndarray, max_share: float) -> int | None:
    """Otsu's level of ``values`` when its light class is a clear minority, else None."""
    if values.size < 64:
        return None
    level = otsu_level(values)
    light = values > level
    share = float(light.mean())
    if not 0.005 <= share <= max_share:
        return None
    dark_values = values[~light]
    separation = float(values[light].mean()) - float(dark_values.mean())
    if separation < max(60.0, 4.0 * float(dark_values.std())):
        return None
    return level
