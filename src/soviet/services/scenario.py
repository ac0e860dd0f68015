"""Replaying a reference scenario: each dated act performed through the services, at its
own moment, so that any past state can be queried with `as_of`.

The scenario's files are package data (`soviet/scenarios/<name>/`): a statute and a file
of dated acts (format in that folder's README). A replay resumes after the last act the
database has recorded, so `--until` can stop it and a later run carry it on.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.journal import Entry, format_time
from soviet.domain.scenario import (
    CALLS_PER_ACT,
    OTHERWISE,
    Act,
    Commission,
    Scenario,
    Step,
    parse_scenario,
)
from soviet.domain.sessions import CHOICES, Tally
from soviet.domain.statute import parse_statute
from soviet.domain.views import to_json
from soviet.domain.views.plenary import Motion
from soviet.errors import Conflict, InvalidInput, SovietError
from soviet.services import (
    authority,
    elections,
    formation,
    journal,
    motions,
    parties,
    plenary,
    sessions,
    statutes,
    votes,
)
from soviet.services.composition import composition
from soviet.services.documents import load_document
from soviet.services.group_commit import BATCH
from soviet.services.mandates import sign_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.paper_signatures import enter_paper_signatures
from soviet.services.registers import ConstituencySpec, admit_constituencies
from soviet.services.resolutions import CommissionSpec
from soviet.store import councils, queries, schema
from soviet.store import resolutions as store_resolutions
from soviet.store import sessions as store_sessions
from soviet.store.database import Database, parse_url, sqlite_path

PACKAGE = "soviet.scenarios"
#: The signatures on one paper sheet of a recall (a shop's or a company's).
SHEET = 100
#: The seed with which an election's ties are drawn by lot, so that a replay is the same.
LOT_SEED = 1917


@dataclass(frozen=True)
class Loaded:
    """A scenario read from the package: its acts, and its statute as a document."""

    scenario: Scenario
    statute: Any


def _read_yaml(name: str, file: str) -> Any:
    try:
        data = resources.files(PACKAGE).joinpath(name, file).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError) as error:
        raise InvalidInput(f"scenario '{name}': no file {file} ({error})") from None
    return load_document(data, f"scenario '{name}': {file}").data


def load(name: str = "petrograd1917", acts: Any = None) -> Loaded:
    """Read a shipped scenario; `acts` replaces its acts document (to try another input)."""
    document = _read_yaml(name, "acts.yaml") if acts is None else acts
    scenario = parse_scenario(document, f"{name}/acts.yaml")
    return Loaded(scenario, _read_yaml(name, scenario.statute))


def _clock(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def last_recorded(db: Database, federation: str, before: datetime) -> datetime | None:
    """The moment of the last scenario act the database holds (None: the scenario is not
    loaded). Entries recorded at the time of the replay itself are not acts of the scenario."""
    with db.read() as connection:
        if queries.find_federation(connection, federation) is None:
            others = connection.execute(sa.select(schema.federations.c.slug)).scalars().all()
            if others:
                raise Conflict(
                    f"database {db.target.display} holds another federation "
                    f"({', '.join(others)}): give another --db, or --reset to start again"
                )
            return None
    stamp = before.isoformat().replace("+00:00", "Z")
    moments = [_moment_of(e) for e in journal.tail(db, 64, actor=SYSTEM)]
    moments = [m for m in moments if m < stamp]
    if not moments:
        return before  # acted on since the replay: nothing more to replay
    return datetime.fromisoformat(max(moments).replace("Z", "+00:00"))


def _moment_of(entry: Entry) -> str:
    """When an entry's act took place: a body's refresh is journaled at the time of the
    replay, but carries the moment it was formed for in its payload."""
    data = entry.data()
    if entry.kind == "BodyRefreshed" and isinstance(data, dict) and isinstance(data["at"], str):
        return data["at"]
    return entry.recorded_at


class Replay:
    """Performs a scenario's acts on one database, each at its moment."""

    def __init__(self, db: Database, loaded: Loaded) -> None:
        self.db = db
        self.loaded = loaded
        self.federation = ""
        self.rules = parse_statute(loaded.statute)

    def found(self, act: Act) -> None:
        change = statutes.apply_statute(
            self.db, self.loaded.statute, effective_at=act.at, now=_clock(act.at), actor=SYSTEM
        )
        self.federation = change.federation

    def party(self, act: Act) -> None:
        parties.register_party(
            self.db,
            act.party,
            name=act.name,
            programme=act.programme,
            committee=act.committee,
            now=_clock(act.at),
            actor=SYSTEM,
        )

    def admit(self, act: Act) -> None:
        specs = [
            ConstituencySpec(r.slug, r.name, r.kind, act.council, r.electorate, {"ward": r.ward})
            for r in act.constituencies
        ]
        admit_constituencies(self.db, specs, admitted_at=act.at, now=_clock(act.at), actor=SYSTEM)

    def persons(self, act: Act) -> None:
        people = list(act.named.items())
        parties.register_persons(
            self.db, people, parties=act.parties, joined_at=act.at, now=_clock(act.at), actor=SYSTEM
        )

    def candidates(self, act: Act) -> None:
        self.candidate_lists([act])

    def candidate_lists(self, acts: Sequence[Act]) -> None:
        """Candidates' lists that follow one another in a step, set together: their
        persons registered (and joined to their parties) in one act, then the lists in
        one act, as a party office enters the lists of an election day."""
        people: list[tuple[str, str]] = []
        joining: dict[str, str] = {}
        lists: list[parties.CandidateList] = []
        for act in acts:
            generated = [
                (f"{act.council}-{act.party}-{n:04}", f"{act.party} candidate {n}, {act.council}")
                for n in range(1, act.count + 1)
            ]
            listed = [*act.named.items(), *generated]
            people.extend(listed)
            joining.update((slug, act.party) for slug, _ in listed)
            lists.append(parties.CandidateList(act.party, act.council, [s for s, _ in listed]))
        first, moment = acts[0].at, acts[-1].moment(1)
        try:
            parties.register_persons(
                self.db, people, parties=joining, joined_at=first, now=_clock(first), actor=SYSTEM
            )
            parties.set_candidate_lists(self.db, lists, now=_clock(moment), actor=SYSTEM)
        except SovietError as error:
            where = acts[0].where if len(acts) == 1 else f"{acts[0].where} to {acts[-1].where}"
            raise type(error)(f"{where} (candidates): {error}") from None

    def _count(
        self, act: Act, election: int, rows: Mapping[str, Mapping[str, int]], call: int
    ) -> None:
        """Enter an election's counts as the act's `call`-th service call."""
        counts = [(c, p, n) for c, votes in rows.items() for p, n in votes.items()]
        elections.enter_counts(
            self.db, election, counts, now=_clock(act.moment(call)), actor=SYSTEM
        )

    def _close(self, act: Act, election: int, call: int) -> None:
        """Close an election as the act's `call`-th service call."""
        moment = act.moment(call)
        elections.close_election(
            self.db, election, closed_at=moment, seed=LOT_SEED, now=_clock(moment), actor=SYSTEM
        )

    def _counted(self, act: Act, *, closing: bool) -> Iterator[tuple[int, int]]:
        """Open the act's elections and enter their counts, one election after another;
        yields each election's id and the number of the service call after its counts (its
        close, when `closing`: the next election opens after it)."""
        call = 0
        scopes: list[str | None] = [None] if act.scope == "council" else list(act.votes)
        for constituency in scopes:
            moment = act.moment(call)
            election = elections.open_election(
                self.db,
                act.council,
                constituency=constituency,
                opened_at=moment,
                now=_clock(moment),
                actor=SYSTEM,
            )
            rows = act.votes if constituency is None else {constituency: act.votes[constituency]}
            self._count(act, election, rows, call + 1)
            yield election, call + 2
            call += 3 if closing else 2

    def election(self, act: Act) -> None:
        for election, call in self._counted(act, closing=True):
            self._close(act, election, call)

    def election_day(self, acts: Sequence[Act]) -> None:
        """Elections that follow one another in a step are one election day: each is opened
        and counted as `election` does it, then all are closed in one act
        (`close_elections`), and the bodies formed from their councils follow once, after
        the last, as they would after a real election day."""
        opened: list[int] = []
        moment = acts[0].at
        for act in acts:
            try:
                for election, call in self._counted(act, closing=False):
                    opened.append(election)
                    moment = act.moment(call)
            except SovietError as error:
                raise type(error)(f"{act.where} ({act.do}): {error}") from None
        try:
            elections.close_elections(
                self.db, opened, closed_at=moment, seed=LOT_SEED, now=_clock(moment), actor=SYSTEM
            )
        except SovietError as error:
            where = f"{acts[0].where} to {acts[-1].where}"
            raise type(error)(f"{where} (the election day's close): {error}") from None

    def members(self, act: Act) -> None:
        specs = [
            MemberSpec(f"{act.constituency}-{n:05}", f"Member {n} of {act.constituency}")
            for n in range(1, act.count + 1)
        ]
        register_members(
            self.db, act.constituency, specs, registered_at=act.at, now=_clock(act.at), actor=SYSTEM
        )

    def recall(self, act: Act) -> None:
        shown = composition(self.db, act.council, as_of=act.at, actor=SYSTEM)
        held = [
            m for m in shown.members if m.constituency == act.constituency and m.seat == act.seat
        ]
        if not held:
            raise Conflict(f"{act.where}: nobody holds seat {act.seat} of '{act.constituency}'")
        if self.rules.councils[act.council].recall.has_paper_signatures:
            self._sheets(act, held[0].person)
            return
        for n in range(1, act.signatures + 1):
            moment = act.moment(n)
            key = f"{act.constituency}-{n:05}"
            signed = sign_recall(
                self.db,
                act.council,
                held[0].person,
                key,
                signed_at=moment,
                now=_clock(moment),
                actor=SYSTEM,
            )
            if signed.is_recalled:
                return

    def _sheets(self, act: Act, person: str) -> None:
        """The signatures on paper, entered by the secretariat SHEET at a time in the
        members' order, each sheet at its own moment, until one reaches the threshold."""
        keys = [f"{act.constituency}-{n:05}" for n in range(1, act.signatures + 1)]
        for number, start in enumerate(range(0, len(keys), SHEET), start=1):
            moment = act.moment(number)
            signed = enter_paper_signatures(
                self.db,
                act.council,
                person,
                keys[start : start + SHEET],
                sheet=f"{act.constituency} sheet {number}",
                signed_at=moment,
                now=_clock(moment),
                actor=SYSTEM,
            )
            if signed.is_recalled:
                return

    def fresh_election(self, act: Act) -> None:
        """Enter the counts of the election a recall called; none called, nothing to do."""
        opened = open_election_of(self.db, self.federation, act.council, act.constituency)
        if opened is not None:
            self._count(act, opened, act.votes, 0)
            self._close(act, opened, 1)

    def convene(self, act: Act) -> None:
        formation.convene(
            self.db, act.council, convened_at=act.at, now=_clock(act.at), actor=SYSTEM
        )

    def co_opt(self, act: Act) -> None:
        formation.co_opt(
            self.db, act.council, act.organisation, act.persons, now=_clock(act.at), actor=SYSTEM
        )

    def _session(self, council: str) -> int:
        """The last session convened of a council: the one the scenario's acts sit in."""
        with self.db.read() as connection:
            found = queries.federation(connection, self.federation)
            council_id = councils.council_id(connection, found.id, council)
            held = store_sessions.sessions_of(connection, council_id)
        if not held:
            raise Conflict(f"no session of '{council}' has been convened")
        return held[-1].id

    def session(self, act: Act) -> None:
        sessions.convene(
            self.db, act.council, act.agenda, convened_at=act.at, now=_clock(act.at), actor=SYSTEM
        )

    def check_in(self, act: Act) -> None:
        """Every delegate holding a voting mandate of the council at that moment checks in."""
        session = self._session(act.council)
        with self.db.read() as connection:
            found = queries.federation(connection, self.federation)
            council_id = councils.council_id(connection, found.id, act.council)
            held = store_sessions.seats_held(connection, council_id, format_time(act.at))
        persons = [seat.person for seat in held if seat.is_voting]
        sessions.check_in(self.db, session, persons, at=act.at, now=_clock(act.at), actor=SYSTEM)

    def walk_out(self, act: Act) -> None:
        """The fraction walks out, declared by the first of its central committee."""
        with self.db.read() as connection:
            found = queries.federation(connection, self.federation)
            committee = queries.central_committee(connection, found.id, act.party) or []
        if not committee:
            raise Conflict(f"party '{act.party}' has no central committee to declare it")
        session = self._session(act.council)
        sessions.walk_out(
            self.db,
            session,
            act.party,
            actor=account_actor(committee[0]),
            at=act.at,
            now=_clock(act.at),
        )

    def motion(self, act: Act) -> None:
        actor = SYSTEM  # the secretariat of the replay
        if act.mover_kind == "fraction":
            with self.db.read() as connection:
                found = queries.federation(connection, self.federation)
                committee = queries.central_committee(connection, found.id, act.mover) or []
            actor = account_actor(committee[0]) if committee else actor
        elif act.mover_kind == "delegate":
            actor = account_actor(act.mover)
        spec = motions.MotionSpec(
            act.slug,
            act.title,
            act.text,
            act.mover_kind,
            act.mover,
            commission=_commission(act.commission)
            if isinstance(act.commission, Commission)
            else None,
        )
        session = self._session(act.council)
        motions.move_motion(
            self.db, act.council, session, spec, actor=actor, moved_at=act.at, now=_clock(act.at)
        )

    def vote(self, act: Act) -> None:
        """Put the motion to the vote; each attending delegate of a fraction votes as the
        act's ballots say (counted ones first, in order of name, the rest `otherwise`);
        a counted vote enters the numbers those same ballots add up to."""
        address = f"{act.council}/{act.motion}"
        votes.open_vote(self.db, address, act.mode, at=act.at, now=_clock(act.at), actor=SYSTEM)
        session = self._session(act.council)
        with self.db.read() as connection:
            attending = store_sessions.present(connection, session, format_time(act.at))
        cast = _ballots(act, [(s.person, s.party) for s in attending if s.is_voting])
        call = 1
        if act.mode == "roll-call":
            if len(cast) >= CALLS_PER_ACT:
                raise InvalidInput(f"{act.where}: more ballots than fit in one act")
            # The roll call is entered as it was taken, in order, each ballot at its own
            # moment; the group commit writes them BATCH at a time.
            timed = [(person, choice, act.moment(1 + n)) for n, (person, choice) in enumerate(cast)]
            for start in range(0, len(timed), BATCH):
                for outcome in votes.cast_votes(
                    self.db, address, timed[start : start + BATCH], actor=SYSTEM
                ):
                    if isinstance(outcome, BaseException):
                        raise outcome
            call += len(cast)
            counts = None
        else:
            chosen = [choice for _, choice in cast]
            counts = Tally(*(chosen.count(choice) for choice in CHOICES))
        moment = act.moment(call)
        votes.close_vote(
            self.db, address, counts=counts, at=moment, now=_clock(moment), actor=SYSTEM
        )

    def commission_act(self, act: Act) -> None:
        assert isinstance(act.commission, str)
        authority.act_for_commission(
            self.db,
            act.commission,
            act.person,
            act.power,
            act.text,
            at=act.at,
            now=_clock(act.at),
            actor=SYSTEM,
        )

    def perform(self, act: Act) -> None:
        """Perform one act, naming it in any error."""
        try:
            getattr(self, act.do.replace("-", "_"))(act)
        except SovietError as error:
            raise type(error)(f"{act.where} ({act.do}): {error}") from None


