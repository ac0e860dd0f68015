"""Recall petitions and their signatures, and mandates ended by recall, replacement or
resignation, with the successor who takes the seat."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.journal import Entry
from soviet.store.projections.elections import end_mandates, start_mandates
from soviet.store.projections.registers import federation_id
from soviet.store.registry import applies, entity_id
from soviet.store.schema import mandates, recall_petitions, recall_signatures, recall_votes


@applies("RecallSigned")
def recall_signed(connection: Connection, entry: Entry, data: Any) -> None:
    petition = entity_id(entry.seq) if data["opens"] else data["petition"]
    if data["opens"]:
        connection.execute(
            recall_petitions.insert().values(
                id=petition,
                mandate_id=data["mandate"],
                threshold=data["threshold"],
                opened_at=data["signed_at"],
                closed_at=None,
                outcome=None,
            )
        )
    key = sa.and_(
        recall_signatures.c.petition_id == petition,
        recall_signatures.c.member_id == data["member"],
    )
    if data["again"]:
        connection.execute(
            recall_signatures.update()
            .where(key)
            .values(signed_at=data["signed_at"], withdrawn_at=None)
        )
    else:
        connection.execute(
            recall_signatures.insert().values(
                petition_id=petition,
                member_id=data["member"],
                signed_at=data["signed_at"],
                withdrawn_at=None,
            )
        )


@applies("RecallWithdrawn")
def recall_withdrawn(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        recall_signatures.update()
        .where(
            recall_signatures.c.petition_id == data["petition"],
            recall_signatures.c.member_id == data["member"],
        )
        .values(withdrawn_at=data["withdrawn_at"])
    )


def _succeed(connection: Connection, entry: Entry, data: Any, at: str, cause: str) -> None:
    end_mandates(connection, [data["mandate"]], at, cause)
    successor = data["successor"]
    if successor is not None:
        council = connection.execute(
            sa.select(mandates.c.council_id).where(mandates.c.id == data["mandate"])
        ).scalar_one()
        federation = federation_id(connection, data["federation"])
        where = (federation, council, None)
        start_mandates(connection, entry.seq, where, [successor], (at, data["expires_at"]))


@applies("DelegateRecalled")
def delegate_recalled(connection: Connection, entry: Entry, data: Any) -> None:
    at = data["recalled_at"]
    connection.execute(
        recall_petitions.update()
        .where(recall_petitions.c.id == data["petition"])
        .values(closed_at=at, outcome="recalled")
    )
    _succeed(connection, entry, data, at, "recall")


@applies("DelegateReplaced")
def delegate_replaced(connection: Connection, entry: Entry, data: Any) -> None:
    _succeed(connection, entry, data, data["replaced_at"], "party-replacement")


@applies("MandateEnded")
def mandate_ended(connection: Connection, entry: Entry, data: Any) -> None:
    _succeed(connection, entry, data, data["ended_at"], data["cause"])


@applies("RecallVoteOpened")
def recall_vote_opened(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        recall_petitions.update()
        .where(recall_petitions.c.id == data["petition"])
        .values(outcome="voting")
    )


@applies("RecallVoteCast")
def recall_vote_cast(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        recall_votes.insert().values(
            petition_id=data["petition"],
            member_id=data["member"],
            choice=data["choice"],
            cast_at=data["cast_at"],
        )
    )


@applies("RecallRejected")
def recall_rejected(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        recall_petitions.update()
        .where(recall_petitions.c.id == data["petition"])
        .values(closed_at=data["closed_at"], outcome="kept")
    )
