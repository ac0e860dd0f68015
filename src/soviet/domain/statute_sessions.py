"""Reading how a council deliberates: its quorum, decision rule, abstentions and order of
amendments; and whether it is a factory committee deciding its plant's requests."""

from __future__ import annotations

from collections.abc import Mapping

from soviet.domain.proxies import proxy_rule
from soviet.domain.reading import _choice, _int, _keys, _Problems, _share, _shown, _slug, _text
from soviet.domain.rules import (
    ABSTENTIONS,
    AMENDMENT_ORDERS,
    DECISION_RULES,
    FIRST_TIME,
    RESULTS,
    SECRET_BALLOTS,
    SPEAKER_ORDERS,
    DelegateRule,
    FactoryCommittee,
    Quorum,
    SessionRule,
    SpeakerGroup,
    SpeakersRule,
)

#: The longest time limit a statute may set: a day.
SECONDS_MAX = 86_400


def _quorum(value: object, path: str, p: _Problems) -> Quorum:
    if value == "majority":
        return Quorum("majority")
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            p.add(path, f"a number of members must be at least 1, got {_shown(value)}")
        return Quorum("count", count=max(value, 1))
    if isinstance(value, str) and ("/" in value or value.strip().endswith("%")):
        return Quorum("share", share=_share(value, path, p, positive=True))
    p.add(
        path,
        "must be majority (more than half of the seats), a share of the seats "
        f"(as 1/3 or 40%) or a number of members, got {_shown(value)}",
    )
    return Quorum()


def _groups(value: object, path: str, p: _Problems) -> tuple[SpeakerGroup, ...]:
    raw = _keys(value, path, (), p, open_keys=True)
    groups = []
    for name, persons in raw.items():
        _slug(name, f"{path}.{name}", p)
        if not isinstance(persons, list):
            p.add(f"{path}.{name}", f"must be a list of persons, got {_shown(persons)}")
            continue
        for i, person in enumerate(persons):
            _slug(person, f"{path}.{name}[{i}]", p)
        groups.append(SpeakerGroup(name, frozenset(str(person) for person in persons)))
    return tuple(groups)


def _priority(value: object, names: set[str], path: str, p: _Problems) -> tuple[str, ...]:
    if not isinstance(value, list):
        p.add(path, f"must be a list of groups, got {_shown(value)}")
        return ()
    for i, name in enumerate(value):
        if name != FIRST_TIME and name not in names:
            known = ", ".join([FIRST_TIME, *sorted(names)])
            p.add(f"{path}[{i}]", f"must be one of {known}, got {_shown(name)}")
    return tuple(str(name) for name in value)


def _limit(value: object, path: str, p: _Problems) -> int | None:
    return None if value is None else _int(value, path, p, minimum=1, maximum=SECONDS_MAX)


def speakers_rule(value: object, path: str, p: _Problems) -> SpeakersRule:
    """The `sessions.speakers:` entry: the ordering of every list of speakers, the
    priority groups, and the time limits; every key has a default."""
    keys = ("order", "priority", "groups", "speech_seconds", "fraction_seconds")
    raw = _keys(value if value is not None else {}, path, keys, p)
    groups = _groups(raw.get("groups", {}), f"{path}.groups", p)
    order = _choice(raw.get("order", SPEAKER_ORDERS[0]), SPEAKER_ORDERS, f"{path}.order", p)
    priority = _priority(
        raw.get("priority", [FIRST_TIME] if order == "priority" else []),
        {group.name for group in groups},
        f"{path}.priority",
        p,
    )
    return SpeakersRule(
        order=order,
        priority=priority,
        groups=groups,
        speech_seconds=_limit(raw.get("speech_seconds"), f"{path}.speech_seconds", p),
        fraction_seconds=_limit(raw.get("fraction_seconds"), f"{path}.fraction_seconds", p),
    )


def session_rule(value: object, path: str, p: _Problems) -> SessionRule:
    """The council's `sessions:` entry; every key has a default."""
    keys = (
        "quorum",
        "decision",
        "abstentions",
        "amendments",
        "speakers",
        "results",
        "proxies",
        "secret_ballots",
    )
    raw = _keys(value if value is not None else {}, path, keys, p)
    return SessionRule(
        quorum=_quorum(raw.get("quorum", "majority"), f"{path}.quorum", p),
        decision=_choice(
            raw.get("decision", DECISION_RULES[0]), DECISION_RULES, f"{path}.decision", p
        ),
        abstentions=_choice(
            raw.get("abstentions", ABSTENTIONS[0]), ABSTENTIONS, f"{path}.abstentions", p
        ),
        amendments=_choice(
            raw.get("amendments", AMENDMENT_ORDERS[0]), AMENDMENT_ORDERS, f"{path}.amendments", p
        ),
        speakers=speakers_rule(raw.get("speakers"), f"{path}.speakers", p),
        results=_choice(raw.get("results", RESULTS[0]), RESULTS, f"{path}.results", p),
        proxies=proxy_rule(raw.get("proxies"), f"{path}.proxies", p),
        secret_ballots=_choice(
            raw.get("secret_ballots", SECRET_BALLOTS[0]),
            SECRET_BALLOTS,
            f"{path}.secret_ballots",
            p,
        ),
    )


def factory_committee(
    value: object, path: str, delegates: Mapping[str, DelegateRule], p: _Problems
) -> FactoryCommittee | None:
    """The council's `factory_committee:` entry: "one delegate from each shop" (seeds/003)."""
    if value is None:
        return None
    raw = _keys(value, path, ("plant",), p)
    if not delegates:
        p.add(path, "a factory committee is elected by the shops of its plant: give delegates")
    for kind, rule in delegates.items():
        if rule.fixed != 1:
            p.add(
                path,
                f"a factory committee has one delegate from each shop, but {kind} does not send "
                "exactly one (fixed: 1)",
            )
    return FactoryCommittee(plant=_text(raw.get("plant"), f"{path}.plant", p))
