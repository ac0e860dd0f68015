"""Alternates seated and unseated, proxies given and revoked, votes cast by proxy."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from soviet.domain.events.alternates import (
    AlternateSeated,
    AlternateUnseated,
    ProxyGiven,
    ProxyRevoked,
    ProxyVoteCast,
)
from soviet.domain.journal import Entry
from soviet.store.effects import NO_EFFECTS, Effects
from soviet.store.registry import applies
from soviet.store.schema import alternate_seats, attendance, proxies, proxy_votes, roll_call


@applies(AlternateSeated)
def alternate_seated(connection: Connection, entry: Entry, event: AlternateSeated) -> Effects:
    connection.execute(
        alternate_seats.insert().values(
            session_id=event.session,
            mandate_id=event.mandate,
            person_id=event.alternate,
            seated_at=event.at,
            unseated_at=None,
            reason=None,
        )
    )
    return NO_EFFECTS


@applies(AlternateUnseated)
def alternate_unseated(connection: Connection, entry: Entry, event: AlternateUnseated) -> Effects:
    connection.execute(
        alternate_seats.update()
        .where(
            alternate_seats.c.session_id == event.session,
            alternate_seats.c.mandate_id == event.mandate,
            alternate_seats.c.unseated_at.is_(None),
        )
        .values(unseated_at=event.at, reason=event.reason)
    )
    # The alternate attends no longer: the mandate is the delegate's again.
    connection.execute(
        attendance.update()
        .where(
            attendance.c.session_id == event.session,
            attendance.c.mandate_id == event.mandate,
            attendance.c.person_id == event.alternate,
            attendance.c.left_at.is_(None),
        )
        .values(left_at=event.at, left_by="unseated")
    )
    return NO_EFFECTS


@applies(ProxyGiven)
def proxy_given(connection: Connection, entry: Entry, event: ProxyGiven) -> Effects:
    connection.execute(
        proxies.insert().values(
            session_id=event.session,
            mandate_id=event.mandate,
            giver_id=event.giver,
            holder_id=event.holder,
            given_at=event.at,
            revoked_at=None,
        )
    )
    return NO_EFFECTS


@applies(ProxyRevoked)
def proxy_revoked(connection: Connection, entry: Entry, event: ProxyRevoked) -> Effects:
    connection.execute(
        proxies.update()
        .where(
            proxies.c.session_id == event.session,
            proxies.c.mandate_id == event.mandate,
            proxies.c.revoked_at.is_(None),
        )
        .values(revoked_at=event.at)
    )
    return NO_EFFECTS


@applies(ProxyVoteCast)
def proxy_vote_cast(connection: Connection, entry: Entry, event: ProxyVoteCast) -> Effects:
    connection.execute(
        roll_call.insert().values(
            motion_id=event.motion,
            person_id=event.person,
            party_id=event.party,
            choice=event.choice,
            cast_at=event.cast_at,
        )
    )
    connection.execute(
        proxy_votes.insert().values(
            motion_id=event.motion, person_id=event.person, holder_id=event.holder
        )
    )
    return NO_EFFECTS
