"""Votes on motions: opened with the quorum present, cast by attending delegates with a
voting mandate, closed into a decision and, when adopted, a numbered resolution.

Roll-call: each delegate's vote is journaled and shown by fraction, with who kept and
who broke her fraction's position. Counted: the chair enters the numbers at the close.
Secret: the journal records that a delegate voted and the box only counters, so no
ballot can be linked to its caster, yet each delegate votes at most once. A secret poll
opened once its council has a key (services.trustees) is sealed instead: each ballot comes
encrypted by the voter's device with proofs that it is well formed (services.sealed), and
only the trustees' decryption of the tally after the close shows any number. Every act
runs in one serialised write transaction and is acknowledged only once committed, so a
vote racing the close is either in the tally or refused as closed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import accumulate
from typing import NoReturn

from sqlalchemy.engine import Connection

from soviet.domain import limits, permissions
from soviet.domain.events import Event
from soviet.domain.events.alternates import ProxyVoteCast
from soviet.domain.events.sessions import SecretBallotCast, VoteCast, VoteOpened
from soviet.domain.events.trustees import SealedBallotCast
from soviet.domain.identity import PUBLIC, SYSTEM, Actor, Grant, Role, account_actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.sessions import CHOICES, VOTE_MODES, amendments_in_order
from soviet.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    Problem,
    RuleViolation,
    SovietError,
)
from soviet.services import (
    accounts,
    context,
    group_commit,
    idempotency,
    polls,
    rate_limits,
    stand_ins,
)
from soviet.services.accounts import Credential
from soviet.services.journal import Clock, utc_now
from soviet.services.memo import Memo
from soviet.services.motions import motion_of
from soviet.services.poll_results import Result, close_vote, closing
from soviet.services.sessions import open_session, quorum_of
from soviet.services.unit_of_work import complete, perform
from soviet.store import journal as store_journal
from soviet.store import motions as store
from soviet.store import sessions as store_sessions
from soviet.store import trustees as store_trustees
from soviet.store.database import Database

# Closing a vote and its result live in services.poll_results, with publication.
__all__ = ["Result", "cast_sealed_vote", "cast_vote", "close_vote", "closing", "open_vote"]


def _require_turn(ctx: context.Context, motion: store.Motion) -> None:
    """Amendments are decided before their motion, in the order the statute names."""
    parent = (
        motion if motion.amends_id is None else store.motion_by_id(ctx.connection, motion.amends_id)
    )
    pending = store.pending_amendments(ctx.connection, parent.id)
    rule = ctx.statute.councils[motion.council].sessions.amendments
    order = amendments_in_order(rule, [a.slug for a in pending])
    if motion.amends_id is None and order:
        raise RuleViolation(
            f"'{motion.address}' cannot be put to the vote before its amendments: "
            f"next is '{motion.council}/{order[0]}'"
        )
    if motion.amends_id is not None and order and order[0] != motion.slug:
        raise RuleViolation(
            f"amendments to '{parent.address}' are voted in the order {rule}: "
            f"next is '{motion.council}/{order[0]}'"
        )


def open_vote(
    db: Database,
    address: str,
    mode: str = "roll-call",
    *,
    practice: bool = False,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Put a motion to the vote (roll-call, counted or secret), if the session is quorate,
    freezing its register (services.polls). One vote at a time is open in a session; the
    secretariat opens it. A practice poll is kept out of the record: its motion is never
    decided by it, nor becomes a resolution."""
    if mode not in VOTE_MODES:
        raise InvalidInput(f"mode: must be one of {', '.join(VOTE_MODES)}, got {mode!r}")

    def act(ctx: context.Context) -> Entry:
        motion = motion_of(ctx, address)
        ctx.require(Action.OPEN_VOTE, Target(council=motion.council))
        if practice and motion.amends_id is not None:
            raise InvalidInput(
                f"practice: '{address}' is an amendment; a practice poll is held on a motion"
            )
        session = open_session(ctx, motion.session_id)
        if store.vote(ctx.connection, motion.id) is not None:
            raise RuleViolation(f"'{address}' has already been put to the vote")
        current = store.open_vote_in(ctx.connection, session.id)
        if current is not None:
            raise RuleViolation(
                f"the vote on '{current.address}' is still open in session {format_id(session.id)}"
            )
        _require_turn(ctx, motion)
        moment = format_time(at or now())
        quorum = quorum_of(ctx, session, moment)
        if not quorum.has_quorum:
            raise RuleViolation(
                f"no quorum in session {format_id(session.id)}: "
                f"{quorum.present} voting members attend, "
                f"{quorum.needed} needed of {quorum.seats} seats; '{address}' cannot be put "
                "to the vote",
                code="no_quorum",
            )
        event = VoteOpened(
            federation=ctx.federation.slug,
            motion=motion.id,
            mode=mode,
            at=moment,
            present=quorum.present,
            seats=quorum.seats,
            register=polls.register_at_opening(ctx, motion, moment),
            practice=practice,
            results=ctx.statute.councils[motion.council].sessions.results,
        )
        if mode == "secret":
            sealing = store_trustees.current(ctx.connection, motion.council_id)
            if sealing is not None and sealing.public_key is not None:
                # Sealed: only the trustees' decryption after the close shows the tally.
                event = replace(event, ceremony=sealing.id, results="on-publication")
            elif ctx.statute.councils[motion.council].sessions.secret_ballots == "sealed":
                raise RuleViolation(
                    f"the statute of '{ctx.federation.slug}' seals the secret votes of "
                    f"'{motion.council}', and its trustees have made no key yet: appoint them "
                    "(soviet trustee appoint) and let them make it (soviet trustee keygen)"
                )
            else:
                store.set_up_box(ctx.connection, motion.id)
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def _open_vote(ctx: context.Context, motion: store.Motion) -> store.Vote:
    vote = store.vote(ctx.connection, motion.id)
    if vote is None:
        raise RuleViolation(
            f"'{motion.address}' has not been put to the vote", code="poll_not_open"
        )
    if vote.closed_at is not None:
        raise RuleViolation(
            f"the vote on '{motion.address}' is closed (at {vote.closed_at})",
            code="poll_not_open",
        )
    if vote.mode == "counted":
        raise RuleViolation(
            f"the vote on '{motion.address}' is counted: the chair enters the numbers",
            code="not_entitled",
        )
    return vote


