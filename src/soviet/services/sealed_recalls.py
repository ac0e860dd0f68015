"""Sealed recall votes: where the statute puts a recall to a vote of the constituency and
the council has a key (services.trustees), each member's ballot is encrypted by her own
device (soviet.crypto), so that the server never holds a choice, and only the trustees of
the council's key ceremony decrypt the tally, together.

A ballot marks exactly one of recall and keep: a ciphertext each, each proven to hold 0 or
1, their sum proven to be 1, the proofs bound to the petition (`poll_id`) and to the
ballot's pseudonymous credential. Then:

1. members cast their encrypted ballots (`cast_sealed_recall_vote`); the journal holds the
   ballot by credential, and beside it that the member voted, with the ballot's receipt;
2. whoever closes recall votes closes the ballot box (`close_ballots`);
3. the trustees each give their share of the decryption of the tally, with proofs
   (`share_decryption`);
4. the vote is decided as an open one is (services.recall_votes), by the decrypted counts.

Its board (`board`) lets anyone recount it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from soviet.crypto import ballot as crypto_ballot
from soviet.crypto import board as crypto_board
from soviet.crypto import group
from soviet.crypto.elgamal import Ciphertext
from soviet.domain.events.mandates import RecallVoteCast
from soviet.domain.events.trustees import (
    RecallBallotsClosed,
    RecallDecryptionShared,
    SealedRecallBallotCast,
)
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.recall import CHOICES
from soviet.domain.views import ballots as views
from soviet.errors import Conflict, RuleViolation
from soviet.services import boards, context, sealed
from soviet.services.decryptions import check_shares, parsed_shares
from soviet.services.journal import Clock, utc_now
from soviet.services.mandates import mandate_held
from soviet.services.sealed_tally import ceremony_of, decrypt_counts, tally_of
from soviet.services.unit_of_work import perform
from soviet.store import councils, reads
from soviet.store import trustees as store_trustees
from soviet.store.database import Database

#: A ballot marks exactly one of recall and keep.
LEAST = MOST = 1


def poll_id(federation: str, petition: int) -> str:
    """What a sealed recall vote's proofs are bound to: its federation and petition."""
    return f"{federation}/recalls/{format_id(petition)}"


def voting_petition(ctx: context.Context, held: councils.Mandate, person: str) -> councils.Petition:
    """The petition against a mandate whose recall is put to a vote, or a refusal."""
    petition = councils.open_petition(ctx.connection, held.id)
    if petition is None or not petition.is_voting:
        raise RuleViolation(f"no recall of {person} is being put to a vote", code="poll_not_open")
    return petition


@dataclass(frozen=True)
class RecallSealing:
    """What a member's device needs to encrypt her ballot in a sealed recall vote, all
    public."""

    poll: str
    petition: int
    person: str
    ceremony: int
    public_key: str
    threshold: int
    choices: tuple[str, ...] = CHOICES
    least: int = LEAST
    most: int = MOST
    ballots_closed_at: str | None = None  # when its ballot box closed (None: open)

    def view(self) -> views.RecallSealing:
        """As the doors show it."""
        return views.RecallSealing(
            poll=self.poll,
            petition=format_id(self.petition),
            person=self.person,
            ceremony=format_id(self.ceremony),
            public_key=self.public_key,
            threshold=self.threshold,
            choices=self.choices,
            least=self.least,
            most=self.most,
            ballots_closed_at=self.ballots_closed_at,
        )


def _voting(
    ctx: context.Context, council: str, person: str, moment: datetime
) -> tuple[councils.Mandate, councils.Petition]:
    _, held = mandate_held(ctx, council, person, moment)
    return held, voting_petition(ctx, held, person)


def _sealed(petition: councils.Petition, person: str) -> councils.Petition:
    if not petition.is_sealed:
        raise RuleViolation(
            f"the recall vote on {person} is not sealed: its members vote in the open"
        )
    return petition


def _terms(ctx: context.Context, petition: councils.Petition, person: str) -> RecallSealing:
    ceremony = ceremony_of(ctx, petition.ceremony_id)
    assert ceremony.public_key is not None
    return RecallSealing(
        poll_id(ctx.federation.slug, petition.id),
        petition.id,
        person,
        ceremony.id,
        ceremony.public_key,
        ceremony.threshold,
        ballots_closed_at=petition.ballots_closed_at,
    )


