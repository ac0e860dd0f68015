"""Acts and reads of lists of speakers: a delegate present asks for the floor (a speech, a
point of order, a reply) and withdraws; the chair (the council's secretariat) calls the
head of the list, stops the speaker, moves and takes speakers off.

A list belongs to a session, and to one of its motions for that motion's debate
(`motion` None: the session's own list), or to one of its agenda items (`item`, by
number; a list belongs to a motion or to an item, not both).
The order is the statute's (`sessions.speakers`), recomputed from the requests on every
act and every read (domain.speakers). Presence is checked when a delegate asks; one who
leaves the session afterwards stays on the list until she withdraws or the chair takes
her off (the chair sees who is there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soviet.domain import limits
from soviet.domain import speakers as domain
from soviet.domain.agenda import ITEMS_MAX
from soviet.domain.events import Event
from soviet.domain.events.speakers import (
    SpeakerMoved,
    SpeakerRequested,
    SpeakerWithdrawn,
    SpeechEnded,
    SpeechStarted,
)
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.rules import SpeakersRule
from soviet.domain.speakers import POINT_OF_ORDER, REPLY, SPEECH, Request
from soviet.domain.views import speakers as views
from soviet.errors import InvalidInput, RuleViolation
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.motions import motion_of
from soviet.services.sessions import open_session
from soviet.services.unit_of_work import perform
from soviet.store import agenda as store_agenda
from soviet.store import sessions as store_sessions
from soviet.store import speakers as store
from soviet.store.database import Database
from soviet.store.registry import entity_id


@dataclass(frozen=True)
class SpeakersOf:
    """One list as an act or a read finds it: its session, its motion, its requests."""

    session: store_sessions.Session
    motion_id: int | None
    motion: str | None
    item: int | None
    rule: SpeakersRule
    requests: list[Request]


def _list_of(
    ctx: context.Context,
    action: Action,
    session_id: int,
    *,
    motion: str | None,
    item: int | None,
    person: str | None,
) -> SpeakersOf:
    """Decide, before any rule, whether the actor may do `action` on a session's list (for
    `person`: in her own name, or as the chair); then find the list."""
    limits.check_id(session_id, "session")
    if person is not None:
        limits.check_slug(person, "person")
    session = store_sessions.session(ctx.connection, ctx.federation.id, session_id)
    ctx.require(action, Target(council=session.council, account=person))
    motion_id = None
    if motion is not None:
        found = motion_of(ctx, motion)
        if found.session_id != session_id:
            raise RuleViolation(
                f"motion '{found.address}' was not moved in session {format_id(session_id)}"
            )
        motion_id, motion = found.id, found.address
    if item is not None:
        limits.check_integer(item, "item", minimum=1, maximum=ITEMS_MAX)
        if motion is not None:
            raise InvalidInput("item: a list belongs to a motion or to an agenda item, not both")
        store_agenda.agenda(ctx.connection, session_id).item(item)
    rule = ctx.statute.councils[session.council].sessions.speakers
    requests = store.requests(ctx.connection, session_id, motion_id, item)
    return SpeakersOf(session, motion_id, motion, item, rule, requests)


def _record(ctx: context.Context, event: Event, now: Clock) -> Entry:
    return ctx.record(at=now(), actor=ctx.account, event=event)


@dataclass(frozen=True)
class Asked:
    """A request for the floor recorded: its journal entry, and the place the statute's
    order gives it on the list at once (1: called next)."""

    entry: Entry
    place: int


def _place(ctx: context.Context, found: SpeakersOf, speaker: int, now: str) -> int:
    """Where a speaker stands on her list now, in the statute's order (read anew)."""
    # The list is read again in the act's transaction: it now holds the new request.
    requests = store.requests(ctx.connection, found.session.id, found.motion_id, found.item)
    over = domain.fractions_over_time(requests, found.rule, now)
    ordered = domain.order(requests, found.rule, over_time=over)
    return next(i for i, r in enumerate(ordered, start=1) if r.id == speaker)


def _ask(
    db: Database,
    session_id: int,
    person: str,
    *,
    kind: str,
    stance: str,
    motion: str | None,
    item: int | None,
    federation: str | None,
    actor: Actor,
    at: datetime | None,
    now: Clock,
) -> Asked:
    domain.check_stance(stance)

    def act(ctx: context.Context) -> Asked:
        found = _list_of(
            ctx, Action.ASK_TO_SPEAK, session_id, motion=motion, item=item, person=person
        )
        open_session(ctx, session_id)
        moment = format_time(at or now())
        seats = store_sessions.attending_among(
            ctx.connection, ctx.federation.id, session_id, moment, [person]
        )
        if not seats:
            raise RuleViolation(
                f"'{person}' is not present at session {format_id(session_id)}: only delegates "
                "present ask for the floor",
                code="not_present",
            )
        domain.check_request(found.requests, person, kind)
        event = SpeakerRequested(
            federation=ctx.federation.slug,
            session=session_id,
            motion=found.motion_id,
            item=found.item,
            person=seats[0].person_id,
            party=seats[0].party_id,
            kind=kind,
            stance=stance,
            at=moment,
        )
        entry = _record(ctx, event, now)
        return Asked(entry, _place(ctx, found, entity_id(entry.seq), moment))

    return perform(db, federation, actor, act)


