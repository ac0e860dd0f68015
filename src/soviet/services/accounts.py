"""Accounts and their credentials: who may knock at the doors.

An account is a name and an argon2id password hash; a bearer token is a random secret
with a recognisable prefix, scoped ("read", "act") and expiring, stored as its SHA-256
only and shown once, when it is issued. None of this is journaled: secrets never reach
the journal, and the journal's `actor` field names the account.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy.engine import Connection

from soviet.domain import limits
from soviet.domain.identity import PUBLIC_ACCOUNT, SYSTEM_ACCOUNT, Actor
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action
from soviet.errors import Conflict, Forbidden, InvalidInput, NotFound, Problem
from soviet.services import identity, marks
from soviet.services.journal import Clock, require_current, utc_now
from soviet.store import accounts as store
from soviet.store.database import Database

#: What every bearer token starts with, so that a leaked one is recognised (by secret
#: scanners, in a log) for what it is.
TOKEN_PREFIX = "sov_"
#: What a token may be used for: reading, and acting (every state-changing request).
SCOPES = ("read", "act")
#: The longest a token may live.
TOKEN_DAYS_MAX = limits.TOKEN_DAYS_MAX
TOKEN_NAME_MAX = 300
PASSWORD_MIN = 12
#: Longer passwords are refused: hashing one costs the server, not the client.
PASSWORD_MAX = 1024

#: argon2id with the library's defaults (RFC 9106's second recommendation).
hasher = PasswordHasher()


@dataclass(frozen=True)
class Credential:
    """A credential found valid: whose it is, which ("token:ID", "session:ID"), and what it
    may be used for."""

    account: str
    credential: str
    scopes: frozenset[str]


def secret_hash(secret: str) -> str:
    """The SHA-256 (hex) under which a secret is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_password(password: object, field: str = "password") -> str:
    """`password` if it is long enough and not too long; else InvalidInput naming `field`
    (and never the password)."""
    reason: str | None = None
    if not isinstance(password, str):
        reason = "must be text"
    elif len(password) < PASSWORD_MIN:
        reason = f"must be at least {PASSWORD_MIN} characters, got {len(password)}"
    elif len(password) > PASSWORD_MAX:
        reason = f"must be at most {PASSWORD_MAX} characters, got {len(password)}"
    elif limits.unstorable_problem(password) is not None:
        reason = "must be text without NUL characters"
    if reason is not None:
        raise InvalidInput(f"{field}: {reason}", problems=[Problem(field, reason)])
    assert isinstance(password, str)
    return password


def check_account_name(name: str, field: str = "account") -> str:
    """`name` stripped, if it can name an account a door may act as."""
    text = limits.check_account(name, field)
    if text in (SYSTEM_ACCOUNT, PUBLIC_ACCOUNT):
        reason = f"'{text}' is reserved"
        raise InvalidInput(f"{field}: {reason}", problems=[Problem(field, reason)])
    return text


def managing(actor: Actor) -> Actor:
    """`actor`, if it may manage accounts (the operator); else Forbidden."""
    identity.require_operator_or(actor, Action.MANAGE_ACCOUNTS)
    return actor


def create_account(
    db: Database, name: str, password: str, *, actor: Actor, now: Clock = utc_now
) -> None:
    """Create an account with a password (the operator's act)."""
    identity.require_operator_or(actor, Action.MANAGE_ACCOUNTS)
    account = check_account_name(name)
    hashed = hasher.hash(check_password(password))  # slow: outside the transaction

    def act(connection: Connection) -> None:
        require_current(connection, db)
        if store.account_by_name(connection, account) is not None:
            raise Conflict(f"account: '{account}' exists already")
        store.insert_account(connection, account, hashed, format_time(now()))

    db.write(act)


@dataclass(frozen=True)
class AccountView:
    """An account as the operator lists it (never its password hash)."""

    name: str
    created_at: str
    disabled_at: str | None


def list_accounts(db: Database, *, actor: Actor) -> list[AccountView]:
    """Every account, by name (the operator's read)."""
    identity.require_operator_or(actor, Action.MANAGE_ACCOUNTS)
    with db.read() as connection:
        require_current(connection, db)
        found = store.all_accounts(connection)
    return [AccountView(a.name, a.created_at, a.disabled_at) for a in found]


def _own_or_operator(actor: Actor, account: str) -> None:
    if actor.is_operator or actor.account == account:
        return
    raise Forbidden(
        f"{actor.name} may not manage the credentials of another account",
        problems=[Problem("actor", "no_role")],
    )


def check_scopes(scopes: object, field: str = "scopes") -> tuple[str, ...]:
    """The scopes, in order and without repeats, if each is one of SCOPES."""
    reason: str | None
    if isinstance(scopes, str) or not isinstance(scopes, list | tuple | set | frozenset):
        reason = "must be a list of scopes"
    elif not scopes:
        reason = f"must name at least one of {', '.join(SCOPES)}"
    else:
        unknown = sorted({str(s) for s in scopes} - set(SCOPES))
        reason = f"unknown scope '{unknown[0][:50]}'; use {', '.join(SCOPES)}" if unknown else None
    if reason is not None:
        raise InvalidInput(f"{field}: {reason}", problems=[Problem(field, reason)])
    given = {str(scope) for scope in scopes}  # type: ignore[attr-defined]
    return tuple(scope for scope in SCOPES if scope in given)


