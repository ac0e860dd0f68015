"""The doors' accounts and their credentials: rows of accounts, browser sessions and bearer
tokens. Secrets are stored as their SHA-256 only (passwords as argon2id hashes); nothing
here is journaled."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.store.among import any_of
from soviet.store.schema import (
    account_sessions,
    account_tokens,
    accounts,
    constituencies,
    federations,
    members,
)


@dataclass(frozen=True)
class Account:
    """One account as the doors know it."""

    id: int
    name: str
    password_hash: str
    created_at: str
    disabled_at: str | None


@dataclass(frozen=True)
class Token:
    """A bearer token found by its hash, with its account."""

    id: int
    account: str
    name: str
    scopes: tuple[str, ...]
    created_at: str
    expires_at: str
    used_at: str | None
    revoked_at: str | None
    account_disabled_at: str | None


def _account(row: Any) -> Account:
    return Account(
        int(row.id), str(row.name), str(row.password_hash), str(row.created_at), row.disabled_at
    )


_ACCOUNT_COLUMNS = (
    accounts.c.id,
    accounts.c.name,
    accounts.c.password_hash,
    accounts.c.created_at,
    accounts.c.disabled_at,
)


def account_by_name(connection: Connection, name: str) -> Account | None:
    """The account named `name`, or None."""
    row = connection.execute(sa.select(*_ACCOUNT_COLUMNS).where(accounts.c.name == name)).first()
    return None if row is None else _account(row)


def all_accounts(connection: Connection) -> list[Account]:
    """Every account, by name."""
    rows = connection.execute(sa.select(*_ACCOUNT_COLUMNS).order_by(accounts.c.name))
    return [_account(row) for row in rows]


def insert_account(connection: Connection, name: str, password_hash: str, at: str) -> int:
    """Add an account; its id."""
    values = {"name": name, "password_hash": password_hash, "created_at": at}
    result = connection.execute(sa.insert(accounts).values(**values).returning(accounts.c.id))
    return int(result.scalar_one())


def insert_token(
    connection: Connection,
    account_id: int,
    *,
    name: str,
    secret_hash: str,
    scopes: tuple[str, ...],
    created_at: str,
    expires_at: str,
) -> int:
    """Add a bearer token (its hash only); its id."""
    values = {
        "account_id": account_id,
        "name": name,
        "secret_hash": secret_hash,
        "scopes": json.dumps(list(scopes)),
        "created_at": created_at,
        "expires_at": expires_at,
    }
    result = connection.execute(
        sa.insert(account_tokens).values(**values).returning(account_tokens.c.id)
    )
    return int(result.scalar_one())


_TOKEN_COLUMNS = (
    account_tokens.c.id,
    accounts.c.name.label("account"),
    account_tokens.c.name,
    account_tokens.c.scopes,
    account_tokens.c.created_at,
    account_tokens.c.expires_at,
    account_tokens.c.used_at,
    account_tokens.c.revoked_at,
    accounts.c.disabled_at,
)


def _token(row: Any) -> Token:
    return Token(
        id=int(row.id),
        account=str(row.account),
        name=str(row.name),
        scopes=tuple(json.loads(str(row.scopes))),
        created_at=str(row.created_at),
        expires_at=str(row.expires_at),
        used_at=row.used_at,
        revoked_at=row.revoked_at,
        account_disabled_at=row.disabled_at,
    )


def token_by_hash(connection: Connection, secret_hash: str) -> Token | None:
    """The token whose secret has this SHA-256, with its account, or None."""
    query = (
        sa.select(*_TOKEN_COLUMNS)
        .join(accounts, accounts.c.id == account_tokens.c.account_id)
        .where(account_tokens.c.secret_hash == secret_hash)
    )
    row = connection.execute(query).first()
    return None if row is None else _token(row)


def tokens_by_hash(connection: Connection, secret_hashes: list[str]) -> dict[str, Token]:
    """The tokens whose secrets have these SHA-256s, with their accounts, by hash."""
    query = (
        sa.select(*_TOKEN_COLUMNS, account_tokens.c.secret_hash)
        .join(accounts, accounts.c.id == account_tokens.c.account_id)
        .where(any_of(connection, account_tokens.c.secret_hash, secret_hashes))
    )
    return {row.secret_hash: _token(row) for row in connection.execute(query)}


def tokens_of(connection: Connection, account_id: int) -> list[Token]:
    """Every token of an account, newest first."""
    query = (
        sa.select(*_TOKEN_COLUMNS)
        .join(accounts, accounts.c.id == account_tokens.c.account_id)
        .where(account_tokens.c.account_id == account_id)
        .order_by(account_tokens.c.id.desc())
    )
    return [_token(row) for row in connection.execute(query)]


#: Notes when a token was last used (Database.bookkeep: `:id`, `:at`).
MARK_TOKEN_USED = "UPDATE account_tokens SET used_at = :at WHERE id = :id"


@dataclass(frozen=True)
class Session:
    """A browser session found by its hash, with its account."""

    id: int
    account: str
    client: str
    created_at: str
    seen_at: str
    expires_at: str
    revoked_at: str | None
    account_disabled_at: str | None


_SESSION_COLUMNS = (
    account_sessions.c.id,
    accounts.c.name.label("account"),
    account_sessions.c.client,
    account_sessions.c.created_at,
    account_sessions.c.seen_at,
    account_sessions.c.expires_at,
    account_sessions.c.revoked_at,
    accounts.c.disabled_at,
)


def _session(row: Any) -> Session:
    return Session(
        id=int(row.id),
        account=str(row.account),
        client=str(row.client),
        created_at=str(row.created_at),
        seen_at=str(row.seen_at),
        expires_at=str(row.expires_at),
        revoked_at=row.revoked_at,
        account_disabled_at=row.disabled_at,
    )


def insert_session(
    connection: Connection,
    account_id: int,
    *,
    secret_hash: str,
    client: str,
    created_at: str,
    expires_at: str,
) -> int:
    """Add a browser session (the hash of its secret only); its id."""
    values = {
        "account_id": account_id,
        "secret_hash": secret_hash,
        "client": client,
        "created_at": created_at,
        "seen_at": created_at,
        "expires_at": expires_at,
    }
    result = connection.execute(
        sa.insert(account_sessions).values(**values).returning(account_sessions.c.id)
    )
    return int(result.scalar_one())


def session_by_hash(connection: Connection, secret_hash: str) -> Session | None:
    """The session whose secret has this SHA-256, with its account, or None."""
    query = (
        sa.select(*_SESSION_COLUMNS)
        .join(accounts, accounts.c.id == account_sessions.c.account_id)
        .where(account_sessions.c.secret_hash == secret_hash)
    )
    row = connection.execute(query).first()
    return None if row is None else _session(row)


def sessions_of(connection: Connection, account_id: int, now: str) -> list[Session]:
    """The sessions of an account still open at `now`, newest first."""
    query = (
        sa.select(*_SESSION_COLUMNS)
        .join(accounts, accounts.c.id == account_sessions.c.account_id)
        .where(
            account_sessions.c.account_id == account_id,
            account_sessions.c.revoked_at.is_(None),
            account_sessions.c.expires_at > now,
        )
        .order_by(account_sessions.c.id.desc())
    )
    return [_session(row) for row in connection.execute(query)]


#: Notes when a session was last seen (Database.bookkeep: `:id`, `:at`).
MARK_SESSION_SEEN = "UPDATE account_sessions SET seen_at = :at WHERE id = :id"


#: The largest id of a session or token: their columns are 32-bit integers.
CREDENTIAL_ID_MAX = 2**31 - 1


def revoke(connection: Connection, kind: str, account_id: int, credential_id: int, at: str) -> bool:
    """Revoke one session or token ("session", "token") of an account; whether it was open."""
    if credential_id > CREDENTIAL_ID_MAX:
        return False  # no credential has it: PostgreSQL would refuse it for its column
    table = account_sessions if kind == "session" else account_tokens
    result = connection.execute(
        sa.update(table)
        .where(
            table.c.id == credential_id,
            table.c.account_id == account_id,
            table.c.revoked_at.is_(None),
        )
        .values(revoked_at=at)
    )
    return bool(result.rowcount)


def close_all(connection: Connection, account_id: int, at: str, *, disable: bool) -> None:
    """Revoke every session and token of an account at once (and disable it)."""
    for table in (account_sessions, account_tokens):
        connection.execute(
            sa.update(table)
            .where(table.c.account_id == account_id, table.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
    values = {"closed_at": at, **({"disabled_at": at} if disable else {})}
    connection.execute(sa.update(accounts).where(accounts.c.id == account_id).values(**values))


def set_password(connection: Connection, account_id: int, password_hash: str) -> None:
    connection.execute(
        sa.update(accounts).where(accounts.c.id == account_id).values(password_hash=password_hash)
    )


def closed_since(connection: Connection, since: str) -> list[tuple[str, str | None, str]]:
    """(account, "session:ID" / "token:ID" / None for all, when) of every credential
    closed at or after `since`, oldest first: one query."""
    parts = [
        sa.select(
            accounts.c.name.label("account"),
            sa.literal(kind).label("kind"),
            table.c.id.label("credential_id"),
            table.c.revoked_at.label("at"),
        )
        .join(accounts, accounts.c.id == table.c.account_id)
        .where(table.c.revoked_at >= since)
        for kind, table in (("session", account_sessions), ("token", account_tokens))
    ]
    whole = sa.select(
        accounts.c.name, sa.literal("all"), sa.literal(0), accounts.c.closed_at
    ).where(accounts.c.closed_at >= since)
    query = sa.union_all(*parts, whole).order_by(sa.literal_column("at"))
    return [
        (str(account), None if kind == "all" else f"{kind}:{number}", str(at))
        for account, kind, number, at in connection.execute(query)
    ]


def memberships(connection: Connection, account: str) -> list[tuple[str, str, str]]:
    """(federation, constituency, member key) of every register binding `account`."""
    query = (
        sa.select(federations.c.slug, constituencies.c.slug, members.c.key)
        .join(constituencies, constituencies.c.id == members.c.constituency_id)
        .join(federations, federations.c.id == constituencies.c.federation_id)
        .where(members.c.account == account)
        .order_by(federations.c.slug, constituencies.c.slug)
    )
    return [(str(f), str(c), str(k)) for f, c, k in connection.execute(query)]


def language_of(connection: Connection, name: str) -> str | None:
    """The language an account chose for its pages (None: the browser's)."""
    found = connection.execute(sa.select(accounts.c.language).where(accounts.c.name == name))
    return found.scalar_one_or_none()


def set_language(connection: Connection, account_id: int, language: str | None) -> None:
    connection.execute(
        sa.update(accounts).where(accounts.c.id == account_id).values(language=language)
    )
