"""Key ceremonies for a council's secret ballots: the secretariat appoints the trustees,
each trustee enrols, deals and confirms (domain.trustees), and the last confirmation gives
the council its public key. The server carries what the trustees publish and checks it;
it never sees a share: what a trustee sends another is sealed to her (soviet.crypto).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from soviet.crypto import ceremony as keys
from soviet.crypto import transport
from soviet.domain import trustees as domain
from soviet.domain.events import Event
from soviet.domain.events.trustees import (
    KeyCeremonyCompleted,
    TrusteeConfirmed,
    TrusteeDealt,
    TrusteeEnrolled,
    TrusteesAppointed,
)
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action, Target
from soviet.errors import Conflict, InvalidInput, NotFound, Problem, RuleViolation
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.unit_of_work import perform
from soviet.store import councils
from soviet.store import trustees as store
from soviet.store.database import Database


def _refuse(field: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{field}: {reason}", problems=[Problem(field, reason)])


def _hex(value: str, field: str, size: int) -> str:
    try:
        decoded = bytes.fromhex(value)
    except ValueError:
        raise _refuse(field, "must be hexadecimal") from None
    if len(decoded) != size:
        raise _refuse(field, f"must be {size} bytes, got {len(decoded)}")
    return decoded.hex()


def _council_id(ctx: context.Context, council: str) -> int:
    ctx.require_council(council)
    return councils.council_id(ctx.connection, ctx.federation.id, council)


def appoint(
    db: Database,
    council: str,
    trustees: Sequence[str],
    threshold: int,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> domain.Ceremony:
    """Appoint the trustees of a council's secret ballots (accounts, in the order they are
    numbered), any `threshold` of whom will decrypt a tally: a new key ceremony, which
    replaces the council's earlier one for every ballot opened after it completes."""
    accounts, threshold = domain.check_appointment(trustees, threshold)

    def act(ctx: context.Context) -> domain.Ceremony:
        ctx.require(Action.APPOINT_TRUSTEES, Target(council=council))
        council_id = _council_id(ctx, council)
        event = TrusteesAppointed(
            federation=ctx.federation.slug,
            council=council_id,
            threshold=threshold,
            trustees=accounts,
            at=format_time(at or now()),
        )
        ctx.record(at=now(), actor=ctx.account, event=event)
        found = store.current(ctx.connection, council_id)
        assert found is not None
        return found

    return perform(db, federation, actor, act)


def ceremony(
    db: Database, council: str, *, federation: str | None = None, actor: Actor
) -> domain.Ceremony:
    """The council's newest key ceremony, where each trustee stands in it (public)."""
    with context.reading(db, federation, actor) as ctx:
        found = store.current(ctx.connection, _council_id(ctx, council))
    if found is None:
        raise NotFound(f"council '{council}' has no trustees appointed")
    return found


def _step(
    db: Database,
    council: str,
    step: domain.Step,
    make: Callable[[context.Context, domain.Ceremony, domain.Trustee, str], list[Event]],
    *,
    federation: str | None,
    actor: Actor,
    now: Clock,
) -> domain.Ceremony:
    """One trustee's step in the council's ceremony, if it is her next and every trustee
    has taken the one before; `make` checks what she sends and gives the entries."""

    def act(ctx: context.Context) -> domain.Ceremony:
        ctx.require(Action.ACT_AS_TRUSTEE, Target(council=council))
        current = store.current(ctx.connection, _council_id(ctx, council))
        if current is None:
            raise NotFound(f"council '{council}' has no trustees appointed")
        trustee = current.trustee(ctx.account)
        if trustee is None:
            raise RuleViolation(
                f"{ctx.account} is no trustee of ceremony {format_id(current.id)} of '{council}'",
                code="not_entitled",
            )
        if trustee.step is not step:
            where = (
                "has taken every step"
                if trustee.step is domain.Step.DONE
                else f"is to {trustee.step} next"
            )
            raise Conflict(
                f"trustee {trustee.number} of ceremony {format_id(current.id)} {where}, "
                f"not to {step}"
            )
        may, waiting = current.may_take(trustee)
        if not may:
            raise RuleViolation(
                f"trustee {trustee.number} cannot {step} yet: waiting for "
                f"{', '.join(waiting)} to take the step before"
            )
        moment = format_time(now())
        for event in make(ctx, current, trustee, moment):
            ctx.record(at=now(), actor=ctx.account, event=event)
        found = store.by_id(ctx.connection, current.id)
        assert found is not None
        return found

    return perform(db, federation, actor, act)


