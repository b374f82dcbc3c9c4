"""Dependencies shared by the routers: settings, store, dispatcher, the caller's identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..config import Settings
from ..observability import context
from ..tasks.dispatch import Dispatcher
from ..tasks.store import Store
from .errors import Unauthorized
from .security import TokenError, verify_token

_bearer = HTTPBearer(auto_error=False, description="Access token from POST /connect/token")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_dispatcher(request: Request) -> Dispatcher:
    return request.app.state.dispatcher


def current_client(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The client id behind the request's bearer token; 401 ProblemDetails otherwise."""
    if creds is None:
        header = request.headers.get("authorization")
        if header:
            raise Unauthorized("the Authorization header must be 'Bearer <access token>'")
        raise Unauthorized("an access token is required: 'Authorization: Bearer <token>' (POST /connect/token)")
    try:
        client_id = verify_token(creds.credentials, request.app.state.secret)
    except TokenError as exc:
        raise Unauthorized(str(exc)) from None
    if not request.app.state.store.client_active(client_id):
        raise Unauthorized("the client this token was issued to is revoked or unknown")
    context.annotate(client_id=client_id)
    return client_id


def submitting_client(request: Request, client_id: Annotated[str, Depends(current_client)]) -> str:
    """The client behind a request that submits a task, counted against its submission
    limit (429 ProblemDetails when over it)."""
    request.app.state.ratelimits.count_submission(client_id)
    return client_id


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
DispatcherDep = Annotated[Dispatcher, Depends(get_dispatcher)]
ClientDep = Annotated[str, Depends(current_client)]
SubmitterDep = Annotated[str, Depends(submitting_client)]
