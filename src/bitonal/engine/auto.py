"""``auto-rules``: hand-tuned rules with every parameter estimated from the image (the
default method until the learned ``auto`` replaced it; its verdict is one of the learned
model's features), and the page preparation both share (:func:`prepare_page`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import cv2
import numpy as np
from pydantic import Field

from .background import estimate_background, flatten
from .border import without_border_lines
from .color import ColorMarks, separate_color_marks
from .components import component_labels, keep_components_touching, label_components
from .faint_text import faint_text_levels
from .histogram import grey_percentile, median_and_spread, otsu_level
from .hollows import fill_hollow_shapes
from .image import shrink, to_gray, to_rgb, validate_image
from .inverted import find_dark_regions, light_ink_level, page_is_inverted
from .registry import register
from .stamps import find_stamps
from .strokes import components

# Long side (pixels) of the thumbnail on which the writing's scale is measured.
_PROBE_SIDE = 1200
# Writing this many times bolder than the page's typical stroke widens the background
# window (measured on DIBCO: handwriting's own widest strokes reach 1.5 to 2.4 times).
_BOLD_RATIO = 2.5
# Edge pixels darker than Otsu's level are the ink's side of the edges: about a third
# of them or more on every DIBCO page and receipt but one light thermal print (5 %),
# where the level split a few dark specks from all the (grey) writing.
_OUTLIER_SHARE = 0.10
# Paper whose darkest 2 %, away from the writing, lies this many grey levels or less
# below the paper level is clean; this many or more, marked (see clean_paper_lift).
# Chosen on the 60 receipts against DIBCO and ../shared/data/train (docs/never-worse.md).
_CLEAN, _CLUTTERED = 10.0, 24.0
# On a grey image, ink this many noise deviations below the paper or more is clear of
# the noise (see clean_white_paper).
_CLEAR_INK = 20.0
# How far clean white paper moves the weak threshold towards the paper, as a share of
# the ink-to-paper distance: sensitivity 0.5 becomes 0.9's.
_RIM_LIFT = 0.28
# Paper tint (CIELAB chroma) up to which paper is white (receipts: 5 or less) and from
# which it is aged (yellowed historical pages: mostly 8 or more).
_WHITE, _AGED = 6.0, 10.0
# How much wider than the probe's background window the window is under which the
# boldest letters are looked for (see _widest_print_stroke), how many stroke widths
# long their strokes are, and how steep their edges: the outline's mean slope, per
# pixel, this share of the stroke's depth or more (print and pen edges span about three
# pixels; on DIBCO 2009-2014 and the train collections bold print measures 0.28 to
# 0.51, blurred purple smudges 0.14 to 0.20).
_WIDE_PROBE, _LONG, _SHARP = 4, 6.0, 0.28
# The share of a bold stroke's pixels as dark as halfway from the paper to the typical
# ink, or darker: a stroke is solid; a stain is lighter, and a word of fine strokes
# merged into a band by their grey halos has paper-light gaps.
_SOLID = 0.75
# Pixels looked at when learning the page's grey levels (histograms need no more).
_SAMPLE_PIXELS = 2_500_000


def _thumbnail(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """A copy at most ``_PROBE_SIDE`` pixels long, and its shrink factor."""
    height, width = gray.shape
    scale = max(1.0, max(height, width) / _PROBE_SIDE)
    if scale == 1.0:
        return gray, 1.0
    size = (max(1, round(width / scale)), max(1, round(height / scale)))
    # Whole blocks first (OpenCV's fast path), the fractional rest on the smaller copy.
    return cv2.resize(shrink(gray, int(scale)), size, interpolation=cv2.INTER_AREA), scale


def estimate_stroke_width(gray: np.ndarray) -> float:
    """Stroke width of the text (full-resolution pixels), measured on a thumbnail."""
    return _strokes_of_thumbnail(*_thumbnail(gray))[0]


def _strokes_of_thumbnail(thumb: np.ndarray, scale: float) -> tuple[float, float]:
    """Typical and widest stroke width of the writing (full-resolution pixels)."""
    window = max(15, min(thumb.shape) // 20)
    norm = flatten(thumb, estimate_background(thumb, window))
    ink = norm <= otsu_level(norm)
    # Writing only: blobs wider or taller than a tenth of the page (dark boxes, photos,
    # a slide's coloured band) would pass for very thick strokes.
    parts = components(ink)
    largest = min(thumb.shape) / 10
    writing = parts.extent < largest
    writing[0] = False
    typical = max(1.0, parts.stroke_width(writing) * scale)
    # The widest strokes are looked for among lighter and larger letters too (a grey
    # bold heading, thermal print): anything clearly darker than the paper.
    paper, noise = median_and_spread(norm)
    marked = components(norm < _clearly_dark(paper, noise))
    widest = marked.widest(marked.extent < 3 * largest)
    bold = _BOLD_RATIO * typical / scale  # narrower strokes do not make the page's writing bold
    if widest < bold:
        widest = max(widest, _widest_print_stroke(thumb, window, ink, bold))
    return typical, max(typical, widest * scale)


def _widest_print_stroke(thumb: np.ndarray, window: int, ink: np.ndarray, at_least: float) -> float:
    """Stroke width (thumbnail pixels) of letters so bold that the probe's background
    window hollows them (a printed title in blackletter, strokes an eighth of the page
    high), or 0: the third widest long stroke (:data:`_LONG` widths or more) inside the
    page flattened by a window :data:`_WIDE_PROBE` times as wide, solid (:data:`_SOLID`
    of it as dark as halfway from the paper to the typical ink ``ink``'s grey or
    darker) and with sharp edges (:data:`_SHARP`): a stain or a smudge of blurred ink
    is lighter or fades out, a blot is round. Only strokes ``at_least`` wide are
    looked at; 0 if there are fewer than three."""
    norm = flatten(thumb, estimate_background(thumb, _WIDE_PROBE * window))
    paper, noise = median_and_spread(norm)
    marked = norm < _clearly_dark(paper, noise)
    parts = components(marked)
    labels, edge, width, extent = parts.labels, parts.edge, parts.width, parts.extent
    left, top, wide, high, area = parts.stats.T
    height, page_width = thumb.shape
    long_stroke = (width >= at_least) & (extent >= _LONG * width) & (extent < min(height, page_width) / 2)
    long_stroke &= (left > 0) & (top > 0) & (left + wide < page_width) & (top + high < height)
    long_stroke[0] = False
    if np.count_nonzero(long_stroke) < 3:
        return 0.0
    area = np.maximum(area, 1)
    depth = paper - np.bincount(labels[marked], norm[marked], minlength=area.size) / area
    # Grey levels per pixel: Sobel's response to a ramp of one level per pixel is 8.
    dx, dy = (cv2.Sobel(norm, cv2.CV_32F, *order, scale=0.125)[edge] for order in ((1, 0), (0, 1)))
    edge_slope = np.bincount(labels[edge], np.hypot(dx, dy), minlength=area.size) / np.maximum(parts.perimeter, 1)
    halfway = (paper + grey_percentile(norm, 50, ink)) / 2
    solid = np.bincount(labels[marked & (norm <= halfway)], minlength=area.size) >= _SOLID * area
    return parts.widest(long_stroke & solid & (edge_slope >= _SHARP * depth))


def _clearly_dark(paper: float, noise: float) -> float:
    """The grey level under which a pixel of a flattened page is clearly darker than
    its ``paper``: 20 levels, or five noise deviations where the paper is noisier."""
    return paper - max(20.0, 5.0 * noise)


def _sample(image: np.ndarray) -> tuple[np.ndarray, int]:
    """Every n-th pixel in both directions, at most about ``_SAMPLE_PIXELS`` of them."""
    step = max(1, int(np.ceil(np.sqrt(image.size / _SAMPLE_PIXELS))))
    return np.ascontiguousarray(image[::step, ::step]), step


def labelling_pool(image: np.ndarray) -> int:
    """How much a mask of this page is pooled before its components are labelled
    (see :func:`~bitonal.engine.components.keep_components_touching`): 2 on pages over
    5 MP, where labelling is the costly part, else 1."""
    return 2 if image.size > 2 * _SAMPLE_PIXELS else 1


def edge_ink_level(values: np.ndarray) -> int:
    """Otsu's level of the grey values of edge pixels: ink below, paper above.

    When the split isolates only a small dark tail (punched holes, a strip of scanner
    lid, a black border line, specks) from all the writing, the rest is split instead.
    """
    level = otsu_level(values)
    if np.count_nonzero(values <= level) < _OUTLIER_SHARE * values.size:
        level = otsu_level(values[values > level])
    return level


def local_ink_level(sample: np.ndarray, edges: np.ndarray, window: int) -> np.ndarray:
    """Ink/paper threshold map, following fading ink, on a coarse grid.

    The page-wide level is Otsu's over the edge pixels (not biased by how much
    ink there is). It is shifted, place by place, by how much lighter or darker
    the edge pixels in the surrounding ``window`` are than the page's edge pixels
    on average (lowered at most halfway to the darkest ink); windows with few
    edges lean on the page-wide level. The map is
    smooth, so it is computed on a grid about ``window / 8`` times coarser than
    ``sample``.
    """
    values = sample[edges]
    if values.size == 0:
        return np.full((1, 1), 128.0, np.float32)
    level = edge_ink_level(values)
    mean = float(values.mean())
    cell = max(1, window // 8)
    edge = edges.astype(np.float32)
    sums = shrink(sample.astype(np.float32) * edge, cell)
    counts = shrink(edge, cell)
    side = max(3, round(window / cell) | 1)
    sums = cv2.blur(sums, (side, side))
    counts = cv2.blur(counts, (side, side))
    prior = 0.02  # the weight, as a fraction of the window, given to the page-wide mean
    local_mean = (sums + prior * mean) / (counts + prior)
    # Lowered at most halfway down to the darkest ink, never below the ink itself.
    darkest = grey_percentile(values, 5)
    return (level + np.maximum(local_mean - mean, -(level - darkest) / 2)).astype(np.float32)


def to_full(level: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Scale a level map up to the page, as uint8 for a fast compare."""
    level = np.clip(level + 0.5, 0, 255).astype(np.uint8)
    if level.shape == shape:
        return level
    return cv2.resize(level, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)


