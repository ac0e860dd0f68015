"""Acts on mandates: recall petitions, party replacement, resignation and death.

"The delegates are not elected for any particular term, but are subject to recall at any
time"; "the candidates are designated by the central committees of the political
parties, which can replace them by other party members" (John Reed, seeds/003). The
seat stays with its party: the next candidate on the party's list takes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from soviet.domain import limits
from soviet.domain.events.elections import ElectionOpened, MandateBegun
from soviet.domain.events.mandates import (
    DelegateRecalled,
    DelegateReplaced,
    MandateEnded,
    RecallSigned,
    RecallVoteOpened,
    RecallWithdrawn,
)
from soviet.domain.identity import Actor
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.recall import recall_threshold
from soviet.errors import Conflict, InvalidInput, NotFound, RuleViolation
from soviet.services import bodies, context
from soviet.services.journal import Clock, utc_now
from soviet.services.parties import require_party_power
from soviet.services.unit_of_work import perform
from soviet.store import councils, queries
from soviet.store import trustees as store_trustees
from soviet.store.database import Database
from soviet.store.registry import entity_id

END_CAUSES = ("resignation", "death")


def mandate_held(
    ctx: context.Context, council: str, person: str, at: datetime
) -> tuple[int, councils.Mandate]:
    ctx.require_council(council)
    council_id = bodies.council_id(ctx, council)
    body = ctx.statute.councils[council].body
    if body is not None:
        raise RuleViolation(
            f"'{council}' is formed from other councils, not elected by constituencies: "
            f"its members change with {', '.join(body.sources)}"
        )
    held = councils.mandate_of(
        ctx.connection, ctx.federation.id, council_id, person, format_time(at)
    )
    if held is None:
        raise NotFound(f"{person} holds no seat in '{council}'", code="mandate_ended")
    return council_id, held


def _successor(
    ctx: context.Context,
    council_id: int,
    held: councils.Mandate,
    at: datetime,
    person: str | None = None,
) -> MandateBegun | None:
    """Who takes a seat at `at`: `person` if named, else the next eligible candidate on
    the party's list; None leaves the seat vacant."""
    moment = format_time(at)
    if person is not None:
        seated = councils.mandate_of(ctx.connection, ctx.federation.id, council_id, person, moment)
        if seated is not None:
            raise Conflict(f"{person} already holds a seat in this council")
        if person not in queries.party_member_slugs(ctx.connection, ctx.federation.id, held.party):
            raise RuleViolation(f"{person} is not a member of '{held.party}'")
        return MandateBegun(held.constituency, held.seat, held.party, person)
    taker = councils.next_candidate(ctx.connection, ctx.federation.id, council_id, held, moment)
    return MandateBegun(held.constituency, held.seat, held.party, taker) if taker else None


def _call_fresh_election(
    ctx: context.Context, council: str, constituency: str, at: datetime, now: Clock
) -> int | None:
    """Open the election of a recalled delegate's constituency, unless one is open already;
    returns the election that will fill the seat (None: none).

    A council that pools its seats elects as a whole: the seat stays vacant until its
    next general election.
    """
    if ctx.statute.councils[council].election.allocation == "pooled":
        return None
    council_id = bodies.council_id(ctx, council)
    for other in councils.open_elections(ctx.connection, council_id):
        if other.constituency in (None, constituency):
            return other.id
    event = ElectionOpened(
        federation=ctx.federation.slug,
        council=council,
        constituency=constituency,
        mode="counts",
        opened_at=format_time(at),
    )
    return entity_id(ctx.record(at=now(), actor=ctx.account, event=event).seq)


@dataclass(frozen=True)
class Recalled:
    """A delegate recalled: the journal entry, who took her seat, or the election that
    will fill it (one opened for the recall, or one already open there)."""

    entry: Entry
    successor: str | None
    election: int | None


