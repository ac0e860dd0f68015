"""Reads of alternates and proxies: who is seated on whose mandate in a session, whose
vote a delegate carries, and who cast a roll-call vote as a proxy's holder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.errors import NotFound
from soviet.store.councils import Mandate, held_at, open_mandates
from soviet.store.schema import (
    alternate_seats,
    constituencies,
    councils,
    mandates,
    parties,
    persons,
    proxies,
    proxy_votes,
    sessions,
)
from soviet.store.sessions import Seat, seat_query


@dataclass(frozen=True)
class AlternateSeat:
    """An alternate on a delegate's mandate in a session, from `seated_at` to `unseated_at`."""

    session_id: int
    mandate_id: int
    delegate: str
    delegate_id: int
    alternate: str
    alternate_id: int
    party: str | None
    seated_at: str
    unseated_at: str | None
    reason: str | None


_DELEGATE = persons.alias("delegate")
_ALTERNATE = persons.alias("alternate")
_GIVER = persons.alias("giver")
_HOLDER = persons.alias("holder")


def _alternate_query() -> Any:
    delegate, alternate = _DELEGATE, _ALTERNATE
    return (
        sa.select(
            alternate_seats.c.session_id,
            alternate_seats.c.mandate_id,
            delegate.c.slug,
            delegate.c.id,
            alternate.c.slug,
            alternate.c.id,
            parties.c.slug,
            alternate_seats.c.seated_at,
            alternate_seats.c.unseated_at,
            alternate_seats.c.reason,
        )
        .select_from(alternate_seats)
        .join(mandates, mandates.c.id == alternate_seats.c.mandate_id)
        .join(delegate, delegate.c.id == mandates.c.person_id)
        .join(alternate, alternate.c.id == alternate_seats.c.person_id)
        .outerjoin(parties, parties.c.id == mandates.c.party_id)
    )


def _seats(connection: Connection, query: Any) -> list[AlternateSeat]:
    ordered = query.order_by(alternate_seats.c.seated_at, alternate_seats.c.mandate_id)
    return [AlternateSeat(*row) for row in connection.execute(ordered)]


def seated(connection: Connection, session_id: int) -> list[AlternateSeat]:
    """The alternates seated in a session now, oldest first."""
    query = _alternate_query().where(
        alternate_seats.c.session_id == session_id, alternate_seats.c.unseated_at.is_(None)
    )
    return _seats(connection, query)


def seated_on(
    connection: Connection, session_id: int, mandate_ids: Sequence[int]
) -> list[AlternateSeat]:
    """The alternates seated now on any of the mandates in a session."""
    query = _alternate_query().where(
        alternate_seats.c.session_id == session_id,
        alternate_seats.c.unseated_at.is_(None),
        alternate_seats.c.mandate_id.in_(sorted(set(mandate_ids))),
    )
    return _seats(connection, query)


def seat_of_alternate(connection: Connection, session_id: int, person: str) -> AlternateSeat | None:
    """The mandate a person is seated on as an alternate in a session now, if any."""
    query = _alternate_query().where(
        alternate_seats.c.session_id == session_id,
        alternate_seats.c.unseated_at.is_(None),
        _ALTERNATE.c.slug == person,
    )
    found = _seats(connection, query)
    return found[0] if found else None


def ever_on(connection: Connection, session_id: int, mandate_id: int) -> list[int]:
    """Everyone (by id) who has been seated on a mandate in a session as an alternate."""
    rows = connection.execute(
        sa.select(alternate_seats.c.person_id).where(
            alternate_seats.c.session_id == session_id, alternate_seats.c.mandate_id == mandate_id
        )
    )
    return sorted({int(person) for person in rows.scalars()})


def is_seated_in_council(connection: Connection, council_id: int, person: str, at: str) -> bool:
    """Whether a person sits as an alternate in an open session of a council at `at`, on a
    mandate still held."""
    query = (
        sa.select(sa.literal(1))
        .select_from(alternate_seats)
        .join(sessions, sessions.c.id == alternate_seats.c.session_id)
        .join(persons, persons.c.id == alternate_seats.c.person_id)
        .join(mandates, mandates.c.id == alternate_seats.c.mandate_id)
        .where(
            persons.c.slug == person,
            sessions.c.council_id == council_id,
            sessions.c.closed_at.is_(None),
            alternate_seats.c.seated_at <= at,
            alternate_seats.c.unseated_at.is_(None),
            held_at(at),
        )
        .limit(1)
    )
    return connection.execute(query).first() is not None


