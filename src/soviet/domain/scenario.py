"""A reference scenario: dated steps of acts, each act with the source of its figures.

The file (YAML, read by the caller) is `{scenario, statute, steps: [{date, title, story,
show, acts: [{do, at?, source?, ...}]}]}`; the format is described in
`soviet/scenarios/petrograd1917/README.md`. Every act that carries a figure (an electorate,
a count of votes, of candidates, of members or of signatures) must carry its source: a seed
file and a short quote, or an estimate and why it is reasonable.

Each act is given a moment: its date at 08:00 UTC, plus a quarter of an hour for each act
before it on the same date, so that a replay records acts in order and can resume after
the last one recorded. The service calls inside one act follow one second apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from soviet.domain.reading import _Problems as _StatuteProblems
from soviet.domain.reading import _shown
from soviet.domain.sessions import CHOICES

#: The kinds of act, and the fields each needs (besides do, at, source).
ACTS: dict[str, tuple[str, ...]] = {
    "found": (),
    "party": ("party", "name", "programme", "committee"),
    "admit": ("council", "constituencies"),
    "candidates": ("council", "party", "count"),
    "persons": ("named",),
    "election": ("council", "votes"),
    "members": ("constituency", "count"),
    "recall": ("council", "constituency", "seat", "signatures"),
    "fresh-election": ("council", "constituency", "votes"),
    "convene": ("council",),
    "co-opt": ("council", "organisation", "persons"),
    "session": ("council", "agenda"),
    "check-in": ("council",),
    "walk-out": ("council", "party"),
    "motion": ("council", "slug", "title", "text", "mover"),
    "vote": ("council", "motion", "mode", "ballots"),
    "commission-act": ("commission", "person", "power", "text"),
}
OPTIONAL = ("at", "source", "scope", "named", "parties", "mover_kind", "commission")
#: How a vote act is taken: each attending delegate votes (roll-call), or the chair
#: enters the numbers the same ballots add up to (counted).
VOTE_MODES = ("roll-call", "counted")
#: The choice of a fraction's attending delegates beyond those counted one by one.
OTHERWISE = "otherwise"
#: Acts that carry figures, and so must say where they come from.
FIGURED = frozenset(
    {"admit", "candidates", "election", "members", "recall", "fresh-election", "vote"}
)
SCOPES = ("constituencies", "council")


class _Problems(_StatuteProblems):
    """Every problem of a scenario file, reported at once."""

    what = "scenario"
    code = "invalid_input"


ACT_STEP = timedelta(minutes=15)
ACTS_PER_DAY = 40
CALLS_PER_ACT = 899  # seconds in an act's quarter of an hour, less one


@dataclass(frozen=True)
class Source:
    """Where an act's figures come from: a seed and a quote, an estimate and its reason."""

    seed: str | None = None
    quote: str | None = None
    estimate: str | None = None


@dataclass(frozen=True)
class Row:
    """A constituency to admit: [slug, name, kind, electorate, ward]."""

    slug: str
    name: str
    kind: str
    electorate: int
    ward: str


@dataclass(frozen=True)
class Commission:
    """A commission a motion creates: its written mandate, the powers it grants, its
    deadline, and its members by name (or a number of seats shared by fraction)."""

    slug: str
    name: str
    mandate: str
    powers: tuple[str, ...]
    deadline: date
    members: tuple[str, ...] = ()
    seats: int | None = None


@dataclass(frozen=True)
class Act:
    """One act of the scenario, performed by one or a few service calls."""

    do: str
    at: datetime  # the moment of its first service call
    where: str  # its place in the file, for errors: steps[3].acts[2]
    source: Source | None = None
    council: str = ""
    party: str = ""
    name: str = ""
    programme: str = ""
    committee: tuple[str, ...] = ()
    constituencies: tuple[Row, ...] = ()
    named: Mapping[str, str] = field(default_factory=dict)
    parties: Mapping[str, str] = field(default_factory=dict)
    count: int = 0
    votes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    scope: str = "constituencies"
    constituency: str = ""
    seat: int = 0
    signatures: int = 0
    organisation: str = ""
    persons: tuple[str, ...] = ()
    agenda: tuple[str, ...] = ()
    slug: str = ""
    title: str = ""
    text: str = ""
    mover: str = ""
    mover_kind: str = "fraction"
    commission: Commission | str | None = None  # a motion's new one; an act's COUNCIL/SLUG
    motion: str = ""
    mode: str = "roll-call"
    #: party -> {yes|no|abstain: count, otherwise: choice of the rest attending}
    ballots: Mapping[str, Mapping[str, int | str]] = field(default_factory=dict)
    person: str = ""
    power: str = ""

    def moment(self, call: int = 0) -> datetime:
        """The moment of the act's `call`-th service call."""
        return self.at + timedelta(seconds=call)


