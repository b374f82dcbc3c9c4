"""Recognition: the RecognizeImage pipeline on Tesseract (through tesserocr).

``recognize(image, settings) -> [Result(type, data)]`` runs, in this order:

1. ``Rotate`` (degrees, positive = clockwise, as image viewers turn a page; multiples
   of 90 are exact, other angles grow the canvas and fill it white);
2. ``regions``: each rectangle (in the rotated image's pixel coordinates, clipped to
   it) is cut out and processed on its own, in ``order`` (then list order); without
   regions the whole page is one region;
3. ``makeSkewCorrect`` (default on): the skew is measured here
   (:mod:`bitonal.ocr.deskew`), but the images Tesseract reads are straightened last,
   after step 6: the binarizer reads the pixels as scanned, and the 1-bit image is
   rotated with the grey edges of a cubic resampling. On the 60 receipts of
   ``bench/ocr_words.py auto`` (36 of them skewed by 0.05 to 1.8 degrees), word F1
   raw / 1-bit / with binarization: straightened before binarizing 79.48 / 78.66 /
   82.11, after 79.53 / 79.19 / 82.42; after, with the rotated 1-bit image thresholded
   again (1-bit edges), the 1-bit image reads 78.15;
4. ``makeContrastCorrection``: a percentile stretch (0.5 % -> black, 99.5 % -> white);
5. ``makeUpsampling``: when the median height of the ink's connected components
   (about the x-height) is under 20 px, the region is enlarged (cubic) so that it
   reaches ~24 px, at most 4x: Tesseract's LSTM is trained on text of that size;
6. ``makeBinarization``: ``bitonal.binarize(image, settings.binarization_method)``;
   what Tesseract then reads is chosen by :data:`BINARIZED_INPUT` (measured, see there);
7. Tesseract, with the page segmentation mode given by ``dsrMode`` (below), and the
   outputs asked by ``resultType``: ``Text`` (UTF-8), ``Hocr`` (one XHTML document,
   one ``ocr_page`` per region), ``Pdf`` (Tesseract's searchable-PDF renderer: the
   preprocessed grey image with an invisible text layer, one page per region) and
   ``ImagePNG`` (the preprocessed image that Tesseract read, first region).

``dsrMode`` -> Tesseract page segmentation mode (PSM):

=====================  =====================================================
dsrMode                PSM
=====================  =====================================================
(absent), Regions      3  AUTO: full layout analysis (blocks, columns, lines)
DsrNoFilter            3  AUTO
DsrAndFilter           3  AUTO, and words under confidence 10 are dropped
DsrPlusDetector        3  AUTO
NoDsrNoFilter          6  SINGLE_BLOCK: the region is one uniform text block
TextDetector           11 SPARSE_TEXT: find as much text as possible, no order
PolygonalTextDetector  11 SPARSE_TEXT
LineDetector           4  SINGLE_COLUMN: one column of lines of varying size
=====================  =====================================================

``dsrConfidence`` sets the minimum word confidence kept in the Text result
(Default/All 0, Low 10, LowMid 25, Mid 40, MidHigh 55, High 70, Ultra 85).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from PIL import Image

from ..engine.background import estimate_background, flatten
from ..engine.components import label_components
from ..imageio import encode_gray
from ..engine.errors import InvalidImageError
from ..engine.image import to_gray, to_rgb
from .deskew import deskew, estimate_skew, rotate
from .engine import tesseract
from .settings import DsrMode, RecognizeSettings, SettingsError

# What Tesseract reads when makeBinarization is on:
#   "bilevel"    our 1-bit image (ink black, paper white);
#   "normalized" the background-normalised grey image (our mask only sets its polarity:
#                where the mask's ink is lighter than around it, white-on-dark boxes and
#                dark slides, the grey is inverted: see dark_ink);
#   "masked"     that grey inside our (1-px dilated) mask, darkened on the mask
#                itself, white everywhere else: our mask decides what is ink, the grey
#                keeps the anti-aliased stroke edges the LSTM reads.
# Measured with bench/ocr_cer.py on generated A6 pages at 300 dpi (mean CER, words lost):
#   oracle mask (the generator's ground truth), 11 families x strengths 0.7 and 1.0,
#   2 pages each, 4557 words:  bilevel 0.001 / 43,  normalized 0.052 / 481,
#   masked 0.000 / 0   (raw Tesseract: 0.098 / 706).
#   otsu mask, 14 families x strengths 0.3 and 0.7, 3 pages each, 8748 words:
#   bilevel 0.032 / 472,  normalized 0.008 / 254,  masked 0.031 / 450  (raw 0.018 / 352).
# "masked" is never worse than the 1-bit image, and with a good mask it is the best of
# the three; "normalized" only wins when the mask itself loses text (very faded ink),
# and it keeps what a good mask removes (bleed-through, stamps).
#   "best"       (the default, the "never worse" guard) reads "masked" and the
#                unbinarized grey (what Tesseract reads without makeBinarization) and
#                keeps the one with the highest legibility (summed word confidence
#                above DOUBTFUL_CONFIDENCE). Chosen on 60 real receipts and 27
#                generated hard pages (bench/ocr_words.py's families, seed 2000), every
#                candidate of each page read (word F1 receipts / generated): raw
#                79.48 / 94.18, masked 79.25 / 99.00, normalized 79.30 / 84.75; the
#                most legible of the three by mean confidence 80.58 / 98.90, by summed
#                confidence 80.50 / 99.06, summed above 50: 80.98 / 99.06 (30..60
#                within 0.2), and of masked and raw only, summed above 50 (this):
#                81.14 / 99.06; the best candidate per page (oracle) 81.99 / 99.06.
#                On bench/ocr_cer.py's faded, bleed-through, stamp and uneven-light
#                pages (2 x 0.3/0.7 each) dropping "normalized" changed nothing (mean
#                CER 0.005, 39 words lost). The old choice (masked, then normalized by
#                mean confidence, no raw) lost whole pages: a dark slide or a
#                binarization that deletes text read as nothing.
BINARIZED_INPUT = "best"
BINARIZED_INPUTS = ("bilevel", "normalized", "masked", "best")
# Words read below this confidence count against a candidate (see legibility).
DOUBTFUL_CONFIDENCE = 50

DEFAULT_DPI = 300

_PSM = {
    None: 3,
    DsrMode.REGIONS: 3,
    DsrMode.DSR_NO_FILTER: 3,
    DsrMode.DSR_AND_FILTER: 3,
    DsrMode.DSR_PLUS_DETECTOR: 3,
    DsrMode.NO_DSR_NO_FILTER: 6,
    DsrMode.TEXT_DETECTOR: 11,
    DsrMode.POLYGONAL_TEXT_DETECTOR: 11,
    DsrMode.LINE_DETECTOR: 4,
}


@dataclass(frozen=True)
class Result:
    """One recognition result: ``type`` is Text, Hocr, Pdf or ImagePNG; ``data`` its bytes."""

    type: str
    data: bytes


# ------------------------------------------------------------------------------------
# preprocessing
def contrast_stretch(rgb: np.ndarray, low: float = 0.5, high: float = 99.5) -> np.ndarray:
    """Map the ``low`` / ``high`` grey percentiles to black / white (all channels alike)."""
    gray = to_gray(rgb)
    small = gray[:: max(1, gray.shape[0] // 512), :: max(1, gray.shape[1] // 512)]
    lo, hi = np.percentile(small, [low, high])
    if hi - lo < 8:  # a flat image: nothing to stretch
        return rgb
    lut = np.clip((np.arange(256, dtype=np.float32) - lo) * 255.0 / (hi - lo), 0, 255).astype(np.uint8)
    return cv2.LUT(rgb, lut)


def estimate_text_height(gray: np.ndarray) -> float:
    """Median height in px of the dark connected components (about the x-height); 0 if none."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, _ = label_components(ink)
    if n <= 1:
        return 0.0
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    area = stats[1:, cv2.CC_STAT_AREA]
    keep = (area >= 3) & (h < gray.shape[0] / 4) & (w < gray.shape[1] / 4) & (h >= 2)
    if keep.sum() < 5:
        return 0.0
    return float(np.median(h[keep]))


