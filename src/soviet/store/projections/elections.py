"""Elections, their votes and seats, and the mandates they give and end."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.journal import Entry, canonical_json
from soviet.store.bodies import mark_changed, mark_seats, mark_voted
from soviet.store.projections.registers import federation_id, id_of, slug_ids
from soviet.store.registry import applies, entity_id, insert_rows
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


@applies("ElectionOpened")
def election_opened(connection: Connection, entry: Entry, data: Any) -> None:
    federation = federation_id(connection, data["federation"])
    constituency = data["constituency"]
    connection.execute(
        elections.insert().values(
            id=entity_id(entry.seq),
            federation_id=federation,
            council_id=id_of(connection, councils, federation, data["council"]),
            constituency_id=None
            if constituency is None
            else id_of(connection, constituencies, federation, constituency),
            mode=data["mode"],
            opened_at=data["opened_at"],
            closed_at=None,
            draw=None,
        )
    )


def _vote_rows(
    connection: Connection, federation: int, election: int, rows: Any
) -> list[dict[str, int]]:
    constituency_ids = slug_ids(connection, constituencies, federation, (r[0] for r in rows))
    party_ids = slug_ids(connection, parties, federation, (r[1] for r in rows))
    return [
        {
            "election_id": election,
            "constituency_id": constituency_ids[constituency],
            "party_id": party_ids[party],
            "votes": votes,
        }
        for constituency, party, votes in rows
    ]


@applies("VotesCounted")
def votes_counted(connection: Connection, entry: Entry, data: Any) -> None:
    federation = federation_id(connection, data["federation"])
    election = data["election"]
    rows = _vote_rows(connection, federation, election, data["votes"])
    touched = sorted({row["constituency_id"] for row in rows})
    for start in range(0, len(touched), 5_000):
        connection.execute(
            election_votes.delete().where(
                election_votes.c.election_id == election,
                election_votes.c.constituency_id.in_(touched[start : start + 5_000]),
            )
        )
    if rows:
        insert_rows(connection, election_votes, rows)


@applies("BallotCast")
def ballot_cast(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        ballot_voters.insert().values(election_id=data["election"], member_id=data["member"])
    )


@applies("ElectionClosed")
def election_closed(connection: Connection, entry: Entry, data: Any) -> None:
    federation = federation_id(connection, data["federation"])
    election = data["election"]
    closed_at = data["closed_at"]
    draws = data["draws"]
    connection.execute(
        elections.update()
        .where(elections.c.id == election)
        .values(closed_at=closed_at, draw=canonical_json(draws) if draws else None)
    )
    if data["votes"]:
        insert_rows(
            connection, election_votes, _vote_rows(connection, federation, election, data["votes"])
        )
    constituency_ids = slug_ids(
        connection, constituencies, federation, list(data["constituency_seats"])
    )
    party_ids = slug_ids(connection, parties, federation, (p for _, p, _ in data["seats"]))
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
            for c, n in sorted(data["constituency_seats"].items())
        ],
    )
    if data["seats"]:
        insert_rows(
            connection,
            election_seats,
            [
                {
                    "election_id": election,
                    "constituency_id": constituency_ids[c],
                    "party_id": party_ids[p],
                    "seats": n,
                }
                for c, p, n in data["seats"]
            ],
        )
    end_mandates(connection, data["ended"], closed_at, "new-election")
    council = connection.execute(
        sa.select(elections.c.council_id).where(elections.c.id == election)
    ).scalar_one()
    mark_voted(connection, council)
    start_mandates(
        connection,
        entry.seq,
        (federation, council, election),
        data["mandates"],
        (closed_at, data["expires_at"]),
    )


def end_mandates(connection: Connection, ids: list[int], at: str, cause: str) -> None:
    """End open mandates at `at` for `cause`."""
    for start in range(0, len(ids), 5_000):
        chunk = ids[start : start + 5_000]
        touched = connection.execute(
            sa.select(mandates.c.council_id, mandates.c.party_id, mandates.c.is_voting).where(
                mandates.c.id.in_(chunk)
            )
        )
        for council, party, is_voting in touched:
            mark_changed(connection, int(council), at)
            if is_voting:
                mark_seats(connection, int(council), party, -1)
        connection.execute(
            mandates.update()
            .where(mandates.c.id.in_(ids[start : start + 5_000]))
            .values(until=at, end_cause=cause)
        )


def start_mandates(
    connection: Connection,
    seq: int,
    where: tuple[int, int, int | None],
    rows: Any,
    term: tuple[str, str | None],
) -> None:
    """Begin mandates given as [constituency, seat, party, person] rows.

    `where` is (federation, council, election or None); `term` is (since, expires_at).
    """
    if not rows:
        return
    federation, council, election = where
    since, expires_at = term
    mark_changed(connection, council, since)
    constituency_ids = slug_ids(connection, constituencies, federation, (r[0] for r in rows))
    party_ids = slug_ids(connection, parties, federation, (r[2] for r in rows))
    person_ids = slug_ids(connection, persons, federation, (r[3] for r in rows))
    for row in rows:
        mark_seats(connection, council, party_ids[row[2]], +1)
    insert_rows(
        connection,
        mandates,
        [
            {
                "id": entity_id(seq, ordinal),
                "council_id": council,
                "constituency_id": constituency_ids[c],
                "seat": seat,
                "party_id": party_ids[p],
                "person_id": person_ids[person],
                "election_id": election,
                "since": since,
                "until": None,
                "end_cause": None,
                "expires_at": expires_at,
            }
            for ordinal, (c, seat, p, person) in enumerate(rows)
        ],
    )
