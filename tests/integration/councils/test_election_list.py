"""`election list` as a service, and the election a recall calls, on both engines; ids in
their public form everywhere a person reads them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from soviet.domain.identity import PUBLIC, SYSTEM
from soviet.domain.ids import format_id, parse_id
from soviet.domain.views import to_json
from soviet.errors import InvalidInput, NotFound, RuleViolation
from soviet.services.elections import enter_counts, open_election
from soviet.services.mandates import sign_recall
from soviet.services.members import register_members
from soviet.services.reads import election_list, election_view
from soviet.services.registers import count_electorate
from soviet.store.database import Database

from .federation import elect
from .test_recall import SOLDIERS, amend


@pytest.fixture
def elected(federation_db: Database) -> Database:
    elect(federation_db)
    register_members(federation_db, "volynsky", SOLDIERS, actor=SYSTEM)
    count_electorate(federation_db, "volynsky", 10, actor=SYSTEM)
    return federation_db


def test_elections_are_listed_by_council_and_openness_a_page_at_a_time(
    elected: Database,
) -> None:
    march = election_list(elected, actor=PUBLIC)
    [closed] = march.items
    assert (closed.council, closed.constituency, closed.closed_at) == (
        "petrograd-soviet",
        None,
        "1917-03-05T00:00:00.000000Z",
    )
    assert march.next_cursor is None
    assert election_list(elected, is_open=True, actor=PUBLIC).items == ()
    opened = open_election(
        elected,
        "petrograd-soviet",
        constituency="putilov",
        opened_at=datetime(1917, 6, 1, tzinfo=UTC),
        actor=SYSTEM,
    )
    [still_open] = election_list(
        elected, council="petrograd-soviet", is_open=True, actor=PUBLIC
    ).items
    assert still_open.election == format_id(opened)
    assert (still_open.constituency, still_open.closed_at) == ("putilov", None)
    first = election_list(elected, limit=1, actor=PUBLIC)
    assert [e.election for e in first.items] == [closed.election]
    assert first.next_cursor is not None
    second = election_list(elected, limit=1, cursor=first.next_cursor, actor=PUBLIC)
    assert [e.election for e in second.items] == [format_id(opened)]
    assert second.next_cursor is None
    with pytest.raises(NotFound, match="^council 'duma' does not exist$"):
        election_list(elected, council="duma", actor=PUBLIC)


def test_ids_are_short_in_read_models_and_errors(elected: Database) -> None:
    [listed] = election_list(elected, actor=PUBLIC).items
    assert listed.election.isdigit()
    stored = parse_id(listed.election, "election")
    assert stored >= 1 << 24  # the stored form, kept in the journal
    shown = to_json(election_view(elected, stored, actor=PUBLIC))
    assert isinstance(shown, dict)
    assert shown["election"] == listed.election
    with pytest.raises(RuleViolation) as refused:
        enter_counts(elected, stored, [("putilov", "sr", 1)], actor=SYSTEM)
    assert refused.value.message == (
        f"election {listed.election} was closed at 1917-03-05T00:00:00.000000Z"
    )
    missing = format_id(stored + (1000 << 24))
    with pytest.raises(NotFound, match=f"^election {missing} does not exist$"):
        election_view(elected, stored + (1000 << 24), actor=PUBLIC)
    with pytest.raises(InvalidInput, match="^election: '184549376x' is not an id"):
        parse_id("184549376x", "election")


def test_a_recall_that_calls_a_fresh_election_names_it(elected: Database) -> None:
    amend(elected, recall={"basis": "electorate", "share": "1/2", "then": "fresh-election"})
    for index in range(1, 6):
        signed = sign_recall(elected, "petrograd-soviet", "s1", f"v{index}", actor=SYSTEM)
    assert (signed.is_recalled, signed.successor) == (True, None)
    assert signed.election is not None
    [fresh] = election_list(elected, is_open=True, actor=PUBLIC).items
    assert fresh.election == format_id(signed.election)
    assert (fresh.constituency, fresh.mode, fresh.closed_at) == ("volynsky", "counts", None)


def test_a_recall_while_an_election_is_open_there_names_that_one(elected: Database) -> None:
    amend(elected, recall={"basis": "electorate", "share": "1/2", "then": "fresh-election"})
    already = open_election(elected, "petrograd-soviet", constituency="volynsky", actor=SYSTEM)
    for index in range(1, 6):
        signed = sign_recall(elected, "petrograd-soviet", "s1", f"v{index}", actor=SYSTEM)
    assert (signed.is_recalled, signed.election) == (True, already)
    assert len(election_list(elected, is_open=True, actor=PUBLIC).items) == 1


def test_a_recall_that_seats_the_next_on_the_list_names_no_election(elected: Database) -> None:
    for index in range(1, 6):
        signed = sign_recall(elected, "petrograd-soviet", "s1", f"v{index}", actor=SYSTEM)
    assert (signed.successor, signed.election) == ("s2", None)
