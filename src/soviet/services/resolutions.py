"""Resolutions: what an adopted motion does, checked when it is moved and done when the
vote closes; and the reads of resolutions and commissions.

The Soviet created the Military Revolutionary Committee, appointed commissars, and
"revised or amended the decisions of the government" (seeds/003). A resolution may
create a commission (a written mandate, the powers it grants, a deadline, members by
fraction proportionality or by name), instruct the council's executive, or amend or
annul an earlier resolution of the same council or of a body below it, never above it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from soviet.domain.events.codec import decode
from soviet.domain.events.resolutions import Commission, CommissionMember, Resolution
from soviet.domain.events.sessions import CommissionTerms, MotionTerms
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import format_time
from soviet.domain.sessions import bodies_below
from soviet.domain.views import DEFAULT_LIMIT, Page, check_limit, page_of
from soviet.domain.views import resolutions as views
from soviet.errors import InvalidInput, NotFound, Problem, RuleViolation, problems_of
from soviet.methods import allocate
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.store import councils
from soviet.store import resolutions as store
from soviet.store import sessions as store_sessions
from soviet.store.database import Database
from soviet.store.motions import Motion


@dataclass(frozen=True)
class CommissionSpec:
    """A commission a motion would create. `powers` are the kinds of act its mandate
    allows (slugs, as `appoint-commissar`); `seats` shares them among the council's
    fractions by D'Hondt, each filling its share with its delegates in order of name;
    or `members` names them."""

    slug: str
    name: str
    mandate: str
    powers: tuple[str, ...]
    deadline: datetime
    seats: int | None = None
    members: tuple[str, ...] = ()


def executive_of(ctx: context.Context, council: str) -> str:
    """The executive body elected by a council's plenary."""
    for slug, rule in ctx.statute.councils.items():
        if (
            rule.body is not None
            and rule.body.kind == "executive"
            and rule.body.sources[0] == council
        ):
            return slug
    raise RuleViolation(f"'{council}' has no executive in the statute of '{ctx.federation.slug}'")


def check_commission(
    ctx: context.Context, council: str, spec: CommissionSpec, moment: str
) -> CommissionTerms:
    """The commission's terms as journaled, or every problem with it at once."""
    problems = []
    for field_name, value in (("name", spec.name), ("mandate", spec.mandate)):
        if not value.strip():
            problems.append(f"commission.{field_name}: must be a non-empty text")
    try:
        context.check_slugs([spec.slug, *spec.powers], "commission.slug and powers")
    except InvalidInput as error:
        problems.append(str(error))
    if not spec.powers:
        problems.append("commission.powers: a mandate grants at least one power")
    if format_time(spec.deadline) <= moment:
        problems.append(f"commission.deadline: {format_time(spec.deadline)} is not after {moment}")
    if (spec.seats is None) == (not spec.members):
        problems.append("commission: give either seats (by fraction proportionality) or members")
    if spec.seats is not None and spec.seats < 1:
        problems.append(f"commission.seats: must be at least 1, got {spec.seats}")
    if problems:
        raise InvalidInput("; ".join(problems), problems=problems_of(problems))
    taken = _taken(ctx, council, spec.slug)
    if taken is not None:
        raise RuleViolation(
            f"commission.slug: {taken}", problems=[Problem("commission.slug", taken)]
        )
    if spec.seats is not None:
        _, unfit = _fractions(ctx, council, spec.slug, spec.seats, moment)
        if unfit is not None:
            raise RuleViolation(
                f"commission.seats: {unfit}", problems=[Problem("commission.seats", unfit)]
            )
    for person in spec.members:
        store_sessions.person_id(ctx.connection, ctx.federation.id, person)
    return CommissionTerms(
        slug=spec.slug,
        name=spec.name.strip(),
        mandate=spec.mandate.strip(),
        powers=tuple(sorted(set(spec.powers))),
        deadline=format_time(spec.deadline),
        seats=spec.seats,
        members=tuple(spec.members),
    )


