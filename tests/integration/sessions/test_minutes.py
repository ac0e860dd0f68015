"""The minutes of a session through the services, on both engines: made from the journal
alone (the same on a database rebuilt from a copy of the journal), saying who came and
went, the agenda as amended, who spoke, the motions and amendments with their texts, a
roll call by name and a secret vote by count, the resolutions; Markdown and an escaped,
well-formed HTML page; an id that is not a session refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy.engine import Connection

from soviet.domain import minutes_text
from soviet.domain.agenda import Change
from soviet.domain.identity import PUBLIC, SYSTEM, account_actor
from soviet.domain.ids import format_id
from soviet.domain.sessions import Tally
from soviet.domain.views import to_json
from soviet.domain.views.minutes import Named
from soviet.errors import InvalidInput, NotFound
from soviet.services.agenda import attach_motion, call_item, move_order
from soviet.services.bootstrap import open_database
from soviet.services.minutes import last_minutes, minutes_of
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.sessions import check_in, close_session, convene, leave, return_fraction
from soviet.services.sessions import walk_out as walk_out_of
from soviet.services.speakers import add_speaker, start_speech, stop_speech
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store import acts, migrate, schema
from soviet.store import journal as store_journal
from soviet.store.database import Database

from ...conftest import unlock_journal
from ..councils.federation import STATUTE, elect, found_federation

T0 = datetime(1917, 3, 8, 10, tzinfo=UTC)
SECRETARY = account_actor("skobelev")
SOVIET = ["b1", "b2", "b3", "b4", "m1", "s1"]
PEACE = "An immediate peace <without annexations> & without indemnities."
JUST_PEACE = "A just, democratic peace <now>."


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def _move(db: Database, session: int, slug: str, text: str, minute: int, **more: str) -> str:
    spec = MotionSpec(slug, slug.replace("-", " ").title(), text, "delegate", "b1", **more)
    move_motion(
        db, "petrograd-soviet", session, spec, actor=account_actor("b1"), moved_at=at(minute)
    )
    return f"petrograd-soviet/{slug}"


def _sitting(db: Database) -> int:
    """A session with every kind of thing minutes record, closed at minute 40."""
    found_federation(db, STATUTE + "    secretariat: [skobelev]\n")
    elect(db)
    session = convene(db, "petrograd-soviet", ["Peace", "Land"], actor=SYSTEM, convened_at=T0)
    check_in(db, session, SOVIET, actor=SYSTEM, at=at(1))
    leave(db, session, ["b4"], actor=SYSTEM, at=at(2))
    call_item(db, session, actor=SECRETARY, at=at(3))  # item 2, Land
    call_item(db, session, item=1, actor=SECRETARY, at=at(4))
    add_speaker(db, session, "b1", stance="pro", actor=account_actor("b1"), at=at(5))
    start_speech(db, session, actor=SECRETARY, at=at(6))
    stop_speech(db, session, actor=SECRETARY, at=at(9))
    peace = _move(db, session, "peace", PEACE, 10)
    attach_motion(db, peace, 1, actor=SECRETARY, at=at(10))
    amendment = _move(db, session, "peace-a1", JUST_PEACE, 11, amends="peace")
    open_vote(db, amendment, "roll-call", actor=SECRETARY, at=at(12))
    for person, choice in [("b1", "yes"), ("b2", "yes"), ("b3", "no"), ("m1", "abstain")]:
        cast_vote(db, amendment, person, choice, actor=SYSTEM, cast_at=at(13))
    close_vote(db, amendment, actor=SECRETARY, at=at(14))
    walk_out_of(db, session, "mensheviks", actor=account_actor("martov"), at=at(15))
    return_fraction(db, session, "mensheviks", actor=account_actor("martov"), at=at(16))
    open_vote(db, peace, "secret", actor=SECRETARY, at=at(17))
    for person, choice in [("b1", "yes"), ("b2", "yes"), ("m1", "no")]:
        cast_vote(db, peace, person, choice, actor=SYSTEM, cast_at=at(18))
    close_vote(db, peace, actor=SECRETARY, at=at(19))
    move_order(
        db,
        session,
        Change("add", title="Bread <and> fuel", position=2),
        slug="order-1",
        mover_kind="delegate",
        mover="b1",
        actor=account_actor("b1"),
        moved_at=at(20),
    )
    open_vote(db, "petrograd-soviet/order-1", "counted", actor=SECRETARY, at=at(21))
    close_vote(db, "petrograd-soviet/order-1", counts=Tally(4, 1, 0), actor=SECRETARY, at=at(22))
    close_session(db, session, actor=SECRETARY, at=at(40))
    return session


def _names(persons: tuple[Named, ...]) -> list[str]:
    return [p.slug for p in persons]


def test_the_minutes_say_what_the_session_did(db: Database) -> None:
    session = _sitting(db)
    found = minutes_of(db, session, actor=PUBLIC)
    assert found.session == format_id(session)
    assert found.council == Named("petrograd-soviet", "Petrograd Soviet")
    assert found.closed_at == "1917-03-08T10:40:00.000000Z"
    attendance = found.attendance
    assert _names(attendance.attended) == ["b1", "b2", "b3", "b4", "m1", "s1"]
    assert [(c.change, c.fraction, _names(c.persons)) for c in attendance.changes] == [
        ("checked-in", None, SOVIET),
        ("left", None, ["b4"]),
        ("walked-out", Named("mensheviks", "Mensheviks"), ["m1"]),
        ("returned", Named("mensheviks", "Mensheviks"), ["m1"]),
    ]
    assert attendance.present_at_end == 5
    bolsheviks, mensheviks, sr = (
        Named("bolsheviks", "Bolsheviks"),
        Named("mensheviks", "Mensheviks"),
        Named("sr", "Sr"),
    )
    assert [(c.fraction, c.count) for c in attendance.changes[0].by_fraction] == [
        (bolsheviks, 4),
        (mensheviks, 1),
        (sr, 1),
    ]
    assert [(c.fraction, c.count) for c in attendance.present_at_end_by_fraction] == [
        (bolsheviks, 3),
        (mensheviks, 1),
        (sr, 1),
    ]
    agenda = found.agenda
    assert agenda.convened == ("Peace", "Land")
    assert [(i.number, i.title, i.is_added) for i in agenda.items] == [
        (1, "Peace", False),
        (3, "Bread <and> fuel", True),
        (2, "Land", False),
    ]
    assert agenda.items[0].called_at == ("1917-03-08T10:04:00.000000Z",)
    assert agenda.items[0].motions == (found.motions[0].motion,)
    assert [(a.change, a.item, a.title, a.position) for a in agenda.amendments] == [
        ("add", 3, "Bread <and> fuel", 2)
    ]
    [speech] = found.speeches
    assert (speech.person.name, speech.fraction, speech.stance) == (
        "B1",
        Named("bolsheviks", "Bolsheviks"),
        "pro",
    )
    assert (speech.started_at, speech.ended_at) == (
        "1917-03-08T10:06:00.000000Z",
        "1917-03-08T10:09:00.000000Z",
    )
    peace, amendment, order = found.motions
    assert (peace.text, peace.amended_text) == (PEACE, JUST_PEACE)
    assert (amendment.kind, amendment.text, amendment.amends) == (
        "amendment",
        JUST_PEACE,
        peace.motion,
    )
    roll = amendment.vote
    assert roll is not None
    assert roll.mode == "roll-call"
    assert roll.ballots is not None
    assert [(b.person.slug, b.fraction and b.fraction.slug, b.choice) for b in roll.ballots] == [
        ("b1", "bolsheviks", "yes"),
        ("b2", "bolsheviks", "yes"),
        ("b3", "bolsheviks", "no"),
        ("m1", "mensheviks", "abstain"),
    ]
    assert (roll.yes, roll.no, roll.abstain, roll.outcome) == (2, 1, 1, "adopted")
    secret = peace.vote
    assert secret is not None
    assert secret.mode == "secret"
    assert (secret.ballots, secret.ballots_cast) == (None, 3)
    assert (secret.yes, secret.no, secret.abstain, secret.outcome) == (2, 1, 0, "adopted")
    assert "ballots" not in to_json(secret)  # type: ignore[operator]
    assert order.vote is not None
    assert order.vote.mode == "counted"
    # An adopted amendment rewrites its motion; the motions adopted are the resolutions.
    assert [(r.number, r.motion, r.text) for r in found.resolutions] == [
        (1, peace.motion, JUST_PEACE),
        (2, order.motion, order.text),
    ]


def test_a_vote_still_open_shows_no_choice_and_no_result(db: Database) -> None:
    found_federation(db, STATUTE + "    secretariat: [skobelev]\n")
    elect(db)
    session = convene(db, "petrograd-soviet", ["Peace"], actor=SYSTEM, convened_at=T0)
    check_in(db, session, SOVIET, actor=SYSTEM, at=at(1))
    peace = _move(db, session, "peace", PEACE, 2)
    open_vote(db, peace, "roll-call", actor=SECRETARY, at=at(3))
    cast_vote(db, peace, "b1", "yes", actor=SYSTEM, cast_at=at(4))
    found = minutes_of(db, session, actor=PUBLIC)
    vote = found.motions[0].vote
    assert vote is not None
    assert (vote.ballots, vote.ballots_cast, vote.yes, vote.outcome) == (None, 1, None, None)
    assert found.closed_at is None
    text = minutes_text.markdown(found)
    assert "Still open: 1 ballot." in text
    assert "yes (" not in text
    assert last_minutes(db, "petrograd-soviet", actor=PUBLIC) == found


def _copy(source: Database, scratch: Database) -> None:
    """Rebuild a scratch database from a copy of `source`'s journal alone."""
    with source.read() as connection:
        entries = list(store_journal.entries(connection))

    def rebuild(connection: Connection) -> None:
        migrate.upgrade(connection)
        unlock_journal(connection)  # the scratch copy replaces its own first entry
        connection.execute(schema.journal.delete())
        for entry in entries:
            connection.execute(schema.journal.insert().values(**entry.__dict__))
            acts.apply(connection, entry)
        last = entries[-1]
        connection.execute(schema.journal_head.update().values(seq=last.seq, hash=last.hash))

    scratch.write(rebuild)


