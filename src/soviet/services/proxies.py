"""Acts and reads of proxies: a delegate transfers her vote for a session to another
delegate of the council, where the statute allows it, and takes it back.

The rule is the statute's (`sessions.proxies`, domain.proxies): how many proxies one may
hold, within the fraction or not; never to oneself, to a non-delegate, or passed on. A
proxy is given or revoked only while no vote of the session is open, so that the poll's
register does not change under it. A ballot its holder casts counts for the giver's
mandate too (services.stand_ins.mandates_cast_for).
"""

from __future__ import annotations

from datetime import datetime

from soviet.domain import limits
from soviet.domain.events.alternates import ProxyGiven, ProxyRevoked
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.proxies import Delegate, refuse_proxy
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
from soviet.store.motions import open_vote_in


def _between_polls(
    ctx: context.Context, session_id: int, giver: str, what: str
) -> store_sessions.Session:
    """The session, once the actor is found to act in the giver's own name and no vote of
    it is open."""
    limits.check_id(session_id, "session")
    limits.check_slug(giver, "from")
    council = store_sessions.session(ctx.connection, ctx.federation.id, session_id).council
    ctx.require(Action.GIVE_PROXY, Target(council=council, account=giver))
    session = open_session(ctx, session_id)
    current = open_vote_in(ctx.connection, session_id)
    if current is not None:
        raise RuleViolation(
            f"a proxy cannot be {what} while the vote on '{current.address}' is open in "
            f"session {format_id(session_id)}"
        )
    return session


def _delegate(
    ctx: context.Context, session: store_sessions.Session, person: str, moment: str
) -> tuple[Delegate, councils.Mandate] | None:
    held = councils.mandate_of(
        ctx.connection, ctx.federation.id, session.council_id, person, moment
    )
    if held is None:
        return None
    standing = store.standing(ctx.connection, session.id)
    return (
        Delegate(
            person,
            held.party,
            holds=tuple(p.giver for p in standing if p.holder == person),
            gave_to=next((p.holder for p in standing if p.giver == person), None),
        ),
        held,
    )


def give_proxy(
    db: Database,
    session_id: int,
    giver: str,
    holder: str,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A delegate transfers her vote in a session to another delegate of the council, as
    the statute allows; she alone gives it."""
    limits.check_slug(holder, "to")

    def act(ctx: context.Context) -> Entry:
        session = _between_polls(ctx, session_id, giver, "given")
        moment = format_time(at or now())
        found = _delegate(ctx, session, giver, moment)
        if found is None:
            raise RuleViolation(
                f"{giver} holds no mandate in '{session.council}' at {moment}: only its "
                "delegates give proxies",
                code="mandate_ended",
            )
        giving, held = found
        taking = _delegate(ctx, session, holder, moment)
        rule = ctx.statute.councils[session.council].sessions.proxies
        refusal = refuse_proxy(rule, giving, holder if taking is None else taking[0])
        if refusal is None and store.seated_on(ctx.connection, session_id, [held.id]):
            refusal = f"an alternate sits on {giver}'s mandate in session {format_id(session_id)}"
        if refusal is not None:
            raise RuleViolation(f"{giver} cannot give her proxy to {holder}: {refusal}")
        assert taking is not None
        event = ProxyGiven(
            federation=ctx.federation.slug,
            session=session_id,
            mandate=held.id,
            giver=_person_id(ctx, giver),
            holder=_person_id(ctx, holder),
            at=moment,
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def _person_id(ctx: context.Context, person: str) -> int:
    return store_sessions.person_id(ctx.connection, ctx.federation.id, person)


def revoke_proxy(
    db: Database,
    session_id: int,
    giver: str,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A delegate takes back the vote she transferred for a session (not while a vote of
    the session is open)."""

    def act(ctx: context.Context) -> Entry:
        _between_polls(ctx, session_id, giver, "revoked")
        standing = store.standing(ctx.connection, session_id, giver_id=_person_id(ctx, giver))
        if not standing:
            raise RuleViolation(f"{giver} has given no proxy in session {format_id(session_id)}")
        proxy = standing[0]
        event = ProxyRevoked(
            federation=ctx.federation.slug,
            session=session_id,
            mandate=proxy.mandate_id,
            giver=proxy.giver_id,
            holder=proxy.holder_id,
            at=format_time(at or now()),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def session_proxies(
    db: Database, session_id: int, *, federation: str | None = None, actor: Actor
) -> views.SessionProxies:
    """The proxies standing in a session, and whether and how the statute allows them."""
    limits.check_id(session_id, "session")
    with context.reading(db, federation, actor) as ctx:
        session = store_sessions.session(ctx.connection, ctx.federation.id, session_id)
        rule = ctx.statute.councils[session.council].sessions.proxies
        standing = store.standing(ctx.connection, session_id)
    return views.SessionProxies(
        format_id(session_id),
        rule is not None,
        None if rule is None else rule.max_held,
        None if rule is None else rule.same_fraction,
        tuple(views.ProxyHeld(p.giver, p.holder, p.party, p.given_at) for p in standing),
    )
