"""Authentication: who a request comes from. Accounts, sessions and tokens are kept by
`soviet.services.accounts`; this module reads the credentials a request presents."""

from __future__ import annotations

from fastapi import Request

from soviet.api.problems import DoorError
from soviet.domain.identity import PUBLIC, Actor

SESSION_COOKIE = "soviet_session"


def authenticate(request: Request) -> Actor:
    """The actor a request's credentials name; the public when it presents none."""
    if request.headers.get("authorization") or request.cookies.get(SESSION_COOKIE):
        raise DoorError("unauthenticated", "the session or token presented is not valid")
    return PUBLIC
