"""Local thresholds from window statistics: the Niblack / Sauvola family.

Every method here computes, for each pixel, a threshold ``T(x, y)`` from the mean
``m``, the standard deviation ``s`` (and, for some, the maximum) of the grey
values in a square window centred on the pixel, and marks the pixel as ink when
``grey <= T``. Windows follow the Doxa convention: the side is
``2 * (window // 2) + 1`` pixels and a window is clipped at the image border.

Window statistics come from :mod:`..local_stats` (float32, exact window sums, a
flat window has a variance of exactly zero); the thresholds are computed in
float32 in place, a few passes over the page per method.
"""

from __future__ import annotations

from typing import Annotated

import cv2
import numpy as np
from pydantic import AfterValidator, Field

from ..image import to_gray
from ..local_stats import (
    divide_by_counts,
    iter_window_stats,
    local_mean,
    local_mean_std,
    local_min_max,
    local_square_sum,
    zero_or_at_least_3,
)
from ..registry import register

Window = Annotated[
    int,
    Field(
        ge=3,
        le=4001,
        description=(
            "Side of the square window in pixels (an even value is rounded up to the next "
            "odd one; windows are clipped at the image border). Should span a few strokes "
            "or text lines."
        ),
    ),
]


SauvolaK = Annotated[
    float,
    Field(ge=0.0, le=1.0, description="Sensitivity: how far below the local mean ink must be "
          "where contrast is low (T = mean * (1 + k * (std / 128 - 1))). Typical 0.2 to 0.5."),
]


