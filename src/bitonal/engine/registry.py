"""The registry of binarization methods.

Every method is a plain function with the same call shape::

    def sauvola(image, *, window: Annotated[int, Field(ge=3)] = 75, k: float = 0.2) -> np.ndarray

It takes a grey or colour image, keyword-only parameters with type annotations and
defaults, and returns a boolean array of the image's height and width where ``True``
marks ink (foreground). The ``@register`` decorator derives a pydantic model from
that signature, so every method gets validated, typed, documented parameters for
free, and the CLI and the HTTP API read the same model.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from .errors import InvalidParameterError, UnknownMethodError

BinarizeFunc = Callable[..., np.ndarray]


@dataclass(frozen=True)
class Parameter:
    """One documented parameter of a method, as shown by ``bitonal methods``."""

    name: str
    type: str
    default: Any
    description: str
    constraints: dict[str, Any]


@dataclass(frozen=True)
class Method:
    """A registered binarization method: its function, its parameters and its docs."""

    name: str
    func: BinarizeFunc
    params_model: type[BaseModel]
    summary: str
    reference: str

    @property
    def parameters(self) -> list[Parameter]:
        schema = self.params_model.model_json_schema()["properties"]
        out = []
        for name, field in self.params_model.model_fields.items():
            prop = schema[name]
            constraints = {
                key: prop[key]
                for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum")
                if key in prop
            }
            out.append(
                Parameter(
                    name=name,
                    type=_type_name(field.annotation),
                    default=field.default,
                    description=field.description or "",
                    constraints=constraints,
                )
            )
        return out

    def validate(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Check and coerce ``params``; raise :class:`InvalidParameterError` naming the problem."""
        try:
            model = self.params_model.model_validate(dict(params))
        except ValidationError as exc:
            problems = []
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "parameters"
                if err["type"] == "extra_forbidden":
                    allowed = ", ".join(self.params_model.model_fields) or "none"
                    problems.append(f"unknown parameter '{where}' (allowed: {allowed})")
                else:
                    problems.append(f"parameter '{where}': {err['msg']} (got {err.get('input')!r})")
            raise InvalidParameterError(f"method '{self.name}': " + "; ".join(problems)) from None
        return model.model_dump()

    def __call__(self, image: np.ndarray, **params: Any) -> np.ndarray:
        return self.func(image, **self.validate(params))


_METHODS: dict[str, Method] = {}


def register(name: str, *, reference: str = "") -> Callable[[BinarizeFunc], BinarizeFunc]:
    """Register ``func`` as binarization method ``name``; returns ``func`` unchanged."""

    def decorate(func: BinarizeFunc) -> BinarizeFunc:
        if name in _METHODS:
            raise RuntimeError(f"method {name!r} registered twice")
        _METHODS[name] = Method(
            name=name,
            func=func,
            params_model=_params_model(name, func),
            summary=_summary(func),
            reference=reference,
        )
        return func

    return decorate


def get_method(name: str) -> Method:
    """Return the method called ``name``, or raise :class:`UnknownMethodError`."""
    try:
        return _METHODS[name]
    except KeyError:
        known = ", ".join(sorted(_METHODS))
        raise UnknownMethodError(f"unknown method '{name}' (known: {known})") from None


def methods() -> list[Method]:
    """All registered methods, ``auto`` first, then by name."""
    return sorted(_METHODS.values(), key=lambda m: (m.name != "auto", m.name))


def _params_model(name: str, func: BinarizeFunc) -> type[BaseModel]:
    hints = inspect.get_annotations(func, eval_str=True)
    fields: dict[str, Any] = {}
    for param in inspect.signature(func).parameters.values():
        if param.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        if param.default is inspect.Parameter.empty:
            raise TypeError(f"{func.__name__}: parameter {param.name!r} needs a default")
        fields[param.name] = (hints[param.name], param.default)
    config = ConfigDict(extra="forbid", strict=False)
    return create_model(f"{name.title().replace('-', '')}Params", __config__=config, **fields)


def _summary(func: BinarizeFunc) -> str:
    doc = inspect.getdoc(func) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ").strip()


def _type_name(annotation: Any) -> str:
    return getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")
