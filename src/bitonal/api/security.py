"""Access tokens: HS256 JWTs with an expiry, issued to API clients."""

from __future__ import annotations

import time
import uuid

import jwt

ISSUER = "bitonal"
ALGORITHM = "HS256"


def issue_token(client_id: str, key: str, ttl: int) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": client_id, "iat": now, "nbf": now, "exp": now + ttl, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, key, algorithm=ALGORITHM)


class TokenError(Exception):
    pass


def verify_token(token: str, key: str) -> str:
    """Return the client id the token was issued to, or raise TokenError saying why not."""
    try:
        claims = jwt.decode(
            token, key, algorithms=[ALGORITHM], issuer=ISSUER, options={"require": ["exp", "sub", "iss"]}, leeway=5
        )
    except jwt.ExpiredSignatureError:
        raise TokenError("the access token has expired; get a new one from /connect/token") from None
    except jwt.InvalidSignatureError:
        raise TokenError("the access token's signature is not valid") from None
    except jwt.PyJWTError as exc:
        raise TokenError(f"the access token is not valid ({exc})") from None
    return str(claims["sub"])