def upsample_factor(gray: np.ndarray, target: float = 24.0, below: float = 20.0, max_factor: float = 4.0) -> float:
    h = estimate_text_height(gray)
    if h <= 0 or h >= below:
        return 1.0
    return float(min(max_factor, target / h))


def normalize_background(gray: np.ndarray, text_height: float | None = None) -> np.ndarray:
    """Divide out the paper (the engine's background estimate over ~3 text heights)."""
    th = text_height or estimate_text_height(gray) or 20.0
    return flatten(gray, estimate_background(gray, max(3, int(round(3 * th)))))


def binarized_views(rgb: np.ndarray, mask: np.ndarray, mode: str = BINARIZED_INPUT) -> list[np.ndarray]:
    """The grey image(s) Tesseract may read after binarization (read in this order)."""
    if mode == "best":
        # The unbinarized grey is the "never worse" guard (see BINARIZED_INPUT), read
        # first: it wins ties, and "masked", which wins on degraded pages, is read
        # last and stays loaded (recognised) for the outputs.
        return [to_gray(rgb), binarized_view(rgb, mask, "masked")]
    return [binarized_view(rgb, mask, mode)]


def binarized_view(rgb: np.ndarray, mask: np.ndarray, mode: str = "masked") -> np.ndarray:
    """The grey image handed to Tesseract after binarization (see :data:`BINARIZED_INPUT`)."""
    if mode == "bilevel":
        return np.where(mask, 0, 255).astype(np.uint8)
    norm = dark_ink(normalize_background(to_gray(rgb)), mask)
    if mode == "normalized":
        return norm
    if mode == "masked":
        ring = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        out = np.full(norm.shape, 255, np.uint8)
        out[ring] = norm[ring]
        out[mask] = norm[mask] // 2
        return out
    raise SettingsError(f"binarized input mode must be one of {', '.join(BINARIZED_INPUTS)}, got {mode!r}")