@dataclass(frozen=True)
class PreparedPage:
    """A page made ready for a threshold decision (steps 1-3 of :func:`auto_rules`).

    gray : colour-aware grey page (uint8), dark writing on light paper (a dark
        page is inverted), coloured marks lifted to paper.
    marks : the pixels lifted to paper, or None.
    thumb, thumb_scale : a copy at most ``_PROBE_SIDE`` long, and its shrink factor.
    inverted : whether the whole page was light writing on a dark ground.
    stroke : stroke width of the writing (pixels).
    bold : stroke width of clearly bolder writing (bold headings, thermal print), or 0.
    window : background window (pixels), wide enough for the bold writing too.
    norm : ``gray`` divided by its paper background (paper at 255).
    sample, step : every ``step``-th pixel of ``norm`` in both directions.
    paper_tint : how coloured the paper is (chroma of its median colour in CIELAB),
        or None where it cannot be seen (a grey image, an inverted page): aged paper
        is yellow or brown, modern paper white.
    """

    gray: np.ndarray
    marks: np.ndarray | None
    thumb: np.ndarray
    thumb_scale: float
    inverted: bool
    stroke: float
    bold: float
    window: int
    norm: np.ndarray
    sample: np.ndarray
    step: int
    paper_tint: float | None = None


def prepare_page(image: np.ndarray, color_marks: ColorMarks = "light") -> PreparedPage:
    """Colour-aware grey, inversion of dark pages, stamps lifted, stroke width and the
    background divided out: everything :func:`auto_rules` does before deciding on ink."""
    image = validate_image(image)
    marks = None  # pixels of coloured marks lifted to paper
    rgb = to_rgb(image) if image.ndim == 3 else None
    if rgb is not None and not has_colour(rgb):
        rgb = None  # a grey image in a colour container is a grey image
    if rgb is not None:
        gray, marks = separate_color_marks(rgb, color_marks=color_marks)
    else:
        gray = to_gray(image)

    thumb, thumb_scale = _thumbnail(gray)
    inverted = page_is_inverted(thumb)
    if inverted:  # light writing on a dark page: make it dark on light
        gray, thumb = cv2.bitwise_not(gray), cv2.bitwise_not(thumb)
    stroke, widest = _strokes_of_thumbnail(thumb, thumb_scale)
    small_rgb = None if rgb is None or inverted else _rgb_thumbnail(rgb, thumb_scale)
    if small_rgb is not None and color_marks != "keep":
        stamped = _lift_stamps(rgb, small_rgb, gray, thumb_scale, stroke)
        if stamped is not None:
            marks = stamped if marks is None else marks | stamped
            thumb, thumb_scale = _thumbnail(gray)
    # Wide enough to erase the text's strokes, and the strokes of clearly bolder
    # writing too (bold headings, thermal print: narrower, it would hollow them out).
    # Handwriting varies in width by up to about twice its median; that is left alone.
    bold = widest if widest >= _BOLD_RATIO * stroke else 0.0
    window = int(max(15, 4 * stroke, 3 * bold, min(gray.shape) / 40))
    norm = flatten(gray, estimate_background(gray, window, preview=thumb))
    sample, step = _sample(norm)
    tint = None if small_rgb is None else paper_tint(small_rgb, thumb)
    return PreparedPage(gray, marks, thumb, thumb_scale, inverted, stroke, bold, window, norm, sample, step, tint)


