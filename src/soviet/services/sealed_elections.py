"""Sealed elections: constituency elections by secret ballot whose ballots are encrypted by
each member's own device (soviet.crypto), so that the server never holds a choice, and whose
tallies only the trustees of the council's key ceremony decrypt together.

A ballot election opened once its council has a key is sealed (services.elections). Its
ballot marks exactly one of the parties fixed at the opening: one ciphertext per party, each
proven to hold 0 or 1, their sum proven to be 1, the proofs bound to the election, the
member's constituency (`poll_id`) and the ballot's pseudonymous credential. Then:

1. members cast their encrypted ballots (`cast_sealed_ballot`); the journal holds the
   ballot by credential, and beside it that the member voted, with the ballot's receipt;
2. whoever closes elections closes the ballot box (`close_ballots`);
3. the trustees each give their share of the decryption of every constituency's tally,
   with proofs (`share_decryptions`);
4. the election closes as any other (services.elections), counting the decrypted votes.

Each constituency's board (`board`) lets anyone recount it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from soviet.crypto import ballot as crypto_ballot
from soviet.crypto import board as crypto_board
from soviet.crypto import group
from soviet.crypto.elgamal import Ciphertext
from soviet.domain import limits
from soviet.domain.events.elections import BallotCast
from soviet.domain.events.trustees import (
    ElectionBallotsClosed,
    ElectionDecryptionShared,
    SealedElectionBallotCast,
)
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.views import ballots as views
from soviet.errors import Conflict, InvalidInput, NotFound, Problem, RuleViolation
from soviet.services import boards, context, sealed, sealed_election_tally, sealed_tally
from soviet.services.decryptions import check_shares, parsed_shares
from soviet.services.elections import covered
from soviet.services.journal import Clock, utc_now
from soviet.services.sealed_election_tally import LEAST, MOST, poll_id
from soviet.services.unit_of_work import perform
from soviet.store import ballots, councils, election_reads
from soviet.store import trustees as store_trustees
from soviet.store.database import Database


@dataclass(frozen=True)
class ElectionSealing:
    """What a member's device needs to encrypt her ballot in a sealed election, all public."""

    poll: str
    election: int
    constituency: str
    ceremony: int
    public_key: str
    threshold: int
    choices: tuple[str, ...]  # the parties on the ballot, in order
    least: int = LEAST
    most: int = MOST

    def view(self) -> views.ElectionSealing:
        """As the doors show it."""
        return views.ElectionSealing(
            poll=self.poll,
            election=format_id(self.election),
            constituency=self.constituency,
            ceremony=format_id(self.ceremony),
            public_key=self.public_key,
            threshold=self.threshold,
            choices=self.choices,
            least=self.least,
            most=self.most,
        )


def _sealed(ctx: context.Context, election_id: int) -> councils.Election:
    limits.check_id(election_id, "election")
    election = councils.election(ctx.connection, ctx.federation.id, election_id)
    if not election.is_sealed:
        raise RuleViolation(
            f"election {format_id(election_id)} is not sealed: its ballots are counted in "
            "the clear ballot box"
        )
    return election


def _require_covered(ctx: context.Context, election: councils.Election, constituency: str) -> None:
    if constituency not in covered(ctx, election):
        raise NotFound(f"constituency '{constituency}' is not in election {format_id(election.id)}")


def _terms(ctx: context.Context, election: councils.Election, constituency: str) -> ElectionSealing:
    ceremony = sealed_tally.ceremony_of(ctx, election.ceremony_id)
    assert ceremony.public_key is not None
    return ElectionSealing(
        poll_id(ctx.federation.slug, election.id, constituency),
        election.id,
        constituency,
        ceremony.id,
        ceremony.public_key,
        ceremony.threshold,
        election.sealed_parties,
    )


def sealing(
    db: Database,
    election_id: int,
    constituency: str,
    *,
    federation: str | None = None,
    actor: Actor,
) -> ElectionSealing | None:
    """The key and terms a member of `constituency` encrypts her ballot by in an election,
    or None when the election is not sealed (decided by counts, or by a clear ballot box)."""
    limits.check_id(election_id, "election")
    with context.reading(db, federation, actor) as ctx:
        election = councils.election(ctx.connection, ctx.federation.id, election_id)
        if not election.is_sealed:
            return None
        _require_covered(ctx, election, constituency)
        return _terms(ctx, election, constituency)


