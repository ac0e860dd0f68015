"""Acts of a plenary session: convening it with its agenda, checking delegates in and
out, a fraction walking out and returning, closing it; and the live quorum.

"In normal circumstances [the Petrograd Soviet] held a plenary session every two
weeks"; at the Second Congress "the Right SRs and Mensheviks walked out" (seeds/003).
Only delegates holding a mandate at that moment attend; a mandate that ends during the
session ends the attendance with it. The quorum is counted live from who attends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from soviet.domain import limits
from soviet.domain.events import Event
from soviet.domain.events.sessions import (
    AttendanceCheckedIn,
    AttendanceLeft,
    Attendee,
    FractionReturned,
    FractionWalkedOut,
    SessionClosed,
    SessionConvened,
)
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.sessions import quorum_needed
from soviet.errors import InvalidInput, NotFound, RuleViolation
from soviet.services import context, stand_ins
from soviet.services.composition import council_seats, section_kinds
from soviet.services.journal import Clock, utc_now
from soviet.services.unit_of_work import perform
from soviet.store import councils, queries
from soviet.store import sessions as store
from soviet.store.database import Database
from soviet.store.motions import open_vote_in
from soviet.store.registry import entity_id


@dataclass(frozen=True)
class Quorum:
    """Voting members attending against the number the statute requires."""

    present: int
    needed: int
    seats: int

    @property
    def has_quorum(self) -> bool:
        return self.present >= self.needed

    def as_json(self) -> dict[str, object]:
        return {
            "present": self.present,
            "needed": self.needed,
            "seats": self.seats,
            "quorate": self.has_quorum,
        }


def quorum_of(ctx: context.Context, session: store.Session, moment: str) -> Quorum:
    """The quorum of a session at `moment`, counted from who attends then."""
    seats = council_seats(ctx, session.council, session.council_id, moment, session.section)
    voting = sum(1 for seat in store.present(ctx.connection, session.id, moment) if seat.is_voting)
    rule = ctx.statute.councils[session.council].sessions.quorum
    return Quorum(voting, quorum_needed(rule, seats), seats)


def open_session(ctx: context.Context, session_id: int) -> store.Session:
    limits.check_id(session_id, "session")
    session = store.session(ctx.connection, ctx.federation.id, session_id)
    if session.closed_at is not None:
        raise RuleViolation(
            f"session {format_id(session_id)} was closed at {session.closed_at}",
            code="poll_not_open",
        )
    return session


def convene(
    db: Database,
    council: str,
    agenda: Sequence[str],
    *,
    section: str | None = None,
    federation: str | None = None,
    actor: Actor,
    convened_at: datetime | None = None,
    now: Clock = utc_now,
) -> int:
    """Convene a plenary session of a council (or of one of its sections) with its agenda;
    returns the session's id. Its secretariat (or the federation's administrators) convenes it."""
    items = [context.check_text(item, f"agenda[{i}]") for i, item in enumerate(agenda)]
    if not items:
        raise InvalidInput("agenda: a session needs at least one item")

    def act(ctx: context.Context) -> int:
        ctx.require(Action.CONVENE_SESSION, Target(council=council))
        ctx.require_council(council)
        if section is not None:
            section_kinds(ctx, council, section)
        event = SessionConvened(
            federation=ctx.federation.slug,
            council=councils.council_id(ctx.connection, ctx.federation.id, council),
            section=section,
            agenda=tuple(items),
            convened_at=format_time(convened_at or now()),
        )
        entry = ctx.record(at=now(), actor=ctx.account, event=event)
        return entity_id(entry.seq)

    return perform(db, federation, actor, act)


def _record(ctx: context.Context, event: Event, now: Clock) -> Entry:
    """Journal an act on a session."""
    return ctx.record(at=now(), actor=ctx.account, event=event)


def _require_for_fraction(
    ctx: context.Context, action: Action, session_id: int, party: str
) -> None:
    """Decide whether the actor may act for a party's fraction in a session's council: one
    of its delegates there, its central committee, or the administrators."""
    limits.check_id(session_id, "session")
    council = store.session(ctx.connection, ctx.federation.id, session_id).council
    ctx.require(action, Target(council=council, party=party))
    if not queries.existing_slugs(ctx.connection, ctx.federation.id, "parties", [party]):
        raise NotFound(f"party '{party}' does not exist")


def _require_on_session(
    ctx: context.Context, action: Action, session_id: int, persons: Sequence[str] = ()
) -> None:
    """Decide, before any rule, whether the actor may do `action` in a session's council
    (for `persons`: one delegate acting in her own name, or the desk for anyone)."""
    limits.check_id(session_id, "session")
    council = store.session(ctx.connection, ctx.federation.id, session_id).council
    account = persons[0] if len(persons) == 1 else None
    ctx.require(action, Target(council=council, account=account))


def _seats_in_session(
    ctx: context.Context, session: store.Session, persons: Sequence[str], moment: str
) -> list[store.Seat]:
    held = store.seats_held(ctx.connection, session.council_id, moment, persons)
    found = {seat.person for seat in held}
    missing = sorted(set(persons) - found)
    if missing:
        raise RuleViolation(
            f"{', '.join(missing)} {'holds' if len(missing) == 1 else 'hold'} no mandate in "
            f"'{session.council}' at {moment}: only its delegates attend session "
            f"{format_id(session.id)}"
        )
    if session.section is None:
        return held
    kinds = section_kinds(ctx, session.council, session.section)
    outside = sorted(seat.person for seat in held if seat.kind not in kinds)
    if outside:
        raise RuleViolation(
            f"{', '.join(outside)} not of section '{session.section}' of '{session.council}'"
        )
    return held


def check_in(
    db: Database,
    session_id: int,
    persons: Sequence[str],
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Check delegates in to a session: each must hold a mandate in its council (or
    section) now. A delegate checks herself in; the secretariat checks in anyone."""
    if not persons:
        raise InvalidInput("persons: name at least one delegate")
    context.check_slugs(persons, "persons")

    def act(ctx: context.Context) -> Entry:
        _require_on_session(ctx, Action.CHECK_IN, session_id, persons)
        session = open_session(ctx, session_id)
        moment = format_time(at or now())
        sitting = stand_ins.alternates_checking_in(ctx, session_id, persons, moment)
        delegates = [p for p in persons if p not in {seat.person for seat in sitting}]
        held = _seats_in_session(ctx, session, delegates, moment) if delegates else []
        unseating = stand_ins.returns_unseating(ctx, session_id, held, moment)
        held += sitting
        out = store.walked_out(ctx.connection, session_id)
        barred = sorted(seat.person for seat in held if seat.party in out)
        if barred:
            raise RuleViolation(
                f"{', '.join(barred)}: their fraction walked out of session "
                f"{format_id(session_id)}; "
                "it returns as a whole (soviet session return)"
            )
        event = AttendanceCheckedIn(
            federation=ctx.federation.slug,
            session=session_id,
            attendees=tuple(Attendee(seat.mandate_id, seat.person_id) for seat in held),
            at=moment,
        )
        for unseated in unseating:  # the returning delegate takes her mandate back
            _record(ctx, unseated, now)
        return _record(ctx, event, now)

    return perform(db, federation, actor, act)


