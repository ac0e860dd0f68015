"""Entries of a key ceremony: the trustees of a council's secret ballots, and the public
key they make together without anyone ever holding its secret (soviet.crypto.trustees).

The secretariat appoints the trustees and the threshold (any `threshold` of them decrypt a
tally; fewer cannot). Each trustee then takes three steps, each one once every trustee has
taken the one before: she enrols a key to receive her shares on (`TrusteeEnrolled`); she
deals, publishing the commitments of her random polynomial and its value for each other
trustee sealed to that trustee's key (`TrusteeDealt`); she checks what the others dealt
her against their commitments and confirms (`TrusteeConfirmed`). The last confirmation
completes the ceremony with the council's public key (`KeyCeremonyCompleted`). The shares
themselves are kept by the trustees, outside the database: the journal holds only what is
public and what is sealed to one trustee.

A secret poll opened once the council has its key is sealed: each ballot comes encrypted
by the voter's device with its proofs (`SealedBallotCast`, which names no one: who voted is
the `SecretBallotCast` beside it), and after the close the trustees each publish their
part of the decryption of the tally, with its proof (`TallyDecryptionShared`).

A ballot election opened once the council has its key is sealed the same way: each
member's ballot is encrypted by her device (`SealedElectionBallotCast`, naming no one: who
voted is the `BallotCast` beside it); the ballot box is closed (`ElectionBallotsClosed`);
the trustees each publish their part of the decryption of each constituency's tally
(`ElectionDecryptionShared`); the election's close then counts the decrypted votes. A
recall vote opened once the council has its key goes the same way (`SealedRecallBallotCast`
beside the `RecallVoteCast` that names no choice, `RecallBallotsClosed`,
`RecallDecryptionShared`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from soviet.domain.events.base import Event, journaled


@journaled
@dataclass(frozen=True)
class TrusteesAppointed(Event):
    """The secretariat appointed `trustees` (accounts, trustee 1 first) for the secret
    ballots of a council, any `threshold` of whom decrypt; a new ceremony (its id made from
    this entry's seq), replacing the council's earlier one for every ballot opened after it."""

    KIND: ClassVar[str] = "TrusteesAppointed"
    VERSION: ClassVar[int] = 1

    federation: str
    council: int
    threshold: int
    trustees: tuple[str, ...]
    at: str


@journaled
@dataclass(frozen=True)
class TrusteeEnrolled(Event):
    """Trustee `trustee` (her number, from 1) of a ceremony gave the public key her shares
    are sealed to (X25519, hex)."""

    KIND: ClassVar[str] = "TrusteeEnrolled"
    VERSION: ClassVar[int] = 1

    federation: str
    ceremony: int
    trustee: int
    transport_key: str
    at: str


@journaled
@dataclass(frozen=True)
class TrusteeDealt(Event):
    """Trustee `trustee` dealt: the commitments of her polynomial (`threshold` points, hex)
    and its value for every trustee, trustee 1 first, each sealed to that trustee's
    transport key (hex)."""

    KIND: ClassVar[str] = "TrusteeDealt"
    VERSION: ClassVar[int] = 1

    federation: str
    ceremony: int
    trustee: int
    commitments: tuple[str, ...]
    sealed_shares: tuple[str, ...]
    at: str


@journaled
@dataclass(frozen=True)
class TrusteeConfirmed(Event):
    """Trustee `trustee` checked every share dealt to her against its dealer's commitments
    and holds her share of the key, whose public part is `verification_key` (hex)."""

    KIND: ClassVar[str] = "TrusteeConfirmed"
    VERSION: ClassVar[int] = 1

    federation: str
    ceremony: int
    trustee: int
    verification_key: str
    at: str


@journaled
@dataclass(frozen=True)
class KeyCeremonyCompleted(Event):
    """Every trustee confirmed: the council's secret ballots are encrypted to `public_key`
    (hex), the product of the dealers' first commitments."""

    KIND: ClassVar[str] = "KeyCeremonyCompleted"
    VERSION: ClassVar[int] = 1

    federation: str
    ceremony: int
    public_key: str
    at: str


@journaled
@dataclass(frozen=True)
class SealedBallotCast(Event):
    """An encrypted ballot in a sealed poll on a motion: its pseudonymous `credential`, the
    ballot as its canonical JSON (ciphertexts and proofs, soviet.crypto.ballot), and how
    many votes it counts for (`weight`: the register's, added up over the mandates cast)."""

    KIND: ClassVar[str] = "SealedBallotCast"
    VERSION: ClassVar[int] = 1

    federation: str
    motion: int
    credential: str
    ballot: str
    weight: int


@journaled
@dataclass(frozen=True)
class TallyDecryptionShared(Event):
    """Trustee `trustee` of the poll's ceremony published her part of the decryption of a
    closed sealed poll's tally: per choice, the share (hex) and its proof's challenge and
    response (hex)."""

    KIND: ClassVar[str] = "TallyDecryptionShared"
    VERSION: ClassVar[int] = 1

    federation: str
    motion: int
    trustee: int
    shares: tuple[str, ...]
    challenges: tuple[str, ...]
    responses: tuple[str, ...]
    at: str


@journaled
@dataclass(frozen=True)
class SealedElectionBallotCast(Event):
    """An encrypted ballot in a sealed election, in one of its constituencies: its
    pseudonymous `credential` and the ballot as its canonical JSON (one ciphertext per party
    on the constituency's ballot, with proofs that exactly one is marked)."""

    KIND: ClassVar[str] = "SealedElectionBallotCast"
    VERSION: ClassVar[int] = 1

    federation: str
    election: int
    constituency: str
    credential: str
    ballot: str


@journaled
@dataclass(frozen=True)
class ElectionBallotsClosed(Event):
    """The ballot box of a sealed election closed: no ballot is taken after it, and its
    trustees decrypt each constituency's tally; the election closes once they have."""

    KIND: ClassVar[str] = "ElectionBallotsClosed"
    VERSION: ClassVar[int] = 1

    federation: str
    election: int
    at: str


@journaled
@dataclass(frozen=True)
class ElectionDecryptionShared(Event):
    """Trustee `trustee` of a sealed election's ceremony published her part of the
    decryption of one constituency's tally: per party on its ballot, the share (hex) and
    its proof's challenge and response (hex)."""

    KIND: ClassVar[str] = "ElectionDecryptionShared"
    VERSION: ClassVar[int] = 1

    federation: str
    election: int
    constituency: str
    trustee: int
    shares: tuple[str, ...]
    challenges: tuple[str, ...]
    responses: tuple[str, ...]
    at: str


@journaled
@dataclass(frozen=True)
class SealedRecallBallotCast(Event):
    """An encrypted ballot in a sealed recall vote: its pseudonymous `credential` and the
    ballot as its canonical JSON (a ciphertext for recall and one for keep, with proofs that
    exactly one is marked)."""

    KIND: ClassVar[str] = "SealedRecallBallotCast"
    VERSION: ClassVar[int] = 1

    federation: str
    petition: int
    credential: str
    ballot: str


@journaled
@dataclass(frozen=True)
class RecallBallotsClosed(Event):
    """The ballot box of a sealed recall vote closed: no ballot is taken after it, and its
    trustees decrypt its tally; the vote is decided once they have."""

    KIND: ClassVar[str] = "RecallBallotsClosed"
    VERSION: ClassVar[int] = 1

    federation: str
    petition: int
    at: str


@journaled
@dataclass(frozen=True)
class RecallDecryptionShared(Event):
    """Trustee `trustee` published her part of the decryption of a sealed recall vote's
    tally: for recall and for keep, the share (hex) and its proof's challenge and response."""

    KIND: ClassVar[str] = "RecallDecryptionShared"
    VERSION: ClassVar[int] = 1

    federation: str
    petition: int
    trustee: int
    shares: tuple[str, ...]
    challenges: tuple[str, ...]
    responses: tuple[str, ...]
    at: str
