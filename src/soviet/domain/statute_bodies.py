"""Reading the bodies a statute forms from other councils: ward soviets derived from the
city soviet, executive committees, congresses of councils; their refresh rule; sections."""

from __future__ import annotations

from collections.abc import Mapping

from soviet.domain.reading import (
    _choice,
    _delegate_rule,
    _entries,
    _house,
    _keys,
    _method,
    _Problems,
    _seats,
    _share,
    _shown,
    _slug,
    _text,
)
from soviet.domain.rules import (
    MEMBERS_FROM,
    BodyRule,
    CoOption,
    CouncilRule,
    DelegateRule,
    HouseRule,
    Refresh,
    Section,
)


def _sources(value: object, path: str, p: _Problems) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        p.add(path, f"must be a list of councils, got {_shown(value)}")
        return ()
    return tuple(_slug(item, f"{path}[{index}]", p) for index, item in enumerate(value))


def _co_opted(value: object, path: str, p: _Problems) -> tuple[CoOption, ...]:
    options = []
    keys = ("organisation", "seats", "voting")
    for where, raw in _entries(value, path, "organisations", keys, p):
        voting = raw.get("voting", True)
        if not isinstance(voting, bool):
            p.add(f"{where}.voting", f"must be true or false, got {_shown(voting)}")
        options.append(
            CoOption(
                organisation=_slug(raw.get("organisation"), f"{where}.organisation", p),
                seats=_seats(raw.get("seats", 1), f"{where}.seats", p, minimum=1),
                is_voting=voting is True,
            )
        )
    return tuple(options)


def _body(kind: str, value: object, path: str, p: _Problems) -> BodyRule:
    if kind == "derived":
        raw = _keys(value, path, ("from", "tags"), p)
        tags = raw.get("tags", {})
        if not isinstance(tags, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in tags.items()
        ):
            p.add(f"{path}.tags", f"must map tag names to values, got {_shown(tags)}")
            tags = {}
        return BodyRule("derived", (_slug(raw.get("from"), f"{path}.from", p),), dict(tags))
    keys: tuple[str, ...] = ("of", "seats", "method", "members_from", "co_opted")
    if kind == "congress":
        keys = ("members", "delegation", "house", "method", "members_from")
    raw = _keys(value, path, keys, p)
    method = _method(raw.get("method", "dhondt"), f"{path}.method", p)
    members_from = _choice(
        raw.get("members_from", "delegates"), MEMBERS_FROM, f"{path}.members_from", p
    )
    if kind == "executive":
        return BodyRule(
            "executive",
            (_slug(raw.get("of"), f"{path}.of", p),),
            seats=_seats(raw.get("seats"), f"{path}.seats", p, minimum=1),
            method=method,
            members_from=members_from,
            co_opted=_co_opted(raw.get("co_opted"), f"{path}.co_opted", p),
        )
    members = _sources(raw.get("members"), f"{path}.members", p)
    delegation, house = _delegations(raw, path, len(members), p)
    return BodyRule(
        "congress",
        members,
        method=method,
        members_from=members_from,
        delegation=delegation,
        house=house,
    )


def _delegations(
    raw: Mapping[str, object], path: str, members: int, p: _Problems
) -> tuple[DelegateRule | None, HouseRule | None]:
    """A congress's delegations: each member council's by its own electorate, or a house of
    fixed size apportioned among them (30 seats by Huntington-Hill, at least 1 each)."""
    if ("delegation" in raw) == ("house" in raw):
        p.add(path, "must give exactly one of delegation (per member council) and house")
        return DelegateRule(fixed=1), None
    if "delegation" in raw:
        return _delegate_rule(raw["delegation"], f"{path}.delegation", p), None
    house = _house(raw["house"], f"{path}.house", p)
    if house.size < house.minimum * members:
        p.add(
            f"{path}.house.size",
            f"{house.size} seats cannot give {members} member councils at least "
            f"{house.minimum} each",
        )
    return None, house


def _refresh(value: object, path: str, p: _Problems) -> Refresh:
    if value is None or value in ("continuous", "on-convocation"):
        return Refresh(str(value or "continuous"))
    if isinstance(value, Mapping) and set(value) == {"on-drift"}:
        return Refresh("on-drift", _share(value["on-drift"], f"{path}.on-drift", p, positive=True))
    p.add(path, f"must be continuous, on-convocation or {{on-drift: SHARE}}, got {_shown(value)}")
    return Refresh()


def _sections(
    value: object, path: str, kinds: Mapping[str, str], p: _Problems
) -> dict[str, Section]:
    sections = {}
    for slug, spec in _keys(
        value if value is not None else {}, path, (), p, open_keys=True
    ).items():
        where = f"{path}.{slug}"
        raw = _keys(spec, where, ("name", "kinds"), p)
        named = raw.get("kinds")
        if not isinstance(named, list) or not named:
            p.add(f"{where}.kinds", f"must list constituency kinds, got {_shown(named)}")
            named = []
        for kind in named:
            if kind not in kinds:
                p.add(f"{where}.kinds", f"kind {kind!r} is not in the statute")
        sections[_slug(slug, where, p)] = Section(
            _text(raw.get("name", slug), f"{where}.name", p), frozenset(map(str, named))
        )
    return sections


def _check_sources(councils: Mapping[str, CouncilRule], p: _Problems) -> None:
    """Every body is formed from councils that exist, and none from itself, at any depth."""
    for slug, council in councils.items():
        body = council.body
        if body is None:
            continue
        for source in body.sources:
            if source not in councils:
                p.add(f"councils.{slug}.{body.kind}", f"council '{source}' does not exist")
    state: dict[str, str] = {}

    def visit(slug: str, trail: list[str]) -> None:
        if state.get(slug) == "done" or slug not in councils:
            return
        if state.get(slug) == "open":
            cycle = " -> ".join([*trail[trail.index(slug) :], slug])
            p.add(f"councils.{slug}", f"is formed from itself: {cycle}")
            return
        state[slug] = "open"
        body = councils[slug].body
        for source in body.sources if body else ():
            visit(source, [*trail, slug])
        state[slug] = "done"

    for slug in councils:
        visit(slug, [])
