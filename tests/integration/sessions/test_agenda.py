"""The agenda of a session through the services, on both engines: the titles convened
with as its first items, the chair calling items and attaching motions, the plenary
amending the agenda by a motion of order (applied only when adopted), lists of speakers
per item, refusals naming the field, and verify rebuilding it all from the journal."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Connection

from soviet.domain.agenda import Change, amend, convened
from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.ids import format_id
from soviet.domain.views import to_json
from soviet.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.agenda import agenda_view, attach_motion, call_item, move_order
from soviet.services.bootstrap import open_database
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.plenary import session_view
from soviet.services.sessions import check_in, close_session, convene
from soviet.services.speakers import add_speaker, speakers_view
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store.database import Database
from soviet.store.schema import agenda_items

from ..councils.federation import STATUTE, elect, found_federation

T0 = datetime(1917, 3, 8, 10, tzinfo=UTC)
SECRETARY = account_actor("skobelev")
SOVIET = ["b1", "b2", "b3", "b4", "m1", "s1"]
SLUGS = itertools.count(1)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def _found(db: Database) -> int:
    found_federation(db, STATUTE + "    secretariat: [skobelev]\n")
    elect(db)
    session = convene(
        db, "petrograd-soviet", ["Peace", "Land", "Bread"], actor=SYSTEM, convened_at=T0
    )
    check_in(db, session, SOVIET, actor=SYSTEM, at=T0)
    return session


def items(db: Database, session: int) -> list[tuple[int, str, bool, tuple[str, ...]]]:
    shown = agenda_view(db, session, actor=SYSTEM)
    return [(i.number, i.title, i.is_current, i.motions) for i in shown.items]


def _decide(db: Database, address: str, yes: list[str], no: list[str]) -> bool:
    open_vote(db, address, actor=SECRETARY)
    for person in yes:
        cast_vote(db, address, person, "yes", actor=SYSTEM)
    for person in no:
        cast_vote(db, address, person, "no", actor=SYSTEM)
    return close_vote(db, address, actor=SECRETARY).is_adopted


def _order(db: Database, session: int, slug: str, change: Change) -> str:
    move_order(
        db, session, change, slug=slug, mover_kind="delegate", mover="b1", actor=account_actor("b1")
    )
    return f"petrograd-soviet/{slug}"


def test_the_titles_convened_with_are_the_first_items_and_the_chair_calls_them(
    db: Database,
) -> None:
    session = _found(db)
    assert items(db, session) == [
        (1, "Peace", True, ()),
        (2, "Land", False, ()),
        (3, "Bread", False, ()),
    ]
    assert call_item(db, session, actor=SECRETARY, at=at(1)).number == 2
    assert call_item(db, session, item=1, actor=SECRETARY, at=at(2)).title == "Peace"
    with pytest.raises(RuleViolation, match=r"^item: item 1 is already the current item$"):
        call_item(db, session, item=1, actor=SECRETARY)
    with pytest.raises(RuleViolation, match=r"^item: the agenda has no item 7$"):
        call_item(db, session, item=7, actor=SECRETARY)
    call_item(db, session, item=3, actor=SECRETARY, at=at(3))
    with pytest.raises(
        RuleViolation, match=r"^item 3 is the last item of the agenda: there is no next item$"
    ):
        call_item(db, session, actor=SECRETARY)
    assert to_json(agenda_view(db, session, actor=SYSTEM)) == {
        "session": format_id(session),
        "current": 3,
        "items": [
            {"position": 1, "number": 1, "title": "Peace", "current": False, "motions": []},
            {"position": 2, "number": 2, "title": "Land", "current": False, "motions": []},
            {"position": 3, "number": 3, "title": "Bread", "current": True, "motions": []},
        ],
    }


def test_only_the_chair_calls_and_attaches(db: Database) -> None:
    session = _found(db)
    with pytest.raises(Forbidden):
        call_item(db, session, actor=account_actor("b1"))
    spec = MotionSpec("peace-decree", "Decree on Peace", "A just peace.", "delegate", "b1")
    move_motion(db, "petrograd-soviet", session, spec, actor=account_actor("b1"))
    with pytest.raises(Forbidden):
        attach_motion(db, "petrograd-soviet/peace-decree", 1, actor=account_actor("b1"))
    assert items(db, session)[0] == (1, "Peace", True, ())


def test_motions_are_attached_to_items(db: Database) -> None:
    session = _found(db)
    for slug in ("peace-decree", "land-decree"):
        spec = MotionSpec(slug, slug.title(), "Text.", "delegate", "b1")
        move_motion(db, "petrograd-soviet", session, spec, actor=account_actor("b1"))
    attach_motion(db, "petrograd-soviet/peace-decree", 1, actor=SECRETARY)
    attach_motion(db, "petrograd-soviet/land-decree", 1, actor=SECRETARY)
    attach_motion(db, "petrograd-soviet/land-decree", 2, actor=SECRETARY)  # moved to item 2
    assert [i[3] for i in items(db, session)] == [
        ("petrograd-soviet/peace-decree",),
        ("petrograd-soviet/land-decree",),
        (),
    ]
    with pytest.raises(RuleViolation, match=r"^item: the agenda has no item 4$"):
        attach_motion(db, "petrograd-soviet/peace-decree", 4, actor=SECRETARY)
    with pytest.raises(InvalidInput, match=r"^item: "):
        attach_motion(db, "petrograd-soviet/peace-decree", 0, actor=SECRETARY)
    with pytest.raises(NotFound):
        attach_motion(db, "petrograd-soviet/nothing", 1, actor=SECRETARY)


def test_an_amendment_of_the_agenda_applies_only_when_adopted(db: Database) -> None:
    session = _found(db)
    add = _order(db, session, "add-army", Change("add", title="The army", position=1))
    assert [i[1] for i in items(db, session)] == ["Peace", "Land", "Bread"]
    assert _decide(db, add, SOVIET[:4], SOVIET[4:])
    assert items(db, session)[0] == (4, "The army", False, ())
    drop = _order(db, session, "drop-bread", Change("remove", item=3))
    assert not _decide(db, drop, SOVIET[4:], SOVIET[:4])
    assert [i[0] for i in items(db, session)] == [4, 1, 2, 3]
    move = _order(db, session, "land-first", Change("move", item=2, position=1))
    assert _decide(db, move, SOVIET, [])
    assert [i[0] for i in items(db, session)] == [2, 4, 1, 3]
    remove_current = _order(db, session, "drop-peace", Change("remove", item=1))
    assert _decide(db, remove_current, SOVIET, [])
    # Peace was current: the item after it is now.
    assert [(i[0], i[2]) for i in items(db, session)] == [(2, False), (4, False), (3, True)]
    # The session's own read shows the agenda as it stands, not as convened.
    assert session_view(db, session, actor=SYSTEM).agenda == ("Land", "The army", "Bread")
    assert journal_service.verify(db, actor=SYSTEM, remember=False).is_intact


def test_an_amendment_that_no_longer_applies_lapses(db: Database) -> None:
    session = _found(db)
    first = _order(db, session, "drop-land", Change("remove", item=2))
    second = _order(db, session, "move-land", Change("move", item=2, position=3))
    assert _decide(db, first, SOVIET, [])
    assert _decide(db, second, SOVIET, [])  # adopted, but item 2 is gone: nothing changes
    assert [i[0] for i in items(db, session)] == [1, 3]
    assert journal_service.verify(db, actor=SYSTEM, remember=False).is_intact


def test_bad_motions_of_order_name_the_field_and_change_nothing(db: Database) -> None:
    session = _found(db)
    cases = [
        (Change("rename", item=1), InvalidInput, r"^change: must be one of add, remove, move"),
        (Change("add", title="  "), InvalidInput, r"^title: an item added needs a title$"),
        (Change("add", title="X", position=5), InvalidInput, r"^position: must be from 1 to 4"),
        (Change("add", item=2, title="X"), InvalidInput, r"^item: an item added gets"),
        (Change("remove"), InvalidInput, r"^item: say which item to remove$"),
        (Change("remove", item=9), RuleViolation, r"^item: the agenda has no item 9$"),
        (Change("move", item=1), InvalidInput, r"^position: say where to move the item$"),
        (Change("move", item=1, position=0), InvalidInput, r"^position: must be from 1 to 3"),
    ]
    for change, error, message in cases:
        with pytest.raises(error, match=message):
            _order(db, session, "bad", change)
    before = journal_service.verify(db, actor=SYSTEM, remember=False)
    assert before.is_intact
    assert [i[1] for i in items(db, session)] == ["Peace", "Land", "Bread"]
    close_session(db, session, actor=SYSTEM, at=at(5))
    with pytest.raises(RuleViolation, match=r"was closed at"):
        call_item(db, session, actor=SECRETARY)


def test_an_agenda_item_owns_its_list_of_speakers(db: Database) -> None:
    session = _found(db)
    b1, m1 = account_actor("b1"), account_actor("m1")
    add_speaker(db, session, "b1", item=2, actor=b1, at=at(1))
    add_speaker(db, session, "m1", actor=m1, at=at(2))
    on_land = speakers_view(db, session, item=2, actor=SYSTEM, now=lambda: at(3))
    assert [w.person for w in on_land.waiting] == ["b1"]
    assert to_json(on_land)["item"] == 2  # type: ignore[index]
    own = speakers_view(db, session, actor=SYSTEM, now=lambda: at(3))
    assert [w.person for w in own.waiting] == ["m1"]
    assert "item" not in to_json(own)  # type: ignore[operator]
    with pytest.raises(RuleViolation, match=r"^item: the agenda has no item 5$"):
        add_speaker(db, session, "m1", item=5, actor=m1, at=at(4))
    spec = MotionSpec("peace-decree", "Decree on Peace", "A just peace.", "delegate", "b1")
    move_motion(db, "petrograd-soviet", session, spec, actor=b1)
    with pytest.raises(InvalidInput, match=r"^item: a list belongs to a motion or to an agenda"):
        add_speaker(
            db, session, "m1", motion="petrograd-soviet/peace-decree", item=1, actor=m1, at=at(4)
        )
    assert journal_service.verify(db, actor=SYSTEM, remember=False).is_intact


CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "move"]),
        st.integers(1, 5),
        st.integers(1, 5),
        st.booleans(),
    ),
    min_size=1,
    max_size=3,
)


@pytest.fixture
def founded(db: Database) -> Database:
    """A federation founded once for every example hypothesis draws (each convenes anew)."""
    _found(db)
    return db


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=CHANGES)
def test_an_amendment_applies_only_when_adopted(
    founded: Database, changes: list[tuple[str, int, int, bool]]
) -> None:
    db = founded
    session = convene(db, "petrograd-soviet", ["Peace", "Land", "Bread"], actor=SYSTEM)
    check_in(db, session, SOVIET, actor=SYSTEM)
    model = convened(["Peace", "Land", "Bread"])
    last = 3
    for kind, item, position, is_adopted in changes:
        change = (
            Change("add", title=f"Item {item}", position=position)
            if kind == "add"
            else Change(kind, item=item, position=position if kind == "move" else None)
        )
        try:
            address = _order(db, session, f"order-{next(SLUGS)}", change)
        except (InvalidInput, RuleViolation):
            continue  # refused when moved: nothing to decide
        yes, no = (SOVIET, []) if is_adopted else ([], SOVIET)
        assert _decide(db, address, yes, no) is is_adopted
        if is_adopted:
            applied = amend(model, change, last + 1)
            assert applied is not None  # nothing else changed the agenda meanwhile
            model, last = applied[0], last + (kind == "add")
        shown = agenda_view(db, session, actor=SYSTEM)
        assert [(i.number, i.title) for i in shown.items] == [
            (i.number, i.title) for i in model.items
        ]
        assert shown.current == model.current
    close_session(db, session, actor=SYSTEM)


def test_verify_rebuilds_the_agenda_and_names_a_tampered_item(db: Database) -> None:
    session = _found(db)
    call_item(db, session, actor=SECRETARY, at=at(1))
    assert journal_service.verify(db, actor=SYSTEM, remember=False).is_intact

    def tamper(connection: Connection) -> None:
        connection.execute(
            agenda_items.update()
            .where(agenda_items.c.session_id == session, agenda_items.c.number == 1)
            .values(is_current=True)
        )

    db.write(tamper)
    report = journal_service.verify(db, actor=SYSTEM, remember=False)
    assert report.differences == [
        f"agenda_items: row ({session}, 1): is_current is True, the journal says False"
    ]
