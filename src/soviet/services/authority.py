"""Acts done under a resolution's authority, by a commission or by the executive, and the
chain of authority from any such act back to the plenary that granted the power.

Every act of an executive or a commission names the resolution that authorises it. A
commission acts only within its written mandate (the powers its resolution grants) and
until its deadline; an executive acts on a resolution that instructs it; an annulled
resolution authorises nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from soviet.domain import limits
from soviet.domain.events.resolutions import ActAuthorised
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.views import resolutions as views
from soviet.errors import Forbidden, InvalidInput, RuleViolation
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.motions import parse_address
from soviet.services.resolutions import commission_of, executive_of
from soviet.services.unit_of_work import perform
from soviet.store import councils
from soviet.store import motions as store_motions
from soviet.store import resolutions as store
from soviet.store import sessions as store_sessions
from soviet.store.database import Database
from soviet.store.registry import entity_id


def _require_in_force(ctx: context.Context, resolution: store.Resolution) -> None:
    if resolution.annulled_by is not None:
        by = store.resolution_by_id(ctx.connection, resolution.annulled_by)
        raise RuleViolation(
            f"resolution {resolution.address} was annulled by {by.address}: it authorises nothing"
        )


def _record(
    ctx: context.Context,
    *,
    authority: tuple[int, int | None, int | None],
    act: tuple[str, str],
    person: str,
    at: str,
    now: Clock,
) -> int:
    """Journal an act of `person` under (resolution, commission, executive) doing
    (power, text) at `at`; return its id."""
    power, text = act
    context.check_slugs([power], "power")
    resolution, commission, executive = authority
    event = ActAuthorised(
        federation=ctx.federation.slug,
        resolution=resolution,
        commission=commission,
        executive=executive,
        power=power,
        text=text,
        person=store_sessions.person_id(ctx.connection, ctx.federation.id, person),
        at=at,
    )
    entry = ctx.record(at=now(), actor=ctx.account, event=event)
    return entity_id(entry.seq)


def act_for_commission(
    db: Database,
    commission: str,
    person: str,
    power: str,
    text: str,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> int:
    """A member of a commission (COUNCIL/COMMISSION) acts under its mandate: `power` must
    be one its resolution grants, before its deadline. Returns the act's id."""
    context.check_text(text, "text")

    def act(ctx: context.Context) -> int:
        ctx.require(Action.ACT_FOR_COMMISSION, Target(commission=commission, account=person))
        found = commission_of(ctx, commission)
        moment = format_time(at or now())
        resolution = store.resolution_by_id(ctx.connection, found.resolution_id)
        granted = f"resolution {resolution.address} grants {', '.join(found.powers)}"
        if power not in found.powers:
            raise RuleViolation(
                f"commission '{commission}' cannot '{power}': it is outside its mandate ({granted})"
            )
        if moment > found.deadline:
            raise RuleViolation(
                f"commission '{commission}' cannot act after its deadline {found.deadline} "
                f"({granted} until then)"
            )
        _require_in_force(ctx, resolution)
        if person not in {member for member, _ in found.members}:
            raise Forbidden(
                f"{person} is not a member of commission '{commission}'", code="not_entitled"
            )
        authority = (resolution.id, found.id, None)
        return _record(
            ctx, authority=authority, act=(power, text.strip()), person=person, at=moment, now=now
        )

    return perform(db, federation, actor, act)


def act_for_executive(
    db: Database,
    executive: str,
    resolution: str,
    person: str,
    power: str,
    text: str,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> int:
    """A member of an executive acts on a resolution (COUNCIL/NUMBER) that instructs it.
    Returns the act's id."""
    context.check_text(text, "text")

    def act(ctx: context.Context) -> int:
        moment = format_time(at or now())
        ctx.require(Action.ACT_FOR_EXECUTIVE, Target(council=executive, account=person, at=moment))
        ctx.require_council(executive)
        council, number = parse_address(resolution, "resolution")
        ctx.require_council(council)
        if not number.isdigit():
            raise InvalidInput(f"resolution: '{resolution}' is not an address COUNCIL/NUMBER")
        found = store.resolution(ctx.connection, ctx.federation.id, council, int(number))
        _require_in_force(ctx, found)
        motion = store_motions.motion(ctx.connection, ctx.federation.id, council, found.motion)
        if executive_of(ctx, council) != executive or motion.terms.get("instructs") != executive:
            raise RuleViolation(
                f"resolution {resolution} does not instruct '{executive}': it cannot act on it"
            )
        executive_id = councils.council_id(ctx.connection, ctx.federation.id, executive)
        if not store_sessions.seats_held(ctx.connection, executive_id, moment, [person]):
            raise Forbidden(f"{person} holds no seat in '{executive}'", code="not_entitled")
        authority = (found.id, None, executive_id)
        return _record(
            ctx, authority=authority, act=(power, text.strip()), person=person, at=moment, now=now
        )

    return perform(db, federation, actor, act)


def _act_step(ctx: context.Context, done: store.AuthorisedAct) -> tuple[views.AuthorityStep, ...]:
    """The act, and the commission it acted as, if one did."""
    if done.commission_id is None:
        return (views.ActStep(**_act_fields(done), body=done.executive),)
    found = store.commission_by_id(ctx.connection, done.commission_id)
    return (
        views.ActStep(**_act_fields(done), body=found.address),
        views.CommissionStep(
            commission=found.address,
            mandate=found.mandate,
            powers=tuple(found.powers),
            deadline=found.deadline,
        ),
    )


def _act_fields(done: store.AuthorisedAct) -> dict[str, Any]:
    return {
        "act": format_id(done.id),
        "by": done.person,
        "power": done.power,
        "text": done.text,
        "at": done.acted_at,
    }


def _adoption(
    ctx: context.Context, resolution: store.Resolution
) -> tuple[views.AuthorityStep, ...]:
    """The resolution, the motion it adopted with its vote, and the plenary that voted."""
    connection = ctx.connection
    motion = store_motions.motion(
        connection, ctx.federation.id, resolution.council, resolution.motion
    )
    session = store_sessions.session(connection, ctx.federation.id, resolution.session_id)
    vote = store_motions.vote(connection, motion.id)
    assert vote is not None, "a resolution is adopted by a vote"
    return (
        views.ResolutionStep(
            resolution=resolution.address,
            text=resolution.text,
            adopted_at=resolution.adopted_at,
            is_annulled=resolution.annulled_by is not None,
        ),
        views.MotionStep(
            motion=motion.address,
            mover=views.Mover(motion.mover_kind, motion.mover),
            yes=vote.yes,
            no=vote.no,
            abstain=vote.abstain,
        ),
        views.PlenaryStep(
            session=format_id(session.id),
            council=session.council,
            section=session.section,
            convened_at=session.convened_at,
            present=vote.present,
            seats=vote.seats,
        ),
    )


def authority(
    db: Database, act_id: int, *, federation: str | None = None, actor: Actor
) -> tuple[views.AuthorityStep, ...]:
    """The chain from an act back to the plenary that granted the power: the act, the
    commission (if one acted), the resolution, the motion, and the session that adopted it."""
    limits.check_id(act_id, "act")
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        done = store.authorised_act(connection, ctx.federation.id, act_id)
        resolution = store.resolution_by_id(connection, done.resolution_id)
        return _act_step(ctx, done) + _adoption(ctx, resolution)
