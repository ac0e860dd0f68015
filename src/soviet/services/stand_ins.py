"""Who stands in for whom in a session: the hooks that checking in and voting call.

An alternate seated on an absent delegate's mandate checks in, votes and speaks on it;
the delegate checking in unseats her in the same transaction, so that a mandate never has
two people at once (domain.alternates). A delegate's proxy makes her holder's ballot
count for her mandate too (domain.proxies). `mandates_cast_for` is the one function the
vote path asks: the mandates a ballot counts for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from soviet.domain.events import Event
from soviet.domain.events.alternates import AlternateUnseated
from soviet.domain.ids import format_id
from soviet.errors import Conflict, RuleViolation
from soviet.services import context
from soviet.store import alternates as store
from soviet.store import motions as store_motions
from soviet.store import sessions as store_sessions


def alternates_checking_in(
    ctx: context.Context, session_id: int, persons: Sequence[str], moment: str
) -> list[store_sessions.Seat]:
    """The seats on which those of `persons` check in as alternates seated in a session."""
    return store.alternates_sitting(ctx.connection, session_id, moment, persons)


def returns_unseating(
    ctx: context.Context, session_id: int, seats: Sequence[store_sessions.Seat], moment: str
) -> list[Event]:
    """The unseating of the alternates on the mandates of delegates checking in: the
    delegate's return gives her mandate back to her, at once."""
    returning = [seat.mandate_id for seat in seats]
    covered = store.seated_on(ctx.connection, session_id, returning) if returning else []
    own = {(seat.mandate_id, seat.person_id) for seat in seats}
    return [
        AlternateUnseated(
            federation=ctx.federation.slug,
            session=session_id,
            mandate=alternate.mandate_id,
            alternate=alternate.alternate_id,
            reason="return",
            at=moment,
        )
        for alternate in covered
        if (alternate.mandate_id, alternate.delegate_id) in own
    ]


def sitting_for(ctx: context.Context, session_id: int) -> dict[int, int]:
    """The alternate (by id) sitting on each covered mandate of a session, by mandate."""
    return {seat.mandate_id: seat.alternate_id for seat in store.seated(ctx.connection, session_id)}


@dataclass(frozen=True)
class CastFor:
    """A mandate a ballot counts for: who is recorded as voting on it and her fraction,
    and, for a proxy, the holder who cast it."""

    mandate_id: int
    person_id: int
    person: str
    party_id: int | None
    holder_id: int | None = None  # None: the ballot of whoever sits on the mandate


@dataclass(frozen=True)
class StandIns:
    """A session's standing proxies and every alternate seating, read once for a batch."""

    session_id: int
    proxies: tuple[store.Proxy, ...]
    sitters: dict[int, frozenset[int]]  # everyone who sat on a mandate: delegate, alternates

    def cast_for(self, seat: store_sessions.Seat) -> tuple[CastFor, ...]:
        """The mandates a ballot from `seat` counts for: her own (or the one she sits on
        as alternate), then those whose proxies she holds. Refused when her mandate's
        vote is held by another."""
        given = [p for p in self.proxies if p.mandate_id == seat.mandate_id]
        if given:
            raise RuleViolation(
                f"{seat.person} has given her vote in session {format_id(self.session_id)} "
                f"to {given[0].holder}: only her proxy's holder votes for her",
                code="not_entitled",
            )
        own = CastFor(seat.mandate_id, seat.person_id, seat.person, seat.party_id)
        held = [
            CastFor(p.mandate_id, p.giver_id, p.giver, p.party_id, seat.person_id)
            for p in self.proxies
            if p.holder_id == seat.person_id
        ]
        return (own, *held)


def stand_ins_of(ctx: context.Context, session_id: int) -> StandIns:
    """What stands in for whom in a session now: its proxies and alternate seatings."""
    sitters: dict[int, set[int]] = {}
    for mandate, person in store.sitters(ctx.connection, session_id):
        sitters.setdefault(mandate, set()).add(person)
    return StandIns(
        session_id,
        tuple(store.standing(ctx.connection, session_id)),
        {mandate: frozenset(people) for mandate, people in sitters.items()},
    )


def refuse_cast_twice(
    ctx: context.Context,
    motion: store_motions.Motion,
    stand_ins: StandIns,
    casts: Sequence[CastFor],
    *,
    is_secret: bool,
) -> None:
    """Refuse a ballot for a mandate that another has voted on already in this poll: the
    delegate before her alternate sat, the alternate before the delegate returned, or a
    proxy's giver before she gave it."""
    others: dict[int, int] = {}
    for cast in casts:
        for person in stand_ins.sitters.get(cast.mandate_id, frozenset()) | {cast.person_id}:
            if person != cast.person_id or cast.holder_id is not None:
                others[person] = cast.mandate_id
    if not others:
        return
    voted = store_motions.voters(ctx.connection, motion.id, sorted(others), secret=is_secret)
    if voted:
        names = sorted({c.person for c in casts if c.mandate_id in {others[v] for v in voted}})
        raise Conflict(
            f"the mandate of {', '.join(names)} has been voted on '{motion.address}' already",
            code="already_voted",
        )


def mandates_cast_for(
    ctx: context.Context, session_id: int, seat: store_sessions.Seat
) -> tuple[CastFor, ...]:
    """The mandates a ballot from whoever attends on `seat` counts for (see StandIns)."""
    return stand_ins_of(ctx, session_id).cast_for(seat)
