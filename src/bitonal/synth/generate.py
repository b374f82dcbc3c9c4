"""Seedable synthetic degraded document pages with known text and a ground-truth ink mask.

A page is real English prose (``data/corpus.txt``: openings of public-domain novels)
rendered with one of the Debian TrueType fonts at a given size and dpi, then degraded
by one or more *families*, each at a strength in ``[0, 1]``::

    page = generate_page(seed=3, family=["uneven_light", "stamp"], strength=0.6, dpi=300)
    page.image     # (H, W, 3) uint8 RGB
    page.text      # the rendered text, one line per text line
    page.ink_mask  # (H, W) bool, True where the *text* glyphs are (stamps, stains,
                   # ruled lines, bleed-through are NOT ink)

The same arguments always give the same page (one ``numpy.random.Generator`` seeded
from ``seed`` drives every random choice). Work is vectorised: smooth random fields are
drawn at low resolution and resized up, so an A6 page at 300 dpi takes well under a
second.
"""

from __future__ import annotations

import functools
import glob
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..engine.errors import BitonalError
from . import hard_pages
from .hard_pages import smooth_field

FAMILIES: tuple[str, ...] = (
    "clean",
    "uneven_light",  # gradient illumination + soft phone shadow
    "tinted_paper",  # coloured / grey recycled paper with texture
    "ruled",  # ruled lines or graph paper
    "stains",  # coffee stains and blotches
    "bleed_through",  # mirrored faint text from the back of the sheet
    "faded",  # low contrast, faded and broken ink
    "colored_ink",  # blue / green pen text that must be kept
    "stamp",  # red / blue stamp over or beside the text
    "highlighter",  # highlighter bands over lines
    "jpeg_noise",  # sensor noise + JPEG artefacts
    "blur",  # mild defocus blur
    "inverted_region",  # white text on a dark box
    "low_dpi",  # the page is scanned at a lower resolution
    # hard pages: raw OCR reads them well, a binarizer can lose text (synth/hard_pages.py)
    "dark_slide",  # light text on a dark slide theme
    "color_on_color",  # saturated text on saturated paper of another hue (red on green)
    "thermal",  # thermal receipt: narrow paper, light grey wide strokes, fading
    "phone_shadow",  # phone photo: hard hand/phone shadow, vignette, noise
    "figures",  # a photo or a bar chart between text lines
)

PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A6": (105.0, 148.0),
    "A7": (74.0, 105.0),
}

# Regular faces first: they are the most common on real documents.
_FONT_FILES = (
    "liberation2/LiberationSerif-Regular.ttf",
    "liberation2/LiberationSans-Regular.ttf",
    "dejavu/DejaVuSerif.ttf",
    "dejavu/DejaVuSans.ttf",
    "freefont/FreeSerif.ttf",
    "freefont/FreeSans.ttf",
    "liberation2/LiberationMono-Regular.ttf",
    "freefont/FreeMono.ttf",
    "liberation2/LiberationSerif-Italic.ttf",
    "liberation2/LiberationSans-Bold.ttf",
    "dejavu/DejaVuSansCondensed.ttf",
)
_FONT_DIRS = ("/usr/share/fonts/truetype", "/usr/local/share/fonts", os.path.expanduser("~/.fonts"))


class SynthError(BitonalError):
    """Bad arguments to the page generator (unknown family, strength out of range, ...)."""


@dataclass
class Page:
    """A generated page."""

    image: np.ndarray  # (H, W, 3) uint8 RGB
    text: str  # ground-truth text, lines separated by "\n"
    ink_mask: np.ndarray  # (H, W) bool, True on text glyphs
    dpi: int  # resolution of ``image`` (after any low_dpi degradation)
    font: str = ""
    font_pt: float = 0.0
    families: dict[str, float] = field(default_factory=dict)


@functools.cache
def corpus() -> list[str]:
    """The paragraphs of the bundled public-domain corpus."""
    raw = resources.files("bitonal.synth").joinpath("data/corpus.txt").read_text("utf-8")
    return [" ".join(p.split()) for p in raw.split("\n\n") if p.strip()]


