"""Reads of a plenary, as `session show`, `session watch` and `motion show` print them and
as the API will serve them: attendance, quorum, the current motion and its tally."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from soviet.domain import limits
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id, format_optional_id, parse_id
from soviet.domain.journal import format_time
from soviet.domain.sessions import discipline
from soviet.domain.views import DEFAULT_LIMIT, Page, check_limit, page_of
from soviet.domain.views import plenary as views
from soviet.domain.views.resolutions import Mover
from soviet.services import context, poll_results, polls
from soviet.services.journal import Clock, utc_now
from soviet.services.motions import motion_of
from soviet.services.sessions import quorum_of
from soviet.store import agenda as store_agenda
from soviet.store import alternates as store_alternates
from soviet.store import councils
from soviet.store import motions as store
from soviet.store import polls as store_polls
from soviet.store import sessions as store_sessions
from soviet.store.database import Database


def _tally(
    ctx: context.Context, motion: store.Motion, vote: store.Vote | None
) -> tuple[int | None, int | None, int | None, int]:
    """yes, no, abstain and ballots: final once closed; running for an open roll call;
    only how many ballots while the results are withheld."""
    if vote is None:
        return None, None, None, 0
    if polls.is_withheld(vote):
        secret = vote.mode == "secret"
        return None, None, None, store.ballots_cast(ctx.connection, motion.id, secret=secret)
    if vote.closed_at is not None:
        ballots = (vote.yes or 0) + (vote.no or 0) + (vote.abstain or 0)
        return vote.yes, vote.no, vote.abstain, ballots
    if vote.mode == "roll-call":
        tally = store.roll_call_tally(ctx.connection, motion.id)
        return tally.yes, tally.no, tally.abstain, tally.total
    if vote.mode == "secret":
        return None, None, None, store.ballots_cast(ctx.connection, motion.id, secret=True)
    return None, None, None, 0


def _by_fraction(rows: list[tuple[str, str | None, str]]) -> dict[str, views.FractionTally]:
    counted: dict[str | None, Counter[str]] = {}
    for _, party, choice in rows:
        counted.setdefault(party, Counter())[choice] += 1
    return {
        party or "": views.FractionTally(counts["yes"], counts["no"], counts["abstain"])
        for party, counts in sorted(counted.items(), key=lambda i: i[0] or "")
    }


RollCall = tuple[
    tuple[views.RollCallLine, ...] | None,
    dict[str, views.FractionTally] | None,
    tuple[views.Discipline, ...] | None,
]


def _roll_call(ctx: context.Context, motion: store.Motion, vote: store.Vote | None) -> RollCall:
    """The roll call, votes by fraction and discipline; all None unless voted by roll call
    with its results shown."""
    if vote is None or vote.mode != "roll-call" or polls.is_withheld(vote):
        return None, None, None
    rows = store.roll_call_rows(ctx.connection, motion.id)
    by = store_alternates.cast_by_holders(ctx.connection, motion.id)
    positions = store.positions(ctx.connection, motion.id)
    return (
        tuple(views.RollCallLine(p, f, c, by.get(p)) for p, f, c in rows),
        _by_fraction(rows),
        tuple(
            views.Discipline(d.party, d.position, tuple(d.with_position), tuple(d.against))
            for d in discipline(positions, rows)
        ),
    )


def _vote_state(vote: store.Vote | None) -> views.VoteState | None:
    if vote is None:
        return None
    return views.VoteState(vote.mode, vote.opened_at, vote.closed_at, vote.present, vote.seats)


def _status(vote: store.Vote | None) -> str:
    """A motion not decided: moved, voting, or closed with its results withheld."""
    if vote is None:
        return "moved"
    return "voting" if vote.closed_at is None else "closed"


def describe_motion(ctx: context.Context, motion: store.Motion) -> views.Motion:
    """A motion's read model, with its tally and, for a roll call, the votes by fraction."""
    vote = store.vote(ctx.connection, motion.id)
    amends = (
        None if motion.amends_id is None else store.motion_by_id(ctx.connection, motion.amends_id)
    )
    yes, no, abstain, ballots = _tally(ctx, motion, vote)
    roll_call, by_fraction, kept = _roll_call(ctx, motion, vote)
    return views.Motion(
        motion=motion.address,
        council=motion.council,
        slug=motion.slug,
        kind=motion.kind,
        title=motion.title,
        text=motion.text,
        mover=Mover(motion.mover_kind, motion.mover),
        session=format_optional_id(motion.session_id),
        amends=None if amends is None else amends.address,
        decision=motion.decision or ctx.statute.councils[motion.council].sessions.decision,
        terms=motion.terms,
        status=motion.outcome or _status(vote),
        is_adopted=None if motion.outcome in (None, "practice") else motion.outcome == "adopted",
        resolution=store.resolution_number(ctx.connection, motion.id),
        vote=_vote_state(vote),
        positions=store.positions(ctx.connection, motion.id),
        amendments=tuple(
            views.Amendment(a.address, a.outcome or "moved")
            for a in store.amendments(ctx.connection, motion.id)
        ),
        yes=yes,
        no=no,
        abstain=abstain,
        ballots=ballots,
        roll_call=roll_call,
        by_fraction=by_fraction,
        discipline=kept,
        poll=None if vote is None else poll_results.describe_poll(ctx, motion),
    )


