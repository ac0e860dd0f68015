"""The check-in desk through the services, on both engines: badges given in a stable order
and one by one, check-in and check-out by number as the attendance act, refusals naming
every number and changing nothing, the audit trail of who checked whom in, the board's
counts against the session's own reads, and verify rebuilding it all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Connection

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.ids import format_id
from soviet.domain.views import to_json
from soviet.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.desk import assign_badge, assign_badges, check_in_badges, check_out_badges
from soviet.services.desk_board import badges_view, desk_view
from soviet.services.formation import convene as form
from soviet.services.mandates import end_mandate
from soviet.services.plenary import session_view
from soviet.services.sessions import check_in, close_session, convene, walk_out
from soviet.services.statutes import apply_statute
from soviet.store.database import Database
from soviet.store.schema import attendance_log

from ...conftest import unlock_journal
from .plenary import found_plenary, statute

DESK = account_actor("desk-1")
COUNCIL = "petrograd-soviet"
# By delegation, fraction and name: Putilov's Bolsheviks, its Menshevik, Volynsky's SR.
NUMBERS = {"b1": 1, "b2": 2, "b3": 3, "b4": 4, "m1": 5, "s1": 6}


@pytest.fixture
def desk_db(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    found_plenary(db)
    document = statute()
    document["councils"][COUNCIL]["check_in_desk"] = ["desk-1"]
    apply_statute(db, document, effective_at=datetime(1917, 3, 8, tzinfo=UTC), actor=SYSTEM)
    assign_badges(db, COUNCIL, actor=DESK)
    yield db
    db.dispose()


def head(db: Database) -> str:
    return journal_service.tail(db, 1, actor=SYSTEM)[-1].hash


def board(db: Database, session: int) -> dict[str, Any]:
    shown: dict[str, Any] = to_json(desk_view(db, session, actor=DESK))
    return shown


def test_badges_are_given_by_delegation_fraction_and_name_and_one_by_one(
    desk_db: Database,
) -> None:
    lines = badges_view(desk_db, COUNCIL, actor=SYSTEM).items
    assert {line.person: line.number for line in lines} == NUMBERS
    assert to_json(lines[0]) == {
        "number": 1,
        "person": "b1",
        "delegation": "putilov",
        "fraction": "bolsheviks",
        "seated": True,
    }
    with pytest.raises(RuleViolation, match=r"^every delegate holding a mandate in "):
        assign_badges(desk_db, COUNCIL, actor=DESK)
    with pytest.raises(Conflict, match=r"^number 3 is worn by b3 in 'petrograd-soviet'$"):
        assign_badge(desk_db, COUNCIL, "b5", 3, actor=DESK)
    with pytest.raises(RuleViolation, match=r"^b1 already wears number 1 in 'petrograd-soviet'$"):
        assign_badge(desk_db, COUNCIL, "b1", 1, actor=DESK)
    with pytest.raises(InvalidInput, match=r"^number: "):
        assign_badge(desk_db, COUNCIL, "b1", 0, actor=DESK)
    with pytest.raises(NotFound, match=r"^person 'nobody' is not registered$"):
        assign_badge(desk_db, COUNCIL, "nobody", 9, actor=DESK)
    with pytest.raises(Forbidden, match=r"^b1 may not assign the council's badges"):
        assign_badge(desk_db, COUNCIL, "b1", 9, actor=account_actor("b1"))
    # A lost badge: a new number, the old one free; an alternate's ahead of her seating.
    assign_badge(desk_db, COUNCIL, "b1", 40, actor=DESK)
    assign_badge(desk_db, COUNCIL, "b5", 1, actor=DESK)
    lines = badges_view(desk_db, COUNCIL, actor=SYSTEM).items
    worn = {line.person: (line.number, line.is_seated) for line in lines}
    assert worn["b1"] == (40, True)
    assert worn["b5"] == (1, False)
    assert [line.number for line in lines] == [1, 2, 3, 4, 5, 6, 40]


def test_check_in_and_out_by_number_agree_with_the_session_and_show_who_did_it(
    desk_db: Database,
) -> None:
    session = convene(desk_db, COUNCIL, ["Peace"], actor=SYSTEM)
    checked = check_in_badges(desk_db, session, [1, 2, 5], actor=DESK)
    assert checked.delegates == ((1, "b1"), (2, "b2"), (5, "m1"))
    entry = journal_service.tail(desk_db, 1, actor=SYSTEM)[-1]
    assert (entry.kind, entry.actor, entry.seq) == ("AttendanceCheckedIn", "desk-1", checked.entry)
    shown = board(desk_db, session)
    assert (shown["present"], shown["entitled"], shown["consultative"]) == (3, 6, 0)
    assert shown["fractions"] == [
        {"name": "bolsheviks", "present": 2, "entitled": 4},
        {"name": "mensheviks", "present": 1, "entitled": 1},
        {"name": "sr", "present": 0, "entitled": 1},
    ]
    assert shown["delegations"] == [
        {"name": "putilov", "present": 3, "entitled": 5},
        {"name": "volynsky", "present": 0, "entitled": 1},
    ]
    plenary = to_json(session_view(desk_db, session, actor=SYSTEM))
    assert (
        shown["quorum"]
        == plenary["quorum"]
        == {
            "present": 3,
            "needed": 4,
            "seats": 6,
            "quorate": False,
        }
    )
    present = {f["name"]: f["present"] for f in shown["fractions"] if f["present"]}
    assert present == plenary["attending"]
    check_out_badges(desk_db, session, [2], actor=SYSTEM)
    check_in(desk_db, session, ["s1"], actor=account_actor("s1"))
    recent = board(desk_db, session)["recent"]
    assert [(r["number"], r["person"], r["change"], r["by"]) for r in recent] == [
        (6, "s1", "in", "s1"),
        (2, "b2", "out", "system"),
        (1, "b1", "in", "desk-1"),
        (2, "b2", "in", "desk-1"),
        (5, "m1", "in", "desk-1"),
    ]
    assert board(desk_db, session)["present"] == 3
    walk_out(desk_db, session, "mensheviks", actor=account_actor("martov"))
    assert board(desk_db, session)["recent"][0]["change"] == "walk-out"
    assert journal_service.verify(desk_db, actor=SYSTEM, remember=False).is_intact


def test_refusals_name_every_number_and_change_nothing(desk_db: Database) -> None:
    session = convene(desk_db, COUNCIL, ["Peace"], actor=SYSTEM)
    check_in_badges(desk_db, session, [1], actor=DESK)
    walk_out(desk_db, session, "bolsheviks", actor=account_actor("lenin"))
    end_mandate(desk_db, COUNCIL, "m1", cause="resignation", actor=SYSTEM)
    before = head(desk_db)
    sid = format_id(session)
    with pytest.raises(RuleViolation) as refused:
        check_in_badges(desk_db, session, [77, 5, 2, 6], actor=DESK)
    message = refused.value.message
    assert message.startswith(
        "number 77: no delegate of 'petrograd-soviet' wears it; "
        "number 5 (m1): holds no mandate in 'petrograd-soviet' at "
    )
    assert ": her mandate ended at " in message
    assert message.endswith(
        f"; number 2 (b2): her fraction 'bolsheviks' walked out of session {sid}; "
        "it returns as a whole"
    )
    assert refused.value.code == "mandate_ended"
    assert [p.path for p in refused.value.problems] == ["numbers[0]", "numbers[1]", "numbers[2]"]
    check_in_badges(desk_db, session, [6], actor=DESK)
    with pytest.raises(
        RuleViolation, match=rf"^number 6 \(s1\): already present in session {sid}$"
    ):
        check_in_badges(desk_db, session, [6], actor=DESK)
    with pytest.raises(NotFound, match=r"^number 77: no delegate of 'petrograd-soviet' wears it$"):
        check_out_badges(desk_db, session, [77], actor=DESK)
    with pytest.raises(RuleViolation, match=rf"^number 3 \(b3\): not present in session {sid}$"):
        check_out_badges(desk_db, session, [6, 3], actor=DESK)
    with pytest.raises(InvalidInput, match=r"^numbers: 6 given more than once$"):
        check_in_badges(desk_db, session, [6, 4, 6], actor=DESK)
    with pytest.raises(InvalidInput, match=r"^numbers: name at least one badge number$"):
        check_in_badges(desk_db, session, [], actor=DESK)
    with pytest.raises(InvalidInput, match=r"^numbers\[1\]: "):
        check_in_badges(desk_db, session, [6, 1_000_000], actor=DESK)
    with pytest.raises(Forbidden, match=r"^s1 may not check delegates in and out by badge"):
        check_in_badges(desk_db, session, [6], actor=account_actor("s1"))
    with pytest.raises(Forbidden, match=r"^s1 may not read the check-in desk's board"):
        desk_view(desk_db, session, actor=account_actor("s1"))
    assert head(desk_db) != before  # the one check-in of number 6 went through
    after = head(desk_db)
    close_session(desk_db, session, actor=SYSTEM)
    with pytest.raises(
        RuleViolation,
        match=rf"^session {sid} was closed at [^:]+:\d\d:[^:]+: numbers 3, 4 not taken$",
    ) as closed:
        check_in_badges(desk_db, session, [3, 4], actor=DESK)
    assert closed.value.code == "poll_not_open"
    assert head(desk_db) != after  # only the close


def test_a_section_session_takes_only_the_sections_delegates(desk_db: Database) -> None:
    session = convene(desk_db, COUNCIL, ["Wages"], section="workers", actor=SYSTEM)
    with pytest.raises(RuleViolation, match=r"^number 6 \(s1\): not of the section of "):
        check_in_badges(desk_db, session, [1, 6], actor=DESK)
    check_in_badges(desk_db, session, [1, 5], actor=DESK)
    shown = board(desk_db, session)
    assert (shown["present"], shown["entitled"]) == (2, 5)
    assert shown["delegations"] == [{"name": "putilov", "present": 2, "entitled": 5}]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.booleans(), st.sets(st.integers(1, 6), min_size=1, max_size=3)),
        min_size=1,
        max_size=6,
    )
)
def test_any_sequence_of_check_ins_and_outs_keeps_the_board_equal_to_attendance(
    desk_db: Database, steps: list[tuple[bool, set[int]]]
) -> None:
    session = convene(desk_db, COUNCIL, ["Peace"], actor=SYSTEM)
    model: set[int] = set()
    for is_in, numbers in steps:
        wanted = sorted(numbers)
        acts = check_in_badges if is_in else check_out_badges
        refused = bool(numbers & model) if is_in else not numbers <= model
        try:
            acts(desk_db, session, wanted, actor=DESK)
        except RuleViolation:
            assert refused
        else:
            assert not refused
            model = model | numbers if is_in else model - numbers
        shown = board(desk_db, session)
        plenary = to_json(session_view(desk_db, session, actor=SYSTEM))
        assert shown["present"] == len(model) == plenary["quorum"]["present"]
        assert shown["present"] <= shown["entitled"] == 6
        persons = {d["person"] for d in plenary["delegates"]["items"]}
        assert persons == {p for p, n in NUMBERS.items() if n in model}


def test_the_migration_fills_the_desks_log_from_the_journal(desk_db: Database) -> None:
    session = convene(desk_db, COUNCIL, ["Peace"], actor=SYSTEM)
    check_in_badges(desk_db, session, [1, 2, 3], actor=DESK)
    check_out_badges(desk_db, session, [2], actor=DESK)
    walk_out(desk_db, session, "bolsheviks", actor=account_actor("lenin"))
    expected = board(desk_db, session)["recent"]

    def before_0012(connection: Connection) -> None:
        connection.execute(attendance_log.delete())
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0011'"))
        connection.execute(sa.text("DROP TABLE attendance_log"))
        connection.execute(sa.text("DROP TABLE badges"))
        # What the migrations after 0012 made goes too: the upgrade makes it again.
        for table in (
            "proxy_votes",
            "proxies",
            "alternate_seats",
            "recall_decryptions",
            "recall_sealed_ballots",
            "election_decryptions",
            "election_sealed_ballots",
            "tally_decryptions",
            "sealed_ballots",
            "ceremony_trustees",
            "key_ceremonies",
        ):
            connection.execute(sa.text(f"DROP TABLE {table}"))
        for column in ("ceremony_id", "closed_hash"):  # 0015's
            connection.execute(sa.text(f"ALTER TABLE motion_votes DROP COLUMN {column}"))
        connection.execute(sa.text("ALTER TABLE secret_voters DROP COLUMN receipt"))
        connection.execute(sa.text("ALTER TABLE accounts DROP COLUMN language"))  # 0016's
        connection.execute(sa.text("ALTER TABLE federations DROP COLUMN electorates_seq"))  # 0018
        connection.execute(sa.text("ALTER TABLE federations DROP COLUMN designations_seq"))  # 0019
        connection.execute(sa.text("DROP INDEX ix_mandates_delegation_held"))  # 0020
        for column in ("ceremony_id", "sealed_parties", "ballots_closed_at", "ballots_closed_hash"):
            connection.execute(sa.text(f"ALTER TABLE elections DROP COLUMN {column}"))
        for column in (
            "ceremony_id",
            "ballots_closed_at",
            "ballots_closed_hash",
            "recall_count",
            "keep_count",
        ):
            connection.execute(sa.text(f"ALTER TABLE recall_petitions DROP COLUMN {column}"))
        connection.execute(sa.text("ALTER TABLE recall_votes DROP COLUMN receipt"))
        connection.execute(sa.text("ALTER TABLE ballot_voters DROP COLUMN receipt"))
        unlock_journal(connection)  # 0014's triggers

    desk_db.write(before_0012)
    journal_service.initialise(desk_db, actor=SYSTEM)
    assign_badges(desk_db, COUNCIL, actor=DESK)
    assert board(desk_db, session)["recent"] == expected
    assert journal_service.verify(desk_db, actor=SYSTEM, remember=False).is_intact


def test_a_congress_counts_by_member_council_and_an_executive_its_consultative_members(
    desk_db: Database,
) -> None:
    form(desk_db, "cec", actor=SYSTEM)
    assign_badges(desk_db, "cec", first=500, actor=SYSTEM)
    lines = badges_view(desk_db, "cec", actor=SYSTEM).items
    assert {line.delegation for line in lines} == {"petrograd-soviet"}
    assert lines[0].number == 500
    given = assign_badges(desk_db, "petrograd-executive", actor=SYSTEM)
    session = convene(desk_db, "petrograd-executive", ["Bread"], actor=SYSTEM)
    check_in_badges(desk_db, session, [number for number, _ in given], actor=SYSTEM)
    shown = to_json(desk_view(desk_db, session, actor=SYSTEM))
    plenary = to_json(session_view(desk_db, session, actor=SYSTEM))
    assert shown["consultative"] == plenary["consultative"] == 1
    assert shown["present"] == shown["entitled"] == len(given) - 1
    assert shown["quorum"] == plenary["quorum"]
