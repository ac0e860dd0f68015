"""A statute written out: the full document (defaults included) that is journaled, and
the differences between two documents that `soviet apply --dry-run` shows."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from soviet.domain.statute import CouncilRule, DelegateRule, Statute


def _fraction(value: Fraction) -> str:
    return str(value)


def _rule_document(rule: DelegateRule) -> dict[str, Any]:
    if rule.fixed is not None:
        return {"fixed": rule.fixed}
    document: dict[str, Any] = {
        "per_voters": rule.per_voters,
        "rounding": rule.rounding,
        "minimum": rule.minimum,
    }
    if rule.maximum is not None:
        document["maximum"] = rule.maximum
    return document


def _council_document(council: CouncilRule) -> dict[str, Any]:
    document: dict[str, Any] = {"name": council.name}
    if council.house is not None:
        house = council.house
        document["house"] = {"size": house.size, "method": house.method, "minimum": house.minimum}
    else:
        document["delegates"] = {k: _rule_document(r) for k, r in council.delegates.items()}
    election = council.election
    document["election"] = {
        "method": election.method,
        "threshold": _fraction(election.threshold),
        "allocation": election.allocation,
        "ties": election.ties,
    }
    document["franchise"] = [
        {
            "since": period.since.isoformat(),
            **({"minimum_age": period.minimum_age} if period.minimum_age is not None else {}),
            "excluded": sorted(period.excluded),
        }
        for period in council.franchise
    ]
    recall = council.recall
    document["recall"] = {
        "basis": recall.basis,
        "share": _fraction(recall.share),
        "then": recall.then,
    }
    if council.term_days is not None:
        document["term_days"] = council.term_days
    return document


def statute_document(statute: Statute) -> dict[str, Any]:
    """The statute written out in full (defaults included), as JSON that journals exactly.

    Checking this document again gives back the same statute.
    """
    return {
        "federation": {
            "slug": statute.federation,
            "name": statute.name,
            "administrators": list(statute.administrators),
        },
        "constituency_kinds": {kind: {"name": name} for kind, name in statute.kinds.items()},
        "councils": {slug: _council_document(c) for slug, c in statute.councils.items()},
    }


_ABSENT = object()


def differences(before: object, after: object, path: str = "") -> list[str]:
    """What changes from one statute document to another, a line per changed leaf."""
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        lines: list[str] = []
        for key in sorted(set(before) | set(after), key=str):
            where = f"{path}.{key}" if path else str(key)
            old, new = before.get(key, _ABSENT), after.get(key, _ABSENT)
            if isinstance(old, Mapping) and new is _ABSENT:
                new = {}
            if isinstance(new, Mapping) and old is _ABSENT:
                old = {}
            lines.extend(differences(old, new, where))
        return lines
    if before is _ABSENT:
        return [f"+ {path}: {after!r}"]
    if after is _ABSENT:
        return [f"- {path}: {before!r}"]
    if before != after:
        return [f"~ {path}: {before!r} -> {after!r}"]
    return []