@dataclass(frozen=True)
class Step:
    """A dated step of the replay: what happened, and which bodies to show after it."""

    date: date
    title: str
    story: str
    show: tuple[str, ...]
    acts: tuple[Act, ...]

    @property
    def end(self) -> datetime:
        """The end of the step's day: every act of the step is recorded by then."""
        return datetime(self.date.year, self.date.month, self.date.day, 23, 59, 59, tzinfo=UTC)


@dataclass(frozen=True)
class Scenario:
    slug: str
    statute: str  # the statute's file name, beside the acts file
    steps: tuple[Step, ...]


def _day(value: object, path: str, p: _Problems) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    p.add(path, f"must be an ISO date (1917-10-25), got {_shown(value)}")
    return date(1917, 1, 1)


def _text(value: object, path: str, p: _Problems) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    p.add(path, f"must be a non-empty text, got {_shown(value)}")
    return ""


def _whole(value: object, path: str, p: _Problems, *, least: int = 0) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= least:
        return value
    p.add(path, f"must be a whole number of at least {least}, got {_shown(value)}")
    return least


def _texts(value: object, path: str, p: _Problems) -> tuple[str, ...]:
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    p.add(path, f"must be a list of names, got {_shown(value)}")
    return ()


def _mapping(value: object, path: str, p: _Problems) -> dict[str, str]:
    if isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return dict(value)
    p.add(path, f"must map names to texts, got {_shown(value)}")
    return {}


def _source(value: object, path: str, p: _Problems) -> Source:
    if not isinstance(value, Mapping) or not set(value) <= {"seed", "quote", "estimate"}:
        p.add(path, f"must be {{seed, quote}} or {{estimate}}, got {_shown(value)}")
        return Source()
    source = Source(
        seed=_text(value["seed"], f"{path}.seed", p) if "seed" in value else None,
        quote=_text(value.get("quote"), f"{path}.quote", p) if "seed" in value else None,
        estimate=_text(value["estimate"], f"{path}.estimate", p) if "estimate" in value else None,
    )
    if source.seed is None and source.estimate is None:
        p.add(path, "must name a seed file and quote it, or say `estimate` and why")
    return source


def _votes(value: object, path: str, p: _Problems) -> dict[str, dict[str, int]]:
    if not isinstance(value, Mapping) or not value:
        p.add(path, f"must map constituencies to votes per party, got {_shown(value)}")
        return {}
    votes: dict[str, dict[str, int]] = {}
    for constituency, counts in value.items():
        where = f"{path}.{constituency}"
        if not isinstance(counts, Mapping) or not counts:
            p.add(where, f"must map parties to votes, got {_shown(counts)}")
            continue
        votes[str(constituency)] = {
            str(party): _whole(n, f"{where}.{party}", p) for party, n in counts.items()
        }
    return votes


def _rows(value: object, path: str, p: _Problems) -> tuple[Row, ...]:
    if not isinstance(value, list) or not value:
        p.add(path, f"must list [slug, name, kind, electorate, ward] rows, got {_shown(value)}")
        return ()
    rows = []
    for index, raw in enumerate(value):
        where = f"{path}[{index}]"
        if not isinstance(raw, list) or len(raw) != 5:
            p.add(where, f"must be [slug, name, kind, electorate, ward], got {_shown(raw)}")
            continue
        slug, name, kind, electorate, ward = raw
        rows.append(
            Row(
                _text(slug, f"{where}.slug", p),
                _text(name, f"{where}.name", p),
                _text(kind, f"{where}.kind", p),
                _whole(electorate, f"{where}.electorate", p, least=1),
                _text(ward, f"{where}.ward", p),
            )
        )
    return tuple(rows)


