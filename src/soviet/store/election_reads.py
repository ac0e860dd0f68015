"""Reads for the read model of an election: its state, votes and seats per party, and its
results per constituency, a page of constituencies at a time (by slug, after the cursor's)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.ids import format_id
from soviet.errors import NotFound
from soviet.store.schema import (
    ballot_voters,
    constituencies,
    councils,
    election_constituencies,
    election_seats,
    election_votes,
    elections,
    parties,
)


@dataclass(frozen=True)
class ElectionRow:
    id: int
    council: str
    constituency: str | None
    mode: str
    opened_at: str
    closed_at: str | None
    draw: list[dict[str, Any]]
    sealed: bool = False
    ballots_closed_at: str | None = None


def _election_rows(*conditions: Any) -> Any:
    return (
        sa.select(
            elections.c.id,
            councils.c.slug,
            constituencies.c.slug,
            elections.c.mode,
            elections.c.opened_at,
            elections.c.closed_at,
            elections.c.draw,
            elections.c.ceremony_id,
            elections.c.ballots_closed_at,
        )
        .join(councils, councils.c.id == elections.c.council_id)
        .outerjoin(constituencies, constituencies.c.id == elections.c.constituency_id)
        .where(*conditions)
    )


def _election(row: Any) -> ElectionRow:
    draws = json.loads(row.draw) if row.draw else []
    return ElectionRow(
        row.id,
        row[1],
        row[2],
        row.mode,
        row.opened_at,
        row.closed_at,
        draws,
        row.ceremony_id is not None,
        row.ballots_closed_at,
    )


def election(connection: Connection, federation_id: int, election_id: int) -> ElectionRow:
    query = _election_rows(
        elections.c.id == election_id, elections.c.federation_id == federation_id
    )
    row = connection.execute(query).first()
    if row is None:
        raise NotFound(f"election {format_id(election_id)} does not exist")
    return _election(row)


def elections_in(
    connection: Connection, constituency_id: int, council_id: int, after: int | None, limit: int
) -> list[ElectionRow]:
    """The elections that covered a constituency (its own, or pooled over its council),
    by id, past `after`."""
    covered = sa.select(election_constituencies.c.election_id).where(
        election_constituencies.c.constituency_id == constituency_id
    )
    open_pooled = sa.and_(
        elections.c.council_id == council_id,
        elections.c.constituency_id.is_(None),
        elections.c.closed_at.is_(None),
    )
    conditions: list[Any] = [
        sa.or_(
            elections.c.constituency_id == constituency_id, elections.c.id.in_(covered), open_pooled
        )
    ]
    if after is not None:
        conditions.append(elections.c.id > after)
    query = _election_rows(*conditions).order_by(elections.c.id).limit(limit + 1)
    return [_election(row) for row in connection.execute(query)]


def _per_party(connection: Connection, table: Any, count: Any, election_id: int) -> dict[str, int]:
    rows = connection.execute(
        sa.select(parties.c.slug, sa.func.sum(count))
        .join(parties, parties.c.id == table.c.party_id)
        .where(table.c.election_id == election_id)
        .group_by(parties.c.slug)
        .order_by(parties.c.slug)
    )
    return {row[0]: int(row[1]) for row in rows}


def votes_per_party(connection: Connection, election_id: int) -> dict[str, int]:
    """Votes per party over the whole election: entered counts, or the box once closed."""
    return _per_party(connection, election_votes, election_votes.c.votes, election_id)


def seats_per_party(connection: Connection, election_id: int) -> dict[str, int]:
    return _per_party(connection, election_seats, election_seats.c.seats, election_id)


def ballots_cast(connection: Connection, election_id: int) -> int:
    return int(
        connection.execute(
            sa.select(sa.func.count()).where(ballot_voters.c.election_id == election_id)
        ).scalar_one()
    )


def _cells(
    connection: Connection, table: Any, count: Any, election_id: int, slugs: list[str]
) -> list[tuple[str, str, int]]:
    query = (
        sa.select(constituencies.c.slug, parties.c.slug, count)
        .join(constituencies, constituencies.c.id == table.c.constituency_id)
        .join(parties, parties.c.id == table.c.party_id)
        .where(table.c.election_id == election_id, constituencies.c.slug.in_(slugs))
    )
    return [(row[0], row[1], int(row[2])) for row in connection.execute(query)]


@dataclass(frozen=True)
class ResultRow:
    constituency: str
    seats: int | None  # None while the election is open
    votes: dict[str, int]
    won: dict[str, int]


def results_of(
    connection: Connection, election_id: int, after: str | None, limit: int
) -> list[ResultRow]:
    """Per constituency, past `after` by slug: its seats, votes and seats won per party."""
    seats = election_constituencies.c.seats
    query = (
        sa.select(constituencies.c.slug, seats)
        .join(constituencies, constituencies.c.id == election_constituencies.c.constituency_id)
        .where(election_constituencies.c.election_id == election_id)
    )
    voted = (
        sa.select(constituencies.c.slug, sa.null())
        .join(constituencies, constituencies.c.id == election_votes.c.constituency_id)
        .where(election_votes.c.election_id == election_id)
    )
    union = sa.union(query, voted).subquery()
    chosen = sa.select(union.c[0], sa.func.max(union.c[1])).group_by(union.c[0])
    if after is not None:
        chosen = chosen.where(union.c[0] > after)
    rows = connection.execute(chosen.order_by(union.c[0]).limit(limit + 1)).all()
    slugs = [row[0] for row in rows]
    votes = _cells(connection, election_votes, election_votes.c.votes, election_id, slugs)
    won = _cells(connection, election_seats, election_seats.c.seats, election_id, slugs)
    return [
        ResultRow(
            slug,
            None if count is None else int(count),
            {p: n for c, p, n in sorted(votes) if c == slug},
            {p: n for c, p, n in sorted(won) if c == slug},
        )
        for slug, count in rows
    ]


def constituency_result(
    connection: Connection, election_id: int, constituency: str
) -> ResultRow | None:
    """One constituency's seats, votes and seats won per party in an election (None: it
    was not in the election)."""
    count = connection.execute(
        sa.select(election_constituencies.c.seats)
        .join(constituencies, constituencies.c.id == election_constituencies.c.constituency_id)
        .where(
            election_constituencies.c.election_id == election_id,
            constituencies.c.slug == constituency,
        )
    ).scalar()
    if count is None:
        return None
    votes = _cells(connection, election_votes, election_votes.c.votes, election_id, [constituency])
    won = _cells(connection, election_seats, election_seats.c.seats, election_id, [constituency])
    return ResultRow(
        constituency, int(count), {p: n for _, p, n in votes}, {p: n for _, p, n in won}
    )


def elections_of(
    connection: Connection,
    federation_id: int,
    council_id: int | None,
    *,
    is_open: bool,
    after: int | None,
    limit: int,
) -> list[ElectionRow]:
    """A federation's elections (of one council, or only those still open), by id past
    `after`: one more than `limit`, to tell whether another page follows."""
    conditions: list[Any] = [elections.c.federation_id == federation_id]
    if council_id is not None:
        conditions.append(elections.c.council_id == council_id)
    if is_open:
        conditions.append(elections.c.closed_at.is_(None))
    if after is not None:
        conditions.append(elections.c.id > after)
    query = _election_rows(*conditions).order_by(elections.c.id).limit(limit + 1)
    return [_election(row) for row in connection.execute(query)]
