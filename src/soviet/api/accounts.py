"""Routes of the account itself: who it is, and its bearer tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from soviet.api.deps import CurrentActor, Db
from soviet.api.problems import DoorError
from soviet.domain.journal import format_time
from soviet.services import accounts
from soviet.services.journal import utc_now

router = APIRouter(tags=["account"])


class Me(BaseModel):
    """Who the request is."""

    account: str
    credential: str = Field(description='"session:ID" or "token:ID"')


class TokenRequest(BaseModel):
    """A bearer token to issue for the account itself."""

    name: Annotated[str, Field(min_length=1, max_length=accounts.TOKEN_NAME_MAX)]
    scopes: Annotated[list[str], Field(min_length=1, max_length=len(accounts.SCOPES))]
    expires_in_days: Annotated[int, Field(ge=1, le=accounts.TOKEN_DAYS_MAX)] = 90


class IssuedToken(BaseModel):
    """A token just issued: shown this once."""

    token: str
    name: str
    scopes: list[str]
    expires_at: str


def signed_in(request: Request) -> str:
    """The account of the request, or 401 for the public."""
    account: str | None = getattr(request.state, "account", None)
    if account is None:
        raise DoorError("unauthenticated", "sign in or present a bearer token")
    return account


@router.get("/account", summary="Who the request is")
def me(request: Request, _actor: CurrentActor) -> Me:
    return Me(account=signed_in(request), credential=request.state.credential)


@router.post("/account/tokens", status_code=201, summary="Issue a bearer token (shown once)")
def create_token(request: Request, body: TokenRequest, db: Db, actor: CurrentActor) -> IssuedToken:
    account = signed_in(request)
    expires_at = utc_now() + timedelta(days=body.expires_in_days)
    token = accounts.issue_token(db, account, body.name, body.scopes, expires_at, actor=actor)
    shown = format_time(expires_at)
    scopes = list(accounts.check_scopes(body.scopes))
    return IssuedToken(token=token, name=body.name.strip(), scopes=scopes, expires_at=shown)
