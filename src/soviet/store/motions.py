"""Reads about motions and their votes, and the secret ballot box of a motion.

The box keeps counters per (motion, choice) only: no row, id, order or time links a
secret ballot to the delegate who cast it. The journal records that she voted
(SecretBallotCast) and, at the close, the counts (VoteClosed).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.sessions import CHOICES, Tally
from soviet.errors import NotFound
from soviet.store.among import any_of
from soviet.store.schema import (
    councils,
    fraction_positions,
    journal_head,
    motion_votes,
    motions,
    parties,
    persons,
    poll_register,
    resolutions,
    roll_call,
    sealed_ballots,
    secret_box,
    secret_voters,
)


@dataclass(frozen=True)
class Motion:
    id: int
    council: str
    council_id: int
    session_id: int
    slug: str
    kind: str
    title: str
    text: str
    mover_kind: str
    mover: str
    amends_id: int | None
    decision: str | None
    terms: dict[str, Any]
    moved_at: str
    outcome: str | None
    decided_at: str | None

    @property
    def address(self) -> str:
        return f"{self.council}/{self.slug}"


_COLUMNS = (
    motions.c.id,
    councils.c.slug,
    motions.c.council_id,
    motions.c.session_id,
    motions.c.slug,
    motions.c.kind,
    motions.c.title,
    motions.c.text,
    motions.c.mover_kind,
    motions.c.mover,
    motions.c.amends_id,
    motions.c.decision,
    motions.c.terms,
    motions.c.moved_at,
    motions.c.outcome,
    motions.c.decided_at,
)


def _motion(row: Any) -> Motion:
    values = list(row)
    values[12] = json.loads(values[12])
    return Motion(*values)


def _select() -> Any:
    return sa.select(*_COLUMNS).join(councils, councils.c.id == motions.c.council_id)


def motion(connection: Connection, federation_id: int, council: str, slug: str) -> Motion:
    row = connection.execute(
        _select().where(
            councils.c.federation_id == federation_id,
            councils.c.slug == council,
            motions.c.slug == slug,
        )
    ).first()
    if row is None:
        raise NotFound(f"motion '{council}/{slug}' does not exist")
    return _motion(row)


def motion_by_id(connection: Connection, motion_id: int) -> Motion:
    return _motion(connection.execute(_select().where(motions.c.id == motion_id)).one())


def slug_taken(connection: Connection, council_id: int, slug: str) -> bool:
    found = connection.execute(
        sa.select(motions.c.id).where(motions.c.council_id == council_id, motions.c.slug == slug)
    ).first()
    return found is not None


def pending_amendments(connection: Connection, motion_id: int) -> list[Motion]:
    """The amendments to a motion not yet decided, in the order they were moved."""
    return motions_where(connection, motions.c.amends_id == motion_id, motions.c.outcome.is_(None))


def amendments(connection: Connection, motion_id: int) -> list[Motion]:
    return motions_where(connection, motions.c.amends_id == motion_id)


def motions_of_session(connection: Connection, session_id: int) -> list[Motion]:
    return motions_where(connection, motions.c.session_id == session_id)


def motions_in(connection: Connection, council_id: int) -> list[Motion]:
    return motions_where(connection, motions.c.council_id == council_id)


def motions_where(connection: Connection, *conditions: Any) -> list[Motion]:
    """Motions matching `conditions` (on the motions table), in the order they were moved."""
    query = _select().where(*conditions).order_by(motions.c.id)
    return [_motion(row) for row in connection.execute(query)]


@dataclass(frozen=True)
class Vote:
    motion_id: int
    mode: str
    opened_at: str
    present: int
    seats: int
    closed_at: str | None
    yes: int | None
    no: int | None
    abstain: int | None
    entitled: int | None  # how many its register holds (None: opened before registers)
    is_practice: bool
    results: str  # at-close | on-publication
    published_at: str | None
    ceremony_id: int | None  # the key ceremony of a sealed poll (None: not sealed)
    closed_hash: str | None  # the journal's head at the close


def vote(connection: Connection, motion_id: int) -> Vote | None:
    row = connection.execute(
        sa.select(*motion_votes.columns).where(motion_votes.c.motion_id == motion_id)
    ).first()
    return None if row is None else Vote(*row)


def open_vote_in(connection: Connection, session_id: int) -> Motion | None:
    """The motion whose vote is open in a session, if any: its current motion."""
    found = connection.execute(
        sa.select(motion_votes.c.motion_id)
        .join(motions, motions.c.id == motion_votes.c.motion_id)
        .where(motions.c.session_id == session_id, motion_votes.c.closed_at.is_(None))
    ).scalar()
    return None if found is None else motion_by_id(connection, int(found))


def _weight(table: sa.Table) -> tuple[Any, Any]:
    """What each ballot in `table` counts for: the weights of her entries in the poll's
    register (one without a register, as a vote opened before registers were kept)."""
    on = sa.and_(
        poll_register.c.motion_id == table.c.motion_id,
        poll_register.c.person_id == table.c.person_id,
    )
    return sa.func.coalesce(poll_register.c.weight, 1), on


def roll_call_tally(connection: Connection, motion_id: int) -> Tally:
    weight, on = _weight(roll_call)
    rows = connection.execute(
        sa.select(roll_call.c.choice, sa.func.sum(weight))
        .select_from(roll_call.outerjoin(poll_register, on))
        .where(roll_call.c.motion_id == motion_id)
        .group_by(roll_call.c.choice)
    )
    counts = {choice: int(count) for choice, count in rows}
    return Tally(counts.get("yes", 0), counts.get("no", 0), counts.get("abstain", 0))


def roll_call_rows(connection: Connection, motion_id: int) -> list[tuple[str, str | None, str]]:
    """(person, fraction, choice) of every roll-call vote on a motion, by person."""
    rows = connection.execute(
        sa.select(persons.c.slug, parties.c.slug, roll_call.c.choice)
        .join(persons, persons.c.id == roll_call.c.person_id)
        .outerjoin(parties, parties.c.id == roll_call.c.party_id)
        .where(roll_call.c.motion_id == motion_id)
        .order_by(persons.c.slug)
    )
    return [(row[0], row[1], row[2]) for row in rows]


def roll_call_weighed(
    connection: Connection, motion_id: int
) -> list[tuple[str, str | None, str, int]]:
    """(person, fraction, choice, votes it counts for) of every roll-call vote on a motion,
    by person: what an open vote's board shows."""
    weight, on = _weight(roll_call)
    rows = connection.execute(
        sa.select(persons.c.slug, parties.c.slug, roll_call.c.choice, weight)
        .select_from(roll_call.outerjoin(poll_register, on))
        .join(persons, persons.c.id == roll_call.c.person_id)
        .outerjoin(parties, parties.c.id == roll_call.c.party_id)
        .where(roll_call.c.motion_id == motion_id)
        .order_by(persons.c.slug)
    )
    return [(row[0], row[1], row[2], int(row[3])) for row in rows]