def recall_now(
    ctx: context.Context,
    council: str,
    held: councils.Mandate,
    petition: int,
    moment: datetime,
    now: Clock,
    *,
    counts: tuple[int | None, int | None] = (None, None),
) -> Recalled:
    """End a mandate by recall, and seat its successor or call a fresh election, as the
    statute says; a sealed recall vote's decrypted `counts` (recall, keep) are journaled
    with it."""
    limits.check_id(petition, "petition")
    council_id = bodies.council_id(ctx, council)
    fresh = ctx.statute.councils[council].recall.then == "fresh-election"
    successor = None if fresh else _successor(ctx, council_id, held, moment)
    event = DelegateRecalled(
        federation=ctx.federation.slug,
        petition=petition,
        mandate=held.id,
        recalled_at=format_time(moment),
        successor=successor,
        expires_at=ctx.term_end(council, moment),
        recall=counts[0],
        keep=counts[1],
    )
    recalled = ctx.record(at=now(), actor=ctx.account, event=event)
    election = _call_fresh_election(ctx, council, held.constituency, moment, now) if fresh else None
    return Recalled(recalled, successor.person if successor else None, election)


@dataclass(frozen=True)
class Signed:
    """A signature counted, and whether it carried the petition."""

    petition: int
    signatures: int
    threshold: int
    is_recalled: bool
    successor: str | None
    receipt: str
    is_put_to_vote: bool = False  # the petition carried, and the statute asks for a vote
    election: int | None = None  # the fresh election that fills the seat, if one does


def _eligible_signer(
    ctx: context.Context, council: str, held: councils.Mandate, member_key: str, on: date
) -> councils.Member:
    member = context.require_for_member(ctx, Action.SIGN_RECALL, held.constituency, member_key)
    ctx.require_franchise(
        council,
        member.birth_date,
        member.categories,
        on=on,
        who=f"member '{member_key}' cannot sign",
    )
    return member


def sign_recall(
    db: Database,
    council: str,
    person: str,
    member_key: str,
    *,
    federation: str | None = None,
    actor: Actor,
    signed_at: datetime | None = None,
    now: Clock = utc_now,
) -> Signed:
    """A member of the delegate's constituency signs the petition to recall her.

    The signature that reaches the statute's threshold recalls the delegate at once, or
    puts the recall to a vote of the constituency where the statute says so.
    """

    def act(ctx: context.Context) -> Signed:
        moment = signed_at or now()
        _council_id, held = mandate_held(ctx, council, person, moment)
        member = _eligible_signer(ctx, council, held, member_key, moment.date())
        petition, threshold = open_petition(ctx, council, held, person)
        state = councils.signature(ctx.connection, petition.id, member.id) if petition else None
        if state == "signed":
            raise Conflict(
                f"member '{member_key}' has already signed the recall of {person}",
                code="already_voted",
            )
        signed = RecallSigned(
            federation=ctx.federation.slug,
            petition=petition.id if petition else None,
            opens=petition is None,
            again=state == "withdrawn",
            mandate=held.id,
            threshold=threshold,
            member=member.id,
            signed_at=format_time(moment),
        )
        entry = ctx.record(at=now(), actor=ctx.account, event=signed)
        petition_id = petition.id if petition else entity_id(entry.seq)
        count = (petition.signatures if petition else 0) + 1
        tallied = Tallied(petition_id, count, threshold, moment, entry.hash)
        return carry(ctx, council, held, tallied, now)

    return perform(db, federation, actor, act)


def open_petition(
    ctx: context.Context, council: str, held: councils.Mandate, person: str
) -> tuple[councils.Petition | None, int]:
    """The open petition against a mandate (None: the next signature opens it) and its
    threshold; refused while the recall is put to a vote."""
    petition = councils.open_petition(ctx.connection, held.id)
    if petition is not None and petition.is_voting:
        raise RuleViolation(
            f"the recall of {person} is being put to a vote: signatures are closed",
            code="poll_not_open",
        )
    if petition is not None:
        return petition, petition.threshold
    threshold = recall_threshold(
        ctx.statute.councils[council].recall,
        electorate=councils.electorate(ctx.connection, held.constituency_id),
        last_turnout=councils.last_turnout(ctx.connection, held.constituency_id),
    )
    return None, threshold


@dataclass(frozen=True)
class Tallied:
    """A petition's signatures once an act has added to them: when, and the receipt of
    the entry that did."""

    petition: int
    signatures: int
    threshold: int
    signed_at: datetime
    receipt: str