def motion_view(
    db: Database, address: str, *, federation: str | None = None, actor: Actor
) -> views.Motion:
    """A motion addressed COUNCIL/SLUG: its text, mover, status, tally (`yes`, `no`,
    `abstain`, `adopted`), roll call by fraction and discipline, resolution number."""
    with context.reading(db, federation, actor) as ctx:
        return describe_motion(ctx, motion_of(ctx, address))


def motions_view(
    db: Database,
    council: str,
    *,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    actor: Actor,
) -> Page[views.Motion]:
    """A page of a council's motions, in the order moved."""
    check_limit(limit)
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        ctx.require_council(council)
        council_id = councils.council_id(connection, ctx.federation.id, council)
        moved = store.motions_in(connection, council_id)
        page = page_of(moved, lambda m: (m.id,), shape=(int,), cursor=cursor, limit=limit)
        return Page(tuple(describe_motion(ctx, m) for m in page.items), page.next_cursor)


def sessions_view(
    db: Database,
    council: str,
    *,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    actor: Actor,
) -> Page[views.SessionLine]:
    """A page of a council's sessions, in the order convened: id, section, agenda, when
    convened and closed."""
    check_limit(limit)
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        ctx.require_council(council)
        council_id = councils.council_id(connection, ctx.federation.id, council)
        found = store_sessions.sessions_of(connection, council_id)
    lines = [
        views.SessionLine(
            format_id(s.id), s.council, s.section, tuple(s.agenda), s.convened_at, s.closed_at
        )
        for s in found
    ]
    return page_of(
        lines, lambda s: (parse_id(s.session, "cursor"),), shape=(int,), cursor=cursor, limit=limit
    )


def _motion_lines(ctx: context.Context, moved: list[store.Motion]) -> tuple[views.MotionLine, ...]:
    return tuple(
        views.MotionLine(m.address, m.title, m.outcome or _status(store.vote(ctx.connection, m.id)))
        for m in moved
    )


def session_view(
    db: Database,
    session_id: int,
    *,
    as_of: datetime | None = None,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    now: Clock = utc_now,
    actor: Actor,
) -> views.Session:
    """A session at a moment: agenda, who attends by fraction and a page of its delegates
    (by name), quorum, fractions out, the motion being voted on with its running tally,
    and the motions moved."""
    limits.check_id(session_id, "session")
    check_limit(limit)
    moment = format_time(as_of or now())
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        session = store_sessions.session(connection, ctx.federation.id, session_id)
        present = store_sessions.present(connection, session_id, moment)
        current = store.open_vote_in(connection, session_id)
        moved = store.motions_of_session(connection, session_id)
        quorum = quorum_of(ctx, session, moment)
        attendees = [views.Attendee(s.person, s.party, s.is_voting) for s in present]
        fractions = Counter(s.party or "" for s in present if s.is_voting)
        return views.Session(
            session=format_id(session.id),
            council=session.council,
            section=session.section,
            # As it stands: amended by the plenary's motions of order since it was convened.
            agenda=tuple(item.title for item in store_agenda.agenda(connection, session_id).items),
            convened_at=session.convened_at,
            closed_at=session.closed_at,
            as_of=moment,
            quorum=views.Quorum(quorum.present, quorum.needed, quorum.seats, quorum.has_quorum),
            attending=dict(sorted(fractions.items(), key=lambda i: (-i[1], i[0]))),
            consultative=sum(1 for s in present if not s.is_voting),
            delegates=page_of(
                attendees, lambda a: (a.person,), shape=(str,), cursor=cursor, limit=limit
            ),
            walked_out=store_sessions.walked_out(connection, session_id),
            current=None if current is None else describe_motion(ctx, current),
            motions=_motion_lines(ctx, moved),
        )


def turnout_view(
    db: Database, address: str, *, federation: str | None = None, actor: Actor
) -> views.Turnout | None:
    """The turnout of the open poll on a motion (COUNCIL/SLUG), None when none is open."""
    with context.reading(db, federation, actor) as ctx:
        motion = motion_of(ctx, address)
        vote = store.vote(ctx.connection, motion.id)
        if vote is None or vote.closed_at is not None:
            return None
        secret = vote.mode == "secret"
        ballots, seq = store.ballots_at_head(ctx.connection, motion.id, secret=secret)
        entitled = (
            vote.present
            if vote.entitled is None
            else store_polls.entitled_votes(ctx.connection, motion.id)
        )
    return views.Turnout(motion.address, format_id(motion.id), ballots, entitled, seq)