def voters(
    connection: Connection, motion_id: int, among: Sequence[int], *, secret: bool
) -> set[int]:
    """Those of the persons `among` who have voted on a motion (by roll call, or in its
    secret box)."""
    table = secret_voters if secret else roll_call
    found: set[int] = set()
    wanted = sorted(set(among))
    for start in range(0, len(wanted), 1_000):
        rows = connection.execute(
            sa.select(table.c.person_id).where(
                table.c.motion_id == motion_id,
                any_of(connection, table.c.person_id, wanted[start : start + 1_000]),
            )
        )
        found.update(int(person) for person in rows.scalars())
    return found


def ballots_cast(connection: Connection, motion_id: int, *, secret: bool) -> int:
    table = secret_voters if secret else roll_call
    return int(
        connection.execute(
            sa.select(sa.func.count()).select_from(table).where(table.c.motion_id == motion_id)
        ).scalar_one()
    )


def ballots_at_head(connection: Connection, motion_id: int, *, secret: bool) -> tuple[int, int]:
    """How many ballots a motion's poll has, and the journal's head they count up to: in
    one statement, so one snapshot even where each statement takes its own."""
    table = secret_voters if secret else roll_call
    counted = sa.select(sa.func.count()).select_from(table).where(table.c.motion_id == motion_id)
    head = sa.select(journal_head.c.seq).where(journal_head.c.id == 1)
    row = connection.execute(sa.select(counted.scalar_subquery(), head.scalar_subquery())).one()
    return int(row[0]), int(row[1] or 0)