@functools.cache
def available_fonts() -> tuple[str, ...]:
    """Absolute paths of the TrueType fonts the generator can use (may be empty)."""
    found: list[str] = []
    for rel in _FONT_FILES:
        for base in _FONT_DIRS:
            path = os.path.join(base, rel)
            if os.path.exists(path):
                found.append(path)
                break
    if not found:  # any TTF at all
        for base in _FONT_DIRS:
            found.extend(sorted(glob.glob(os.path.join(base, "**", "*.ttf"), recursive=True))[:8])
    return tuple(found)


@functools.cache
def _font(path: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px)


def _parse_families(family: str | Iterable[str] | Mapping[str, float], strength: float) -> dict[str, float]:
    if isinstance(family, str):
        names: dict[str, float] = {f.strip(): strength for f in family.split("+") if f.strip()}
    elif isinstance(family, Mapping):
        names = {str(k): float(v) for k, v in family.items()}
    else:
        names = {str(f): strength for f in family}
    for name, s in names.items():
        if name not in FAMILIES:
            raise SynthError(f"unknown degradation family '{name}' (known: {', '.join(FAMILIES)})")
        if not 0.0 <= s <= 1.0:
            raise SynthError(f"strength of '{name}' must be in [0, 1], got {s}")
    return names


def _wrap(words: list[str], font: ImageFont.FreeTypeFont, width: int) -> tuple[list[str], int]:
    lines, cur, used = [], [], 0
    space = font.getlength(" ")
    for i, word in enumerate(words):
        wl = font.getlength(word)
        if cur and used + space + wl > width:
            lines.append(" ".join(cur))
            cur, used = [word], wl
        else:
            used = used + space + wl if cur else wl
            cur.append(word)
        del i
    if cur:
        lines.append(" ".join(cur))
    return lines, len(words)


