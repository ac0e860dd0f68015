"""`my-status`: what a voter may learn of her own ballot, and nobody else's.

Whether, when and (for open votes only) how her ballot was counted: a member's ballot in
an election (secret: whether only), her signature on a recall petition and her vote on
the recall (open), a delegate's vote on a motion (a roll call's choice and time; a secret
ballot's whether only). The account asks for itself: the members bound to it, the person
whose slug it bears.
"""

from __future__ import annotations

from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.views.my_status import BallotStatus, OpenPoll, PetitionStatus, VoteStatus
from soviet.errors import Forbidden, NotFound
from soviet.services import context
from soviet.services.journal import require_current
from soviet.services.motions import parse_address
from soviet.store import my_status as store
from soviet.store.database import Database


def _account(actor: Actor) -> str:
    if actor.account is None or actor.is_operator:
        raise Forbidden("my-status: only an account has a ballot of its own to ask about")
    return actor.account


def election_status(
    db: Database, election_id: int, *, federation: str | None = None, actor: Actor
) -> BallotStatus:
    """Whether the actor's member cast her ballot in an election, and whether it has been
    counted (the election closed). How she voted is secret, even to the server."""
    account = _account(actor)
    with context.reading(db, federation, actor) as ctx:
        found = store.members_of_account(ctx.connection, ctx.federation.id, account)
        state = store.election_state(ctx.connection, ctx.federation.id, election_id, found)
    if state is None:
        raise NotFound(f"election {format_id(election_id)} does not exist")
    is_closed = state.closed_at is not None
    return BallotStatus(
        format_id(election_id),
        state.has_voted,
        state.has_voted and is_closed,
        is_closed,
        state.receipt,
    )


def petition_status(
    db: Database, petition_id: int, *, federation: str | None = None, actor: Actor
) -> PetitionStatus:
    """The actor's member's signature on a recall petition, and her vote on the recall."""
    account = _account(actor)
    with context.reading(db, federation, actor) as ctx:
        found = store.members_of_account(ctx.connection, ctx.federation.id, account)
        state = store.petition_state(ctx.connection, ctx.federation.id, petition_id, found)
    if state is None:
        raise NotFound(f"recall petition {format_id(petition_id)} does not exist")
    return PetitionStatus(
        petition=format_id(petition_id),
        has_signed=state.signed_at is not None and state.withdrawn_at is None,
        signed_at=state.signed_at,
        withdrawn_at=state.withdrawn_at,
        has_voted=state.vote is not None,
        choice=None if state.vote == "sealed" else state.vote,
        voted_at=state.voted_at,
        outcome=state.outcome,
        is_closed=state.closed_at is not None,
        receipt=state.receipt,
    )


def vote_status(
    db: Database, address: str, *, federation: str | None = None, actor: Actor
) -> VoteStatus:
    """The actor's vote on a motion (COUNCIL/SLUG): for a roll call how and when; for a
    secret ballot whether only; counted once the vote has closed."""
    account = _account(actor)
    council, slug = parse_address(address)
    with context.reading(db, federation, actor) as ctx:
        state = store.motion_state(ctx.connection, ctx.federation.id, council, slug, account)
    if state is None:
        raise NotFound(f"motion '{address}' does not exist")
    is_closed = state.closed_at is not None
    return VoteStatus(
        motion=address,
        mode=state.mode,
        has_voted=state.has_voted,
        choice=state.choice,
        cast_at=state.cast_at,
        is_counted=state.has_voted and is_closed,
        is_closed=is_closed,
        receipt=state.receipt,
    )


#: The open polls `open_polls` names at most (a delegate attends few sessions at once).
OPEN_POLLS_MAX = 20


def open_polls(db: Database, *, actor: Actor) -> tuple[OpenPoll, ...]:
    """The open polls the account's person may vote on now and has not: in sessions she
    attends, in any federation. What a page's banner tells her."""
    account = _account(actor)
    with db.read() as connection:
        require_current(connection, db)
        found = store.open_polls(connection, account, limit=OPEN_POLLS_MAX)
    return tuple(
        OpenPoll(row.federation, format_id(row.session_id), f"{row.council}/{row.slug}", row.title)
        for row in found
    )
