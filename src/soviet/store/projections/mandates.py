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
    PaperSignaturesEntered,
    RecallRejected,
    RecallSigned,
    RecallVoteCast,
    RecallVoteOpened,
    RecallWithdrawn,
)
from soviet.domain.journal import Entry
from soviet.store.effects import NO_EFFECTS, Effects
from soviet.store.projections.elections import end_mandates, start_mandates
from soviet.store.projections.registers import federation_id
from soviet.store.registry import applies, entity_id
from soviet.store.schema import recall_petitions, recall_signatures, recall_votes


def _signed(
    connection: Connection,
    entry: Entry,
    event: RecallSigned | PaperSignaturesEntered,
    signers: tuple[int, ...],
    again: tuple[int, ...],
) -> None:
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
    for member in signers:
        key = sa.and_(
            recall_signatures.c.petition_id == petition,
            recall_signatures.c.member_id == member,
        )
        if member in again:
            connection.execute(
                recall_signatures.update()
                .where(key)
                .values(signed_at=event.signed_at, withdrawn_at=None)
            )
        else:
            connection.execute(
                recall_signatures.insert().values(
                    petition_id=petition,
                    member_id=member,
                    signed_at=event.signed_at,
                    withdrawn_at=None,
                )
            )


@applies(RecallSigned)
def recall_signed(connection: Connection, entry: Entry, event: RecallSigned) -> Effects:
    again = (event.member,) if event.again else ()
    _signed(connection, entry, event, (event.member,), again)
    return NO_EFFECTS


@applies(PaperSignaturesEntered)
def paper_signatures_entered(
    connection: Connection, entry: Entry, event: PaperSignaturesEntered
) -> Effects:
    _signed(connection, entry, event, event.members, event.again)
    return NO_EFFECTS


@applies(RecallWithdrawn)
def recall_withdrawn(connection: Connection, entry: Entry, event: RecallWithdrawn) -> Effects:
    connection.execute(
        recall_signatures.update()
        .where(
            recall_signatures.c.petition_id == event.petition,
            recall_signatures.c.member_id == event.member,
        )
        .values(withdrawn_at=event.withdrawn_at)
    )
    return NO_EFFECTS


def _succeed(
    connection: Connection,
    entry: Entry,
    event: DelegateRecalled | DelegateReplaced | MandateEnded,
    at: str,
    cause: str,
) -> Effects:
    ended = end_mandates(connection, [event.mandate], at, cause)
    successor: MandateBegun | None = event.successor
    if successor is None:
        return ended
    (council,) = ended.changed  # the ended mandate's council, as end_mandates returned it
    federation = federation_id(connection, event.federation)
    where = (federation, council, None)
    started = start_mandates(connection, entry.seq, where, [successor], (at, event.expires_at))
    return ended | started


@applies(DelegateRecalled)
def delegate_recalled(connection: Connection, entry: Entry, event: DelegateRecalled) -> Effects:
    at = event.recalled_at
    connection.execute(
        recall_petitions.update()
        .where(recall_petitions.c.id == event.petition)
        .values(closed_at=at, outcome="recalled", recall_count=event.recall, keep_count=event.keep)
    )
    return _succeed(connection, entry, event, at, "recall")


@applies(DelegateReplaced)
def delegate_replaced(connection: Connection, entry: Entry, event: DelegateReplaced) -> Effects:
    return _succeed(connection, entry, event, event.replaced_at, "party-replacement")


@applies(MandateEnded)
def mandate_ended(connection: Connection, entry: Entry, event: MandateEnded) -> Effects:
    return _succeed(connection, entry, event, event.ended_at, event.cause)


@applies(RecallVoteOpened)
def recall_vote_opened(connection: Connection, entry: Entry, event: RecallVoteOpened) -> Effects:
    connection.execute(
        recall_petitions.update()
        .where(recall_petitions.c.id == event.petition)
        .values(outcome="voting", ceremony_id=event.ceremony)
    )
    return NO_EFFECTS


@applies(RecallVoteCast)
def recall_vote_cast(connection: Connection, entry: Entry, event: RecallVoteCast) -> Effects:
    connection.execute(
        recall_votes.insert().values(
            petition_id=event.petition,
            member_id=event.member,
            choice="sealed" if event.choice is None else event.choice,
            cast_at=event.cast_at,
            receipt=event.receipt,
        )
    )
    return NO_EFFECTS


@applies(RecallRejected)
def recall_rejected(connection: Connection, entry: Entry, event: RecallRejected) -> Effects:
    connection.execute(
        recall_petitions.update()
        .where(recall_petitions.c.id == event.petition)
        .values(
            closed_at=event.closed_at,
            outcome="kept",
            recall_count=event.recall,
            keep_count=event.keep,
        )
    )
    return NO_EFFECTS
