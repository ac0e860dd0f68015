"""A federation's statute: the declared rules of its councils, checked all at once.

"The rules varied with the needs and population of various localities" (John Reed, in
seeds/003): 1 delegate per 500 voters in a city, a fixed number per regiment "regardless
of its strength", representation for any group that organises and demands it. A statute
declares, per council, how many delegates each kind of constituency sends, the electoral
method and threshold, whether party seats are pooled over the whole council while each
constituency keeps its number of seats, the franchise by date, the recall rule and any
term. Every problem in a statute is reported at once, each with its path in the file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from soviet.errors import InvalidInput
from soviet.methods import METHODS

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ROUNDINGS = ("up", "down", "nearest")
ALLOCATIONS = ("per-constituency", "pooled")
TIE_RULES = ("raise", "lot")
RECALL_BASES = ("electorate", "last-turnout")
RECALL_OUTCOMES = ("next-on-list", "recall-vote", "fresh-election")


@dataclass(frozen=True)
class DelegateRule:
    """How many delegates one constituency of a kind sends: per N voters, or a fixed number."""

    per_voters: int | None = None
    rounding: str = "nearest"
    minimum: int = 1
    maximum: int | None = None
    fixed: int | None = None

    def seats_for(self, electorate: int) -> int:
        """The delegates of a constituency with `electorate` voters."""
        if self.fixed is not None:
            return self.fixed
        assert self.per_voters is not None
        whole, rest = divmod(electorate, self.per_voters)
        if self.rounding == "up" and rest:
            whole += 1
        elif self.rounding == "nearest" and 2 * rest >= self.per_voters:
            whole += 1  # half a quota or more earns the seat
        seats = max(whole, self.minimum)
        return seats if self.maximum is None else min(seats, self.maximum)


@dataclass(frozen=True)
class HouseRule:
    """A council of fixed size whose seats are apportioned among constituencies by electorate."""

    size: int
    method: str
    minimum: int = 0


@dataclass(frozen=True)
class ElectionRule:
    """How the votes of a constituency (or of the whole council, pooled) become party seats."""

    method: str = "sainte-lague"
    threshold: Fraction = Fraction(0)
    allocation: str = "per-constituency"
    ties: str = "raise"


@dataclass(frozen=True)
class FranchisePeriod:
    """Who may vote from a date on: a minimum age, and categories of members excluded."""

    since: date
    minimum_age: int | None = None
    excluded: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RecallRule:
    """When a recall petition succeeds, and what follows."""

    basis: str = "electorate"
    share: Fraction = Fraction(1, 2)
    then: str = "next-on-list"


@dataclass(frozen=True)
class CouncilRule:
    """One council of the statute."""

    slug: str
    name: str
    delegates: Mapping[str, DelegateRule]
    house: HouseRule | None
    election: ElectionRule
    franchise: tuple[FranchisePeriod, ...]
    recall: RecallRule
    term_days: int | None

    def franchise_on(self, day: date) -> FranchisePeriod | None:
        """The franchise in force on `day` (None before the first period)."""
        current = None
        for period in self.franchise:
            if period.since <= day:
                current = period
        return current


@dataclass(frozen=True)
class Statute:
    """A federation's statute, checked."""

    federation: str
    name: str
    administrators: tuple[str, ...]  # accounts that may amend the statute and keep registers
    kinds: Mapping[str, str]  # constituency kind slug to its name
    councils: Mapping[str, CouncilRule]


