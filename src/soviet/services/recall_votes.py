"""The recall vote: where the statute says so, a petition that reaches its threshold puts
the recall to a vote of the constituency's members, and the majority decides.

A recall vote opened before the council has a key is open: each member's choice is
journaled, as a show of hands would be. Once the council has a key it is sealed
(services.sealed_recalls): each ballot is encrypted on the member's device, and the vote is
decided by the counts its trustees decrypt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from soviet.domain.events.mandates import RecallRejected, RecallVoteCast
from soviet.domain.identity import Actor
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action
from soviet.domain.recall import CHOICES
from soviet.errors import Conflict, InvalidInput, RuleViolation
from soviet.services import context, sealed_recalls
from soviet.services.journal import Clock, utc_now
from soviet.services.mandates import mandate_held, recall_now
from soviet.services.sealed_recalls import voting_petition
from soviet.services.unit_of_work import perform
from soviet.store import councils
from soviet.store.database import Database


def cast_recall_vote(
    db: Database,
    council: str,
    person: str,
    member_key: str,
    choice: str,
    *,
    federation: str | None = None,
    actor: Actor,
    cast_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A member of the constituency votes to recall her delegate or to keep her: once."""
    if choice not in CHOICES:
        raise InvalidInput(f"choice: must be one of {', '.join(CHOICES)}, got {choice!r}")

    def act(ctx: context.Context) -> Entry:
        moment = cast_at or now()
        _, held = mandate_held(ctx, council, person, moment)
        member = context.require_for_member(
            ctx, Action.CAST_RECALL_VOTE, held.constituency, member_key
        )
        petition = voting_petition(ctx, held, person)
        if petition.is_sealed:
            raise RuleViolation(
                f"the recall vote on {person} is sealed: a ballot is encrypted by the "
                "member's own device, never sent as a choice"
            )
        ctx.require_franchise(
            council,
            member.birth_date,
            member.categories,
            on=moment.date(),
            who=f"member '{member_key}' cannot vote",
        )
        if member.id in councils.recall_vote(ctx.connection, petition.id):
            raise Conflict(
                f"member '{member_key}' has already voted on the recall of {person}",
                code="already_voted",
            )
        event = RecallVoteCast(
            federation=ctx.federation.slug,
            petition=petition.id,
            member=member.id,
            choice=choice,
            cast_at=format_time(moment),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


@dataclass(frozen=True)
class Decided:
    """How a recall vote ended."""

    recall: int
    keep: int
    is_recalled: bool
    successor: str | None
    receipt: str
    election: int | None = None  # the fresh election that fills the seat, if one does


def close_recall_vote(
    db: Database,
    council: str,
    person: str,
    *,
    federation: str | None = None,
    actor: Actor,
    closed_at: datetime | None = None,
    now: Clock = utc_now,
) -> Decided:
    """Count a recall vote: more votes to recall than to keep recall the delegate."""

    def act(ctx: context.Context) -> Decided:
        ctx.require(Action.CLOSE_RECALL_VOTE)
        moment = closed_at or now()
        _, held = mandate_held(ctx, council, person, moment)
        petition = voting_petition(ctx, held, person)
        if petition.is_sealed:
            recall, keep = sealed_recalls.decrypted_counts(ctx, petition, person)
        else:
            choices = list(councils.recall_vote(ctx.connection, petition.id).values())
            recall, keep = choices.count("recall"), choices.count("keep")
        if recall > keep:
            counts = (recall, keep) if petition.is_sealed else (None, None)
            done = recall_now(ctx, council, held, petition.id, moment, now, counts=counts)
            return Decided(recall, keep, True, done.successor, done.entry.hash, done.election)
        event = RecallRejected(
            federation=ctx.federation.slug,
            petition=petition.id,
            closed_at=format_time(moment),
            recall=recall,
            keep=keep,
        )
        entry = ctx.record(at=now(), actor=ctx.account, event=event)
        return Decided(recall, keep, False, None, entry.hash)

    return perform(db, federation, actor, act)