@dataclass(frozen=True)
class Proxy:
    """A delegate's vote carried by another for a session, from `given_at` to `revoked_at`."""

    session_id: int
    mandate_id: int
    giver: str
    giver_id: int
    holder: str
    holder_id: int
    party: str | None
    party_id: int | None
    given_at: str
    revoked_at: str | None


def _proxy_query() -> Any:
    giver, holder = _GIVER, _HOLDER
    return (
        sa.select(
            proxies.c.session_id,
            proxies.c.mandate_id,
            giver.c.slug,
            giver.c.id,
            holder.c.slug,
            holder.c.id,
            parties.c.slug,
            mandates.c.party_id,
            proxies.c.given_at,
            proxies.c.revoked_at,
        )
        .select_from(proxies)
        .join(mandates, mandates.c.id == proxies.c.mandate_id)
        .join(giver, giver.c.id == proxies.c.giver_id)
        .join(holder, holder.c.id == proxies.c.holder_id)
        .outerjoin(parties, parties.c.id == mandates.c.party_id)
    )


def standing(
    connection: Connection,
    session_id: int,
    *,
    giver_id: int | None = None,
    holder_id: int | None = None,
) -> list[Proxy]:
    """The proxies standing (not revoked) in a session, of one giver or holder if named."""
    query = _proxy_query().where(proxies.c.session_id == session_id, proxies.c.revoked_at.is_(None))
    if giver_id is not None:
        query = query.where(proxies.c.giver_id == giver_id)
    if holder_id is not None:
        query = query.where(proxies.c.holder_id == holder_id)
    ordered = query.order_by(proxies.c.given_at, proxies.c.mandate_id)
    return [Proxy(*row) for row in connection.execute(ordered)]


def cast_by_holders(connection: Connection, motion_id: int) -> dict[str, str]:
    """Who cast each roll-call vote on a motion that a proxy's holder cast: the holder's
    slug by the slug of the delegate it was cast for."""
    rows = connection.execute(
        sa.select(_GIVER.c.slug, _HOLDER.c.slug)
        .select_from(proxy_votes)
        .join(_GIVER, _GIVER.c.id == proxy_votes.c.person_id)
        .join(_HOLDER, _HOLDER.c.id == proxy_votes.c.holder_id)
        .where(proxy_votes.c.motion_id == motion_id)
    )
    return {str(person): str(holder) for person, holder in rows}


def alternates_sitting(
    connection: Connection, session_id: int, at: str, among: Sequence[str]
) -> list[Seat]:
    """The seats on which those of `among` sit as alternates in a session at `at`, each
    naming the alternate (the mandate still held by the delegate she stands in for)."""
    query = seat_query(alternate_seats).where(
        alternate_seats.c.session_id == session_id,
        alternate_seats.c.seated_at <= at,
        alternate_seats.c.unseated_at.is_(None),
        persons.c.slug.in_(sorted(set(among))),
        held_at(at),
    )
    return [Seat(*row) for row in connection.execute(query)]


def constituency_mandates(
    connection: Connection, federation_id: int, constituency: str, at: str
) -> tuple[int, str, list[Mandate]]:
    """A constituency's council (id and slug) and the mandates held in it at `at`."""
    row = connection.execute(
        sa.select(constituencies.c.council_id, councils.c.slug)
        .join(councils, councils.c.id == constituencies.c.council_id)
        .where(
            constituencies.c.federation_id == federation_id,
            constituencies.c.slug == constituency,
        )
    ).first()
    if row is None:
        raise NotFound(f"constituency '{constituency}' does not exist")
    held = [m for m in open_mandates(connection, row[0], at) if m.constituency == constituency]
    return int(row[0]), str(row[1]), held


def sitters(connection: Connection, session_id: int) -> list[tuple[int, int]]:
    """(mandate, person) for every alternate ever seated in a session and the delegate she
    stood in for."""
    rows = connection.execute(
        sa.select(alternate_seats.c.mandate_id, alternate_seats.c.person_id, mandates.c.person_id)
        .join(mandates, mandates.c.id == alternate_seats.c.mandate_id)
        .where(alternate_seats.c.session_id == session_id)
    )
    found: list[tuple[int, int]] = []
    for mandate, alternate, delegate in rows:
        found += [(int(mandate), int(alternate)), (int(mandate), int(delegate))]
    return found


def seatings(connection: Connection, session_id: int) -> list[AlternateSeat]:
    """Every alternate seated in a session, while seated or since unseated, oldest first."""
    return _seats(connection, _alternate_query().where(alternate_seats.c.session_id == session_id))