def has_colour(rgb: np.ndarray) -> bool:
    """Whether the three channels differ anywhere (every 7th row first: a colour image
    shows it at once)."""
    for rows in (rgb[::7], rgb):
        if not (np.array_equal(rows[..., 0], rows[..., 1]) and np.array_equal(rows[..., 0], rows[..., 2])):
            return True
    return False


def _rgb_thumbnail(rgb: np.ndarray, thumb_scale: float) -> np.ndarray:
    """The colour page at the thumbnail's size (:func:`_thumbnail`)."""
    if thumb_scale == 1:
        return rgb
    size = (max(1, round(rgb.shape[1] / thumb_scale)), max(1, round(rgb.shape[0] / thumb_scale)))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


def paper_tint(small_rgb: np.ndarray, thumb: np.ndarray) -> float:
    """Chroma (CIELAB) of the median colour of the paper, the lighter half of the grey
    thumbnail ``thumb`` (``small_rgb``: the colour page at the thumbnail's size)."""
    lab = cv2.cvtColor(small_rgb, cv2.COLOR_RGB2LAB)
    paper = cv2.compare(thumb, grey_percentile(thumb, 50), cv2.CMP_GE)
    a = grey_percentile(lab[..., 1], 50, paper) - 128.0
    b = grey_percentile(lab[..., 2], 50, paper) - 128.0
    return float(np.hypot(a, b))


