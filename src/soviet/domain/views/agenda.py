"""Read model of the agenda of a session: its items in order, the current one, and the
motions attached to each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from soviet.domain.agenda import Agenda
from soviet.domain.views.encoding import json_key


@dataclass(frozen=True)
class AgendaItem:
    """An item at its place in the order (from 1), with its motions (COUNCIL/SLUG)."""

    position: int
    number: int
    title: str
    is_current: bool = field(metadata=json_key("current"))
    motions: tuple[str, ...]


@dataclass(frozen=True)
class AgendaView:
    """The agenda of a session now, and the number of its current item."""

    session: str
    current: int
    items: tuple[AgendaItem, ...]


def agenda_view(
    agenda: Agenda, attached: Mapping[int, Sequence[str]], *, session: str
) -> AgendaView:
    """The agenda as read: every item in order, the current one marked."""
    items = tuple(
        AgendaItem(
            position,
            item.number,
            item.title,
            item.number == agenda.current,
            tuple(attached.get(item.number, ())),
        )
        for position, item in enumerate(agenda.items, start=1)
    )
    return AgendaView(session, agenda.current, items)