def dark_ink(gray: np.ndarray, mask: np.ndarray, window: int = 31) -> np.ndarray:
    """``gray`` with its white-on-dark parts inverted, so that the ink of ``mask`` is dark
    everywhere: where the mask's pixels are, on average over ``window``, lighter than the
    pixels just around them (light text on a dark box or slide), grey is ``255 - grey``."""
    ink = mask.astype(np.float32)
    around = cv2.dilate(mask.view(np.uint8), np.ones((3, 3), np.uint8)).astype(np.float32) - ink
    if not around.any():
        return gray
    size = (window, window)
    value = gray.astype(np.float32)
    ink_mean = cv2.blur(value * ink, size) / np.maximum(cv2.blur(ink, size), 1e-6)
    around_mean = cv2.blur(value * around, size) / np.maximum(cv2.blur(around, size), 1e-6)
    light_ink = ink_mean > around_mean
    if not light_ink.any():
        return gray
    return np.where(light_ink, 255 - gray, gray)


def preprocess(
    rgb: np.ndarray,
    settings: RecognizeSettings,
    binarized_input: str | None = None,
    mask: np.ndarray | None = None,
) -> tuple[list[np.ndarray], float]:
    """One region through steps 3-6; returns (candidate grey uint8 images for Tesseract,
    best guess first, and the scale factor applied)."""
    from .. import binarize  # late: the engine registry is filled on import

    angle = estimate_skew(rgb) if settings.make_skew_correct else 0.0
    if settings.make_contrast_correction:
        rgb = contrast_stretch(rgb)
    scale = 1.0
    if settings.make_upsampling:
        scale = upsample_factor(to_gray(rgb))
        if scale > 1.0:
            h, w = rgb.shape[:2]
            rgb = cv2.resize(rgb, (int(round(w * scale)), int(round(h * scale))), interpolation=cv2.INTER_CUBIC)
    if settings.make_binarization:
        if mask is None:
            mask = binarize(rgb, settings.binarization_method)
        views = binarized_views(rgb, mask, binarized_input or BINARIZED_INPUT)
    else:
        views = [to_gray(rgb)]
    # Straightened last (see the module doc, step 3): a rotation before the binarizer
    # would resample thin strokes and add white corners to the page it reads.
    return [deskew(view, angle) for view in views], scale


