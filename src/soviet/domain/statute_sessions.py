"""Reading how a council deliberates: its quorum, decision rule, abstentions and order of
amendments; and whether it is a factory committee deciding its plant's requests."""

from __future__ import annotations

from collections.abc import Mapping

from soviet.domain.reading import _choice, _keys, _Problems, _share, _shown, _text
from soviet.domain.rules import (
    ABSTENTIONS,
    AMENDMENT_ORDERS,
    DECISION_RULES,
    DelegateRule,
    FactoryCommittee,
    Quorum,
    SessionRule,
)


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


def session_rule(value: object, path: str, p: _Problems) -> SessionRule:
    """The council's `sessions:` entry; every key has a default."""
    keys = ("quorum", "decision", "abstentions", "amendments")
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
