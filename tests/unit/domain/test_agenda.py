"""The agenda in the domain: items convened, the chair's calls, amendments by a motion of
order, and properties over any sequence of acts (the current item is always one of the
items; next never skips an item; an adopted change does what it says, or lapses only
where it could not be moved at all). That an amendment applies only when adopted is a
property of the services: tests/integration/sessions/test_agenda.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soviet.domain.agenda import Agenda, Change, Item, amend, call, check_change, convened
from soviet.domain.agenda import next_item as next_of
from soviet.errors import InvalidInput, RuleViolation

THREE = convened(["Peace", "Land", "Bread"])


def test_the_titles_convened_with_are_items_one_two_three_the_first_current() -> None:
    assert Agenda((Item(1, "Peace"), Item(2, "Land"), Item(3, "Bread")), 1) == THREE


def test_the_chair_calls_the_next_item_until_the_last() -> None:
    assert next_of(THREE) == Item(2, "Land")
    last = call(THREE, 3)
    with pytest.raises(RuleViolation, match=r"^item 3 is the last item of the agenda"):
        next_of(last)
    with pytest.raises(RuleViolation, match=r"^item: the agenda has no item 4$"):
        call(THREE, 4)


def test_amendments_add_remove_and_move() -> None:
    added = amend(THREE, Change("add", title=" Army ", position=2), 4)
    assert added == (
        Agenda((Item(1, "Peace"), Item(4, "Army"), Item(2, "Land"), Item(3, "Bread")), 1),
        Change("add", 4, " Army ", 2),
    )
    at_end = amend(THREE, Change("add", title="Army"), 4)
    assert at_end is not None
    assert [i.number for i in at_end[0].items] == [1, 2, 3, 4]
    moved = amend(THREE, Change("move", item=1, position=3), 0)
    assert moved is not None
    assert [i.number for i in moved[0].items] == [2, 3, 1]
    assert moved[0].current == 1
    removed = amend(call(THREE, 3), Change("remove", item=3), 0)
    assert removed is not None
    assert removed[0] == Agenda((Item(1, "Peace"), Item(2, "Land")), 2)  # the one before
    removed = amend(THREE, Change("remove", item=1), 0)
    assert removed is not None
    assert removed[0].current == 2  # the one after


def test_a_change_that_no_longer_applies_lapses() -> None:
    assert amend(THREE, Change("remove", item=9), 0) is None
    assert amend(convened(["Peace"]), Change("remove", item=1), 0) is None


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (Change("rename", item=1), InvalidInput, "change: must be one of add, remove, move"),
        (Change("add"), InvalidInput, "title: an item added needs a title"),
        (Change("add", title="X", position=0), InvalidInput, "position: must be from 1 to 4"),
        (Change("move", item=2), InvalidInput, "position: say where to move the item"),
        (Change("move", item=5, position=1), RuleViolation, "item: the agenda has no item 5"),
        (Change("remove"), InvalidInput, "item: say which item to remove"),
    ],
)
def test_bad_changes_name_the_field(change: Change, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        check_change(THREE, change)
    assert str(raised.value).startswith(message)


ACTS = st.lists(
    st.one_of(
        st.tuples(st.just("next"), st.just(0), st.just(0)),
        st.tuples(st.just("call"), st.integers(1, 12), st.just(0)),
        st.tuples(st.sampled_from(["add", "remove", "move"]), st.integers(1, 12),
                  st.integers(1, 12)),
    ),
    max_size=40,
)  # fmt: skip


def _change(kind: str, item: int, position: int) -> Change:
    if kind == "add":
        return Change("add", title=f"Item {item}", position=position)
    if kind == "remove":
        return Change("remove", item=item)
    return Change("move", item=item, position=position)


@settings(max_examples=300, deadline=None)
@given(titles=st.lists(st.sampled_from(["Peace", "Land", "Bread"]), min_size=1, max_size=5),
       acts=ACTS)  # fmt: skip
def test_any_sequence_of_acts_keeps_the_agenda_sound(
    titles: list[str], acts: list[tuple[str, int, int]]
) -> None:
    agenda = convened(titles)
    numbers = len(titles)
    for kind, item, position in acts:
        before = agenda
        if kind == "next":
            try:
                following = next_of(agenda)
            except RuleViolation:
                assert agenda.position(agenda.current) == len(agenda.items)
                continue
            agenda = call(agenda, following.number)
            # next never skips an item: it calls the one right after the current.
            assert agenda.position(agenda.current) == before.position(before.current) + 1
        elif kind == "call":
            try:
                agenda = call(agenda, item)
            except RuleViolation:
                assert item not in {i.number for i in agenda.items}
        else:
            change = _change(kind, item, position)
            applied = amend(agenda, change, numbers + 1)
            if applied is None:
                # It lapses only where it could not be moved against this agenda either.
                with pytest.raises((InvalidInput, RuleViolation)):
                    check_change(agenda, change)
                continue
            agenda = applied[0]
            if kind == "add":
                numbers += 1
                assert agenda.position(numbers) == position
            elif kind == "move":
                assert agenda.position(item) == position
            else:
                assert item not in {i.number for i in agenda.items}
        numbered = [i.number for i in agenda.items]
        assert agenda.current in numbered  # the current item is always one of the items
        assert len(set(numbered)) == len(numbered)
        assert agenda.items