def _commission(draft: Commission) -> CommissionSpec:
    deadline = datetime(draft.deadline.year, draft.deadline.month, draft.deadline.day, tzinfo=UTC)
    return CommissionSpec(
        draft.slug,
        draft.name,
        draft.mandate,
        draft.powers,
        deadline,
        seats=draft.seats,
        members=draft.members,
    )


def _ballots(act: Act, attending: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """Who votes how: per fraction, its attending delegates in order of name take the
    counted choices first (yes, no, abstain), then the rest its `otherwise` choice.
    A fraction the act does not name casts no ballot; counting more ballots than the
    fraction has delegates attending is refused."""
    cast: list[tuple[str, str]] = []
    for party, wanted in act.ballots.items():
        members = sorted(person for person, fraction in attending if fraction == party)
        queue = [c for c in CHOICES for _ in range(int(wanted.get(c, 0)))]
        if len(queue) > len(members):
            raise Conflict(
                f"{act.where}: {len(queue)} ballots counted for '{party}', "
                f"but {len(members)} of its delegates attend"
            )
        rest = wanted.get(OTHERWISE)
        for n, person in enumerate(members):
            choice = queue[n] if n < len(queue) else rest
            if isinstance(choice, str):
                cast.append((person, choice))
    return cast


def open_election_of(db: Database, federation: str, council: str, constituency: str) -> int | None:
    """The id of the open election of one constituency, if there is one."""
    with db.read() as connection:
        found = queries.federation(connection, federation)
        council_id = councils.council_id(connection, found.id, council)
        for election in councils.open_elections(connection, council_id):
            if election.constituency == constituency:
                return election.id
    return None


def replay(
    db: Database, loaded: Loaded, *, until: date | None = None
) -> Iterator[tuple[Step, int]]:
    """Replay the scenario's steps up to `until`, performing the acts the database has not
    recorded yet; yields each step with the number of acts performed in it."""
    journal.initialise(db, actor=SYSTEM)
    slug = _federation_slug(loaded)
    end = datetime(1918, 1, 1, tzinfo=loaded.scenario.steps[0].end.tzinfo)
    done = last_recorded(db, slug, end)
    runner = Replay(db, loaded)
    runner.federation = slug
    for step in loaded.scenario.steps:
        if until is not None and step.date > until:
            return
        pending = [act for act in step.acts if done is None or act.at > done]
        for run in _runs(pending):
            if len(run) == 1:
                runner.perform(run[0])
            elif run[0].do == "election":
                runner.election_day(run)
            else:
                runner.candidate_lists(run)
        yield step, len(pending)


#: The acts performed together when they follow one another in a step.
TOGETHER = ("election", "candidates")


def _runs(acts: Sequence[Act]) -> Iterator[list[Act]]:
    """The acts in order: each alone, except elections, or candidates' lists, that follow
    one another, which come together."""
    for do, run in itertools.groupby(acts, key=lambda act: act.do):
        if do in TOGETHER:
            yield list(run)
        else:
            yield from ([act] for act in run)


def _federation_slug(loaded: Loaded) -> str:
    document = loaded.statute
    federation = document.get("federation") if isinstance(document, dict) else None
    slug = federation.get("slug") if isinstance(federation, dict) else None
    if not isinstance(slug, str):
        raise InvalidInput(f"scenario statute {loaded.scenario.statute}: no federation.slug")
    return slug


#: The bodies whose drift the replay follows, as the issue names them.
FOLLOWED = ("petrograd-soviet", "petrograd-executive", "cec", "second-congress")


@dataclass(frozen=True)
class State:
    """What a step left behind: the bodies it shows and the drift of the followed bodies."""

    step: Step
    bodies: dict[str, dict[str, object]]
    drift: list[dict[str, object]]
    votes: list[dict[str, Any]]  # the motions the step's vote acts decided, as `motion show`
    authority: list[list[dict[str, Any]]]  # the chain of each authorised act of the step

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.step.date.isoformat(),
            "title": self.step.title,
            "story": self.step.story,
            "bodies": self.bodies,
            "drift": self.drift,
            "votes": self.votes,
            "authority": self.authority,
        }


