"""Acts on formed bodies: convening one, a fraction naming its members, an organisation
co-opting, and reading drift and the tree of bodies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from soviet.domain.bodies import Drift
from soviet.domain.events.bodies import CoOptionsSet
from soviet.domain.identity import Actor
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.views.councils import CouncilDrift, DriftMeasurement, Node, NodeDrift
from soviet.errors import InvalidInput, NotFound, RuleViolation
from soviet.services import bodies, context
from soviet.services.composition import composition
from soviet.services.journal import Clock, utc_now
from soviet.services.parties import CandidateList, record_lists, require_party_power
from soviet.services.unit_of_work import perform
from soviet.store import queries
from soviet.store.database import Database


def _formed_body(ctx: context.Context, council: str) -> None:
    ctx.require_council(council)
    if ctx.statute.councils[council].body is None:
        raise RuleViolation(f"council '{council}' is elected, not formed from other councils")


def convene(
    db: Database,
    council: str,
    *,
    federation: str | None = None,
    actor: Actor,
    convened_at: datetime | None = None,
    now: Clock = utc_now,
) -> bool:
    """Convene a formed body: it is formed anew from the councils below it, whatever its
    refresh rule. Returns whether its seats changed."""

    def act(ctx: context.Context) -> bool:
        ctx.require(Action.CONVENE_BODY)
        _formed_body(ctx, council)
        return bodies.refresh(ctx, council, convened_at or now(), "convened")

    return perform(db, federation, actor, act)


def designate(
    db: Database,
    council: str,
    party: str,
    persons: Sequence[str],
    *,
    delegation: str | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> Entry:
    """A fraction names, in order, who fills its seats in a formed body (for a congress:
    in the delegation of one member council). A continuous body follows at once."""

    def act(ctx: context.Context) -> Entry:
        require_party_power(ctx, party, Action.DESIGNATE)
        _formed_body(ctx, council)
        body = ctx.statute.councils[council].body
        assert body is not None
        if delegation is not None and delegation not in body.sources:
            raise NotFound(f"'{delegation}' sends no delegation to '{council}'")
        listed = [CandidateList(party, council, persons, delegation=delegation)]
        entry = record_lists(ctx, listed, now, is_members_only=False)
        if ctx.statute.councils[council].refresh.policy == "continuous":
            bodies.refresh(ctx, council, now(), "designation")
        else:
            bodies.measure_later(ctx, council, format_time(now()))
        return entry

    return perform(db, federation, actor, act)


def co_opt(
    db: Database,
    council: str,
    organisation: str,
    persons: Sequence[str],
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> Entry:
    """An organisation the statute names fills its co-opted seats in a body, in order.

    A party's organisation is its central committee; any other, the administrators.
    """

    def act(ctx: context.Context) -> Entry:
        is_party = queries.existing_slugs(
            ctx.connection, ctx.federation.id, "parties", [organisation]
        )
        ctx.require(Action.CO_OPT, Target(party=organisation if is_party else None))
        _formed_body(ctx, council)
        body = ctx.statute.councils[council].body
        assert body is not None
        offered = {c.organisation: c for c in body.co_opted}
        if organisation not in offered:
            names = ", ".join(offered) or "none"
            raise NotFound(
                f"'{council}' co-opts no delegates of '{organisation}' (it co-opts: {names})"
            )
        if len(persons) > offered[organisation].seats:
            raise InvalidInput(
                f"persons: '{organisation}' has {offered[organisation].seats} co-opted seats "
                f"in '{council}', not {len(persons)}"
            )
        known = queries.existing_slugs(ctx.connection, ctx.federation.id, "persons", persons)
        missing = sorted(set(persons) - known)
        if missing:
            raise NotFound(f"person: {', '.join(missing)} not registered")
        event = CoOptionsSet(
            federation=ctx.federation.slug,
            council=council,
            organisation=organisation,
            persons=tuple(persons),
        )
        entry = ctx.record(at=now(), actor=ctx.account, event=event)
        if ctx.statute.councils[council].refresh.policy == "continuous":
            bodies.refresh(ctx, council, now(), "co-option")
        else:
            bodies.measure_later(ctx, council, format_time(now()))
        return entry

    return perform(db, federation, actor, act)


def drift(
    db: Database,
    council: str | None = None,
    *,
    as_of: datetime | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> list[Drift]:
    """Every body's drift at `as_of` (or one body's), most drifted first."""
    moment = format_time(as_of or now())
    with context.reading(db, federation, actor) as ctx:
        slugs = [council] if council is not None else list(ctx.statute.councils)
        for slug in slugs:
            ctx.require_council(slug)
        measured = bodies.measured_drifts(ctx, moment)
        found = [measured.get(slug) or bodies.drift_of(ctx, slug, moment) for slug in slugs]
    return sorted(found, key=lambda d: (-d.gallagher, -d.seats_off, d.council))


def drift_view(
    db: Database,
    council: str | None = None,
    *,
    as_of: datetime | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> list[CouncilDrift]:
    """Every body's drift at `as_of` (or one body's), most drifted first, as `soviet drift`
    shows it: a body formed on convocation and not convened yet is said to be so, last,
    without figures."""
    moment = as_of or now()
    found = drift(db, council, as_of=moment, federation=federation, actor=actor)
    with context.reading(db, federation, actor) as ctx:
        convened = {
            d.council: bodies.is_convened(ctx, d.council, format_time(moment)) for d in found
        }
    return [
        CouncilDrift(d.council, True, d.seats_off, d.gallagher, d.reference)
        for d in found
        if convened[d.council]
    ] + [CouncilDrift(d.council, False, None, None, None) for d in found if not convened[d.council]]


def drift_history(
    db: Database,
    council: str,
    *,
    as_of: datetime | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> list[DriftMeasurement]:
    """A council's drift each time an act measured it, up to `as_of`, oldest first: the
    series to chart how far it moved from its base."""
    moment = format_time(as_of or now())
    with context.reading(db, federation, actor) as ctx:
        ctx.require_council(council)
        series = bodies.drift_history(ctx, council, moment)
    return [
        DriftMeasurement(at, d.council, d.seats_off, d.gallagher, d.reference) for at, d in series
    ]


def tree(
    db: Database,
    *,
    as_of: datetime | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> list[Node]:
    """The federation's councils as a tree: each elected council at a root, each body
    under the councils it is formed from (a congress under each of its members)."""
    moment = as_of or now()
    with context.reading(db, federation, actor) as ctx:
        statute = ctx.statute
        measured = bodies.measured_drifts(ctx, format_time(moment))
        drifts = {
            slug: measured.get(slug) or bodies.drift_of(ctx, slug, format_time(moment))
            for slug in statute.councils
        }
        convened = {
            slug: bodies.is_convened(ctx, slug, format_time(moment)) for slug in statute.councils
        }
    shown = {
        slug: composition(db, slug, as_of=moment, federation=federation, actor=actor)
        for slug in statute.councils
    }

    def node(slug: str, trail: tuple[str, ...]) -> Node:
        rule = statute.councils[slug]
        below = [
            node(other, (*trail, slug))
            for other, formed in statute.councils.items()
            if formed.body is not None and slug in formed.body.sources and other not in trail
        ]
        return Node(
            council=slug,
            name=rule.name,
            kind=rule.body.kind if rule.body else "elected",
            refresh=rule.refresh.policy if rule.body else "elections",
            seats=shown[slug].seats,
            majority=shown[slug].majority,
            is_convened=convened[slug],
            drift=NodeDrift(drifts[slug].seats_off, drifts[slug].gallagher, drifts[slug].reference)
            if convened[slug]
            else None,
            below=below,
        )

    return [node(slug, ()) for slug, rule in statute.councils.items() if rule.body is None]
