"""The secret ballot box: who voted is a projection of the journal, what they chose is not.

A ballot adds one to a counter of (election, constituency, party). No row, id, order or
time stored anywhere links a choice to the member who made it; the journal records only
that she voted (BallotCast), and at the close the counts (ElectionClosed).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.ids import format_id
from soviet.store.schema import (
    ballot_box,
    ballot_voters,
    constituencies,
    election_sealed_ballots,
    parties,
)


def has_voted(connection: Connection, election_id: int, member_id: int) -> bool:
    found = connection.execute(
        sa.select(ballot_voters.c.member_id).where(
            ballot_voters.c.election_id == election_id, ballot_voters.c.member_id == member_id
        )
    ).first()
    return found is not None


def drop_in_box(
    connection: Connection, election_id: int, federation_id: int, constituency: str, party: str
) -> None:
    """Add one ballot for `party` to the secret tally; nothing records who cast it."""
    constituency_id = connection.execute(
        sa.select(constituencies.c.id).where(
            constituencies.c.federation_id == federation_id, constituencies.c.slug == constituency
        )
    ).scalar_one()
    party_id = connection.execute(
        sa.select(parties.c.id).where(
            parties.c.federation_id == federation_id, parties.c.slug == party
        )
    ).scalar_one()
    key = (
        (ballot_box.c.election_id == election_id)
        & (ballot_box.c.constituency_id == constituency_id)
        & (ballot_box.c.party_id == party_id)
    )
    updated = connection.execute(
        ballot_box.update().where(key).values(ballots=ballot_box.c.ballots + 1)
    )
    if updated.rowcount == 0:
        connection.execute(
            ballot_box.insert().values(
                election_id=election_id,
                constituency_id=constituency_id,
                party_id=party_id,
                ballots=1,
            )
        )


def _totals(connection: Connection, query: Any) -> dict[int, int]:
    return {int(election): int(count) for election, count in connection.execute(query)}


def box_matches_voters(connection: Connection) -> list[str]:
    """Ballot elections whose secret tally (or, sealed, whose encrypted ballots) does not
    add up to the voters journaled."""
    boxes = _totals(
        connection,
        sa.select(ballot_box.c.election_id, sa.func.sum(ballot_box.c.ballots)).group_by(
            ballot_box.c.election_id
        ),
    )
    voters = _totals(
        connection,
        sa.select(ballot_voters.c.election_id, sa.func.count()).group_by(
            ballot_voters.c.election_id
        ),
    )
    # A sealed election's ballots are encrypted, one per voter, and never in the box.
    sealed = _totals(
        connection,
        sa.select(election_sealed_ballots.c.election_id, sa.func.count()).group_by(
            election_sealed_ballots.c.election_id
        ),
    )
    for election, count in sealed.items():
        boxes[election] = boxes.get(election, 0) + count
    return [
        f"ballot box of election {format_id(election)}: {boxes.get(election, 0)} ballots, "
        f"{voters.get(election, 0)} voters journaled"
        for election in sorted(set(boxes) | set(voters))
        if boxes.get(election, 0) != voters.get(election, 0)
    ]