# The parameters of every method that decides on a page made by :func:`prepare_page`.
ColorMarksParam = Annotated[
    ColorMarks,
    Field(
        description="Coloured marks: 'light' lifts bright saturated colours (highlighter) and "
        "rubber stamps of any colour to paper, 'drop' also every saturated non-pen colour "
        "(red stamps, but also red text), 'keep' treats all colour as ink."
    ),
]
SensitivityParam = Annotated[float, Field(ge=0.0, le=1.0, description="0.5 is neutral; higher keeps fainter strokes.")]


@register("auto-rules", reference="bitonal; after Gatos et al. 2006, Su et al. 2010/2013, Lu et al. 2010")
def auto_rules(
    image: np.ndarray,
    *,
    color_marks: ColorMarksParam = "light",
    sensitivity: SensitivityParam = 0.5,
    faint_words: Annotated[
        bool,
        Field(
            description="Keep faint, sharp-edged words that sit on the text lines of clearer ink "
            "(faded ink, worn prints), though they touch no clear ink."
        ),
    ] = True,
    faint_strokes: Annotated[
        bool,
        Field(
            description="With faint_words, also keep faint sharp strokes off the text lines "
            "(faded notes, thermal receipts); it lets some show-through from the back in."
        ),
    ] = False,
) -> np.ndarray:
    """Background-normalised, edge-guided hysteresis threshold with estimated scale.

    1. Grey conversion that keeps ink of any colour and lifts coloured marks:
       colour washes (highlighter, tinted paper), and rubber stamps (large coloured
       frames enclosing a large hole, with their lettering), whatever their colour.
    2. The stroke width is measured on a thumbnail; the background window is set
       from it (wide enough to erase text, narrow enough to follow shadows), and
       from the boldest writing's when that is clearly bolder (bold headings,
       thermal print), whose strokes are then kept filled even when light.
    3. The paper background is estimated (grey closing at reduced resolution) and
       divided out, so uneven light, tinted paper and stains become white.
    4. The ink level is learnt from pixels on edges only (Otsu over the pixels
       with high local contrast), which is not biased by how little ink a page
       has (a small dark tail, specks next to a light print, is set aside); pixels
       clearly darker than that are ink seeds, and fainter pixels are
       kept only when they touch a seed (hysteresis), so faint and broken strokes
       survive while paper noise does not.
    5. Specks much smaller than a stroke are dropped.
    6. Faint words that touch no seed (faded ink, worn prints) are kept when they
       are letter-sized, clearly darker than the paper's noise, as sharp-edged as
       they are deep, and sit on a text line of the clear writing (their middle at
       its height), on a page where most faint text does; ink showing through
       from the back is softer and mostly falls between the lines
       (:mod:`bitonal.engine.faint_text`).
    7. Shapes wider than the background window (a chart's bars, a filled box),
       which come out of step 3 as outlines, are filled where their inside is as
       dark as their outline (:mod:`bitonal.engine.hollows`).
    8. White-on-dark boxes are binarized with ink and paper swapped, without the
       box's outline, and so is a page that is light writing on a dark ground as a
       whole (dark slides).
    9. Long thin lines along the image's border (a page's or a slide bar's edge)
       are cleared (:mod:`bitonal.engine.border`).

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    color_marks : {"light", "drop", "keep"}
        Which saturated non-pen colours become paper (see :func:`ink_gray`).
    sensitivity : float
        Moves the weak (hysteresis) threshold; 0.5 is the tuned default.
    faint_words : bool
        Step 6 (on by default). On DIBCO 2009-2014 it costs 0.04 mean FM (88.79 to
        88.75); on generated faded pages (strength 0.7) Tesseract's CER on the
        binary image drops from 0.47 to 0.04, under raw Tesseract's 0.09
        (``bench/ocr_cer.py``).
    faint_strokes : bool
        With ``faint_words``, drop the text-line conditions of step 6: faint strokes
        off the lines (notes in a margin) are kept too, and so is more show-through
        (DIBCO: 88.20 mean FM).

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
    >>> mask = auto_rules(page)
    >>> bool(mask[30, 20]), bool(mask[30, 60]), bool(mask[5, 60])
    (True, True, False)
    """
    page = prepare_page(image, color_marks)
    ink = rules_ink(page, sensitivity=sensitivity, faint_words=faint_words, faint_strokes=faint_strokes).ink
    ink = fill_hollow_shapes(ink, page.gray, page.stroke)
    ink = with_inverted_regions(ink, page.gray, page.thumb, page.thumb_scale, page.window, page.stroke)
    return without_border_lines(ink, page.stroke)


