"""The plenary's lists a page at a time, on both engines: a session's delegates, a
council's sessions, motions and resolutions, the commissions; and the reads of one
resolution and one commission."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import pytest

from soviet.domain.identity import SYSTEM
from soviet.domain.ids import format_id
from soviet.domain.views import Page, encode_cursor, to_json
from soviet.errors import InvalidInput, NotFound
from soviet.services.plenary import motions_view, session_view, sessions_view
from soviet.services.resolutions import (
    commission_view,
    commissions,
    resolution_view,
    resolutions,
)
from soviet.store.database import Database

from .plenary import SOVIET, sitting
from .test_resolutions import MRC, adopt, plain

T = TypeVar("T")


def walk(read: Callable[[str | None], Page[T]]) -> list[T]:
    """Every item of a list, page after page, from the first."""
    items: list[T] = []
    cursor: str | None = None
    while True:
        page = read(cursor)
        assert len(page.items) >= 1
        items += page.items
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor


@pytest.mark.parametrize("limit", [1, 4, 6])
def test_a_sessions_delegates_come_a_page_at_a_time(plenary_db: Database, limit: int) -> None:
    session = sitting(plenary_db)
    whole = session_view(plenary_db, session, limit=500, actor=SYSTEM)
    assert [a.person for a in whole.delegates.items] == sorted(SOVIET)
    assert whole.delegates.next_cursor is None
    first = session_view(plenary_db, session, limit=limit, actor=SYSTEM)
    assert len(first.delegates.items) == limit
    assert (first.delegates.next_cursor is None) == (limit >= len(SOVIET))
    assert first.quorum == whole.quorum  # the quorum counts everyone, whatever the page
    walked = walk(
        lambda c: session_view(plenary_db, session, cursor=c, limit=limit, actor=SYSTEM).delegates
    )
    assert walked == list(whole.delegates.items)
    with pytest.raises(InvalidInput, match="^cursor: 'WzFd' is not a cursor this list gave$"):
        session_view(plenary_db, session, cursor="WzFd", actor=SYSTEM)


def test_a_councils_lists_walked_page_by_page(plenary_db: Database) -> None:
    sessions = [sitting(plenary_db) for _ in range(3)]
    for n in range(3):
        adopt(plenary_db, "petrograd-soviet", sessions[0], plain(f"m{n}"), SOVIET)
    listed = walk(
        lambda c: sessions_view(plenary_db, "petrograd-soviet", cursor=c, limit=2, actor=SYSTEM)
    )
    assert [s.session for s in listed] == [format_id(s) for s in sessions]
    moved = walk(
        lambda c: motions_view(plenary_db, "petrograd-soviet", cursor=c, limit=2, actor=SYSTEM)
    )
    assert [m.motion for m in moved] == [f"petrograd-soviet/m{n}" for n in range(3)]
    numbered = walk(
        lambda c: resolutions(plenary_db, "petrograd-soviet", cursor=c, limit=1, actor=SYSTEM)
    )
    assert [r.number for r in numbered] == [1, 2, 3]
    assert resolution_view(plenary_db, "petrograd-soviet/2", actor=SYSTEM) == numbered[1]
    with pytest.raises(InvalidInput, match="^cursor: "):
        resolutions(
            plenary_db,
            "petrograd-soviet",
            cursor=encode_cursor(("petrograd-soviet",)),
            actor=SYSTEM,
        )
    with pytest.raises(NotFound):
        resolution_view(plenary_db, "petrograd-soviet/9", actor=SYSTEM)
    with pytest.raises(InvalidInput, match="^resolution: 'petrograd-soviet' is not an address "):
        resolution_view(plenary_db, "petrograd-soviet", actor=SYSTEM)


def test_commissions_walked_and_one_shown(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    for slug in ("mrc", "food", "arms"):
        spec = plain(f"create-{slug}", commission=replace(MRC, slug=slug))
        adopt(plenary_db, "petrograd-soviet", session, spec, SOVIET)
    walked = walk(lambda c: commissions(plenary_db, cursor=c, limit=2, actor=SYSTEM))
    assert [c.commission for c in walked] == [
        "petrograd-soviet/arms",
        "petrograd-soviet/food",
        "petrograd-soviet/mrc",
    ]
    shown = commission_view(plenary_db, "petrograd-soviet/mrc", actor=SYSTEM)
    assert shown == walked[2]
    assert (shown.resolution, shown.is_expired) == ("petrograd-soviet/1", False)
    assert to_json(shown)["expired"] is False  # type: ignore[index,call-overload]
