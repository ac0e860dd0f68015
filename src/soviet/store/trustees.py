"""Reads of key ceremonies: a council's newest ceremony with its trustees."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.trustees import Ceremony, Trustee
from soviet.store.schema import ceremony_trustees, councils, key_ceremonies


def _strings(text: str | None) -> tuple[str, ...] | None:
    return None if text is None else tuple(json.loads(text))


def _ceremony(connection: Connection, where: sa.ColumnElement[bool]) -> Ceremony | None:
    row = connection.execute(
        sa.select(key_ceremonies, councils.c.slug)
        .join(councils, councils.c.id == key_ceremonies.c.council_id)
        .where(where)
        .order_by(key_ceremonies.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    trustees = connection.execute(
        sa.select(ceremony_trustees)
        .where(ceremony_trustees.c.ceremony_id == row.id)
        .order_by(ceremony_trustees.c.number)
    ).all()
    return Ceremony(
        id=row.id,
        council=row.slug,
        threshold=row.threshold,
        trustees=tuple(
            Trustee(
                number=t.number,
                account=t.account,
                transport_key=t.transport_key,
                commitments=_strings(t.commitments),
                sealed_shares=_strings(t.sealed_shares),
                verification_key=t.verification_key,
            )
            for t in trustees
        ),
        appointed_at=row.appointed_at,
        public_key=row.public_key,
        completed_at=row.completed_at,
    )


def current(connection: Connection, council_id: int) -> Ceremony | None:
    """The council's newest ceremony (complete or not), or None."""
    return _ceremony(connection, key_ceremonies.c.council_id == council_id)


def by_id(connection: Connection, ceremony_id: int) -> Ceremony | None:
    return _ceremony(connection, key_ceremonies.c.id == ceremony_id)


def is_trustee(connection: Connection, council_id: int, account: str) -> bool:
    """Whether `account` is a trustee of the council's newest ceremony."""
    newest = (
        sa.select(sa.func.max(key_ceremonies.c.id))
        .where(key_ceremonies.c.council_id == council_id)
        .scalar_subquery()
    )
    found = connection.execute(
        sa.select(ceremony_trustees.c.number).where(
            ceremony_trustees.c.ceremony_id == newest, ceremony_trustees.c.account == account
        )
    ).first()
    return found is not None
