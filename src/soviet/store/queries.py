"""Reads that acts and views share: plain data out, no ORM objects."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.errors import NotFound
from soviet.store.among import any_of
from soviet.store.councils import held_at
from soviet.store.schema import (
    candidates,
    central_committees,
    constituencies,
    councils,
    federations,
    mandates,
    members,
    parties,
    party_members,
    persons,
    statutes,
)

_NAMED = {"constituencies": constituencies, "parties": parties, "persons": persons}


@dataclass(frozen=True)
class Federation:
    id: int
    slug: str
    name: str
    #: The journal entry that last changed an electorate in it, when this was read.
    electorates_seq: int = 0
    #: The journal entry that last changed a list of candidates or a co-option in it.
    designations_seq: int = 0


#: A federation's row, as Federation holds it.
_FEDERATION = (
    federations.c.id,
    federations.c.slug,
    federations.c.name,
    federations.c.electorates_seq,
    federations.c.designations_seq,
)


def find_federation(connection: Connection, slug: str) -> Federation | None:
    """The federation with `slug`, if there is one."""
    row = connection.execute(sa.select(*_FEDERATION).where(federations.c.slug == slug)).first()
    return None if row is None else Federation(*row)


def federation(connection: Connection, slug: str | None) -> Federation:
    """The federation named `slug`, or the only one when none is named."""
    if slug is not None:
        found = find_federation(connection, slug)
        if found is None:
            raise NotFound(f"federation: no federation '{slug}'; {_known(connection)}")
        return found
    rows = connection.execute(sa.select(*_FEDERATION).limit(2)).all()
    if not rows:
        raise NotFound("federation: there is none yet; one is founded by applying its statute")
    if len(rows) > 1:
        raise NotFound(
            f"federation: the database holds several federations, name one; {_known(connection)}"
        )
    return Federation(*rows[0])


def federation_slugs(connection: Connection) -> list[str]:
    """The slugs of every federation the database holds, in order."""
    slugs = connection.execute(sa.select(federations.c.slug).order_by(federations.c.slug))
    return [row.slug for row in slugs]


def federations_after(connection: Connection, after: str | None, limit: int) -> list[Federation]:
    """Up to `limit` + 1 federations by slug, after the slug `after` (a page and whether
    another follows)."""
    query = sa.select(*_FEDERATION)
    if after is not None:
        query = query.where(federations.c.slug > after)
    rows = connection.execute(query.order_by(federations.c.slug).limit(limit + 1))
    return [Federation(*row) for row in rows]


def _known(connection: Connection) -> str:
    names = federation_slugs(connection)
    return f"known: {', '.join(names)}" if names else "there is none yet"


@dataclass(frozen=True)
class StatuteVersion:
    version: int
    effective_at: str
    text: str  # canonical JSON of the document

    @property
    def document(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.text)
        return result


def current_statute_stamp(
    connection: Connection, federation_id: int
) -> tuple[int, str, int] | None:
    """(version, effective_at, size of the document) of a federation's newest statute: what
    tells it from any other, read without the document."""
    # PostgreSQL gives a long text's size in bytes without decompressing it; its length in
    # characters would.
    postgres = connection.dialect.name == "postgresql"
    size = (sa.func.octet_length if postgres else sa.func.length)(statutes.c.document)
    row = connection.execute(
        sa.select(statutes.c.version, statutes.c.effective_at, size)
        .where(statutes.c.federation_id == federation_id)
        .order_by(statutes.c.version.desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]), int(row[2]))


def current_statute(connection: Connection, federation_id: int) -> StatuteVersion | None:
    """The newest statute version applied to a federation."""
    row = connection.execute(
        sa.select(statutes.c.version, statutes.c.effective_at, statutes.c.document)
        .where(statutes.c.federation_id == federation_id)
        .order_by(statutes.c.version.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return StatuteVersion(row.version, row.effective_at, row.document)


def existing_slugs(
    connection: Connection, federation_id: int, what: str, slugs: Sequence[str]
) -> set[str]:
    """Which of `slugs` name existing constituencies, parties or persons of a federation."""
    table = _NAMED[what]
    unique = sorted(set(slugs))
    query = sa.select(table.c.slug).where(table.c.federation_id == federation_id)
    if len(unique) > 20_000:  # one pass over the register beats thousands of lookups
        wanted = set(unique)
        return {row.slug for row in connection.execute(query) if row.slug in wanted}
    found: set[str] = set()
    for start in range(0, len(unique), 2_000):
        chunk = query.where(any_of(connection, table.c.slug, unique[start : start + 2_000]))
        found.update(row.slug for row in connection.execute(chunk))
    return found


def central_committee(connection: Connection, federation_id: int, party: str) -> list[str] | None:
    """The accounts holding a party's central committee powers: those it named, and the
    members of its committee body now (their person slugs); None when there is no party."""
    row = connection.execute(
        sa.select(parties.c.id, parties.c.committee_council_id).where(
            parties.c.federation_id == federation_id, parties.c.slug == party
        )
    ).first()
    if row is None:
        return None
    named = connection.execute(
        sa.select(central_committees.c.account).where(central_committees.c.party_id == row.id)
    )
    accounts = {account for (account,) in named}
    if row.committee_council_id is not None:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        members = connection.execute(
            sa.select(persons.c.slug)
            .join(mandates, mandates.c.person_id == persons.c.id)
            .where(mandates.c.council_id == row.committee_council_id, held_at(now))
        )
        accounts.update(slug for (slug,) in members)
    return sorted(accounts)


def is_member_account(
    connection: Connection, federation_id: int, constituency: str, account: str
) -> bool:
    """Whether `account` is bound to a member on the register of `constituency`."""
    row = connection.execute(
        sa.select(members.c.id)
        .join(constituencies, constituencies.c.id == members.c.constituency_id)
        .where(
            constituencies.c.federation_id == federation_id,
            constituencies.c.slug == constituency,
            members.c.account == account,
        )
        .limit(1)
    ).first()
    return row is not None


def party_member_slugs(connection: Connection, federation_id: int, party: str) -> set[str]:
    """The slugs of a party's members."""
    rows = connection.execute(
        sa.select(persons.c.slug)
        .join(party_members, party_members.c.person_id == persons.c.id)
        .join(parties, parties.c.id == party_members.c.party_id)
        .where(parties.c.federation_id == federation_id, parties.c.slug == party)
    )
    return {row.slug for row in rows}


