"""Reads of the check-in desk: who wears which number in a council, the count of present
and entitled by delegation and fraction, and the log of attendance with who recorded it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.store.councils import held_at
from soviet.store.schema import (
    attendance,
    attendance_log,
    badges,
    constituencies,
    councils,
    mandates,
    parties,
    persons,
)


@dataclass(frozen=True)
class Badge:
    """A number worn in a council, and its wearer."""

    number: int
    person: str
    person_id: int


def badges_of(connection: Connection, council_id: int) -> list[Badge]:
    """Every badge of a council, by number."""
    rows = connection.execute(
        sa.select(badges.c.number, persons.c.slug, badges.c.person_id)
        .join(persons, persons.c.id == badges.c.person_id)
        .where(badges.c.council_id == council_id)
        .order_by(badges.c.number)
    )
    return [Badge(*row) for row in rows]


def wearers(connection: Connection, council_id: int, numbers: Sequence[int]) -> dict[int, Badge]:
    """The badges of a council among `numbers`, by number."""
    rows = connection.execute(
        sa.select(badges.c.number, persons.c.slug, badges.c.person_id)
        .join(persons, persons.c.id == badges.c.person_id)
        .where(badges.c.council_id == council_id, badges.c.number.in_(sorted(set(numbers))))
    )
    return {row[0]: Badge(*row) for row in rows}


def ended(connection: Connection, council_id: int, person_ids: Sequence[int]) -> dict[int, str]:
    """When the last mandate in a council of each of `person_ids` ended (those whose did)."""
    rows = connection.execute(
        sa.select(mandates.c.person_id, sa.func.max(mandates.c.until))
        .where(
            mandates.c.person_id.in_(sorted(set(person_ids))),
            mandates.c.council_id == council_id,
            mandates.c.until.is_not(None),
        )
        .group_by(mandates.c.person_id)
    )
    return {int(row[0]): str(row[1]) for row in rows}


@dataclass(frozen=True)
class Count:
    """Mandates of one delegation, fraction, constituency kind and vote held at a moment,
    and how many of them attend a session."""

    delegation: str
    fraction: str | None
    kind: str | None
    is_voting: bool
    entitled: int
    present: int


def counts(connection: Connection, council_id: int, session_id: int, at: str) -> list[Count]:
    """The mandates of a council held at `at`, counted by delegation, fraction, kind and
    vote, with those attending the session then (checked in, not gone)."""
    delegations = councils.alias("delegations")
    delegation = sa.func.coalesce(constituencies.c.slug, delegations.c.slug, "")
    present = sa.func.count(attendance.c.mandate_id)
    query = (
        sa.select(
            delegation,
            parties.c.slug,
            constituencies.c.kind,
            mandates.c.is_voting,
            sa.func.count(),
            present,
        )
        .select_from(mandates)
        .outerjoin(constituencies, constituencies.c.id == mandates.c.constituency_id)
        .outerjoin(delegations, delegations.c.id == mandates.c.delegation_id)
        .outerjoin(parties, parties.c.id == mandates.c.party_id)
        .outerjoin(
            attendance,
            sa.and_(
                attendance.c.session_id == session_id,
                attendance.c.mandate_id == mandates.c.id,
                attendance.c.checked_in_at <= at,
                attendance.c.left_at.is_(None),
            ),
        )
        .where(mandates.c.council_id == council_id, held_at(at))
        .group_by(delegation, parties.c.slug, constituencies.c.kind, mandates.c.is_voting)
    )
    return [
        Count(str(r[0]), r[1], r[2], bool(r[3]), int(r[4]), int(r[5]))
        for r in connection.execute(query)
    ]


@dataclass(frozen=True)
class Change:
    """A change of a delegate's attendance, as the desk's log holds it."""

    seq: int
    person: str
    fraction: str | None
    number: int | None
    change: str  # in | out | walk-out | return
    at: str
    actor: str


def recent(connection: Connection, session_id: int, council_id: int, limit: int) -> list[Change]:
    """The last `limit` changes of attendance of a session, the latest first, with each
    delegate's badge number in the council."""
    query = (
        sa.select(
            attendance_log.c.seq,
            persons.c.slug,
            parties.c.slug,
            badges.c.number,
            attendance_log.c.change,
            attendance_log.c.at,
            attendance_log.c.actor,
        )
        .join(mandates, mandates.c.id == attendance_log.c.mandate_id)
        .join(persons, persons.c.id == mandates.c.person_id)
        .outerjoin(parties, parties.c.id == mandates.c.party_id)
        .outerjoin(
            badges,
            sa.and_(badges.c.council_id == council_id, badges.c.person_id == mandates.c.person_id),
        )
        .where(attendance_log.c.session_id == session_id)
        .order_by(attendance_log.c.seq.desc(), persons.c.slug)
        .limit(limit)
    )
    return [Change(*row) for row in connection.execute(query)]


@dataclass(frozen=True)
class Seated:
    """A mandate held in a council, with its delegation (a constituency, or a congress
    seat's member council) and fraction."""

    person: str
    person_id: int
    delegation: str
    fraction: str | None


def seated(connection: Connection, council_id: int, at: str) -> list[Seated]:
    """The mandates of a council held at `at`, with their delegations, by person."""
    delegations = councils.alias("delegations")
    query = (
        sa.select(
            persons.c.slug,
            mandates.c.person_id,
            sa.func.coalesce(constituencies.c.slug, delegations.c.slug, ""),
            parties.c.slug,
        )
        .select_from(mandates)
        .join(persons, persons.c.id == mandates.c.person_id)
        .outerjoin(constituencies, constituencies.c.id == mandates.c.constituency_id)
        .outerjoin(delegations, delegations.c.id == mandates.c.delegation_id)
        .outerjoin(parties, parties.c.id == mandates.c.party_id)
        .where(mandates.c.council_id == council_id, held_at(at))
        .order_by(persons.c.slug)
    )
    return [Seated(row[0], int(row[1]), str(row[2]), row[3]) for row in connection.execute(query)]
