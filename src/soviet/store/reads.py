"""Reads for the read models of constituencies, petitions, persons, parties and the journal.

Long lists are read a page at a time by keyset: the rows after the last key a page gave,
one more than asked, so that the caller knows whether another page follows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.ids import format_id
from soviet.domain.journal import Entry
from soviet.domain.recall import CHOICES
from soviet.errors import NotFound
from soviet.store.councils import held_at
from soviet.store.schema import (
    candidates,
    constituencies,
    councils,
    fraction_positions,
    journal,
    mandates,
    members,
    motions,
    parties,
    party_members,
    persons,
    recall_petitions,
    recall_signatures,
    recall_votes,
)


@dataclass(frozen=True)
class ConstituencyRow:
    id: int
    slug: str
    name: str
    council: str
    kind: str
    electorate: int
    tags: dict[str, str]
    admitted_at: str


def constituency(connection: Connection, federation_id: int, slug: str) -> ConstituencyRow:
    row = connection.execute(
        sa.select(
            constituencies.c.id,
            constituencies.c.slug,
            constituencies.c.name,
            councils.c.slug,
            constituencies.c.kind,
            constituencies.c.electorate,
            constituencies.c.tags,
            constituencies.c.admitted_at,
        )
        .join(councils, councils.c.id == constituencies.c.council_id)
        .where(constituencies.c.federation_id == federation_id, constituencies.c.slug == slug)
    ).first()
    if row is None:
        raise NotFound(f"constituency '{slug}' does not exist")
    return ConstituencyRow(
        row[0], row[1], row[2], row[3], row.kind, row.electorate, json.loads(row.tags), row[7]
    )


@dataclass(frozen=True)
class MandateRow:
    id: int
    council: str
    constituency: str | None
    seat: int
    party: str | None
    person: str
    since: str
    until: str | None
    end_cause: str | None


def _mandate_rows(*conditions: Any) -> Any:
    return (
        sa.select(
            mandates.c.id,
            councils.c.slug,
            constituencies.c.slug,
            mandates.c.seat,
            parties.c.slug,
            persons.c.slug,
            mandates.c.since,
            mandates.c.until,
            mandates.c.end_cause,
        )
        .join(councils, councils.c.id == mandates.c.council_id)
        .outerjoin(constituencies, constituencies.c.id == mandates.c.constituency_id)
        .outerjoin(parties, parties.c.id == mandates.c.party_id)
        .join(persons, persons.c.id == mandates.c.person_id)
        .where(*conditions)
    )


def delegates_in(
    connection: Connection, constituency_id: int, council_id: int, at: str
) -> list[MandateRow]:
    """The mandates a constituency's delegates hold in its council at `at`, by seat (a
    body derived from the council holds seats of the same constituency too)."""
    query = _mandate_rows(
        mandates.c.constituency_id == constituency_id,
        mandates.c.council_id == council_id,
        held_at(at),
    )
    return [MandateRow(*row) for row in connection.execute(query.order_by(mandates.c.seat))]


def mandates_of(
    connection: Connection, person_id: int, after: int | None, limit: int
) -> list[MandateRow]:
    """A person's mandates, past and present, by id (the order they began), past `after`."""
    conditions = [mandates.c.person_id == person_id]
    if after is not None:
        conditions.append(mandates.c.id > after)
    query = _mandate_rows(*conditions).order_by(mandates.c.id).limit(limit + 1)
    return [MandateRow(*row) for row in connection.execute(query)]


def constituencies_of_person(connection: Connection, person_id: int) -> list[str]:
    """Every constituency a person was ever elected in, by slug."""
    query = (
        sa.select(constituencies.c.slug)
        .join(mandates, mandates.c.constituency_id == constituencies.c.id)
        .where(mandates.c.person_id == person_id)
        .distinct()
        .order_by(constituencies.c.slug)
    )
    return list(connection.execute(query).scalars())


@dataclass(frozen=True)
class PetitionRow:
    id: int
    council: str
    constituency: str | None
    person: str
    threshold: int
    opened_at: str
    closed_at: str | None
    outcome: str | None
    signatures: int


