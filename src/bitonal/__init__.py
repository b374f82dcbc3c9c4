"""bitonal: document image binarization for OCR."""

from importlib.metadata import PackageNotFoundError, version

from .engine import BitonalError, binarize, get_method, methods

try:
    __version__ = version("bitonal")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["BitonalError", "__version__", "binarize", "get_method", "methods"]