def add_speaker(
    db: Database,
    session_id: int,
    person: str,
    *,
    stance: str = "neutral",
    motion: str | None = None,
    item: int | None = None,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Asked:
    """A delegate present puts herself on the list to speak pro, contra or neutral."""
    return _ask(
        db,
        session_id,
        person,
        kind=SPEECH,
        stance=stance,
        motion=motion,
        item=item,
        federation=federation,
        actor=actor,
        at=at,
        now=now,
    )


def point_of_order(
    db: Database,
    session_id: int,
    person: str,
    *,
    motion: str | None = None,
    item: int | None = None,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Asked:
    """A delegate present raises a point of order: it goes to the head of the list."""
    return _ask(
        db,
        session_id,
        person,
        kind=POINT_OF_ORDER,
        stance="neutral",
        motion=motion,
        item=item,
        federation=federation,
        actor=actor,
        at=at,
        now=now,
    )


def reply(
    db: Database,
    session_id: int,
    person: str,
    *,
    stance: str = "neutral",
    motion: str | None = None,
    item: int | None = None,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Asked:
    """A delegate present asks to reply to the current speaker: she comes next after the
    points of order."""
    return _ask(
        db,
        session_id,
        person,
        kind=REPLY,
        stance=stance,
        motion=motion,
        item=item,
        federation=federation,
        actor=actor,
        at=at,
        now=now,
    )


def remove_speaker(
    db: Database,
    session_id: int,
    person: str,
    *,
    motion: str | None = None,
    item: int | None = None,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A delegate withdraws from the list, or the chair takes her off: every request she
    has waiting on it. The journal says which."""

    def act(ctx: context.Context) -> Entry:
        found = _list_of(
            ctx, Action.LEAVE_SPEAKERS, session_id, motion=motion, item=item, person=person
        )
        open_session(ctx, session_id)
        moment = format_time(at or now())
        by = "self" if ctx.actor.account == person else "chair"
        events = [
            (
                now(),
                ctx.account,
                SpeakerWithdrawn(ctx.federation.slug, session_id, r.id, by, moment),
            )
            for r in domain.waiting_of(found.requests, person)
        ]
        return ctx.record_many(events)[-1]

    return perform(db, federation, actor, act)


def start_speech(
    db: Database,
    session_id: int,
    *,
    motion: str | None = None,
    item: int | None = None,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Request:
    """The chair gives the floor to the head of the list; returns whom she called."""

    def act(ctx: context.Context) -> Request:
        found = _list_of(
            ctx, Action.CHAIR_SPEAKERS, session_id, motion=motion, item=item, person=None
        )
        open_session(ctx, session_id)
        moment = format_time(at or now())
        called = domain.next_to_call(found.requests, found.rule, moment)
        _record(ctx, SpeechStarted(ctx.federation.slug, session_id, called.id, moment), now)
        return called

    return perform(db, federation, actor, act)


def stop_speech(
    db: Database,
    session_id: int,
    *,
    motion: str | None = None,
    item: int | None = None,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Request:
    """The chair stops the current speaker; returns whom she stopped."""

    def act(ctx: context.Context) -> Request:
        found = _list_of(
            ctx, Action.CHAIR_SPEAKERS, session_id, motion=motion, item=item, person=None
        )
        open_session(ctx, session_id)
        moment = format_time(at or now())
        speaking = domain.speaking_now(found.requests)
        _record(ctx, SpeechEnded(ctx.federation.slug, session_id, speaking.id, moment), now)
        return speaking

    return perform(db, federation, actor, act)


def move_speaker(
    db: Database,
    session_id: int,
    person: str,
    *,
    before: str | None = None,
    motion: str | None = None,
    item: int | None = None,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """The chair moves a waiting speech in front of another's (None: to the end)."""
    limits.check_slug(person, "person")
    if before is not None:
        limits.check_slug(before, "before")

    def act(ctx: context.Context) -> Entry:
        found = _list_of(
            ctx, Action.CHAIR_SPEAKERS, session_id, motion=motion, item=item, person=None
        )
        open_session(ctx, session_id)
        moving, anchor = domain.move_target(found.requests, person, before)
        event = SpeakerMoved(
            ctx.federation.slug, session_id, moving, anchor, format_time(at or now())
        )
        return _record(ctx, event, now)

    return perform(db, federation, actor, act)


def speakers_view(
    db: Database,
    session_id: int,
    *,
    motion: str | None = None,
    item: int | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> views.SpeakersList:
    """A list of speakers in its current order, with the current speaker's elapsed time."""
    with context.reading(db, federation, actor) as ctx:
        found = _list_of(ctx, Action.READ_PUBLIC, session_id, motion=motion, item=item, person=None)
    return views.speakers_list(
        found.requests,
        found.rule,
        session=format_id(session_id),
        motion=found.motion,
        item=found.item,
        now=format_time(now()),
    )


def speaking_stats(
    db: Database,
    session_id: int,
    *,
    motion: str | None = None,
    item: int | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> views.SpeakingStats:
    """Speaking time on a list per person, fraction and named group."""
    with context.reading(db, federation, actor) as ctx:
        found = _list_of(ctx, Action.READ_PUBLIC, session_id, motion=motion, item=item, person=None)
    return views.speaking_stats(
        found.requests,
        found.rule,
        session=format_id(session_id),
        motion=found.motion,
        item=found.item,
        now=format_time(now()),
    )
