"""Sealed polls: secret votes on motions whose ballots are encrypted by each voter's own
device (soviet.crypto), so that the server never holds a choice, and whose tally only the
trustees of the council's key ceremony decrypt together after the close.

A ballot marks exactly one of yes, no, abstain: one ciphertext per choice, each proven to
hold 0 or 1, their sum proven to be 1, the proofs bound to the poll (`poll_id`) and to the
ballot's pseudonymous credential. The server checks the proofs before the ballot joins the
batch of ballots being written (services.votes), so that a malformed ballot costs nothing of
the writer's time. The tally is the product of the ballots, each raised to its weight; each
trustee's share of its decryption comes with a proof (services.decryptions).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from soviet.crypto import ballot as crypto_ballot
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry
from soviet.domain.sessions import CHOICES
from soviet.domain.views import ballots as views
from soviet.errors import InvalidInput, Problem, RuleViolation
from soviet.services import context, votes
from soviet.services.memo import Memo
from soviet.services.motions import motion_of
from soviet.services.sealed_tally import LEAST, MOST
from soviet.store import motions as store
from soviet.store import trustees as store_trustees
from soviet.store.database import Database


def poll_id(federation: str, address: str) -> str:
    """What a sealed poll's proofs are bound to: its federation and its motion's address."""
    return f"{federation}/{address}"


@dataclass(frozen=True)
class Sealing:
    """What a voter's device needs to encrypt a ballot for a sealed poll, all public."""

    poll: str
    motion: str
    ceremony: int
    public_key: str
    threshold: int
    choices: tuple[str, ...] = CHOICES
    least: int = LEAST
    most: int = MOST

    def view(self) -> views.Sealing:
        """As the doors show it."""
        return views.Sealing(
            poll=self.poll,
            motion=self.motion,
            ceremony=format_id(self.ceremony),
            public_key=self.public_key,
            threshold=self.threshold,
            choices=self.choices,
            least=self.least,
            most=self.most,
        )


def _sealing(ctx: context.Context, motion: store.Motion, vote: store.Vote | None) -> Sealing:
    if vote is None or vote.ceremony_id is None:
        raise RuleViolation(f"the vote on '{motion.address}' is not sealed")
    ceremony = store_trustees.by_id(ctx.connection, vote.ceremony_id)
    assert ceremony is not None
    assert ceremony.public_key is not None
    return Sealing(
        poll_id(ctx.federation.slug, motion.address),
        motion.address,
        ceremony.id,
        ceremony.public_key,
        ceremony.threshold,
    )


def sealing(
    db: Database, address: str, *, federation: str | None = None, actor: Actor
) -> Sealing | None:
    """The key and terms of the sealed poll on a motion, or None when its poll is not
    sealed (not opened, or not secret, or opened before its council had a key)."""
    with context.reading(db, federation, actor) as ctx:
        motion = motion_of(ctx, address)
        vote = store.vote(ctx.connection, motion.id)
        if vote is None or vote.ceremony_id is None:
            return None
        return _sealing(ctx, motion, vote)


class Terms(Protocol):
    """What encrypting a ballot and checking it need: a sealed poll's (Sealing) or a
    sealed election's constituency's (services.sealed_elections)."""

    @property
    def poll(self) -> str: ...
    @property
    def ceremony(self) -> int: ...
    @property
    def public_key(self) -> str: ...
    @property
    def choices(self) -> tuple[str, ...]: ...
    @property
    def least(self) -> int: ...
    @property
    def most(self) -> int: ...


def encrypt(terms: Terms, choice: str) -> tuple[crypto_ballot.Ballot, crypto_ballot.Opening]:
    """A voter's device's work: her choice encrypted under the poll's key with a fresh
    credential, with its proofs, and the opening a Benaloh audit would reveal."""
    if choice not in terms.choices:
        raise InvalidInput(
            f"choice: must be one of {', '.join(terms.choices)}, got {choice!r}",
            problems=[Problem("choice", f"must be one of {', '.join(terms.choices)}")],
        )
    marks = [1 if c == choice else 0 for c in terms.choices]
    return crypto_ballot.encrypt_ballot(
        terms.poll,
        bytes.fromhex(terms.public_key),
        secrets.token_hex(16),
        marks,
        terms.least,
        terms.most,
    )


#: The terms of sealed polls already read, by federation and address: a poll's key never
#: changes once it is open, and each ballot's proofs are checked against it.
_TERMS: Memo[tuple[str | None, str], Sealing] = Memo(kept=64)


def _terms(db: Database, address: str, federation: str | None, actor: Actor) -> Sealing:
    def read() -> Sealing:
        found = sealing(db, address, federation=federation, actor=actor)
        if found is None:
            raise RuleViolation(
                f"the vote on '{address}' is not sealed: it takes no encrypted ballot"
            )
        return found

    return _TERMS.get(db, (federation, address), read)


def _refused(path: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{path}: {reason}", problems=[Problem(path, reason)])


def check_ballot(terms: Terms, document: Any) -> votes.Sealed:
    """The ballot a voter's device sent, if it is one for this poll and every proof holds;
    else InvalidInput naming the part or proof that fails."""
    try:
        ballot = crypto_ballot.ballot_from_json(
            document, len(terms.choices), terms.least, terms.most
        )
    except crypto_ballot.MalformedBallot as malformed:
        path, _, reason = str(malformed).partition(": ")
        raise _refused("ballot" if path == "ballot" else f"ballot.{path}", reason) from None
    failures = crypto_ballot.verify_ballot(
        terms.poll, bytes.fromhex(terms.public_key), ballot, terms.least, terms.most
    )
    if failures:
        raise _refused("ballot", f"its proofs fail: {', '.join(failures)}")
    canonical = crypto_ballot.canonical(ballot.to_json()).decode()
    return votes.Sealed(terms.ceremony, ballot.credential, canonical, ballot.receipt)


def cast_sealed(
    db: Database,
    address: str,
    person: str,
    document: Mapping[str, Any],
    *,
    federation: str | None = None,
    actor: Actor,
    cast_at: datetime | None = None,
) -> Entry:
    """Cast a delegate's encrypted ballot (the JSON her device made: credential, choices,
    sum_proof) in the sealed poll on a motion: its proofs checked, then every check of a
    vote. Returns the entry of the encrypted ballot; its receipt on the board is
    `receipt_of(document)`."""
    terms = _terms(db, address, federation, actor)
    sealed = check_ballot(terms, document)
    return votes.cast_sealed_vote(
        db, address, person, sealed, federation=federation, actor=actor, cast_at=cast_at
    )


def receipt_of(document: Mapping[str, Any]) -> str:
    """A ballot's receipt as the board shows it: the SHA-256 of its canonical encoding."""
    return crypto_ballot.digest(dict(document))