def _render_text(
    rng: np.random.Generator,
    size_px: tuple[int, int],
    font_path: str,
    px: int,
    margin: int,
    max_lines: int | None = None,
) -> tuple[np.ndarray, list[str], list[tuple[int, int]]]:
    """Render prose onto a float32 coverage map in [0, 1]; returns (alpha, lines, line boxes y0,y1)."""
    w, h = size_px
    font = _font(font_path, px)
    ascent, descent = font.getmetrics()
    line_h = int(round((ascent + descent) * rng.uniform(1.15, 1.45)))
    n_lines = max(1, (h - 2 * margin) // line_h)
    if max_lines:
        n_lines = min(n_lines, max_lines)
    paras = corpus()
    start = int(rng.integers(len(paras)))
    words: list[str] = []
    k = start
    # enough words for the page (overestimate: 20 per line at most)
    while len(words) < n_lines * 25:
        words.extend(paras[k % len(paras)].split())
        k += 1
    all_lines, _ = _wrap(words, font, w - 2 * margin)
    lines = all_lines[:n_lines]
    canvas = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(canvas)
    boxes = []
    y = margin
    for line in lines:
        draw.text((margin, y), line, fill=255, font=font)
        boxes.append((y, y + ascent + descent))
        y += line_h
    alpha = np.asarray(canvas, dtype=np.float32) / 255.0
    return alpha, lines, boxes


def generate_page(
    seed: int,
    family: str | Iterable[str] | Mapping[str, float] = "clean",
    strength: float = 0.5,
    dpi: int = 300,
    size: str | tuple[float, float] = "A6",
    *,
    font: str | None = None,
    font_pt: float | None = None,
    max_lines: int | None = None,
) -> Page:
    """Generate one degraded page.

    Parameters
    ----------
    seed : int
        Every random choice (text, font, size, degradations) derives from it.
    family : str, list of str, or {name: strength}
        Degradation families (see :data:`FAMILIES`); ``"a+b"`` composes two.
    strength : float in [0, 1]
        Strength of every family given by name only.
    dpi : int in [100, 600]
        Rendering resolution (``low_dpi`` lowers the final one).
    size : paper name (A4..A7) or (width_mm, height_mm)
    font, font_pt : optional fixed font file and size in points (random otherwise).
    max_lines : optional cap on the number of text lines (small fast pages).
    """
    fams = _parse_families(family, strength)
    if not 100 <= dpi <= 600:
        raise SynthError(f"dpi must be in [100, 600], got {dpi}")
    if isinstance(size, str):
        if size not in PAPER_SIZES_MM:
            raise SynthError(f"unknown paper size '{size}' (known: {', '.join(PAPER_SIZES_MM)})")
        w_mm, h_mm = PAPER_SIZES_MM[size]
    else:
        w_mm, h_mm = float(size[0]), float(size[1])
        if not (20 <= w_mm <= 420 and 20 <= h_mm <= 420):
            raise SynthError(f"size must be between 20 and 420 mm per side, got {size}")
    fonts = available_fonts()
    if font is None:
        if not fonts:
            raise SynthError("no TrueType fonts found (install fonts-dejavu-core / fonts-liberation2)")
    rng = np.random.default_rng(seed)
    if "thermal" in fams:  # receipt rolls are 57 to 80 mm wide, printed in mono or bold faces
        w_mm = min(w_mm, float(rng.uniform(57.0, 80.0)))
        fonts = tuple(f for f in fonts if "Mono" in f or "Bold" in f) or fonts
    font_path = font or fonts[int(rng.integers(len(fonts)))]
    pt = float(font_pt if font_pt is not None else rng.choice([9.0, 10.0, 11.0, 12.0, 14.0]))
    W = int(round(w_mm / 25.4 * dpi))
    H = int(round(h_mm / 25.4 * dpi))
    px = max(6, int(round(pt * dpi / 72.0)))
    margin = int(round(8 / 25.4 * dpi))
    alpha, lines, boxes = _render_text(rng, (W, H), font_path, px, margin, max_lines)
    if "thermal" in fams:
        alpha = hard_pages.thermal_alpha(alpha, px, fams["thermal"])
    figure_box = None
    if "figures" in fams:  # the figure takes the place of a few text lines
        band = hard_pages.figure_band(len(lines), rng)
        if band is not None:
            first, count = band
            y0, y1 = boxes[first][0], boxes[first + count - 1][1]
            alpha[y0:y1] = 0.0
            lines = lines[:first] + lines[first + count :]
            boxes = boxes[:first] + boxes[first + count :]
            x1 = W - margin if rng.random() < 0.5 else int(rng.integers(W // 2, W - margin))
            figure_box = (y0, y1, margin, x1)
    ink_mask = alpha >= 0.5
    scale = dpi / 300.0

    # --- paper ---------------------------------------------------------------------
    paper = np.ones((H, W, 3), np.float32)
    s = fams.get("tinted_paper")
    if s is not None:
        tints = np.array(
            [[0.96, 0.90, 0.74], [0.85, 0.85, 0.83], [0.80, 0.88, 0.96], [0.98, 0.84, 0.86], [0.86, 0.95, 0.82]],
            np.float32,
        )
        tint = tints[int(rng.integers(len(tints)))]
        tint = 1.0 - (1.0 - tint) * (0.4 + 0.9 * s)
        paper *= np.clip(tint, 0.3, 1.0)
        texture = smooth_field(rng, (H, W), 40) - 0.5
        grain = rng.normal(0.0, 1.0, (H // 2 + 1, W // 2 + 1)).astype(np.float32)
        grain = cv2.resize(cv2.GaussianBlur(grain, (0, 0), 1.0), (W, H))[:, :, None]
        paper *= 1.0 + (0.12 * s * texture)[:, :, None] + 0.03 * s * grain
    s = fams.get("ruled")
    if s is not None:
        graph = bool(rng.random() < 0.5)
        colour = np.array([0.45, 0.65, 0.95] if not graph else [0.45, 0.8, 0.75], np.float32)
        strength_ = 0.25 + 0.6 * s
        thick = max(1, int(round((1 + 2 * s) * scale)))
        rule = np.zeros((H, W), np.float32)
        if graph:
            step = max(4, int(round(5 / 25.4 * dpi)))
            off = int(rng.integers(step))
            rule[off::step, :] = 1.0
            rule[:, off::step] = 1.0
        else:
            for _, y1 in boxes:  # under each text line, slightly below the descenders
                y = min(H - 1, y1 + int(rng.integers(0, max(1, px // 6))))
                rule[y : y + thick, :] = 1.0
            mx = margin - int(round(2 / 25.4 * dpi))
            rule[:, max(0, mx) : max(0, mx) + thick] = 1.0  # red margin line drawn blue here too
        rule = cv2.GaussianBlur(rule, (0, 0), 0.5 * scale + 0.1)
        rule = np.clip(rule * strength_, 0, 1)[:, :, None]
        paper *= 1.0 - rule * (1.0 - colour)

    # --- bleed-through (from the back: mirrored, blurred, faint) ----------------------
    s = fams.get("bleed_through")
    if s is not None:
        back_rng = np.random.default_rng(seed + 7919)
        back, _, _ = _render_text(back_rng, (W, H), font_path, px, margin)
        back = cv2.GaussianBlur(back[:, ::-1].copy(), (0, 0), 1.2 * scale)
        back = np.roll(back, int(rng.integers(-px, px)), axis=0)
        opacity = 0.12 + 0.45 * s
        paper *= 1.0 - (opacity * back)[:, :, None] * np.array([0.7, 0.75, 0.8], np.float32)

    # --- the text ink -----------------------------------------------------------------
    ink = np.array([0.08, 0.08, 0.09], np.float32)
    if "colored_ink" in fams:
        s = fams["colored_ink"]
        pens = np.array([[0.10, 0.20, 0.75], [0.05, 0.35, 0.20], [0.55, 0.10, 0.45]], np.float32)
        pen = pens[int(rng.integers(len(pens)))]
        ink = pen + (1.0 - pen) * 0.35 * s  # lighter pen for higher strength
    a = alpha.copy()
    s = fams.get("faded")
    if s is not None:
        contrast = 1.0 - 0.75 * s  # 1 -> full black ink, 0.25 -> very faint
        broken = smooth_field(rng, (H, W), max(8, W // max(2, px // 2)))
        holes = np.clip((broken - (0.75 - 0.45 * s)) / 0.1, 0.0, 1.0)  # where the ink broke off
        patchy = 0.75 + 0.25 * smooth_field(rng, (H, W), 12)
        a = a * contrast * patchy * (1.0 - holes * (0.3 + 0.6 * s))
    img = paper * (1.0 - a[:, :, None] * (1.0 - ink))
    if "dark_slide" in fams:
        img = hard_pages.dark_slide(rng, a, fams["dark_slide"])
    if "color_on_color" in fams:
        img = hard_pages.coloured_text_on_coloured_paper(rng, a, fams["color_on_color"])
    if "thermal" in fams:
        img = hard_pages.thermal_receipt(rng, a, fams["thermal"])
    if figure_box is not None:
        img = hard_pages.figure(rng, img, figure_box, fams["figures"])

    # --- coloured non-text marks ---------------------------------------------------------
    s = fams.get("highlighter")
    if s is not None and boxes:
        colours = np.array([[1.0, 0.95, 0.25], [0.55, 1.0, 0.45], [1.0, 0.55, 0.8], [0.45, 0.85, 1.0]], np.float32)
        col = colours[int(rng.integers(len(colours)))]
        col = 1.0 - (1.0 - col) * (0.5 + 0.5 * s)
        n = max(1, int(round(len(boxes) * (0.15 + 0.5 * s))))
        chosen = rng.choice(len(boxes), size=min(n, len(boxes)), replace=False)
        band = np.zeros((H, W), np.float32)
        for i in chosen:
            y0, y1 = boxes[int(i)]
            x0 = int(rng.integers(margin // 2, max(margin // 2 + 1, W // 3)))
            x1 = int(rng.integers(max(x0 + 1, W // 2), W - margin // 2))
            pad = max(1, (y1 - y0) // 6)
            band[max(0, y0 - pad) : y1 + pad, x0:x1] = 1.0
        band = cv2.GaussianBlur(band, (0, 0), 1.0 * scale)[:, :, None]
        img *= 1.0 - band * (1.0 - col)
    s = fams.get("stamp")
    if s is not None:
        img = _stamp(rng, img, s, font_path, dpi)

    s = fams.get("stains")
    if s is not None:
        img = _stains(rng, img, s)

    # --- lighting ---------------------------------------------------------------------
    s = fams.get("uneven_light")
    if s is not None:
        theta = rng.uniform(0, 2 * np.pi)
        # smooth fields: computed on a 1/8 grid and resized up (cheap, visually identical)
        sh, sw = max(2, H // 8), max(2, W // 8)
        yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
        yy *= H / sh
        xx *= W / sw
        ramp = (np.cos(theta) * xx / W + np.sin(theta) * yy / H).astype(np.float32)
        ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
        light = 1.0 - 0.55 * s * ramp
        # a soft shadow: a half plane with a blurred edge (the phone / the hand)
        phi = rng.uniform(0, 2 * np.pi)
        cx, cy = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H
        d = (np.cos(phi) * (xx - cx) + np.sin(phi) * (yy - cy)) / (0.06 * max(H, W))
        shadow = 1.0 / (1.0 + np.exp(-d))
        light = cv2.resize((light * (1.0 - 0.5 * s * shadow)).astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR)
        warm = np.array([1.0, 0.97, 0.9], np.float32)
        img *= light[:, :, None] * (1.0 - s * (1.0 - warm))

    s = fams.get("phone_shadow")
    if s is not None:
        img = hard_pages.phone_shadow(rng, img, s)

    s = fams.get("inverted_region")
    if s is not None and len(boxes) >= 2:
        n = max(1, int(round(len(boxes) * (0.15 + 0.3 * s))))
        first = int(rng.integers(0, max(1, len(boxes) - n)))
        y0 = max(0, boxes[first][0] - px // 3)
        y1 = min(H, boxes[min(len(boxes) - 1, first + n - 1)][1] + px // 3)
        dark = np.array(rng.choice([[0.1, 0.1, 0.12], [0.1, 0.2, 0.45], [0.45, 0.08, 0.1]]), np.float32)
        dark = dark * (1.3 - 0.5 * s)
        light_ink = np.array([0.97, 0.97, 0.95], np.float32)
        region = dark * (1.0 - a[y0:y1, :, None]) + light_ink * a[y0:y1, :, None]
        img[y0:y1] = region

    s = fams.get("blur")
    if s is not None:
        img = cv2.GaussianBlur(img, (0, 0), (0.4 + 1.6 * s) * scale)

    img = np.clip(img, 0.0, 1.0)
    s = fams.get("jpeg_noise")
    if s is not None:
        noise = rng.standard_normal((H, W, 1), dtype=np.float32) * (0.015 + 0.07 * s)
        chroma = rng.standard_normal((H, W, 3), dtype=np.float32) * (0.01 + 0.02 * s)
        img = np.clip(img + noise + chroma, 0.0, 1.0)

    out = np.rint(img * 255.0).astype(np.uint8)
    out_dpi = dpi
    s = fams.get("low_dpi")
    if s is not None:
        out_dpi = max(70, int(round(dpi * (1.0 - 0.6 * s))))
        f = out_dpi / dpi
        nw, nh = max(1, int(round(W * f))), max(1, int(round(H * f)))
        out = cv2.resize(out, (nw, nh), interpolation=cv2.INTER_AREA)
        ink_mask = cv2.resize(alpha, (nw, nh), interpolation=cv2.INTER_AREA) >= 0.5
    s = fams.get("jpeg_noise", 0.2 if "phone_shadow" in fams else None)  # a phone saves JPEG
    if s is not None:
        quality = int(round(92 - 62 * s))
        ok, buf = cv2.imencode(".jpg", out[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR)[:, :, ::-1]
    return Page(
        image=np.ascontiguousarray(out),
        text="\n".join(lines),
        ink_mask=ink_mask,
        dpi=out_dpi,
        font=os.path.basename(font_path),
        font_pt=pt,
        families=fams,
    )


def _stamp(rng: np.random.Generator, img: np.ndarray, s: float, font_path: str, dpi: int) -> np.ndarray:
    H, W = img.shape[:2]
    colour = np.array(rng.choice([[0.85, 0.12, 0.15], [0.15, 0.25, 0.8], [0.6, 0.1, 0.55]]), np.float32)
    r = int(min(H, W) * rng.uniform(0.16, 0.26))
    canvas = Image.new("L", (2 * r + 4, 2 * r + 4), 0)
    d = ImageDraw.Draw(canvas)
    t = max(2, r // 14)
    c = r + 2
    if rng.random() < 0.5:
        d.ellipse((2, 2, 2 * r + 2, 2 * r + 2), outline=255, width=t)
        d.ellipse((2 + 2 * t, 2 + 2 * t, 2 * r + 2 - 2 * t, 2 * r + 2 - 2 * t), outline=255, width=max(1, t // 2))
    else:
        d.rectangle((2, c - r // 2, 2 * r + 2, c + r // 2), outline=255, width=t)
    word = str(rng.choice(["APPROVED", "RECEIVED", "PAID", "COPY", "URGENT", "FILED"]))
    f = _font(font_path, max(8, int(r * 1.4 / max(4, len(word)))))
    tw = f.getlength(word)
    d.text((c - tw / 2, c - f.size * 0.6), word, fill=255, font=f)
    mark = np.asarray(canvas, np.float32) / 255.0
    angle = rng.uniform(-30, 30)
    M = cv2.getRotationMatrix2D((c, c), angle, 1.0)
    mark = cv2.warpAffine(mark, M, (mark.shape[1], mark.shape[0]))
    # worn stamp: patchy coverage
    mark *= 0.55 + 0.45 * smooth_field(rng, mark.shape, 6)
    mark *= 0.5 + 0.5 * s
    y = int(rng.integers(0, max(1, H - mark.shape[0])))
    x = int(rng.integers(0, max(1, W - mark.shape[1])))
    hh, ww = min(mark.shape[0], H - y), min(mark.shape[1], W - x)
    m = mark[:hh, :ww, None]
    img[y : y + hh, x : x + ww] *= 1.0 - m * (1.0 - colour)
    return img


def _stains(rng: np.random.Generator, img: np.ndarray, s: float) -> np.ndarray:
    H, W = img.shape[:2]
    n = 1 + int(round(3 * s))
    small_h, small_w = max(8, H // 8), max(8, W // 8)
    yy, xx = np.mgrid[0:small_h, 0:small_w].astype(np.float32)
    total = np.zeros((small_h, small_w), np.float32)
    rim = np.zeros((small_h, small_w), np.float32)
    for _ in range(n):
        cy, cx = rng.uniform(0, small_h), rng.uniform(0, small_w)
        ry = rng.uniform(0.08, 0.25) * min(small_h, small_w)
        rx = ry * rng.uniform(0.7, 1.4)
        wobble = 0.15 * (smooth_field(rng, (small_h, small_w), 6) - 0.5)
        r = np.sqrt(((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2) + wobble
        inside = np.clip((1.0 - r) / 0.1, 0.0, 1.0)
        total = np.maximum(total, inside * rng.uniform(0.4, 1.0))
        rim = np.maximum(rim, np.exp(-(((r - 1.0) / 0.05) ** 2)))
    total = cv2.resize(total, (W, H), interpolation=cv2.INTER_LINEAR)
    rim = cv2.resize(rim, (W, H), interpolation=cv2.INTER_LINEAR)
    colour = np.array([0.62, 0.45, 0.25], np.float32)
    amount = (0.25 + 0.45 * s) * total + (0.3 + 0.4 * s) * rim
    amount = np.clip(amount, 0.0, 0.95)[:, :, None]
    return img * (1.0 - amount * (1.0 - colour))