def member_accounts(
    connection: Connection, federation_id: int, constituency: str
) -> dict[str, str]:
    """The accounts of a constituency's registered members, each with its member's key."""
    rows = connection.execute(
        sa.select(members.c.account, members.c.key)
        .join(constituencies, constituencies.c.id == members.c.constituency_id)
        .where(
            constituencies.c.federation_id == federation_id,
            constituencies.c.slug == constituency,
            members.c.account.is_not(None),
        )
    )
    return {row.account: row.key for row in rows}


def member_keys(connection: Connection, federation_id: int, constituency: str) -> set[str]:
    """The keys of a constituency's registered members."""
    rows = connection.execute(
        sa.select(members.c.key)
        .join(constituencies, constituencies.c.id == members.c.constituency_id)
        .where(
            constituencies.c.federation_id == federation_id, constituencies.c.slug == constituency
        )
    )
    return {row.key for row in rows}


def listed_persons(
    connection: Connection, federation_id: int, key: tuple[str, str, str | None]
) -> set[str]:
    """Who stands on a party's list for a council (and constituency, or council-wide)."""
    party, council, constituency = key
    constituency_key: Any = 0
    if constituency is not None:
        constituency_key = (
            sa.select(constituencies.c.id)
            .where(
                constituencies.c.federation_id == federation_id,
                constituencies.c.slug == constituency,
            )
            .scalar_subquery()
        )
    rows = connection.execute(
        sa.select(persons.c.slug)
        .join(candidates, candidates.c.person_id == persons.c.id)
        .join(parties, parties.c.id == candidates.c.party_id)
        .join(councils, councils.c.id == candidates.c.council_id)
        .where(
            parties.c.federation_id == federation_id,
            parties.c.slug == party,
            councils.c.slug == council,
            candidates.c.constituency_key == constituency_key,
        )
    )
    return {row.slug for row in rows}