def check_target(ctx: context.Context, council: str, address: str, what: str) -> store.Resolution:
    """The resolution a motion of `council` would amend or annul: its own, or of a body below."""
    target_council, _, number = address.partition("/")
    if not number.isdigit():
        raise InvalidInput(f"{what}: '{address}' is not a resolution address COUNCIL/NUMBER")
    ctx.require_council(target_council)
    target = store.resolution(ctx.connection, ctx.federation.id, target_council, int(number))
    if target_council != council and target_council not in bodies_below(
        ctx.statute.councils, council
    ):
        verb = "annul" if what == "annuls" else "amend"
        raise RuleViolation(
            f"'{council}' cannot {verb} resolution {address}: '{target_council}' is not below "
            f"it; a council amends or annuls only its own resolutions and those of bodies below it"
        )
    if target.annulled_by is not None:
        raise RuleViolation(f"resolution {address} is already annulled")
    return target


def _taken(ctx: context.Context, council: str, slug: str) -> str | None:
    """Why a commission of `council` cannot take `slug` (None: it can)."""
    found = store.commissions_in(ctx.connection, ctx.federation.id)
    if any(c.council == council and c.slug == slug for c in found):
        return f"commission '{council}/{slug}' already exists"
    return None


def _fractions(
    ctx: context.Context, council: str, slug: str, seats: int, at: str
) -> tuple[list[store_sessions.Seat], str | None]:
    """The council's voting seats at `at`, and why a commission of `seats` seats shared
    among its fractions cannot be filled from them (None: it can)."""
    council_id = councils.council_id(ctx.connection, ctx.federation.id, council)
    held = [s for s in store_sessions.seats_held(ctx.connection, council_id, at) if s.is_voting]
    delegates = sum(1 for s in held if s.party is not None)
    if seats <= delegates:
        return held, None
    return held, (
        f"commission '{slug}' has {seats} seats but '{council}' has {delegates} voting "
        "delegates in fractions"
    )


def _members(
    ctx: context.Context, motion: Motion, terms: CommissionTerms, at: str
) -> tuple[CommissionMember, ...] | str:
    """The commission's members, or why it cannot be filled at `at`."""
    if terms.members:
        seats_held = store_sessions.seats_held(ctx.connection, motion.council_id, at)
        parties = {s.person: s.party_id for s in seats_held if s.is_voting}
        ids = {
            p: store_sessions.person_id(ctx.connection, ctx.federation.id, p) for p in terms.members
        }
        return tuple(CommissionMember(ids[p], parties.get(p)) for p in sorted(ids))
    seats = terms.seats
    assert seats is not None  # a commission names its members or its seats
    held, unfit = _fractions(ctx, motion.council, terms.slug, seats, at)
    if unfit is not None:
        return unfit
    fractions = Counter(s.party for s in held if s.party is not None)
    shares = allocate(dict(fractions), seats, "dhondt", ties="lot", seed=terms.slug)
    members: list[CommissionMember] = []
    for party, count in sorted(shares.items()):
        chosen = [s for s in held if s.party == party][:count]
        members += [CommissionMember(s.person_id, s.party_id) for s in chosen]
    return tuple(members)


def _commission(
    ctx: context.Context, motion: Motion, spec: CommissionTerms, at: str
) -> Commission | str:
    """The commission an adopted motion creates, or why it can no longer be created."""
    taken = _taken(ctx, motion.council, spec.slug)
    if taken is not None:
        return taken
    members = _members(ctx, motion, spec, at)
    if isinstance(members, str):
        return members
    return Commission(
        slug=spec.slug,
        name=spec.name,
        mandate=spec.mandate,
        powers=spec.powers,
        deadline=spec.deadline,
        members=members,
    )


def _annulled(connection: Connection, *targets: int | None) -> str | None:
    """Why an earlier resolution can no longer be amended or annulled (None: it can)."""
    for target in targets:
        if target is not None:
            found = store.resolution_by_id(connection, target)
            if found.annulled_by is not None:
                return f"resolution {found.address} is already annulled"
    return None