def _petition_rows(*conditions: Any) -> Any:
    signed = (
        sa.select(sa.func.count())
        .where(
            recall_signatures.c.petition_id == recall_petitions.c.id,
            recall_signatures.c.withdrawn_at.is_(None),
        )
        .scalar_subquery()
    )
    return (
        sa.select(
            recall_petitions.c.id,
            councils.c.slug,
            constituencies.c.slug,
            persons.c.slug,
            recall_petitions.c.threshold,
            recall_petitions.c.opened_at,
            recall_petitions.c.closed_at,
            recall_petitions.c.outcome,
            signed,
        )
        .join(mandates, mandates.c.id == recall_petitions.c.mandate_id)
        .join(councils, councils.c.id == mandates.c.council_id)
        .outerjoin(constituencies, constituencies.c.id == mandates.c.constituency_id)
        .join(persons, persons.c.id == mandates.c.person_id)
        .where(*conditions)
        .order_by(recall_petitions.c.id)
    )


def open_petitions_in(connection: Connection, constituency_id: int) -> list[PetitionRow]:
    """The petitions against a constituency's delegates that are still open."""
    query = _petition_rows(
        mandates.c.constituency_id == constituency_id, recall_petitions.c.closed_at.is_(None)
    )
    return [PetitionRow(*row) for row in connection.execute(query)]


def petition(connection: Connection, federation_id: int, petition_id: int) -> PetitionRow:
    query = _petition_rows(
        recall_petitions.c.id == petition_id, councils.c.federation_id == federation_id
    )
    row = connection.execute(query).first()
    if row is None:
        raise NotFound(f"recall petition {format_id(petition_id)} does not exist")
    return PetitionRow(*row)


def recall_vote_counts(connection: Connection, petition_id: int) -> dict[str, int]:
    """How many chose `recall` and `keep` in a petition's recall vote: as decided (a
    sealed vote's, decrypted by its trustees), else its open choices so far."""
    decided = connection.execute(
        sa.select(recall_petitions.c.recall_count, recall_petitions.c.keep_count).where(
            recall_petitions.c.id == petition_id
        )
    ).first()
    if decided is not None and decided.recall_count is not None:
        return {"recall": int(decided.recall_count), "keep": int(decided.keep_count or 0)}
    rows = connection.execute(
        sa.select(recall_votes.c.choice, sa.func.count())
        .where(recall_votes.c.petition_id == petition_id, recall_votes.c.choice.in_(CHOICES))
        .group_by(recall_votes.c.choice)
    )
    counts = {"recall": 0, "keep": 0}
    counts.update({row[0]: int(row[1]) for row in rows})
    return counts


@dataclass(frozen=True)
class PartyRow:
    id: int
    slug: str
    name: str
    programme: str
    committee: str | None  # the council whose members hold its central committee's powers


def party(connection: Connection, federation_id: int, slug: str) -> PartyRow:
    row = connection.execute(
        sa.select(
            parties.c.id, parties.c.slug, parties.c.name, parties.c.programme, councils.c.slug
        )
        .outerjoin(councils, councils.c.id == parties.c.committee_council_id)
        .where(parties.c.federation_id == federation_id, parties.c.slug == slug)
    ).first()
    if row is None:
        raise NotFound(f"party '{slug}' is not registered")
    return PartyRow(*row)


def party_member_count(connection: Connection, party_id: int) -> int:
    return int(
        connection.execute(
            sa.select(sa.func.count()).where(party_members.c.party_id == party_id)
        ).scalar_one()
    )


def party_seats(connection: Connection, party_id: int, at: str) -> dict[str, int]:
    """The seats a party's delegates hold at `at`, per council."""
    rows = connection.execute(
        sa.select(councils.c.slug, sa.func.count())
        .join(councils, councils.c.id == mandates.c.council_id)
        .where(mandates.c.party_id == party_id, held_at(at))
        .group_by(councils.c.slug)
        .order_by(councils.c.slug)
    )
    return {row[0]: int(row[1]) for row in rows}


