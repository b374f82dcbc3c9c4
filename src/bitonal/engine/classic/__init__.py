"""The classic binarization methods, one module per family."""

from . import global_threshold  # noqa: F401
