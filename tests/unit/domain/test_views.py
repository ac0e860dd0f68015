"""Read models: the one exact JSON form, and walking a list page by page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from enum import Enum
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soviet.domain.views import (
    MAX_LIMIT,
    Page,
    absent_if_none,
    decode_cursor,
    encode_cursor,
    json_key,
    page_of,
    to_json,
)
from soviet.errors import InvalidInput


class Colour(Enum):
    RED = "red"


@dataclass(frozen=True)
class Inner:
    share: Fraction
    is_voting: bool = field(metadata=json_key("voting"))


@dataclass(frozen=True)
class Outer:
    at: datetime
    on: date
    colour: Colour
    inner: tuple[Inner, ...]
    counts: dict[str, int]
    gallagher: float
    roll_call: tuple[str, ...] | None = field(default=None, metadata=absent_if_none())


def test_to_json_is_exact_and_keeps_established_keys() -> None:
    moment = datetime(1917, 10, 25, 2, 10, tzinfo=timezone(timedelta(hours=3)))
    view = Outer(
        at=moment,
        on=date(1917, 10, 25),
        colour=Colour.RED,
        inner=(Inner(Fraction(212, 250), is_voting=False),),
        counts={"bolsheviks": 390},
        gallagher=1.5,
    )
    assert to_json(view) == {
        "at": "1917-10-24T23:10:00.000000Z",
        "on": "1917-10-25",
        "colour": "red",
        "inner": [{"share": "106/125", "voting": False}],
        "counts": {"bolsheviks": 390},
        "gallagher": 1.5,
    }
    assert to_json(Outer(moment, date(1917, 1, 1), Colour.RED, (), {}, 0.0, ("b1",)))[
        "roll_call"
    ] == ["b1"]
    json.dumps(to_json(view))  # every value is one JSON has


def test_to_json_refuses_what_has_no_stable_form() -> None:
    with pytest.raises(TypeError, match="^a read model cannot hold a set: "):
        to_json({"a": {1, 2}})
    with pytest.raises(TypeError, match="mapping key must be text or a whole number"):
        to_json({("putilov", "sr"): 1})


def test_a_page_serialises_with_its_cursor() -> None:
    page = page_of(["a", "b", "c"], lambda s: (s,), shape=(str,), limit=2)
    assert to_json(page) == {"items": ["a", "b"], "next_cursor": encode_cursor(("b",))}
    assert page_of(["a"], lambda s: (s,), shape=(str,)) == Page(("a",), None)


@given(
    items=st.lists(st.integers(-1000, 1000), unique=True).map(sorted),
    limit=st.integers(1, 7),
)
def test_walking_every_page_gives_every_item_once_in_order(items: list[int], limit: int) -> None:
    walked: list[int] = []
    cursor: str | None = None
    while True:
        page = page_of(items, lambda i: (i,), shape=(int,), cursor=cursor, limit=limit)
        assert len(page.items) <= limit
        walked += page.items
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert walked == items


@given(key=st.tuples(st.text(), st.integers()))
def test_a_cursor_gives_back_its_key(key: tuple[str, int]) -> None:
    assert decode_cursor(encode_cursor(key), (str, int)) == key


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor!",
        "",
        encode_cursor(("a",)),
        encode_cursor((1, 2)),
        "eyJhIjoxfQ",
        "W10",
        "W3RydWVd",
    ],
)
def test_a_bad_cursor_is_refused_naming_the_field(cursor: str) -> None:
    with pytest.raises(InvalidInput, match="^cursor: '.*' is not a cursor this list gave$"):
        decode_cursor(cursor, (int,))


def test_a_limit_out_of_range_is_refused() -> None:
    for limit in (0, MAX_LIMIT + 1):
        with pytest.raises(InvalidInput, match=f"^limit: must be between 1 and 500, got {limit}$"):
            page_of([1], lambda i: (i,), shape=(int,), limit=limit)


def test_a_datetime_without_zone_is_refused() -> None:
    with pytest.raises(InvalidInput):
        to_json(datetime(1917, 10, 25, tzinfo=None))
    assert to_json(datetime(1917, 10, 25, tzinfo=UTC)) == "1917-10-25T00:00:00.000000Z"
