"""bitonal: document image binarization for OCR.

The engine's names are imported on first use, so that ``import bitonal.cli`` (and
``bitonal --help``) does not pay for numpy and OpenCV.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import BitonalError, binarize, get_method, methods

    __version__: str

__all__ = ["BitonalError", "__version__", "binarize", "get_method", "methods"]
_ENGINE_NAMES = frozenset(__all__) - {"__version__"}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bitonal")
    except PackageNotFoundError:  # running from a source tree without install
        return "0.0.0"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    if name in _ENGINE_NAMES:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'bitonal' has no attribute '{name}'")