@dataclass(frozen=True)
class _Ballot:
    address: str
    person: str
    choice: str
    actor: Actor
    cast_at: datetime | None
    #: The door's key for this ballot, kept in the batch's transaction (or None).
    keeper: idempotency.Keeper | None = None
    #: An encrypted ballot for a sealed poll, its proofs checked (services.sealed); its
    #: `choice` is then empty: the server never sees one.
    sealed: Sealed | None = None
    #: A ballot whose caster its door has not found yet (its `actor` is then the public):
    #: found by her token in the batch's transaction (cast_presented_vote).
    presented: Presented | None = None


@dataclass(frozen=True)
class Presented:
    """How a door presents a ballot before it knows who casts it: the SHA-256 of the
    bearer token it came with, and its Idempotency-Key with the request's fingerprint and
    how a retry is answered (an idempotency.Keeper's, once the token's account is found)."""

    token_hash: str
    key: str
    request_hash: str
    answer: Callable[[object], tuple[int, str] | None]


class Unadmitted:
    """A presented ballot its door must answer itself, having written nothing of it: its
    token is not valid or may not act, the ballot is not in its holder's own name, or her
    account has acted past its rate limit (the door's own answer says which)."""


#: The one Unadmitted: what the door answers does not depend on it.
UNADMITTED = Unadmitted()


@dataclass(frozen=True)
class Sealed:
    """An encrypted ballot whose proofs hold for the key of ceremony `ceremony`."""

    ceremony: int
    credential: str
    ballot: str  # canonical JSON
    receipt: str  # its SHA-256: what the board shows


#: The registers of open polls read whole, each by (motion, opening): a register is
#: frozen when its poll opens, so the ballots of later batches need not read it again.
_REGISTERS: Memo[tuple[int, str], dict[int, int] | None] = Memo(kept=16)


