"""Bringing any supported array to the 8-bit grey image the methods work on."""

from __future__ import annotations

import cv2
import numpy as np

from .errors import InvalidImageError


def validate_image(image: np.ndarray) -> np.ndarray:
    """Check that ``image`` is a 2-D grey or 3-D RGB/RGBA array of a supported dtype."""
    if not isinstance(image, np.ndarray):
        raise InvalidImageError(f"expected a numpy array, got {type(image).__name__}")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise InvalidImageError(f"expected shape (H, W), (H, W, 3) or (H, W, 4), got {image.shape}")
    if image.shape[0] < 1 or image.shape[1] < 1:
        raise InvalidImageError(f"image is empty: shape {image.shape}")
    if image.dtype == bool:
        return image.astype(np.uint8) * 255
    if image.dtype not in (np.uint8, np.uint16) and image.dtype.kind != "f":
        raise InvalidImageError(f"unsupported dtype {image.dtype} (use uint8, uint16 or float in [0, 1])")
    if image.dtype.kind == "f" and not np.isfinite(image).all():
        raise InvalidImageError("image contains NaN or infinite values")
    return image


def to_uint8(image: np.ndarray) -> np.ndarray:
    """Scale uint16 or float [0, 1] pixel values to uint8, keeping channels."""
    if image.dtype == np.uint8:
        return image
    if image.dtype == np.uint16:
        return (image >> 8).astype(np.uint8)
    return np.clip(np.rint(image * 255.0), 0, 255).astype(np.uint8)


def to_rgb(image: np.ndarray) -> np.ndarray:
    """``(H, W, 3)`` uint8 RGB; alpha is composited on white paper."""
    rgb = to_uint8(validate_image(image))
    if rgb.ndim == 2:
        return cv2.cvtColor(rgb, cv2.COLOR_GRAY2RGB)
    if rgb.shape[2] == 4:
        alpha = rgb[:, :, 3:4].astype(np.float32) / 255.0
        blended = rgb[:, :, :3].astype(np.float32) * alpha + 255.0 * (1.0 - alpha)
        return np.rint(blended).astype(np.uint8)
    return np.ascontiguousarray(rgb)


def to_gray(image: np.ndarray) -> np.ndarray:
    """``(H, W)`` uint8 grey (ITU-R BT.601 luma for colour input)."""
    image = validate_image(image)
    if image.ndim == 2:
        return np.ascontiguousarray(to_uint8(image))
    return cv2.cvtColor(to_rgb(image), cv2.COLOR_RGB2GRAY)


def shrink(image: np.ndarray, factor: int) -> np.ndarray:
    """Average ``factor`` x ``factor`` blocks (any dtype, grey or colour).

    The last rows and columns that do not fill a block (fewer than ``factor``) are
    left out: with an exact integer ratio OpenCV's area resampling takes its fast
    path, three to eight times quicker than for a fractional one.

    Examples
    --------
    >>> shrink(np.arange(16, dtype=np.float32).reshape(4, 4), 2).tolist()
    [[2.5, 4.5], [10.5, 12.5]]
    """
    if factor <= 1:
        return image
    height, width = image.shape[0] // factor, image.shape[1] // factor
    if height == 0 or width == 0:
        return cv2.resize(image, (max(1, width), max(1, height)), interpolation=cv2.INTER_AREA)
    cropped = image[: height * factor, : width * factor]
    return cv2.resize(cropped, (width, height), interpolation=cv2.INTER_AREA)
