"""Routes of signing in and of the account itself (its browser session, who it is, its
sessions and bearer tokens, listed and revoked), and of invitations: a registrar's import
of a register with contact fields, and a member redeeming her code."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from soviet.api.auth import SESSION_COOKIE, authenticate
from soviet.api.deps import CurrentActor, Db
from soviet.api.problems import DoorError
from soviet.domain.journal import format_time
from soviet.services import accounts, invitations, logins
from soviet.services.journal import utc_now

router = APIRouter(tags=["account"])


class SignIn(BaseModel):
    """An account's name and password."""

    account: Annotated[str, Field(min_length=1, max_length=200)]
    password: Annotated[str, Field(min_length=1, max_length=accounts.PASSWORD_MAX)]


class SignedInSession(BaseModel):
    """A session just opened. Its secret is in the cookie only; the CSRF token goes in
    the X-CSRF-Token header of every state-changing request made with the cookie."""

    account: str
    credential: str = Field(description='"session:ID"')
    csrf_token: str
    expires_at: str


class Me(BaseModel):
    """Who the request is."""

    account: str
    credential: str = Field(description='"session:ID" or "token:ID"')
    constituencies: list[accounts.RegisterEntry] = Field(
        description="the member registers the account is bound to, per federation"
    )


class TokenRequest(BaseModel):
    """A bearer token to issue for the account itself."""

    name: Annotated[str, Field(min_length=1, max_length=accounts.TOKEN_NAME_MAX)]
    scopes: Annotated[
        list[Literal["read", "act"]], Field(min_length=1, max_length=len(accounts.SCOPES))
    ]
    expires_in_days: Annotated[int, Field(ge=1, le=accounts.TOKEN_DAYS_MAX)] = 90


class IssuedToken(BaseModel):
    """A token just issued: shown this once."""

    id: int
    token: str
    name: str
    scopes: list[str]
    expires_at: str


def signed_in(request: Request) -> str:
    """The account of the request, or 401 for the public."""
    authenticate(request)
    account: str | None = request.state.account
    if account is None:
        raise DoorError("unauthenticated", "sign in or present a bearer token")
    return account


def _client(request: Request) -> str:
    address = request.client.host if request.client is not None else ""
    return logins.client_key(
        request.cookies.get(SESSION_COOKIE), address, request.headers.get("user-agent", "")
    )