def _register(ctx: context.Context, db: Database, vote: store.Vote) -> dict[int, int] | None:
    """The weights of a poll's register by person (None: opened before registers)."""
    key = (vote.motion_id, vote.opened_at)
    return _REGISTERS.get(db, key, lambda: polls.register_weights(ctx, vote))


class _Batch:
    """What a batch of ballots reads once: the motions, who attends, who has voted."""

    def __init__(
        self, ctx: context.Context, db: Database, ballots: Sequence[_Ballot], at: datetime
    ) -> None:
        self.ctx, self.db = ctx, db
        self.at = at
        self.moment = format_time(at)
        self.motions: dict[str, tuple[store.Motion, store.Vote] | SovietError] = {}
        self.seats: dict[int, dict[str, store_sessions.Seat]] = {}
        self.voted: dict[int, tuple[set[int], set[int]]] = {}  # checked, voted
        self.weights: dict[int, dict[int, int] | None] = {}  # the registers, by motion
        self.stand_ins: dict[int, stand_ins.StandIns] = {}  # alternates and proxies, by session
        self.persons = sorted({b.person for b in ballots if b.cast_at is None})
        self.credentials: dict[int, set[str]] = {}  # of sealed ballots, by motion

    def motion(self, address: str) -> tuple[store.Motion, store.Vote]:
        if address not in self.motions:
            try:
                motion = motion_of(self.ctx, address)
                self.motions[address] = (motion, _open_vote(self.ctx, motion))
            except SovietError as error:
                self.motions[address] = error
        found = self.motions[address]
        if isinstance(found, SovietError):
            raise found
        return found

    def read_ahead(self, ballots: Sequence[_Ballot | Unadmitted]) -> None:
        """Read what checking these ballots reads, but who has voted: the motions and their
        polls, who attends, who stands in for whom."""
        for ballot in ballots:
            if isinstance(ballot, Unadmitted):
                continue
            try:
                motion, _vote = self.motion(ballot.address)
            except SovietError:
                continue  # kept, and refused with it in the writer's turn
            if ballot.cast_at is None:
                self.seat(motion, ballot)
            self.stand_ins_in(motion.session_id)

    def stand_ins_in(self, session_id: int) -> stand_ins.StandIns:
        """Who stands in for whom in a session: its alternates and proxies, read once."""
        if session_id not in self.stand_ins:
            self.stand_ins[session_id] = stand_ins.stand_ins_of(self.ctx, session_id)
        return self.stand_ins[session_id]

    def seat(self, motion: store.Motion, ballot: _Ballot) -> store_sessions.Seat | None:
        connection, session = self.ctx.connection, motion.session_id
        if ballot.cast_at is not None:
            return store_sessions.attendee(
                connection, session, ballot.person, format_time(ballot.cast_at)
            )
        if session not in self.seats:
            found = store_sessions.attending_among(
                connection, self.ctx.federation.id, session, self.moment, self.persons
            )
            self.seats[session] = {seat.person: seat for seat in found}
        return self.seats[session].get(ballot.person)

    def weight(self, motion: store.Motion, vote: store.Vote, person: str, person_id: int) -> int:
        """How many votes her ballot counts for, from the poll's register (read once by
        this process while the poll is open)."""
        if motion.id not in self.weights:
            self.weights[motion.id] = _register(self.ctx, self.db, vote)
        return polls.weight_of(self.weights[motion.id], motion, person, person_id)

    def has_voted(self, motion: store.Motion, vote: store.Vote, person_id: int) -> bool:
        """Whether a person has voted, read once per batch for everyone the batch names."""
        checked, voted = self.voted.setdefault(motion.id, (set(), set()))
        if person_id not in checked:
            seats = self.seats.get(motion.session_id, {}).values()
            wanted = ({person_id} | {seat.person_id for seat in seats}) - checked
            secret = vote.mode == "secret"
            voted |= store.voters(self.ctx.connection, motion.id, sorted(wanted), secret=secret)
            checked |= wanted
        return person_id in voted


