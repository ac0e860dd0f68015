"""The composition of a council at any moment: seats, fractions, majority, members."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from soviet.domain.identity import Actor
from soviet.domain.journal import format_time
from soviet.domain.views import DEFAULT_LIMIT, Page, check_limit, page_of
from soviet.domain.views.councils import Composition, Member

__all__ = [
    "Composition",
    "Member",
    "composition",
    "council_members",
    "council_name",
    "council_seats",
    "majority_of",
]
from soviet.errors import NotFound
from soviet.services import bodies, context
from soviet.services.journal import Clock, utc_now
from soviet.store import bodies as store_bodies
from soviet.store import councils
from soviet.store.database import Database


def majority_of(fractions: dict[str, int]) -> str | None:
    """The party holding more than half of the filled seats, if one does."""
    filled = sum(fractions.values())
    for party, seats in fractions.items():
        if 2 * seats > filled:
            return party
    return None


def section_kinds(ctx: context.Context, council: str, section: str) -> frozenset[str]:
    """The constituency kinds whose delegates form a section of a council."""
    sections = ctx.statute.councils[council].sections
    if section not in sections:
        known = ", ".join(sections) or "none"
        raise NotFound(f"council '{council}' has no section '{section}' (its sections: {known})")
    return sections[section].kinds


def _in_section(ctx: context.Context, council: str, section: str, council_id: int) -> set[str]:
    """The constituencies whose delegates form a section of a council."""
    kinds = section_kinds(ctx, council, section)
    of_kind = councils.constituency_kinds(ctx.connection, council_id)
    return {slug for slug, kind in of_kind.items() if kind in kinds}


def _seats_within(ctx: context.Context, council_id: int, moment: str, part: set[str]) -> int:
    won = councils.seats_at(ctx.connection, council_id, moment)
    return sum(n for slug, n in won.items() if slug in part)


def council_seats(
    ctx: context.Context, council: str, council_id: int, moment: str, section: str | None = None
) -> int:
    """The seats a council has at a moment: by its elections, or by its statute if formed;
    or those of one of its sections, won in constituencies of the section's kinds."""
    if section is not None:
        return _seats_within(
            ctx, council_id, moment, _in_section(ctx, council, section, council_id)
        )
    rule = ctx.statute.councils[council]
    body = rule.body
    if body is None:
        return sum(councils.seats_at(ctx.connection, council_id, moment).values())
    if body.kind == "executive":
        return body.seats + sum(option.seats for option in body.co_opted)
    if body.kind == "congress":
        return sum(bodies.delegation_seats(ctx, council).values())
    parent = councils.council_id(ctx.connection, ctx.federation.id, body.sources[0])
    tagged = {
        slug
        for slug, tags in councils.constituency_tags(ctx.connection, parent).items()
        if all(tags.get(k) == v for k, v in body.tags.items())
    }
    return _seats_within(ctx, parent, moment, tagged)


def council_name(db: Database, council: str, *, federation: str | None = None, actor: Actor) -> str:
    """The council's name, as its federation's statute gives it."""
    with context.reading(db, federation, actor) as ctx:
        ctx.require_council(council)
        return ctx.statute.councils[council].name


def section_names(
    db: Database, council: str, *, federation: str | None = None, actor: Actor
) -> dict[str, str]:
    """The council's sections, each slug with its name, as its federation's statute gives them."""
    with context.reading(db, federation, actor) as ctx:
        ctx.require_council(council)
        return {slug: rule.name for slug, rule in ctx.statute.councils[council].sections.items()}


def composition(
    db: Database,
    council: str,
    *,
    as_of: datetime | None = None,
    section: str | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> Composition:
    """The council's composition at `as_of` (default: now), or that of one of its sections:
    its delegates from constituencies of the section's kinds ("the workers' section")."""
    moment = format_time(as_of or now())
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        ctx.require_council(council)
        council_id = councils.council_id(connection, ctx.federation.id, council)
        held = store_bodies.members_at(connection, council_id, moment)
        is_convened = bodies.is_convened(ctx, council, moment)
        if section is None:
            seats = council_seats(ctx, council, council_id, moment)
        else:
            part = _in_section(ctx, council, section, council_id)
            held = [m for m in held if m.constituency in part]
            seats = _seats_within(ctx, council_id, moment, part)
    counts = Counter(m.party for m in held if m.party is not None and m.is_voting)
    fractions = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return Composition(
        council=council if section is None else f"{council}/{section}",
        as_of=moment,
        seats=seats,
        filled=len(held),
        fractions=fractions,
        majority=majority_of(fractions),
        members=[
            Member(
                m.person,
                m.party,
                m.constituency,
                m.seat,
                m.since,
                m.delegation,
                m.co_opted_for,
                m.is_voting,
            )
            for m in held
        ],
        is_convened=is_convened,
    )


def _member_key(member: Member) -> tuple[str, str, int, str]:
    # A congress numbers its seats per delegation; a person holds one seat in a council.
    return (member.delegation or "", member.constituency or "", member.seat, member.person)


def council_members(
    db: Database,
    council: str,
    *,
    as_of: datetime | None = None,
    section: str | None = None,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    now: Clock = utc_now,
    actor: Actor,
) -> Page[Member]:
    """A page of who sits in a council (or one of its sections) at `as_of`, by delegation,
    constituency and seat: the members of a large council, a page at a time."""
    check_limit(limit)
    moment = as_of or now()
    shown = composition(
        db, council, as_of=moment, section=section, federation=federation, actor=actor
    )
    members = sorted(shown.members, key=_member_key)
    return page_of(members, _member_key, shape=(str, str, int, str), cursor=cursor, limit=limit)
