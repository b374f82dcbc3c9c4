"""``auto``: the default binarizer, with every parameter estimated from the image."""

from __future__ import annotations

from typing import Annotated

import cv2
import numpy as np
from pydantic import Field

from .background import estimate_background, flatten
from .color import ColorMarks, ink_gray
from .image import to_gray, to_rgb, validate_image
from .registry import register
from .strokes import stroke_width

# Long side (pixels) of the thumbnail on which the writing's scale is measured.
_PROBE_SIDE = 1200
# Pixels looked at when learning the page's grey levels (histograms need no more).
_SAMPLE_PIXELS = 2_500_000


def _otsu_level(values: np.ndarray) -> float:
    if values.size == 0:
        return 128.0
    level, _ = cv2.threshold(values.reshape(1, -1), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return float(level)


def _paper_level_and_noise(norm: np.ndarray) -> tuple[float, float]:
    """Median grey of the (mostly paper) flattened page and its robust spread."""
    hist = np.bincount(norm.ravel(), minlength=256).cumsum()
    median = float(np.searchsorted(hist, hist[-1] / 2))
    deviation = cv2.absdiff(norm, np.full_like(norm, int(median)))
    mad_hist = np.bincount(deviation.ravel(), minlength=256).cumsum()
    mad = float(np.searchsorted(mad_hist, mad_hist[-1] / 2))
    return median, max(2.5, 1.4826 * mad)


def _thumbnail(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """A copy at most ``_PROBE_SIDE`` pixels long, and its shrink factor."""
    height, width = gray.shape
    scale = max(1.0, max(height, width) / _PROBE_SIDE)
    if scale == 1.0:
        return gray, 1.0
    size = (max(1, round(width / scale)), max(1, round(height / scale)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), scale


def estimate_stroke_width(gray: np.ndarray) -> float:
    """Stroke width of the text (full-resolution pixels), measured on a thumbnail."""
    return _stroke_width_of_thumbnail(*_thumbnail(gray))


def _stroke_width_of_thumbnail(thumb: np.ndarray, scale: float) -> float:
    window = max(15, min(thumb.shape) // 20)
    norm = flatten(thumb, estimate_background(thumb, window))
    ink = norm <= _otsu_level(norm)
    return max(1.0, stroke_width(ink) * scale)


def _sample(image: np.ndarray) -> np.ndarray:
    """A strided view with at most about ``_SAMPLE_PIXELS`` pixels, for statistics."""
    step = max(1, int(np.ceil(np.sqrt(image.size / _SAMPLE_PIXELS))))
    return np.ascontiguousarray(image[::step, ::step])


@register("auto", reference="bitonal; after Gatos et al. 2006, Su et al. 2010/2013, Lu et al. 2010")
def auto(
    image: np.ndarray,
    *,
    color_marks: Annotated[
        ColorMarks,
        Field(
            description="Saturated non-pen colours: 'light' lifts bright ones (highlighter) to "
            "paper, 'drop' lifts all (red stamps too, but also red text), 'keep' treats them as ink."
        ),
    ] = "light",
    sensitivity: Annotated[
        float,
        Field(ge=0.0, le=1.0, description="0.5 is neutral; higher keeps fainter strokes."),
    ] = 0.5,
) -> np.ndarray:
    """Background-normalised, edge-guided hysteresis threshold with estimated scale.

    1. Grey conversion that keeps black and blue ink and lifts coloured marks.
    2. The stroke width is measured on a thumbnail; the background window is set
       from it (wide enough to erase text, narrow enough to follow shadows).
    3. The paper background is estimated (grey closing at reduced resolution) and
       divided out, so uneven light, tinted paper and stains become white.
    4. The ink level is learnt from pixels on edges only (Otsu over the pixels
       with high local contrast), which is not biased by how little ink a page
       has; pixels clearly darker than that are ink seeds, and fainter pixels are
       kept only when they touch a seed (hysteresis), so faint and broken strokes
       survive while paper noise does not.
    5. Specks much smaller than a stroke are dropped.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    color_marks : {"light", "drop", "keep"}
        Which saturated non-pen colours become paper (see :func:`ink_gray`).
    sensitivity : float
        Moves the weak (hysteresis) threshold; 0.5 is the tuned default.

    Returns
    -------
    ndarray of bool
        ``True`` where there is ink.

    References
    ----------
    B. Gatos, I. Pratikakis, S. Perantonis, "Adaptive degraded document image
    binarization", Pattern Recognition 39(3):317-327, 2006.
    B. Su, S. Lu, C. L. Tan, "Robust document image binarization technique for
    degraded document images", IEEE Trans. Image Processing 22(4), 2013.

    Examples
    --------
    >>> page = np.full((60, 80), 200, np.uint8); page[:, 40:] = 120  # a shadow
    >>> page[28:32, 10:70] = 40                                       # a line of ink
    >>> mask = auto(page)
    >>> bool(mask[30, 20]), bool(mask[30, 60]), bool(mask[5, 60])
    (True, True, False)
    """
    image = validate_image(image)
    if image.ndim == 3:
        gray = ink_gray(to_rgb(image), color_marks=color_marks)
    else:
        gray = to_gray(image)

    thumb, thumb_scale = _thumbnail(gray)
    stroke = _stroke_width_of_thumbnail(thumb, thumb_scale)
    window = int(max(15, 4 * stroke, min(gray.shape) / 40))
    norm = flatten(gray, estimate_background(gray, window, preview=thumb))

    sample = _sample(norm)
    contrast = cv2.morphologyEx(sample, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    level = _otsu_level(sample[contrast > _otsu_level(contrast)])
    paper, noise = _paper_level_and_noise(sample)
    # Fainter pixels join the ink only when they touch a seed, and never when
    # they sit within the paper's own noise.
    weak_level = min(level + 0.7 * sensitivity * (paper - level), paper - 3.0 * noise)
    strong = norm <= min(level, weak_level)
    weak = (norm <= weak_level).astype(np.uint8)

    count, labels, stats, _ = cv2.connectedComponentsWithStats(weak, connectivity=8)
    keep = np.zeros(count, bool)
    keep[np.bincount(labels[strong], minlength=count) > 0] = True
    keep[0] = False
    min_area = max(2.0, 0.25 * stroke * stroke)
    keep &= stats[:, cv2.CC_STAT_AREA] >= min_area
    return keep[labels]