def sealing(
    db: Database,
    council: str,
    person: str,
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> RecallSealing | None:
    """The key and terms a member encrypts her ballot by in the recall vote on a delegate,
    or None when that vote is open (not sealed)."""
    with context.reading(db, federation, actor) as ctx:
        _, petition = _voting(ctx, council, person, now())
        return None if not petition.is_sealed else _terms(ctx, petition, person)


def encrypt(
    terms: RecallSealing, choice: str
) -> tuple[crypto_ballot.Ballot, crypto_ballot.Opening]:
    """A member's device's work: her choice encrypted under the council's key with a fresh
    credential, with its proofs, and the opening a Benaloh audit reveals."""
    return sealed.encrypt(terms, choice)


def cast_sealed_recall_vote(
    db: Database,
    council: str,
    person: str,
    member_key: str,
    document: Mapping[str, Any],
    *,
    federation: str | None = None,
    actor: Actor,
    cast_at: datetime | None = None,
    now: Clock = utc_now,
) -> tuple[Entry, str]:
    """Cast a member's encrypted ballot (the JSON her device made) in the sealed recall
    vote on her delegate: its proofs checked, then every check of a recall vote. Returns the
    entry recording that she voted, and the ballot's receipt (on the vote's board)."""
    terms = sealing(db, council, person, federation=federation, actor=actor, now=now)
    if terms is None:
        raise RuleViolation(
            f"the recall vote on {person} is not sealed: it takes no encrypted ballot"
        )
    checked = sealed.check_ballot(terms, document)

    def act(ctx: context.Context) -> Entry:
        moment = cast_at or now()
        held, petition = _voting(ctx, council, person, moment)
        member = context.require_for_member(
            ctx, Action.CAST_RECALL_VOTE, held.constituency, member_key
        )
        _sealed(petition, person)
        if petition.ballots_closed_at is not None:
            raise RuleViolation(
                f"the ballot box of the recall vote on {person} closed at "
                f"{petition.ballots_closed_at}",
                code="poll_not_open",
            )
        if checked.ceremony != petition.ceremony_id or petition.id != terms.petition:
            raise RuleViolation(f"ballot: not encrypted for the recall vote on {person}")
        ctx.require_franchise(
            council,
            member.birth_date,
            member.categories,
            on=moment.date(),
            who=f"member '{member_key}' cannot vote",
        )
        if member.id in councils.recall_vote(ctx.connection, petition.id):
            raise Conflict(
                f"member '{member_key}' has already voted on the recall of {person}",
                code="already_voted",
            )
        if store_trustees.recall_credential_used(ctx.connection, petition.id, checked.credential):
            raise Conflict(
                f"ballot.credential: a ballot of the recall vote on {person} was cast with it "
                "already"
            )
        at, slug = now(), ctx.federation.slug
        # The encrypted ballot first, naming no one; then who voted, with its receipt.
        encrypted = SealedRecallBallotCast(
            federation=slug,
            petition=petition.id,
            credential=checked.credential,
            ballot=checked.ballot,
        )
        voted = RecallVoteCast(
            federation=slug,
            petition=petition.id,
            member=member.id,
            choice=None,
            cast_at=format_time(moment),
            receipt=checked.receipt,
        )
        return ctx.record_many([(at, ctx.account, encrypted), (at, ctx.account, voted)])[-1]

    return perform(db, federation, actor, act), checked.receipt


def close_ballots(
    db: Database,
    council: str,
    person: str,
    *,
    federation: str | None = None,
    actor: Actor,
    closed_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Close the ballot box of the sealed recall vote on a delegate: no ballot is taken
    after it; its trustees decrypt the tally, and the vote is decided once they have."""

    def act(ctx: context.Context) -> Entry:
        ctx.require(Action.CLOSE_RECALL_VOTE)
        moment = closed_at or now()
        _, petition = _voting(ctx, council, person, moment)
        _sealed(petition, person)
        if petition.ballots_closed_at is not None:
            raise Conflict(
                f"the ballot box of the recall vote on {person} closed at "
                f"{petition.ballots_closed_at}"
            )
        event = RecallBallotsClosed(
            federation=ctx.federation.slug, petition=petition.id, at=format_time(moment)
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def encrypted_tally(ctx: context.Context, petition_id: int) -> tuple[list[Ciphertext], int]:
    """A sealed recall vote's encrypted tally, per choice, and how many ballots it holds."""
    stored = store_trustees.recall_ballots_of(ctx.connection, petition_id)
    return tally_of(stored, len(CHOICES)), len(stored)


@dataclass(frozen=True)
class ToDecrypt:
    """What the trustees of a sealed recall vote decrypt once its ballot box has closed."""

    poll: str
    petition: int
    ceremony: int
    threshold: int
    tally: tuple[Ciphertext, ...]
    given: tuple[int, ...]

    def view(self) -> views.RecallToDecrypt:
        """As the doors show it."""
        return views.RecallToDecrypt(
            poll=self.poll,
            petition=format_id(self.petition),
            ceremony=format_id(self.ceremony),
            threshold=self.threshold,
            alphas=tuple(c.alpha.hex() for c in self.tally),
            given=self.given,
        )


def _to_decrypt(ctx: context.Context, petition: councils.Petition, person: str) -> ToDecrypt:
    _sealed(petition, person)
    if petition.ballots_closed_at is None:
        raise RuleViolation(
            f"the ballot box of the recall vote on {person} is open: its tally is decrypted "
            "once it closes",
            code="poll_not_open",
        )
    ceremony = ceremony_of(ctx, petition.ceremony_id)
    tally, _ = encrypted_tally(ctx, petition.id)
    given = store_trustees.recall_decryptions_of(ctx.connection, petition.id)
    return ToDecrypt(
        poll_id(ctx.federation.slug, petition.id),
        petition.id,
        ceremony.id,
        ceremony.threshold,
        tuple(tally),
        tuple(d.trustee for d in given),
    )


def to_decrypt(
    db: Database,
    council: str,
    person: str,
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> ToDecrypt:
    """The encrypted tally of the sealed recall vote on a delegate whose ballot box has
    closed (public)."""
    with context.reading(db, federation, actor) as ctx:
        _, petition = _voting(ctx, council, person, now())
        return _to_decrypt(ctx, petition, person)


def share_decryption(
    db: Database,
    council: str,
    person: str,
    shares: Sequence[str],
    challenges: Sequence[str],
    responses: Sequence[str],
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> Entry:
    """A trustee of the council's ceremony gives her share of the decryption of a sealed
    recall vote's tally: for recall and for keep, the share (hex) and its proof's challenge
    and response (hex), checked against her verification key."""
    points, proofs = parsed_shares(shares, challenges, responses, len(CHOICES))

    def act(ctx: context.Context) -> Entry:
        ctx.require(Action.ACT_AS_TRUSTEE, Target(council=council))
        _, petition = _voting(ctx, council, person, now())
        wanted = _to_decrypt(ctx, petition, person)
        ceremony = ceremony_of(ctx, petition.ceremony_id)
        trustee = ceremony.trustee(ctx.account)
        if trustee is None or trustee.verification_key is None:
            raise RuleViolation(
                f"{ctx.account} is no trustee of ceremony {format_id(ceremony.id)}, whose key "
                f"seals the recall vote on {person}",
                code="not_entitled",
            )
        if trustee.number in wanted.given:
            raise Conflict(
                f"trustee {trustee.number} has given her share of the recall vote on {person}"
            )
        check_shares(
            wanted.poll,
            trustee.number,
            trustee.verification_key,
            wanted.tally,
            (points, proofs),
            CHOICES,
        )
        event = RecallDecryptionShared(
            federation=ctx.federation.slug,
            petition=petition.id,
            trustee=trustee.number,
            shares=tuple(p.hex() for p in points),
            challenges=tuple(group.scalar(p.challenge).hex() for p in proofs),
            responses=tuple(group.scalar(p.response).hex() for p in proofs),
            at=format_time(now()),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def decrypted_counts(
    ctx: context.Context, petition: councils.Petition, person: str
) -> tuple[int, int]:
    """The recall and keep counts of a sealed recall vote, from the trustees' shares of
    its decryption; refused while its ballot box is open or fewer than the threshold have
    given theirs."""
    if petition.ballots_closed_at is None:
        raise RuleViolation(
            f"the recall vote on {person} is sealed and its ballot box is open: close the box "
            "(soviet recall close-ballots), let its trustees decrypt, then close the vote"
        )
    ceremony = ceremony_of(ctx, petition.ceremony_id)
    given = store_trustees.recall_decryptions_of(ctx.connection, petition.id)
    if len(given) < ceremony.threshold:
        raise RuleViolation(
            f"the tally of the recall vote on {person} is decrypted by {ceremony.threshold} of "
            f"its trustees; {len(given)} have given their share"
        )
    tally, cast = encrypted_tally(ctx, petition.id)
    counts = decrypt_counts(tally, cast, given[: ceremony.threshold])
    if counts is None:  # every share's proof held: the tally itself was tampered with
        raise RuleViolation(
            f"the tally of the recall vote on {person} does not decrypt to a count of "
            f"0..{cast}: its ballots are not those the trustees decrypted"
        )
    recall, keep = counts
    return recall, keep


def board(
    db: Database, petition_id: int, *, federation: str | None = None, actor: Actor
) -> dict[str, Any]:
    """The board of a petition's sealed recall vote as it stands (public): its ballots so
    far; once decided, its result and everything that proves it, and the journal's head
    when its ballot box closed."""
    with context.reading(db, federation, actor) as ctx:
        row = reads.petition(ctx.connection, ctx.federation.id, petition_id)
        found = store_trustees.petition_sealing(ctx.connection, row.id)
        if found is None:
            raise RuleViolation(
                f"the recall vote of petition {format_id(petition_id)} is not sealed: it has "
                "no board"
            )
        ceremony_id, closed_hash = found
        ceremony = ceremony_of(ctx, ceremony_id)
        ballots = [
            crypto_ballot.ballot_from_json(json.loads(b), len(CHOICES), LEAST, MOST)
            for b in store_trustees.recall_ballots_of(ctx.connection, row.id)
        ]
        given = store_trustees.recall_decryptions_of(ctx.connection, row.id)
        counted = reads.recall_vote_counts(ctx.connection, row.id)
        decided = row.outcome in ("recalled", "kept")
        partials = boards.partials_of(given)
        return crypto_board.build_board(
            poll=poll_id(ctx.federation.slug, row.id),
            candidates=list(CHOICES),
            least=LEAST,
            most=MOST,
            threshold=ceremony.threshold,
            commitments=boards.commitments_of(ceremony),
            ballots=ballots,
            partials=partials,
            result=[counted["recall"], counted["keep"]] if decided else [],
            journal_head=closed_hash,
        )
