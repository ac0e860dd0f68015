"""A statute written out: the full document (defaults included) that is journaled, and
the differences between two documents that `soviet apply --dry-run` shows."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from soviet.domain.rules import (
    BodyRule,
    CouncilRule,
    DelegateRule,
    HouseRule,
    Quorum,
    SessionRule,
    SpeakersRule,
    Statute,
)


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


def _house_document(house: HouseRule) -> dict[str, Any]:
    return {"size": house.size, "method": house.method, "minimum": house.minimum}


def _body_document(body: BodyRule) -> dict[str, Any]:
    if body.kind == "derived":
        return {"from": body.sources[0], "tags": dict(sorted(body.tags.items()))}
    common = {"method": body.method, "members_from": body.members_from}
    if body.kind == "executive":
        co_opted = [
            {"organisation": c.organisation, "seats": c.seats, "voting": c.is_voting}
            for c in body.co_opted
        ]
        return {"of": body.sources[0], "seats": body.seats, **common, "co_opted": co_opted}
    if body.house is not None:
        return {"members": list(body.sources), "house": _house_document(body.house), **common}
    assert body.delegation is not None
    return {
        "members": list(body.sources),
        "delegation": _rule_document(body.delegation),
        **common,
    }


def _elected_document(council: CouncilRule) -> dict[str, Any]:
    document: dict[str, Any] = {}
    if council.house is not None:
        document["house"] = _house_document(council.house)
    else:
        document["delegates"] = {k: _rule_document(r) for k, r in council.delegates.items()}
    election = council.election
    document["election"] = {
        "method": election.method,
        "threshold": _fraction(election.threshold),
        "allocation": election.allocation,
        "ties": election.ties,
        # Written only when announced, so that statutes journaled before the key existed
        # read the same.
        **({"seed": election.seed} if election.seed is not None else {}),
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
        # Written only when allowed, so that statutes journaled before it read the same.
        **({"paper_signatures": True} if recall.has_paper_signatures else {}),
    }
    if council.term_days is not None:
        document["term_days"] = council.term_days
    return document


def _quorum_document(quorum: Quorum) -> str | int:
    if quorum.kind == "share":
        return f"{quorum.share.numerator}/{quorum.share.denominator}"
    return quorum.count if quorum.kind == "count" else "majority"


def _speakers_document(rule: SpeakersRule) -> dict[str, Any]:
    """A council's rules for its lists of speakers, each limit written only when set."""
    document: dict[str, Any] = {"order": rule.order}
    if rule.priority:
        document["priority"] = list(rule.priority)
    if rule.groups:
        document["groups"] = {group.name: sorted(group.persons) for group in rule.groups}
    for key in ("speech_seconds", "fraction_seconds"):
        if getattr(rule, key) is not None:
            document[key] = getattr(rule, key)
    return document


def _sessions_document(council: CouncilRule) -> dict[str, Any]:
    """A council's plenary rules and factory committee, written only when it has them (a
    statute written before sessions existed journals as it did)."""
    document: dict[str, Any] = {}
    rule = council.sessions
    if rule != SessionRule():
        document["sessions"] = {
            "quorum": _quorum_document(rule.quorum),
            "decision": rule.decision,
            "abstentions": rule.abstentions,
            "amendments": rule.amendments,
        }
        if rule.speakers != SpeakersRule():
            document["sessions"]["speakers"] = _speakers_document(rule.speakers)
        if rule.results != SessionRule().results:
            document["sessions"]["results"] = rule.results
        if rule.secret_ballots != SessionRule().secret_ballots:
            document["sessions"]["secret_ballots"] = rule.secret_ballots
        if rule.proxies is not None:
            document["sessions"]["proxies"] = {
                "max_held": rule.proxies.max_held,
                "same_fraction": rule.proxies.same_fraction,
            }
    if council.factory is not None:
        document["factory_committee"] = {"plant": council.factory.plant}
    return document


def _council_document(council: CouncilRule) -> dict[str, Any]:
    document: dict[str, Any] = {"name": council.name}
    if council.body is None:
        document.update(_elected_document(council))
    else:
        document[council.body.kind] = _body_document(council.body)
        refresh = council.refresh
        document["refresh"] = (
            {"on-drift": _fraction(refresh.threshold)}
            if refresh.policy == "on-drift"
            else refresh.policy
        )
    if council.sections:
        document["sections"] = {
            slug: {"name": section.name, "kinds": sorted(section.kinds)}
            for slug, section in council.sections.items()
        }
    document.update(_sessions_document(council))
    for key in ("secretariat", "check_in_desk"):
        if getattr(council, key):
            document[key] = list(getattr(council, key))
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
