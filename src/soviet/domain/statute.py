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
from collections.abc import Mapping
from typing import Any

from soviet.domain.limits import AGE_MAX, TERM_DAYS_MAX, account_problem
from soviet.domain.reading import (
    _choice,
    _date,
    _delegate_rule,
    _entries,
    _house,
    _int,
    _keys,
    _method,
    _Problems,
    _share,
    _shown,
    _slug,
    _text,
    parse_share,
)
from soviet.domain.rules import (
    ALLOCATIONS,
    BODY_KINDS,
    RECALL_BASES,
    RECALL_OUTCOMES,
    SLUG,
    TIE_RULES,
    BodyRule,
    CouncilRule,
    DelegateRule,
    ElectionRule,
    FranchisePeriod,
    HouseRule,
    RecallRule,
    Statute,
)
from soviet.domain.statute_bodies import _body, _check_sources, _refresh, _sections
from soviet.domain.statute_sessions import factory_committee, session_rule

__all__ = [
    "SLUG",
    "CouncilRule",
    "DelegateRule",
    "FranchisePeriod",
    "RecallRule",
    "Statute",
    "parse_share",
    "parse_statute",
]


#: Seeds of draws by lot are 63-bit, as the fresh ones drawn at close are.
SEED_LIMIT = 1 << 63


def _seed(raw: Mapping[str, object], ties: str, path: str, p: _Problems) -> int | None:
    """The seed a statute announces for its draws by lot, if it names one."""
    value = raw.get("seed")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < SEED_LIMIT:
        p.add(path, f"must be a whole number from 0 to 2^63-1, got {_shown(value)}")
        return None
    if ties != "lot":
        p.add(path, "a seed is for draws by lot: it needs ties: lot")
    return value


def _election(value: object, path: str, p: _Problems) -> ElectionRule:
    raw = _keys(value, path, ("method", "threshold", "allocation", "ties", "seed"), p)
    ties = _choice(raw.get("ties", "raise"), TIE_RULES, f"{path}.ties", p)
    return ElectionRule(
        method=_method(raw.get("method", "sainte-lague"), f"{path}.method", p),
        threshold=_share(raw.get("threshold", 0), f"{path}.threshold", p, positive=False),
        allocation=_choice(
            raw.get("allocation", "per-constituency"), ALLOCATIONS, f"{path}.allocation", p
        ),
        ties=ties,
        seed=_seed(raw, ties, f"{path}.seed", p),
    )


def _franchise(value: object, path: str, p: _Problems) -> tuple[FranchisePeriod, ...]:
    periods = []
    for where, raw in _entries(value, path, "periods", ("since", "minimum_age", "excluded"), p):
        age = raw.get("minimum_age")
        excluded = raw.get("excluded", [])
        if not isinstance(excluded, list) or not all(isinstance(x, str) for x in excluded):
            p.add(f"{where}.excluded", f"must be a list of categories, got {_shown(excluded)}")
            excluded = []
        periods.append(
            FranchisePeriod(
                since=_date(raw.get("since"), f"{where}.since", p),
                minimum_age=None
                if age is None
                else _int(age, f"{where}.minimum_age", p, maximum=AGE_MAX),
                excluded=frozenset(excluded),
            )
        )
    for index, (before, after) in enumerate(itertools.pairwise(periods)):
        if after.since <= before.since:
            p.add(f"{path}[{index + 1}].since", "periods must follow each other in time")
    return tuple(periods)


def _recall(value: object, path: str, p: _Problems) -> RecallRule:
    keys = ("basis", "share", "then", "paper_signatures")
    raw = _keys(value if value is not None else {}, path, keys, p)
    paper = raw.get("paper_signatures", False)
    if not isinstance(paper, bool):
        p.add(f"{path}.paper_signatures", f"must be true or false, got {_shown(paper)}")
    return RecallRule(
        basis=_choice(raw.get("basis", "electorate"), RECALL_BASES, f"{path}.basis", p),
        share=_share(raw.get("share", "1/2"), f"{path}.share", p, positive=True),
        then=_choice(raw.get("then", "next-on-list"), RECALL_OUTCOMES, f"{path}.then", p),
        has_paper_signatures=paper is True,
    )