# ------------------------------------------------------------------------------------
def _crops(rgb: np.ndarray, settings: RecognizeSettings) -> list[np.ndarray]:
    if not settings.regions:
        return [rgb]
    h, w = rgb.shape[:2]
    out = []
    order = settings.ordered_regions()
    for region in order:
        left, top, right, bottom = region.rect.box
        right, bottom = min(right, w), min(bottom, h)
        if left >= right or top >= bottom:
            i = settings.regions.index(region)
            raise SettingsError(
                f"setting 'regions[{i}].rect' lies outside the {w}x{h} image: {region.rect.box}"
            )
        out.append(np.ascontiguousarray(rgb[top:bottom, left:right]))
    return out


def _text_with_confidence(api: Any, min_conf: float) -> str:
    from tesserocr import RIL, iterate_level

    api.Recognize()
    lines: list[list[str]] = []
    for word in iterate_level(api.GetIterator(), RIL.WORD):
        if word.IsAtBeginningOf(RIL.TEXTLINE) or not lines:
            lines.append([])
        text = word.GetUTF8Text(RIL.WORD)
        if text and word.Confidence(RIL.WORD) >= min_conf:
            lines[-1].append(text)
    return "\n".join(" ".join(line) for line in lines if line) + "\n"


_HOCR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"\n'
    '    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n <head>\n'
    "  <title></title>\n"
    '  <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n'
    "  <meta name='ocr-system' content='bitonal (tesseract {version})'/>\n"
    "  <meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf'/>\n"
    " </head>\n <body>\n"
)
_HOCR_TAIL = " </body>\n</html>\n"


def recognize(
    image: np.ndarray,
    settings: RecognizeSettings | dict[str, Any] | None = None,
    *,
    dpi: int | None = None,
    binarized_input: str | None = None,
    mask: np.ndarray | None = None,
) -> list[Result]:
    """Recognise ``image`` (grey or RGB ndarray) as RecognizeImage would; see the module doc.

    ``dpi``: the resolution told to Tesseract (300 when unknown). ``binarized_input``
    overrides :data:`BINARIZED_INPUT`. ``mask``: a precomputed ink mask used instead of
    ``bitonal.binarize`` (benchmarks: the generator's ground truth as an oracle); only
    without geometry changes before binarization (Rotate, regions, makeUpsampling).
    """
    if not isinstance(settings, RecognizeSettings):
        settings = RecognizeSettings.parse(settings)
    if binarized_input is not None and binarized_input not in BINARIZED_INPUTS:
        raise SettingsError(f"binarized_input must be one of {', '.join(BINARIZED_INPUTS)}, got {binarized_input!r}")
    try:
        rgb = to_rgb(image)
    except InvalidImageError:
        raise
    if min(rgb.shape[:2]) < 3:
        raise InvalidImageError(f"image too small to recognise: {rgb.shape[1]}x{rgb.shape[0]}")
    if mask is not None:
        if settings.rotate or settings.regions or settings.make_upsampling:
            raise SettingsError("a precomputed mask cannot be combined with Rotate, regions or upsampling")
        if mask.shape != rgb.shape[:2]:
            raise InvalidImageError(f"mask shape {mask.shape} differs from the image's {rgb.shape[:2]}")
    if settings.rotate:
        rgb = to_rgb(rotate(rgb, -float(settings.rotate)))
    views = []
    candidates = []
    for crop in _crops(rgb, settings):
        grays, scale = preprocess(crop, settings, binarized_input, mask)
        candidates.append((grays, int(round((dpi or DEFAULT_DPI) * scale))))

    outputs = settings.outputs
    psm = _PSM[settings.dsr_mode]
    min_conf = settings.min_word_confidence
    if settings.dsr_mode == DsrMode.DSR_AND_FILTER:
        min_conf = max(min_conf, 10.0)
    texts: list[str] = []
    pages: list[str] = []
    pdf: bytes | None = None
    png: bytes | None = None
    with tesseract(settings.tesseract_language) as api:
        import tesserocr

        version = tesserocr.tesseract_version().split()[1] if "Hocr" in outputs else ""
        api.SetPageSegMode(psm)
        views = [(_most_legible(api, grays, res), res) for grays, res in candidates]
        # Tesseract still holds the recognised chosen candidate: reading it again is free.
        loaded = views[0][0] if len(views) == 1 and len(candidates[0][0]) > 1 else None
        if "Text" in outputs or "Hocr" in outputs:
            for i, (gray, res) in enumerate(views):
                if gray is not loaded:
                    api.SetImage(Image.fromarray(gray))
                    api.SetSourceResolution(res)
                if "Text" in outputs:
                    if min_conf > 0:
                        texts.append(_text_with_confidence(api, min_conf))
                    else:
                        texts.append(api.GetUTF8Text())
                if "Hocr" in outputs:
                    pages.append(api.GetHOCRText(i))
        if "Pdf" in outputs:
            pdf = _pdf(api, views)
    if "ImagePNG" in outputs:
        png = encode_gray(views[0][0])
    results = []
    for kind in outputs:
        if kind == "Text":
            text = "\n".join(t.strip("\n") for t in texts) + "\n"
            results.append(Result("Text", text.encode("utf-8")))
        elif kind == "Hocr":
            doc = _HOCR_HEAD.format(version=version) + "".join(pages) + _HOCR_TAIL
            results.append(Result("Hocr", doc.encode("utf-8")))
        elif kind == "Pdf":
            assert pdf is not None
            results.append(Result("Pdf", pdf))
        elif kind == "ImagePNG":
            assert png is not None
            results.append(Result("ImagePNG", png))
    return results


