"""Errors raised by the engine. Each one names the problem in words a user can act on."""


class BitonalError(ValueError):
    """Base class of every error bitonal raises on bad input."""


class UnknownMethodError(BitonalError):
    """The requested binarization method does not exist."""


class InvalidParameterError(BitonalError):
    """A method parameter is unknown, of the wrong type or out of range."""


class InvalidImageError(BitonalError):
    """The image array (or file) cannot be binarized: wrong shape, dtype, size or content."""
