"""Read models of secret ballots: a council's key ceremony, the terms a voter's device
encrypts a sealed poll's ballot by, what its trustees decrypt, and the poll's public
board (`soviet-board/1`, exactly as soviet.crypto.board makes it; every point and scalar
in lowercase hex)."""

from __future__ import annotations

from dataclasses import dataclass, field

from soviet.domain.views.encoding import absent_if_none


@dataclass(frozen=True)
class TrusteeLine:
    """A trustee of a ceremony: her number, account, next step (enrol, deal, confirm,
    done) and what she has published; her shares are sealed, each to its trustee."""

    number: int
    account: str
    next_step: str
    transport_key: str | None
    commitments: tuple[str, ...] | None
    sealed_shares: tuple[str, ...] | None
    verification_key: str | None


@dataclass(frozen=True)
class Ceremony:
    """A council's newest key ceremony."""

    ceremony: str
    council: str
    threshold: int
    appointed_at: str
    public_key: str | None
    completed_at: str | None
    trustees: tuple[TrusteeLine, ...]


@dataclass(frozen=True)
class Sealing:
    """What a voter's device needs to encrypt a ballot for a sealed poll: the poll its
    proofs are bound to, the key, the choices (one ciphertext each, in this order) and how
    many a ballot marks."""

    poll: str
    motion: str
    ceremony: str
    public_key: str
    threshold: int
    choices: tuple[str, ...]
    least: int
    most: int


@dataclass(frozen=True)
class ToDecrypt:
    """The encrypted tally of a closed sealed poll, for its trustees: the first half
    (alpha) of each choice's ciphertext, and the trustees who have given their share."""

    poll: str
    motion: str
    ceremony: str
    threshold: int
    alphas: tuple[str, ...]
    given: tuple[int, ...]


@dataclass(frozen=True)
class ElectionSealing:
    """What a member's device needs to encrypt her ballot in a sealed election, in her
    constituency: the poll its proofs are bound to, the key, the parties (one ciphertext
    each, in this order) and how many a ballot marks (one)."""

    poll: str
    election: str
    constituency: str
    ceremony: str
    public_key: str
    threshold: int
    choices: tuple[str, ...]
    least: int
    most: int


@dataclass(frozen=True)
class ConstituencyToDecrypt:
    """One constituency's encrypted tally in a sealed election: the poll its decryption is
    bound to, the first half (alpha) of each party's ciphertext, and the trustees who have
    given their share."""

    constituency: str
    poll: str
    alphas: tuple[str, ...]
    given: tuple[int, ...]


@dataclass(frozen=True)
class ElectionToDecrypt:
    """What the trustees of a sealed election decrypt once its ballot box has closed: each
    constituency's tally that holds a ballot (one with none counts no vote)."""

    election: str
    ceremony: str
    threshold: int
    parties: tuple[str, ...]
    tallies: tuple[ConstituencyToDecrypt, ...]


@dataclass(frozen=True)
class RecallSealing:
    """What a member's device needs to encrypt her ballot in a sealed recall vote: the poll
    its proofs are bound to, the key, the choices (recall, keep) and how many a ballot
    marks (one); and when its ballot box closed (None: it takes ballots)."""

    poll: str
    petition: str
    person: str
    ceremony: str
    public_key: str
    threshold: int
    choices: tuple[str, ...]
    least: int
    most: int
    ballots_closed_at: str | None


@dataclass(frozen=True)
class RecallToDecrypt:
    """The encrypted tally of a sealed recall vote whose ballot box has closed, for its
    trustees: the first half (alpha) of each choice's ciphertext, and who has given her
    share."""

    poll: str
    petition: str
    ceremony: str
    threshold: int
    alphas: tuple[str, ...]
    given: tuple[int, ...]


@dataclass(frozen=True)
class ProofStep:
    challenge: str
    response: str


@dataclass(frozen=True)
class EncryptedChoice:
    alpha: str
    beta: str
    proof: tuple[ProofStep, ...]


@dataclass(frozen=True)
class BoardBallot:
    """An encrypted ballot on the board, by its credential, with its receipt; `weight`
    (how many votes it counts for) is left out when it is 1."""

    credential: str
    choices: tuple[EncryptedChoice, ...]
    sum_proof: tuple[ProofStep, ...]
    receipt: str
    weight: int | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class Cipher:
    alpha: str
    beta: str


@dataclass(frozen=True)
class ShareOfChoice:
    share: str
    challenge: str
    response: str


@dataclass(frozen=True)
class PartialDecryption:
    trustee: int
    shares: tuple[ShareOfChoice, ...]


@dataclass(frozen=True)
class BoardTrustees:
    threshold: int
    commitments: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class BoardAllocation:
    """Seats allocated from a board's result by a method the verifier knows."""

    method: str
    seats: int
    allocation: tuple[int, ...]


@dataclass(frozen=True)
class Board:
    """The public board of a sealed poll: anyone recounts it (`soviet recount`)."""

    format: str
    poll: str
    candidates: tuple[str, ...]
    least: int
    most: int
    trustees: BoardTrustees
    public_key: str
    ballots: tuple[BoardBallot, ...]
    tally: tuple[Cipher, ...]
    partial_decryptions: tuple[PartialDecryption, ...]
    result: tuple[int, ...]
    allocation: BoardAllocation | None
    journal_head: str | None
    board_hash: str


@dataclass(frozen=True)
class BoardVote:
    """A roll-call vote on an open vote's board: who, her fraction, her choice (None while
    the results are withheld) and how many votes it counts for."""

    person: str
    fraction: str | None
    choice: str | None
    weight: int


@dataclass(frozen=True)
class OpenBoard:
    """The public board of an open vote: its roll call or its counts, the result once
    shown, and the journal's head at its close (`soviet recount` adds it up)."""

    format: str
    poll: str
    mode: str
    candidates: tuple[str, ...]
    votes: tuple[BoardVote, ...]
    result: tuple[int, ...]
    journal_head: str | None
    board_hash: str