@dataclass(frozen=True)
class EdgeLevels:
    """The grey levels :func:`auto_rules` learns from a prepared page's statistics sample.

    contrast : the sample's 3x3 morphological gradient.
    edges : the sample's pixels of high contrast (above Otsu's level of ``contrast``
        away from the image's border and the dark regions that reach it).
    counted : where that level was read (:func:`away_from_the_border`).
    paper, noise : the sample's median grey level and its robust spread (not floored).
    level : the local ink level (:func:`local_ink_level`) on a coarse grid.
    depth, darkest : how much darker than the paper the typical ink is, and the grey
        level of the darkest writing (:func:`ink_depth`).
    clean : how white and clean the paper is, 0 to 1 (:func:`clean_white_paper`).
    """

    contrast: np.ndarray
    edges: np.ndarray
    counted: np.ndarray
    paper: float
    noise: float
    level: np.ndarray
    depth: float
    darkest: float
    clean: float


def away_from_the_border(sample: np.ndarray, paper: float) -> np.ndarray:
    """Where a page's edge statistics are read: not within a hundredth of the short
    side (at least 2 pixels) of the image's border (a black scan line, the scanner
    lid's edge), nor within two pixels of a region darker than a quarter of the paper
    that reaches the border and spans more than a tenth of the short side."""
    rim = max(2, min(sample.shape) // 100)
    counted = np.zeros(sample.shape, np.uint8)
    counted[rim:-rim, rim:-rim] = 1
    dark = (sample < paper / 4).view(np.uint8)
    if not (dark[0].any() or dark[-1].any() or dark[:, 0].any() or dark[:, -1].any()):
        return counted.view(bool)  # nothing dark reaches the border
    count, labels, stats, _ = label_components(dark)
    height, width = sample.shape
    left, top = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    right, bottom = left + stats[:, cv2.CC_STAT_WIDTH], top + stats[:, cv2.CC_STAT_HEIGHT]
    reaches = (left == 0) | (top == 0) | (right == width) | (bottom == height)
    large = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) > min(height, width) / 10
    outside = reaches & large
    outside[0] = False
    if outside.any():
        near = cv2.dilate(outside[labels].view(np.uint8), np.ones((5, 5), np.uint8))
        counted[near > 0] = 0
    return counted.view(bool)