def _most_legible(api: Any, grays: list[np.ndarray], resolution: int) -> np.ndarray:
    """The candidate on which Tesseract reads the most words it is sure of (see
    :func:`legibility`); every candidate is read, so with binarization (our masked
    image and the unbinarized grey) a binarization that loses words cannot win
    against the page it lost them from."""
    if len(grays) == 1:
        return grays[0]
    best, best_score = grays[0], -float("inf")
    for gray in grays:
        api.SetImage(Image.fromarray(gray))
        api.SetSourceResolution(resolution)
        score = legibility(api)
        if score > best_score:
            best, best_score = gray, score
    if best is not gray:  # leave the chosen image loaded, recognised
        api.SetImage(Image.fromarray(best))
        api.SetSourceResolution(resolution)
    return best


def legibility(api: Any) -> float:
    """How legible the image Tesseract holds is: the sum over its words of
    ``(confidence - DOUBTFUL_CONFIDENCE) / 100``. Each word read surely adds to it, each
    word Tesseract doubts (garbage read off a photo, a word half lost by a binarization)
    takes away, a lost word adds nothing. Words without a letter or digit do not count;
    an image with no word scores 0."""
    api.Recognize()
    confidences = [conf for word, conf in api.MapWordConfidences() if any(ch.isalnum() for ch in word)]
    return sum(conf - DOUBTFUL_CONFIDENCE for conf in confidences) / 100.0


def _pdf(api: Any, views: list[tuple[np.ndarray, int]]) -> bytes:
    """Tesseract's searchable-PDF renderer over the preprocessed images (one page each)."""
    with tempfile.TemporaryDirectory(prefix="bitonal-pdf-") as tmp:
        names = []
        for i, (gray, res) in enumerate(views):
            name = os.path.join(tmp, f"page{i:04d}.png")
            Image.fromarray(gray).save(name, dpi=(res, res))
            names.append(name)
        listing = os.path.join(tmp, "pages.txt")
        with open(listing, "w") as fh:
            fh.write("\n".join(names) + "\n")
        base = os.path.join(tmp, "out")
        api.SetVariable("tessedit_create_pdf", "1")
        try:
            ok = api.ProcessPages(base, listing)
        finally:
            api.SetVariable("tessedit_create_pdf", "0")
        path = base + ".pdf"
        if not ok or not os.path.exists(path):
            raise RuntimeError("Tesseract's PDF renderer failed")
        with open(path, "rb") as fh:
            return fh.read()


def recognize_text(image: np.ndarray, settings: RecognizeSettings | dict[str, Any] | None = None, **kw: Any) -> str:
    """Convenience: the Text result of :func:`recognize` as ``str``."""
    settings = RecognizeSettings.parse(settings) if not isinstance(settings, RecognizeSettings) else settings
    settings = settings.model_copy(update={"result_type": None})
    return recognize(image, settings, **kw)[0].data.decode("utf-8")