def resolution_number(connection: Connection, motion_id: int) -> int | None:
    """The number of the resolution a motion became, if it was adopted as one."""
    found = connection.execute(
        sa.select(resolutions.c.number).where(resolutions.c.motion_id == motion_id)
    ).scalar()
    return None if found is None else int(found)


def not_carried_out(connection: Connection, motion_id: int) -> str | None:
    """Why the resolution a motion became was not carried out (None: it was, or none)."""
    found = connection.execute(
        sa.select(resolutions.c.not_carried_out).where(resolutions.c.motion_id == motion_id)
    ).scalar()
    return None if found is None else str(found)


def positions(connection: Connection, motion_id: int) -> dict[str, str]:
    rows = connection.execute(
        sa.select(parties.c.slug, fraction_positions.c.position)
        .join(parties, parties.c.id == fraction_positions.c.party_id)
        .where(fraction_positions.c.motion_id == motion_id)
    )
    return {row[0]: row[1] for row in rows}


def set_up_box(connection: Connection, motion_id: int) -> None:
    """The box of a secret vote: one counter per choice, made before any ballot, in a
    fixed order, so that where its rows lie says nothing about the ballots."""
    for choice in CHOICES:
        connection.execute(
            secret_box.insert().values(motion_id=motion_id, choice=choice, ballots=0)
        )


def drop_in_box(connection: Connection, motion_id: int, choice: str, weight: int = 1) -> None:
    """Add a secret ballot for `choice`, counting `weight` votes; nothing records who cast it.

    One statement rewrites every counter of the motion (adding 0 to the others), so that
    no trace of the write (PostgreSQL's row versions and their transaction ids, their
    places on the page) tells which counter a ballot went to.
    """
    connection.execute(
        secret_box.update()
        .where(secret_box.c.motion_id == motion_id)
        .values(
            ballots=secret_box.c.ballots + sa.case((secret_box.c.choice == choice, weight), else_=0)
        )
    )


def box_tally(connection: Connection, motion_id: int) -> Tally:
    rows = connection.execute(
        sa.select(secret_box.c.choice, secret_box.c.ballots).where(
            secret_box.c.motion_id == motion_id
        )
    )
    counts = {choice: int(count) for choice, count in rows}
    return Tally(counts.get("yes", 0), counts.get("no", 0), counts.get("abstain", 0))


def box_matches_voters(connection: Connection) -> list[str]:
    """Motions whose secret tally (the box's counters, or a sealed poll's encrypted
    ballots by their weights) does not add up to the voters journaled."""
    boxes: dict[int, int] = dict(
        connection.execute(
            sa.select(secret_box.c.motion_id, sa.func.sum(secret_box.c.ballots)).group_by(
                secret_box.c.motion_id
            )
        ).all()
    )
    sealed = connection.execute(
        sa.select(sealed_ballots.c.motion_id, sa.func.sum(sealed_ballots.c.weight)).group_by(
            sealed_ballots.c.motion_id
        )
    ).all()
    for motion, weight in sealed:
        boxes[motion] = int(boxes.get(motion, 0)) + int(weight)
    weight, on = _weight(secret_voters)
    voters: dict[int, int] = dict(
        connection.execute(
            sa.select(secret_voters.c.motion_id, sa.func.sum(weight))
            .select_from(secret_voters.outerjoin(poll_register, on))
            .group_by(secret_voters.c.motion_id)
        ).all()
    )
    return [
        f"secret ballot box of motion {motion}: {int(boxes.get(motion, 0))} votes, "
        f"{int(voters.get(motion, 0))} journaled by the voters' weights"
        for motion in sorted(set(boxes) | set(voters))
        if int(boxes.get(motion, 0)) != int(voters.get(motion, 0))
    ]
