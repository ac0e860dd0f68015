"""Reads of a plenary, as `session show`, `session watch` and `motion show` print them and
as the API will serve them: attendance, quorum, the current motion and its tally."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from soviet.domain.identity import Actor
from soviet.domain.journal import format_time
from soviet.domain.sessions import discipline
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.motions import motion_of
from soviet.services.sessions import quorum_of
from soviet.store import councils
from soviet.store import motions as store
from soviet.store import sessions as store_sessions
from soviet.store.database import Database


def _votes(ctx: context.Context, motion: store.Motion, vote: store.Vote | None) -> dict[str, Any]:
    """yes/no/abstain: final once closed; running for an open roll call; else None."""
    counts: dict[str, Any] = {"yes": None, "no": None, "abstain": None, "ballots": 0}
    if vote is None:
        return counts
    if vote.closed_at is not None:
        counts.update(yes=vote.yes, no=vote.no, abstain=vote.abstain)
        counts["ballots"] = (vote.yes or 0) + (vote.no or 0) + (vote.abstain or 0)
        return counts
    if vote.mode == "roll-call":
        tally = store.roll_call_tally(ctx.connection, motion.id)
        counts.update(yes=tally.yes, no=tally.no, abstain=tally.abstain, ballots=tally.total)
    elif vote.mode == "secret":
        counts["ballots"] = store.ballots_cast(ctx.connection, motion.id, secret=True)
    return counts


def _roll_call(ctx: context.Context, motion: store.Motion) -> dict[str, Any]:
    rows = store.roll_call_rows(ctx.connection, motion.id)
    positions = store.positions(ctx.connection, motion.id)
    by_fraction: dict[str | None, Counter[str]] = {}
    for _, party, choice in rows:
        by_fraction.setdefault(party, Counter())[choice] += 1
    return {
        "roll_call": [{"person": p, "fraction": f, "choice": c} for p, f, c in rows],
        "by_fraction": {
            party or "": {choice: counts[choice] for choice in ("yes", "no", "abstain")}
            for party, counts in sorted(by_fraction.items(), key=lambda i: i[0] or "")
        },
        "discipline": [
            {
                "fraction": d.party,
                "position": d.position,
                "with": list(d.with_position),
                "against": list(d.against),
            }
            for d in discipline(positions, rows)
        ],
    }


def describe_motion(ctx: context.Context, motion: store.Motion) -> dict[str, Any]:
    vote = store.vote(ctx.connection, motion.id)
    status = motion.outcome or ("voting" if vote is not None else "moved")
    amends = (
        None if motion.amends_id is None else store.motion_by_id(ctx.connection, motion.amends_id)
    )
    shown: dict[str, Any] = {
        "motion": motion.address,
        "council": motion.council,
        "slug": motion.slug,
        "kind": motion.kind,
        "title": motion.title,
        "text": motion.text,
        "mover": {"kind": motion.mover_kind, "name": motion.mover},
        "session": motion.session_id,
        "amends": None if amends is None else amends.address,
        "decision": motion.decision or ctx.statute.councils[motion.council].sessions.decision,
        "terms": motion.terms,
        "status": status,
        "adopted": None if motion.outcome is None else motion.outcome == "adopted",
        "resolution": store.resolution_number(ctx.connection, motion.id),
        "vote": None
        if vote is None
        else {
            "mode": vote.mode,
            "opened_at": vote.opened_at,
            "closed_at": vote.closed_at,
            "present": vote.present,
            "seats": vote.seats,
        },
        "positions": store.positions(ctx.connection, motion.id),
        "amendments": [
            {"motion": a.address, "status": a.outcome or "moved"}
            for a in store.amendments(ctx.connection, motion.id)
        ],
    }
    shown.update(_votes(ctx, motion, vote))
    if vote is not None and vote.mode == "roll-call":
        shown.update(_roll_call(ctx, motion))
    return shown


def motion_view(
    db: Database, address: str, *, federation: str | None = None, actor: Actor
) -> dict[str, Any]:
    """A motion addressed COUNCIL/SLUG: its text, mover, status, tally (`yes`, `no`,
    `abstain`, `adopted`), roll call by fraction and discipline, resolution number."""
    with db.read() as connection:
        ctx = context.reading(connection, db, federation, actor)
        return describe_motion(ctx, motion_of(ctx, address))


def motions_view(
    db: Database, council: str, *, federation: str | None = None, actor: Actor
) -> list[dict[str, Any]]:
    """Every motion of a council, in the order moved."""
    with db.read() as connection:
        ctx = context.reading(connection, db, federation, actor)
        ctx.require_council(council)
        council_id = councils.council_id(connection, ctx.federation.id, council)
        return [describe_motion(ctx, m) for m in store.motions_in(connection, council_id)]


def sessions_view(
    db: Database, council: str, *, federation: str | None = None, actor: Actor
) -> list[dict[str, Any]]:
    """Every session of a council: its id, section, agenda, when convened and closed."""
    with db.read() as connection:
        ctx = context.reading(connection, db, federation, actor)
        ctx.require_council(council)
        council_id = councils.council_id(connection, ctx.federation.id, council)
        return [
            {
                "session": found.id,
                "council": found.council,
                "section": found.section,
                "agenda": found.agenda,
                "convened_at": found.convened_at,
                "closed_at": found.closed_at,
            }
            for found in store_sessions.sessions_of(connection, council_id)
        ]


def session_view(
    db: Database,
    session_id: int,
    *,
    as_of: datetime | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> dict[str, Any]:
    """A session at a moment: agenda, who attends by fraction, quorum, fractions out,
    the motion being voted on with its running tally, and the motions moved."""
    moment = format_time(as_of or now())
    with db.read() as connection:
        ctx = context.reading(connection, db, federation, actor)
        session = store_sessions.session(connection, ctx.federation.id, session_id)
        present = store_sessions.present(connection, session_id, moment)
        current = store.open_vote_in(connection, session_id)
        moved = store.motions_of_session(connection, session_id)
        fractions = Counter(s.party or "" for s in present if s.is_voting)
        return {
            "session": session.id,
            "council": session.council,
            "section": session.section,
            "agenda": session.agenda,
            "convened_at": session.convened_at,
            "closed_at": session.closed_at,
            "as_of": moment,
            "quorum": quorum_of(ctx, session, moment).as_json(),
            "attending": dict(sorted(fractions.items(), key=lambda i: (-i[1], i[0]))),
            "consultative": sum(1 for s in present if not s.is_voting),
            "delegates": [
                {"person": s.person, "fraction": s.party, "voting": s.is_voting} for s in present
            ],
            "walked_out": store_sessions.walked_out(connection, session_id),
            "current": None if current is None else describe_motion(ctx, current),
            "motions": [
                {
                    "motion": m.address,
                    "title": m.title,
                    "status": m.outcome
                    or ("voting" if current and current.id == m.id else "moved"),
                }
                for m in moved
            ],
        }
