"""Authentication: who a request comes from. Accounts, sessions and tokens are kept by
`soviet.services.accounts`; this module reads the credentials a request presents.

A request presents a bearer token (`Authorization: Bearer TOKEN`, for scripts) or nothing
(the public). A credential that is presented but not valid (unknown, expired, revoked,
its account disabled) is refused with 401, never read as the public; the refusal says
which of these it was to nobody.
"""

from __future__ import annotations

from fastapi import Request

from soviet.api.problems import DoorError
from soviet.domain.identity import PUBLIC, Actor, account_actor
from soviet.services import accounts
from soviet.services.bootstrap import Database

SESSION_COOKIE = "soviet_session"
#: The methods that change nothing: every other one acts.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="soviet"'}


def _refused(detail: str) -> DoorError:
    return DoorError("unauthenticated", detail, headers=_CHALLENGE)


def _bearer(header: str) -> str:
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _refused("the Authorization header must read 'Bearer TOKEN'")
    return token.strip()


def authenticate(request: Request) -> Actor:
    """The actor a request's credentials name; the public when it presents none.

    Sets `request.state.account` (the account's name, or None) and
    `request.state.credential` ("token:ID", or None)."""
    request.state.account = None
    request.state.credential = None
    header = request.headers.get("authorization")
    if header is None:
        if request.cookies.get(SESSION_COOKIE):
            raise _refused("the session presented is not valid")
        return PUBLIC
    db: Database = request.app.state.db
    found = accounts.authenticate_token(db, _bearer(header))
    if found is None:
        raise _refused("the token presented is not valid (unknown, expired or revoked)")
    if request.method not in SAFE_METHODS and "act" not in found.scopes:
        raise DoorError("forbidden", "this token may only read: it has no 'act' scope")
    request.state.account = found.account
    request.state.credential = found.credential
    return account_actor(found.account)