def _check_token_name(name: str) -> str:
    text = name.strip() if isinstance(name, str) else ""
    reason = None
    if not text:
        reason = "it is empty"
    elif len(text) > TOKEN_NAME_MAX:
        reason = f"must be at most {TOKEN_NAME_MAX} characters, got {len(text)}"
    elif any(not char.isprintable() for char in text):
        reason = "must be printable text on one line"
    if reason is not None:
        raise InvalidInput(f"name: {reason}", problems=[Problem("name", reason)])
    return text


def _check_expiry(expires_at: datetime, now: datetime) -> str:
    reason = None
    if not isinstance(expires_at, datetime) or expires_at.tzinfo is None:
        reason = "must be a time with its time zone"
    elif expires_at <= now:
        reason = "must lie in the future"
    elif expires_at > now + timedelta(days=TOKEN_DAYS_MAX):
        reason = f"must lie at most {TOKEN_DAYS_MAX} days ahead"
    if reason is not None:
        raise InvalidInput(f"expires_at: {reason}", problems=[Problem("expires_at", reason)])
    return format_time(expires_at)


def issue_token(
    db: Database,
    account: str,
    name: str,
    scopes: Sequence[str],
    expires_at: datetime,
    *,
    actor: Actor,
    now: Clock = utc_now,
) -> str:
    """Issue a bearer token for `account` (by the operator, or the account itself): the
    token, which is shown this once and stored only as its SHA-256."""
    _own_or_operator(actor, account)
    at = now()
    token_name, checked = _check_token_name(name), check_scopes(scopes)
    expiry = _check_expiry(expires_at, at)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)

    def act(connection: Connection) -> None:
        require_current(connection, db)
        found = store.account_by_name(connection, account)
        if found is None or found.disabled_at is not None:
            raise NotFound(f"account: '{account}' does not exist or is disabled")
        store.insert_token(
            connection,
            found.id,
            name=token_name,
            secret_hash=secret_hash(token),
            scopes=checked,
            created_at=format_time(at),
            expires_at=expiry,
        )

    db.write(act)
    return token


#: How stale a token's `used_at` may grow before a use writes it again: a write per
#: request would make every read wait for the writers.
USED_AT_PRECISION = timedelta(hours=1)
_TOKENS_USED = marks.Marks(store.MARK_TOKEN_USED)


def authenticate_token(db: Database, token: str, *, now: Clock = utc_now) -> Credential | None:
    """The credential of a bearer token, or None when it is not one that is valid now
    (unknown, expired, revoked, or its account disabled): the door says no more."""
    if not is_token_shaped(token):
        return None
    hashed = secret_hash(token)
    with db.read() as connection:
        require_current(connection, db)
        found = store.token_by_hash(connection, hashed)
    return _valid_token(db, found, now())


def is_token_shaped(token: str) -> bool:
    """Whether `token` can be a bearer token at all (else no lookup is made for it)."""
    return token.startswith(TOKEN_PREFIX) and len(token) <= 200


def credentials_in(
    connection: Connection, db: Database, secret_hashes: Collection[str], moment: datetime
) -> dict[str, Credential]:
    """The valid credentials among the bearer tokens with these hashes, read in the
    caller's transaction: an act that finds who acts as it is written (the ballots of
    services.votes.cast_presented_vote, before the writer's turn, as a door authenticates
    before it acts), so that a token revoked before it began acts nothing."""
    found = store.tokens_by_hash(connection, sorted(secret_hashes))
    valid = {hashed: _valid_token(db, token, moment) for hashed, token in found.items()}
    return {hashed: credential for hashed, credential in valid.items() if credential is not None}


def _valid_token(db: Database, found: store.Token | None, moment: datetime) -> Credential | None:
    if found is None or found.revoked_at is not None or found.account_disabled_at is not None:
        return None
    at = format_time(moment)
    if found.expires_at <= at:
        return None
    stale = format_time(moment - USED_AT_PRECISION)
    if found.used_at is None or found.used_at < stale:
        _TOKENS_USED.mark(db, found.id, at)
    return Credential(found.account, f"token:{found.id}", frozenset(found.scopes))


def _account_in(connection: Connection, db: Database, account: str) -> store.Account:
    require_current(connection, db)
    found = store.account_by_name(connection, account)
    if found is None:
        raise NotFound(f"account: '{account}' does not exist")
    return found


def disable_account(db: Database, account: str, *, actor: Actor, now: Clock = utc_now) -> None:
    """Disable an account (the operator's act): every session and token of it is closed,
    and it can sign in no more. Its name stays taken, in the journal and here."""
    identity.require_operator_or(actor, Action.MANAGE_ACCOUNTS)
    at = format_time(now())

    def act(connection: Connection) -> None:
        found = _account_in(connection, db, account)
        if found.disabled_at is None:
            store.close_all(connection, found.id, at, disable=True)

    db.write(act)


