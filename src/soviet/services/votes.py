"""Votes on motions: opened with the quorum present, cast by attending delegates with a
voting mandate, closed into a decision and, when adopted, a numbered resolution.

Roll-call: each delegate's vote is journaled and shown by fraction, with who kept and
who broke her fraction's position. Counted: the chair enters the numbers at the close.
Secret: the journal records that a delegate voted and the box only counters, so no
ballot can be linked to its caster, yet each delegate votes at most once. Every act
runs in one serialised write transaction and is acknowledged only once committed, so a
vote racing the close is either in the tally or refused as closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soviet.domain.journal import SYSTEM_ACTOR, Entry, format_time
from soviet.domain.sessions import CHOICES, VOTE_MODES, Tally, amendments_in_order, decide
from soviet.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.motions import motion_of
from soviet.services.registers import perform
from soviet.services.resolutions import resolution_payload
from soviet.services.sessions import open_session, quorum_of
from soviet.store import acts
from soviet.store import motions as store
from soviet.store import sessions as store_sessions
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
    federation: str | None = None,
    actor: str = SYSTEM_ACTOR,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Put a motion to the vote (roll-call, counted or secret), if the session is quorate.
    One vote at a time is open in a session; the secretariat opens it."""
    if mode not in VOTE_MODES:
        raise InvalidInput(f"mode: must be one of {', '.join(VOTE_MODES)}, got {mode!r}")

    def act(ctx: context.Context) -> Entry:
        ctx.require_administrator("open votes")
        motion = motion_of(ctx, address)
        session = open_session(ctx, motion.session_id)
        if store.vote(ctx.connection, motion.id) is not None:
            raise RuleViolation(f"'{address}' has already been put to the vote")
        current = store.open_vote_in(ctx.connection, session.id)
        if current is not None:
            raise RuleViolation(
                f"the vote on '{current.address}' is still open in session {session.id}"
            )
        _require_turn(ctx, motion)
        moment = format_time(at or now())
        quorum = quorum_of(ctx, session, moment)
        if not quorum.has_quorum:
            raise RuleViolation(
                f"no quorum in session {session.id}: {quorum.present} voting members attend, "
                f"{quorum.needed} needed of {quorum.seats} seats; '{address}' cannot be put "
                "to the vote"
            )
        payload = {
            "federation": ctx.federation.slug,
            "motion": motion.id,
            "mode": mode,
            "at": moment,
            "present": quorum.present,
            "seats": quorum.seats,
        }
        if mode == "secret":
            store.set_up_box(ctx.connection, motion.id)
        return acts.record(
            ctx.connection, at=now(), actor=actor, kind="VoteOpened", payload=payload
        )

    return perform(db, federation, actor, act)


def _open_vote(ctx: context.Context, motion: store.Motion) -> store.Vote:
    vote = store.vote(ctx.connection, motion.id)
    if vote is None:
        raise RuleViolation(f"'{motion.address}' has not been put to the vote")
    if vote.closed_at is not None:
        raise RuleViolation(f"the vote on '{motion.address}' is closed (at {vote.closed_at})")
    return vote