def encrypt(
    terms: ElectionSealing, party: str
) -> tuple[crypto_ballot.Ballot, crypto_ballot.Opening]:
    """A member's device's work: her vote for `party` encrypted under the election's key
    with a fresh credential, with its proofs, and the opening a Benaloh audit reveals."""
    if party not in terms.choices:
        reason = f"must be one of the parties on the ballot: {', '.join(terms.choices)}"
        raise InvalidInput(f"party: {reason}, got {party!r}", problems=[Problem("party", reason)])
    return sealed.encrypt(terms, party)


def cast_sealed_ballot(
    db: Database,
    election_id: int,
    constituency: str,
    member_key: str,
    document: Mapping[str, Any],
    *,
    federation: str | None = None,
    actor: Actor,
    cast_at: datetime | None = None,
    now: Clock = utc_now,
) -> tuple[Entry, str]:
    """Cast a member's encrypted ballot (the JSON her device made: credential, choices,
    sum_proof) in a sealed election: its proofs checked against her constituency's terms,
    then every check of a ballot. Returns the entry recording that she voted, and the
    ballot's receipt (the hash of the encrypted ballot, on the constituency's board)."""
    terms = sealing(db, election_id, constituency, federation=federation, actor=actor)
    if terms is None:
        raise RuleViolation(
            f"election {format_id(election_id)} is not sealed: it takes no encrypted ballot"
        )
    checked = sealed.check_ballot(terms, document)

    def act(ctx: context.Context) -> Entry:
        member = context.require_for_member(ctx, Action.CAST_BALLOT, constituency, member_key)
        election = _sealed(ctx, election_id)
        name = format_id(election_id)
        if election.closed_at is not None or election.ballots_closed_at is not None:
            closed = election.closed_at or election.ballots_closed_at
            raise RuleViolation(
                f"the ballot box of election {name} closed at {closed}", code="poll_not_open"
            )
        if checked.ceremony != election.ceremony_id:
            raise RuleViolation(f"ballot: not encrypted to the key of election {name}")
        _require_covered(ctx, election, constituency)
        moment = cast_at or now()
        ctx.require_franchise(
            election.council,
            member.birth_date,
            member.categories,
            on=moment.date(),
            who=f"member '{member_key}' cannot vote",
        )
        if ballots.has_voted(ctx.connection, election_id, member.id):
            raise Conflict(
                f"member '{member_key}' has already voted in election {name}",
                code="already_voted",
            )
        if store_trustees.election_credential_used(ctx.connection, election_id, checked.credential):
            raise Conflict(
                f"ballot.credential: a ballot of election {name} was cast with it already"
            )
        at = now()
        federation_slug = ctx.federation.slug
        # The encrypted ballot first, naming no one; then who voted, with its receipt.
        encrypted = SealedElectionBallotCast(
            federation=federation_slug,
            election=election_id,
            constituency=constituency,
            credential=checked.credential,
            ballot=checked.ballot,
        )
        voted = BallotCast(
            federation=federation_slug,
            election=election_id,
            member=member.id,
            receipt=checked.receipt,
        )
        entries = ctx.record_many([(at, ctx.account, encrypted), (at, ctx.account, voted)])
        return entries[-1]

    return perform(db, federation, actor, act), checked.receipt