def edge_levels(page: PreparedPage) -> EdgeLevels:
    """The :class:`EdgeLevels` of a prepared page."""
    sample = page.sample
    contrast = cv2.morphologyEx(sample, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    paper, noise = median_and_spread(sample)
    # The level is read away from the image's border and from the outline of dark
    # regions that reach it (the scanner's bed, a book's edge, a black band): there,
    # a scan line or that outline can be the page's sharpest contrast, and Otsu's level
    # would then split it from everything else, the writing included (MSI2015_H02,
    # H12, H17, H21, H26, H31: FM 0.0-23 before, 26-83 after).
    counted = away_from_the_border(sample, paper)
    values = contrast[counted]
    edges = contrast > otsu_level(values if values.size else contrast)
    level = local_ink_level(sample, edges, max(3, round(3 * page.window / page.step)))
    depth, darkest = ink_depth(sample, edges & counted, float(paper))
    clear_ink = depth >= _CLEAR_INK * max(float(noise), 1.0)
    clean = clean_white_paper(page, level, float(paper), clear_ink)
    return EdgeLevels(contrast, edges, counted, float(paper), float(noise), level, depth, darkest, clean)


def ink_depth(sample: np.ndarray, edges: np.ndarray, paper: float) -> tuple[float, float]:
    """``(depth, darkest)``: how much darker than the ``paper`` level the typical ink
    is (the median of the edge pixels on the ink's side; 0 when there are none), and
    the grey level of the darkest writing (the darkest 5 % of the edge pixels; the
    paper level when there are none)."""
    values = sample[edges]
    depth, darkest = 0.0, paper
    if values.size:
        dark = (sample <= edge_ink_level(values)) & edges
        if dark.any():
            depth = paper - grey_percentile(sample, 50, dark.view(np.uint8))
        darkest = grey_percentile(sample, 5, edges.view(np.uint8))
    return depth, darkest


@dataclass(frozen=True)
class RulesInk:
    """The rules' verdict on a prepared page.

    ink : (H, W) bool, the ink before white-on-dark boxes are swapped.
    shaped : (H, W) bool or None, the part of it kept for its shape (light strokes
        as wide as the page's bold writing, which no threshold on a pixel's own grey
        would keep, faint words on the text lines of clearer writing and, when asked,
        the strokes of the ink clearly bolder than the writing).
    """

    ink: np.ndarray
    shaped: np.ndarray | None


def rules_ink(
    page: PreparedPage,
    levels: EdgeLevels | None = None,
    *,
    sensitivity: float = 0.5,
    faint_words: bool = True,
    faint_strokes: bool = False,
    bold_ink_shaped: bool = False,
) -> RulesInk:
    """Steps 4-6 of :func:`auto_rules` on a prepared page (with its :func:`edge_levels`, when
    already known): the ink before white-on-dark boxes are swapped.

    On white, clean paper the weak threshold moves towards the paper (up to
    sensitivity 0.9's), keeping the strokes' grey rims (see :func:`clean_paper_lift`).
    With ``bold_ink_shaped``, the strokes of the ink clearly bolder than the writing
    count as kept for their shape too (``RulesInk.shaped``; ``auto``'s model reads a
    wide, even grey stroke beside darker body text as a stain and would hollow it);
    the ink itself is the same either way."""
    stroke, norm = page.stroke, page.norm
    levels = levels or edge_levels(page)
    contrast, paper, level = levels.contrast, levels.paper, levels.level
    noise = max(levels.noise, 2.5)  # a synthetic or quantised page can have none
    # Fainter pixels join the ink only when they touch a seed, and never when
    # they sit within the paper's own noise.
    rim = _RIM_LIFT * levels.clean
    weak_level = np.minimum(level + (0.7 * sensitivity + rim) * (paper - level), paper - 3.0 * noise)
    strong_level = np.minimum(level, weak_level)
    strong = cv2.compare(norm, to_full(strong_level, norm.shape), cv2.CMP_LE)
    weak = cv2.compare(norm, to_full(weak_level, norm.shape), cv2.CMP_LE)

    pool = labelling_pool(norm)
    min_area = max(2.0, 0.25 * stroke * stroke)
    ink = keep_components_touching(weak, strong, min_area=min_area, pool=pool)
    shaped = None
    if page.bold:  # light bold strokes the hysteresis missed join the ink
        shaped = _bold_strokes((norm <= _clearly_dark(paper, noise)) & ~ink, page.bold)
        if bold_ink_shaped:
            shaped |= _bold_strokes(ink, max(page.bold, 2 * _BOLD_RATIO * stroke))
        ink |= shaped
    if faint_words:
        faint = _faint_words(ink, page, contrast, on_lines_only=not faint_strokes)
        if faint is not None:
            ink |= faint
            shaped = faint if shaped is None else shaped | faint
    return RulesInk(ink, shaped)


def clean_white_paper(page: PreparedPage, level: np.ndarray, paper: float, clear_ink: bool) -> float:
    """How white (not aged: :data:`_WHITE`, :data:`_AGED`) and how clean
    (:func:`clean_paper_lift`, around the seeds under the local ink ``level``) a page's
    paper is, from 0 to 1.

    Paper seen to be white in colour is white. A grey image cannot show it: its paper
    counts as white only when its ink is ``clear_ink``, :data:`_CLEAR_INK` noise
    deviations or more below the paper. On the grey MSI 2015 scans (ink 4 to 18
    deviations deep) the strokes' grey edges are noise, and keeping them cost
    ``auto`` 5 FM (75.8 -> 70.7, DRD 6.8 -> 12.0); the 28 grey receipts' print stands
    46 to 252 deviations deep."""
    if page.paper_tint is None and not clear_ink:
        return 0.0
    tint = page.paper_tint or 0.0
    white = float(np.clip((_AGED - tint) / (_AGED - _WHITE), 0.0, 1.0))
    if white == 0:
        return 0.0
    reach = max(3, round(2 * page.stroke / page.step)) | 1  # two strokes around the seeds
    return white * clean_paper_lift(page.sample, level, paper, reach)


def clean_paper_lift(sample: np.ndarray, level: np.ndarray, paper: float, reach: int) -> float:
    """How clean the paper is away from the writing, from 0 (marked: stains, show-through,
    texture) to 1 (nothing darker than a few grey levels below the paper).

    On clean paper the hysteresis can keep the grey rim of every stroke: nothing else is
    there for it to reach, and Tesseract reads thin print (thermal receipts, small type)
    better with it. Measured as how far below the paper level its darkest 2 % lie, away
    from the ink seeds (``reach`` sample pixels around them): :data:`_CLEAN` grey levels
    or less gives 1, :data:`_CLUTTERED` or more 0."""
    seeds = cv2.compare(sample, to_full(level, sample.shape), cv2.CMP_LE)
    near = cv2.dilate(seeds, np.ones((reach, reach), np.uint8))
    away = cv2.bitwise_not(near)
    if not away.any():
        return 0.0
    clutter = paper - grey_percentile(sample, 2, away)
    return float(np.clip((_CLUTTERED - clutter) / (_CLUTTERED - _CLEAN), 0.0, 1.0))


def _bold_strokes(candidates: np.ndarray, bold: float) -> np.ndarray:
    """The components of ``candidates`` (pixels clearly darker than the paper) shaped
    like strokes about as wide as the page's ``bold`` writing (a light grey bold
    heading, thermal print): too light to pass for ink next to much darker body
    text, yet writing."""
    parts = components(candidates)
    wide = parts.stroke_like & (parts.width >= 0.5 * bold)
    return wide[parts.labels] if wide.any() else np.zeros(candidates.shape, bool)


def _lift_stamps(
    rgb: np.ndarray, small_rgb: np.ndarray, gray: np.ndarray, thumb_scale: float, stroke: float
) -> np.ndarray | None:
    """Lift the coloured pixels of rubber stamps to paper in ``gray`` (in place), found
    on ``small_rgb`` (:func:`_rgb_thumbnail`); returns the lifted pixels, or None when
    the page has no stamp."""
    stamps = find_stamps(small_rgb, stroke / thumb_scale)
    if not stamps.any():
        return None
    region = to_full(stamps.view(np.uint8), gray.shape).view(bool)
    brightest = rgb.max(axis=2)
    lifted = region & (brightest.astype(np.int16) - rgb.min(axis=2) > 40)
    gray[lifted] = np.maximum(gray[lifted], brightest[lifted])
    return lifted


def with_inverted_regions(
    ink: np.ndarray, gray: np.ndarray, thumb: np.ndarray, thumb_scale: float, window: int, stroke: float
) -> np.ndarray:
    """Replace white-on-dark regions by their light strokes as ink on paper."""
    dark = find_dark_regions(
        thumb, max(3, round(2 * window / thumb_scale), min(thumb.shape) // 12), stroke / thumb_scale
    )
    if not dark.any():
        return ink
    region = cv2.resize(dark.view(np.uint8), (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    region = region.view(bool)
    level = light_ink_level(gray, region)
    if level is None:
        return ink
    # Everything below works on the region's bounding box only, with a margin wider
    # than the morphology reaches (so the crop's edges change nothing).
    x, y, w, h = cv2.boundingRect(region.view(np.uint8))
    margin = window + 2
    view = np.s_[max(0, y - margin) : y + h + margin, max(0, x - margin) : x + w + margin]
    region, gray = region[view], gray[view]
    light = cv2.compare(gray, level, cv2.CMP_GT)
    # The region comes from the thumbnail and overshoots the box by a few pixels;
    # only the box itself (its dark ground, with the light strokes it encloses) is
    # swapped, so writing next to the box keeps its own ink. (Rectangular kernels:
    # OpenCV runs them as two 1-D passes.)
    ground = cv2.bitwise_and(cv2.bitwise_not(light), region.view(np.uint8))
    square = np.ones((2 * max(3, window // 4) + 1,) * 2, np.uint8)
    box = cv2.morphologyEx(cv2.morphologyEx(ground, cv2.MORPH_CLOSE, square), cv2.MORPH_OPEN, square)
    if not box.any():
        return ink
    # Strokes that leave the box at its edge (the foot of a word, inverted with it) are
    # narrow and belong to it; what the region overshoots onto is a band along the edge.
    beside = cv2.subtract(region.view(np.uint8), box)
    reach = 2 * max(3, window // 2) + 1
    band = cv2.bitwise_or(
        cv2.morphologyEx(beside, cv2.MORPH_OPEN, np.ones((1, reach), np.uint8)),
        cv2.morphologyEx(beside, cv2.MORPH_OPEN, np.ones((reach, 1), np.uint8)),
    )
    protruding = cv2.subtract(beside, band)
    box = cv2.bitwise_or(box, protruding).view(bool)
    # The light strokes are those within the region, and those the box's ground
    # encloses (its last line of text, which the thumbnail's region reaches only
    # between the letters); light that reaches out of the box is the paper between
    # the strokes of writing that dips into it.
    lit = light.view(bool)
    light = lit & (region | (box & ~keep_components_touching(lit, lit & ~box)))
    # Dark writing that crosses into the box (the foot of the line above it) is
    # darker than the box's ground, and stays ink: clearly darker anywhere, less so
    # where it goes on from the writing outside the box (on a noisy box, JPEG, the
    # clear test alone left such feet dotted).
    ground_level, ground_noise = median_and_spread(gray[box & ~light])
    darker = gray < ground_level - max(20.0, 4.0 * ground_noise)
    darker |= keep_components_touching(gray < ground_level - max(10.0, 2.0 * ground_noise), darker & ~box)
    crop = ink[view]
    crop[box] = light[box] | darker[box]
    _erase_box_outline(crop, box, 2 * reach + 1)
    return ink


def _erase_box_outline(ink: np.ndarray, box: np.ndarray, length: int) -> None:
    """Clear (in place) the box's own outline from ``ink``: the paper-to-dark step along
    the box's edge reads as a long thin line of ink there, which would cut through the
    descenders of the text line above the box. Runs at least ``length`` pixels long in
    a 2-pixel band along the edge go, and so do specks that lie within that band (the
    outline broken into dots by JPEG noise); strokes that merely cross the edge stay."""
    box8 = box.view(np.uint8)
    edge = cv2.morphologyEx(box8, cv2.MORPH_GRADIENT, np.ones((5, 5), np.uint8))
    along = cv2.bitwise_and(ink.view(np.uint8), edge)
    outline = cv2.bitwise_or(
        cv2.morphologyEx(along, cv2.MORPH_OPEN, np.ones((1, length), np.uint8)),
        cv2.morphologyEx(along, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8)),
    )
    ink[outline.view(bool)] = False
    count, labels = component_labels(ink.view(np.uint8))
    beyond = np.bincount(labels[ink & (edge == 0)], minlength=count)
    within = beyond == 0
    within[0] = False
    if within.any():
        ink[within[labels]] = False


def _faint_words(
    ink: np.ndarray, page: PreparedPage, contrast: np.ndarray, *, on_lines_only: bool
) -> np.ndarray | None:
    """The pixels of faint words beside ``ink`` (see :func:`faint_text_levels`), found
    on the page's statistics sample and applied at full resolution; None when there
    are none."""
    norm, step, marks = page.norm, page.step, page.marks
    levels = faint_text_levels(
        page.sample,
        np.ascontiguousarray(ink[::step, ::step]),
        contrast,
        page.stroke / step,
        exclude=None if marks is None else np.ascontiguousarray(marks[::step, ::step]),
        on_lines_only=on_lines_only,
    )
    if levels is None:
        return None
    if step > 1:
        levels = cv2.dilate(levels, np.ones((3, 3), np.uint8))  # cover the pixels between samples
        levels = cv2.resize(levels, (norm.shape[1], norm.shape[0]), interpolation=cv2.INTER_NEAREST)
    # 0/1 masks combined by OpenCV (cv2.compare with a scalar would be many times
    # slower than threshold).
    somewhere = cv2.threshold(levels, 0, 1, cv2.THRESH_BINARY)[1]
    return cv2.bitwise_and(cv2.compare(norm, levels, cv2.CMP_LE), somewhere).view(bool)