def _ink(gray: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    return gray <= threshold


@register("niblack", reference="W. Niblack, An Introduction to Digital Image Processing, 1986")
def niblack(
    image: np.ndarray,
    *,
    window: Window = 75,
    k: Annotated[
        float,
        Field(ge=-5.0, le=5.0, description="Weight of the local standard deviation: T = mean + k * std. "
              "Niblack's published value for dark text is -0.2."),
    ] = -0.2,
) -> np.ndarray:
    """Niblack's local threshold: the local mean shifted by ``k`` local standard deviations.

    ``T = m + k * s``. Fast and sensitive: it finds faint ink, but also turns
    background texture into noise wherever a window holds no text.

    A window whose grey values are all equal (``s == 0``) holds no text, so its
    centre is paper. Without this rule ``T`` equals the grey value there and every
    pixel of a flat area would tie and count as ink; Doxa (which has no such rule)
    marks those pixels as ink. Doxa's own default is ``k = +0.2``; we keep the
    published ``k = -0.2``.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    window : int
        Window size in pixels (default 75).
    k : float
        Standard-deviation weight (default -0.2).

    Returns
    -------
    ndarray of bool
        ``True`` where ``grey <= T`` (ink).

    References
    ----------
    W. Niblack, *An Introduction to Digital Image Processing*, Prentice Hall,
    Englewood Cliffs, 1986, pp. 115-116.

    Examples
    --------
    >>> page = np.full((30, 30), 200, np.uint8); page[14:16, 5:25] = 40
    >>> bool(niblack(page, window=15)[15, 15]), bool(niblack(page, window=15)[2, 2])
    (True, False)
    """
    gray = to_gray(image)
    ink = np.empty(gray.shape, bool)
    for rows, mean, std in iter_window_stats(gray, window):
        textured = std > 0
        np.multiply(std, k, out=std)
        np.add(std, mean, out=std)
        np.less_equal(gray[rows], std, out=ink[rows])
        ink[rows] &= textured
    return ink


@register("sauvola", reference="J. Sauvola, M. Pietikainen, Pattern Recognition 33(2), 2000")
def sauvola(
    image: np.ndarray,
    *,
    window: Window = 75,
    k: SauvolaK = 0.2,
) -> np.ndarray:
    """Sauvola's local threshold: the local mean lowered where the local contrast is low.

    ``T = m * (1 + k * (s / R - 1))`` with the dynamic range of the standard
    deviation ``R = 128`` for 8-bit images. Robust on stained, unevenly lit paper.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    window : int
        Window size in pixels (default 75, as in Doxa).
    k : float
        Sensitivity (default 0.2).

    Returns
    -------
    ndarray of bool
        ``True`` where ``grey <= T`` (ink).

    References
    ----------
    J. Sauvola, M. Pietikainen, "Adaptive document image binarization",
    Pattern Recognition 33(2):225-236, 2000.

    Examples
    --------
    >>> page = np.full((30, 30), 200, np.uint8); page[14:16, 5:25] = 40
    >>> int(sauvola(page, window=15).sum())
    40
    """
    gray = to_gray(image)
    ink = np.empty(gray.shape, bool)
    for rows, mean, std in iter_window_stats(gray, window):
        np.less_equal(gray[rows], _sauvola_threshold(mean, std, k), out=ink[rows])
    return ink


def _sauvola_threshold(base: np.ndarray, std: np.ndarray, k: float) -> np.ndarray:
    """``base * (1 + k * (std / 128 - 1))`` computed in place in ``std``."""
    np.multiply(std, k / 128.0, out=std)
    np.add(std, 1.0 - k, out=std)
    np.multiply(std, base, out=std)
    return std


@register("wolf", reference="C. Wolf, J.-M. Jolion, ICPR 2002 / PAA 6(4), 2003")
def wolf(
    image: np.ndarray,
    *,
    window: Window = 75,
    k: Annotated[
        float,
        Field(ge=0.0, le=1.0, description="Sensitivity: weight of the distance between the local mean "
              "and the darkest grey of the page, T = m - k * (1 - s / max_s) * (m - min)."),
    ] = 0.2,
) -> np.ndarray:
    """Wolf and Jolion's threshold: Sauvola normalised by the page's contrast.

    ``T = m - k * (1 - s / max_s) * (m - M)`` where ``max_s`` is the largest local
    standard deviation on the page and ``M`` the page's darkest grey value. Unlike
    Sauvola it adapts to low-contrast pages. A page with no contrast at all
    (``max_s == 0``) has no ink.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    window : int
        Window size in pixels (default 75, as in Doxa).
    k : float
        Sensitivity (default 0.2).

    Returns
    -------
    ndarray of bool
        ``True`` where ``grey <= T`` (ink).

    References
    ----------
    C. Wolf, J.-M. Jolion, F. Chassaing, "Text localization, enhancement and
    binarization in multimedia documents", ICPR 2002, vol. 2, pp. 1037-1040;
    C. Wolf, J.-M. Jolion, "Extraction and recognition of artificial text in
    multimedia documents", Pattern Analysis and Applications 6(4):309-326, 2003.

    Examples
    --------
    >>> page = np.full((30, 30), 200, np.uint8); page[14:16, 5:25] = 40
    >>> int(wolf(page, window=15).sum())
    40
    """
    gray = to_gray(image)
    mean, std = local_mean_std(gray, window)
    max_std = float(std.max())
    if max_std <= 0.0:
        return np.zeros(gray.shape, bool)
    darkest = float(gray.min())
    # T = m - k * (1 - s / max_s) * (m - darkest) = (m - darkest) * g + darkest
    # with g = 1 - k + (k / max_s) * s, in place
    np.multiply(std, k / max_std, out=std)
    np.add(std, 1.0 - k, out=std)
    np.subtract(mean, darkest, out=mean)
    np.multiply(mean, std, out=mean)
    np.add(mean, darkest, out=mean)
    return _ink(gray, mean)


@register("nick", reference="K. Khurshid, I. Siddiqi, C. Faure, N. Vincent, DRR XVI, SPIE 7247, 2009")
def nick(
    image: np.ndarray,
    *,
    window: Window = 75,
    k: Annotated[
        float,
        Field(ge=-1.0, le=0.0, description="Weight of sqrt(variance + mean^2): T = m + k * sqrt(s^2 + m^2). "
              "The authors recommend -0.1 to -0.2."),
    ] = -0.2,
) -> np.ndarray:
    """NICK: Niblack's threshold shifted down by the local mean itself.

    ``T = m + k * sqrt(s**2 + m**2)`` (the paper's ``sqrt((sum(p**2) - m**2) / NP)``
    written with the population variance), so light, flat background stays paper.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    window : int
        Window size in pixels (default 75).
    k : float
        Weight, -0.1 to -0.2 in the paper (default -0.2).

    Returns
    -------
    ndarray of bool
        ``True`` where ``grey <= T`` (ink).

    References
    ----------
    K. Khurshid, I. Siddiqi, C. Faure, N. Vincent, "Comparison of Niblack inspired
    binarization methods for ancient documents", Document Recognition and
    Retrieval XVI, Proc. SPIE 7247, 72470U, 2009.

    Examples
    --------
    >>> page = np.full((30, 30), 200, np.uint8); page[14:16, 5:25] = 40
    >>> int(nick(page, window=15).sum())
    40
    """
    gray = to_gray(image)
    # s**2 + m**2 is the window's mean of I**2
    mean_sq = local_square_sum(gray, window)
    divide_by_counts(mean_sq, window, out=mean_sq)
    np.sqrt(mean_sq, out=mean_sq)
    np.multiply(mean_sq, k, out=mean_sq)
    np.add(mean_sq, local_mean(gray, window), out=mean_sq)
    return _ink(gray, mean_sq)


@register("phansalkar", reference="N. Phansalkar, S. More, A. Sabale, M. Joshi, ICCSP 2011")
def phansalkar(
    image: np.ndarray,
    *,
    window: Window = 75,
    k: Annotated[
        float,
        Field(ge=0.0, le=1.0, description="Sauvola-like sensitivity k in T = m * (1 + p * exp(-q * m) + k * (s / 128 - 1))."),
    ] = 0.2,
    p: Annotated[
        float, Field(ge=0.0, le=10.0, description="Weight p of the exponential term that raises T on dark windows.")
    ] = 3.0,
    q: Annotated[
        float,
        Field(gt=0.0, le=100.0, description="Decay q of the exponential term, for a mean normalised to [0, 1]."),
    ] = 10.0,
) -> np.ndarray:
    """Phansalkar's threshold: Sauvola with a boost for dark, low-contrast windows.

    ``T = m * (1 + p * exp(-q * m / 255) + k * (s / 128 - 1))`` (the paper's formula
    on grey values normalised to [0, 1], rescaled to 8 bits as Doxa does). Defaults
    are Doxa's (k 0.2, p 3, q 10); the paper uses k 0.25, p 2, q 10.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    window : int
        Window size in pixels (default 75).
    k, p, q : float
        The method's constants (defaults 0.2, 3, 10).

    Returns
    -------
    ndarray of bool
        ``True`` where ``grey <= T`` (ink).

    References
    ----------
    N. Phansalkar, S. More, A. Sabale, M. Joshi, "Adaptive local thresholding for
    detection of nuclei in diversity stained cytology images", International
    Conference on Communications and Signal Processing (ICCSP), 2011, pp. 218-220.

    Examples
    --------
    >>> page = np.full((30, 30), 200, np.uint8); page[14:16, 5:25] = 40
    >>> int(phansalkar(page, window=15).sum())
    40
    """
    gray = to_gray(image)
    ink = np.empty(gray.shape, bool)
    for rows, mean, std in iter_window_stats(gray, window):
        # mean * (1 + p * exp(-q / 255 * mean) + k * (std / 128 - 1)), operation for operation
        boost = np.multiply(-q / 255.0, mean)
        np.exp(boost, out=boost)
        np.multiply(p, boost, out=boost)
        np.add(1.0, boost, out=boost)
        np.divide(std, 128.0, out=std)
        np.subtract(std, 1.0, out=std)
        np.multiply(k, std, out=std)
        np.add(boost, std, out=boost)
        np.multiply(mean, boost, out=boost)
        np.less_equal(gray[rows], boost, out=ink[rows])
    return ink


@register("trsingh", reference="T. R. Singh, S. Roy, O. I. Singh, T. Sinam, K. M. Singh, IJCSI 8(6), 2011")
def trsingh(
    image: np.ndarray,
    *,
    window: Window = 75,
    k: Annotated[
        float,
        Field(ge=0.0, le=1.0, description="Sensitivity k in T = m * (1 + k * (d / (255 - d) - 1)), d = |grey - m|."),
    ] = 0.2,
) -> np.ndarray:
    """T. R. Singh's threshold: Sauvola with the mean deviation in place of the std.

    ``T = m * (1 + k * (d / (255 - d) - 1))`` with ``d = |I - m|`` the pixel's
    deviation from the local mean (clamped to 254, as Doxa does), so it needs
    only the local mean.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    window : int
        Window size in pixels (default 75).
    k : float
        Sensitivity (default 0.2).

    Returns
    -------
    ndarray of bool
        ``True`` where ``grey <= T`` (ink).

    References
    ----------
    T. R. Singh, S. Roy, O. I. Singh, T. Sinam, K. M. Singh, "A new local adaptive
    thresholding technique in binarization", IJCSI International Journal of
    Computer Science Issues 8(6):271-277, 2011.

    Examples
    --------
    >>> page = np.full((30, 30), 200, np.uint8); page[14:16, 5:25] = 40
    >>> int(trsingh(page, window=15).sum())
    40
    """
    gray = to_gray(image)
    mean = local_mean(gray, window)
    ink = np.empty(gray.shape, bool)
    step = max(1, (1 << 16) // max(1, gray.shape[1]))  # temporaries stay in cache
    for top in range(0, gray.shape[0], step):
        rows = slice(top, top + step)
        m = mean[rows]
        dev = np.subtract(gray[rows], m, dtype=np.float32)
        np.abs(dev, out=dev)
        np.minimum(dev, 254.0, out=dev)
        # T = m * (1 + k * (d / (255 - d) - 1)), in place in dev
        np.divide(dev, np.subtract(255.0, dev, dtype=np.float32), out=dev)
        np.multiply(dev, k, out=dev)
        np.add(dev, 1.0 - k, out=dev)
        np.multiply(dev, m, out=dev)
        np.less_equal(gray[rows], dev, out=ink[rows])
    return ink


@register("wan", reference="W. A. Mustafa, M. M. M. Abdul Kader, J. Phys.: Conf. Ser. 1019, 2018")
def wan(
    image: np.ndarray,
    *,
    window: Window = 75,
    k: Annotated[
        float,
        Field(ge=0.0, le=1.0, description="Sensitivity k in T = ((max + m) / 2) * (1 + k * (s / 128 - 1))."),
    ] = 0.2,
) -> np.ndarray:
    """WAN: Sauvola with the mean replaced by the midpoint of the local mean and maximum.

    ``T = ((max + m) / 2) * (1 + k * (s / 128 - 1))``: raising the base towards the
    local maximum keeps faint strokes that Sauvola loses.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    window : int
        Window size in pixels (default 75).
    k : float
        Sensitivity (default 0.2).

    Returns
    -------
    ndarray of bool
        ``True`` where ``grey <= T`` (ink).

    References
    ----------
    W. A. Mustafa, M. M. M. Abdul Kader, "Binarization of document image using
    optimum threshold modification", Journal of Physics: Conference Series
    1019, 012022, 2018.

    Examples
    --------
    >>> page = np.full((30, 30), 200, np.uint8); page[14:16, 5:25] = 40
    >>> int(wan(page, window=15).sum())
    40
    """
    gray = to_gray(image)
    _, high = local_min_max(gray, window)
    ink = np.empty(gray.shape, bool)
    for rows, mean, std in iter_window_stats(gray, window):
        np.add(mean, high[rows], out=mean)
        np.multiply(mean, 0.5, out=mean)
        np.less_equal(gray[rows], _sauvola_threshold(mean, std, k), out=ink[rows])
    return ink


@register("bradley", reference="D. Bradley, G. Roth, Journal of Graphics Tools 12(2), 2007")
def bradley(
    image: np.ndarray,
    *,
    window: Annotated[
        int,
        Field(ge=0, le=4001, description="Side of the square window in pixels; 0 (the default) uses one "
              "eighth of the image width, as in the paper. Other values must be at least 3."),
        AfterValidator(zero_or_at_least_3),
    ] = 0,
    t: Annotated[
        float,
        Field(ge=0.0, lt=100.0, description="How many percent darker than the local mean a pixel must be "
              "to be ink: T = mean * (100 - t) / 100."),
    ] = 15.0,
) -> np.ndarray:
    """Bradley and Roth's threshold: a fixed percentage below the local mean.

    ``T = m * (100 - t) / 100`` (Wellner's rule with a centred window mean from an
    integral image). Cheap and good on evenly printed pages; no contrast term.

    Parameters
    ----------
    image : ndarray
        Grey or colour image.
    window : int
        Window size in pixels (default 0: ``max(3, width // 8)``).
    t : float
        Percentage (default 15).

    Returns
    -------
    ndarray of bool
        ``True`` where ``grey <= T`` (ink).

    References
    ----------
    D. Bradley, G. Roth, "Adaptive thresholding using the integral image",
    Journal of Graphics Tools 12(2):13-21, 2007.

    Examples
    --------
    >>> page = np.full((30, 30), 200, np.uint8); page[14:16, 5:25] = 40
    >>> int(bradley(page, window=15).sum())
    40
    """
    gray = to_gray(image)
    if window == 0:
        window = max(3, gray.shape[1] // 8)
    mean = local_mean(gray, window)
    np.multiply(mean, (100.0 - t) / 100.0, out=mean)
    return _ink(gray, mean)
