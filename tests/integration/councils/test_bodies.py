"""Bodies formed from councils: a ward soviet, an executive, a congress; the 1917 lag."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
import yaml

from soviet.domain.events.registers import CandidateListsSet, ElectorateCounted, PartyList
from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.journal import format_time
from soviet.errors import Forbidden, NotFound, RuleViolation
from soviet.services import bodies, context
from soviet.services import journal as journal_service
from soviet.services.composition import composition
from soviet.services.elections import close_election, enter_counts, open_election
from soviet.services.formation import co_opt, convene, designate, drift
from soviet.services.parties import (
    join_party,
    register_party,
    register_persons,
    set_candidate_list,
)
from soviet.services.registers import ConstituencySpec, admit_constituencies, count_electorate
from soviet.services.statutes import apply_statute
from soviet.services.unit_of_work import perform
from soviet.store import bodies as stored
from soviet.store import schema
from soviet.store.database import Database

from .federation import BODIES, STATUTE, elect

MARCH = datetime(1917, 3, 6, tzinfo=UTC)
JUNE = datetime(1917, 6, 16, tzinfo=UTC)
SEPTEMBER = datetime(1917, 9, 20, tzinfo=UTC)


@pytest.fixture
def system(federation_db: Database) -> Database:
    apply_statute(federation_db, yaml.safe_load(BODIES), effective_at=MARCH, actor=SYSTEM)
    elect(federation_db)  # closes on 1917-03-05: Putilov 4 Bolsheviks 1 Menshevik, Volynsky 1 SR
    return federation_db


def people(db: Database, council: str, **kwargs: object) -> list[tuple[str, str | None]]:
    shown = composition(db, council, actor=SYSTEM, **kwargs)  # type: ignore[arg-type]
    return [(m.person, m.party) for m in shown.members]


def b4_first(db: Database) -> None:
    """The Bolsheviks name b4 first to the executive, before b2 and b1 (b3 drops out)."""
    designate(
        db, "petrograd-executive", "bolsheviks", ["b4", "b2", "b1"], actor=account_actor("lenin")
    )


def test_continuous_bodies_follow_the_council_at_once(system: Database) -> None:
    assert people(system, "narva-soviet") == [
        ("b1", "bolsheviks"),
        ("b2", "bolsheviks"),
        ("b3", "bolsheviks"),
        ("b4", "bolsheviks"),
        ("m1", "mensheviks"),
    ]
    assert people(system, "petrograd-executive") == [
        ("b1", "bolsheviks"),
        ("b2", "bolsheviks"),
        ("b3", "bolsheviks"),
    ]
    register_persons(system, [("shlyapnikov", "Shlyapnikov")], actor=SYSTEM)
    co_opt(system, "petrograd-executive", "unions", ["shlyapnikov"], actor=SYSTEM)
    b4_first(system)
    shown = composition(system, "petrograd-executive", actor=SYSTEM)
    assert [(m.person, m.party) for m in shown.members] == [
        ("b4", "bolsheviks"),
        ("b2", "bolsheviks"),
        ("b1", "bolsheviks"),
        ("shlyapnikov", None),
    ]
    assert shown.fractions == {"bolsheviks": 3}
    assert journal_service.verify(system, actor=SYSTEM).is_intact


def test_a_refresh_journals_seats_without_looking_up_what_the_act_has_read(
    system: Database,
) -> None:
    """The entry of a refresh names its body, its federation and the persons seated by
    slug. The act has read their ids on its way (the designation lists, the council's
    fractions): the entry's projection does not ask for them again, a round trip each. On
    PostgreSQL the seats it ends and begins are written by one statement."""
    lookups: list[str] = []
    seats_written: list[str] = []

    def note(conn: object, cursor: object, statement: str, *args: object) -> None:
        flat = " ".join(statement.split())
        if flat.startswith(("UPDATE mandates", "INSERT INTO mandates", "WITH ended")):
            seats_written.append(flat)
        if flat.startswith(
            (
                "SELECT persons.slug, persons.id FROM persons WHERE",
                "SELECT councils.id FROM councils WHERE",
                "SELECT federations.id FROM federations WHERE",
            )
        ):
            lookups.append(flat)

    people(system, "petrograd-executive")  # as a running process has read its councils
    sa.event.listen(system.engine, "before_cursor_execute", note)
    try:
        b4_first(system)
    finally:
        sa.event.remove(system.engine, "before_cursor_execute", note)
    # The seat ended and the seat begun: one statement on PostgreSQL, two on SQLite.
    assert len(seats_written) == (1 if system.target.engine == "postgresql" else 2)
    # Only the list's own entry, the first to name its persons, looks them up.
    assert len(lookups) == 1
    assert lookups[0].startswith("SELECT persons.slug, persons.id FROM persons WHERE")
    assert people(system, "petrograd-executive")[0] == ("b4", "bolsheviks")  # b4 seated
    assert journal_service.verify(system, actor=SYSTEM).is_intact


def test_the_1917_lag_an_executive_formed_in_june_remains_the_same(system: Database) -> None:
    convene(system, "cec", convened_at=JUNE, actor=SYSTEM)
    june = composition(system, "cec", actor=SYSTEM)
    assert june.fractions == {"bolsheviks": 4, "mensheviks": 1, "sr": 1}
    assert [d.seats_off for d in drift(system, "cec", actor=SYSTEM)] == [0]
    # September: the regiment re-elects, and the SR delegate gives way to a Bolshevik.
    election = open_election(system, "petrograd-soviet", constituency="volynsky", actor=SYSTEM)
    enter_counts(
        system, election, [("volynsky", "bolsheviks", 3000), ("volynsky", "sr", 900)], actor=SYSTEM
    )
    close_election(system, election, closed_at=SEPTEMBER, actor=SYSTEM)
    assert composition(system, "petrograd-soviet", actor=SYSTEM).fractions == {
        "bolsheviks": 5,
        "mensheviks": 1,
    }
    assert (
        composition(system, "cec", actor=SYSTEM).fractions == june.fractions
    )  # "remained the same"
    (lagging,) = drift(system, "cec", actor=SYSTEM)
    assert (lagging.seats_off, lagging.reference) == (1, "the body formed now")
    assert lagging.gallagher > 0
    before = drift(system, "cec", as_of=datetime(1917, 9, 1, tzinfo=UTC), actor=SYSTEM)
    assert [d.seats_off for d in before] == [0]  # drift over time: none before September
    assert convene(system, "cec", actor=SYSTEM) is True
    assert composition(system, "cec", actor=SYSTEM).fractions == {"bolsheviks": 5, "mensheviks": 1}
    assert [d.seats_off for d in drift(system, "cec", actor=SYSTEM)] == [0]
    assert journal_service.verify(system, actor=SYSTEM).is_intact


def test_only_formed_bodies_are_convened(system: Database) -> None:
    with pytest.raises(RuleViolation, match="^council 'petrograd-soviet' is elected"):
        convene(system, "petrograd-soviet", actor=SYSTEM)


def test_a_section_is_the_council_s_delegates_of_its_kinds(system: Database) -> None:
    workers = composition(system, "petrograd-soviet", section="workers", actor=SYSTEM)
    soldiers = composition(system, "petrograd-soviet", section="soldiers", actor=SYSTEM)
    assert (workers.council, workers.seats, workers.fractions) == (
        "petrograd-soviet/workers",
        5,
        {"bolsheviks": 4, "mensheviks": 1},
    )
    assert (soldiers.seats, [m.person for m in soldiers.members]) == (1, ["s1"])
    with pytest.raises(NotFound, match="^council 'petrograd-soviet' has no section 'sailors'"):
        composition(system, "petrograd-soviet", section="sailors", actor=SYSTEM)


PARTY = """
  bolshevik-conference:
    name: Bolshevik party conference
    delegates: {factory: {fixed: 2}, regiment: {fixed: 1}}
    election: {method: dhondt}
  bolshevik-cc:
    name: Bolshevik Central Committee
    executive: {of: bolshevik-conference, seats: 2, method: dhondt}
