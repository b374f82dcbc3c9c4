"""Errors handled in one place: every failure becomes a JSON body, never a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..engine.errors import BitonalError, InvalidParameterError, UnknownMethodError
from ..imageio import ImageTooLargeError

log = logging.getLogger("bitonal.api")

TITLES = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    409: "Conflict", 413: "Content Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error", 501: "Not Implemented", 503: "Service Unavailable", 504: "Gateway Timeout",
}


class ApiError(Exception):
    """An error with an HTTP status and a message for the person calling."""

    def __init__(self, status: int, detail: str, *, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers
        self.extra = extra


class Unauthorized(ApiError):
    def __init__(self, detail: str) -> None:
        super().__init__(401, detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


class OAuthErrorResponse(Exception):
    """Token endpoint errors use the OAuth2 body (RFC 6749 5.2), not ProblemDetails."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description


def problem(request: Request, status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    # application/json (not problem+json): the Aspose SDK only parses application/json bodies.
    return JSONResponse(body, status_code=status, headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return problem(request, exc.status, exc.detail, exc.headers, **exc.extra)

    @app.exception_handler(OAuthErrorResponse)
    async def _oauth(request: Request, exc: OAuthErrorResponse) -> JSONResponse:
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if exc.status == 401:
            headers["WWW-Authenticate"] = 'Basic realm="bitonal"'
        return JSONResponse({"error": exc.error, "error_description": exc.description}, exc.status, headers=headers)

    @app.exception_handler(ImageTooLargeError)
    async def _too_large(request: Request, exc: ImageTooLargeError) -> JSONResponse:
        return problem(request, 413, str(exc))

    @app.exception_handler(BitonalError)
    async def _bitonal(request: Request, exc: BitonalError) -> JSONResponse:
        return problem(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for err in exc.errors():
            field = _field(tuple(err.get("loc", ())))
            msg = err.get("msg", "invalid")
            if err.get("type") == "missing":
                msg = "field required"
            errors.append({"field": field, "message": msg})
        detail = "; ".join(f"'{e['field']}': {e['message']}" for e in errors) or "invalid request"
        return problem(request, 400, f"invalid request: {detail}", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return problem(request, exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(request, 500, f"internal error ({type(exc).__name__}); the server log has the details")


__all__ = ["ApiError", "InvalidParameterError", "OAuthErrorResponse", "Unauthorized", "UnknownMethodError", "install", "problem"]