def carry(
    ctx: context.Context, council: str, held: councils.Mandate, tallied: Tallied, now: Clock
) -> Signed:
    """What a petition's signatures do: below the threshold nothing; at it, the delegate
    is recalled at once, or the recall is put to a vote where the statute says so."""
    petition, count, threshold = tallied.petition, tallied.signatures, tallied.threshold
    if count < threshold:
        return Signed(petition, count, threshold, False, None, tallied.receipt)
    if ctx.statute.councils[council].recall.then == "recall-vote":
        vote = RecallVoteOpened(
            federation=ctx.federation.slug,
            petition=petition,
            opened_at=format_time(tallied.signed_at),
            ceremony=_sealing_ceremony(ctx, council, held),
        )
        opened = ctx.record(at=now(), actor=ctx.account, event=vote)
        return Signed(petition, count, threshold, False, None, opened.hash, True)
    done = recall_now(ctx, council, held, petition, tallied.signed_at, now)
    return Signed(
        petition,
        count,
        threshold,
        is_recalled=True,
        successor=done.successor,
        receipt=done.entry.hash,
        election=done.election,
    )


def _sealing_ceremony(ctx: context.Context, council: str, held: councils.Mandate) -> int | None:
    """The key ceremony a recall vote opened now is sealed by: the council's, once its
    trustees have made its key; None (an open vote) before, unless the statute seals its
    secret ballots, which refuses the vote until they have."""
    council_id = bodies.council_id(ctx, council)
    ceremony = store_trustees.current(ctx.connection, council_id)
    if ceremony is not None and ceremony.public_key is not None:
        return ceremony.id
    if ctx.statute.councils[council].sessions.secret_ballots == "sealed":
        raise RuleViolation(
            f"the statute of '{ctx.federation.slug}' seals the secret ballots of '{council}', "
            "and its trustees have made no key yet: the recall cannot be put to a vote until "
            "they have (soviet trustee appoint, soviet trustee keygen)"
        )
    return None


def withdraw_recall(
    db: Database,
    council: str,
    person: str,
    member_key: str,
    *,
    federation: str | None = None,
    actor: Actor,
    withdrawn_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A member withdraws her signature from a petition that has not yet succeeded."""

    def act(ctx: context.Context) -> Entry:
        moment = withdrawn_at or now()
        _, held = mandate_held(ctx, council, person, moment)
        member = context.require_for_member(
            ctx, Action.WITHDRAW_RECALL, held.constituency, member_key
        )
        petition = councils.open_petition(ctx.connection, held.id)
        signed = councils.signature(ctx.connection, petition.id, member.id) if petition else None
        if petition is None or signed != "signed":
            raise RuleViolation(f"member '{member_key}' has no signature on a recall of {person}")
        event = RecallWithdrawn(
            federation=ctx.federation.slug,
            petition=petition.id,
            member=member.id,
            withdrawn_at=format_time(moment),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def replace_delegate(
    db: Database,
    council: str,
    person: str,
    successor: str,
    *,
    federation: str | None = None,
    actor: Actor,
    replaced_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """The party's central committee replaces its delegate by another party member."""

    def act(ctx: context.Context) -> Entry:
        moment = replaced_at or now()
        council_id, held = mandate_held(ctx, council, person, moment)
        require_party_power(ctx, held.party, Action.REPLACE_DELEGATE)
        taker = _successor(ctx, council_id, held, moment, successor)
        event = DelegateReplaced(
            federation=ctx.federation.slug,
            mandate=held.id,
            replaced_at=format_time(moment),
            successor=taker,
            expires_at=ctx.term_end(council, moment),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def end_mandate(
    db: Database,
    council: str,
    person: str,
    *,
    cause: str,
    federation: str | None = None,
    actor: Actor,
    ended_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A delegate resigns (or has died): the next candidate on her party's list takes the seat."""
    if cause not in END_CAUSES:
        raise InvalidInput(f"cause: must be one of {', '.join(END_CAUSES)}, got {cause!r}")

    def act(ctx: context.Context) -> Entry:
        moment = ended_at or now()
        council_id, held = mandate_held(ctx, council, person, moment)
        action = Action.RESIGN if cause == "resignation" else Action.END_MANDATE
        ctx.require(action, Target(council=council, account=person, at=format_time(moment)))
        event = MandateEnded(
            federation=ctx.federation.slug,
            mandate=held.id,
            ended_at=format_time(moment),
            cause=cause,
            successor=_successor(ctx, council_id, held, moment),
            expires_at=ctx.term_end(council, moment),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)