def party_lists(connection: Connection, party_id: int) -> list[tuple[str, str | None, list[str]]]:
    """A party's candidate lists: (council, constituency or None, candidates in order)."""
    rows = connection.execute(
        sa.select(councils.c.slug, constituencies.c.slug, persons.c.slug)
        .join(councils, councils.c.id == candidates.c.council_id)
        .outerjoin(constituencies, constituencies.c.id == candidates.c.constituency_key)
        .join(persons, persons.c.id == candidates.c.person_id)
        .where(candidates.c.party_id == party_id, candidates.c.declined_at.is_(None))
        .order_by(councils.c.slug, candidates.c.constituency_key, candidates.c.position)
    )
    lists: dict[tuple[str, str | None], list[str]] = {}
    for council, where, person in rows:
        lists.setdefault((council, where), []).append(person)
    return [(council, where, names) for (council, where), names in lists.items()]


@dataclass(frozen=True)
class PersonRow:
    id: int
    slug: str
    name: str


def person(connection: Connection, federation_id: int, slug: str) -> PersonRow:
    row = connection.execute(
        sa.select(persons.c.id, persons.c.slug, persons.c.name).where(
            persons.c.federation_id == federation_id, persons.c.slug == slug
        )
    ).first()
    if row is None:
        raise NotFound(f"person '{slug}' is not registered")
    return PersonRow(*row)


def parties_of(connection: Connection, person_id: int) -> list[tuple[str, str]]:
    """The parties a person belongs to, with when she joined, by party."""
    rows = connection.execute(
        sa.select(parties.c.slug, party_members.c.since)
        .join(parties, parties.c.id == party_members.c.party_id)
        .where(party_members.c.person_id == person_id)
        .order_by(parties.c.slug)
    )
    return [(row[0], row[1]) for row in rows]


def journal_after(connection: Connection, after: int | None, limit: int) -> list[Entry]:
    """The journal's entries after seq `after` (from the first if None), in order."""
    query = sa.select(
        journal.c.seq,
        journal.c.recorded_at,
        journal.c.actor,
        journal.c.kind,
        journal.c.payload,
        journal.c.prev_hash,
        journal.c.hash,
    ).order_by(journal.c.seq)
    if after is not None:
        query = query.where(journal.c.seq > after)
    return [Entry(*row) for row in connection.execute(query.limit(limit + 1))]


def register_after(
    connection: Connection,
    constituency_id: int,
    after: str | None,
    limit: int,
    *,
    account: str | None = None,
) -> list[tuple[str, str, str | None, list[str], str | None, str]]:
    """Members of a register by key after `after` (key, name, birth date, categories,
    account, since), `limit + 1` at most; only those bound to `account` if it is given."""
    query = sa.select(
        members.c.key,
        members.c.name,
        members.c.birth_date,
        members.c.categories,
        members.c.account,
        members.c.since,
    ).where(members.c.constituency_id == constituency_id)
    if after is not None:
        query = query.where(members.c.key > after)
    if account is not None:
        query = query.where(members.c.account == account)
    rows = connection.execute(query.order_by(members.c.key).limit(limit + 1))
    return [(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5]) for r in rows]


def signatures_after(
    connection: Connection, petition_id: int, after: str | None, limit: int
) -> list[tuple[str, str, str, str | None]]:
    """A petition's signatures by member key after `after` (key, name, signed, withdrawn),
    `limit + 1` at most."""
    query = (
        sa.select(
            members.c.key,
            members.c.name,
            recall_signatures.c.signed_at,
            recall_signatures.c.withdrawn_at,
        )
        .join(members, members.c.id == recall_signatures.c.member_id)
        .where(recall_signatures.c.petition_id == petition_id)
    )
    if after is not None:
        query = query.where(members.c.key > after)
    rows = connection.execute(query.order_by(members.c.key).limit(limit + 1))
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def party_positions(
    connection: Connection, party_id: int, limit: int
) -> list[tuple[str, str, str, str, str]]:
    """The positions the party's fractions took on motions, the latest first: (council,
    motion slug, title, position, taken_at)."""
    rows = connection.execute(
        sa.select(
            councils.c.slug,
            motions.c.slug,
            motions.c.title,
            fraction_positions.c.position,
            fraction_positions.c.taken_at,
        )
        .join(motions, motions.c.id == fraction_positions.c.motion_id)
        .join(councils, councils.c.id == motions.c.council_id)
        .where(fraction_positions.c.party_id == party_id)
        .order_by(fraction_positions.c.taken_at.desc(), motions.c.id.desc())
        .limit(limit)
    )
    return [(row[0], row[1], row[2], row[3], row[4]) for row in rows]