def enrol(
    db: Database,
    council: str,
    transport_key: str,
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> domain.Ceremony:
    """A trustee gives the public key (X25519, hex) that shares dealt to her are sealed to."""
    key = _hex(transport_key, "transport_key", transport.KEY_SIZE)

    def make(
        ctx: context.Context, current: domain.Ceremony, trustee: domain.Trustee, at: str
    ) -> list[Event]:
        return [
            TrusteeEnrolled(
                federation=ctx.federation.slug,
                ceremony=current.id,
                trustee=trustee.number,
                transport_key=key,
                at=at,
            )
        ]

    return _step(db, council, domain.Step.ENROL, make, federation=federation, actor=actor, now=now)


def deal(
    db: Database,
    council: str,
    commitments: Sequence[str],
    sealed_shares: Sequence[str],
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> domain.Ceremony:
    """A trustee deals: the commitments of her polynomial (one point per degree, hex) and
    its value for every trustee, trustee 1 first, sealed to that trustee's transport key."""
    points = [_hex(c, f"commitments[{i}]", 32) for i, c in enumerate(commitments)]
    for i, point in enumerate(points):
        if not keys.is_point_hex(point):
            raise _refuse(f"commitments[{i}]", "is not a point of the group")
    sealed = [
        _hex(s, f"sealed_shares[{i}]", transport.SEALED_SIZE) for i, s in enumerate(sealed_shares)
    ]

    def make(
        ctx: context.Context, current: domain.Ceremony, trustee: domain.Trustee, at: str
    ) -> list[Event]:
        if len(points) != current.threshold:
            raise _refuse(
                "commitments",
                f"must be {current.threshold} (the threshold), got {len(points)}",
            )
        if len(sealed) != len(current.trustees):
            raise _refuse(
                "sealed_shares",
                f"must be one per trustee ({len(current.trustees)}), got {len(sealed)}",
            )
        return [
            TrusteeDealt(
                federation=ctx.federation.slug,
                ceremony=current.id,
                trustee=trustee.number,
                commitments=tuple(points),
                sealed_shares=tuple(sealed),
                at=at,
            )
        ]

    return _step(db, council, domain.Step.DEAL, make, federation=federation, actor=actor, now=now)


def confirm(
    db: Database,
    council: str,
    verification_key: str,
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> domain.Ceremony:
    """A trustee confirms that every share dealt to her matched its dealer's commitments,
    giving the public part of the share she holds (which must be the one the commitments
    make); the last confirmation completes the ceremony with the council's public key."""
    key = _hex(verification_key, "verification_key", 32)

    def make(
        ctx: context.Context, current: domain.Ceremony, trustee: domain.Trustee, at: str
    ) -> list[Event]:
        dealt = [t.commitments or () for t in current.trustees]
        if key != keys.verification_key(dealt, trustee.number):
            raise _refuse(
                "verification_key", "is not the one the dealers' commitments make for her"
            )
        confirmed: list[Event] = [
            TrusteeConfirmed(
                federation=ctx.federation.slug,
                ceremony=current.id,
                trustee=trustee.number,
                verification_key=key,
                at=at,
            )
        ]
        if current.waiting_for(domain.Step.CONFIRM) == [trustee.account]:
            confirmed.append(
                KeyCeremonyCompleted(
                    federation=ctx.federation.slug,
                    ceremony=current.id,
                    public_key=keys.public_key(dealt),
                    at=at,
                )
            )
        return confirmed

    return _step(
        db, council, domain.Step.CONFIRM, make, federation=federation, actor=actor, now=now
    )
