"""The order in which a statute's bodies follow the councils they are formed from.

A body formed from councils (a ward soviet, an executive, a congress) is refreshed after
every council it is formed from, at any depth; propagating an act's changes upwards needs
each council's place in that order and the bodies formed from each council.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from soviet.domain.rules import CouncilRule, Statute


def sources_of(rule: CouncilRule) -> tuple[str, ...]:
    """The councils a body is formed from (none for an elected council)."""
    return rule.body.sources if rule.body else ()


def order(statute_councils: Mapping[str, CouncilRule]) -> list[str]:
    """Councils with every body after the councils it is formed from."""
    placed: list[str] = []
    seen: set[str] = set()

    def place(slug: str) -> None:
        if slug in seen:
            return
        seen.add(slug)
        for source in sources_of(statute_councils[slug]):
            place(source)
        placed.append(slug)

    for slug in statute_councils:
        place(slug)
    return placed


@dataclass(frozen=True)
class Plan:
    """What propagation needs of a statute: each council's place in the order, and the
    bodies formed from each council."""

    rank: dict[str, int]
    dependents: dict[str, tuple[str, ...]]


def plan_of(statute: Statute) -> Plan:
    """The statute's plan (worked out once per statute version, beside its parsing)."""
    placed = order(statute.councils)
    dependents: dict[str, list[str]] = {}
    for slug in placed:
        for source in sources_of(statute.councils[slug]):
            dependents.setdefault(source, []).append(slug)
    return Plan(
        rank={slug: index for index, slug in enumerate(placed)},
        dependents={source: tuple(slugs) for source, slugs in dependents.items()},
    )
