"""Key ceremonies as the journal records them: trustees appointed, enrolled, dealt,
confirmed, and the council's public key; the encrypted ballots of sealed polls and sealed
elections, the closing of a sealed election's ballot box, and the trustees' parts of the
decryption of their tallies; the same of sealed recall votes."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.events.trustees import (
    ElectionBallotsClosed,
    ElectionDecryptionShared,
    KeyCeremonyCompleted,
    RecallBallotsClosed,
    RecallDecryptionShared,
    SealedBallotCast,
    SealedElectionBallotCast,
    SealedRecallBallotCast,
    TallyDecryptionShared,
    TrusteeConfirmed,
    TrusteeDealt,
    TrusteeEnrolled,
    TrusteesAppointed,
)
from soviet.domain.journal import Entry
from soviet.store.effects import NO_EFFECTS, Effects
from soviet.store.projections.registers import federation_id, id_of
from soviet.store.registry import applies, entity_id, insert_rows
from soviet.store.schema import (
    ceremony_trustees,
    constituencies,
    election_decryptions,
    election_sealed_ballots,
    elections,
    key_ceremonies,
    recall_decryptions,
    recall_petitions,
    recall_sealed_ballots,
    sealed_ballots,
    tally_decryptions,
)


@applies(TrusteesAppointed)
def trustees_appointed(connection: Connection, entry: Entry, event: TrusteesAppointed) -> Effects:
    ceremony = entity_id(entry.seq)
    connection.execute(
        key_ceremonies.insert().values(
            id=ceremony,
            council_id=event.council,
            threshold=event.threshold,
            appointed_at=event.at,
        )
    )
    insert_rows(
        connection,
        ceremony_trustees,
        [
            {"ceremony_id": ceremony, "number": number, "account": account}
            for number, account in enumerate(event.trustees, start=1)
        ],
    )
    return NO_EFFECTS


def _trustee(ceremony: int, number: int) -> sa.ColumnElement[bool]:
    return sa.and_(
        ceremony_trustees.c.ceremony_id == ceremony, ceremony_trustees.c.number == number
    )


@applies(TrusteeEnrolled)
def trustee_enrolled(connection: Connection, entry: Entry, event: TrusteeEnrolled) -> Effects:
    connection.execute(
        ceremony_trustees.update()
        .where(_trustee(event.ceremony, event.trustee))
        .values(transport_key=event.transport_key)
    )
    return NO_EFFECTS


@applies(TrusteeDealt)
def trustee_dealt(connection: Connection, entry: Entry, event: TrusteeDealt) -> Effects:
    connection.execute(
        ceremony_trustees.update()
        .where(_trustee(event.ceremony, event.trustee))
        .values(
            commitments=json.dumps(list(event.commitments)),
            sealed_shares=json.dumps(list(event.sealed_shares)),
        )
    )
    return NO_EFFECTS


@applies(TrusteeConfirmed)
def trustee_confirmed(connection: Connection, entry: Entry, event: TrusteeConfirmed) -> Effects:
    connection.execute(
        ceremony_trustees.update()
        .where(_trustee(event.ceremony, event.trustee))
        .values(verification_key=event.verification_key)
    )
    return NO_EFFECTS


@applies(KeyCeremonyCompleted)
def key_ceremony_completed(
    connection: Connection, entry: Entry, event: KeyCeremonyCompleted
) -> Effects:
    connection.execute(
        key_ceremonies.update()
        .where(key_ceremonies.c.id == event.ceremony)
        .values(public_key=event.public_key, completed_at=event.at)
    )
    return NO_EFFECTS


@applies(SealedBallotCast)
def sealed_ballot_cast(connection: Connection, entry: Entry, event: SealedBallotCast) -> Effects:
    connection.execute(
        sealed_ballots.insert().values(
            motion_id=event.motion,
            credential=event.credential,
            ballot=event.ballot,
            weight=event.weight,
            seq=entry.seq,
        )
    )
    return NO_EFFECTS


@applies(TallyDecryptionShared)
def tally_decryption_shared(
    connection: Connection, entry: Entry, event: TallyDecryptionShared
) -> Effects:
    connection.execute(
        tally_decryptions.insert().values(
            motion_id=event.motion,
            trustee=event.trustee,
            shares=json.dumps(list(event.shares)),
            challenges=json.dumps(list(event.challenges)),
            responses=json.dumps(list(event.responses)),
        )
    )
    return NO_EFFECTS


def _constituency(connection: Connection, federation: str, slug: str) -> int:
    return id_of(connection, constituencies, federation_id(connection, federation), slug)


@applies(SealedElectionBallotCast)
def sealed_election_ballot_cast(
    connection: Connection, entry: Entry, event: SealedElectionBallotCast
) -> Effects:
    connection.execute(
        election_sealed_ballots.insert().values(
            election_id=event.election,
            constituency_id=_constituency(connection, event.federation, event.constituency),
            credential=event.credential,
            ballot=event.ballot,
            seq=entry.seq,
        )
    )
    return NO_EFFECTS


@applies(ElectionBallotsClosed)
def election_ballots_closed(
    connection: Connection, entry: Entry, event: ElectionBallotsClosed
) -> Effects:
    connection.execute(
        elections.update()
        .where(elections.c.id == event.election)
        .values(ballots_closed_at=event.at, ballots_closed_hash=entry.hash)
    )
    return NO_EFFECTS


@applies(ElectionDecryptionShared)
def election_decryption_shared(
    connection: Connection, entry: Entry, event: ElectionDecryptionShared
) -> Effects:
    connection.execute(
        election_decryptions.insert().values(
            election_id=event.election,
            constituency_id=_constituency(connection, event.federation, event.constituency),
            trustee=event.trustee,
            shares=json.dumps(list(event.shares)),
            challenges=json.dumps(list(event.challenges)),
            responses=json.dumps(list(event.responses)),
        )
    )
    return NO_EFFECTS


@applies(SealedRecallBallotCast)
def sealed_recall_ballot_cast(
    connection: Connection, entry: Entry, event: SealedRecallBallotCast
) -> Effects:
    connection.execute(
        recall_sealed_ballots.insert().values(
            petition_id=event.petition,
            credential=event.credential,
            ballot=event.ballot,
            seq=entry.seq,
        )
    )
    return NO_EFFECTS


@applies(RecallBallotsClosed)
def recall_ballots_closed(
    connection: Connection, entry: Entry, event: RecallBallotsClosed
) -> Effects:
    connection.execute(
        recall_petitions.update()
        .where(recall_petitions.c.id == event.petition)
        .values(ballots_closed_at=event.at, ballots_closed_hash=entry.hash)
    )
    return NO_EFFECTS


@applies(RecallDecryptionShared)
def recall_decryption_shared(
    connection: Connection, entry: Entry, event: RecallDecryptionShared
) -> Effects:
    connection.execute(
        recall_decryptions.insert().values(
            petition_id=event.petition,
            trustee=event.trustee,
            shares=json.dumps(list(event.shares)),
            challenges=json.dumps(list(event.challenges)),
            responses=json.dumps(list(event.responses)),
        )
    )
    return NO_EFFECTS