def _refuse_absent(batch: _Batch, motion: store.Motion, ballot: _Ballot) -> NoReturn:
    """Why a ballot from someone not attending is refused: she holds no mandate of the
    council (ended, as by a recall, or never begun), or she is not checked in."""
    moment = batch.moment if ballot.cast_at is None else format_time(ballot.cast_at)
    connection, person = batch.ctx.connection, ballot.person
    if not store_sessions.seats_held(connection, motion.council_id, moment, [person]):
        raise RuleViolation(
            f"{person} holds no mandate in '{motion.council}': only its delegates vote on "
            f"'{ballot.address}'",
            code="mandate_ended",
        )
    raise RuleViolation(
        f"{person} does not attend session {format_id(motion.session_id)}: only attending "
        f"delegates vote on '{ballot.address}'",
        code="not_present",
    )


def _check(batch: _Batch, ballot: _Ballot) -> list[tuple[datetime, str, Event]]:
    """Check one ballot against the batch's reads; return the acts to journal: her own
    vote, then one for each mandate whose proxy she holds (services.stand_ins)."""
    motion, vote = batch.motion(ballot.address)
    seat = batch.seat(motion, ballot)
    address, person = ballot.address, ballot.person
    if seat is None:
        _refuse_absent(batch, motion, ballot)
    # Attending with a mandate of the council is what makes her its delegate here.
    federation = batch.ctx.federation.slug
    delegate = ballot.actor.with_grants({Grant(Role.DELEGATE, federation, motion.council)}, {})
    refusal = permissions.decide(
        delegate, Action.CAST_VOTE, Target(federation, council=motion.council, account=person)
    )
    if refusal is not None:
        raise Forbidden(f"{ballot.actor.name} {refusal.message}", code="forbidden")
    if not seat.is_voting:
        raise RuleViolation(
            f"{person} cannot vote on '{address}': a consultative member of "
            f"'{motion.council}', co-opted without a vote",
            code="not_entitled",
        )
    found = batch.stand_ins_in(motion.session_id)
    casts = found.cast_for(seat)
    if batch.has_voted(motion, vote, seat.person_id):
        raise Conflict(f"{person} has already voted on '{address}'", code="already_voted")
    stand_ins.refuse_cast_twice(batch.ctx, motion, found, casts, is_secret=vote.mode == "secret")
    _check_sealing(batch, motion, vote, ballot)
    # Each mandate counts as the register frozen at the opening says (or not at all).
    weights = [batch.weight(motion, vote, cast.person, cast.person_id) for cast in casts]
    batch.voted[motion.id][1].update(cast.person_id for cast in casts)
    moment = batch.moment if ballot.cast_at is None else format_time(ballot.cast_at)
    acts = [
        (
            batch.at,
            ballot.actor.name,
            _cast(batch, motion, vote, cast, ballot, moment, weight),
        )
        for cast, weight in zip(casts, weights, strict=True)
    ]
    if ballot.sealed is None:
        return acts
    # The encrypted ballot first (its entry is the receipt), naming no one; then who voted.
    encrypted = SealedBallotCast(
        federation=federation,
        motion=motion.id,
        credential=ballot.sealed.credential,
        ballot=ballot.sealed.ballot,
        weight=sum(weights),
    )
    return [(batch.at, ballot.actor.name, encrypted), *acts]


def _check_sealing(batch: _Batch, motion: store.Motion, vote: store.Vote, ballot: _Ballot) -> None:
    """A sealed poll takes only encrypted ballots, each under the poll's key and with a
    credential no ballot of the poll has used; any other poll takes none."""
    sealed, address = ballot.sealed, ballot.address
    if vote.ceremony_id is None:
        if sealed is not None:
            raise RuleViolation(
                f"the vote on '{address}' is not sealed: it takes no encrypted ballot"
            )
        return
    if sealed is None:
        raise RuleViolation(
            f"the vote on '{address}' is sealed: a ballot is encrypted by the voter's own "
            "device, never sent as a choice"
        )
    if sealed.ceremony != vote.ceremony_id:
        raise RuleViolation(f"ballot: not encrypted to the key of the vote on '{address}'")
    used = batch.credentials.setdefault(motion.id, set())
    if sealed.credential in used or store_trustees.credentials_used(
        batch.ctx.connection, motion.id, [sealed.credential]
    ):
        raise Conflict(
            f"ballot.credential: a ballot of the vote on '{address}' was cast with it already"
        )
    used.add(sealed.credential)