"""


def test_a_party_s_powers_pass_to_the_committee_its_conference_elects(
    federation_db: Database,
) -> None:
    apply_statute(federation_db, yaml.safe_load(STATUTE + PARTY), effective_at=MARCH, actor=SYSTEM)
    register_party(
        federation_db,
        "b-org",
        name="Bolshevik branches",
        programme="The branches' own party.",
        committee=[],
        committee_body="bolshevik-cc",
        actor=SYSTEM,
    )
    admit_constituencies(
        federation_db,
        [
            ConstituencySpec(f"{w}-branch", w, "factory", "bolshevik-conference", 100)
            for w in ("vyborg", "narva")
        ],
        actor=SYSTEM,
    )
    set_candidate_list(
        federation_db,
        "bolsheviks",
        "bolshevik-conference",
        ["b1", "b2", "b3", "b4"],
        actor=account_actor("lenin"),
    )
    # Nobody holds the committee's powers before the conference has elected it.
    with pytest.raises(
        Forbidden,
        match=r"^b1 may not admit members to the party \(party 'b-org'\) in 'petrograd-1917'",
    ):
        join_party(federation_db, "b-org", ["b5"], actor=account_actor("b1"))
    # The branches elect the conference; the conference's executive is the committee ...
    election = open_election(federation_db, "bolshevik-conference", actor=SYSTEM)
    enter_counts(
        federation_db,
        election,
        [("vyborg-branch", "bolsheviks", 10), ("narva-branch", "bolsheviks", 5)],
        actor=SYSTEM,
    )
    close_election(federation_db, election, actor=SYSTEM)
    assert [m.person for m in composition(federation_db, "bolshevik-cc", actor=SYSTEM).members] == [
        "b1",
        "b2",
    ]
    # ... and its members now hold the party's powers, as long as they sit in it.
    join_party(federation_db, "b-org", ["b5"], actor=account_actor("b1"))
    with pytest.raises(
        Forbidden, match="^b3 may not admit members to the party \\(party 'b-org'\\)"
    ):
        join_party(federation_db, "b-org", ["b6"], actor=account_actor("b3"))
    assert journal_service.verify(federation_db, actor=SYSTEM).is_intact


def test_members_of_a_formed_body_are_recalled_where_they_were_elected(system: Database) -> None:
    from soviet.services.mandates import sign_recall

    with pytest.raises(RuleViolation) as raised:
        sign_recall(system, "petrograd-executive", "b1", "v1", actor=SYSTEM)
    assert str(raised.value) == (
        "'petrograd-executive' is formed from other councils, not elected by constituencies: "
        "its members change with petrograd-soviet"
    )


def test_a_process_remembers_the_ids_and_slugs_of_councils(system: Database) -> None:
    """A council's id and slug never change (councils are added, never renamed or
    removed): a process reads every council's at once, the first time one is missing,
    and keeps them while its statute is the same, though electorates change."""
    read: list[str] = []

    def note(conn: object, cursor: object, statement: str, *args: object) -> None:
        if " FROM councils WHERE" in " ".join(statement.split()):
            read.append(statement)

    def ids(council: str) -> tuple[int, str]:
        with context.reading(system, None, SYSTEM) as ctx:
            found = bodies.council_id(ctx, council)
            return found, bodies.council_slugs(ctx, [found])[found]

    # As a process that has not acted yet (the fixture's elections acted in this one).
    bodies._REMEMBERED.pop(system.engine, None)
    sa.event.listen(system.engine, "before_cursor_execute", note)
    try:
        first = ids("cec")
        assert len(read) == 1  # every council's id and slug, in one read
        read.clear()
        assert ids("cec") == first
        assert first[1] == "cec"
        assert ids("narva-soviet")[1] == "narva-soviet"
        assert read == []
        # An electorate counted again (the federation's electorates_seq moves): the
        # electorates are read again, the ids and slugs hold.
        count_electorate(system, "putilov", 8_000, actor=SYSTEM)
        read.clear()
        assert ids("petrograd-executive")[1] == "petrograd-executive"
    finally:
        sa.event.remove(system.engine, "before_cursor_execute", note)
    assert read == []


def test_a_process_remembers_electorates_until_an_entry_changes_one(system: Database) -> None:
    """A congress sizes its delegations by the electorates below it. A process reads them
    once and remembers them for as long as no entry has changed an electorate (the
    federation's `electorates_seq`); an act that changes one sees its own count, and what
    it read is forgotten if it is refused."""

    def seats() -> dict[str, int]:
        with context.reading(system, None, SYSTEM) as ctx:
            return bodies.delegation_seats(ctx, "cec")

    assert seats() == {"petrograd-soviet": 6}  # 9,000 voters, one delegate per 1,500
    # Remembered: a change behind the journal's back (no entry) is not read again.
    system.write(lambda c: c.execute(sa.update(schema.councils).values(electorate=30_000)))
    assert seats() == {"petrograd-soviet": 6}
    system.write(lambda c: c.execute(sa.update(schema.councils).values(electorate=9_000)))

    # An act that counts an electorate and is then refused: what it read in its own
    # transaction (its count, never committed) is not remembered, though the next entry
    # to change an electorate takes the same place in the journal.
    recorded: list[int] = []

    def refused(ctx: context.Context) -> None:
        event = ElectorateCounted("petrograd-1917", "putilov", 14_000, "1917-03-07T00:00:00Z")
        entry = ctx.record(at=datetime(1917, 3, 7, tzinfo=UTC), actor=ctx.account, event=event)
        recorded.append(entry.seq)
        assert bodies.delegation_seats(ctx, "cec") == {"petrograd-soviet": 12}  # 18,000
        raise RuleViolation("refused after reading")

    with pytest.raises(RuleViolation, match="^refused after reading$"):
        perform(system, None, SYSTEM, refused)
    counted = count_electorate(system, "putilov", 8_000, actor=SYSTEM)  # 12,000 voters
    assert counted.seq == recorded[0]
    assert seats() == {"petrograd-soviet": 8}


def test_a_process_remembers_designations_until_an_entry_changes_one(system: Database) -> None:
    """Every refresh of a body reads who its fractions named and who is co-opted to it. A
    process reads them once and remembers them for as long as no entry has changed a list
    or a co-option (the federation's `designations_seq`); an act that changes one sees its
    own, and what it read is forgotten if it is refused."""
    read: list[str] = []

    def note(conn: object, cursor: object, statement: str, *args: object) -> None:
        flat = " ".join(statement.split())
        if flat.startswith("SELECT") and (
            " FROM candidates " in flat or " FROM co_options " in flat
        ):
            read.append(flat)

    moment = format_time(SEPTEMBER)

    def executive() -> list[str]:
        with context.reading(system, None, SYSTEM) as ctx:
            return [h.person for h in bodies.formed(ctx, "petrograd-executive", moment).holders]

    lenin = account_actor("lenin")
    b4_first(system)
    assert executive() == ["b4", "b2", "b1"]
    sa.event.listen(system.engine, "before_cursor_execute", note)
    try:
        assert executive() == ["b4", "b2", "b1"]
        assert read == []  # remembered: neither the lists nor the co-options read again
        # Remembered: a change behind the journal's back (no entry) is not read again.
        executive_id = sa.select(schema.councils.c.id).where(
            schema.councils.c.slug == "petrograd-executive"
        )
        listed = schema.candidates.c.council_id == executive_id.scalar_subquery()
        system.write(lambda c: c.execute(sa.delete(schema.candidates).where(listed)))
        assert executive() == ["b4", "b2", "b1"]
        assert read == []
        # An entry that sets a list: read again, by the act itself and after it.
        designate(system, "petrograd-executive", "bolsheviks", ["b1", "b4", "b2"], actor=lenin)
        assert read
        read.clear()
        assert executive() == ["b1", "b4", "b2"]
        assert len(read) == 2  # the lists and the co-options, once
        read.clear()
        assert executive() == ["b1", "b4", "b2"]
        assert read == []
        register_persons(system, [("shlyapnikov", "Shlyapnikov")], actor=SYSTEM)
        co_opt(system, "petrograd-executive", "unions", ["shlyapnikov"], actor=SYSTEM)
        assert executive() == ["b1", "b4", "b2", "shlyapnikov"]
    finally:
        sa.event.remove(system.engine, "before_cursor_execute", note)

    # An act that sets a list and is then refused: what it read in its own transaction
    # (its list, never committed) is not remembered, though the next entry to set a list
    # takes the same place in the journal.
    recorded: list[int] = []

    def refused(ctx: context.Context) -> None:
        listed = PartyList("bolsheviks", "petrograd-executive", None, ("b2", "b1", "b4"))
        event = CandidateListsSet("petrograd-1917", (listed,))
        entry = ctx.record(at=SEPTEMBER, actor=ctx.account, event=event)
        recorded.append(entry.seq)
        found = bodies.formed(ctx, "petrograd-executive", moment).holders
        assert [h.person for h in found] == ["b2", "b1", "b4", "shlyapnikov"]
        raise RuleViolation("refused after reading")

    with pytest.raises(RuleViolation, match="^refused after reading$"):
        perform(system, None, SYSTEM, refused)
    assert executive() == ["b1", "b4", "b2", "shlyapnikov"]
    entry = designate(system, "petrograd-executive", "bolsheviks", ["b4", "b1", "b2"], actor=lenin)
    assert entry.seq == recorded[0]
    assert executive() == ["b4", "b1", "b2", "shlyapnikov"]
    assert journal_service.verify(system, actor=SYSTEM).is_intact


def test_a_formed_body_s_fractions_are_read_as_any_council_s(system: Database) -> None:
    """The seats of a congress or an executive belong to no constituency: their fractions
    are read without them (on PostgreSQL, each party's delegates gathered in order of
    seniority, not every seat ranked), and give what the reading of any council gives."""
    convene(system, "cec", convened_at=JUNE, actor=SYSTEM)
    moment = format_time(SEPTEMBER)
    with context.reading(system, None, SYSTEM) as ctx:
        cec = bodies.council_id(ctx, "cec")
        for depth in (1, 2, 3, 5, 10):
            formed = stored.fractions(
                ctx.connection, ctx.federation.id, cec, moment, depth, by_constituency=False
            )
            assert formed == stored.fractions(ctx.connection, ctx.federation.id, cec, moment, depth)
            sizes, seniors = formed
            assert sorted(sizes.values()) == [1, 1, 4]
            assert all(len(people) == min(depth, sizes[party]) for party, people in seniors.items())
