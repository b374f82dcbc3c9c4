"""``POST /connect/token``: OAuth2 client credentials -> a signed, expiring access token."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ...observability import context
from ..deps import SettingsDep, StoreDep
from ..errors import OAuthErrorResponse
from ..schemas import OAuthError, TokenResponse
from ..security import issue_token

router = APIRouter(tags=["auth"])


def _basic_auth(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        raw = base64.b64decode(header[6:].strip(), validate=True).decode()
        client_id, _, secret = raw.partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise OAuthErrorResponse(401, "invalid_client", "malformed HTTP Basic credentials") from None
    return client_id, secret


@router.post(
    "/connect/token",
    response_model=TokenResponse,
    responses={400: {"model": OAuthError}, 401: {"model": OAuthError}},
    summary="Get an access token (OAuth2 client credentials)",
)
async def token(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    grant_type: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
) -> JSONResponse:
    """Form fields ``grant_type=client_credentials``, ``client_id``, ``client_secret``
    (or the client as HTTP Basic auth). Errors follow RFC 6749 section 5.2."""
    if grant_type is None:
        raise OAuthErrorResponse(400, "invalid_request", "'grant_type' is required (client_credentials)")
    if grant_type != "client_credentials":
        raise OAuthErrorResponse(400, "unsupported_grant_type", f"grant_type '{grant_type}' is not supported; use client_credentials")
    basic = _basic_auth(request)
    if basic is not None:
        client_id, client_secret = basic
    if not client_id or client_secret is None:
        raise OAuthErrorResponse(400, "invalid_request", "'client_id' and 'client_secret' are required")
    context.annotate(client_id=client_id)
    ratelimits = request.app.state.ratelimits
    ip = request.client.host if request.client else "unknown"
    await run_in_threadpool(ratelimits.check_sign_in, client_id, ip)
    if not await run_in_threadpool(store.authenticate, client_id, client_secret):
        await run_in_threadpool(ratelimits.record_sign_in_failure, client_id, ip)
        raise OAuthErrorResponse(401, "invalid_client", "unknown client, wrong secret, or revoked client")
    access = issue_token(client_id, request.app.state.secret, settings.token_ttl)
    body = TokenResponse(access_token=access, expires_in=settings.token_ttl).model_dump()
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