class _Problems:
    """Collects every problem with its path, so that all are reported at once."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, path: str, reason: str) -> None:
        self.found.append(f"{path}: {reason}")

    def raise_if_any(self) -> None:
        if self.found:
            count = len(self.found)
            head = f"statute has {count} problem{'s' if count > 1 else ''}:"
            raise InvalidInput("\n  ".join([head, *self.found]))


def _keys(value: object, path: str, allowed: tuple[str, ...], p: _Problems) -> dict[str, Any]:
    """A mapping with only `allowed` keys (unknown ones reported), or {} if not a mapping."""
    if not isinstance(value, Mapping):
        p.add(path, f"must be a mapping, got {_shown(value)}")
        return {}
    for key in value:
        if key not in allowed:
            p.add(f"{path}.{key}", f"unknown key; expected one of {', '.join(allowed)}")
    return {str(k): v for k, v in value.items()}


def _shown(value: object) -> str:
    return "nothing" if value is None else f"{type(value).__name__} {value!r}"


def _slug(value: object, path: str, p: _Problems) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        p.add(path, f"must be a slug of lowercase letters, digits and hyphens, got {_shown(value)}")
        return ""
    return value


def _text(value: object, path: str, p: _Problems) -> str:
    if not isinstance(value, str) or not value.strip():
        p.add(path, f"must be a non-empty text, got {_shown(value)}")
        return ""
    return value.strip()


def _int(value: object, path: str, p: _Problems, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        p.add(path, f"must be an integer of at least {minimum}, got {_shown(value)}")
        return minimum
    return value


def _choice(value: object, choices: tuple[str, ...], path: str, p: _Problems) -> str:
    if value not in choices:
        p.add(path, f"must be one of {', '.join(choices)}, got {_shown(value)}")
        return choices[0]
    return str(value)


def parse_share(value: object) -> Fraction:
    """A share written as 3%, 1/2, 0.05 or 0; raises ValueError when it is none."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            return Fraction(text[:-1].strip()) / 100
        return Fraction(text)
    raise ValueError(value)


def _share(value: object, path: str, p: _Problems, *, positive: bool) -> Fraction:
    try:
        share = parse_share(value)
    except (ValueError, ZeroDivisionError):
        share = Fraction(-1)
    low_ok = share > 0 if positive else share >= 0
    if not low_ok or share > 1:
        lowest = "above 0" if positive else "0"
        p.add(path, f"must be a share from {lowest} to 1 (as 3%, 1/2 or 0.05), got {_shown(value)}")
        return Fraction(1)
    return share


def _date(value: object, path: str, p: _Problems) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        p.add(path, f"must be a date (YYYY-MM-DD), got {_shown(value)}")
        return date.min


def _method(value: object, path: str, p: _Problems) -> str:
    if value not in METHODS:
        p.add(path, f"unknown method {_shown(value)}; known: {', '.join(sorted(METHODS))}")
        return "sainte-lague"
    return str(value)


def _delegate_rule(value: object, path: str, p: _Problems) -> DelegateRule:
    raw = _keys(value, path, ("per_voters", "rounding", "minimum", "maximum", "fixed"), p)
    if ("per_voters" in raw) == ("fixed" in raw):
        p.add(path, "must give exactly one of per_voters (1 per N voters) and fixed")
        return DelegateRule(fixed=1)
    if "fixed" in raw:
        extra = sorted(set(raw) - {"fixed"})
        if extra:
            p.add(path, f"a fixed number of delegates takes no {', '.join(extra)}")
        return DelegateRule(fixed=_int(raw["fixed"], f"{path}.fixed", p, minimum=1))
    minimum = _int(raw.get("minimum", 1), f"{path}.minimum", p)
    maximum = raw.get("maximum")
    if maximum is not None:
        maximum = _int(maximum, f"{path}.maximum", p, minimum=max(minimum, 1))
    return DelegateRule(
        per_voters=_int(raw["per_voters"], f"{path}.per_voters", p, minimum=1),
        rounding=_choice(raw.get("rounding", "nearest"), ROUNDINGS, f"{path}.rounding", p),
        minimum=minimum,
        maximum=maximum,
    )


def _house(value: object, path: str, p: _Problems) -> HouseRule:
    raw = _keys(value, path, ("size", "method", "minimum"), p)
    size = _int(raw.get("size"), f"{path}.size", p, minimum=1)
    minimum = _int(raw.get("minimum", 0), f"{path}.minimum", p)
    method = _method(raw.get("method", "huntington-hill"), f"{path}.method", p)
    return HouseRule(size=size, method=method, minimum=minimum)


def _election(value: object, path: str, p: _Problems) -> ElectionRule:
    raw = _keys(value, path, ("method", "threshold", "allocation", "ties"), p)
    return ElectionRule(
        method=_method(raw.get("method", "sainte-lague"), f"{path}.method", p),
        threshold=_share(raw.get("threshold", 0), f"{path}.threshold", p, positive=False),
        allocation=_choice(
            raw.get("allocation", "per-constituency"), ALLOCATIONS, f"{path}.allocation", p
        ),
        ties=_choice(raw.get("ties", "raise"), TIE_RULES, f"{path}.ties", p),
    )


