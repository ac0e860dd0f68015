"""Reads of key ceremonies: a council's newest ceremony with its trustees."""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.trustees import Ceremony, Trustee
from soviet.store.schema import (
    ceremony_trustees,
    constituencies,
    councils,
    election_decryptions,
    election_sealed_ballots,
    key_ceremonies,
    recall_decryptions,
    recall_petitions,
    recall_sealed_ballots,
    sealed_ballots,
    tally_decryptions,
)


def _strings(text: str | None) -> tuple[str, ...] | None:
    return None if text is None else tuple(json.loads(text))


def _ceremony(connection: Connection, where: sa.ColumnElement[bool]) -> Ceremony | None:
    row = connection.execute(
        sa.select(key_ceremonies, councils.c.slug)
        .join(councils, councils.c.id == key_ceremonies.c.council_id)
        .where(where)
        .order_by(key_ceremonies.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    trustees = connection.execute(
        sa.select(ceremony_trustees)
        .where(ceremony_trustees.c.ceremony_id == row.id)
        .order_by(ceremony_trustees.c.number)
    ).all()
    return Ceremony(
        id=row.id,
        council=row.slug,
        threshold=row.threshold,
        trustees=tuple(
            Trustee(
                number=t.number,
                account=t.account,
                transport_key=t.transport_key,
                commitments=_strings(t.commitments),
                sealed_shares=_strings(t.sealed_shares),
                verification_key=t.verification_key,
            )
            for t in trustees
        ),
        appointed_at=row.appointed_at,
        public_key=row.public_key,
        completed_at=row.completed_at,
    )


def current(connection: Connection, council_id: int) -> Ceremony | None:
    """The council's newest ceremony (complete or not), or None."""
    return _ceremony(connection, key_ceremonies.c.council_id == council_id)


def by_id(connection: Connection, ceremony_id: int) -> Ceremony | None:
    return _ceremony(connection, key_ceremonies.c.id == ceremony_id)


def is_trustee(connection: Connection, council_id: int, account: str) -> bool:
    """Whether `account` is a trustee of any of the council's ceremonies (a poll sealed
    under an earlier one is decrypted by its own trustees)."""
    found = connection.execute(
        sa.select(ceremony_trustees.c.number)
        .join(key_ceremonies, key_ceremonies.c.id == ceremony_trustees.c.ceremony_id)
        .where(key_ceremonies.c.council_id == council_id, ceremony_trustees.c.account == account)
        .limit(1)
    ).first()
    return found is not None


@dataclass(frozen=True)
class SealedBallot:
    credential: str
    ballot: str  # canonical JSON
    weight: int


def sealed_ballots_of(connection: Connection, motion_id: int) -> list[SealedBallot]:
    """A sealed poll's encrypted ballots, in the order they were cast."""
    rows = connection.execute(
        sa.select(sealed_ballots.c.credential, sealed_ballots.c.ballot, sealed_ballots.c.weight)
        .where(sealed_ballots.c.motion_id == motion_id)
        .order_by(sealed_ballots.c.seq)
    ).all()
    return [SealedBallot(*row) for row in rows]


def credentials_used(connection: Connection, motion_id: int, among: list[str]) -> set[str]:
    """Which of `among` have cast a ballot in the sealed poll already."""
    if not among:
        return set()
    return set(
        connection.execute(
            sa.select(sealed_ballots.c.credential).where(
                sealed_ballots.c.motion_id == motion_id, sealed_ballots.c.credential.in_(among)
            )
        ).scalars()
    )


@dataclass(frozen=True)
class Decryption:
    trustee: int
    shares: tuple[str, ...]
    challenges: tuple[str, ...]
    responses: tuple[str, ...]


def decryptions_of(connection: Connection, motion_id: int) -> list[Decryption]:
    """The trustees' parts of the decryption of a sealed poll's tally, by trustee."""
    rows = connection.execute(
        sa.select(tally_decryptions)
        .where(tally_decryptions.c.motion_id == motion_id)
        .order_by(tally_decryptions.c.trustee)
    ).all()
    return [
        Decryption(
            row.trustee,
            tuple(json.loads(row.shares)),
            tuple(json.loads(row.challenges)),
            tuple(json.loads(row.responses)),
        )
        for row in rows
    ]


def election_ballots_of(connection: Connection, election_id: int) -> dict[str, list[str]]:
    """A sealed election's encrypted ballots (canonical JSON) by constituency slug, each
    constituency's in the order they were cast."""
    rows = connection.execute(
        sa.select(constituencies.c.slug, election_sealed_ballots.c.ballot)
        .join(constituencies, constituencies.c.id == election_sealed_ballots.c.constituency_id)
        .where(election_sealed_ballots.c.election_id == election_id)
        .order_by(election_sealed_ballots.c.seq)
    ).all()
    found: dict[str, list[str]] = {}
    for constituency, ballot in rows:
        found.setdefault(constituency, []).append(ballot)
    return found


def election_credential_used(connection: Connection, election_id: int, credential: str) -> bool:
    """Whether a ballot of the sealed election was cast with `credential` already."""
    return (
        connection.execute(
            sa.select(election_sealed_ballots.c.credential).where(
                election_sealed_ballots.c.election_id == election_id,
                election_sealed_ballots.c.credential == credential,
            )
        ).first()
        is not None
    )


def election_decryptions_of(
    connection: Connection, election_id: int
) -> dict[str, list[Decryption]]:
    """The trustees' parts of the decryption of a sealed election's tallies, by
    constituency slug, each by trustee."""
    rows = connection.execute(
        sa.select(constituencies.c.slug, election_decryptions)
        .join(constituencies, constituencies.c.id == election_decryptions.c.constituency_id)
        .where(election_decryptions.c.election_id == election_id)
        .order_by(constituencies.c.slug, election_decryptions.c.trustee)
    ).all()
    found: dict[str, list[Decryption]] = {}
    for row in rows:
        found.setdefault(row.slug, []).append(
            Decryption(
                row.trustee,
                tuple(json.loads(row.shares)),
                tuple(json.loads(row.challenges)),
                tuple(json.loads(row.responses)),
            )
        )
    return found


def recall_ballots_of(connection: Connection, petition_id: int) -> list[str]:
    """A sealed recall vote's encrypted ballots (canonical JSON), in the order cast."""
    return list(
        connection.execute(
            sa.select(recall_sealed_ballots.c.ballot)
            .where(recall_sealed_ballots.c.petition_id == petition_id)
            .order_by(recall_sealed_ballots.c.seq)
        ).scalars()
    )


def recall_credential_used(connection: Connection, petition_id: int, credential: str) -> bool:
    """Whether a ballot of the sealed recall vote was cast with `credential` already."""
    return (
        connection.execute(
            sa.select(recall_sealed_ballots.c.credential).where(
                recall_sealed_ballots.c.petition_id == petition_id,
                recall_sealed_ballots.c.credential == credential,
            )
        ).first()
        is not None
    )


def recall_decryptions_of(connection: Connection, petition_id: int) -> list[Decryption]:
    """The trustees' parts of the decryption of a sealed recall vote's tally, by trustee."""
    rows = connection.execute(
        sa.select(recall_decryptions)
        .where(recall_decryptions.c.petition_id == petition_id)
        .order_by(recall_decryptions.c.trustee)
    ).all()
    return [
        Decryption(
            row.trustee,
            tuple(json.loads(row.shares)),
            tuple(json.loads(row.challenges)),
            tuple(json.loads(row.responses)),
        )
        for row in rows
    ]


def petition_sealing(connection: Connection, petition_id: int) -> tuple[int, str | None] | None:
    """A sealed recall vote's key ceremony and the journal's head when its ballot box
    closed (None while open); None when the petition's vote is not sealed."""
    row = connection.execute(
        sa.select(recall_petitions.c.ceremony_id, recall_petitions.c.ballots_closed_hash).where(
            recall_petitions.c.id == petition_id
        )
    ).first()
    if row is None or row.ceremony_id is None:
        return None
    return int(row.ceremony_id), row.ballots_closed_hash
