"""Acts and reads of alternates: the fraction seats an alternate on an absent delegate's
mandate for a session, or unseats her; a constituency's alternates in list order; who sat
for whom in a session.

The alternates are the candidates of the list the seat was won on who hold no seat, in
list order: the same list succession takes a delegate's successor from
(store.councils.candidates_not_seated). Seating is one act, journaled (AlternateSeated);
the alternate then checks in, votes and speaks on the mandate (services.stand_ins) until
the delegate checks in, which unseats her in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soviet.domain import limits
from soviet.domain.alternates import Vacancy, choose_alternate
from soviet.domain.events.alternates import AlternateSeated, AlternateUnseated
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.views import alternates as views
from soviet.errors import RuleViolation
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.sessions import open_session
from soviet.services.unit_of_work import perform
from soviet.store import alternates as store
from soviet.store import councils
from soviet.store import sessions as store_sessions
from soviet.store.database import Database


@dataclass(frozen=True)
class Seated:
    """An alternate seated: her journal entry, and who she is."""

    entry: Entry
    alternate: str


def _delegate_mandate(
    ctx: context.Context, session_id: int, delegate: str, moment: str
) -> tuple[store_sessions.Session, councils.Mandate]:
    """The session and the mandate `delegate` holds in its council, once the actor is
    found to act for the delegate's fraction there."""
    limits.check_id(session_id, "session")
    limits.check_slug(delegate, "for")
    session = store_sessions.session(ctx.connection, ctx.federation.id, session_id)
    held = councils.mandate_of(
        ctx.connection, ctx.federation.id, session.council_id, delegate, moment
    )
    party = None if held is None else held.party
    ctx.require(Action.SEAT_ALTERNATE, Target(council=session.council, party=party))
    open_session(ctx, session_id)
    if held is None:
        raise RuleViolation(
            f"{delegate} holds no mandate in '{session.council}' at {moment}: an alternate "
            "sits only for a delegate",
            code="mandate_ended",
        )
    return session, held


def seat_alternate(
    db: Database,
    session_id: int,
    delegate: str,
    *,
    alternate: str | None = None,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Seated:
    """Seat an alternate on an absent delegate's mandate for a session: `alternate` if
    named, else the first free on the party's list. Her fraction (or its central
    committee) seats her."""
    if alternate is not None:
        limits.check_slug(alternate, "alternate")

    def act(ctx: context.Context) -> Seated:
        moment = format_time(at or now())
        session, held = _delegate_mandate(ctx, session_id, delegate, moment)
        connection = ctx.connection
        covering = store.seated_on(connection, session_id, [held.id])
        proxy = store.standing(connection, session_id, giver_id=_person_id(ctx, delegate))
        vacancy = Vacancy(
            session=format_id(session_id),
            delegate=delegate,
            party=held.party,
            constituency=held.constituency,
            is_delegate_present=store_sessions.attendee(connection, session_id, delegate, moment)
            is not None,
            covered_by=covering[0].alternate
            if covering
            else (f"her proxy's holder {proxy[0].holder}" if proxy else None),
        )
        in_order = councils.candidates_not_seated(
            connection, ctx.federation.id, session.council_id, held, moment
        )
        taken = {seat.alternate for seat in store.seated(connection, session_id)}
        chosen = choose_alternate(vacancy, in_order, taken, alternate)
        event = AlternateSeated(
            federation=ctx.federation.slug,
            session=session_id,
            mandate=held.id,
            alternate=_person_id(ctx, chosen),
            at=moment,
        )
        return Seated(ctx.record(at=now(), actor=ctx.account, event=event), chosen)

    return perform(db, federation, actor, act)


def _person_id(ctx: context.Context, person: str) -> int:
    return store_sessions.person_id(ctx.connection, ctx.federation.id, person)


def unseat_alternate(
    db: Database,
    session_id: int,
    delegate: str,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Seated:
    """The fraction unseats the alternate sitting on a delegate's mandate in a session; the
    alternate attends no longer."""

    def act(ctx: context.Context) -> Seated:
        moment = format_time(at or now())
        _, held = _delegate_mandate(ctx, session_id, delegate, moment)
        covering = store.seated_on(ctx.connection, session_id, [held.id])
        if not covering:
            raise RuleViolation(
                f"no alternate sits for {delegate} in session {format_id(session_id)}"
            )
        event = AlternateUnseated(
            federation=ctx.federation.slug,
            session=session_id,
            mandate=held.id,
            alternate=covering[0].alternate_id,
            reason="unseated",
            at=moment,
        )
        entry = ctx.record(at=now(), actor=ctx.account, event=event)
        return Seated(entry, covering[0].alternate)

    return perform(db, federation, actor, act)


def constituency_alternates(
    db: Database,
    constituency: str,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> views.ConstituencyAlternates:
    """A constituency's alternates now, per party holding seats there, in list order."""
    limits.check_slug(constituency, "constituency")
    moment = format_time(at or now())
    with context.reading(db, federation, actor) as ctx:
        council_id, council, held = store.constituency_mandates(
            ctx.connection, ctx.federation.id, constituency, moment
        )
        parties: dict[str, list[councils.Mandate]] = {}
        for mandate in held:
            parties.setdefault(mandate.party, []).append(mandate)
        found = tuple(
            views.PartyAlternates(
                party,
                tuple(sorted(m.person for m in seats)),
                tuple(
                    councils.candidates_not_seated(
                        ctx.connection, ctx.federation.id, council_id, seats[0], moment
                    )
                ),
            )
            for party, seats in sorted(parties.items())
        )
    return views.ConstituencyAlternates(constituency, council, found, moment)


def session_alternates(
    db: Database, session_id: int, *, federation: str | None = None, actor: Actor
) -> views.SessionAlternates:
    """Every alternate seated in a session, while seated or since unseated."""
    limits.check_id(session_id, "session")
    with context.reading(db, federation, actor) as ctx:
        store_sessions.session(ctx.connection, ctx.federation.id, session_id)
        rows = store.seatings(ctx.connection, session_id)
    return views.SessionAlternates(
        format_id(session_id),
        tuple(
            views.AlternateSeating(
                r.delegate, r.alternate, r.party, r.seated_at, r.unseated_at, r.reason
            )
            for r in rows
        ),
    )