def resolution_of(ctx: context.Context, motion: Motion, at: str) -> Resolution:
    """What the adoption of `motion` records: its number, and what it does; or, when what
    it would do became impossible since it was moved, that it is not carried out and why.
    An adopted motion is always recorded, so that its vote can always close."""
    terms = decode(MotionTerms, motion.terms, "terms")
    number = store.next_number(ctx.connection, motion.council_id)
    commission = (
        None if terms.commission is None else _commission(ctx, motion, terms.commission, at)
    )
    unfit = _annulled(ctx.connection, terms.amends_resolution, terms.annuls)
    if isinstance(commission, str):
        unfit = commission
    if unfit is not None:
        return Resolution(
            council=motion.council_id,
            number=number,
            text=motion.text,
            amends=None,
            new_text=None,
            annuls=None,
            commission=None,
            not_carried_out=unfit,
        )
    assert not isinstance(commission, str)
    return Resolution(
        council=motion.council_id,
        number=number,
        text=motion.text,
        amends=terms.amends_resolution,
        new_text=motion.text if terms.amends_resolution else None,
        annuls=terms.annuls,
        commission=commission,
    )


def _address(connection: Connection, resolution_id: int | None) -> str | None:
    if resolution_id is None:
        return None
    return store.resolution_by_id(connection, resolution_id).address


def resolution_line(connection: Connection, found: store.Resolution) -> views.Resolution:
    """A resolution's read model, with the addresses of what amended or annulled it."""
    return views.Resolution(
        council=found.council,
        number=found.number,
        motion=f"{found.council}/{found.motion}",
        session=format_id(found.session_id),
        text=found.text,
        adopted_at=found.adopted_at,
        amended_by=_address(connection, found.amended_by),
        annulled_by=_address(connection, found.annulled_by),
        not_carried_out=found.not_carried_out,
    )


def resolutions(
    db: Database,
    council: str,
    *,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    actor: Actor,
) -> Page[views.Resolution]:
    """A page of a council's resolutions, by number."""
    check_limit(limit)
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        ctx.require_council(council)
        council_id = councils.council_id(connection, ctx.federation.id, council)
        found = store.resolutions_of(connection, council_id)
        page = page_of(found, lambda r: (r.number,), shape=(int,), cursor=cursor, limit=limit)
        return Page(tuple(resolution_line(connection, r) for r in page.items), page.next_cursor)


def resolution_view(
    db: Database, address: str, *, federation: str | None = None, actor: Actor
) -> views.Resolution:
    """One resolution, addressed COUNCIL/NUMBER."""
    council, _, number = address.partition("/")
    if not council or not number.isdigit():
        raise InvalidInput(f"resolution: '{address}' is not an address COUNCIL/NUMBER")
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        ctx.require_council(council)
        found = store.resolution(connection, ctx.federation.id, council, int(number))
        return resolution_line(connection, found)


def commission_line(connection: Connection, found: store.Commission, now: str) -> views.Commission:
    """A commission's read model: whether its deadline has passed at `now`, its members."""
    resolution = _address(connection, found.resolution_id)
    assert resolution is not None
    return views.Commission(
        commission=found.address,
        name=found.name,
        mandate=found.mandate,
        powers=tuple(found.powers),
        deadline=found.deadline,
        is_expired=found.deadline <= now,
        members=tuple(views.CommissionMember(p, f) for p, f in found.members),
        resolution=resolution,
    )


def commissions(
    db: Database,
    *,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    now: Clock = utc_now,
    actor: Actor,
) -> Page[views.Commission]:
    """A page of the federation's commissions, by council and slug: mandate, powers,
    deadline and members."""
    check_limit(limit)
    moment = format_time(now())
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        found = store.commissions_in(connection, ctx.federation.id)
        page = page_of(
            found, lambda c: (c.council, c.slug), shape=(str, str), cursor=cursor, limit=limit
        )
        return Page(
            tuple(commission_line(connection, c, moment) for c in page.items), page.next_cursor
        )


def commission_view(
    db: Database, address: str, *, federation: str | None = None, now: Clock = utc_now, actor: Actor
) -> views.Commission:
    """One commission, addressed COUNCIL/COMMISSION."""
    moment = format_time(now())
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        return commission_line(connection, commission_of(ctx, address), moment)


def commission_of(ctx: context.Context, address: str) -> store.Commission:
    council, _, slug = address.partition("/")
    if not council or not slug:
        raise InvalidInput(f"commission: '{address}' is not an address COUNCIL/COMMISSION")
    if council not in ctx.statute.councils:
        raise NotFound(f"council '{council}' does not exist")
    return store.commission(ctx.connection, ctx.federation.id, council, slug)
