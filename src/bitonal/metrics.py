"""DIBCO evaluation metrics for binary document images.

Kept apart from the algorithms: nothing here binarizes, everything here compares.

Convention, as everywhere in bitonal: a mask is a 2-D ``bool`` array in which
``True`` marks **ink**. Ground-truth files of the DIBCO contests draw ink black (0);
:func:`gt_to_mask` turns such an image into a mask.

Metrics (the ones the DIBCO / H-DIBCO contests report):

* :func:`f_measure` -- F-measure (FM), in percent.
* :func:`pseudo_f_measure` -- pseudo-F-measure (p-FM) as defined for H-DIBCO 2010:
  recall measured on the skeleton of the ground truth, ordinary precision.
* :func:`weighted_pseudo_f_measure` -- the weighted p-FM of DIBCO 2013 on
  (Ntirogiannis et al., IEEE TIP 2013): weighted pseudo-recall and pseudo-precision.
* :func:`psnr` -- peak signal-to-noise ratio, in dB.
* :func:`drd` -- distance-reciprocal distortion (Lu et al. 2004).
* :func:`evaluate` -- all of them at once, as a :class:`Scores`.

FM and PSNR agree with ``doxapy.calculate_performance`` (Doxa 0.9.2) to well under
1e-3 on the DIBCO pages, and so does DRD with ``blocks="doxa"`` (see :func:`drd`
for the one place where Doxa departs from the paper, and ``tests/test_metrics.py``).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Literal

import cv2
import numpy as np

__all__ = [
    "DRD_BLOCKS",
    "DRD_WEIGHTS",
    "Scores",
    "counts",
    "drd",
    "evaluate",
    "f_measure",
    "gt_to_mask",
    "nubn",
    "pseudo_f_measure",
    "pseudo_weights",
    "psnr",
    "skeletonize",
    "weighted_pseudo_f_measure",
]


def _drd_weights(n: int = 5) -> np.ndarray:
    c = n // 2
    i, j = np.mgrid[0:n, 0:n]
    dist = np.hypot(i - c, j - c)
    w = np.zeros((n, n), np.float64)
    w[dist > 0] = 1.0 / dist[dist > 0]
    return w / w.sum()


#: The 5x5 normalised weight matrix of DRD: reciprocal distance to the centre,
#: centre 0, summing to 1 (Lu et al. 2004).
DRD_WEIGHTS: np.ndarray = _drd_weights(5)


@dataclass(frozen=True)
class Scores:
    """The DIBCO scores of one prediction against one ground truth.

    Attributes
    ----------
    fm : float
        F-measure in percent (higher is better).
    pfm : float
        Pseudo-F-measure in percent, H-DIBCO 2010 definition (higher is better).
    psnr : float
        PSNR in dB (higher is better); ``inf`` for a perfect prediction.
    drd : float
        Distance-reciprocal distortion (lower is better); 0 for a perfect prediction.
    pfm_w : float
        Weighted pseudo-F-measure in percent, DIBCO 2013 definition (higher is
        better); ``nan`` if not computed. Left out of ``==`` so that scores built
        without it still compare by the four classic ones.
    """

    fm: float
    pfm: float
    psnr: float
    drd: float
    pfm_w: float = field(default=math.nan, compare=False)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def gt_to_mask(gt: np.ndarray, threshold: int = 128) -> np.ndarray:
    """Turn a ground-truth image in which **black is ink** into a mask (``True`` = ink).

    Parameters
    ----------
    gt : ndarray
        ``(H, W)`` grey, ``(H, W, 3|4)`` colour, or ``bool`` image (a bool image is
        taken as Pillow reads a 1-bit file: ``True`` = white = background).
    threshold : int
        Grey levels below it are ink (for 8-bit input; scaled for uint16 / float).

    Returns
    -------
    ndarray of bool
        ``True`` where the ground truth has ink.

    Examples
    --------
    >>> gt_to_mask(np.array([[0, 255], [255, 0]], np.uint8)).tolist()
    [[True, False], [False, True]]
    """
    gt = np.asarray(gt)
    if gt.dtype == bool:
        return ~gt if gt.ndim == 2 else ~gt[..., 0]
    if gt.ndim == 3:
        gt = gt[..., :3].min(axis=2) if gt.shape[2] >= 3 else gt[..., 0]
    if gt.ndim != 2:
        raise ValueError(f"expected a 2-D ground-truth image, got shape {gt.shape}")
    if gt.dtype == np.uint16:
        return gt < threshold * 257
    if gt.dtype.kind == "f":
        return gt < threshold / 255.0
    return gt < threshold


def _check(pred: np.ndarray, gt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pred = np.asarray(pred)
    gt = np.asarray(gt)
    if pred.dtype != bool or gt.dtype != bool:
        raise TypeError(f"expected bool masks (True = ink), got {pred.dtype} and {gt.dtype}")
    if pred.shape != gt.shape or pred.ndim != 2:
        raise ValueError(f"prediction {pred.shape} and ground truth {gt.shape} must be 2-D of the same shape")
    return pred, gt


def counts(pred: np.ndarray, gt: np.ndarray) -> tuple[int, int, int, int]:
    """True positives, false positives, false negatives, true negatives (ink = positive)."""
    pred, gt = _check(pred, gt)
    tp = int(np.count_nonzero(pred & gt))
    fp = int(np.count_nonzero(pred & ~gt))
    fn = int(np.count_nonzero(~pred & gt))
    return tp, fp, fn, pred.size - tp - fp - fn


def _f(precision: float, recall: float) -> float:
    if precision + recall == 0:
        return 0.0
    return 100.0 * 2.0 * precision * recall / (precision + recall)


def f_measure(pred: np.ndarray, gt: np.ndarray) -> float:
    """F-measure: harmonic mean of precision and recall of the ink pixels, in percent.

    Parameters
    ----------
    pred, gt : ndarray of bool
        Prediction and ground truth, ``True`` = ink, same shape.

    Returns
    -------
    float
        ``100 * 2 P R / (P + R)`` with ``P = TP / (TP + FP)``, ``R = TP / (TP + FN)``;
        0 when there is no true positive (Doxa's convention).

    References
    ----------
    B. Gatos, K. Ntirogiannis, I. Pratikakis, "ICDAR 2009 Document Image Binarization
    Contest (DIBCO 2009)", ICDAR 2009, pp. 1375-1382.

    Examples
    --------
    >>> gt = np.zeros((4, 4), bool); gt[1:3, 1:3] = True
    >>> f_measure(gt, gt)
    100.0
    """
    tp, fp, fn, _ = counts(pred, gt)
    if tp == 0:
        return 0.0
    return _f(tp / (tp + fp), tp / (tp + fn))


def psnr(pred: np.ndarray, gt: np.ndarray) -> float:
    """Peak signal-to-noise ratio between two binary images, in dB.

    Parameters
    ----------
    pred, gt : ndarray of bool
        Prediction and ground truth, same shape.

    Returns
    -------
    float
        ``10 log10(C^2 / MSE)`` with ``C = 1`` (the difference between ink and paper)
        and ``MSE`` the fraction of pixels that differ; ``inf`` when none differ.

    References
    ----------
    B. Gatos, K. Ntirogiannis, I. Pratikakis, "ICDAR 2009 Document Image Binarization
    Contest (DIBCO 2009)", ICDAR 2009.

    Examples
    --------
    >>> a = np.zeros((10, 10), bool); b = a.copy(); b[0, 0] = True
    >>> psnr(a, b)
    20.0
    """
    pred, gt = _check(pred, gt)
    wrong = np.count_nonzero(pred != gt)
    if wrong == 0:
        return math.inf
    return 10.0 * math.log10(pred.size / wrong)


# -- skeleton ---------------------------------------------------------------------------

# Neighbour order of Zhang & Suen: P2 (north) clockwise to P9 (north-west).
_OFFSETS = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))


def _zhang_suen_luts() -> tuple[np.ndarray, np.ndarray]:
    """Deletion look-up tables of the two Zhang-Suen sub-iterations, indexed by the
    8-bit neighbourhood code (bit k set = neighbour P(k+2) is ink)."""
    codes = np.arange(256)
    bits = (codes[:, None] >> np.arange(8)) & 1  # P2..P9
    b = bits.sum(axis=1)
    a = ((bits == 0) & (np.roll(bits, -1, axis=1) == 1)).sum(axis=1)  # 0->1 transitions, cyclic
    p2, p4, p6, p8 = bits[:, 0], bits[:, 2], bits[:, 4], bits[:, 6]
    base = (b >= 2) & (b <= 6) & (a == 1)
    first = base & (p2 * p4 * p6 == 0) & (p4 * p6 * p8 == 0)
    second = base & (p2 * p4 * p8 == 0) & (p2 * p6 * p8 == 0)
    return first, second


_ZS_FIRST, _ZS_SECOND = _zhang_suen_luts()


def _neighbour_code(img: np.ndarray) -> np.ndarray:
    padded = np.pad(img, 1)
    h, w = img.shape
    code = np.zeros((h, w), np.uint8)
    for k, (dy, dx) in enumerate(_OFFSETS):
        code |= padded[1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w].astype(np.uint8) << k
    return code


def skeletonize(mask: np.ndarray) -> np.ndarray:
    """One-pixel-wide skeleton of a binary mask by Zhang-Suen parallel thinning.

    Vectorised: each sub-iteration computes every pixel's 8-neighbour code with
    shifted arrays and deletes, all at once, the pixels a look-up table marks.
    Pixels outside the image count as background. Plain Zhang-Suen keeps a few
    2-pixel-thick staircases on diagonal strokes (on DIBCO ground truth about 20 %
    more pixels than ``skimage.morphology.skeletonize``, which prunes them); the
    p-FM this gives differs from one computed on scikit-image's skeleton by about
    0.1 point.

    Parameters
    ----------
    mask : ndarray of bool
        ``True`` = ink.

    Returns
    -------
    ndarray of bool
        The skeleton, a subset of ``mask``.

    References
    ----------
    T. Y. Zhang, C. Y. Suen, "A fast parallel algorithm for thinning digital
    patterns", Communications of the ACM 27(3):236-239, 1984.

    Examples
    --------
    >>> m = np.zeros((7, 9), bool); m[2:5, 1:8] = True
    >>> int(skeletonize(m).sum(axis=0).max())
    1
    """
    mask = np.asarray(mask, bool)
    if not mask.any():
        return mask.copy()
    ys, xs = np.nonzero(mask)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    img = mask[y0:y1, x0:x1].copy()
    while True:
        changed = False
        for lut in (_ZS_FIRST, _ZS_SECOND):
            delete = img & lut[_neighbour_code(img)]
            if delete.any():
                img &= ~delete
                changed = True
        if not changed:
            break
    out = np.zeros_like(mask)
    out[y0:y1, x0:x1] = img
    return out


def pseudo_f_measure(pred: np.ndarray, gt: np.ndarray, skeleton: np.ndarray | None = None) -> float:
    """Pseudo-F-measure of H-DIBCO 2010, in percent.

    Pseudo-recall is the fraction of the ground truth's **skeleton** pixels that the
    prediction marks as ink (so a stroke found at any width counts as found);
    precision is the ordinary pixel precision. p-FM is their harmonic mean.

    This is the H-DIBCO 2010 definition, *not* the weighted pseudo-recall /
    pseudo-precision of Ntirogiannis et al. (IEEE TIP 2013) used from DIBCO 2013 on;
    numbers are comparable with papers that use the 2010 p-FM only. The skeleton is
    Zhang-Suen thinning (:func:`skeletonize`); the contest tool's skeleton
    (MATLAB ``bwmorph``) may differ by a few pixels at stroke ends and junctions.

    Parameters
    ----------
    pred, gt : ndarray of bool
        Prediction and ground truth, ``True`` = ink.
    skeleton : ndarray of bool, optional
        The ground truth's skeleton, if already computed.

    Returns
    -------
    float
        p-FM in percent; 0 when nothing is found.

    References
    ----------
    I. Pratikakis, B. Gatos, K. Ntirogiannis, "H-DIBCO 2010 - Handwritten Document
    Image Binarization Competition", ICFHR 2010, pp. 727-732.

    Examples
    --------
    >>> gt = np.zeros((7, 9), bool); gt[2:5, 1:8] = True
    >>> thin = skeletonize(gt)
    >>> round(pseudo_f_measure(thin, gt), 1)  # all of the skeleton, perfect precision
    100.0
    """
    pred, gt = _check(pred, gt)
    skel = skeletonize(gt) if skeleton is None else np.asarray(skeleton, bool)
    n_skel = int(np.count_nonzero(skel))
    tp = int(np.count_nonzero(pred & gt))
    n_pred = int(np.count_nonzero(pred))
    if n_skel == 0 or n_pred == 0 or tp == 0:
        return 0.0
    precision = tp / n_pred
    pseudo_recall = np.count_nonzero(pred & skel) / n_skel
    return _f(precision, pseudo_recall)


# -- weighted pseudo-F-measure (DIBCO 2013 on) ------------------------------------------


def _nearest_seed(seeds: np.ndarray) -> np.ndarray:
    """Flat index of the nearest ``True`` pixel of ``seeds`` (Euclidean, 5x5 mask)
    for every pixel, from one ``cv2.distanceTransformWithLabels`` call."""
    _, labels = cv2.distanceTransformWithLabels(
        (~seeds).astype(np.uint8), cv2.DIST_L2, 5, labelType=cv2.DIST_LABEL_PIXEL
    )
    # DIST_LABEL_PIXEL numbers the seed pixels 1, 2, ... in raster order.
    return np.flatnonzero(seeds)[labels.ravel() - 1].reshape(seeds.shape)


def pseudo_weights(gt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two weight maps of the weighted pseudo-metrics of Ntirogiannis et al. 2013.

    Returns ``(gw, pw)``: ``gw`` the pseudo-recall weight of every ground-truth ink
    pixel (0 on the paper), ``pw`` the pseudo-precision weight of every background
    pixel (1 on the ink and far from it). See :func:`weighted_pseudo_f_measure` for
    the definition and where it departs from the contest tool.
    """
    gt = np.asarray(gt, bool)
    if not gt.any():
        return np.zeros(gt.shape), np.ones(gt.shape)
    ink = gt.astype(np.uint8)
    n_cc, cc = cv2.connectedComponents(ink, connectivity=8)
    # Chessboard distance of an ink pixel to the nearest paper pixel (frame = paper);
    # the contour (ink touching paper) is at 1, so D = dist - 1 is the distance from
    # the contour, 0 on it, as in the paper's Eq. 2.
    inside = cv2.distanceTransform(np.pad(ink, 1), cv2.DIST_C, 3)[1:-1, 1:-1]
    skel = skeletonize(gt)
    # Every component gets a skeleton pixel: its deepest pixel if thinning ate it all.
    has = np.zeros(n_cc, bool)
    has[cc[skel]] = True
    missing = np.flatnonzero(~has[1:]) + 1
    if missing.size:
        flat = np.lexsort((-inside.ravel(), cc.ravel()))  # by component, deepest first
        first = np.searchsorted(cc.ravel()[flat], missing)
        skel.ravel()[flat[first]] = True
    d = np.maximum(inside - 1.0, 0.0)
    d[skel] = np.maximum(d[skel], 1.0)  # a 1-2 pixel stroke still weighs on its skeleton
    d[~gt] = 0.0
    # Recall: each skeleton pixel owns the ink pixels nearest to it (its slice of the
    # stroke, the cross-section normal to the skeleton); D is normalised by its sum
    # over that slice (Normalization type I, Eq. 3), so every slice weighs 1 whatever
    # the stroke width, and the weight of a slice peaks on the medial axis.
    owner = _nearest_seed(skel)
    nr = np.bincount(owner[gt], weights=d[gt], minlength=gt.size)
    gw = np.zeros(gt.shape)
    gw[gt] = d[gt] / nr[owner[gt]]
    # Precision: a background pixel at chessboard distance D from the ink, within the
    # reach of its nearest component's stroke width SW (the Gsw_bg region), weighs
    # 1 + D / SW (Eq. 10 with NP = SW, Eq. 11): a false positive that only thickens a
    # stroke costs about 1, one that fills the space between strokes more; beyond the
    # reach PW = 1.
    width = 2.0 * inside[skel] - 1.0  # local stroke width on the skeleton
    sw = np.bincount(cc[skel], weights=width, minlength=n_cc) / np.maximum(
        np.bincount(cc[skel], minlength=n_cc), 1
    )
    sw = np.maximum(np.rint(sw), 1.0)
    outside = cv2.distanceTransform((~gt).astype(np.uint8), cv2.DIST_C, 3)
    near_cc = cc.ravel()[_nearest_seed(gt)]
    reach = sw[near_cc]
    pw = np.ones(gt.shape)
    region = ~gt & (outside <= reach)
    pw[region] += np.minimum(outside[region] / reach[region], 2.0)
    return gw, pw


def weighted_pseudo_f_measure(pred: np.ndarray, gt: np.ndarray) -> float:
    """Weighted pseudo-F-measure (p-FM) of DIBCO 2013 and later contests, in percent.

    Harmonic mean of the weighted pseudo-recall and pseudo-precision of Ntirogiannis,
    Gatos and Pratikakis (2013):

    * pseudo-recall ``Rps = sum(B * GW) / sum(GW)``: ``GW`` weights each ground-truth
      ink pixel by its distance ``D`` from the stroke contour (0 on the contour),
      normalised so that every cross-section of a stroke (the slice owned by one
      skeleton pixel) sums to 1. Missing a thin stroke therefore costs as much as
      missing a thick one of the same length, and missing a thick stroke's border
      costs little.
    * pseudo-precision ``Pps = sum(G * B * PW) / sum(B * PW)``: ``PW`` is 1 on the
      ink and on the background out of reach of the text, and ``1 + D / SW`` (so at
      most 2) on the background within one stroke width ``SW`` of a component, ``D``
      the chessboard distance from the ink: a false positive that thickens a stroke
      costs about 1, one that fills the space between strokes up to 2.

    ``B`` is the prediction, ``G`` the ground truth (1 = ink).

    This is a vectorised re-implementation of the definition, not of the contest's
    tool (``BinEvalWeights`` / ``DIBCO_metrics``, reproduced bit-exactly by Doxa's
    ``PseudoWeights.hpp``), and departs from it in these ways: the skeleton is
    Zhang-Suen (no Lee-Chen post-pass); a cross-section is the Voronoi cell of a
    skeleton pixel (Euclidean nearest skeleton pixel, which may belong to a
    neighbouring component) rather than the tool's ring scan; the background
    normalisation ``NP`` is the stroke width of the nearest component only (the
    paper's ``min(Gc_sw, Gsw_bg)`` also uses the gap between components, which
    can raise ``PW`` to 3 where components nearly merge). Expect numbers close to,
    not equal to, published DIBCO p-FM. ``doxapy`` 0.9.2 does not expose p-FM, so
    the tests check the definition's properties rather than agreement with it.

    Parameters
    ----------
    pred, gt : ndarray of bool
        Prediction and ground truth, ``True`` = ink.

    Returns
    -------
    float
        Weighted p-FM in percent, in [0, 100]; 0 when nothing is found.

    References
    ----------
    K. Ntirogiannis, B. Gatos, I. Pratikakis, "Performance evaluation methodology for
    historical document image binarization", IEEE Transactions on Image Processing
    22(2):595-609, 2013.

    Examples
    --------
    >>> gt = np.zeros((9, 12), bool); gt[2:7, 2:10] = True
    >>> weighted_pseudo_f_measure(gt, gt)
    100.0
    """
    pred, gt = _check(pred, gt)
    if not gt.any() or not (pred & gt).any():
        return 0.0
    gw, pw = pseudo_weights(gt)
    recall = float(gw[pred].sum() / gw.sum())
    precision = float(np.count_nonzero(pred & gt) / pw[pred].sum())
    return _f(precision, recall)


DrdBlocks = Literal["full", "doxa"]
DRD_BLOCKS: tuple[str, ...] = ("full", "doxa")


def drd(pred: np.ndarray, gt: np.ndarray, block: int = 8, blocks: DrdBlocks = "full") -> float:
    """Distance-reciprocal distortion (DRD) of a binary prediction.

    For every flipped pixel *k* (prediction differs from ground truth),
    ``DRD_k = sum(W * |GT_window - pred_k|)`` over the 5x5 ground-truth window
    centred on *k*, with ``W`` = :data:`DRD_WEIGHTS`; pixels outside the image do not
    count. ``DRD = sum_k DRD_k / NUBN``, where NUBN is the number of 8x8 blocks of
    the ground truth that hold both ink and paper. Computed with two convolutions
    (one of the ink mask, one of the paper mask), no per-pixel loop.

    Blocks: the image is tiled from the top-left corner with ``floor(H/8) x
    floor(W/8)`` whole blocks (a partial block at the right or bottom edge is not
    counted), as in Doxa. With ``blocks="full"`` (the default, Lu et al.'s
    definition) a block is non-uniform if any of its 64 pixels differ. Doxa 0.9.2
    (``doxapy.calculate_performance``, used for the reference table of
    ``shared/data/README.md``) only inspects the top-left 7x7 pixels of each block
    (its block region is inclusive, its loop exclusive), so it counts fewer
    non-uniform blocks and reports a larger DRD; ``blocks="doxa"`` reproduces it
    exactly, except that Doxa 0.9.2 also overflows: it divides by
    ``unsigned int NUBN * 1000000``, which wraps past 2**32 when NUBN > 4294, and
    then reports a DRD several times too large (8 of the 75 DIBCO pages). We do not
    reproduce that wrap. Compare DRD numbers only when they use the same ``blocks``.

    Parameters
    ----------
    pred, gt : ndarray of bool
        Prediction and ground truth, ``True`` = ink.
    block : int
        Block size for NUBN (8 in the paper and the contests).
    blocks : {"full", "doxa"}
        How NUBN inspects a block: all of it (paper) or as Doxa 0.9.2 does.

    Returns
    -------
    float
        DRD, 0 for a perfect prediction (lower is better). ``inf`` if the ground
        truth has no non-uniform block while the prediction has errors.

    References
    ----------
    H. Lu, A. C. Kot, Y. Q. Shi, "Distance-reciprocal distortion measure for binary
    document images", IEEE Signal Processing Letters 11(2):228-231, 2004.

    Examples
    --------
    >>> gt = np.zeros((16, 16), bool); gt[4:12, 4:12] = True
    >>> drd(gt, gt)
    0.0
    """
    pred, gt = _check(pred, gt)
    wrong = pred != gt
    if not wrong.any():
        return 0.0
    kernel = DRD_WEIGHTS.astype(np.float64)
    border = cv2.BORDER_CONSTANT
    # For a false positive (pred = ink) the distortion is the weight of the paper
    # around it in the GT; for a false negative, the weight of the ink around it.
    paper_w = cv2.filter2D((~gt).astype(np.float64), -1, kernel, borderType=border)
    ink_w = cv2.filter2D(gt.astype(np.float64), -1, kernel, borderType=border)
    total = float(paper_w[wrong & pred].sum() + ink_w[wrong & ~pred].sum())
    n = nubn(gt, block, blocks)
    if n == 0:
        return math.inf
    return total / n


def nubn(gt: np.ndarray, block: int = 8, blocks: DrdBlocks = "full") -> int:
    """Number of ``block x block`` tiles of ``gt`` (whole tiles from the top-left) that
    hold both ink and paper; ``blocks="doxa"`` looks only at each tile's top-left
    ``(block-1) x (block-1)`` pixels, as Doxa 0.9.2 does (see :func:`drd`)."""
    if blocks not in DRD_BLOCKS:
        raise ValueError(f"blocks must be one of {', '.join(DRD_BLOCKS)}, got {blocks!r}")
    h, w = gt.shape
    rows, cols = h // block, w // block
    if rows == 0 or cols == 0:
        return 0
    tiles = gt[: rows * block, : cols * block].reshape(rows, block, cols, block)
    seen = block if blocks == "full" else block - 1
    ink = tiles[:, :seen, :, :seen].sum(axis=(1, 3), dtype=np.int64)
    return int(np.count_nonzero((ink > 0) & (ink < seen * seen)))


def evaluate(pred: np.ndarray, gt: np.ndarray, drd_blocks: DrdBlocks = "full") -> Scores:
    """All the DIBCO scores of ``pred`` against ``gt`` (both bool, ``True`` = ink).

    ``drd_blocks`` is passed to :func:`drd` (``"doxa"`` to reproduce doxapy's DRD).

    Examples
    --------
    >>> gt = np.zeros((16, 16), bool); gt[4:12, 6:9] = True
    >>> s = evaluate(gt, gt)
    >>> (s.fm, s.pfm, s.psnr, s.drd)
    (100.0, 100.0, inf, 0.0)
    """
    pred, gt = _check(pred, gt)
    return Scores(
        fm=f_measure(pred, gt),
        pfm=pseudo_f_measure(pred, gt),
        psnr=psnr(pred, gt),
        drd=drd(pred, gt, blocks=drd_blocks),
        pfm_w=weighted_pseudo_f_measure(pred, gt),
    )
