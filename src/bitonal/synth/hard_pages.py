"""The painters of the "hard page" families: pages on which OCR of the raw image is
easy and a binarizer can lose text (dark slides, coloured text on coloured paper,
thermal receipts, phone photos with a shadow, figures beside the text).

Each painter takes the generator's ``numpy.random.Generator`` and the strength in
``[0, 1]`` and works on float32 RGB images in ``[0, 1]``; the text's coverage map
``alpha`` (1 on glyphs) is what :mod:`bitonal.synth.generate` turns into the exact
ink mask, so no painter here moves or hides a glyph.
"""

from __future__ import annotations

import cv2
import numpy as np

# Dark slide themes (background) and the light text colours used on them.
_SLIDE_GROUNDS = np.array(
    [[0.08, 0.10, 0.18], [0.12, 0.12, 0.13], [0.04, 0.22, 0.27], [0.24, 0.06, 0.20], [0.02, 0.02, 0.03]],
    np.float32,
)
_SLIDE_TEXTS = np.array([[1.0, 1.0, 1.0], [1.0, 0.88, 0.45], [0.62, 0.90, 1.0], [0.82, 0.82, 0.80]], np.float32)

# (paper, ink) pairs of saturated colours whose luma is close: red on green, green on
# pink, orange on light blue, magenta on yellow, teal on salmon.
_COLOUR_PAIRS = np.array(
    [
        [[0.55, 0.85, 0.45], [0.85, 0.12, 0.12]],
        [[0.98, 0.70, 0.80], [0.15, 0.55, 0.20]],
        [[0.60, 0.78, 0.96], [0.95, 0.45, 0.08]],
        [[1.00, 0.93, 0.35], [0.85, 0.10, 0.60]],
        [[1.00, 0.66, 0.55], [0.00, 0.50, 0.55]],
    ],
    np.float32,
)

# Chart bar colours (the axes and grid are dark and grey).
_BAR_COLOURS = np.array(
    [[0.20, 0.40, 0.75], [0.90, 0.45, 0.10], [0.25, 0.60, 0.25], [0.75, 0.15, 0.20], [0.45, 0.30, 0.60]], np.float32
)


