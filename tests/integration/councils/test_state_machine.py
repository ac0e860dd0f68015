"""Random sequences of acts against a plain model of seats and lists, on both engines.

After every step: no seat has two holders and nobody holds two seats, every holder is a
member of her seat's party, every constituency sends the delegates its statute gives, the
council's members are those the model expects, every continuous body (a ward council, two
executives, a congress of the council and its ward sitting in both, a congress of that
congress) equals its formation from scratch, delegations add up to what their electorates
and fractions give, and replaying the journal rebuilds the projections exactly.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.journal import format_time
from soviet.errors import SovietError
from soviet.methods import allocate
from soviet.services import bodies, context
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.composition import composition
from soviet.services.elections import close_election, enter_counts, open_election
from soviet.services.formation import convene, drift
from soviet.services.mandates import end_mandate, replace_delegate, sign_recall, withdraw_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.parties import join_party, register_party, register_persons, set_candidate_list
from soviet.services.registers import ConstituencySpec, admit_constituencies
from soviet.services.statutes import apply_statute
from soviet.store import bodies as store_bodies
from soviet.store.database import Database

from ...conftest import drop_postgres_database, fresh_url

STATUTE = """
federation: {slug: model, name: Model federation}
constituency_kinds: {factory: {}, regiment: {}}
councils:
  soviet:
    name: Soviet
    delegates:
      factory: {per_voters: 4, rounding: nearest, minimum: 1}
      regiment: {fixed: 1}
    election: {method: dhondt}
    recall: {basis: electorate, share: 1/2, then: next-on-list}
  ward-a:
    name: Ward A soviet
    derived: {from: soviet, tags: {ward: a}}
  executive:
    name: Executive
    executive: {of: soviet, seats: 3, method: sainte-lague}
  congress:
    name: Congress
    congress:
      members: [ward-a, soviet]
      delegation: {per_voters: 6, minimum: 1}
  congress-executive:
    name: Congress executive
    executive: {of: congress, seats: 2}
  top:
    name: Congress of congresses
    congress:
      members: [congress]
      delegation: {per_voters: 10, minimum: 1}
  lagging:
    name: An executive formed only when convened
    executive: {of: soviet, seats: 2}
    refresh: on-convocation
