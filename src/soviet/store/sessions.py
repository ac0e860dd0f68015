"""Reads about sessions: the session, who attends it now, and which fractions walked out.

Attendance is read together with the mandate it was checked in on: a delegate whose
mandate ends (recall, replacement, resignation) stops attending at that moment, without
any row being rewritten.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.ids import format_id
from soviet.errors import NotFound
from soviet.store.among import any_of
from soviet.store.councils import held_at, of_council_by_person
from soviet.store.schema import (
    attendance,
    constituencies,
    councils,
    mandates,
    parties,
    persons,
    sessions,
    walk_outs,
)


@dataclass(frozen=True)
class Session:
    id: int
    council: str
    council_id: int
    section: str | None
    agenda: list[str]
    convened_at: str
    closed_at: str | None


def session(connection: Connection, federation_id: int, session_id: int) -> Session:
    row = connection.execute(
        sa.select(
            sessions.c.id,
            councils.c.slug,
            sessions.c.council_id,
            sessions.c.section,
            sessions.c.agenda,
            sessions.c.convened_at,
            sessions.c.closed_at,
        )
        .join(councils, councils.c.id == sessions.c.council_id)
        .where(sessions.c.id == session_id, councils.c.federation_id == federation_id)
    ).first()
    if row is None:
        raise NotFound(f"session {format_id(session_id)} does not exist")
    return Session(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5], row[6])


def sessions_of(connection: Connection, council_id: int) -> list[Session]:
    rows = connection.execute(
        sa.select(sessions.c.id).where(sessions.c.council_id == council_id).order_by(sessions.c.id)
    ).scalars()
    federation = connection.execute(
        sa.select(councils.c.federation_id).where(councils.c.id == council_id)
    ).scalar_one()
    return [session(connection, federation, int(found)) for found in rows]


@dataclass(frozen=True)
class Seat:
    """A mandate held in a council, as a session sees it."""

    mandate_id: int
    person: str
    person_id: int
    party: str | None
    party_id: int | None
    is_voting: bool
    kind: str | None  # the constituency's kind (None in a body formed from councils)


def seat_query(on: sa.Table | None = None) -> Any:
    """Seats with their mandate's party and kind, and the person: the mandate's holder, or
    whoever sits on it by a table `on` (session, mandate, person: who attends on it, or
    the alternate seated in the delegate's place)."""
    person = mandates.c.person_id if on is None else on.c.person_id
    query = sa.select(
        mandates.c.id,
        persons.c.slug,
        person,
        parties.c.slug,
        mandates.c.party_id,
        mandates.c.is_voting,
        constituencies.c.kind,
    ).select_from(mandates)
    if on is not None:
        query = query.join(on, on.c.mandate_id == mandates.c.id)
    return (
        query.join(persons, persons.c.id == person)
        .outerjoin(parties, parties.c.id == mandates.c.party_id)
        .outerjoin(constituencies, constituencies.c.id == mandates.c.constituency_id)
    )


def seats_held(
    connection: Connection, council_id: int, at: str, persons_named: Sequence[str] | None = None
) -> list[Seat]:
    """The mandates of a council held at `at` (of the named persons only, if given)."""
    query = seat_query().where(mandates.c.council_id == council_id, held_at(at))
    if persons_named is not None:
        query = query.where(persons.c.slug.in_(sorted(set(persons_named))))
    return [Seat(*row) for row in connection.execute(query.order_by(persons.c.slug))]


def seats_held_by(
    connection: Connection, council_id: int, at: str, person_ids: Sequence[int]
) -> list[Seat]:
    """The mandates of a council held at `at` by the persons `person_ids`, found through
    each person's own mandates (a handful of rows, however large the council)."""
    query = seat_query().where(
        mandates.c.person_id.in_(sorted(set(person_ids))),
        of_council_by_person(council_id),
        held_at(at),
    )
    return [Seat(*row) for row in connection.execute(query.order_by(persons.c.slug))]


def seats_held_by_slug(
    connection: Connection, federation_id: int, council_id: int, at: str, slug: str
) -> list[Seat]:
    """The mandates of a council held at `at` by the person of the federation named
    `slug`, found through her own mandates (a council's thousands of seats are not read)."""
    person = (
        sa.select(persons.c.id)
        .where(persons.c.federation_id == federation_id, persons.c.slug == slug)
        .scalar_subquery()
    )
    query = seat_query().where(
        mandates.c.person_id == person, of_council_by_person(council_id), held_at(at)
    )
    return [Seat(*row) for row in connection.execute(query)]


def _attending(session_id: Any, at: Any, *conditions: Any) -> Any:
    """The seats attending a session at `at`: checked in, not gone, and the mandate still
    held (and meeting `conditions`); each names who attends on it."""
    return seat_query(attendance).where(
        attendance.c.session_id == session_id,
        *conditions,
        attendance.c.checked_in_at <= at,
        attendance.c.left_at.is_(None),
        held_at(at),
    )


def present(connection: Connection, session_id: int, at: str) -> list[Seat]:
    """Who attends a session at `at`: checked in, not gone, and still holding the mandate."""
    query = _attending(session_id, at).order_by(persons.c.slug)
    return [Seat(*row) for row in connection.execute(query)]


def attending_among(
    connection: Connection, federation_id: int, session_id: int, at: str, among: Sequence[str]
) -> list[Seat]:
    """Those of the persons `among` who attend a session at `at`.

    The persons are found first, by their slugs, then their attendance by (session,
    person): a plan that stays small however stale the database's statistics are.
    """
    found: list[Seat] = []
    wanted = sorted(set(among))
    for start in range(0, len(wanted), 1_000):
        ids = connection.execute(
            sa.select(persons.c.id).where(
                persons.c.federation_id == federation_id,
                any_of(connection, persons.c.slug, wanted[start : start + 1_000]),
            )
        ).scalars()
        found.extend(attending_of(connection, session_id, at, list(ids)))
    return found


def attending_of(
    connection: Connection, session_id: int, at: str, person_ids: Sequence[int]
) -> list[Seat]:
    """Those of the persons `person_ids` who attend a session at `at`."""
    wanted = any_of(connection, attendance.c.person_id, sorted(set(person_ids)))
    query = _attending(session_id, at, wanted)
    return [Seat(*row) for row in connection.execute(query)]


@functools.cache
def _attendee_query() -> sa.Select[Any]:
    """Who attends, of one person: built once, its values bound at each call (a roll call
    asks it for every ballot)."""
    query: sa.Select[Any] = _attending(
        sa.bindparam("session", type_=sa.Integer),
        sa.bindparam("at", type_=sa.String),
        persons.c.slug == sa.bindparam("person", type_=sa.String),
    )
    return query


def attendee(connection: Connection, session_id: int, person: str, at: str) -> Seat | None:
    """The seat on which `person` attends a session at `at`, if she does."""
    values = {"session": session_id, "at": at, "person": person}
    row = connection.execute(_attendee_query(), values).first()
    return None if row is None else Seat(*row)


def walked_out(connection: Connection, session_id: int) -> dict[str, str]:
    """The fractions out of a session by a walk-out not yet ended, with when they left."""
    rows = connection.execute(
        sa.select(parties.c.slug, walk_outs.c.walked_out_at)
        .join(parties, parties.c.id == walk_outs.c.party_id)
        .where(walk_outs.c.session_id == session_id, walk_outs.c.returned_at.is_(None))
    )
    return {row[0]: row[1] for row in rows}


def left_by_walk_out(connection: Connection, session_id: int, party_id: int) -> list[int]:
    """The mandates of a fraction that its walk-out took out of a session."""
    rows = connection.execute(
        sa.select(attendance.c.mandate_id)
        .join(mandates, mandates.c.id == attendance.c.mandate_id)
        .where(
            attendance.c.session_id == session_id,
            attendance.c.left_by == "walk-out",
            mandates.c.party_id == party_id,
        )
    )
    return sorted(int(m) for m in rows.scalars())


def party_id(connection: Connection, federation_id: int, party: str) -> int:
    found = connection.execute(
        sa.select(parties.c.id).where(
            parties.c.federation_id == federation_id, parties.c.slug == party
        )
    ).scalar()
    if found is None:
        raise NotFound(f"party '{party}' does not exist")
    return int(found)


def person_id(connection: Connection, federation_id: int, person: str) -> int:
    found = connection.execute(
        sa.select(persons.c.id).where(
            persons.c.federation_id == federation_id, persons.c.slug == person
        )
    ).scalar()
    if found is None:
        raise NotFound(f"person '{person}' is not registered")
    return int(found)
