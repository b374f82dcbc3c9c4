"""Skew estimation and correction by projection profiles.

:func:`estimate_skew` returns the angle, in degrees, by which the page content is
rotated **counter-clockwise** (the convention of ``cv2.getRotationMatrix2D``): a page
whose text lines rise to the right has a positive skew. :func:`deskew` rotates it back.

Method: the grey image is reduced to about 1000 px on its long side, its background
is flattened (grey / dilated grey, so shadows and tinted paper do not count as ink)
and thresholded with Otsu; the ink pixel coordinates are projected on the axis
perpendicular to a candidate text direction, and the angle whose projection profile
has the largest energy (sum of squared bin counts: sharp peaks on text lines, empty
gaps between them) wins. A coarse search over +-``max_angle`` in 0.5 degree steps is
refined in 0.05 degree steps, then by a parabola through the best three scores.
Projections of the same pixel set are just ``bincount``s, so it is vectorised and
takes a few tens of milliseconds per page.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..engine.image import to_gray, validate_image

_WORK_SIDE = 1000
_MAX_POINTS = 200_000


def _ink_points(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h, w = gray.shape
    f = min(1.0, _WORK_SIDE / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA) if f < 1 else gray
    k = max(3, int(min(small.shape) / 40) | 1)
    background = cv2.dilate(small, np.ones((k, k), np.uint8))
    norm = np.clip(small.astype(np.float32) / np.maximum(background.astype(np.float32), 1.0) * 255.0, 0, 255)
    norm = norm.astype(np.uint8)
    _, ink = cv2.threshold(norm, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ys, xs = np.nonzero(ink)
    if len(ys) > _MAX_POINTS:
        pick = np.random.default_rng(0).choice(len(ys), _MAX_POINTS, replace=False)
        ys, xs = ys[pick], xs[pick]
    return ys.astype(np.float32), xs.astype(np.float32)


def _scores(ys: np.ndarray, xs: np.ndarray, angles: np.ndarray) -> np.ndarray:
    out = np.empty(len(angles), np.float64)
    span = float(np.hypot(ys.max() + 1, xs.max() + 1)) if len(ys) else 1.0
    for i, a in enumerate(np.deg2rad(angles)):
        proj = ys * np.cos(a) + xs * np.sin(a) + span
        counts = np.bincount(proj.astype(np.int64))
        out[i] = float(np.dot(counts, counts))
    return out


def estimate_skew(image: np.ndarray, max_angle: float = 15.0) -> float:
    """Counter-clockwise skew of the text lines in degrees (0.0 when there is no text)."""
    gray = to_gray(image)
    ys, xs = _ink_points(gray)
    if len(ys) < 50:
        return 0.0
    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = float(coarse[int(np.argmax(_scores(ys, xs, coarse)))])
    fine = np.arange(best - 0.6, best + 0.6 + 1e-9, 0.05)
    s = _scores(ys, xs, fine)
    i = int(np.argmax(s))
    angle = float(fine[i])
    if 0 < i < len(s) - 1:  # parabolic refinement
        denom = s[i - 1] - 2 * s[i] + s[i + 1]
        if denom < 0:
            angle += 0.05 * 0.5 * (s[i - 1] - s[i + 1]) / denom
    return float(np.clip(angle, -max_angle, max_angle))


def rotate(image: np.ndarray, degrees_ccw: float, fill: int = 255) -> np.ndarray:
    """Rotate counter-clockwise by any angle, growing the canvas, filling with ``fill`` (white).

    Multiples of 90 degrees are exact (``np.rot90``).
    """
    image = validate_image(image)
    if image.dtype != np.uint8:
        from ..engine.image import to_uint8

        image = to_uint8(image)
    q = degrees_ccw / 90.0
    if abs(q - round(q)) < 1e-9:
        return np.ascontiguousarray(np.rot90(image, int(round(q)) % 4))
    h, w = image.shape[:2]
    M = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), degrees_ccw, 1.0)
    cos, sin = abs(M[0, 0]), abs(M[0, 1])
    nw, nh = int(np.ceil(h * sin + w * cos)), int(np.ceil(h * cos + w * sin))
    M[0, 2] += nw / 2.0 - w / 2.0
    M[1, 2] += nh / 2.0 - h / 2.0
    border = (fill,) * (1 if image.ndim == 2 else image.shape[2])
    return cv2.warpAffine(
        image, M, (nw, nh), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )


def deskew(image: np.ndarray, angle: float | None = None, min_angle: float = 0.05) -> np.ndarray:
    """Straighten the text lines (rotating by ``-estimate_skew(image)`` unless ``angle`` is given)."""
    if angle is None:
        angle = estimate_skew(image)
    if abs(angle) < min_angle:
        return image
    return rotate(image, -angle)