def cast_vote(
    db: Database,
    address: str,
    person: str,
    choice: str,
    *,
    federation: str | None = None,
    actor: str = SYSTEM_ACTOR,
    cast_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A delegate attending the session with a voting mandate votes yes, no or abstain,
    once. Returns the committed entry, whose hash is her receipt."""
    if choice not in CHOICES:
        raise InvalidInput(f"choice: must be one of {', '.join(CHOICES)}, got {choice!r}")

    def act(ctx: context.Context) -> Entry:
        if ctx.actor not in (person, SYSTEM_ACTOR):
            raise Forbidden(f"{ctx.actor} cannot vote for {person}")
        motion = motion_of(ctx, address)
        vote = _open_vote(ctx, motion)
        if vote.mode == "counted":
            raise RuleViolation(f"the vote on '{address}' is counted: the chair enters the numbers")
        moment = format_time(cast_at or now())
        seat = store_sessions.attendee(ctx.connection, motion.session_id, person, moment)
        if seat is None:
            raise RuleViolation(
                f"{person} does not attend session {motion.session_id}: only attending "
                f"delegates vote on '{address}'"
            )
        if not seat.is_voting:
            raise RuleViolation(
                f"{person} cannot vote on '{address}': a consultative member of "
                f"'{motion.council}', co-opted without a vote"
            )
        secret = vote.mode == "secret"
        if store.has_voted(ctx.connection, motion.id, seat.person_id, secret=secret):
            raise Conflict(f"{person} has already voted on '{address}'")
        data = {"federation": ctx.federation.slug, "motion": motion.id, "person": seat.person_id}
        if secret:
            store.drop_in_box(ctx.connection, motion.id, choice)
            kind = "SecretBallotCast"
        else:
            data.update(party=seat.party_id, choice=choice, cast_at=moment)
            kind = "VoteCast"
        return acts.record(ctx.connection, at=now(), actor=ctx.actor, kind=kind, payload=data)

    return perform(db, federation, actor, act)


def _tally(
    ctx: context.Context, motion: store.Motion, vote: store.Vote, counts: Tally | None
) -> Tally:
    if vote.mode != "counted":
        if counts is not None:
            raise InvalidInput(
                f"counts: the vote on '{motion.address}' is {vote.mode}, not counted"
            )
        if vote.mode == "secret":
            return store.box_tally(ctx.connection, motion.id)
        return store.roll_call_tally(ctx.connection, motion.id)
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


def _closed(ctx: context.Context, motion: store.Motion, vote: store.Vote) -> Result:
    tally = Tally(vote.yes or 0, vote.no or 0, vote.abstain or 0)
    decision = decide(
        ctx.statute.councils[motion.council].sessions, tally, vote.seats, motion.decision
    )
    number = store.resolution_number(ctx.connection, motion.id)
    assert vote.closed_at is not None
    return Result(
        motion.address,
        vote.mode,
        tally,
        decision.is_adopted,
        decision.reason,
        number,
        vote.closed_at,
        None,
    )


def close_vote(
    db: Database,
    address: str,
    *,
    counts: Tally | None = None,
    federation: str | None = None,
    actor: str = SYSTEM_ACTOR,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Result:
    """Close the vote on a motion and decide it; an adopted motion becomes a numbered
    resolution and does what it says. Closing a closed vote returns the same result."""

    def act(ctx: context.Context) -> Result:
        ctx.require_administrator("close votes")
        motion = motion_of(ctx, address)
        vote = store.vote(ctx.connection, motion.id)
        if vote is None:
            raise RuleViolation(f"'{address}' has not been put to the vote")
        if vote.closed_at is not None:
            return _closed(ctx, motion, vote)
        tally = _tally(ctx, motion, vote, counts)
        rule = ctx.statute.councils[motion.council].sessions
        decision = decide(rule, tally, vote.seats, motion.decision)
        moment = format_time(at or now())
        is_amendment = motion.amends_id is not None
        amended = (
            {"id": motion.amends_id, "text": motion.text}
            if is_amendment and decision.is_adopted
            else None
        )
        resolution = (
            resolution_payload(ctx, motion, moment)
            if decision.is_adopted and not is_amendment
            else None
        )
        payload = {
            "federation": ctx.federation.slug,
            "motion": motion.id,
            "at": moment,
            "yes": tally.yes,
            "no": tally.no,
            "abstain": tally.abstain,
            "outcome": "adopted" if decision.is_adopted else "rejected",
            "amended_motion": amended,
            "resolution": resolution,
        }
        entry = acts.record(
            ctx.connection, at=now(), actor=actor, kind="VoteClosed", payload=payload
        )
        number = None if resolution is None else resolution["number"]
        return Result(
            address,
            vote.mode,
            tally,
            decision.is_adopted,
            decision.reason,
            number,
            moment,
            entry.hash,
        )

    return perform(db, federation, actor, act)