def _ballots(value: object, path: str, p: _Problems) -> dict[str, dict[str, int | str]]:
    if not isinstance(value, Mapping) or not value:
        p.add(path, f"must map fractions to their ballots, got {_shown(value)}")
        return {}
    ballots: dict[str, dict[str, int | str]] = {}
    for party, raw in value.items():
        where = f"{path}.{party}"
        if not isinstance(raw, Mapping) or not raw:
            p.add(where, f"must map {', '.join(CHOICES)} to counts, or {OTHERWISE} to a choice")
            continue
        found: dict[str, int | str] = {}
        for key, given in raw.items():
            if key == OTHERWISE:
                if given not in CHOICES:
                    p.add(f"{where}.{key}", f"must be one of {', '.join(CHOICES)}")
                found[key] = str(given)
            elif key in CHOICES:
                found[key] = _whole(given, f"{where}.{key}", p)
            else:
                p.add(f"{where}.{key}", f"must be one of {', '.join(CHOICES)} or {OTHERWISE}")
        ballots[str(party)] = found
    return ballots


def _commission(value: object, path: str, p: _Problems) -> Commission | None:
    keys = {"slug", "name", "mandate", "powers", "deadline", "members", "seats"}
    if not isinstance(value, Mapping) or not set(value) <= keys:
        p.add(path, f"must be a commission with {', '.join(sorted(keys))}, got {_shown(value)}")
        return None
    seats = value.get("seats")
    return Commission(
        _text(value.get("slug"), f"{path}.slug", p),
        _text(value.get("name"), f"{path}.name", p),
        _text(value.get("mandate"), f"{path}.mandate", p),
        _texts(value.get("powers"), f"{path}.powers", p),
        _day(value.get("deadline"), f"{path}.deadline", p),
        _texts(value["members"], f"{path}.members", p) if "members" in value else (),
        None if seats is None else _whole(seats, f"{path}.seats", p, least=1),
    )


def _choice_of(options: tuple[str, ...]) -> Any:
    def read(value: object, path: str, p: _Problems) -> str:
        if value in options:
            return str(value)
        p.add(path, f"must be one of {', '.join(options)}, got {_shown(value)}")
        return options[0]

    return read


_READERS: dict[str, Any] = {
    "council": _text,
    "party": _text,
    "name": _text,
    "programme": _text,
    "constituency": _text,
    "organisation": _text,
    "committee": _texts,
    "persons": _texts,
    "named": _mapping,
    "parties": _mapping,
    "votes": _votes,
    "constituencies": _rows,
    "count": lambda v, path, p: _whole(v, path, p, least=1),
    "seat": lambda v, path, p: _whole(v, path, p, least=1),
    "signatures": lambda v, path, p: _whole(v, path, p, least=1),
    "agenda": _texts,
    "slug": _text,
    "title": _text,
    "text": _text,
    "mover": _text,
    "mover_kind": _choice_of(("fraction", "delegate", "executive")),
    "motion": _text,
    "mode": _choice_of(VOTE_MODES),
    "ballots": _ballots,
    "person": _text,
    "power": _text,
}