def smooth_field(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    """Smooth random field in [0, 1] of ``shape``, with about ``cells`` blobs across."""
    h, w = shape
    gh = max(2, int(round(cells * h / max(h, w))) + 1)
    gw = max(2, int(round(cells * w / max(h, w))) + 1)
    small = rng.random((gh, gw)).astype(np.float32)
    big = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    lo, hi = float(big.min()), float(big.max())
    return (big - lo) / max(hi - lo, 1e-6)


def paint(ground: np.ndarray, colour: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Opaque ink of ``colour`` laid on ``ground`` with coverage ``alpha`` (light on dark too)."""
    a = alpha[:, :, None]
    return ground * (1.0 - a) + colour * a


def dark_slide(rng: np.random.Generator, alpha: np.ndarray, s: float) -> np.ndarray:
    """A slide with a dark theme: light text on a dark, slightly graded ground, and a
    lighter accent bar along one edge (no text in it). Stronger: the text is dimmer."""
    h, w = alpha.shape
    ground = _SLIDE_GROUNDS[int(rng.integers(len(_SLIDE_GROUNDS)))]
    text = _SLIDE_TEXTS[int(rng.integers(len(_SLIDE_TEXTS)))]
    text = text + (ground - text) * (0.45 * s)  # dimmer text, lower contrast
    grade = 0.8 + 0.5 * smooth_field(rng, (h, w), 3)
    page = np.clip(ground[None, None, :] * grade[:, :, None], 0.0, 1.0).astype(np.float32)
    bar = max(2, w // 60)
    accent = np.clip(ground * 2.5 + 0.15, 0.0, 1.0)
    if rng.random() < 0.5:
        page[:, :bar] = accent
    else:
        page[-bar:, :] = accent
    return paint(page, text, alpha)  # the bar lies in the page's margin, under no glyph


def coloured_text_on_coloured_paper(rng: np.random.Generator, alpha: np.ndarray, s: float) -> np.ndarray:
    """Saturated text on saturated paper of another hue (red on green, ...); stronger:
    the ink's colour moves towards the paper's, so the luma contrast shrinks."""
    h, w = alpha.shape
    paper, ink = _COLOUR_PAIRS[int(rng.integers(len(_COLOUR_PAIRS)))]
    ink = ink + (paper - ink) * (0.35 * s)
    texture = 1.0 + 0.06 * (smooth_field(rng, (h, w), 30) - 0.5)
    ground = np.clip(paper[None, None, :] * texture[:, :, None], 0.0, 1.0).astype(np.float32)
    return paint(ground, ink, alpha)


def thermal_alpha(alpha: np.ndarray, px: int, s: float) -> np.ndarray:
    """Wide thermal-print strokes: the glyphs grown by a round pen of px / 60 to px / 20 (more
    with ``s``), so a bold face becomes the fat, flat strokes of a thermal printer."""
    radius = max(1, int(round(px * (0.015 + 0.03 * s))))
    pen = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    return cv2.dilate(alpha, pen)


def thermal_receipt(rng: np.random.Generator, alpha: np.ndarray, s: float) -> np.ndarray:
    """Light grey thermal print on warm white paper, fading in patches and in streaks
    along the paper (a worn print head). Stronger: lighter print."""
    h, w = alpha.shape
    paper = np.array([0.98, 0.97, 0.93], np.float32)
    level = 0.30 + 0.40 * s  # the grey of fresh print: 0.30 .. 0.70
    fade = 0.85 + 0.15 * smooth_field(rng, (h, w), 6)
    streaks = 1.0 - 0.25 * s * np.clip(smooth_field(rng, (1, w), max(4, w // 40)) - 0.5, 0.0, 1.0) * 2.0
    depth = (1.0 - level) * fade * streaks  # how much of the paper the print takes away
    grey = paper[None, None, :] * (1.0 - depth[:, :, None] * np.array([1.0, 1.0, 0.96], np.float32))
    ground = np.broadcast_to(paper, (h, w, 3)).astype(np.float32)
    return ground * (1.0 - alpha[:, :, None]) + grey * alpha[:, :, None]


def phone_shadow(rng: np.random.Generator, img: np.ndarray, s: float) -> np.ndarray:
    """A phone photo: the hard-edged shadow of the phone or a hand over part of the page
    (bluish, a short penumbra), a vignette, a slight defocus and sensor noise."""
    h, w = img.shape[:2]
    sh, sw = max(2, h // 4), max(2, w // 4)
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    yy, xx = yy / sh, xx / sw
    # The shadow: an ellipse (a hand, a phone) reaching in from a random edge.
    side = int(rng.integers(4))
    cx, cy = [(rng.uniform(0.2, 0.8), -0.1), (1.1, rng.uniform(0.2, 0.8)), (rng.uniform(0.2, 0.8), 1.1), (-0.1, rng.uniform(0.2, 0.8))][side]
    rx, ry = rng.uniform(0.35, 0.6), rng.uniform(0.35, 0.6)
    r = np.sqrt(((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2)
    penumbra = 0.04 + 0.08 * (1.0 - s)
    shadow = np.clip((1.0 - r) / penumbra + 0.5, 0.0, 1.0)
    vignette = 1.0 - 0.3 * s * ((xx - 0.5) ** 2 + (yy - 0.5) ** 2) * 2.0
    depth = 0.35 + 0.3 * s
    light = cv2.resize((vignette * (1.0 - depth * shadow)).astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    cast = cv2.resize(shadow.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)[:, :, None]
    tint = 1.0 - cast * np.array([0.10, 0.05, 0.0], np.float32)  # shade is lit by the blue sky
    out = img * light[:, :, None] * tint
    out = cv2.GaussianBlur(out, (0, 0), 0.5 + 0.5 * s)
    noise = rng.standard_normal((h, w, 1), dtype=np.float32) * (0.01 + 0.025 * s)
    return out + noise


def figure_band(n_lines: int, rng: np.random.Generator) -> tuple[int, int] | None:
    """Which text lines a figure replaces: ``(first, count)``, between other lines, or None
    when the page has too few lines to keep text both above and below a figure."""
    count = max(2, min(6, n_lines // 3))
    if n_lines < count + 2:
        return None
    first = int(rng.integers(1, n_lines - count))
    return first, count


def figure(rng: np.random.Generator, img: np.ndarray, box: tuple[int, int, int, int], s: float) -> np.ndarray:
    """Paint a photo or a bar chart into ``box`` (y0, y1, x0, x1) of ``img`` (in place).

    The photo is dark and busy (smooth colour blobs, texture, deep shadows: stronger
    means darker); the chart has dark axes, grey grid lines and coloured bars.
    """
    y0, y1, x0, x1 = box
    h, w = y1 - y0, x1 - x0
    if h < 4 or w < 4:
        return img
    if rng.random() < 0.5:
        colours = np.stack([smooth_field(rng, (h, w), 5) for _ in range(3)], axis=2)
        shade = smooth_field(rng, (h, w), 4)[:, :, None]
        texture = rng.normal(0.0, 0.06, (h, w, 1)).astype(np.float32)
        photo = colours * (0.25 + 0.75 * shade) * (1.0 - 0.6 * s) + texture
        img[y0:y1, x0:x1] = np.clip(photo, 0.0, 1.0)
        return img
    chart = np.ones((h, w, 3), np.float32)
    line = max(1, min(h, w) // 80)
    for gy in np.linspace(0.15 * h, 0.85 * h, 4).astype(int):
        chart[gy : gy + line] = 0.78
    bars = int(rng.integers(4, 9))
    slot = (w - 6 * line) / bars
    for i in range(bars):
        top = int(h * rng.uniform(0.1, 0.8))
        left = int(6 * line + i * slot + 0.15 * slot)
        chart[top : h - 3 * line, left : int(left + 0.7 * slot)] = _BAR_COLOURS[i % len(_BAR_COLOURS)] * (1.0 - 0.4 * s)
    chart[:, 3 * line : 5 * line] = 0.1  # y axis
    chart[h - 3 * line : h - line] = 0.1  # x axis
    img[y0:y1, x0:x1] = chart
    return img