def test_the_minutes_equal_those_of_a_database_rebuilt_from_the_journal(
    db: Database, tmp_path: Path
) -> None:
    session = _sitting(db)
    scratch = open_database(f"sqlite:///{tmp_path / 'scratch.db'}", create=True)
    try:
        _copy(db, scratch)
        again = minutes_of(scratch, session, actor=PUBLIC)
    finally:
        scratch.dispose()
    found = minutes_of(db, session, actor=PUBLIC)
    assert again == found
    assert to_json(again) == to_json(found)
    assert minutes_text.page(again) == minutes_text.page(found)


class _Balanced(HTMLParser):
    """Checks that every element opened is closed, in order (void elements aside)."""

    VOID: ClassVar[set[str]] = {"meta", "br", "hr", "link", "img", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, tag
        assert self.open[-1] == tag, (self.open, tag)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_markdown_and_a_well_formed_escaped_html_page(db: Database) -> None:
    found = minutes_of(db, _sitting(db), actor=PUBLIC)
    text = minutes_text.markdown(found)
    assert text.startswith(f"# Minutes of session {found.session} of the Petrograd Soviet\n")
    assert f"> {PEACE}" in text
    assert f"> {PEACE}\n\nAs amended:\n\n> {JUST_PEACE}\n\nPut to the vote" in text
    assert "- yes, Bolsheviks (2): B1; B2" in text
    assert "- no, Bolsheviks (1): B3" in text
    assert "- abstain, Mensheviks (1): M1" in text
    assert "Secret ballot: 3 ballots cast." in text
    assert (
        "6 delegates attended; 5 present at the close (Bolsheviks 3; Mensheviks 1; Sr 1)." in text
    )
    assert "6 delegates (Bolsheviks 4; Mensheviks 1; Sr 1) checked in: B1; B2; B3; B4; M1" in text
    assert "1 delegate (Bolsheviks 1) left: B4" in text
    assert "the fraction Mensheviks (1 delegate) walked out: M1" in text
    assert "the fraction Mensheviks (1 delegate) returned: M1" in text
    assert "item 3 'Bread <and> fuel' added at position 2 (motion of order" in text
    assert "- item 1: Peace; called 1917-03-08 10:04 UTC; motions " in text
    assert "- item 3: Bread <and> fuel; added by the plenary\n- item 2: Land;" in text
    assert "1. 1917-03-08 10:06 UTC to 10:09 UTC: B1 (Bolsheviks), pro" in text
    assert "1917-03-08 10:40 UTC" in text
    page = minutes_text.page(found)
    assert page.startswith("<!DOCTYPE html>\n")
    assert "<style>" in page
    assert "@media print" in page
    assert "&lt;without annexations&gt; &amp; without" in page
    assert "<without" not in page
    assert "<and>" not in page
    assert "<now>" not in page
    parser = _Balanced()
    parser.feed(page)
    parser.close()
    assert parser.open == []
    assert PEACE in "".join(parser.text)  # the escaped text reads back as written


def test_the_names_of_a_long_list_may_be_cut_for_a_screen(db: Database) -> None:
    found = minutes_of(db, _sitting(db), actor=PUBLIC)
    assert "- yes, Bolsheviks (2): B1; and 1 more" in minutes_text.markdown(found, names=1)
    assert "checked in: and 6 more\n" in minutes_text.markdown(found, names=0)


def test_an_id_that_is_no_session_is_refused(db: Database) -> None:
    session = _sitting(db)
    with pytest.raises(NotFound, match=r"^session 1 does not exist$"):
        minutes_of(db, 1 << 24, actor=PUBLIC)  # the database's first entry
    with pytest.raises(NotFound, match=rf"^session {format_id(session)}\.1 does not exist$"):
        minutes_of(db, session | 1, actor=PUBLIC)
    with pytest.raises(NotFound, match=r"^session 99999 does not exist$"):
        minutes_of(db, 99999 << 24, actor=PUBLIC)
    with pytest.raises(InvalidInput, match=r"^session: "):
        minutes_of(db, 0, actor=PUBLIC)
