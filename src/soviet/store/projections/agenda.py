"""The agenda of each session: items called, motions attached, amendments applied."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Connection

from soviet.domain import agenda as domain
from soviet.domain.events.agenda import AgendaAmended, AgendaItemCalled, MotionAttached
from soviet.domain.journal import Entry
from soviet.store import agenda as store
from soviet.store.effects import NO_EFFECTS, Effects
from soviet.store.registry import applies
from soviet.store.schema import agenda_items, agenda_motions


def convene(connection: Connection, session_id: int, titles: Sequence[str]) -> None:
    """A session's first items: the titles it was convened with, the first current."""
    first = domain.convened(titles)
    if first.items:
        connection.execute(
            agenda_items.insert(),
            [
                {
                    "session_id": session_id,
                    "number": item.number,
                    "title": item.title,
                    "position": item.number,
                    "is_current": item.number == first.current,
                }
                for item in first.items
            ],
        )


def _write(connection: Connection, session_id: int, agenda: domain.Agenda) -> None:
    of_session = agenda_items.c.session_id == session_id
    connection.execute(agenda_items.update().where(of_session).values(position=None))
    for position, item in enumerate(agenda.items, start=1):
        connection.execute(
            agenda_items.update()
            .where(of_session, agenda_items.c.number == item.number)
            .values(position=position, is_current=item.number == agenda.current)
        )


@applies(AgendaItemCalled)
def agenda_item_called(connection: Connection, entry: Entry, event: AgendaItemCalled) -> Effects:
    _write(
        connection, event.session, domain.call(store.agenda(connection, event.session), event.item)
    )
    return NO_EFFECTS


@applies(MotionAttached)
def motion_attached(connection: Connection, entry: Entry, event: MotionAttached) -> Effects:
    connection.execute(agenda_motions.delete().where(agenda_motions.c.motion_id == event.motion))
    connection.execute(
        agenda_motions.insert().values(
            motion_id=event.motion, session_id=event.session, item=event.item, attached_at=event.at
        )
    )
    return NO_EFFECTS


@applies(AgendaAmended)
def agenda_amended(connection: Connection, entry: Entry, event: AgendaAmended) -> Effects:
    spec = event.change
    change = domain.Change(
        spec.change, None if spec.change == "add" else spec.item, spec.title, spec.position
    )
    before = store.agenda(connection, event.session)
    applied = domain.amend(before, change, spec.item or 0)
    assert applied is not None, f"entry {entry.seq}: the amendment does not apply"
    if spec.change == "add":
        assert spec.title is not None
        assert spec.item is not None
        connection.execute(
            agenda_items.insert().values(
                session_id=event.session,
                number=spec.item,
                title=spec.title,
                position=None,
                is_current=False,
            )
        )
    _write(connection, event.session, applied[0])
    return NO_EFFECTS