def _accounts(
    value: object, p: _Problems, path: str = "federation.administrators"
) -> tuple[str, ...]:
    if not isinstance(value, list):
        p.add(path, f"must be a list of accounts, got {_shown(value)}")
        return ()
    for index, account in enumerate(value):
        reason = account_problem(account)
        if reason is not None:
            p.add(f"{path}[{index}]", f"{reason}, got {_shown(account, short=True)}")
    return tuple(sorted({a.strip() for a in value if account_problem(a) is None}))


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


_COUNCIL_KEYS = (
    "name",
    "delegates",
    "house",
    *BODY_KINDS,
    "election",
    "franchise",
    "recall",
    "term_days",
    "refresh",
    "sections",
    "sessions",
    "factory_committee",
    "secretariat",
    "check_in_desk",
)
_ELECTED_ONLY = ("election", "franchise", "recall", "term_days")


def _seats_rule(
    raw: dict[str, Any], path: str, kinds: Mapping[str, str], p: _Problems
) -> tuple[dict[str, DelegateRule], HouseRule | None, BodyRule | None]:
    given = [key for key in ("delegates", "house", *BODY_KINDS) if key in raw]
    if len(given) != 1:
        p.add(
            path,
            "must give exactly one of delegates (per kind), house (a total size), "
            "derived, executive or congress",
        )
        return {}, None, None
    key = given[0]
    if key == "house":
        return {}, _house(raw["house"], f"{path}.house", p), None
    if key in BODY_KINDS:
        for elected_only in _ELECTED_ONLY:
            if elected_only in raw:
                p.add(f"{path}.{elected_only}", f"a {key} body is not elected: remove it")
        return {}, None, _body(key, raw[key], f"{path}.{key}", p)
    delegates = {
        kind: _delegate_rule(rule, f"{path}.delegates.{kind}", p)
        for kind, rule in _keys(raw["delegates"], f"{path}.delegates", tuple(kinds), p).items()
    }
    return delegates, None, None


def _council(slug: str, value: object, kinds: Mapping[str, str], p: _Problems) -> CouncilRule:
    path = f"councils.{slug}"
    raw = _keys(value, path, _COUNCIL_KEYS, p)
    delegates, house, body = _seats_rule(raw, path, kinds, p)
    if body is None and "refresh" in raw:
        p.add(f"{path}.refresh", "an elected council follows its elections, not a refresh rule")
    term = raw.get("term_days")
    return CouncilRule(
        slug=slug,
        name=_text(raw.get("name"), f"{path}.name", p),
        delegates=delegates,
        house=house,
        election=_election(raw.get("election", {}), f"{path}.election", p),
        franchise=_franchise(raw.get("franchise"), f"{path}.franchise", p),
        recall=_recall(raw.get("recall"), f"{path}.recall", p),
        term_days=None
        if term is None
        else _int(term, f"{path}.term_days", p, minimum=1, maximum=TERM_DAYS_MAX),
        body=body,
        refresh=_refresh(raw.get("refresh"), f"{path}.refresh", p),
        sections=_sections(raw.get("sections"), f"{path}.sections", kinds, p),
        sessions=session_rule(raw.get("sessions"), f"{path}.sessions", p),
        factory=factory_committee(
            raw.get("factory_committee"), f"{path}.factory_committee", delegates, p
        ),
        secretariat=_accounts(raw.get("secretariat", []), p, f"{path}.secretariat"),
        check_in_desk=_accounts(raw.get("check_in_desk", []), p, f"{path}.check_in_desk"),
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
    _check_sources(councils, p)
    statute = Statute(
        federation=_slug(federation.get("slug"), "federation.slug", p),
        name=_text(federation.get("name"), "federation.name", p),
        administrators=_accounts(federation.get("administrators", []), p),
        kinds=kinds,
        councils=councils,
    )
    p.raise_if_any()
    return statute
