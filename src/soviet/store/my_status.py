"""What a voter may ask of her own ballot: whether it was cast, when, and for an open
vote how. Reads of the projections only; a secret ballot's choice is in no row to read."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.store.schema import (
    attendance,
    ballot_voters,
    constituencies,
    councils,
    elections,
    federations,
    mandates,
    members,
    motion_votes,
    motions,
    persons,
    recall_petitions,
    recall_signatures,
    recall_votes,
    roll_call,
    secret_voters,
)


def members_of_account(connection: Connection, federation_id: int, account: str) -> list[int]:
    """The members of the federation's registers bound to `account`."""
    rows = connection.execute(
        sa.select(members.c.id)
        .join(constituencies, constituencies.c.id == members.c.constituency_id)
        .where(constituencies.c.federation_id == federation_id, members.c.account == account)
    )
    return [row.id for row in rows]


@dataclass(frozen=True)
class ElectionState:
    mode: str
    closed_at: str | None
    has_voted: bool
    receipt: str | None = None  # a sealed election's: her encrypted ballot's


def election_state(
    connection: Connection, federation_id: int, election_id: int, member_ids: list[int]
) -> ElectionState | None:
    row = connection.execute(
        sa.select(elections.c.mode, elections.c.closed_at).where(
            elections.c.id == election_id, elections.c.federation_id == federation_id
        )
    ).first()
    if row is None:
        return None
    voted = connection.execute(
        sa.select(ballot_voters.c.receipt).where(
            ballot_voters.c.election_id == election_id, ballot_voters.c.member_id.in_(member_ids)
        )
    ).first()
    return ElectionState(
        row.mode, row.closed_at, voted is not None, None if voted is None else voted.receipt
    )


@dataclass(frozen=True)
class PetitionState:
    closed_at: str | None
    outcome: str | None
    signed_at: str | None
    withdrawn_at: str | None
    vote: str | None  # recall | keep | sealed (an encrypted ballot's)
    voted_at: str | None
    receipt: str | None = None  # a sealed vote's: her encrypted ballot's


def petition_state(
    connection: Connection, federation_id: int, petition_id: int, member_ids: list[int]
) -> PetitionState | None:
    row = connection.execute(
        sa.select(recall_petitions.c.closed_at, recall_petitions.c.outcome)
        .join(mandates, mandates.c.id == recall_petitions.c.mandate_id)
        .join(councils, councils.c.id == mandates.c.council_id)
        .where(recall_petitions.c.id == petition_id, councils.c.federation_id == federation_id)
    ).first()
    if row is None:
        return None
    signed = connection.execute(
        sa.select(recall_signatures.c.signed_at, recall_signatures.c.withdrawn_at).where(
            recall_signatures.c.petition_id == petition_id,
            recall_signatures.c.member_id.in_(member_ids),
        )
    ).first()
    voted = connection.execute(
        sa.select(recall_votes.c.choice, recall_votes.c.cast_at, recall_votes.c.receipt).where(
            recall_votes.c.petition_id == petition_id, recall_votes.c.member_id.in_(member_ids)
        )
    ).first()
    return PetitionState(
        row.closed_at,
        row.outcome,
        None if signed is None else signed.signed_at,
        None if signed is None else signed.withdrawn_at,
        None if voted is None else voted.choice,
        None if voted is None else voted.cast_at,
        None if voted is None else voted.receipt,
    )


@dataclass(frozen=True)
class MotionState:
    mode: str | None  # None: never put to the vote
    closed_at: str | None
    has_voted: bool
    choice: str | None  # a roll call's only
    cast_at: str | None  # a roll call's only
    receipt: str | None = None  # a sealed vote's: her encrypted ballot's receipt


def motion_state(
    connection: Connection, federation_id: int, council: str, slug: str, person: str
) -> MotionState | None:
    row = connection.execute(
        sa.select(motions.c.id, motion_votes.c.mode, motion_votes.c.closed_at)
        .join(councils, councils.c.id == motions.c.council_id)
        .outerjoin(motion_votes, motion_votes.c.motion_id == motions.c.id)
        .where(
            councils.c.federation_id == federation_id,
            councils.c.slug == council,
            motions.c.slug == slug,
        )
    ).first()
    if row is None:
        return None
    person_id = connection.execute(
        sa.select(persons.c.id).where(
            persons.c.federation_id == federation_id, persons.c.slug == person
        )
    ).scalar_one_or_none()
    if row.mode is None or person_id is None:
        return MotionState(row.mode, row.closed_at, False, None, None)
    if row.mode == "secret":
        secret = connection.execute(
            sa.select(secret_voters.c.receipt).where(
                secret_voters.c.motion_id == row.id, secret_voters.c.person_id == person_id
            )
        ).first()
        receipt = None if secret is None else secret.receipt
        return MotionState(row.mode, row.closed_at, secret is not None, None, None, receipt)
    cast = connection.execute(
        sa.select(roll_call.c.choice, roll_call.c.cast_at).where(
            roll_call.c.motion_id == row.id, roll_call.c.person_id == person_id
        )
    ).first()
    if cast is None:
        return MotionState(row.mode, row.closed_at, False, None, None)
    return MotionState(row.mode, row.closed_at, True, cast.choice, cast.cast_at)


@dataclass(frozen=True)
class OpenPoll:
    federation: str
    session_id: int
    council: str
    slug: str
    title: str


def open_polls(connection: Connection, person: str, *, limit: int) -> list[OpenPoll]:
    """The open polls (not counted by hand) of sessions the person with this slug attends
    now, in any federation, on which she has not voted yet: the first opened first."""
    attending = sa.exists().where(
        attendance.c.session_id == motions.c.session_id,
        attendance.c.person_id == persons.c.id,
        attendance.c.left_at.is_(None),
    )
    voted = sa.exists().where(
        roll_call.c.motion_id == motions.c.id, roll_call.c.person_id == persons.c.id
    )
    voted_secretly = sa.exists().where(
        secret_voters.c.motion_id == motions.c.id, secret_voters.c.person_id == persons.c.id
    )
    rows = connection.execute(
        sa.select(
            federations.c.slug,
            motions.c.session_id,
            councils.c.slug,
            motions.c.slug,
            motions.c.title,
        )
        .select_from(motion_votes)
        .join(motions, motions.c.id == motion_votes.c.motion_id)
        .join(councils, councils.c.id == motions.c.council_id)
        .join(federations, federations.c.id == councils.c.federation_id)
        .join(
            persons, sa.and_(persons.c.federation_id == federations.c.id, persons.c.slug == person)
        )
        .where(
            motion_votes.c.closed_at.is_(None),
            motion_votes.c.mode != "counted",
            attending,
            ~voted,
            ~voted_secretly,
        )
        .order_by(motion_votes.c.opened_at, motions.c.id)
        .limit(limit)
    )
    return [OpenPoll(*row) for row in rows]