def state_after(db: Database, step: Step) -> State:
    """The bodies a step shows, and the followed bodies' drift, at the end of its day."""
    shown: dict[str, dict[str, object]] = {}
    for name in step.show:
        council, _, section = name.partition("/")
        found = composition(db, council, as_of=step.end, section=section or None, actor=SYSTEM)
        shown[name] = {
            "seats": found.seats,
            "filled": found.filled,
            "fractions": found.fractions,
            "majority": found.majority,
        }
    drifts = formation.drift(db, as_of=step.end, actor=SYSTEM)
    followed = [
        {"council": d.council, "seats_off": d.seats_off, "gallagher": d.gallagher}
        for d in drifts
        if d.council in FOLLOWED
    ]
    decided = [
        _without_roll(plenary.motion_view(db, f"{act.council}/{act.motion}", actor=SYSTEM))
        for act in step.acts
        if act.do == "vote"
    ]
    chains: list[list[dict[str, Any]]] = []
    if step.acts:
        with db.read() as connection:
            federation = queries.federation(connection, _federation_of(db))
            ids = store_resolutions.authorised_acts_between(
                connection, federation.id, format_time(step.acts[0].at), format_time(step.end)
            )
        chains = [_plain(to_json(authority.authority(db, act_id, actor=SYSTEM))) for act_id in ids]
    drift_rows = sorted(followed, key=lambda d: FOLLOWED.index(str(d["council"])))
    return State(step, shown, drift_rows, decided, chains)


def _without_roll(view: Motion) -> dict[str, Any]:
    """A motion as `motion show` gives it, its roll call summed up by fraction."""
    shown = to_json(view)
    assert isinstance(shown, dict)
    return {key: value for key, value in shown.items() if key != "roll_call"}


def _plain(chain: object) -> list[dict[str, Any]]:
    assert isinstance(chain, list)
    return chain


def _federation_of(db: Database) -> str:
    with db.read() as connection:
        return str(connection.execute(sa.select(schema.federations.c.slug)).scalars().one())


def reset(url: str) -> None:
    """Remove a SQLite database file (with its journal files), to replay from the start."""
    target = parse_url(url)
    if target.engine != "sqlite":
        raise InvalidInput("--reset: only a SQLite file can be removed; give an empty database")
    path = sqlite_path(target)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
