"""Random sessions, motions (commissions of random sizes among them), votes (practice
polls among them) and mandates ending meanwhile, under a statute that shows results at
the close or withholds them until the chair publishes them, on both engines: every open
vote can be closed, at every step.

After every step, closing each open vote is tried in a transaction that is then rolled
back: it must decide the motion, never refuse. A session with no vote open closes; one
with a vote open refuses to. A commission with more seats than the council has voting
delegates in fractions is refused when moved; one that no longer fits when its vote
closes is adopted and recorded as not carried out. A successor checked in while a poll is
open is not in its register: her ballot is refused `not_entitled`. A poll closed with its
results withheld shows no tally until it is published; publishing an open poll, or one
published already, is refused.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from soviet.domain.identity import SYSTEM
from soviet.domain.journal import format_time
from soviet.domain.sessions import Tally
from soviet.errors import Conflict, RuleViolation, SovietError
from soviet.services import context, poll_results, votes
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.composition import composition
from soviet.services.journal import utc_now
from soviet.services.mandates import end_mandate
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.parties import decline_candidacy
from soviet.services.plenary import motion_view
from soviet.services.resolutions import CommissionSpec, resolution_view
from soviet.services.sessions import check_in, close_session, convene
from soviet.services.unit_of_work import perform
from soviet.store import motions as store_motions
from soviet.store.database import Database

from ...conftest import drop_postgres_database, fresh_url
from .plenary import found_plenary

RUNS = itertools.count()
COUNCIL = "petrograd-soviet"
CANDIDATES = {"sr": ["s2", "s3"], "mensheviks": ["m2", "m3"], "bolsheviks": ["b5", "b6"]}


class _Probed(Exception):
    """Carries a probe's result out of the transaction it rolls back."""

    def __init__(self, result: votes.Result) -> None:
        super().__init__(result.motion)
        self.result = result


