"""The results of a poll: closing it into a decision, publishing results the statute
withheld at the close, and the tally report (entitled, present, cast, valid, yes, no,
abstain, and the base the decision rule used).

Closing a poll whose results the statute shows at the close decides it at once: a
VoteClosed records the tally and, when adopted, the resolution. Closing one whose
results are withheld records only that it closed (PollClosed, with the numbers a chair
entered for a counted vote, which no notice shows); the chair's publication then decides
it as the close would have, dated at the close: a VoteClosed with `published_at`. Until
then no read shows a tally. A practice poll is decided in the same way but kept out of
the record: no resolution, no amendment, its motion marked `practice`. A sealed poll
(services.sealed) is always closed so: its tally exists only once its trustees have
decrypted it (services.decryptions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soviet.domain.events.resolutions import AmendedMotion, VoteClosed
from soviet.domain.events.sessions import Counts, PollClosed
from soviet.domain.identity import Actor
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.sessions import Tally, decide
from soviet.domain.views import acts
from soviet.domain.views import plenary as views
from soviet.errors import InvalidInput, RuleViolation
from soviet.services import agenda, context, polls, sealed_tally
from soviet.services.journal import Clock, utc_now
from soviet.services.motions import motion_of
from soviet.services.resolutions import resolution_of
from soviet.services.unit_of_work import perform
from soviet.store import motions as store
from soviet.store import polls as store_polls
from soviet.store.database import Database


@dataclass(frozen=True)
class Result:
    """The decision on a motion: its tally, whether it passed and why, its resolution."""

    motion: str
    mode: str
    tally: Tally
    is_adopted: bool
    reason: str
    resolution: int | None
    closed_at: str
    receipt: str | None  # the hash of the entry that closed it (None when closed before)
    not_carried_out: str | None = None  # why an adopted resolution did nothing
    #: Closed with its results withheld until the chair publishes them: the tally is
    #: empty and `is_adopted` False until then, and say nothing.
    is_withheld: bool = False


WITHHELD = "closed: the results are withheld until the chair publishes them"


def closed_view(result: Result) -> acts.VoteClosed:
    """The read model of what closing (or publishing) a poll gave, as every door shows it:
    with no tally and no decision while its results are withheld."""
    withheld = result.is_withheld
    return acts.VoteClosed(
        motion=result.motion,
        mode=result.mode,
        yes=None if withheld else result.tally.yes,
        no=None if withheld else result.tally.no,
        abstain=None if withheld else result.tally.abstain,
        is_adopted=None if withheld else result.is_adopted,
        reason=result.reason,
        resolution=result.resolution,
        closed_at=result.closed_at,
        receipt=result.receipt,
        not_carried_out=result.not_carried_out,
        is_withheld=withheld,
    )


def _withheld(
    motion: store.Motion, vote: store.Vote, closed_at: str, receipt: str | None
) -> Result:
    """A poll closed with its results withheld: nothing of its tally or decision."""
    return Result(
        motion=motion.address,
        mode=vote.mode,
        tally=Tally(),
        is_adopted=False,
        reason=WITHHELD,
        resolution=None,
        closed_at=closed_at,
        receipt=receipt,
        is_withheld=True,
    )


def _entered(motion: store.Motion, vote: store.Vote, counts: Tally | None) -> Tally | None:
    """The numbers the chair enters at the close: only for a counted vote, and then
    whole numbers adding up to at most the voting members present."""
    if vote.mode != "counted":
        if counts is not None:
            raise InvalidInput(
                f"counts: the vote on '{motion.address}' is {vote.mode}, not counted"
            )
        return None
    if counts is None:
        raise InvalidInput(
            f"counts: the vote on '{motion.address}' is counted: give yes, no, abstain"
        )
    if min(counts.yes, counts.no, counts.abstain) < 0 or counts.total > vote.present:
        raise InvalidInput(
            f"counts: {counts.yes} yes, {counts.no} no, {counts.abstain} abstain must be whole "
            f"numbers adding up to at most the {vote.present} voting members present"
        )
    return counts


def _counted(ctx: context.Context, motion: store.Motion, vote: store.Vote) -> Tally:
    """The tally of a closed poll not yet decided: the box, the roll call, or the numbers
    the chair entered at the close."""
    if vote.mode == "secret":
        if vote.ceremony_id is not None:  # sealed: what the trustees' shares decrypt
            return sealed_tally.decrypted_tally(ctx, motion, vote)
        return store.box_tally(ctx.connection, motion.id)
    if vote.mode == "roll-call":
        return store.roll_call_tally(ctx.connection, motion.id)
    return Tally(vote.yes or 0, vote.no or 0, vote.abstain or 0)


def _reason(vote: store.Vote, reason: str) -> str:
    return f"practice poll, kept out of the record: {reason}" if vote.is_practice else reason


def _closed(ctx: context.Context, motion: store.Motion, vote: store.Vote) -> Result:
    assert vote.closed_at is not None
    if polls.is_withheld(vote):
        return _withheld(motion, vote, vote.closed_at, None)
    tally = Tally(vote.yes or 0, vote.no or 0, vote.abstain or 0)
    decision = decide(
        ctx.statute.councils[motion.council].sessions, tally, vote.seats, motion.decision
    )
    return Result(
        motion.address,
        vote.mode,
        tally,
        decision.is_adopted,
        _reason(vote, decision.reason),
        store.resolution_number(ctx.connection, motion.id),
        vote.closed_at,
        None,
        store.not_carried_out(ctx.connection, motion.id),
    )


def _decided(
    ctx: context.Context,
    motion: store.Motion,
    vote: store.Vote,
    tally: Tally,
    moment: str,
    now: Clock,
    published_at: str | None = None,
) -> Result:
    """Decide a poll closed at `moment` and journal the decision: a VoteClosed, with the
    resolution an adopted motion becomes (none for a practice poll)."""
    rule = ctx.statute.councils[motion.council].sessions
    decision = decide(rule, tally, vote.seats, motion.decision)
    is_recorded = decision.is_adopted and not vote.is_practice
    amended = (
        AmendedMotion(id=motion.amends_id, text=motion.text)
        if motion.amends_id is not None and is_recorded
        else None
    )
    is_resolution = is_recorded and motion.amends_id is None
    resolution = resolution_of(ctx, motion, moment) if is_resolution else None
    event = VoteClosed(
        federation=ctx.federation.slug,
        motion=motion.id,
        at=moment,
        yes=tally.yes,
        no=tally.no,
        abstain=tally.abstain,
        outcome="adopted" if decision.is_adopted else "rejected",
        amended_motion=amended,
        resolution=resolution,
        published_at=published_at,
    )
    entry = ctx.record(at=now(), actor=ctx.account, event=event)
    if is_recorded:
        agenda.adopted(ctx, motion, moment, now)
    return Result(
        motion.address,
        vote.mode,
        tally,
        decision.is_adopted,
        _reason(vote, decision.reason),
        None if resolution is None else resolution.number,
        moment,
        entry.hash,
        None if resolution is None else resolution.not_carried_out,
    )


def closing(
    ctx: context.Context, address: str, counts: Tally | None, moment: str, now: Clock
) -> Result:
    """Close the vote on a motion in the act's transaction: decide it and journal the
    decision, or, when the statute withholds results, only that it closed (see
    close_vote)."""
    motion = motion_of(ctx, address)
    ctx.require(Action.CLOSE_VOTE, Target(council=motion.council))
    vote = store.vote(ctx.connection, motion.id)
    if vote is None:
        raise RuleViolation(
            f"the poll on '{address}' is created: it has not been put to the vote, so it "
            "cannot be closed",
            code="poll_not_open",
        )
    if vote.closed_at is not None:
        return _closed(ctx, motion, vote)
    entered = _entered(motion, vote, counts)
    if polls.is_withheld(vote):
        shown = None if entered is None else Counts(entered.yes, entered.no, entered.abstain)
        event = PollClosed(
            federation=ctx.federation.slug, motion=motion.id, at=moment, counts=shown
        )
        entry = ctx.record(at=now(), actor=ctx.account, event=event)
        return _withheld(motion, vote, moment, entry.hash)
    tally = entered if entered is not None else _counted(ctx, motion, vote)
    return _decided(ctx, motion, vote, tally, moment, now)


def close_vote(
    db: Database,
    address: str,
    *,
    counts: Tally | None = None,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Result:
    """Close the vote on a motion and decide it; an adopted motion becomes a numbered
    resolution and does what it says, or, when that has become impossible since it was
    moved, is recorded as not carried out, with why: a vote can always be closed. Closing
    a closed vote returns the same result. When the statute withholds results until
    publication, the result says only that it closed (`is_withheld`)."""

    def act(ctx: context.Context) -> Result:
        return closing(ctx, address, counts, format_time(at or now()), now)

    return perform(db, federation, actor, act)


def publish_poll(
    db: Database,
    address: str,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Result:
    """Publish the results of a closed poll the statute withheld at its close: decide it
    as its close would have (the resolution dated at the close) and show its tally. The
    chair's act, like closing; refused, naming the poll's state, unless it is closed
    and not yet published."""

    def act(ctx: context.Context) -> Result:
        motion = motion_of(ctx, address)
        ctx.require(Action.CLOSE_VOTE, Target(council=motion.council))
        vote = polls.require_closed(motion, store.vote(ctx.connection, motion.id))
        return publishing(ctx, motion, vote, format_time(at or now()), now)

    return perform(db, federation, actor, act)


def publishing(
    ctx: context.Context, motion: store.Motion, vote: store.Vote, moment: str, now: Clock
) -> Result:
    """Decide a closed poll whose results were withheld, as its close would have, and
    publish its tally at `moment` (the chair's act, or a sealed poll's last decryption)."""
    assert vote.closed_at is not None
    tally = _counted(ctx, motion, vote)
    return _decided(ctx, motion, vote, tally, vote.closed_at, now, published_at=moment)


def _shown_tally(ctx: context.Context, motion: store.Motion, vote: store.Vote) -> Tally | None:
    """The tally a read may show: final once published, running for an open roll call
    whose results are shown at the close; None while withheld or secret."""
    if polls.is_withheld(vote):
        return None
    if vote.closed_at is not None:
        return Tally(vote.yes or 0, vote.no or 0, vote.abstain or 0)
    return _counted(ctx, motion, vote) if vote.mode == "roll-call" else None


def describe_poll(ctx: context.Context, motion: store.Motion) -> views.Poll:
    """The tally report of a motion's poll: its state and register, and, once its results
    may be shown, the tally and the base the decision rule measured it against. While
    withheld it shows only how many ballots were cast, never how."""
    vote = store.vote(ctx.connection, motion.id)
    rule = ctx.statute.councils[motion.council].sessions
    if vote is None:
        return views.Poll(
            motion=motion.address,
            state=polls.state_of(None),
            mode=None,
            is_practice=False,
            results=rule.results,
        )
    connection = ctx.connection
    tally = _shown_tally(ctx, motion, vote)
    decision = None
    if tally is not None and vote.closed_at is not None:
        decision = decide(rule, tally, vote.seats, motion.decision)
    return views.Poll(
        motion=motion.address,
        state=polls.state_of(vote),
        mode=vote.mode,
        is_practice=vote.is_practice,
        results=vote.results,
        opened_at=vote.opened_at,
        closed_at=vote.closed_at,
        published_at=vote.published_at,
        entitled=None
        if vote.entitled is None
        else store_polls.entitled_votes(connection, motion.id),
        present=vote.present,
        ballots=store.ballots_cast(connection, motion.id, secret=vote.mode == "secret"),
        cast=None if tally is None else tally.total,
        valid=None if tally is None else tally.total,
        yes=None if tally is None else tally.yes,
        no=None if tally is None else tally.no,
        abstain=None if tally is None else tally.abstain,
        base=None if decision is None else decision.base,
        base_size=None if decision is None else decision.base_size,
        needed=None if decision is None else decision.needed,
        is_adopted=None if decision is None else decision.is_adopted,
    )


def poll_view(
    db: Database, address: str, *, federation: str | None = None, actor: Actor
) -> views.Poll:
    """The tally report of the poll on a motion addressed COUNCIL/SLUG."""
    with context.reading(db, federation, actor) as ctx:
        return describe_poll(ctx, motion_of(ctx, address))
