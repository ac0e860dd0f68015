"""Recall petitions and their signatures, and mandates ended by recall, replacement or
resignation, with the successor who takes the seat."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.events.elections import MandateBegun
from soviet.domain.events.mandates import (
    DelegateRecalled,
    DelegateReplaced,
    MandateEnded,
    RecallRejected,
    RecallSigned,
    RecallVoteCast,
    RecallVoteOpened,
    RecallWithdrawn,
)
from soviet.domain.journal import Entry
from soviet.store.projections.elections import end_mandates, start_mandates
from soviet.store.projections.registers import federation_id
from soviet.store.registry import applies, entity_id
from soviet.store.schema import mandates, recall_petitions, recall_signatures, recall_votes


@applies(RecallSigned)
def recall_signed(connection: Connection, entry: Entry, event: RecallSigned) -> None:
    petition = entity_id(entry.seq) if event.opens else event.petition
    if event.opens:
        connection.execute(
            recall_petitions.insert().values(
                id=petition,
                mandate_id=event.mandate,
                threshold=event.threshold,
                opened_at=event.signed_at,
                closed_at=None,
                outcome=None,
            )
        )
    key = sa.and_(
        recall_signatures.c.petition_id == petition,
        recall_signatures.c.member_id == event.member,
    )
    if event.again:
        connection.execute(
            recall_signatures.update()
            .where(key)
            .values(signed_at=event.signed_at, withdrawn_at=None)
        )
    else:
        connection.execute(
            recall_signatures.insert().values(
                petition_id=petition,
                member_id=event.member,
                signed_at=event.signed_at,
                withdrawn_at=None,
            )
        )


@applies(RecallWithdrawn)
def recall_withdrawn(connection: Connection, entry: Entry, event: RecallWithdrawn) -> None:
    connection.execute(
        recall_signatures.update()
        .where(
            recall_signatures.c.petition_id == event.petition,
            recall_signatures.c.member_id == event.member,
        )
        .values(withdrawn_at=event.withdrawn_at)
    )


def _succeed(
    connection: Connection,
    entry: Entry,
    event: DelegateRecalled | DelegateReplaced | MandateEnded,
    at: str,
    cause: str,
) -> None:
    end_mandates(connection, [event.mandate], at, cause)
    successor: MandateBegun | None = event.successor
    if successor is not None:
        council = connection.execute(
            sa.select(mandates.c.council_id).where(mandates.c.id == event.mandate)
        ).scalar_one()
        federation = federation_id(connection, event.federation)
        where = (federation, council, None)
        start_mandates(connection, entry.seq, where, [successor], (at, event.expires_at))


@applies(DelegateRecalled)
def delegate_recalled(connection: Connection, entry: Entry, event: DelegateRecalled) -> None:
    at = event.recalled_at
    connection.execute(
        recall_petitions.update()
        .where(recall_petitions.c.id == event.petition)
        .values(closed_at=at, outcome="recalled")
    )
    _succeed(connection, entry, event, at, "recall")


@applies(DelegateReplaced)
def delegate_replaced(connection: Connection, entry: Entry, event: DelegateReplaced) -> None:
    _succeed(connection, entry, event, event.replaced_at, "party-replacement")


@applies(MandateEnded)
def mandate_ended(connection: Connection, entry: Entry, event: MandateEnded) -> None:
    _succeed(connection, entry, event, event.ended_at, event.cause)


@applies(RecallVoteOpened)
def recall_vote_opened(connection: Connection, entry: Entry, event: RecallVoteOpened) -> None:
    connection.execute(
        recall_petitions.update()
        .where(recall_petitions.c.id == event.petition)
        .values(outcome="voting")
    )


@applies(RecallVoteCast)
def recall_vote_cast(connection: Connection, entry: Entry, event: RecallVoteCast) -> None:
    connection.execute(
        recall_votes.insert().values(
            petition_id=event.petition,
            member_id=event.member,
            choice=event.choice,
            cast_at=event.cast_at,
        )
    )


@applies(RecallRejected)
def recall_rejected(connection: Connection, entry: Entry, event: RecallRejected) -> None:
    connection.execute(
        recall_petitions.update()
        .where(recall_petitions.c.id == event.petition)
        .values(closed_at=event.closed_at, outcome="kept")
    )