def reset_password(
    db: Database, account: str, password_hash: str, *, actor: Actor, now: Clock = utc_now
) -> None:
    """Give an account a new password (its argon2id hash, made by the caller) and close
    every session and token it had (the operator's act)."""
    identity.require_operator_or(actor, Action.MANAGE_ACCOUNTS)
    at = format_time(now())

    def act(connection: Connection) -> None:
        found = _account_in(connection, db, account)
        store.set_password(connection, found.id, password_hash)
        store.close_all(connection, found.id, at, disable=False)

    db.write(act)


def hash_password(password: str) -> str:
    """The argon2id hash of a password, once it is checked (long enough, not too long)."""
    return hasher.hash(check_password(password))


@dataclass(frozen=True)
class CredentialView:
    """A session or a token as its account lists it (never its secret)."""

    id: int
    credential: str  # "session:ID" or "token:ID"
    name: str  # a token's name, a session's user agent
    created_at: str
    expires_at: str
    last_used_at: str | None
    scopes: tuple[str, ...]


def credentials(
    db: Database, account: str, kind: str, *, actor: Actor, now: Clock = utc_now
) -> list[CredentialView]:
    """The open sessions ("session") or tokens ("token") of an account, newest first (the
    account's own read, or the operator's)."""
    _own_or_operator(actor, account)
    at = format_time(now())
    with db.read() as connection:
        found = _account_in(connection, db, account)
        if kind == "session":
            return [
                CredentialView(
                    s.id,
                    f"session:{s.id}",
                    s.client,
                    s.created_at,
                    s.expires_at,
                    s.seen_at,
                    SCOPES,
                )
                for s in store.sessions_of(connection, found.id, at)
            ]
        return [
            CredentialView(
                t.id, f"token:{t.id}", t.name, t.created_at, t.expires_at, t.used_at, t.scopes
            )
            for t in store.tokens_of(connection, found.id)
            if t.revoked_at is None and t.expires_at > at
        ]


def revoke(
    db: Database, account: str, kind: str, number: int, *, actor: Actor, now: Clock = utc_now
) -> None:
    """Revoke one session or token of an account; NotFound unless it is one of its open
    ones (another account's look the same as none)."""
    _own_or_operator(actor, account)
    limits.check_id(number, "id")
    at = format_time(now())

    def act(connection: Connection) -> None:
        found = _account_in(connection, db, account)
        if not store.revoke(connection, kind, found.id, number, at):
            raise NotFound(f"id: no open {kind} {number} of this account")

    db.write(act)


@dataclass(frozen=True)
class Closed:
    """A credential closed (revoked, logged out), or every credential of an account
    (`credential` None: disabled, or its password reset), at `at`."""

    account: str
    credential: str | None
    at: str


def closed_since(db: Database, since: str, *, actor: Actor) -> list[Closed]:
    """Every credential closed at or after `since` (a journal-format UTC time), oldest
    first, for the event streams to close theirs: one query, cheap to poll."""
    identity.require_operator_or(actor, Action.MANAGE_ACCOUNTS)
    with db.read() as connection:
        return [Closed(*row) for row in store.closed_since(connection, since)]


@dataclass(frozen=True)
class RegisterEntry:
    """A member register that binds the account: there it acts as that member."""

    federation: str
    constituency: str
    member: str


def memberships(db: Database, account: str, *, actor: Actor) -> list[RegisterEntry]:
    """The registers binding `account` (its own read, or the operator's)."""
    _own_or_operator(actor, account)
    with db.read() as connection:
        require_current(connection, db)
        return [RegisterEntry(*row) for row in store.memberships(connection, account)]


def credential_of(db: Database, token: str) -> int:
    """The id of a token just issued (its own holder asks: it has the token)."""
    with db.read() as connection:
        found = store.token_by_hash(connection, secret_hash(token))
    if found is None:
        raise NotFound("token: no such token")
    return found.id


#: The languages an account may choose for its pages (the web application's catalogues).
LANGUAGES = ("en", "de")


def language(db: Database, account: str, *, actor: Actor) -> str | None:
    """The language `account` chose for its pages, if any (its own read, or the
    operator's)."""
    _own_or_operator(actor, account)
    with db.read() as connection:
        return store.language_of(connection, account)


def set_language(db: Database, account: str, chosen: str | None, *, actor: Actor) -> None:
    """Choose the language of an account's pages (None: the browser's); its own act, or
    the operator's."""
    _own_or_operator(actor, account)
    if chosen is not None and chosen not in LANGUAGES:
        reason = f"must be one of {', '.join(LANGUAGES)}, or none for the browser's"
        raise InvalidInput(f"language: {reason}", problems=[Problem("language", reason)])

    def act(connection: Connection) -> None:
        store.set_language(connection, _account_in(connection, db, account).id, chosen)

    db.write(act)