"""
RUNS = itertools.count()
FORMED = ("ward-a", "executive", "congress", "congress-executive", "top")
PARTIES = {"a": [f"a{i}" for i in range(1, 9)], "b": [f"b{i}" for i in range(1, 9)]}
COUNCIL = "soviet"


@dataclass
class Seat:
    party: str
    person: str | None
    signed: set[str] = field(default_factory=set)


@dataclass
class Model:
    """What the council should look like: seats per constituency, in seat order."""

    electorates: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    seats: dict[str, list[Seat]] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)  # an election stays open after a tie
    declared: dict[str, int] = field(default_factory=dict)  # delegates at the last election

    def seated(self) -> set[str]:
        return {s.person for seats in self.seats.values() for s in seats if s.person}

    def next_on_list(self, party: str) -> str | None:
        taken = self.seated()
        return next((p for p in PARTIES[party] if p not in taken), None)

    def delegates(self, constituency: str) -> int:
        if self.kinds[constituency] == "regiment":
            return 1
        whole, rest = divmod(self.electorates[constituency], 4)
        return max(1, whole + (2 * rest >= 4))


def build(db: Database) -> None:
    journal_service.initialise(db, actor=SYSTEM)
    apply_statute(db, yaml.safe_load(STATUTE), actor=SYSTEM)
    register_persons(
        db, [(p, p.upper()) for people in PARTIES.values() for p in people], actor=SYSTEM
    )
    for party, people in PARTIES.items():
        register_party(
            db,
            party,
            name=party.upper(),
            programme="A programme.",
            committee=[f"cc-{party}"],
            actor=SYSTEM,
        )
        join_party(db, party, people, actor=SYSTEM)
        set_candidate_list(db, party, COUNCIL, people, actor=SYSTEM)


class Councils(RuleBasedStateMachine):
    """Drives the services; `engine` and `folder` are set by the test that runs it."""

    engine = "sqlite"
    folder = Path("/tmp")

    @initialize()
    def found(self) -> None:
        folder = self.folder / f"m{next(RUNS)}"  # ids of dead machines come back
        self.url = fresh_url(self.engine, folder)
        if self.engine == "sqlite":
            folder.mkdir(parents=True, exist_ok=True)
        self.db = open_database(self.url)
        build(self.db)
        self.model = Model()

    def teardown(self) -> None:
        if hasattr(self, "db"):
            self.db.dispose()
            if self.engine == "postgresql":
                drop_postgres_database(self.url)

    @precondition(lambda self: len(self.model.electorates) < 3)
    @rule(kind=st.sampled_from(["factory", "regiment"]), electorate=st.integers(2, 12))
    def admit(self, kind: str, electorate: int) -> None:
        slug = f"c{len(self.model.electorates) + 1}"
        ward = {"ward": "a" if len(self.model.electorates) % 2 == 0 else "b"}  # c1, c3: a
        admit_constituencies(
            self.db,
            [ConstituencySpec(slug, slug.upper(), kind, COUNCIL, electorate, ward)],
            actor=SYSTEM,
        )
        register_members(
            self.db, slug, [MemberSpec(f"{slug}-{i}", "M") for i in range(electorate)], actor=SYSTEM
        )
        self.model.electorates[slug] = electorate
        self.model.kinds[slug] = kind

    @precondition(lambda self: set(self.model.electorates) - self.model.blocked)
    @rule(data=st.data(), a=st.integers(0, 500) | st.just(0), b=st.integers(0, 500) | st.just(0))
    def elect(self, data: st.DataObject, a: int, b: int) -> None:
        open_to_vote = sorted(set(self.model.electorates) - self.model.blocked)
        slug = data.draw(st.sampled_from(open_to_vote))
        election = open_election(self.db, COUNCIL, constituency=slug, actor=SYSTEM)
        enter_counts(self.db, election, [(slug, "a", a), (slug, "b", b)], actor=SYSTEM)
        house = self.model.delegates(slug)
        try:
            expected = dict(allocate({"a": a, "b": b}, house, "dhondt")) if a + b else {}
        except SovietError:
            # A tie the statute does not break: the close is refused, the election stays open.
            with pytest.raises(SovietError, match="cannot close: tie"):
                close_election(self.db, election, actor=SYSTEM)
            self.model.blocked.add(slug)
            return
        close_election(self.db, election, actor=SYSTEM)
        self.model.seats.pop(slug, None)
        seats: list[Seat] = []
        for party in sorted(expected):
            for _ in range(expected[party]):
                taken = self.model.seated() | {s.person for s in seats if s.person}
                person = next((p for p in PARTIES[party] if p not in taken), None)
                seats.append(Seat(party, person))
        self.model.seats[slug] = seats
        self.model.declared[slug] = house

    def _filled(self) -> list[tuple[str, int, Seat]]:
        return [
            (slug, number, seat)
            for slug, seats in sorted(self.model.seats.items())
            for number, seat in enumerate(seats, start=1)
            if seat.person
        ]

    @precondition(lambda self: any(s.person for seats in self.model.seats.values() for s in seats))
    @rule(data=st.data())
    def sign(self, data: st.DataObject) -> None:
        slug, _, seat = data.draw(st.sampled_from(self._filled()))
        signer = data.draw(
            st.sampled_from([f"{slug}-{i}" for i in range(self.model.electorates[slug])])
        )
        if signer in seat.signed:
            return
        result = sign_recall(self.db, COUNCIL, seat.person, signer, actor=SYSTEM)  # type: ignore[arg-type]
        seat.signed.add(signer)
        needed = -(-self.model.electorates[slug] // 2)
        assert result.threshold == needed
        if len(seat.signed) >= needed:
            seat.person = self.model.next_on_list(seat.party)
            seat.signed = set()
            assert result.successor == seat.person

    @precondition(lambda self: any(s.signed for seats in self.model.seats.values() for s in seats))
    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        candidates = [(slug, s) for slug, _, s in self._filled() if s.signed]
        _slug, seat = data.draw(st.sampled_from(candidates))
        signer = data.draw(st.sampled_from(sorted(seat.signed)))
        withdraw_recall(self.db, COUNCIL, seat.person, signer, actor=SYSTEM)  # type: ignore[arg-type]
        seat.signed.discard(signer)

    @precondition(lambda self: any(s.person for seats in self.model.seats.values() for s in seats))
    @rule(data=st.data(), resign=st.booleans())
    def replace_or_resign(self, data: st.DataObject, resign: bool) -> None:
        _, _, seat = data.draw(st.sampled_from(self._filled()))
        person = seat.person
        assert person is not None
        if resign:
            end_mandate(self.db, COUNCIL, person, cause="resignation", actor=SYSTEM)
            seat.person = self.model.next_on_list(seat.party)
        else:
            free = [p for p in PARTIES[seat.party] if p not in self.model.seated()]
            if not free:
                return
            taker = data.draw(st.sampled_from(free))
            replace_delegate(
                self.db, COUNCIL, person, taker, actor=account_actor(f"cc-{seat.party}")
            )
            seat.person = taker
        seat.signed = set()

    @invariant()
    def council_is_as_modelled(self) -> None:
        if not hasattr(self, "db"):
            return
        shown = composition(self.db, COUNCIL, actor=SYSTEM)
        actual = [(m.constituency, m.seat, m.party, m.person) for m in shown.members]
        expected = [(slug, n, s.party, s.person) for slug, n, s in self._filled()]
        assert actual == expected
        people = [m.person for m in shown.members]
        assert len(people) == len(set(people))
        for member in shown.members:
            assert member.person in PARTIES[member.party]
        for slug, seats in self.model.seats.items():
            assert len(seats) in (0, self.model.declared[slug])  # none when nobody voted
        assert shown.seats == sum(self.model.declared.values())

    @invariant()
    def continuous_bodies_equal_their_recomputation(self) -> None:
        if not hasattr(self, "db"):
            return
        now = format_time(datetime.now(UTC))
        with self.db.read() as connection:
            ctx = context.load(connection, self.db, None, "system")
            ids = store_bodies.council_ids(connection, ctx.federation.id)
            for body in FORMED:
                formed = {
                    (h.person, h.party, h.constituency, h.seat, h.delegation)
                    for h in bodies.formed(ctx, body, now).holders
                }
                held = store_bodies.members_at(connection, ids[body], now)
                assert {
                    (s.person, s.party, s.constituency, s.seat, s.delegation) for s in held
                } == (formed), body
                people = [s.person for s in held]
                assert len(people) == len(set(people)), body
            # The top congress has one member: its delegation is the apportioned number,
            # short only where a fraction has fewer delegates than seats.
            rule = ctx.statute.councils["top"].body
            assert rule is not None
            assert rule.delegation is not None
            below = Counter(
                s.party for s in store_bodies.members_at(connection, ids["congress"], now)
            )
            seats = rule.delegation.seats_for(bodies.electorate(ctx, "congress")) if below else 0
            shares = (
                allocate(dict(below), seats, rule.method, ties="lot", seed=bodies.lot_seed("top"))
                if below
                else {}
            )
            sent = Counter(s.party for s in store_bodies.members_at(connection, ids["top"], now))
            assert sum(sent.values()) == sum(min(n, below[p]) for p, n in shares.items())
        ward = {m.person for m in composition(self.db, "ward-a", actor=SYSTEM).members}
        assert ward == {
            m.person
            for m in composition(self.db, COUNCIL, actor=SYSTEM).members
            if int(m.constituency[1:]) % 2 == 1  # type: ignore[index]
        }

    @rule()
    def convene_the_lagging_executive(self) -> None:
        convene(self.db, "lagging", actor=SYSTEM)

    @invariant()
    def measured_drift_is_the_drift_now(self) -> None:
        if not hasattr(self, "db"):
            return
        now = datetime.now(UTC)
        with self.db.read() as connection:
            ctx = context.load(connection, self.db, None, "system")
            live = {
                slug: bodies.drift_of(ctx, slug, format_time(now)) for slug in ctx.statute.councils
            }
            measured = bodies.measured_drifts(ctx, format_time(now))
        assert set(measured) <= set(live)
        for slug, found in measured.items():
            assert (found.seats_off, found.gallagher) == (
                live[slug].seats_off,
                live[slug].gallagher,
            ), slug
        assert {d.council: d for d in drift(self.db, as_of=now, actor=SYSTEM)} == live

    @invariant()
    def journal_rebuilds_the_projections(self) -> None:
        if hasattr(self, "db"):
            report = journal_service.verify(self.db, actor=SYSTEM)
            assert report.is_intact, (report.problem, report.differences)


@pytest.fixture(params=["sqlite", "postgresql"])
def machine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[type[Councils]]:
    if request.param == "postgresql":
        from ...conftest import postgres_admin_url

        postgres_admin_url()  # skip (or fail under CI) without a server

    class Machine(Councils):
        engine = request.param
        folder = tmp_path

    return Machine


def test_random_acts_keep_the_council_as_the_model_says(machine: type[Councils]) -> None:
    examples = 6 if machine.engine == "sqlite" else 3
    run = settings(
        max_examples=examples,
        stateful_step_count=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )(machine).TestCase
    run().runTest()
