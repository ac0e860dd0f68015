"""The poll on a motion: its register frozen at the opening, its state, and who may still
vote in it.

A poll moves created (its motion moved, not yet put to the vote) → open → closed →
published. A poll whose statute shows results at the close is published as it closes;
one whose statute withholds them stays closed, showing no tally, until the chair
publishes it. Opening freezes the register: the voting mandates present then and their
holders, each with the weight her ballot counts for. A delegate who checks in after the
opening is not entitled in that poll. One who leaves after it stays in its register (it
counts who was entitled when the poll opened), but votes only while she attends: gone,
her ballot is refused as not present; back, she may cast it.
"""

from __future__ import annotations

from collections.abc import Sequence

from soviet.domain.events.sessions import Entitled
from soviet.domain.sessions import POLL_STATES
from soviet.errors import Conflict, RuleViolation
from soviet.services import context
from soviet.store import alternates as store_alternates
from soviet.store import motions as store
from soviet.store import polls as store_polls
from soviet.store import sessions as store_sessions

#: The weight of a ballot cast for one mandate.
ONE_MANDATE = 1


def register_at_opening(
    ctx: context.Context, motion: store.Motion, moment: str
) -> tuple[Entitled, ...]:
    """Who is entitled in a poll opened at `moment`: every voting mandate present in the
    motion's session and its holder, one vote each. The one place that decides it (the
    seats of alternates and the votes of proxies extend it here)."""
    present = store_sessions.present(ctx.connection, motion.session_id, moment)
    voting = [seat for seat in present if seat.is_voting]
    holders = {seat.person_id for seat in voting}
    # A proxy held by a delegate present counts as the giver's vote, cast by the holder
    # (services.stand_ins); proxies may not change while a poll is open.
    proxies = store_alternates.standing(ctx.connection, motion.session_id)
    entitled = [Entitled(seat.mandate_id, seat.person_id, ONE_MANDATE) for seat in voting]
    mandates = {seat.mandate_id for seat in voting}  # a giver present is in it already
    entitled += [
        Entitled(proxy.mandate_id, proxy.giver_id, ONE_MANDATE)
        for proxy in proxies
        if proxy.holder_id in holders and proxy.mandate_id not in mandates
    ]
    return tuple(sorted(entitled, key=lambda row: row.mandate))


def state_of(vote: store.Vote | None) -> str:
    """The state of a poll: created, open, closed (results withheld) or published."""
    if vote is None:
        return POLL_STATES[0]
    if vote.closed_at is None:
        return POLL_STATES[1]
    return POLL_STATES[2] if vote.published_at is None else POLL_STATES[3]


def is_withheld(vote: store.Vote | None) -> bool:
    """Whether a poll's tally is hidden now: its statute withholds results until the
    chair publishes them, and she has not yet."""
    return vote is not None and vote.results == "on-publication" and vote.published_at is None


def weight_of(
    weights: dict[int, int] | None, motion: store.Motion, person: str, person_id: int
) -> int:
    """How many votes a person's ballot counts for in a poll, from its register (`None`:
    a poll opened before registers were kept, one each); refused `not_entitled` when she
    is not in it."""
    if weights is None:
        return ONE_MANDATE
    if person_id not in weights:
        raise RuleViolation(
            f"{person} is not entitled in the poll on '{motion.address}': she was not "
            "present with a voting mandate when it opened (its register is frozen then)",
            code="not_entitled",
        )
    return weights[person_id]


def register_weights(
    ctx: context.Context, vote: store.Vote, persons: Sequence[int] | None = None
) -> dict[int, int] | None:
    """The weights of a poll's register by person, of `persons` if given (None: opened
    before registers)."""
    if vote.entitled is None:
        return None
    return store_polls.weights(ctx.connection, vote.motion_id, persons)


def require_closed(motion: store.Motion, vote: store.Vote | None) -> store.Vote:
    """The poll of a motion, which must be closed with its results withheld to be
    published; refused with the state it is in."""
    state = state_of(vote)
    address = motion.address
    if vote is None:
        raise RuleViolation(
            f"the poll on '{address}' is {state}: it has not been put to the vote, so there "
            "are no results to publish",
            code="poll_not_open",
        )
    if vote.closed_at is None:
        raise RuleViolation(
            f"the poll on '{address}' is {state}: close it before publishing its results"
        )
    if vote.published_at is not None:
        how = "at its close" if vote.results == "at-close" else "by the chair"
        raise Conflict(
            f"the poll on '{address}' is {state}: its results were published {how} "
            f"(at {vote.published_at})"
        )
    return vote
