"""Elections, their votes and seats, and the mandates they give and end."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.events.codec import encode
from soviet.domain.events.elections import (
    BallotCast,
    CountedVotes,
    ElectionClosed,
    ElectionOpened,
    MandateBegun,
    VotesCounted,
)
from soviet.domain.journal import Entry, canonical_json
from soviet.store.among import any_of
from soviet.store.effects import NO_EFFECTS, Effects
from soviet.store.projections.registers import federation_id, id_of, slug_ids
from soviet.store.registry import (
    COPY_FROM,
    applies,
    entity_id,
    insert_rows,
    values_list,
    values_of,
)
from soviet.store.schema import (
    ballot_voters,
    constituencies,
    councils,
    election_constituencies,
    election_seats,
    election_votes,
    elections,
    mandates,
    parties,
    persons,
)


@applies(ElectionOpened)
def election_opened(connection: Connection, entry: Entry, event: ElectionOpened) -> Effects:
    federation = federation_id(connection, event.federation)
    constituency = event.constituency
    connection.execute(
        elections.insert().values(
            id=entity_id(entry.seq),
            federation_id=federation,
            council_id=id_of(connection, councils, federation, event.council),
            constituency_id=None
            if constituency is None
            else id_of(connection, constituencies, federation, constituency),
            mode=event.mode,
            opened_at=event.opened_at,
            closed_at=None,
            draw=None,
            ceremony_id=event.ceremony,
            sealed_parties=None if event.parties is None else json.dumps(list(event.parties)),
        )
    )
    return NO_EFFECTS


def _vote_rows(
    connection: Connection, federation: int, election: int, rows: Sequence[CountedVotes]
) -> list[dict[str, int]]:
    constituency_ids = slug_ids(
        connection, constituencies, federation, (r.constituency for r in rows)
    )
    party_ids = slug_ids(connection, parties, federation, (r.party for r in rows))
    return [
        {
            "election_id": election,
            "constituency_id": constituency_ids[r.constituency],
            "party_id": party_ids[r.party],
            "votes": r.votes,
        }
        for r in rows
    ]


@applies(VotesCounted)
def votes_counted(connection: Connection, entry: Entry, event: VotesCounted) -> Effects:
    federation = federation_id(connection, event.federation)
    election = event.election
    rows = _vote_rows(connection, federation, election, event.votes)
    touched = sorted({row["constituency_id"] for row in rows})
    for start in range(0, len(touched), 5_000):
        connection.execute(
            election_votes.delete().where(
                election_votes.c.election_id == election,
                any_of(
                    connection, election_votes.c.constituency_id, touched[start : start + 5_000]
                ),
            )
        )
    if rows:
        insert_rows(connection, election_votes, rows)
    return NO_EFFECTS


@applies(BallotCast)
def ballot_cast(connection: Connection, entry: Entry, event: BallotCast) -> Effects:
    connection.execute(
        ballot_voters.insert().values(
            election_id=event.election, member_id=event.member, receipt=event.receipt
        )
    )
    return NO_EFFECTS


@applies(ElectionClosed)
def election_closed(connection: Connection, entry: Entry, event: ElectionClosed) -> Effects:
    federation = federation_id(connection, event.federation)
    election = event.election
    closed_at = event.closed_at
    draws = [encode(draw) for draw in event.draws]
    connection.execute(
        elections.update()
        .where(elections.c.id == election)
        .values(closed_at=closed_at, draw=canonical_json(draws) if draws else None)
    )
    if event.votes:
        insert_rows(
            connection, election_votes, _vote_rows(connection, federation, election, event.votes)
        )
    constituency_ids = slug_ids(
        connection, constituencies, federation, list(event.constituency_seats)
    )
    party_ids = slug_ids(connection, parties, federation, (s.party for s in event.seats))
    insert_rows(
        connection,
        election_constituencies,
        [
            {
                "election_id": election,
                "constituency_id": constituency_ids[c],
                "seats": n,
                "closed_at": closed_at,
            }
            for c, n in sorted(event.constituency_seats.items())
        ],
    )
    if event.seats:
        insert_rows(
            connection,
            election_seats,
            [
                {
                    "election_id": election,
                    "constituency_id": constituency_ids[s.constituency],
                    "party_id": party_ids[s.party],
                    "seats": s.seats,
                }
                for s in event.seats
            ],
        )
    ended = end_mandates(connection, event.ended, closed_at, "new-election")
    council = connection.execute(
        sa.select(elections.c.council_id).where(elections.c.id == election)
    ).scalar_one()
    started = start_mandates(
        connection,
        entry.seq,
        (federation, council, election),
        event.mandates,
        (closed_at, event.expires_at),
    )
    return ended | Effects(voted=frozenset({int(council)})) | started


def end_mandates(
    connection: Connection,
    ids: Sequence[int],
    at: str,
    cause: str,
    *,
    then: list[dict[str, Any]] | None = None,
) -> Effects:
    """End open mandates at `at` for `cause`; and begin `then` (mandates' rows), in the
    same statement on PostgreSQL where they are few (a refresh ends one seat and begins
    another: a round trip less for each body a recall reaches)."""
    changed: dict[int, str] = {}
    seats: dict[int, dict[int | None, int]] = {}

    def count(touched: Iterable[Any]) -> None:
        for council, party, is_voting in touched:
            changed[int(council)] = at
            if is_voting:
                balance = seats.setdefault(int(council), {})
                balance[party] = balance.get(party, 0) - 1

    rows = then or []
    if connection.dialect.name == "postgresql" and 0 < len(rows) < COPY_FROM and ids:
        columns = tuple(rows[0])
        values = {"ids": list(ids), "until": at, "end_cause": cause, **values_of(rows, columns)}
        count(connection.exec_driver_sql(_ending_and_beginning(len(rows), columns), values))
        return Effects(changed=changed, seats=seats)
    for start in range(0, len(ids), 5_000):
        # One statement: the mandates ended, and where they were (both engines return).
        count(
            connection.execute(
                mandates.update()
                .where(any_of(connection, mandates.c.id, ids[start : start + 5_000]))
                .values(until=at, end_cause=cause)
                .returning(mandates.c.council_id, mandates.c.party_id, mandates.c.is_voting)
            )
        )
    insert_rows(connection, mandates, rows)
    return Effects(changed=changed, seats=seats)


@functools.cache
def _ending_and_beginning(count: int, columns: tuple[str, ...]) -> str:
    """PostgreSQL's statement that ends the mandates `ids` and inserts `count` rows of
    `columns`, returning where the ended ones were: the insert a CTE too (PostgreSQL runs
    every data-modifying CTE, read or not). Written once for each count of rows."""
    names = ", ".join(columns)
    rows = values_list(count, columns)
    return (
        "WITH ended AS (UPDATE mandates SET until = %(until)s, end_cause = %(end_cause)s"
        " WHERE id = ANY(%(ids)s::bigint[]) RETURNING council_id, party_id, is_voting),"
        f" started AS (INSERT INTO mandates ({names}) VALUES {rows})"
        " SELECT council_id, party_id, is_voting FROM ended"
    )


def start_mandates(
    connection: Connection,
    seq: int,
    where: tuple[int, int, int | None],
    rows: Iterable[MandateBegun],
    term: tuple[str, str | None],
) -> Effects:
    """Begin mandates, each a seat taken in a constituency by a person of a party.

    `where` is (federation, council, election or None); `term` is (since, expires_at).
    """
    rows = list(rows)
    if not rows:
        return NO_EFFECTS
    federation, council, election = where
    since, expires_at = term
    constituency_ids = slug_ids(
        connection, constituencies, federation, (r.constituency for r in rows)
    )
    party_ids = slug_ids(connection, parties, federation, (r.party for r in rows))
    person_ids = slug_ids(connection, persons, federation, (r.person for r in rows))
    balance: dict[int | None, int] = {}
    for row in rows:
        party = party_ids[row.party]
        balance[party] = balance.get(party, 0) + 1
    insert_rows(
        connection,
        mandates,
        [
            {
                "id": entity_id(seq, ordinal),
                "council_id": council,
                "constituency_id": constituency_ids[r.constituency],
                "seat": r.seat,
                "party_id": party_ids[r.party],
                "person_id": person_ids[r.person],
                "election_id": election,
                "since": since,
                "until": None,
                "end_cause": None,
                "expires_at": expires_at,
            }
            for ordinal, r in enumerate(rows)
        ],
    )
    return Effects(changed={council: since}, seats={council: balance})
