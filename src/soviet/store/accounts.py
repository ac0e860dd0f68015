"""The doors' accounts and their credentials: rows of accounts, browser sessions and bearer
tokens. Secrets are stored as their SHA-256 only (passwords as argon2id hashes); nothing
here is journaled."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.store.schema import account_tokens, accounts


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


def tokens_of(connection: Connection, account_id: int) -> list[Token]:
    """Every token of an account, newest first."""
    query = (
        sa.select(*_TOKEN_COLUMNS)
        .join(accounts, accounts.c.id == account_tokens.c.account_id)
        .where(account_tokens.c.account_id == account_id)
        .order_by(account_tokens.c.id.desc())
    )
    return [_token(row) for row in connection.execute(query)]


def mark_token_used(connection: Connection, token_id: int, at: str) -> None:
    """Note when a token was last used."""
    connection.execute(
        sa.update(account_tokens).where(account_tokens.c.id == token_id).values(used_at=at)
    )