def close_ballots(
    db: Database,
    election_id: int,
    *,
    federation: str | None = None,
    actor: Actor,
    closed_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Close the ballot box of a sealed election: no ballot is taken after it, and its
    trustees can decrypt each constituency's tally; the election closes once they have."""

    def act(ctx: context.Context) -> Entry:
        ctx.require(Action.CLOSE_ELECTION)
        election = _sealed(ctx, election_id)
        name = format_id(election_id)
        if election.closed_at is not None:
            raise RuleViolation(
                f"election {name} was closed at {election.closed_at}", code="poll_not_open"
            )
        if election.ballots_closed_at is not None:
            raise Conflict(
                f"the ballot box of election {name} closed at {election.ballots_closed_at}"
            )
        event = ElectionBallotsClosed(
            federation=ctx.federation.slug,
            election=election_id,
            at=format_time(closed_at or now()),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


@dataclass(frozen=True)
class ConstituencyTally:
    constituency: str
    poll: str
    tally: tuple[Ciphertext, ...]
    given: tuple[int, ...]


@dataclass(frozen=True)
class ToDecrypt:
    """What the trustees of a sealed election decrypt: each constituency's encrypted tally
    that holds a ballot, and who has given her share of it."""

    election: int
    ceremony: int
    threshold: int
    parties: tuple[str, ...]
    tallies: tuple[ConstituencyTally, ...]

    def view(self) -> views.ElectionToDecrypt:
        """As the doors show it."""
        return views.ElectionToDecrypt(
            election=format_id(self.election),
            ceremony=format_id(self.ceremony),
            threshold=self.threshold,
            parties=self.parties,
            tallies=tuple(
                views.ConstituencyToDecrypt(
                    t.constituency, t.poll, tuple(c.alpha.hex() for c in t.tally), t.given
                )
                for t in self.tallies
            ),
        )


def _to_decrypt(ctx: context.Context, election: councils.Election) -> ToDecrypt:
    if election.ballots_closed_at is None:
        raise RuleViolation(
            f"the ballot box of election {format_id(election.id)} is open: its tallies are "
            "decrypted once it closes",
            code="poll_not_open",
        )
    ceremony = sealed_tally.ceremony_of(ctx, election.ceremony_id)
    shared = store_trustees.election_decryptions_of(ctx.connection, election.id)
    tallies = sealed_election_tally.encrypted_tallies(ctx, election)
    return ToDecrypt(
        election.id,
        ceremony.id,
        ceremony.threshold,
        election.sealed_parties,
        tuple(
            ConstituencyTally(
                constituency,
                poll_id(ctx.federation.slug, election.id, constituency),
                tuple(tally),
                tuple(d.trustee for d in shared.get(constituency, [])),
            )
            for constituency, (tally, _) in sorted(tallies.items())
        ),
    )


def to_decrypt(
    db: Database, election_id: int, *, federation: str | None = None, actor: Actor
) -> ToDecrypt:
    """The encrypted tallies of a sealed election whose ballot box has closed (public)."""
    with context.reading(db, federation, actor) as ctx:
        return _to_decrypt(ctx, _sealed(ctx, election_id))


@dataclass(frozen=True)
class SharePart:
    """A trustee's share of one constituency's tally: per party, the share (hex) and its
    proof's challenge and response (hex)."""

    constituency: str
    shares: Sequence[str]
    challenges: Sequence[str]
    responses: Sequence[str]


def share_decryptions(
    db: Database,
    election_id: int,
    parts: Sequence[SharePart],
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> list[Entry]:
    """A trustee of a sealed election's ceremony gives her shares of the decryption of
    its constituencies' tallies, each checked against her verification key; all or none.
    A constituency she has given hers for already is refused."""
    if not parts:
        reason = "give at least one constituency's shares"
        raise InvalidInput(f"parts: {reason}", problems=[Problem("parts", reason)])
    limits.check_integer(len(parts), "parts", minimum=1, maximum=limits.PAGE_MAX)
    named = [p.constituency for p in parts]
    repeated = sorted({c for c in named if named.count(c) > 1})
    if repeated:
        reason = f"each constituency once; named twice: {', '.join(repeated)}"
        raise InvalidInput(f"parts: {reason}", problems=[Problem("parts", reason)])

    def act(ctx: context.Context) -> list[Entry]:
        election = _sealed(ctx, election_id)
        ctx.require(Action.ACT_AS_TRUSTEE, Target(council=election.council))
        name = format_id(election_id)
        if election.closed_at is not None:
            raise Conflict(f"election {name} is closed: its tallies are decrypted")
        wanted = _to_decrypt(ctx, election)
        ceremony = sealed_tally.ceremony_of(ctx, election.ceremony_id)
        trustee = ceremony.trustee(ctx.account)
        if trustee is None or trustee.verification_key is None:
            raise RuleViolation(
                f"{ctx.account} is no trustee of ceremony {format_id(ceremony.id)}, whose key "
                f"seals election {name}",
                code="not_entitled",
            )
        tallies = {t.constituency: t for t in wanted.tallies}
        count = len(wanted.parties)
        at, moment = now(), format_time(now())
        events = []
        for index, part in enumerate(parts):
            where = f"parts[{index}]."
            found = tallies.get(part.constituency)
            if found is None:
                raise NotFound(
                    f"{where}constituency: '{part.constituency}' holds no ballot of election "
                    f"{name}: it has no tally to decrypt"
                )
            if trustee.number in found.given:
                raise Conflict(
                    f"trustee {trustee.number} has given her share of '{part.constituency}' "
                    f"in election {name}"
                )
            points, proofs = parsed_shares(
                part.shares, part.challenges, part.responses, count, at=where
            )
            check_shares(
                found.poll,
                trustee.number,
                trustee.verification_key,
                found.tally,
                (points, proofs),
                wanted.parties,
                at=where,
            )
            event = ElectionDecryptionShared(
                federation=ctx.federation.slug,
                election=election_id,
                constituency=part.constituency,
                trustee=trustee.number,
                shares=tuple(p.hex() for p in points),
                challenges=tuple(group.scalar(p.challenge).hex() for p in proofs),
                responses=tuple(group.scalar(p.response).hex() for p in proofs),
                at=moment,
            )
            events.append((at, ctx.account, event))
        return ctx.record_many(events)

    return perform(db, federation, actor, act)


def make_shares(wanted: ToDecrypt, trustee: int, secret: int) -> list[SharePart]:
    """A trustee's device's work: her share of every constituency's tally with its proof,
    made with the share of the key she keeps (never sent)."""
    parts = []
    for found in wanted.tallies:
        shared = crypto_board.partial_decrypt(found.poll, trustee, secret, list(found.tally))
        parts.append(
            SharePart(
                found.constituency,
                [share.hex() for share, _ in shared],
                [group.scalar(proof.challenge).hex() for _, proof in shared],
                [group.scalar(proof.response).hex() for _, proof in shared],
            )
        )
    return parts


#: The statute's methods the standalone verifier recomputes, by its names for them.
VERIFIED_METHODS = {
    "dhondt": "dhondt",
    "d'hondt": "dhondt",
    "jefferson": "dhondt",
    "sainte-lague": "sainte-lague",
    "webster": "sainte-lague",
    "hare": "hare",
    "hamilton": "hare",
}


def _allocation(
    ctx: context.Context, election: councils.Election, constituency: str
) -> crypto_board.Allocation | None:
    """The seats a closed sealed election gave in a constituency, for its board, where the
    verifier can recompute them from the decrypted counts alone: seats allocated in each
    constituency by a method it knows, with no threshold and no tie broken by lot."""
    rule = ctx.statute.councils[election.council].election
    method = VERIFIED_METHODS.get(rule.method)
    if method is None or rule.allocation == "pooled" or rule.threshold:
        return None
    found = election_reads.election(ctx.connection, ctx.federation.id, election.id)
    if found.draw:
        return None
    row = election_reads.constituency_result(ctx.connection, election.id, constituency)
    if row is None or row.seats is None or not any(row.votes.values()):
        return None
    won = [row.won.get(party, 0) for party in election.sealed_parties]
    return crypto_board.Allocation(method, row.seats, won)


def board(
    db: Database,
    election_id: int,
    constituency: str,
    *,
    federation: str | None = None,
    actor: Actor,
) -> dict[str, Any]:
    """The board of one constituency of a sealed election as it stands (public): its
    ballots so far; once the election has closed, its result and everything that proves it,
    the seats it gave where the verifier can recompute them, and the journal's head when
    its ballot box closed."""
    with context.reading(db, federation, actor) as ctx:
        election = _sealed(ctx, election_id)
        _require_covered(ctx, election, constituency)
        ceremony = sealed_tally.ceremony_of(ctx, election.ceremony_id)
        found = sealed_election_tally.ballots_of(ctx, election).get(constituency, [])
        given = store_trustees.election_decryptions_of(ctx.connection, election.id)
        result: list[int] = []
        allocation = None
        if election.closed_at is not None:
            votes = councils.votes(ctx.connection, election.id)
            result = [votes.get((constituency, p), 0) for p in election.sealed_parties]
            allocation = _allocation(ctx, election, constituency)
        partials = boards.partials_of(given.get(constituency, []))
        return crypto_board.build_board(
            poll=poll_id(ctx.federation.slug, election.id, constituency),
            candidates=list(election.sealed_parties),
            least=LEAST,
            most=MOST,
            threshold=ceremony.threshold,
            commitments=boards.commitments_of(ceremony),
            ballots=found,
            partials=partials,
            result=result,
            allocation=allocation,
            journal_head=election.ballots_closed_hash,
        )
