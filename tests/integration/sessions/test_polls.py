"""Polls, on both engines: the register frozen at the opening, results withheld until the
chair publishes them (no read, notice or log line shows a tally before), practice polls
kept out of the record, and every invalid transition refused with the poll's state."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from soviet.domain.identity import SYSTEM
from soviet.domain.notices import Notice
from soviet.domain.sessions import Tally
from soviet.errors import Conflict, InvalidInput, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.notices import notices_after
from soviet.services.plenary import motion_view
from soviet.services.poll_results import poll_view, publish_poll
from soviet.services.resolutions import resolutions
from soviet.services.sessions import check_in, leave
from soviet.services.statutes import apply_statute
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store.database import Database

from .plenary import MARCH, SOVIET, found_plenary, sitting, statute

SOVIET_RULES = {"quorum": "majority", "decision": "majority-of-votes-cast"}
CHOICES = ["yes", "no", "yes", "abstain", "yes", "yes"]  # 4 yes, 1 no, 1 abstain


@pytest.fixture
def withheld_db(db_url: str) -> Iterator[Database]:
    """The 1917 federation whose soviet withholds results until the chair publishes them."""
    db = open_database(db_url)
    found_plenary(db, **SOVIET_RULES, results="on-publication")
    yield db
    db.dispose()


def motion(db: Database, session: int, slug: str, amends: str | None = None) -> str:
    spec = MotionSpec(slug, slug.title(), "Text.", mover_kind="delegate", mover="b1", amends=amends)
    move_motion(db, "petrograd-soviet", session, spec, actor=SYSTEM)
    return f"petrograd-soviet/{slug}"


def head(db: Database) -> int:
    return journal_service.tail(db, 1, actor=SYSTEM)[0].seq


def tally_shown(notices: list[Notice]) -> list[str]:
    """The notices that show a choice or a count of votes."""
    keys = {"choice", "yes", "no", "abstain", "outcome", "resolution", "counts"}
    return [f"{n.kind}: {sorted(keys & set(n.fields))}" for n in notices if keys & set(n.fields)]


def test_a_delegate_checking_in_after_the_opening_is_not_entitled(plenary_db: Database) -> None:
    db = plenary_db
    session = sitting(db, persons=SOVIET[:5])  # s1 is not yet in
    address = motion(db, session, "peace")
    open_vote(db, address, "roll-call", actor=SYSTEM)
    check_in(db, session, ["s1"], actor=SYSTEM)
    with pytest.raises(RuleViolation, match="^s1 is not entitled in the poll on") as refused:
        cast_vote(db, address, "s1", "yes", actor=SYSTEM)
    assert refused.value.code == "not_entitled"
    # One who leaves after the opening stays in the register but votes only while present.
    leave(db, session, ["b2"], actor=SYSTEM)
    with pytest.raises(RuleViolation) as gone:
        cast_vote(db, address, "b2", "yes", actor=SYSTEM)
    assert gone.value.code == "not_present"
    check_in(db, session, ["b2"], actor=SYSTEM)
    for person in SOVIET[:5]:
        cast_vote(db, address, person, "yes", actor=SYSTEM)
    report = poll_view(db, address, actor=SYSTEM)
    assert (report.state, report.entitled, report.present, report.ballots) == ("open", 5, 5, 5)
    result = close_vote(db, address, actor=SYSTEM)
    assert (result.tally.yes, result.is_adopted, result.is_withheld) == (5, True, False)
    report = poll_view(db, address, actor=SYSTEM)
    assert (report.state, report.published_at) == ("published", report.closed_at)
    assert (report.cast, report.valid, report.yes, report.no, report.abstain) == (5, 5, 5, 0, 0)
    assert (report.base, report.base_size, report.needed, report.is_adopted) == (
        "cast", 5, 3, True,
    )  # fmt: skip
    assert motion_view(db, address, actor=SYSTEM).poll == report
    assert journal_service.verify(db, actor=SYSTEM).is_intact


def test_an_absolute_majority_is_measured_against_the_seats(db_url: str) -> None:
    db = open_database(db_url)
    try:
        found_plenary(db, quorum="majority", decision="absolute-majority")
        address = motion(db, sitting(db), "land")
        open_vote(db, address, "counted", actor=SYSTEM)
        close_vote(db, address, counts=Tally(3, 1, 2), actor=SYSTEM)
        report = poll_view(db, address, actor=SYSTEM)
        assert (report.cast, report.base, report.base_size, report.needed) == (6, "seats", 6, 4)
        assert report.is_adopted is False
    finally:
        db.dispose()


@pytest.mark.parametrize("mode", ["roll-call", "secret"])
def test_withheld_results_show_no_tally_before_publication(
    withheld_db: Database, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    db = withheld_db
    address = motion(db, sitting(db), "peace")
    start = head(db)
    caplog.set_level(logging.DEBUG)
    open_vote(db, address, mode, actor=SYSTEM)
    for person, choice in zip(SOVIET, CHOICES, strict=True):
        cast_vote(db, address, person, choice, actor=SYSTEM)
    shown = motion_view(db, address, actor=SYSTEM)
    assert (shown.status, shown.yes, shown.roll_call, shown.by_fraction) == (
        "voting", None, None, None,
    )  # fmt: skip
    assert shown.ballots == 6
    result = close_vote(db, address, actor=SYSTEM)
    assert (result.is_withheld, result.tally, result.resolution) == (True, Tally(), None)
    assert close_vote(db, address, actor=SYSTEM).is_withheld  # closing again: the same
    shown = motion_view(db, address, actor=SYSTEM)
    assert (shown.status, shown.is_adopted, shown.yes, shown.no, shown.abstain) == (
        "closed", None, None, None, None,
    )  # fmt: skip
    assert shown.poll is not None
    assert shown.poll.state == "closed"
    assert (shown.poll.cast, shown.poll.yes, shown.poll.base, shown.poll.is_adopted) == (
        None, None, None, None,
    )  # fmt: skip
    assert resolutions(db, "petrograd-soviet", actor=SYSTEM).items == ()
    before = notices_after(db, start, actor=SYSTEM)
    assert tally_shown(before) == []
    assert [n.kind for n in before][-1] == "PollClosed"
    assert not [r for r in caplog.records if "yes" in r.getMessage()]
    publish_poll(db, address, actor=SYSTEM)
    shown = motion_view(db, address, actor=SYSTEM)
    assert (shown.status, shown.yes, shown.no, shown.abstain, shown.resolution) == (
        "adopted", 4, 1, 1, 1,
    )  # fmt: skip
    assert shown.poll is not None
    assert shown.poll.state == "published"
    assert (shown.poll.closed_at, shown.poll.base, shown.poll.needed) == (
        result.closed_at, "cast", 3,
    )  # fmt: skip
    published = notices_after(db, start, actor=SYSTEM)[-1]
    assert published.kind == "VoteClosed"
    assert (published.fields["yes"], published.fields["published_at"]) == (
        4, shown.poll.published_at,
    )  # fmt: skip
    with pytest.raises(Conflict, match="is published: its results were published by the chair"):
        publish_poll(db, address, actor=SYSTEM)
    assert journal_service.verify(db, actor=SYSTEM).is_intact


def test_a_withheld_counted_vote_keeps_the_chairs_numbers_out_of_every_notice(
    withheld_db: Database,
) -> None:
    db = withheld_db
    address = motion(db, sitting(db), "land")
    start = head(db)
    open_vote(db, address, "counted", actor=SYSTEM)
    close_vote(db, address, counts=Tally(2, 3, 1), actor=SYSTEM)
    assert tally_shown(notices_after(db, start, actor=SYSTEM)) == []
    assert motion_view(db, address, actor=SYSTEM).yes is None
    tail = journal_service.tail(db, 1, actor=SYSTEM)[0]
    assert json.loads(tail.payload)["counts"] == [2, 3, 1]  # the operator's journal keeps them
    result = publish_poll(db, address, actor=SYSTEM)
    assert (result.tally, result.is_adopted) == (Tally(2, 3, 1), False)
    assert motion_view(db, address, actor=SYSTEM).status == "rejected"


def test_invalid_transitions_are_refused_with_the_polls_state(withheld_db: Database) -> None:
    db = withheld_db
    session = sitting(db)
    address = motion(db, session, "peace")
    with pytest.raises(RuleViolation, match="'petrograd-soviet/peace' is created: it has not"):
        publish_poll(db, address, actor=SYSTEM)
    with pytest.raises(RuleViolation, match="'petrograd-soviet/peace' is created: it has not") \
            as closing:  # fmt: skip
        close_vote(db, address, actor=SYSTEM)
    assert closing.value.code == "poll_not_open"
    assert poll_view(db, address, actor=SYSTEM).state == "created"
    open_vote(db, address, actor=SYSTEM)
    with pytest.raises(RuleViolation, match="is open: close it before publishing"):
        publish_poll(db, address, actor=SYSTEM)
    with pytest.raises(RuleViolation, match="has already been put to the vote"):
        open_vote(db, address, actor=SYSTEM)
    close_vote(db, address, actor=SYSTEM)
    publish_poll(db, address, actor=SYSTEM)
    with pytest.raises(Conflict, match="is published"):
        publish_poll(db, address, actor=SYSTEM)


def test_results_shown_at_the_close_are_published_with_it(plenary_db: Database) -> None:
    db = plenary_db
    address = motion(db, sitting(db), "peace")
    open_vote(db, address, actor=SYSTEM)
    close_vote(db, address, actor=SYSTEM)
    with pytest.raises(Conflict, match="its results were published at its close"):
        publish_poll(db, address, actor=SYSTEM)


def test_a_practice_poll_is_kept_out_of_the_record(plenary_db: Database) -> None:
    db = plenary_db
    session = sitting(db)
    address = motion(db, session, "rehearsal")
    open_vote(db, address, "secret", practice=True, actor=SYSTEM)
    for person in SOVIET:
        cast_vote(db, address, person, "yes", actor=SYSTEM)
    result = close_vote(db, address, actor=SYSTEM)
    assert (result.tally.yes, result.resolution) == (6, None)
    assert result.reason.startswith("practice poll, kept out of the record: adopted")
    shown = motion_view(db, address, actor=SYSTEM)
    assert (shown.status, shown.is_adopted, shown.resolution) == ("practice", None, None)
    assert shown.poll is not None
    assert shown.poll.is_practice
    assert resolutions(db, "petrograd-soviet", actor=SYSTEM).items == ()
    real = motion(db, session, "peace")
    amendment = motion(db, session, "peace-now", amends=real.split("/")[1])
    with pytest.raises(InvalidInput, match="^practice: 'petrograd-soviet/peace-now' is an amend"):
        open_vote(db, amendment, practice=True, actor=SYSTEM)
    assert journal_service.verify(db, actor=SYSTEM).is_intact


def test_the_statute_names_the_field_of_an_unknown_results_rule(plenary_db: Database) -> None:
    document = statute(**SOVIET_RULES, results="never")
    with pytest.raises(InvalidInput) as refused:
        apply_statute(plenary_db, document, effective_at=MARCH, actor=SYSTEM)
    assert "petrograd-soviet.sessions.results: must be one of at-close, on-publication, got str " \
        "'never'" in str(refused.value)  # fmt: skip
