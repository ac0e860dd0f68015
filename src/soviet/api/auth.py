"""Authentication: who a request comes from, and the door's guards on every request that
changes anything. Accounts, sessions and tokens are kept by `soviet.services.accounts`
and `soviet.services.logins`; this module reads the credentials a request presents.

A request presents a bearer token (`Authorization: Bearer TOKEN`, for scripts), a session
cookie (browsers), or nothing (the public). A credential that is presented but not valid
(unknown, expired, revoked, its account disabled) is refused with 401, never read as the
public; the refusal says which of these it was to nobody.

`ActGuard`, a middleware around every route, checks each state-changing request (POST, PUT,
PATCH, DELETE) before any route runs: a browser's request must come from this origin
(`Sec-Fetch-Site`, `Origin`) and, when the session cookie authenticates it, carry the
session's CSRF token in `X-CSRF-Token` (or, for a form of the web pages, outside /api/v1,
in its hidden field `csrf_token`); an authenticated account's acts are counted
against its rate limit. Routes added later get all of it without doing anything.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from soviet.api.guard import read_body, replay
from soviet.api.problems import PREFIX, DoorError, problem
from soviet.domain.identity import PUBLIC, Actor, account_actor
from soviet.errors import SovietError
from soviet.services import accounts, logins, rate_limits
from soviet.services.accounts import Credential
from soviet.services.bootstrap import Database

SESSION_COOKIE = "soviet_session"
CSRF_HEADER = "X-CSRF-Token"
#: The methods that change nothing: every other one acts.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Where a browser signs in or redeems a code: no session to check yet (and an old
#: cookie must not stand in the way), but it must come from this origin all the same.
SIGN_IN_PATHS = frozenset({f"{PREFIX}/session", f"{PREFIX}/invitations/redeem", "/sign-in"})
#: The hidden field of a web page's form that carries the session's CSRF token.
CSRF_FIELD = "csrf_token"
_FORM = "application/x-www-form-urlencoded"

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="soviet"'}
#: Where the actor of a request is kept once found (the request's state).
_ACTOR = "soviet_actor"


def _refused(detail: str) -> DoorError:
    return DoorError("unauthenticated", detail, headers=_CHALLENGE)


def bearer_token(header: str) -> str | None:
    """The token of an `Authorization: Bearer TOKEN` header; None when it reads otherwise."""
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _bearer(header: str) -> str:
    token = bearer_token(header)
    if token is None:
        raise _refused("the Authorization header must read 'Bearer TOKEN'")
    return token


def _credential(request: Request, db: Database) -> Credential | None:
    header = request.headers.get("authorization")
    if header is not None:
        found = accounts.authenticate_token(db, _bearer(header))
        if found is None:
            raise _refused("the token presented is not valid (unknown, expired or revoked)")
        return found
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        found = logins.authenticate_session(db, secret)
        if found is None:
            raise _refused("the session presented is not valid (expired or closed): sign in")
        return found
    return None


def known_actor(request: Request) -> Actor | None:
    """The actor `authenticate` found for this request already, if it ran."""
    known: Actor | None = getattr(request.state, _ACTOR, None)
    return known


def authenticate(request: Request) -> Actor:
    """The actor a request's credentials name; the public when it presents none.

    Sets `request.state.account` (the account's name, or None) and
    `request.state.credential` ("session:ID", "token:ID", or None); found once a request.
    """
    known: Actor | None = getattr(request.state, _ACTOR, None)
    if known is not None:
        return known
    found = _credential(request, request.app.state.db)
    request.state.account = None if found is None else found.account
    request.state.credential = None if found is None else found.credential
    if found is not None and request.method not in SAFE_METHODS and "act" not in found.scopes:
        raise DoorError("forbidden", "this token may only read: it has no 'act' scope")
    actor = PUBLIC if found is None else account_actor(found.account)
    setattr(request.state, _ACTOR, actor)
    return actor


def _csrf_refused(detail: str) -> DoorError:
    return DoorError("csrf", detail)


def _check_origin(request: Request) -> None:
    """Refuse a browser's request sent by another site (or another origin of this site)."""
    site = request.headers.get("sec-fetch-site")
    if site in ("cross-site", "same-site"):
        raise _csrf_refused(f"a state-changing request may not come from another site ({site})")
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        host = request.headers.get("host", "")
        if urlsplit(origin).netloc.lower() != host.lower():
            raise _csrf_refused("a state-changing request may not come from another origin")
    elif origin == "null":
        raise _csrf_refused("a state-changing request may not come from an opaque origin")


def guard(request: Request, form_token: str | None = None) -> None:
    """The door's checks of a state-changing request, before its route runs (raises
    DoorError, RateLimited, or a SovietError of the database). `form_token` is the CSRF
    field of a web page's form, which stands for the header there."""
    is_script = "authorization" in request.headers
    if not is_script:
        _check_origin(request)
    if request.method == "POST" and request.url.path in SIGN_IN_PATHS:
        return
    authenticate(request)
    credential: str | None = request.state.credential
    if credential is not None and credential.startswith("session:"):
        token = request.headers.get(CSRF_HEADER, "") or form_token or ""
        secret = request.cookies.get(SESSION_COOKIE, "")
        if not token or not logins.is_csrf_token(secret, token):
            raise _csrf_refused(f"the {CSRF_HEADER} header is missing or not this session's")
    account: str | None = request.state.account
    if account is not None:
        rate_limits.count_act(request.app.state.db, f"acts:{account}", rate_limits.ACTS_PER_ACCOUNT)


class ActGuard:
    """The ASGI middleware running `guard` before every state-changing request: a plain
    ASGI one, so that streamed responses (the event stream) pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        form_token = None
        if _is_web_form(request):
            body, complete = await read_body(receive)
            if complete:
                form_token = _form_field(body, CSRF_FIELD)
            receive = replay(body, receive)
        try:
            await run_in_threadpool(guard, request, form_token)
        except DoorError as error:
            await problem(error.code, error.detail, headers=error.headers)(scope, receive, send)
            return
        except rate_limits.RateLimited as error:
            await too_many(error)(scope, receive, send)
            return
        except SovietError as error:
            await problem(error.code, error.message.splitlines()[0])(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _is_web_form(request: Request) -> bool:
    """A form of the web pages: posted outside the API, as a browser posts a form."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return not request.url.path.startswith(f"{PREFIX}/") and content_type == _FORM


def _form_field(body: bytes, name: str) -> str | None:
    """The first value of field `name` of an url-encoded form (None when it has none)."""
    text = body.decode("utf-8", "replace")
    for key, value in parse_qsl(text, keep_blank_values=True):
        if key == name:
            return value
    return None


def too_many(error: rate_limits.RateLimited) -> Response:
    """The 429 problem of a rate limit, with Retry-After."""
    return problem(
        "rate_limited",
        f"too many requests: try again in {error.retry_after} s",
        headers={"Retry-After": str(error.retry_after)},
    )


def install(app: FastAPI) -> None:
    """Guard every route of `app`, and answer a rate limit reached in a route with 429."""
    app.add_middleware(ActGuard)
    app.add_exception_handler(rate_limits.RateLimited, _rate_limited)
    app.add_exception_handler(logins.Busy, _busy)


def _rate_limited(_request: Request, error: Exception) -> Response:
    assert isinstance(error, rate_limits.RateLimited)
    return too_many(error)


def _busy(_request: Request, _error: Exception) -> Response:
    detail = "every password verifier is busy: try again in a second"
    return problem("unavailable", detail, headers={"Retry-After": "1"})


#: How a request may present its account, as the OpenAPI document declares it.
SECURITY_SCHEMES: dict[str, dict[str, str]] = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "A bearer token (`Authorization: Bearer sov_...`), issued by "
        "`soviet account token` or POST /api/v1/account/tokens; scopes read and act.",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "The session cookie POST /api/v1/session sets.",
    },
    "csrf": {
        "type": "apiKey",
        "in": "header",
        "name": CSRF_HEADER,
        "description": "The session's CSRF token, which every act with the cookie carries.",
    },
}
#: Reads: the public's, or an account's (which may see more, its own).
_OPEN: list[dict[str, list[str]]] = [{}, {"bearer": []}, {"session": []}]
#: Reads of an account's own: a credential, nothing else.
_SIGNED_IN: list[dict[str, list[str]]] = [{"bearer": []}, {"session": []}]
#: Acts: a token, or the cookie with its CSRF token.
_ACTING: list[dict[str, list[str]]] = [{"bearer": []}, {"session": [], "csrf": []}]


def _security(method: str, path: str) -> list[dict[str, list[str]]]:
    if method.upper() == "DELETE" and path == f"{PREFIX}/session":
        return [{"session": [], "csrf": []}]  # signing out closes the cookie's session
    if method.upper() not in SAFE_METHODS:
        return [{}] if path in SIGN_IN_PATHS else _ACTING
    if path.startswith(f"{PREFIX}/account") or path.endswith("/my-status"):
        return _SIGNED_IN
    return _OPEN


def document_security(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with its security schemes, and which of them each operation takes."""
    document.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            operation["security"] = _security(method, path)
    return document