def _cast(
    batch: _Batch,
    motion: store.Motion,
    vote: store.Vote,
    cast: stand_ins.CastFor,
    ballot: _Ballot,
    moment: str,
    weight: int,
) -> Event:
    """The entry of a ballot for one mandate: a roll-call vote (cast by a proxy's holder,
    or by whoever sits on it), or a secret ballot whose choice goes only into the box
    (counting `weight`, from the poll's register), or nowhere when the vote is sealed."""
    choice, sealed = ballot.choice, ballot.sealed
    federation = batch.ctx.federation.slug
    if vote.mode == "secret":
        if vote.ceremony_id is None:  # not sealed: the choice goes into the box's counters
            store.drop_in_box(batch.ctx.connection, motion.id, choice, weight)
        return SecretBallotCast(
            federation=federation,
            motion=motion.id,
            person=cast.person_id,
            receipt=None if sealed is None else sealed.receipt,
        )
    withheld = True if polls.is_withheld(vote) else None
    if cast.holder_id is not None:
        return ProxyVoteCast(
            federation=federation,
            motion=motion.id,
            person=cast.person_id,
            party=cast.party_id,
            holder=cast.holder_id,
            choice=choice,
            cast_at=moment,
            withheld=withheld,
        )
    return VoteCast(
        federation=federation,
        motion=motion.id,
        person=cast.person_id,
        party=cast.party_id,
        choice=choice,
        cast_at=moment,
        withheld=withheld,
    )


def _answered(
    ballot: _Ballot,
    taken: dict[tuple[str, str], idempotency.Answered],
    keys: set[tuple[str, str]],
) -> idempotency.Answered | None:
    """A ballot's key as the database holds it (answered by a request committed before
    this batch), or in flight in this very batch; None when the ballot is to be cast."""
    keeper = ballot.keeper
    if keeper is None:
        return None
    pair = (keeper.account, keeper.key)
    if pair in keys:
        return idempotency.Answered(idempotency.Claim(idempotency.State.IN_FLIGHT))
    keys.add(pair)
    return taken.get(pair)


#: The entries a batch of ballots may find journaled after what it read before the
#: writer's turn and still trust those reads: other ballots change who has voted (read
#: again in the turn, as are the sealed ballots' credentials) and nothing else it read.
_BALLOT_KINDS = frozenset(
    kind.KIND for kind in (VoteCast, ProxyVoteCast, SecretBallotCast, SealedBallotCast)
)


@dataclass
class _ReadAhead:
    """What a batch of ballots read before the writer's turn, after the journal's entry
    `seen`: who casts each ballot, and the batch's reads (in its context) but who has
    voted."""

    seen: int
    admitted: list[_Ballot | Unadmitted]
    batch: _Batch


def _writer(
    db: Database, federation: str | None
) -> Callable[[Sequence[_Ballot]], list[Entry | SovietError]]:
    def write(ballots: Sequence[_Ballot]) -> list[Entry | SovietError]:
        ahead: list[_ReadAhead] = []

        def read_ahead(connection: Connection) -> None:
            # While another writer has the turn, this batch reads what its checks read:
            # who casts each ballot (as any door reads who presents a token before it
            # acts), the motions, who attends, who stands in for whom.
            seen = store_journal.head(connection).seq
            ctx = context.load(connection, db, federation, SYSTEM)
            at = utc_now()
            admitted = _admitted(connection, db, ballots, at)
            batch = _Batch(ctx, db, ballots, at)
            batch.read_ahead(admitted)
            ahead[:] = [_ReadAhead(seen, admitted, batch)]

        def run(connection: Connection) -> list[Entry | SovietError]:
            (early,) = ahead
            batch = early.batch
            if store_journal.recorded_since(connection, early.seen, besides=_BALLOT_KINDS):
                # Something besides ballots was journaled meanwhile (a vote closed, a
                # delegate checked out or was recalled): read it all again in the turn.
                ctx = context.load(connection, db, federation, SYSTEM)
                batch = _Batch(ctx, db, ballots, utc_now())
            # Each ballot is decided for its own actor (in _check); the batch acts for them.
            return complete(batch.ctx, lambda _ctx: _write_batch(batch, early.admitted))

        return db.write(run, before_turn=read_ahead)

    return write


