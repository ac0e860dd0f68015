"""Random sessions with delegates leaving and returning, alternates seated and unseated,
proxies given and revoked, and votes on both engines: a mandate is never held by two people
at once, attendance and quorum count each mandate once, and no mandate is voted twice in
one poll (issue #15).

After every step: no person attends on two mandates and no mandate has two people; the
quorum's count is the number of voting mandates attended; no alternate sits on the
mandate of a delegate who attends; no mandate is both covered by an alternate and carried
by a proxy; one vote at most per mandate in every poll. After every vote closes, the
journal verifies.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from soviet.domain.identity import SYSTEM, account_actor
from soviet.errors import SovietError
from soviet.services import journal as journal_service
from soviet.services import votes
from soviet.services.alternates import seat_alternate, unseat_alternate
from soviet.services.bootstrap import open_database
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.proxies import give_proxy, revoke_proxy
from soviet.services.sessions import check_in, convene, leave
from soviet.store import alternates as store_alternates
from soviet.store import sessions as store_sessions
from soviet.store.database import Database
from soviet.store.schema import mandates, roll_call, secret_voters, sessions

from ...conftest import drop_postgres_database, fresh_url
from .plenary import SOVIET, found_plenary

RUNS = itertools.count()
COUNCIL = "petrograd-soviet"
LEADERS = {"b": "lenin", "m": "martov", "s": "chernov"}
RULES = {"quorum": 3, "proxies": {"max_held": 2, "same_fraction": False}}
NOW = "9999-01-01T00:00:00.000000Z"
VOTERS = [*SOVIET, "b5", "b6", "m2", "m3", "s2", "s3"]  # the delegates and their alternates


class StandIns(RuleBasedStateMachine):
    """Drives the services; `engine` and `folder` are set by the test that runs it."""

    engine = "sqlite"
    folder = Path("/tmp")

    @initialize()
    def found(self) -> None:
        folder = self.folder / f"s{next(RUNS)}"
        self.url = fresh_url(self.engine, folder)
        if self.engine == "sqlite":
            folder.mkdir(parents=True, exist_ok=True)
        self.db: Database = open_database(self.url)
        found_plenary(self.db, **RULES)
        self.session = convene(self.db, COUNCIL, ["Peace"], actor=SYSTEM)
        check_in(self.db, self.session, SOVIET, actor=SYSTEM)
        self.slugs = itertools.count(1)
        self.voting: str | None = None

    def teardown(self) -> None:
        if hasattr(self, "db"):
            self.db.dispose()
            if self.engine == "postgresql":
                drop_postgres_database(self.url)

    def _attending(self) -> list[store_sessions.Seat]:
        with self.db.read() as connection:
            return store_sessions.present(connection, self.session, NOW)

    @rule(delegate=st.sampled_from(SOVIET))
    def leave(self, delegate: str) -> None:
        with contextlib.suppress(SovietError):  # not attending
            leave(self.db, self.session, [delegate], actor=SYSTEM)

    def _arrive(self, person: str) -> None:
        """Check in, and vote at once if a vote is open."""
        check_in(self.db, self.session, [person], actor=account_actor(person))
        if self.voting is not None:
            with contextlib.suppress(SovietError):  # her mandate voted already, or given
                votes.cast_vote(self.db, self.voting, person, "no", actor=account_actor(person))

    @rule(
        delegate=st.sampled_from(SOVIET),
        named=st.sampled_from([None, "b6", "m3", "s2"]),
        arrives=st.booleans(),
    )
    def seat(self, delegate: str, named: str | None, arrives: bool) -> None:
        """The delegate leaves (if she attends) and her fraction seats an alternate."""
        self.leave(delegate)
        leader = account_actor(LEADERS[delegate[0]])
        with contextlib.suppress(SovietError):  # present, covered, no alternate free
            seated = seat_alternate(self.db, self.session, delegate, alternate=named, actor=leader)
            if arrives:
                self._arrive(seated.alternate)

    @precondition(lambda self: self.voting is not None)
    @rule(delegate=st.sampled_from(SOVIET))
    def stand_in_during_a_vote(self, delegate: str) -> None:
        """While a vote is open: the delegate leaves, an alternate sits and votes, and the
        delegate comes back and tries to vote on the same mandate."""
        self.seat(delegate, None, arrives=True)
        self.check_in(delegate)

    @rule(delegate=st.sampled_from(SOVIET))
    def unseat(self, delegate: str) -> None:
        leader = account_actor(LEADERS[delegate[0]])
        with contextlib.suppress(SovietError):  # no alternate sits for her
            unseat_alternate(self.db, self.session, delegate, actor=leader)

    @rule(person=st.sampled_from(VOTERS))
    def check_in(self, person: str) -> None:
        """A delegate returns (unseating her alternate), or a seated alternate checks in."""
        with contextlib.suppress(SovietError):  # neither delegate nor seated alternate
            self._arrive(person)

    @rule(giver=st.sampled_from(SOVIET), holder=st.sampled_from(SOVIET))
    def give(self, giver: str, holder: str) -> None:
        with contextlib.suppress(SovietError):  # the rule, a poll open, an alternate sitting
            give_proxy(self.db, self.session, giver, holder, actor=account_actor(giver))

    @rule(giver=st.sampled_from(SOVIET))
    def revoke(self, giver: str) -> None:
        with contextlib.suppress(SovietError):  # none given, or a poll open
            revoke_proxy(self.db, self.session, giver, actor=account_actor(giver))

    @precondition(lambda self: self.voting is None)
    @rule(mode=st.sampled_from(["roll-call", "secret"]), everyone=st.booleans())
    def open_a_vote(self, mode: str, everyone: bool) -> None:
        """Put a motion to the vote, and (`everyone`) let all attending vote at once."""
        slug = f"motion-{next(self.slugs)}"
        motion = MotionSpec(slug, slug, f"The {slug}.", "delegate", "b1")
        with contextlib.suppress(SovietError):  # b1 holds her mandate: never refused
            move_motion(self.db, COUNCIL, self.session, motion, actor=SYSTEM)
        with contextlib.suppress(SovietError):  # no quorum
            votes.open_vote(self.db, f"{COUNCIL}/{slug}", mode, actor=SYSTEM)
            self.voting = f"{COUNCIL}/{slug}"
        for voter in VOTERS if everyone and self.voting else ():
            self.cast(voter)

    @precondition(lambda self: self.voting is not None)
    @rule(voter=st.sampled_from(VOTERS))
    def cast(self, voter: str) -> None:
        assert self.voting is not None
        with contextlib.suppress(SovietError):  # absent, voted, given her vote away
            votes.cast_vote(self.db, self.voting, voter, "yes", actor=account_actor(voter))

    @precondition(lambda self: self.voting is not None)
    @rule()
    def close_the_vote(self) -> None:
        assert self.voting is not None
        result = votes.close_vote(self.db, self.voting, actor=SYSTEM)
        self.voting = None
        assert result.tally.total <= len(SOVIET)
        assert journal_service.verify(self.db, actor=SYSTEM, remember=False).is_intact

    def _one_vote_a_mandate(self, connection: sa.Connection) -> None:
        """Every roll-call vote counted against the mandate it was cast on (an alternate's,
        by the seating she sat in when she voted), every secret ballot too where that is
        certain: one a mandate in every poll."""
        council = connection.execute(
            sa.select(sessions.c.council_id).where(sessions.c.id == self.session)
        ).scalar_one()
        of_council = sa.select(mandates.c.person_id, mandates.c.id).where(
            mandates.c.council_id == council
        )
        holder = dict(connection.execute(of_council).all())  # no delegate sits here twice
        seatings = store_alternates.seatings(connection, self.session)

        def sat_on(person: int, at: str | None) -> int | None:
            found = {
                s.mandate_id
                for s in seatings
                if s.alternate_id == person
                and (at is None or (s.seated_at <= at and (s.unseated_at or "~") > at))
            }
            return found.pop() if len(found) == 1 else None

        cast = connection.execute(
            sa.select(roll_call.c.motion_id, roll_call.c.person_id, roll_call.c.cast_at)
        ).all()
        secret = connection.execute(sa.select(secret_voters.c.motion_id, secret_voters.c.person_id))
        rows = [(m, p, at) for m, p, at in cast] + [(m, p, None) for m, p in secret]
        per_mandate = Counter((m, holder[p] if p in holder else sat_on(p, at)) for m, p, at in rows)
        assert all(n == 1 for (_, mandate), n in per_mandate.items() if mandate), per_mandate

    @invariant()
    def one_person_a_mandate_counted_once(self) -> None:
        if not hasattr(self, "db"):
            return
        attending = self._attending()
        assert len({s.mandate_id for s in attending}) == len(attending)
        assert len({s.person for s in attending}) == len(attending)
        with self.db.read() as connection:
            seated = store_alternates.seated(connection, self.session)
            proxies = store_alternates.standing(connection, self.session)
            self._one_vote_a_mandate(connection)
        present = {s.person for s in attending}
        assert not {a.delegate for a in seated} & present
        assert not {a.mandate_id for a in seated} & {p.mandate_id for p in proxies}
        assert len({a.mandate_id for a in seated}) == len(seated)
        assert not {p.giver for p in proxies} & {p.holder for p in proxies}  # no chains
        assert max(Counter(p.holder for p in proxies).values(), default=0) <= 2
        assert votes_present(self) == sum(1 for s in attending if s.is_voting)


def votes_present(machine: StandIns) -> int:
    """The quorum's count of those present, as a vote opened now would record it."""
    from soviet.services import context
    from soviet.services.sessions import quorum_of

    with machine.db.read() as connection:
        ctx = context.load(connection, machine.db, None, SYSTEM)
        session = store_sessions.session(connection, ctx.federation.id, machine.session)
        return quorum_of(ctx, session, NOW).present


@pytest.fixture(params=["sqlite", "postgresql"])
def machine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[type[StandIns]]:
    if request.param == "postgresql":
        from ...conftest import postgres_admin_url

        postgres_admin_url()  # skip (or fail under CI) without a server

    class Machine(StandIns):
        engine = request.param
        folder = tmp_path

    return Machine


def test_a_mandate_is_never_held_or_voted_twice(machine: type[StandIns]) -> None:
    examples = 10 if machine.engine == "sqlite" else 4
    run = settings(
        max_examples=examples,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )(machine).TestCase
    run().runTest()
