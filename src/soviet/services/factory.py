"""Factory committees: the plant's requests decided by the committee of its shops, and the
register of what was decided.

"One delegate from each shop"; the committee ruled "that nothing should go in or out of
the plant without permission", took over hiring and discharging, and controlled the
books (seeds/003). A request (goods-out, goods-in, hire, discharge, inspect-books) is a
kind of motion: moved in a session of the committee, voted on, and adopted or rejected.
"""

from __future__ import annotations

from datetime import datetime

from soviet.domain.identity import Actor
from soviet.domain.rules import REQUEST_KINDS
from soviet.domain.views.plenary import FactoryRequest, Motion
from soviet.errors import InvalidInput, RuleViolation
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.plenary import describe_motion
from soviet.store import councils
from soviet.store import motions as store
from soviet.store.database import Database


def submit_request(
    db: Database,
    committee: str,
    session_id: int,
    kind: str,
    slug: str,
    details: str,
    *,
    applicant: str,
    federation: str | None = None,
    actor: Actor,
    moved_at: datetime | None = None,
    now: Clock = utc_now,
) -> int:
    """Put a request of `applicant` (the plant's management, a shop, a worker) before a
    factory committee in session; it is addressed COMMITTEE/SLUG and decided by a vote."""
    if kind not in REQUEST_KINDS:
        raise InvalidInput(f"kind: must be one of {', '.join(REQUEST_KINDS)}, got {kind!r}")
    text = context.check_text(details, "details")
    who = context.check_name(applicant, "applicant")
    spec = MotionSpec(
        slug=slug,
        title=f"{kind}: {text[:200]}",
        text=text,
        mover_kind="applicant",
        mover=who,
        request={"kind": kind, "details": text, "applicant": who},
        kind=kind,
    )
    return move_motion(
        db,
        committee,
        session_id,
        spec,
        federation=federation,
        actor=actor,
        moved_at=moved_at,
        now=now,
    )


def register(
    db: Database, committee: str, *, federation: str | None = None, actor: Actor
) -> list[FactoryRequest]:
    """Every request put before a factory committee, and what it decided."""
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        ctx.require_council(committee)
        if ctx.statute.councils[committee].factory is None:
            raise RuleViolation(f"'{committee}' is not a factory committee")
        council_id = councils.council_id(connection, ctx.federation.id, committee)
        requests = [m for m in store.motions_in(connection, council_id) if m.kind in REQUEST_KINDS]
        return [_request(describe_motion(ctx, motion), motion) for motion in requests]


def _request(shown: Motion, motion: store.Motion) -> FactoryRequest:
    return FactoryRequest(
        request=motion.address,
        kind=motion.kind,
        details=motion.text,
        applicant=motion.mover,
        moved_at=motion.moved_at,
        status=shown.status,
        decided_at=motion.decided_at,
        yes=shown.yes,
        no=shown.no,
        abstain=shown.abstain,
        resolution=shown.resolution,
    )