def _write_batch(
    batch: _Batch, admitted: Sequence[_Ballot | Unadmitted]
) -> list[Entry | SovietError]:
    """Check each ballot of a batch in the writer's turn, journal those accepted and keep
    each one's key with its answer; the outcomes in order."""
    ctx = batch.ctx
    outcomes: dict[int, Entry | SovietError | idempotency.Answered] = {}
    accepted: list[tuple[datetime, str, Event]] = []
    indices: list[int] = []
    sizes: list[int] = []
    keys: set[tuple[str, str]] = set()
    keepers = [b.keeper for b in admitted if isinstance(b, _Ballot) and b.keeper]
    taken = idempotency.found_for(ctx.connection, keepers, batch.at) if keepers else {}
    for index, ballot in enumerate(admitted):
        if isinstance(ballot, Unadmitted):
            outcomes[index] = ballot  # type: ignore[assignment]
            continue
        answered = _answered(ballot, taken, keys)
        if answered is not None:  # a retry: the key's answer, and nothing done
            outcomes[index] = answered
            continue
        try:
            acts = _check(batch, ballot)
        except SovietError as error:  # checked before anything of it was written
            outcomes[index] = error
            continue
        accepted.extend(acts)
        indices.append(index)
        sizes.append(len(acts))
    recorded = ctx.record_many(accepted)
    # A ballot's receipt is its own vote's entry, the first of those it journaled.
    starts = list(accumulate(sizes, initial=0))[:-1]
    outcomes.update(zip(indices, [recorded[start] for start in starts], strict=True))
    kept = [
        (ballot.keeper, outcomes[index])
        for index, ballot in enumerate(admitted)
        if isinstance(ballot, _Ballot)
        and ballot.keeper is not None
        and not isinstance(outcomes[index], idempotency.Answered)
    ]
    idempotency.keep_all(ctx.connection, kept, batch.at)
    return [outcomes[index] for index in range(len(admitted))]  # type: ignore[misc]


def _admitted(
    connection: Connection, db: Database, ballots: Sequence[_Ballot], moment: datetime
) -> list[_Ballot | Unadmitted]:
    """The ballots of a batch with each presented one's caster found by her token, in
    the batch's transaction, and admitted as the door admits an act (scope, own name,
    rate limit); or why not."""
    hashes = {ballot.presented.token_hash for ballot in ballots if ballot.presented is not None}
    if not hashes:
        return list(ballots)
    found = accounts.credentials_in(connection, db, hashes, moment)
    return [ballot if ballot.presented is None else _admit(db, ballot, found) for ballot in ballots]


def _admit(db: Database, ballot: _Ballot, found: dict[str, Credential]) -> _Ballot | Unadmitted:
    presented = ballot.presented
    assert presented is not None
    credential = found.get(presented.token_hash)
    if credential is None or "act" not in credential.scopes:
        return UNADMITTED
    actor = account_actor(credential.account)
    try:
        _require_own_name(actor, ballot.person)
        bucket = f"acts:{credential.account}"
        rate_limits.count_act(db, bucket, rate_limits.ACTS_PER_ACCOUNT, is_flush_deferred=True)
    except (Forbidden, rate_limits.RateLimited):
        return UNADMITTED
    keeper = idempotency.Keeper(
        credential.account, presented.key, presented.request_hash, presented.answer
    )
    return replace(ballot, actor=actor, keeper=keeper, presented=None)