def _act(raw: object, path: str, day: date, at: datetime, p: _Problems) -> Act | None:
    if not isinstance(raw, Mapping) or raw.get("do") not in ACTS:
        kind = raw.get("do") if isinstance(raw, Mapping) else raw
        p.add(f"{path}.do", f"must be one of {', '.join(ACTS)}, got {_shown(kind)}")
        return None
    kind = str(raw["do"])
    needed = ACTS[kind]
    for key in raw:
        if key != "do" and key not in needed and key not in OPTIONAL:
            p.add(f"{path}.{key}", f"is not a field of a '{kind}' act")
    values: dict[str, Any] = {}
    for key in (*needed, "named", "parties", "mover_kind"):
        if key == "commission" and kind == "commission-act":
            values[key] = _text(raw.get(key), f"{path}.{key}", p)
        elif key in raw:
            values[key] = _READERS[key](raw[key], f"{path}.{key}", p)
        elif key in needed:
            p.add(f"{path}.{key}", f"is missing (a '{kind}' act needs {', '.join(needed)})")
    if "scope" in raw and raw["scope"] not in SCOPES:
        p.add(f"{path}.scope", f"must be one of {', '.join(SCOPES)}, got {_shown(raw['scope'])}")
    source = _source(raw["source"], f"{path}.source", p) if "source" in raw else None
    if kind in FIGURED and source is None:
        p.add(f"{path}.source", "is missing: every figure needs a seed and quote, or an estimate")
    if values.get("signatures", 0) > CALLS_PER_ACT:
        p.add(f"{path}.signatures", f"at most {CALLS_PER_ACT} signatures fit in one act")
    if kind == "motion" and "commission" in raw:
        values["commission"] = _commission(raw["commission"], f"{path}.commission", p)
    elif kind != "commission-act" and "commission" in raw:
        p.add(f"{path}.commission", f"is not a field of a '{kind}' act")
    scope = str(raw.get("scope", "constituencies"))
    return Act(kind, at, path, source, scope=scope, **values)


def _step(raw: object, path: str, after: date | None, p: _Problems) -> tuple[date, list[Any]]:
    keys = {"date", "title", "story", "show", "acts"}
    if not isinstance(raw, Mapping) or not set(raw) <= keys or "date" not in raw:
        p.add(path, f"must be a step with {', '.join(sorted(keys))}, got {_shown(raw)}")
        return after or date(1917, 1, 1), []
    day = _day(raw["date"], f"{path}.date", p)
    acts = raw.get("acts", [])
    if not isinstance(acts, list):
        p.add(f"{path}.acts", f"must be a list of acts, got {_shown(acts)}")
        acts = []
    return day, acts


def parse_scenario(document: object, file: str = "acts.yaml") -> Scenario:
    """Check a scenario's acts document and return it, or raise every problem at once,
    each named by file, step and field."""
    p = _Problems()
    if not isinstance(document, Mapping) or not isinstance(document.get("steps"), list):
        p.add(file, "must be a mapping with scenario, statute and a list of steps")
        p.raise_if_any()
    assert isinstance(document, Mapping)
    steps: list[Step] = []
    last: date | None = None
    on_day = 0
    for index, raw in enumerate(document["steps"]):
        path = f"{file}: steps[{index}]"
        day, acts = _step(raw, path, last, p)
        parsed: list[Act] = []
        for number, act in enumerate(acts):
            where = f"{path}.acts[{number}]"
            given = act.get("at") if isinstance(act, Mapping) else None
            at_day = _day(given, f"{where}.at", p) if given is not None else day
            if last is not None and at_day < last:
                p.add(f"{where}.at", f"{at_day} comes before {last}: acts must follow in time")
            if at_day > day:
                p.add(f"{where}.at", f"{at_day} is after its step's date {day}")
            on_day = on_day + 1 if at_day == last else 0
            if on_day >= ACTS_PER_DAY:
                p.add(f"{where}.at", f"more than {ACTS_PER_DAY} acts on {at_day}")
            last = at_day
            start = datetime(at_day.year, at_day.month, at_day.day, 8, tzinfo=UTC)
            found = _act(act, where, at_day, start + on_day * ACT_STEP, p)
            if found is not None:
                parsed.append(found)
        if last is not None and day < last:
            p.add(f"{path}.date", f"{day} comes before its acts ({last})")
        if last is None or day > last:
            last, on_day = day, -1
        if isinstance(raw, Mapping):
            shown = raw.get("show", [])
            steps.append(
                Step(
                    day,
                    _text(raw.get("title"), f"{path}.title", p),
                    _text(raw.get("story"), f"{path}.story", p),
                    _texts(shown, f"{path}.show", p) if shown else (),
                    tuple(parsed),
                )
            )
    slug = _text(document.get("scenario"), f"{file}: scenario", p)
    statute = _text(document.get("statute"), f"{file}: statute", p)
    p.raise_if_any()
    return Scenario(slug, statute, tuple(steps))