@router.post("/session", summary="Sign in: a session cookie and its CSRF token")
def sign_in(request: Request, body: SignIn, db: Db, response: Response) -> SignedInSession:
    opened = logins.login(
        db,
        body.account,
        body.password,
        client=_client(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    if opened is None:
        raise DoorError("unauthenticated", "the account or the password is wrong")
    response.set_cookie(
        SESSION_COOKIE,
        opened.secret,
        max_age=logins.SESSION_DAYS * 86400,
        path="/",
        secure=request.app.state.settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )
    return SignedInSession(
        account=opened.account,
        credential=opened.session,
        csrf_token=opened.csrf_token,
        expires_at=opened.expires_at,
    )


@router.delete("/session", status_code=204, summary="Sign out: close this session")
def sign_out(request: Request, db: Db) -> Response:
    signed_in(request)
    secret = request.cookies.get(SESSION_COOKIE)
    credential: str | None = request.state.credential
    # A token presented beside a cookie authenticates the request, not the cookie.
    if secret is None or credential is None or not credential.startswith("session:"):
        raise DoorError("unauthenticated", "no session cookie: a token is revoked by its id")
    logins.logout(db, secret)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


@router.get("/account", summary="Who the request is")
def me(request: Request, db: Db, actor: CurrentActor) -> Me:
    account = signed_in(request)
    found = accounts.memberships(db, account, actor=actor)
    return Me(account=account, credential=request.state.credential, constituencies=found)


@router.get("/account/sessions", summary="The account's open sessions")
def list_sessions(request: Request, db: Db, actor: CurrentActor) -> list[accounts.CredentialView]:
    return accounts.credentials(db, signed_in(request), "session", actor=actor)


@router.get("/account/tokens", summary="The account's valid bearer tokens")
def list_tokens(request: Request, db: Db, actor: CurrentActor) -> list[accounts.CredentialView]:
    return accounts.credentials(db, signed_in(request), "token", actor=actor)


CredentialId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.delete("/account/sessions/{id}", status_code=204, summary="Close one session")
def close_session(request: Request, id: CredentialId, db: Db, actor: CurrentActor) -> None:
    accounts.revoke(db, signed_in(request), "session", id, actor=actor)


@router.delete("/account/tokens/{id}", status_code=204, summary="Revoke one bearer token")
def revoke_token(request: Request, id: CredentialId, db: Db, actor: CurrentActor) -> None:
    accounts.revoke(db, signed_in(request), "token", id, actor=actor)


@router.post("/account/tokens", status_code=201, summary="Issue a bearer token (shown once)")
def create_token(request: Request, body: TokenRequest, db: Db, actor: CurrentActor) -> IssuedToken:
    account = signed_in(request)
    expires_at = utc_now() + timedelta(days=body.expires_in_days)
    token = accounts.issue_token(db, account, body.name, body.scopes, expires_at, actor=actor)
    number = accounts.credential_of(db, token)
    return IssuedToken(
        id=number,
        token=token,
        name=body.name.strip(),
        scopes=list(accounts.check_scopes(body.scopes)),
        expires_at=format_time(expires_at),
    )


#: The largest register file accepted in one upload.
REGISTER_BYTES_MAX = 8 * 1024 * 1024

_CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": "key,name,account,email\nk1,Anna Ivanova,,anna@example.org\n",
            }
        },
    }
}


@router.post(
    "/federations/{federation}/constituencies/{slug}/invitations",
    status_code=201,
    summary="Import members with contact fields: a CSV of invitation codes (shown once)",
    response_class=Response,
    responses={201: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
    openapi_extra=_CSV_BODY,
    tags=["invitations"],
)
async def invite(
    request: Request,
    federation: Annotated[str, Path(min_length=1, max_length=100)],
    slug: Annotated[str, Path(min_length=1, max_length=100)],
    db: Db,
    actor: CurrentActor,
    days: Annotated[int, Query(ge=1, le=invitations.DAYS_MAX)] = invitations.DAYS_DEFAULT,
) -> Response:
    body = await request.body()
    if len(body) > REGISTER_BYTES_MAX:
        raise DoorError("invalid_input", f"body: at most {REGISTER_BYTES_MAX} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise DoorError(
            "invalid_input", "body: not UTF-8 text (save the file as CSV UTF-8)"
        ) from None
    made = await run_in_threadpool(
        lambda: invitations.invite(db, slug, text, federation=federation, days=days, actor=actor)
    )
    return Response(
        invitations.mail_merge(made),
        status_code=201,
        media_type="text/csv; charset=utf-8",
        headers={"Cache-Control": "no-store"},
    )


class Redeem(BaseModel):
    """An invitation code, and the password of the account it creates."""

    code: Annotated[str, Field(min_length=1, max_length=100)]
    password: Annotated[
        str, Field(min_length=accounts.PASSWORD_MIN, max_length=accounts.PASSWORD_MAX)
    ]


class RedeemedAccount(BaseModel):
    """The account made, and the member of the register it acts as."""

    account: str
    federation: str
    constituency: str
    member: str


@router.post(
    "/invitations/redeem",
    status_code=201,
    summary="Redeem an invitation code: create the member's account",
    tags=["invitations"],
)
def redeem(request: Request, body: Redeem, db: Db) -> RedeemedAccount:
    done = invitations.redeem(db, body.code, body.password, client=_client(request))
    return RedeemedAccount(
        account=done.account,
        federation=done.federation,
        constituency=done.constituency,
        member=done.member,
    )