def leave(
    db: Database,
    session_id: int,
    persons: Sequence[str],
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Delegates leave a session; they may check in again."""
    if not persons:
        raise InvalidInput("persons: name at least one delegate")

    def act(ctx: context.Context) -> Entry:
        _require_on_session(ctx, Action.LEAVE_SESSION, session_id, persons)
        open_session(ctx, session_id)
        moment = format_time(at or now())
        attending = {s.person: s for s in store.present(ctx.connection, session_id, moment)}
        absent = sorted(set(persons) - set(attending))
        if absent:
            raise RuleViolation(
                f"{', '.join(absent)}: not attending session {format_id(session_id)}"
            )
        mandates = tuple(sorted(attending[p].mandate_id for p in set(persons)))
        event = AttendanceLeft(
            federation=ctx.federation.slug, session=session_id, mandates=mandates, at=moment
        )
        return _record(ctx, event, now)

    return perform(db, federation, actor, act)


def walk_out(
    db: Database,
    session_id: int,
    party: str,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A fraction walks out: every member of it attending is marked absent at once.
    One of its delegates in the council, or its central committee, declares it."""

    def act(ctx: context.Context) -> Entry:
        _require_for_fraction(ctx, Action.WALK_OUT, session_id, party)
        open_session(ctx, session_id)
        if party in store.walked_out(ctx.connection, session_id):
            raise RuleViolation(
                f"fraction '{party}' has already walked out of session {format_id(session_id)}"
            )
        moment = format_time(at or now())
        leaving = [s for s in store.present(ctx.connection, session_id, moment) if s.party == party]
        if not leaving:
            raise RuleViolation(
                f"fraction '{party}' has no member attending session {format_id(session_id)}"
            )
        event = FractionWalkedOut(
            federation=ctx.federation.slug,
            session=session_id,
            party=store.party_id(ctx.connection, ctx.federation.id, party),
            mandates=tuple(sorted(seat.mandate_id for seat in leaving)),
            at=moment,
        )
        return _record(ctx, event, now)

    return perform(db, federation, actor, act)


def return_fraction(
    db: Database,
    session_id: int,
    party: str,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A fraction that walked out returns: its members who left with it and still hold
    their mandates attend again."""

    def act(ctx: context.Context) -> Entry:
        _require_for_fraction(ctx, Action.RETURN_FRACTION, session_id, party)
        session = open_session(ctx, session_id)
        if party not in store.walked_out(ctx.connection, session_id):
            raise RuleViolation(
                f"fraction '{party}' has not walked out of session {format_id(session_id)}"
            )
        moment = format_time(at or now())
        party_id = store.party_id(ctx.connection, ctx.federation.id, party)
        left = set(store.left_by_walk_out(ctx.connection, session_id, party_id))
        held = store.seats_held(ctx.connection, session.council_id, moment)
        sitting = stand_ins.sitting_for(ctx, session_id)  # alternates return in their place
        event = FractionReturned(
            federation=ctx.federation.slug,
            session=session_id,
            party=party_id,
            attendees=tuple(
                Attendee(s.mandate_id, sitting.get(s.mandate_id, s.person_id))
                for s in held
                if s.mandate_id in left
            ),
            at=moment,
        )
        return _record(ctx, event, now)

    return perform(db, federation, actor, act)


def close_session(
    db: Database,
    session_id: int,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Close a session; a vote still open in it must be closed first."""

    def act(ctx: context.Context) -> Entry:
        _require_on_session(ctx, Action.CLOSE_SESSION, session_id)
        open_session(ctx, session_id)
        current = open_vote_in(ctx.connection, session_id)
        if current is not None:
            raise RuleViolation(
                f"session {format_id(session_id)} cannot close: the vote on "
                f"'{current.address}' is open"
            )
        event = SessionClosed(
            federation=ctx.federation.slug, session=session_id, at=format_time(at or now())
        )
        return _record(ctx, event, now)

    return perform(db, federation, actor, act)
