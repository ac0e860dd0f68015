"""Invitation codes (their SHA-256 only) and the accounts they create."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.store.schema import accounts, invitations


@dataclass(frozen=True)
class InvitationRow:
    """An invitation to store."""

    federation: str
    constituency: str
    member_key: str
    account: str
    code_hash: str
    issued_by: str
    issued_at: str
    expires_at: str


@dataclass(frozen=True)
class Invitation:
    """An invitation found by its code's hash."""

    id: int
    federation: str
    constituency: str
    member_key: str
    account: str
    expires_at: str
    redeemed_at: str | None


def insert_invitations(connection: Connection, rows: Sequence[InvitationRow]) -> None:
    connection.execute(sa.insert(invitations), [asdict(row) for row in rows])


def existing_accounts(connection: Connection, names: Sequence[str]) -> set[str]:
    """Which of `names` are accounts already."""
    found: set[str] = set()
    for start in range(0, len(names), 500):
        chunk = list(names[start : start + 500])
        query = sa.select(accounts.c.name).where(accounts.c.name.in_(chunk))
        found |= {str(name) for name in connection.execute(query).scalars()}
    return found


def invitation_by_hash(connection: Connection, code_hash: str) -> Invitation | None:
    columns: list[Any] = [
        invitations.c.id,
        invitations.c.federation,
        invitations.c.constituency,
        invitations.c.member_key,
        invitations.c.account,
        invitations.c.expires_at,
        invitations.c.redeemed_at,
    ]
    row = connection.execute(
        sa.select(*columns).where(invitations.c.code_hash == code_hash)
    ).first()
    return None if row is None else Invitation(*row)


def redeem(
    connection: Connection, invitation_id: int, account: str, password_hash: str, at: str
) -> None:
    """Create the invitation's account and mark it redeemed (once: a second redeeming
    in a race finds no row to mark, and fails)."""
    marked = connection.execute(
        sa.update(invitations)
        .where(invitations.c.id == invitation_id, invitations.c.redeemed_at.is_(None))
        .values(redeemed_at=at)
    )
    if not marked.rowcount:
        raise sa.exc.IntegrityError("invitation redeemed twice", None, Exception())
    connection.execute(
        sa.insert(accounts).values(name=account, password_hash=password_hash, created_at=at)
    )