class Plenary(RuleBasedStateMachine):
    """Drives the services; `engine` and `folder` are set by the test that runs it."""

    engine = "sqlite"
    folder = Path("/tmp")

    @initialize(withheld=st.booleans())
    def found(self, withheld: bool) -> None:
        folder = self.folder / f"v{next(RUNS)}"
        self.url = fresh_url(self.engine, folder)
        if self.engine == "sqlite":
            folder.mkdir(parents=True, exist_ok=True)
        self.db: Database = open_database(self.url)
        results = "on-publication" if withheld else "at-close"
        found_plenary(self.db, quorum="majority", results=results)
        self.session: int | None = None
        self.convene_and_check_in()  # a session sits from the start: fewer steps to a vote
        self.waiting: list[str] = []  # the motions of this session not yet put to the vote
        self.voting: tuple[str, str] | None = None  # the motion put to the vote, and how
        self.register: set[str] = set()  # who was entitled in it at its opening
        self.unpublished: list[str] = []  # polls closed with their results withheld
        self.slugs = itertools.count(1)
        self.resolutions = 0
        self.ended = 0

    def teardown(self) -> None:
        if hasattr(self, "db"):
            self.db.dispose()
            if self.engine == "postgresql":
                drop_postgres_database(self.url)

    def _holders(self) -> list[tuple[str, str | None]]:
        shown = composition(self.db, COUNCIL, actor=SYSTEM)
        return [(m.person, m.party) for m in shown.members]

    def _open_vote(self) -> store_motions.Motion | None:
        if self.session is None:
            return None
        with self.db.read() as connection:
            return store_motions.open_vote_in(connection, self.session)

    @precondition(lambda self: self.session is None)
    @rule()
    def convene_and_check_in(self) -> None:
        self.session = convene(self.db, COUNCIL, ["Peace"], actor=SYSTEM)
        self.moved_here = 0
        self.waiting = []
        check_in(self.db, self.session, [p for p, _ in self._holders()], actor=SYSTEM)

    @precondition(lambda self: self.session is not None)
    @rule(
        data=st.data(),
        seats=st.integers(1, 9),
        effect=st.sampled_from(["seats", "none", "seats", "members", "annuls", "instructs"]),
        commission=st.sampled_from(["mrc", "supply"]),
    )
    def move(self, data: st.DataObject, seats: int, effect: str, commission: str) -> None:
        assert self.session is not None
        holders = self._holders()
        mover = data.draw(st.sampled_from([p for p, _ in holders]))
        spec = CommissionSpec(
            slug=commission,
            name="A commission",
            mandate="Do what the resolution says.",
            powers=("act",),
            deadline=datetime.now(UTC) + timedelta(days=30),
            seats=seats if effect == "seats" else None,
            members=tuple(p for p, _ in holders[:2]) if effect == "members" else (),
        )
        slug = f"motion-{next(self.slugs)}"
        fields: dict[str, object] = {}
        if effect in ("seats", "members"):
            fields["commission"] = spec
        elif effect == "annuls" and self.resolutions:
            fields["annuls"] = f"{COUNCIL}/{data.draw(st.integers(1, self.resolutions))}"
        elif effect == "instructs":
            fields["instructs_executive"] = True
        motion = MotionSpec(slug, slug, f"The {slug}.", "delegate", mover, **fields)  # type: ignore[arg-type]
        delegates = sum(1 for _, party in holders if party is not None)
        refusal: RuleViolation | None = None
        try:
            move_motion(self.db, COUNCIL, self.session, motion, actor=SYSTEM)
        except RuleViolation as refused:
            refusal = refused
        if refusal is None:
            assert not (effect == "seats" and seats > delegates), "moved, so never stuck"
            self.waiting.append(f"{COUNCIL}/{slug}")
            self.moved_here += 1
        elif effect == "seats" and seats > delegates:
            paths = [p.path for p in refusal.problems]
            assert paths in (["commission.seats"], ["commission.slug"]), refusal.message
        else:  # a commission of that slug exists, or the resolution is annulled
            assert effect in ("seats", "members", "annuls"), refusal.message

    @precondition(lambda self: self.voting is not None or self.waiting)
    @rule(
        data=st.data(),
        mode=st.sampled_from(["roll-call", "secret", "counted"]),
        choices=st.lists(st.sampled_from(["yes", "yes", "no", "abstain"]), min_size=4, max_size=8),
        practice=st.sampled_from([False, False, True]),
    )
    def vote(self, data: st.DataObject, mode: str, choices: list[str], practice: bool) -> None:
        """Put a motion to the vote (the latest first, as hypothesis shrinks to 0) and let
        the delegates vote, unless a vote is open already: then they vote on that one."""
        if self.voting is None:
            address = self.waiting[-1 - data.draw(st.integers(0, len(self.waiting) - 1))]
            try:
                votes.open_vote(self.db, address, mode, practice=practice, actor=SYSTEM)
            except SovietError:
                return  # no quorum
            self.waiting.remove(address)
            self.voting = (address, mode)
            self.register = {person for person, _ in self._holders()}  # every holder is in
        address, mode = self.voting
        for (person, _), choice in zip(self._holders(), choices, strict=False):
            refusal: SovietError | None = None
            try:
                votes.cast_vote(self.db, address, person, choice, actor=SYSTEM)
            except SovietError as refused:  # voted already, or a counted vote
                refusal = refused
            if refusal is None:
                assert person in self.register, f"{person} checked in after the opening voted"
            elif person not in self.register and mode != "counted":
                assert refusal.code == "not_entitled", refusal.message

    @precondition(lambda self: self.ended < 4)  # or the council soon has no quorum at all
    @rule(data=st.data(), decline=st.booleans())
    def end_a_mandate(self, data: st.DataObject, decline: bool) -> None:
        holders = self._holders()
        if not holders:
            return
        person, party = data.draw(st.sampled_from(holders))
        if decline and party is not None:
            for candidate in CANDIDATES[party]:
                with contextlib.suppress(SovietError):  # declined before, or holds a seat
                    decline_candidacy(self.db, party, COUNCIL, candidate, actor=SYSTEM)
        end_mandate(self.db, COUNCIL, person, cause="death", actor=SYSTEM)
        self.ended += 1
        if self.session is not None:
            now_in = [p for p, _ in self._holders() if p not in {h for h, _ in holders}]
            if now_in:
                check_in(self.db, self.session, now_in, actor=SYSTEM)  # her successor
            if now_in and self.voting is not None and self.voting[1] != "counted":
                with pytest.raises(RuleViolation, match="is not entitled in the poll") as refused:
                    votes.cast_vote(self.db, self.voting[0], now_in[0], "yes", actor=SYSTEM)
                assert refused.value.code == "not_entitled"

    @precondition(lambda self: self.voting is not None and self.ended < 4)
    @rule(data=st.data())
    def a_successor_checks_in_while_voting(self, data: st.DataObject) -> None:
        """A mandate ends while a poll is open: her successor, checked in, is not in its
        register (end_a_mandate tries her ballot)."""
        self.end_a_mandate(data, decline=False)

    @precondition(lambda self: self.voting is not None)
    @rule()
    def close_the_vote(self) -> None:
        assert self.voting is not None
        address, mode = self.voting
        counts = Tally(0, 0, 0) if mode == "counted" else None
        result = votes.close_vote(self.db, address, counts=counts, actor=SYSTEM)
        self.voting = None
        shown = motion_view(self.db, address, actor=SYSTEM)
        assert shown.poll is not None
        if result.is_withheld:
            assert (shown.status, shown.yes, shown.poll.state, shown.poll.cast) == (
                "closed", None, "closed", None,
            )  # fmt: skip
            self.unpublished.append(address)
            return
        assert shown.poll.state == "published"
        self._decided(result)

    @precondition(lambda self: self.unpublished)
    @rule(data=st.data())
    def publish(self, data: st.DataObject) -> None:
        if self.voting is not None:
            with pytest.raises(RuleViolation, match="is open: close it before publishing"):
                poll_results.publish_poll(self.db, self.voting[0], actor=SYSTEM)
        address = data.draw(st.sampled_from(self.unpublished))
        result = poll_results.publish_poll(self.db, address, actor=SYSTEM)
        self.unpublished.remove(address)
        assert motion_view(self.db, address, actor=SYSTEM).yes == result.tally.yes
        with pytest.raises(Conflict, match="is published"):
            poll_results.publish_poll(self.db, address, actor=SYSTEM)
        self._decided(result)

    def _decided(self, result: votes.Result) -> None:
        if result.resolution is not None:
            self.resolutions = result.resolution
            shown = resolution_view(self.db, f"{COUNCIL}/{result.resolution}", actor=SYSTEM)
            assert shown.not_carried_out == result.not_carried_out

    # Only once some motions were moved in it, or hypothesis would mostly open and close.
    @precondition(lambda self: self.session is not None and self.moved_here >= 3)
    @rule()
    def close_the_session(self) -> None:
        assert self.session is not None
        if self.voting is not None:
            with pytest.raises(RuleViolation, match="cannot close: the vote on"):
                close_session(self.db, self.session, actor=SYSTEM)
            return
        close_session(self.db, self.session, actor=SYSTEM)
        self.session = None
        self.waiting = []
        assert journal_service.verify(self.db, actor=SYSTEM).is_intact

    @invariant()
    def every_open_vote_can_be_closed(self) -> None:
        if not hasattr(self, "db"):
            return
        current = self._open_vote()
        assert (current and current.address) == (self.voting and self.voting[0])
        if current is None or self.voting is None:
            return
        counts = Tally(0, 0, 0) if self.voting[1] == "counted" else None

        def probe(ctx: context.Context) -> None:
            moment = format_time(datetime.now(UTC))
            raise _Probed(votes.closing(ctx, current.address, counts, moment, utc_now))

        with pytest.raises(_Probed) as probed:
            perform(self.db, None, SYSTEM, probe)
        assert probed.value.result.receipt is not None  # decided now, then rolled back
        assert self._open_vote() == current


@pytest.fixture(params=["sqlite", "postgresql"])
def machine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[type[Plenary]]:
    if request.param == "postgresql":
        from ...conftest import postgres_admin_url

        postgres_admin_url()  # skip (or fail under CI) without a server

    class Machine(Plenary):
        engine = request.param
        folder = tmp_path

    return Machine


def test_every_open_vote_can_be_closed(machine: type[Plenary]) -> None:
    examples = 8 if machine.engine == "sqlite" else 4
    run = settings(
        max_examples=examples,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )(machine).TestCase
    run().runTest()
