"""Recall signatures collected on paper, entered by the council's secretariat.

A signature is the member's own act: nobody signs or withdraws one in her name. Where a
council's statute allows petitions signed on paper sheets (`recall.paper_signatures`),
entering a sheet is a distinct act of the secretariat or an administrator, journaled as
such (PaperSignaturesEntered) with who entered it and the sheet's reference; the
signatures then count as the members' own, toward the same threshold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from soviet.domain.events.mandates import PaperSignaturesEntered
from soviet.domain.identity import Actor
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action, Target
from soviet.errors import InvalidInput, NotFound, Problem, RuleViolation
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.mandates import Signed, Tallied, carry, mandate_held, open_petition
from soviet.services.unit_of_work import perform
from soviet.store import councils
from soviet.store.database import Database
from soviet.store.registry import entity_id


def _check_sheet(sheet: str, members: Sequence[str]) -> None:
    problems = []
    if not sheet.strip():
        problems.append(Problem("sheet", "must name the paper sheet (its reference)"))
    if not members:
        problems.append(Problem("members", "a sheet carries at least one member's signature"))
    for key, count in sorted(Counter(members).items()):
        if count > 1:
            problems.append(Problem(f"members.{key}", f"is on the sheet {count} times"))
    if problems:
        raise InvalidInput("; ".join(map(str, problems)), problems=problems)


def _signers(
    ctx: context.Context,
    council: str,
    held: councils.Mandate,
    petition: councils.Petition | None,
    keys: Sequence[str],
    on: datetime,
) -> tuple[list[int], list[int]]:
    """The members' ids, and those among them signing again after withdrawing; every
    member who cannot sign is named at once."""
    problems: list[Problem] = []
    ids: list[int] = []
    again: list[int] = []
    for key in keys:
        try:
            member = councils.member(ctx.connection, ctx.federation.id, held.constituency, key)
            ctx.require_franchise(
                council,
                member.birth_date,
                member.categories,
                on=on.date(),
                who=f"member '{key}' cannot sign",
            )
        except (NotFound, RuleViolation) as error:
            problems.append(Problem(f"members.{key}", error.message))
            continue
        state = councils.signature(ctx.connection, petition.id, member.id) if petition else None
        if state == "signed":
            problems.append(
                Problem(f"members.{key}", f"has already signed the recall of {held.person}")
            )
            continue
        ids.append(member.id)
        if state == "withdrawn":
            again.append(member.id)
    if problems:
        raise RuleViolation("; ".join(map(str, problems)), problems=problems)
    return ids, again


def enter_paper_signatures(
    db: Database,
    council: str,
    person: str,
    members: Sequence[str],
    *,
    sheet: str,
    federation: str | None = None,
    actor: Actor,
    signed_at: datetime | None = None,
    now: Clock = utc_now,
) -> Signed:
    """The secretariat enters a paper sheet of signatures against a delegate, as `sheet`
    (the sheet's reference); refused where the statute allows no paper signatures. The
    sheet that reaches the threshold recalls her, or puts the recall to a vote."""
    _check_sheet(sheet, members)

    def act(ctx: context.Context) -> Signed:
        ctx.require(Action.ENTER_PAPER_SIGNATURES, Target(council=council))
        ctx.require_council(council)
        if not ctx.statute.councils[council].recall.has_paper_signatures:
            reason = f"'{council}' takes no recall signatures on paper: its statute allows none"
            raise RuleViolation(
                f"recall.paper_signatures: {reason}",
                problems=[Problem("recall.paper_signatures", reason)],
            )
        moment = signed_at or now()
        _, held = mandate_held(ctx, council, person, moment)
        petition, threshold = open_petition(ctx, council, held, person)
        ids, again = _signers(ctx, council, held, petition, members, moment)
        event = PaperSignaturesEntered(
            federation=ctx.federation.slug,
            petition=petition.id if petition else None,
            opens=petition is None,
            mandate=held.id,
            threshold=threshold,
            members=tuple(ids),
            again=tuple(again),
            sheet=sheet.strip(),
            entered_by=ctx.account,
            signed_at=format_time(moment),
        )
        entry = ctx.record(at=now(), actor=ctx.account, event=event)
        petition_id = petition.id if petition else entity_id(entry.seq)
        count = (petition.signatures if petition else 0) + len(ids)
        tallied = Tallied(petition_id, count, threshold, moment, entry.hash)
        return carry(ctx, council, held, tallied, now)

    return perform(db, federation, actor, act)
