"""Acts and reads of the agenda of a session: the chair (the council's secretariat) calls
the next item or a named one and attaches motions to items; the plenary amends the
agenda by a motion of order, which applies when adopted.

A motion of order is an ordinary motion (services.motions) whose terms carry the change
(add, remove or move an item): it is moved, debated, put to the vote and decided by the
statute's rule like any other, and closing its vote adopted journals `AgendaAmended`
with the change as applied in the same transaction (`adopted`). A change that no longer
applies when adopted (its item removed meanwhile, the agenda down to that one item)
lapses: the vote still closes, the agenda stays as it was.
"""

from __future__ import annotations

from datetime import datetime

from soviet.domain import agenda as domain
from soviet.domain import limits
from soviet.domain.events.agenda import (
    AgendaAmended,
    AgendaChange,
    AgendaItemCalled,
    MotionAttached,
)
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.views import agenda as views
from soviet.errors import RuleViolation
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.motions import MotionSpec, motion_of, move_motion
from soviet.services.sessions import open_session
from soviet.services.unit_of_work import perform
from soviet.store import agenda as store
from soviet.store import motions as store_motions
from soviet.store import sessions as store_sessions
from soviet.store.database import Database


def call_item(
    db: Database,
    session_id: int,
    *,
    item: int | None = None,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> domain.Item:
    """The chair moves the session to the next item of its agenda, or to item `item`;
    returns the item now current."""
    if item is not None:
        limits.check_integer(item, "item", minimum=1, maximum=domain.ITEMS_MAX)

    def act(ctx: context.Context) -> domain.Item:
        session = open_session(ctx, session_id)
        ctx.require(Action.CHAIR_AGENDA, Target(council=session.council))
        agenda = store.agenda(ctx.connection, session_id)
        called = domain.next_item(agenda) if item is None else agenda.item(item)
        if called.number == agenda.current:
            raise RuleViolation(f"item: item {called.number} is already the current item")
        event = AgendaItemCalled(
            ctx.federation.slug, session_id, called.number, format_time(at or now())
        )
        ctx.record(at=now(), actor=ctx.account, event=event)
        return called

    return perform(db, federation, actor, act)


def attach_motion(
    db: Database,
    address: str,
    item: int,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """The chair attaches a motion to an item of its session's agenda (again: moves it to
    that item)."""
    limits.check_integer(item, "item", minimum=1, maximum=domain.ITEMS_MAX)

    def act(ctx: context.Context) -> Entry:
        motion = motion_of(ctx, address)
        ctx.require(Action.CHAIR_AGENDA, Target(council=motion.council))
        open_session(ctx, motion.session_id)
        store.agenda(ctx.connection, motion.session_id).item(item)
        event = MotionAttached(
            ctx.federation.slug, motion.session_id, motion.id, item, format_time(at or now())
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def _words(change: domain.Change) -> str:
    if change.change == "add":
        where = "at the end" if change.position is None else f"at position {change.position}"
        return f"add the item '{(change.title or '').strip()}' {where}"
    if change.change == "remove":
        return f"remove item {change.item}"
    return f"move item {change.item} to position {change.position}"


def move_order(
    db: Database,
    session_id: int,
    change: domain.Change,
    *,
    slug: str,
    mover_kind: str,
    mover: str,
    federation: str | None = None,
    actor: Actor,
    moved_at: datetime | None = None,
    now: Clock = utc_now,
) -> int:
    """Move a motion of order amending the agenda of an open session (see the module);
    returns the motion's id. The change is checked against the agenda as it is now."""
    limits.check_id(session_id, "session")
    with context.reading(db, federation, actor) as ctx:
        council = store_sessions.session(ctx.connection, ctx.federation.id, session_id).council
    words = _words(change)
    spec = MotionSpec(
        slug=slug,
        title=f"Motion of order: {words}",
        text=f"The plenary amends its agenda: {words}.",
        mover_kind=mover_kind,
        mover=mover,
        agenda=change,
    )
    return move_motion(
        db,
        council,
        session_id,
        spec,
        federation=federation,
        actor=actor,
        moved_at=moved_at,
        now=now,
    )


def adopted(
    ctx: context.Context, motion: store_motions.Motion, moment: str, now: Clock
) -> Entry | None:
    """Apply the change a motion of order carries, in the transaction that adopted it;
    None for any other motion, or when the change lapsed."""
    terms = motion.terms.get("agenda")
    if terms is None:
        return None
    change = domain.Change(terms["change"], terms["item"], terms["title"], terms["position"])
    agenda = store.agenda(ctx.connection, motion.session_id)
    applied = domain.amend(agenda, change, store.last_number(ctx.connection, motion.session_id) + 1)
    if applied is None:
        return None
    done = applied[1]
    event = AgendaAmended(
        ctx.federation.slug,
        motion.session_id,
        motion.id,
        AgendaChange(done.change, done.item, done.title, done.position),
        moment,
    )
    return ctx.record(at=now(), actor=ctx.account, event=event)


def agenda_view(
    db: Database, session_id: int, *, federation: str | None = None, actor: Actor
) -> views.AgendaView:
    """The agenda of a session now: its items in order, the current one, their motions."""
    limits.check_id(session_id, "session")
    with context.reading(db, federation, actor) as ctx:
        session = store_sessions.session(ctx.connection, ctx.federation.id, session_id)
        ctx.require(Action.READ_PUBLIC, Target(council=session.council))
        agenda = store.agenda(ctx.connection, session_id)
        attached = store.attached(ctx.connection, session_id)
    return views.agenda_view(agenda, attached, session=format_id(session_id))
