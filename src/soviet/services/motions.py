"""Moving motions and amendments, and fractions taking their positions on them.

A motion is moved in a session by a delegate, by a fraction (through its party's
central committee) or by the council's executive; a factory committee's requests are
motions too (see services.factory). Its slug is unique within its council, and it is
addressed as COUNCIL/SLUG. What adopting it does (create a commission, instruct the
executive, amend or annul an earlier resolution, amend the agenda: a motion of order,
see services.agenda) is checked when it is moved, so that
the vote decides only yes or no.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from soviet.domain.agenda import Change, check_change
from soviet.domain.events.agenda import AgendaChange
from soviet.domain.events.sessions import FractionPositionTaken, MotionMoved, MotionTerms, Request
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.rules import DECISION_RULES, REQUEST_KINDS
from soviet.domain.sessions import CHOICES, MOVERS
from soviet.errors import InvalidInput, NotFound, RuleViolation
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.parties import require_party_power
from soviet.services.resolutions import CommissionSpec, check_commission, check_target, executive_of
from soviet.services.sessions import open_session
from soviet.services.unit_of_work import perform
from soviet.store import agenda as store_agenda
from soviet.store import councils
from soviet.store import motions as store
from soviet.store import sessions as store_sessions
from soviet.store.database import Database
from soviet.store.registry import entity_id


@dataclass(frozen=True)
class MotionSpec:
    """A motion as moved: who moves it, its text, and what adopting it does.

    mover_kind: delegate (mover: a person holding a seat), fraction (mover: a party
    with seats; its central committee moves), executive (mover: the council's executive
    body; one of its members moves). `amends` names a motion of the same council that
    this amendment would rewrite with its own text. `amends_resolution` and `annuls`
    address an earlier resolution as COUNCIL/NUMBER; an amending motion's text becomes
    that resolution's text. `instructs_executive`: the text instructs the executive.
    """

    slug: str
    title: str
    text: str
    mover_kind: str
    mover: str
    amends: str | None = None
    decision: str | None = None
    commission: CommissionSpec | None = None
    instructs_executive: bool = False
    amends_resolution: str | None = None
    annuls: str | None = None
    request: dict[str, Any] = field(default_factory=dict)
    kind: str = "motion"
    agenda: Change | None = None


def parse_address(address: str, what: str = "motion") -> tuple[str, str]:
    """COUNCIL/SLUG (or COUNCIL/NUMBER) as its two parts."""
    council, _, rest = address.partition("/")
    if not council or not rest or "/" in rest:
        raise InvalidInput(f"{what}: '{address}' is not an address COUNCIL/{what.upper()}")
    return council, rest


def _require_mover(ctx: context.Context, spec: MotionSpec, council: str, moment: str) -> None:
    """The actor may move in the mover's name (decided first), and the mover may move."""
    council_id = councils.council_id(ctx.connection, ctx.federation.id, council)
    if spec.mover_kind == "delegate":
        ctx.require(Action.MOVE_MOTION, Target(council=council, account=spec.mover, at=moment))
        if not store_sessions.seats_held(ctx.connection, council_id, moment, [spec.mover]):
            raise RuleViolation(f"{spec.mover} holds no mandate in '{council}' to move a motion")
    elif spec.mover_kind == "fraction":
        require_party_power(ctx, spec.mover, Action.MOVE_FOR_FRACTION)
        held = store_sessions.seats_held(ctx.connection, council_id, moment)
        if not any(seat.party == spec.mover for seat in held):
            raise RuleViolation(f"'{spec.mover}' has no fraction in '{council}'")
    elif spec.mover_kind == "executive":
        ctx.require(Action.MOVE_FOR_EXECUTIVE, Target(council=spec.mover, at=moment))
        executive = executive_of(ctx, council)
        if spec.mover != executive:
            raise RuleViolation(
                f"the executive of '{council}' is '{executive}', not '{spec.mover}'"
            )
    elif spec.kind == "motion":
        raise InvalidInput("mover: an applicant moves only a factory committee's requests")
    else:
        ctx.require(Action.SUBMIT_REQUEST, Target(council=council))


def _check_spec(spec: MotionSpec) -> None:
    context.check_slugs([spec.slug], "slug")
    context.check_name(spec.title, "title")
    context.check_text(spec.text, "text")
    if spec.kind not in ("motion", *REQUEST_KINDS):
        raise InvalidInput(
            f"kind: must be motion or one of {', '.join(REQUEST_KINDS)}, got {spec.kind!r}"
        )
    if spec.mover_kind not in MOVERS:
        raise InvalidInput(f"mover: must be one of {', '.join(MOVERS)}, got {spec.mover_kind!r}")
    if spec.decision is not None and spec.decision not in DECISION_RULES:
        raise InvalidInput(
            f"decision: must be one of {', '.join(DECISION_RULES)}, got {spec.decision!r}"
        )
    effects = [spec.commission is not None, spec.instructs_executive]
    effects += [spec.amends_resolution is not None, spec.annuls is not None]
    if spec.agenda is not None and (any(effects) or spec.request or spec.amends):
        raise InvalidInput("agenda: a motion of order amends the agenda and does nothing else")
    if spec.amends is not None and (any(effects) or spec.request):
        raise InvalidInput("amends: an amendment rewrites its motion's text and does nothing else")
    if sum(effects) > 1:
        raise InvalidInput(
            "a motion does one of: create a commission, instruct the executive, "
            "amend or annul a resolution"
        )


