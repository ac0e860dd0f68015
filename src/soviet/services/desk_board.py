"""Reads of the check-in desk: the badges of a council, and the desk's board of a session,
read after every badge at a convention: present and entitled by delegation and by
fraction, the totals and the quorum, and the latest changes of attendance with the account
that recorded each (the journal's actor)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from soviet.domain import limits
from soviet.domain.desk import RECENT_MAX
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.views import DEFAULT_LIMIT, Page, check_limit, page_of
from soviet.domain.views import desk as views
from soviet.domain.views.plenary import Quorum
from soviet.services import context
from soviet.services.composition import section_kinds
from soviet.services.journal import Clock, utc_now
from soviet.services.sessions import quorum_of
from soviet.store import councils
from soviet.store import desk as store
from soviet.store import sessions as store_sessions
from soviet.store.database import Database


def badges_view(
    db: Database,
    council: str,
    *,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    now: Clock = utc_now,
    actor: Actor,
) -> Page[views.BadgeLine]:
    """A page of a council's badges by number: who wears each, and her delegation and
    fraction while she holds a mandate there. A badge number is public."""
    check_limit(limit)
    with context.reading(db, federation, actor) as ctx:
        ctx.require_council(council)
        council_id = councils.council_id(ctx.connection, ctx.federation.id, council)
        worn = store.badges_of(ctx.connection, council_id)
        seats = {
            s.person_id: s for s in store.seated(ctx.connection, council_id, format_time(now()))
        }
    lines = []
    for badge in worn:
        seat = seats.get(badge.person_id)
        lines.append(
            views.BadgeLine(
                badge.number,
                badge.person,
                None if seat is None else seat.delegation,
                None if seat is None else seat.fraction,
                seat is not None,
            )
        )
    return page_of(lines, lambda line: (line.number,), shape=(int,), cursor=cursor, limit=limit)


def _presence(counted: Iterable[tuple[str, int, int]]) -> tuple[views.Presence, ...]:
    present: Counter[str] = Counter()
    entitled: Counter[str] = Counter()
    for name, attending, held in counted:
        present[name] += attending
        entitled[name] += held
    return tuple(
        views.Presence(name, present[name], entitled[name])
        for name in sorted(entitled, key=lambda n: (-entitled[n], n))
    )


def desk_view(
    db: Database,
    session_id: int,
    *,
    as_of: datetime | None = None,
    recent: int = 20,
    federation: str | None = None,
    now: Clock = utc_now,
    actor: Actor,
) -> views.DeskBoard:
    """The desk's board of a session at a moment (see the module); `recent` changes of
    attendance, the latest first."""
    limits.check_id(session_id, "session")
    limits.check_integer(recent, "recent", minimum=0, maximum=RECENT_MAX)
    moment = format_time(as_of or now())
    with context.reading(db, federation, actor) as ctx:
        connection = ctx.connection
        session = store_sessions.session(connection, ctx.federation.id, session_id)
        ctx.require(Action.READ_DESK, Target(council=session.council))
        kinds = (
            None
            if session.section is None
            else section_kinds(ctx, session.council, session.section)
        )
        counted = [
            c
            for c in store.counts(connection, session.council_id, session_id, moment)
            if kinds is None or c.kind in kinds
        ]
        quorum = quorum_of(ctx, session, moment)
        changes = store.recent(connection, session_id, session.council_id, recent) if recent else []
    voting = [c for c in counted if c.is_voting]
    return views.DeskBoard(
        session=format_id(session_id),
        council=session.council,
        section=session.section,
        as_of=moment,
        closed_at=session.closed_at,
        present=sum(c.present for c in voting),
        entitled=sum(c.entitled for c in voting),
        consultative=sum(c.present for c in counted if not c.is_voting),
        quorum=Quorum(quorum.present, quorum.needed, quorum.seats, quorum.has_quorum),
        delegations=_presence((c.delegation, c.present, c.entitled) for c in voting),
        fractions=_presence((c.fraction or "", c.present, c.entitled) for c in voting),
        recent=tuple(
            views.CheckLine(c.seq, c.number, c.person, c.fraction, c.change, c.at, c.actor)
            for c in changes
        ),
    )