def _franchise(value: object, path: str, p: _Problems) -> tuple[FranchisePeriod, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        p.add(path, f"must be a list of periods, got {_shown(value)}")
        return ()
    periods = []
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        raw = _keys(item, where, ("since", "minimum_age", "excluded"), p)
        age = raw.get("minimum_age")
        excluded = raw.get("excluded", [])
        if not isinstance(excluded, list) or not all(isinstance(x, str) for x in excluded):
            p.add(f"{where}.excluded", f"must be a list of categories, got {_shown(excluded)}")
            excluded = []
        periods.append(
            FranchisePeriod(
                since=_date(raw.get("since"), f"{where}.since", p),
                minimum_age=None if age is None else _int(age, f"{where}.minimum_age", p),
                excluded=frozenset(excluded),
            )
        )
    for index, (before, after) in enumerate(itertools.pairwise(periods)):
        if after.since <= before.since:
            p.add(f"{path}[{index + 1}].since", "periods must follow each other in time")
    return tuple(periods)


def _recall(value: object, path: str, p: _Problems) -> RecallRule:
    raw = _keys(value if value is not None else {}, path, ("basis", "share", "then"), p)
    return RecallRule(
        basis=_choice(raw.get("basis", "electorate"), RECALL_BASES, f"{path}.basis", p),
        share=_share(raw.get("share", "1/2"), f"{path}.share", p, positive=True),
        then=_choice(raw.get("then", "next-on-list"), RECALL_OUTCOMES, f"{path}.then", p),
    )


def _accounts(value: object, p: _Problems) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
        p.add("federation.administrators", f"must be a list of accounts, got {_shown(value)}")
        return ()
    return tuple(sorted({a.strip() for a in value}))


def _kinds(value: object, p: _Problems) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value:
        p.add("constituency_kinds", f"must name at least one kind, got {_shown(value)}")
        return {}
    kinds = {}
    for kind, spec in value.items():
        path = f"constituency_kinds.{kind}"
        raw = _keys(spec if spec is not None else {}, path, ("name",), p)
        kinds[_slug(kind, path, p)] = _text(raw.get("name", kind), f"{path}.name", p)
    return kinds


_COUNCIL_KEYS = ("name", "delegates", "house", "election", "franchise", "recall", "term_days")


def _council(slug: str, value: object, kinds: Mapping[str, str], p: _Problems) -> CouncilRule:
    path = f"councils.{slug}"
    raw = _keys(value, path, _COUNCIL_KEYS, p)
    delegates: dict[str, DelegateRule] = {}
    house = None
    if ("delegates" in raw) == ("house" in raw):
        p.add(path, "must give exactly one of delegates (per kind) and house (a total size)")
    elif "house" in raw:
        house = _house(raw["house"], f"{path}.house", p)
    else:
        for kind, rule in _keys(raw["delegates"], f"{path}.delegates", tuple(kinds), p).items():
            delegates[kind] = _delegate_rule(rule, f"{path}.delegates.{kind}", p)
    term = raw.get("term_days")
    return CouncilRule(
        slug=slug,
        name=_text(raw.get("name"), f"{path}.name", p),
        delegates=delegates,
        house=house,
        election=_election(raw.get("election", {}), f"{path}.election", p),
        franchise=_franchise(raw.get("franchise"), f"{path}.franchise", p),
        recall=_recall(raw.get("recall"), f"{path}.recall", p),
        term_days=None if term is None else _int(term, f"{path}.term_days", p, minimum=1),
    )


def parse_statute(document: object) -> Statute:
    """Check a statute document (as read from YAML) and return it, or raise every problem."""
    p = _Problems()
    raw = _keys(document, "statute", ("federation", "constituency_kinds", "councils"), p)
    federation = _keys(raw.get("federation"), "federation", ("slug", "name", "administrators"), p)
    kinds = _kinds(raw.get("constituency_kinds"), p)
    councils: dict[str, CouncilRule] = {}
    council_specs = raw.get("councils")
    if not isinstance(council_specs, Mapping) or not council_specs:
        p.add("councils", f"must name at least one council, got {_shown(council_specs)}")
        council_specs = {}
    for slug, spec in council_specs.items():
        councils[_slug(slug, f"councils.{slug}", p)] = _council(str(slug), spec, kinds, p)
    statute = Statute(
        federation=_slug(federation.get("slug"), "federation.slug", p),
        name=_text(federation.get("name"), "federation.name", p),
        administrators=_accounts(federation.get("administrators", []), p),
        kinds=kinds,
        councils=councils,
    )
    p.raise_if_any()
    return statute
