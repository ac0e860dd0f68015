"""Acts on the registers: admitting constituencies, counting electorates, registering members,
persons and parties, party membership, and the parties' ordered candidate lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from soviet.domain import limits
from soviet.domain.events.registers import (
    AdmittedConstituency,
    ConstituenciesAdmitted,
    ElectorateCounted,
)
from soviet.domain.identity import Actor
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action
from soviet.errors import InvalidInput, NotFound, Problem, all_problems, problems_of
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.unit_of_work import perform
from soviet.store import queries, reads
from soviet.store.database import Database


@dataclass(frozen=True)
class ConstituencySpec:
    """A group that has organised and demands representation."""

    slug: str
    name: str
    kind: str
    council: str
    electorate: int
    tags: dict[str, str] = field(default_factory=dict)
    line: int = 0  # where it stands in a file (0: not from a file)


def _constituency_problems(ctx: context.Context, specs: Sequence[ConstituencySpec]) -> list[str]:
    problems: list[str] = []
    taken = queries.existing_slugs(
        ctx.connection, ctx.federation.id, "constituencies", [s.slug for s in specs]
    )
    seen: set[str] = set()
    for index, spec in enumerate(specs, start=1):
        where = f"line {spec.line}" if spec.line else f"constituency {index}"
        where += f" ({context.shown_value(spec.slug)})"
        if not isinstance(spec.slug, str) or not limits.SLUG.fullmatch(spec.slug):
            problems.append(f"{where}: slug must be lowercase letters, digits and hyphens")
        elif len(spec.slug) > limits.SLUG_MAX:
            problems.append(f"{where}: slug must be at most {limits.SLUG_MAX} characters")
        if spec.slug in taken or spec.slug in seen:
            problems.append(f"{where}: slug is already taken")
        seen.add(spec.slug)
        council = ctx.statute.councils.get(spec.council)
        if council is None:
            problems.append(f"{where}: council '{spec.council}' is not in the statute")
        elif council.house is None and spec.kind not in council.delegates:
            kinds = ", ".join(council.delegates)
            problems.append(
                f"{where}: council '{spec.council}' takes no constituency of kind "
                f"'{spec.kind}' (its kinds: {kinds})"
            )
        if spec.kind not in ctx.statute.kinds:
            problems.append(f"{where}: kind '{spec.kind}' is not in the statute")
        reason = _electorate_problem(ctx, spec.council, spec.kind, spec.electorate)
        if reason is not None:
            problems.append(f"{where}: electorate {reason}")
        reason = limits.name_problem(spec.name)
        if reason is not None:
            problems.append(f"{where}: name {reason}")
        for key, value in spec.tags.items():
            reason = limits.name_problem(key, maximum=limits.SLUG_MAX) or limits.name_problem(value)
            if reason is not None:
                problems.append(f"{where}: tag {context.shown_value(key)} {reason}")
    return problems


def _electorate_problem(
    ctx: context.Context, council: str, kind: str, electorate: object
) -> str | None:
    """Why `electorate` is not a count of voters of a constituency of `kind` in `council`:
    out of bounds, or sending more delegates than a body may seat."""
    if isinstance(electorate, bool) or not isinstance(electorate, int) or electorate < 0:
        return "must be a whole number of at least 0"
    if electorate > limits.ELECTORATE_MAX:
        return f"must be at most {limits.ELECTORATE_MAX}, got {electorate}"
    rule = (
        ctx.statute.councils[council].delegates.get(kind)
        if council in ctx.statute.councils
        else None
    )
    if rule is not None and rule.seats_for(electorate) > limits.SEATS_MAX:
        return (
            f"{electorate} would send {rule.seats_for(electorate)} delegates, "
            f"more than the {limits.SEATS_MAX} seats a body may have"
        )
    return None


def _check_seats(ctx: context.Context, constituency: str, electorate: int) -> None:
    row = reads.constituency(ctx.connection, ctx.federation.id, constituency)
    reason = _electorate_problem(ctx, row.council, row.kind, electorate)
    if reason is not None:
        raise InvalidInput(f"electorate: {reason}", problems=[Problem("electorate", reason)])


def _all_at_once(problems: list[str], what: str) -> None:
    all_problems(what, problems_of(problems))


def constituency_problems(
    db: Database,
    specs: Sequence[ConstituencySpec],
    *,
    federation: str | None = None,
    actor: Actor,
) -> list[str]:
    """What `admit_constituencies` would refuse in these constituencies, without admitting
    any: so that a file's bad lines of every kind are named in one run."""
    with context.reading(db, federation, actor) as ctx:
        ctx.require(Action.ADMIT_CONSTITUENCIES)
        return _constituency_problems(ctx, specs)


def admit_constituencies(
    db: Database,
    specs: Sequence[ConstituencySpec],
    *,
    federation: str | None = None,
    actor: Actor,
    admitted_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Admit constituencies to their councils, effective from `admitted_at`.

    "If the cooks and waiters ... organised and demanded representation, they were allowed
    delegates" (seeds/003). Every problem of every row is reported at once.
    """
    if not specs:
        raise InvalidInput("constituencies: nothing to admit")

    def act(ctx: context.Context) -> Entry:
        ctx.require(Action.ADMIT_CONSTITUENCIES)
        _all_at_once(_constituency_problems(ctx, specs), "cannot admit constituencies")
        event = ConstituenciesAdmitted(
            federation=ctx.federation.slug,
            admitted_at=format_time(admitted_at or now()),
            constituencies=tuple(
                AdmittedConstituency(
                    slug=s.slug,
                    name=s.name.strip(),
                    kind=s.kind,
                    council=s.council,
                    electorate=s.electorate,
                    tags=dict(sorted(s.tags.items())),
                )
                for s in specs
            ),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def count_electorate(
    db: Database,
    constituency: str,
    electorate: int,
    *,
    federation: str | None = None,
    actor: Actor,
    counted_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Record a constituency's new count of voters (it decides its seats at the next election)."""
    limits.check_integer(electorate, "electorate", maximum=limits.ELECTORATE_MAX)

    def act(ctx: context.Context) -> Entry:
        ctx.require(Action.COUNT_ELECTORATE)
        if not queries.existing_slugs(
            ctx.connection, ctx.federation.id, "constituencies", [constituency]
        ):
            raise NotFound(f"constituency '{constituency}' does not exist")
        _check_seats(ctx, constituency, electorate)
        event = ElectorateCounted(
            federation=ctx.federation.slug,
            constituency=constituency,
            electorate=electorate,
            counted_at=format_time(counted_at or now()),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)