def _amended(ctx: context.Context, council: str, spec: MotionSpec) -> int | None:
    if spec.amends is None:
        return None
    target = store.motion(ctx.connection, ctx.federation.id, council, spec.amends)
    if target.amends_id is not None:
        raise RuleViolation(f"'{target.address}' is an amendment: amend the motion itself")
    if target.outcome is not None or store.vote(ctx.connection, target.id) is not None:
        raise RuleViolation(f"'{target.address}' is already put to the vote: too late to amend")
    return target.id


def _terms(ctx: context.Context, council: str, spec: MotionSpec, moment: str) -> MotionTerms:
    def target(address: str | None, what: str) -> int | None:
        return None if address is None else check_target(ctx, council, address, what).id

    request = spec.request
    return MotionTerms(
        commission=None
        if spec.commission is None
        else check_commission(ctx, council, spec.commission, moment),
        instructs=executive_of(ctx, council) if spec.instructs_executive else None,
        amends_resolution=target(spec.amends_resolution, "amends_resolution"),
        annuls=target(spec.annuls, "annuls"),
        request=Request(request["kind"], request["details"], request["applicant"])
        if request
        else None,
        agenda=None
        if spec.agenda is None
        else AgendaChange(
            spec.agenda.change, spec.agenda.item, spec.agenda.title, spec.agenda.position
        ),
    )


def move_motion(
    db: Database,
    council: str,
    session_id: int,
    spec: MotionSpec,
    *,
    federation: str | None = None,
    actor: Actor,
    moved_at: datetime | None = None,
    now: Clock = utc_now,
) -> int:
    """Move a motion (or an amendment, or a request) in an open session of `council`;
    returns its id. It is addressed as COUNCIL/SLUG from then on."""
    _check_spec(spec)

    def act(ctx: context.Context) -> int:
        ctx.require_council(council)
        session = open_session(ctx, session_id)
        if session.council != council:
            raise RuleViolation(
                f"session {format_id(session_id)} is a session of '{session.council}'"
            )
        if spec.kind != "motion" and ctx.statute.councils[council].factory is None:
            raise RuleViolation(
                f"'{council}' is not a factory committee: it decides no {spec.kind} requests"
            )
        moment = format_time(moved_at or now())
        _require_mover(ctx, spec, council, moment)
        if spec.agenda is not None:
            check_change(store_agenda.agenda(ctx.connection, session_id), spec.agenda)
        if store.slug_taken(ctx.connection, session.council_id, spec.slug):
            raise RuleViolation(f"motion '{council}/{spec.slug}' was already moved")
        event = MotionMoved(
            federation=ctx.federation.slug,
            council=session.council_id,
            session=session_id,
            slug=spec.slug,
            kind="amendment" if spec.amends else spec.kind,
            title=spec.title.strip(),
            text=spec.text.strip(),
            mover_kind=spec.mover_kind,
            mover=spec.mover,
            amends=_amended(ctx, council, spec),
            decision=spec.decision,
            terms=_terms(ctx, council, spec, moment),
            moved_at=moment,
        )
        entry = ctx.record(at=now(), actor=ctx.account, event=event)
        return entity_id(entry.seq)

    return perform(db, federation, actor, act)


def take_position(
    db: Database,
    address: str,
    party: str,
    position: str,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A fraction (its party's central committee) binds its members to vote yes, no or
    abstain on a motion; only before the vote opens."""
    if position not in CHOICES:
        raise InvalidInput(f"position: must be one of {', '.join(CHOICES)}, got {position!r}")
    council, slug = parse_address(address)

    def act(ctx: context.Context) -> Entry:
        require_party_power(ctx, party, Action.TAKE_POSITION)
        motion = store.motion(ctx.connection, ctx.federation.id, council, slug)
        if store.vote(ctx.connection, motion.id) is not None:
            raise RuleViolation(f"the vote on '{address}' has opened: positions come before it")
        event = FractionPositionTaken(
            federation=ctx.federation.slug,
            motion=motion.id,
            party=store_sessions.party_id(ctx.connection, ctx.federation.id, party),
            position=position,
            at=format_time(at or now()),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def motion_of(ctx: context.Context, address: str) -> store.Motion:
    council, slug = parse_address(address)
    if council not in ctx.statute.councils:
        raise NotFound(f"council '{council}' does not exist")
    return store.motion(ctx.connection, ctx.federation.id, council, slug)