async def cast_presented_vote(
    db: Database,
    address: str,
    person: str,
    choice: str,
    presented: Presented,
    *,
    federation: str | None = None,
) -> Entry | SovietError | idempotency.Answered | Unadmitted:
    """A delegate's vote as a door presents it with her bearer token, awaited on the
    door's loop: the token is looked up in the transaction that writes the ballot (with
    the rest of its batch, before the writer's turn), and the ballot is then checked as
    `cast_vote` checks it.
    Gives the committed entry, the error that refused it, the answer its key had already
    (a retry), or why the door must answer it itself (Unadmitted: nothing written)."""
    if choice not in CHOICES:
        raise InvalidInput(f"choice: must be one of {', '.join(CHOICES)}, got {choice!r}")
    ballot = _Ballot(address, person, choice, PUBLIC, None, presented=presented)
    key = ("ballots", federation)
    outcome = await group_commit.submit_async(db, key, ballot, _writer(db, federation))
    if isinstance(outcome, BaseException) and not isinstance(
        outcome, SovietError | idempotency.Answered
    ):
        raise outcome
    return outcome


def _require_own_name(actor: Actor, person: str) -> None:
    """Refuse at the door a ballot cast in another's name or by nobody signed in (the
    rest of the vote's rules are checked as the ballot is written)."""
    refusal = permissions.decide(actor, Action.CAST_VOTE, Target(account=person))
    if refusal is not None and refusal.reason in ("not_in_own_name", "not_signed_in"):
        raise Forbidden(f"{actor.name} {refusal.message}")


def cast_vote(
    db: Database,
    address: str,
    person: str,
    choice: str,
    *,
    federation: str | None = None,
    actor: Actor,
    cast_at: datetime | None = None,
) -> Entry:
    """A delegate attending the session with a voting mandate votes yes, no or abstain,
    once. Returns the committed entry, whose hash is her receipt.

    Ballots arriving together are written in one transaction (services.group_commit),
    each checked and journaled on its own; the call returns once that has committed. A
    ballot is cast when it is written, unless `cast_at` says when (a replay of records).
    """
    if choice not in CHOICES:
        raise InvalidInput(f"choice: must be one of {', '.join(CHOICES)}, got {choice!r}")
    _require_own_name(actor, person)
    ballot = _Ballot(address, person, choice, actor, cast_at, idempotency.current_keeper())
    return group_commit.submit(db, ("ballots", federation), ballot, _writer(db, federation))


def cast_votes(
    db: Database,
    address: str,
    ballots: Sequence[tuple[str, str, datetime | None]],
    *,
    federation: str | None = None,
    actor: Actor,
) -> list[Entry | SovietError]:
    """A roll call's ballots entered together, each `(person, choice, cast_at)`: queued
    at once for the group commit, which writes them with any ballots arriving meanwhile,
    each checked as `cast_vote` checks it and journaled as its own entry, in the order
    given. Returns each ballot's entry, or the error that refused it (and wrote nothing of
    it). At most BATCH ballots, the most one transaction writes."""
    limits.check_integer(len(ballots), "ballots", minimum=1, maximum=group_commit.BATCH)
    problems = [
        Problem(f"ballots[{index}].choice", f"must be one of {', '.join(CHOICES)}, got {choice!r}")
        for index, (_, choice, _) in enumerate(ballots)
        if choice not in CHOICES
    ]
    if problems:
        raise InvalidInput("; ".join(map(str, problems)), problems=problems)
    for person, _, _ in ballots:
        _require_own_name(actor, person)
    entered = [_Ballot(address, person, choice, actor, at) for person, choice, at in ballots]
    key = ("ballots", federation)
    return group_commit.submit_many(db, key, entered, _writer(db, federation))  # type: ignore[return-value]


def cast_sealed_vote(
    db: Database,
    address: str,
    person: str,
    sealed: Sealed,
    *,
    federation: str | None = None,
    actor: Actor,
    cast_at: datetime | None = None,
) -> Entry:
    """Cast a delegate's encrypted ballot in a sealed poll, its proofs already checked
    against the poll's key (services.sealed.cast_sealed does both), with every check of
    cast_vote and one credential once. Returns the entry of the encrypted ballot."""
    _require_own_name(actor, person)
    ballot = _Ballot(
        address, person, "", actor, cast_at, idempotency.current_keeper(), sealed=sealed
    )
    return group_commit.submit(db, ("ballots", federation), ballot, _writer(db, federation))
