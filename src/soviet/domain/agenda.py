"""The agenda of a plenary session: items in order, the current item, and the plenary's
amendments of it (a motion of order).

The titles given when a session is convened are its first items, numbered 1, 2, ... in
that order, and the first is current. The chair moves to the next item, or to a named
one; nothing else moves the current item, except removing it (the one after it becomes
current, or, when it was the last, the one before). The plenary amends the agenda, adding,
removing or reordering an item, by a motion of order: an ordinary motion whose terms
carry the change, decided by the statute's rule; the change applies only when the
motion is adopted. An item keeps its number for good; its position is its place in the
order, from 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

# The highest number an item may carry: declared in domain.vocabulary, so that the command
# line's options need no agenda; imported from here.
from soviet.domain.vocabulary import ITEMS_MAX as ITEMS_MAX
from soviet.errors import InvalidInput, RuleViolation

CHANGES = ("add", "remove", "move")


@dataclass(frozen=True)
class Item:
    """An item of an agenda: its number (for good) and title."""

    number: int
    title: str


@dataclass(frozen=True)
class Agenda:
    """The items in order, and the number of the current one."""

    items: tuple[Item, ...]
    current: int

    def item(self, number: int) -> Item:
        """The item with this number; refused, naming the field, when there is none."""
        for item in self.items:
            if item.number == number:
                return item
        raise RuleViolation(f"item: the agenda has no item {number}")

    def position(self, number: int) -> int:
        """Where an item stands in the order, from 1."""
        return next(i for i, item in enumerate(self.items, start=1) if item.number == number)


@dataclass(frozen=True)
class Change:
    """An amendment of the agenda: add an item (`title`, at `position`; None: at the end),
    remove an item, or move an item to `position`. `item` is the number of the item
    removed or moved, and, once adopted, of the item added."""

    change: str
    item: int | None = None
    title: str | None = None
    position: int | None = None


def convened(titles: Sequence[str]) -> Agenda:
    """The agenda a session is convened with: its titles as items 1, 2, ..., the first
    current."""
    items = tuple(Item(number, title) for number, title in enumerate(titles, start=1))
    return Agenda(items, 1)


def next_item(agenda: Agenda) -> Item:
    """The item after the current one; refused at the last item."""
    at = agenda.position(agenda.current)
    if at == len(agenda.items):
        raise RuleViolation(
            f"item {agenda.current} is the last item of the agenda: there is no next item",
        )
    return agenda.items[at]


def call(agenda: Agenda, number: int) -> Agenda:
    """The agenda with item `number` current."""
    return replace(agenda, current=agenda.item(number).number)


def _check_position(position: int | None, most: int) -> None:
    if position is not None and not 1 <= position <= most:
        raise InvalidInput(f"position: must be from 1 to {most}, got {position}")


def check_change(agenda: Agenda, change: Change) -> None:
    """Refuse, naming the field, a change that cannot apply to the agenda as it is now."""
    if change.change not in CHANGES:
        raise InvalidInput(f"change: must be one of {', '.join(CHANGES)}, got {change.change!r}")
    if change.change == "add":
        if change.item is not None:
            raise InvalidInput("item: an item added gets its number when adopted")
        if not (change.title or "").strip():
            raise InvalidInput("title: an item added needs a title")
        _check_position(change.position, len(agenda.items) + 1)
        return
    if change.item is None:
        raise InvalidInput(f"item: say which item to {change.change}")
    agenda.item(change.item)
    if change.change == "remove":
        if len(agenda.items) == 1:
            raise RuleViolation(
                f"item: item {change.item} is the only item of the agenda: it cannot be removed",
            )
        return
    if change.position is None:
        raise InvalidInput("position: say where to move the item")
    _check_position(change.position, len(agenda.items))


def amend(agenda: Agenda, change: Change, number: int) -> tuple[Agenda, Change] | None:
    """The agenda with an adopted change applied, and the change as applied (an item
    added gets `number`); None when the change no longer applies (the agenda changed
    between the motion and its adoption): it then lapses."""
    try:
        check_change(agenda, change)
    except (InvalidInput, RuleViolation):
        return None
    items = list(agenda.items)
    if change.change == "add":
        assert change.title is not None
        at = (change.position or len(items) + 1) - 1
        items.insert(at, Item(number, change.title.strip()))
        return Agenda(tuple(items), agenda.current), replace(change, item=number)
    assert change.item is not None
    at = agenda.position(change.item) - 1
    moved = items.pop(at)
    current = agenda.current
    if change.change == "remove":
        if moved.number == current:
            current = items[min(at, len(items) - 1)].number
        return Agenda(tuple(items), current), change
    assert change.position is not None
    items.insert(change.position - 1, moved)
    return Agenda(tuple(items), current), change
