"""Bodies formed from councils: refreshing them from the councils below, convening them,
their fractions' designations and co-options.

A `continuous` body follows every change below it in the same transaction; an
`on-convocation` body only when convened (the 1917 behaviour: "the Central Executive
Committee remained the same"); an `on-drift` body when its drift passes the statute's
share. Every refresh is a journal entry (`BodyRefreshed`) with the seats ended and begun.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from fractions import Fraction

from soviet.domain import bodies as forming
from soviet.domain.journal import format_time
from soviet.domain.rules import BodyRule, CouncilRule
from soviet.errors import RuleViolation
from soviet.services import context
from soviet.services.journal import utc_now
from soviet.store import acts, bodies, councils

#: How many rounds of refreshes one act may set off (deeper than any statute nests).
MAX_ROUNDS = 64


def sources_of(rule: CouncilRule) -> tuple[str, ...]:
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


def _members(ctx: context.Context, council: str, at: str) -> list[forming.Member]:
    council_id = councils.council_id(ctx.connection, ctx.federation.id, council)
    return [
        forming.Member(s.person, s.party, s.constituency, s.seat, s.since, s.tags)
        for s in bodies.members_at(ctx.connection, council_id, at)
        if s.is_voting
    ]


def electorate(ctx: context.Context, council: str) -> int:
    """Voters behind a council: its constituencies', or its sources' for a formed body."""
    if "electorates" not in ctx.memo:
        ctx.memo["electorates"] = bodies.council_electorates(ctx.connection, ctx.federation.id)
    sums: dict[str, int] = ctx.memo["electorates"]
    rule = ctx.statute.councils[council]
    if rule.body is None:
        return sums.get(council, 0)
    if rule.body.kind == "derived":
        parent, tags = rule.body.sources[0], rule.body.tags
        rows = bodies.electorates(ctx.connection, ctx.federation.id)
        return sum(
            n
            for slug, n, t in rows
            if slug == parent and all(t.get(k) == v for k, v in tags.items())
        )
    return sum(electorate(ctx, source) for source in rule.body.sources)


def _party_members(
    ctx: context.Context, rule: BodyRule, co_opted: list[str]
) -> dict[str, frozenset[str]]:
    """Party memberships a body's formation needs: all of them if its fractions may name any
    party member, else only those of the persons co-opted to it."""
    if rule.members_from != "party-members":
        if not co_opted:
            return {}
        return bodies.all_party_members(ctx.connection, ctx.federation.id, co_opted)
    if "party_members" not in ctx.memo:
        ctx.memo["party_members"] = bodies.all_party_members(ctx.connection, ctx.federation.id)
    members: dict[str, frozenset[str]] = ctx.memo["party_members"]
    return members


def _seed(council: str) -> int:
    # Ties between fractions are drawn by lot, with a seed fixed by the body, so that
    # forming it again from the same councils gives the same seats (drift stays 0); the
    # draw is journaled with each refresh.
    return int(hashlib.sha256(f"soviet:{council}".encode()).hexdigest()[:15], 16)


def formed(ctx: context.Context, council: str, at: str) -> forming.Formed:
    """The seats a body would have if formed at `at` from the councils below it."""
    rule = ctx.statute.councils[council]
    body = rule.body
    assert body is not None
    if body.kind == "derived":
        return forming.derive(_members(ctx, body.sources[0], at), body.tags)
    ids = council_ids(ctx)
    body_id = ids[council]
    co_opted = bodies.co_opted(ctx.connection, body_id)
    invited = [person for people in co_opted.values() for person in people]
    designations = forming.Designations(
        lists=bodies.designation_lists(ctx.connection, body_id, {v: k for k, v in ids.items()}),
        party_members=_party_members(ctx, body, invited),
        co_opted=co_opted,
    )
    seed = _seed(council)
    if body.kind == "executive":
        return forming.executive(body, _members(ctx, body.sources[0], at), designations, seed=seed)
    sources = {source: _members(ctx, source, at) for source in body.sources}
    electorates = {source: electorate(ctx, source) for source in body.sources}
    return forming.congress(body, sources, electorates, designations, seed=seed)


def _key(holder: forming.Holder | bodies.Seated) -> tuple[object, ...]:
    return (
        holder.person,
        holder.party,
        holder.constituency,
        holder.seat,
        holder.delegation,
        holder.co_opted_for,
        holder.is_voting,
    )


def refresh(ctx: context.Context, council: str, at: datetime | str, reason: str) -> bool:
    """Bring a body's seats to what its sources give at `at`; journal it if any changed
    (always, when convened). Returns whether seats changed."""
    moment = at if isinstance(at, str) else format_time(at)
    target = formed(ctx, council, moment)
    council_id = councils.council_id(ctx.connection, ctx.federation.id, council)
    current = bodies.members_at(ctx.connection, council_id, moment)
    wanted = {_key(h): h for h in target.holders}
    held = {_key(s): s for s in current}
    ended = sorted(s.id for key, s in held.items() if key not in wanted)
    started = [h for key, h in wanted.items() if key not in held]
    if not ended and not started and reason != "convened":
        return False
    payload = {
        "federation": ctx.federation.slug,
        "council": council,
        "at": moment,
        "reason": reason,
        "ended": ended,
        "started": [
            {
                "person": h.person,
                "party": h.party,
                "constituency": h.constituency,
                "seat": h.seat,
                "delegation": h.delegation,
                "co_opted_for": h.co_opted_for,
                "voting": h.is_voting,
            }
            for h in started
        ],
        "draws": [
            {
                "tied": list(map(str, d.tied)),
                "seats": d.seats,
                "winners": list(map(str, d.winners)),
                "seed": d.seed,
            }
            for d in target.draws
        ],
    }
    acts.record(
        ctx.connection, at=utc_now(), actor=ctx.actor, kind="BodyRefreshed", payload=payload
    )
    return bool(ended or started)


def drift_of(ctx: context.Context, council: str, at: str) -> forming.Drift:
    """How far a body is, at `at`, from what its base would give then."""
    council_id = councils.council_id(ctx.connection, ctx.federation.id, council)
    current = forming.seats_by_party(
        forming.Member(s.person, s.party, s.constituency, s.seat, s.since)
        for s in bodies.members_at(ctx.connection, council_id, at)
        if s.is_voting
    )
    if ctx.statute.councils[council].body is None:
        votes = bodies.latest_votes(ctx.connection, council_id, at)
        won = bodies.latest_votes(ctx.connection, council_id, at, seats=True)
        return forming.drift(council, current, won, "the latest elections", shares=votes)
    reference = forming.seats_by_party(formed(ctx, council, at).holders)
    return forming.drift(council, current, reference, "the body formed now")


def council_ids(ctx: context.Context) -> dict[str, int]:
    """Slug to id of the federation's councils, read once per act."""
    if "council_ids" not in ctx.memo:
        ctx.memo["council_ids"] = bodies.council_ids(ctx.connection, ctx.federation.id)
    ids: dict[str, int] = ctx.memo["council_ids"]
    return ids


def propagate(ctx: context.Context) -> None:
    """Refresh, in order, every body whose councils below changed in this transaction and
    whose statute says it follows them now (continuous, or on drift past its share)."""
    touched_now = bodies.changed_councils(ctx.connection)
    if not touched_now:
        return  # most acts change no seat: nothing to read
    slugs = {v: k for k, v in council_ids(ctx).items()}
    sequence = order(ctx.statute.councils)
    for _ in range(MAX_ROUNDS):
        changed = {slugs[c]: at for c, at in touched_now.items()}
        for council in sequence:
            rule = ctx.statute.councils[council]
            touched = [changed[s] for s in sources_of(rule) if s in changed]
            if not touched or rule.refresh.policy == "on-convocation":
                continue
            at = max(touched)
            if rule.refresh.policy == "on-drift":
                found = drift_of(ctx, council, at)
                if Fraction(found.gallagher) / 100 <= rule.refresh.threshold:
                    continue
            reason = "continuous" if rule.refresh.policy == "continuous" else "drift"
            refresh(ctx, council, at, reason)
        touched_now = bodies.changed_councils(ctx.connection)
        if not touched_now:
            return
    raise RuleViolation(f"refreshing the bodies of '{ctx.federation.slug}' does not settle")
