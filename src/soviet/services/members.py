"""Registering the members of a constituency, from a CSV file or a list.

A constituency may keep a registry of its members: they are its voters, sign its recall
petitions and cast its ballots. Every bad row and every duplicate is reported by line,
and a file with any problem registers nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from soviet.domain import limits
from soviet.domain.events.registers import MembersRegistered, RegisteredMember
from soviet.domain.identity import Actor
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action
from soviet.errors import InvalidInput, NotFound, problems_of
from soviet.services import context
from soviet.services.csv_files import csv_records
from soviet.services.journal import Clock, utc_now
from soviet.services.unit_of_work import perform
from soviet.store import queries
from soviet.store.database import Database

COLUMNS = ("key", "name", "birth_date", "categories", "account")
REQUIRED = ("key", "name")


@dataclass(frozen=True)
class MemberSpec:
    """One member of a registry; `line` is where she stands in the file (0: not from a file)."""

    key: str
    name: str
    birth_date: str | None = None
    categories: list[str] = field(default_factory=list)
    account: str | None = None
    line: int = 0


def _row_problems(row: dict[str, str], line: int) -> tuple[MemberSpec | None, list[str]]:
    problems = []
    key, name = (row.get("key") or "").strip(), (row.get("name") or "").strip()
    if not key:
        problems.append(f"line {line}: key is empty")
    if not name:
        problems.append(f"line {line}: name is empty")
    born = (row.get("birth_date") or "").strip() or None
    if born is not None:
        try:
            date.fromisoformat(born)
        except ValueError:
            problems.append(f"line {line}: birth_date {born!r} is not a date (YYYY-MM-DD)")
    categories = sorted({c.strip() for c in (row.get("categories") or "").split(";") if c.strip()})
    account = (row.get("account") or "").strip() or None
    if problems:
        return None, problems
    return MemberSpec(key, name, born, categories, account, line), []


def read_members_file(
    path: Path, progress: Callable[[int], None] | None = None
) -> tuple[list[MemberSpec], list[str]]:
    """The members in a CSV file with columns key,name[,birth_date,categories,account], and
    the problems of its rows, each by the file line it starts on.

    Categories are separated by semicolons. A header that is not one of these is refused.
    """
    header, records = csv_records(path)
    unknown = [c for c in header if c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        raise InvalidInput(
            f"{path}: line 1: columns must be {','.join(COLUMNS)} (key and name required); "
            + "; ".join(
                [f"unknown {', '.join(unknown)}"] * bool(unknown)
                + [f"missing {', '.join(missing)}"] * bool(missing)
            )
        )
    specs: list[MemberSpec] = []
    problems: list[str] = []
    for index, (line, fields) in enumerate(records):
        if len(fields) > len(header):
            problems.append(f"line {line}: more fields than columns")
            continue
        spec, found = _row_problems(dict(zip(header, fields, strict=False)), line)
        problems.extend(found)
        if spec is not None:
            specs.append(spec)
        if progress is not None and index % 10_000 == 0:
            progress(index)
    first_line: dict[str, int] = {}
    for spec in specs:
        if spec.key in first_line:
            problems.append(
                f"line {spec.line}: key {spec.key!r} repeats line {first_line[spec.key]}"
            )
        first_line.setdefault(spec.key, spec.line)
    return specs, problems


def read_members_csv(path: Path, progress: Callable[[int], None] | None = None) -> list[MemberSpec]:
    """The members in a CSV file (see read_members_file); any bad row is refused, all of
    them named by line."""
    specs, problems = read_members_file(path, progress)
    _raise_all(problems, str(path))
    return specs


def _raise_all(problems: list[str], where: str) -> None:
    if problems:
        shown = problems[:50]
        more = [f"... and {len(problems) - 50} more"] if len(problems) > 50 else []
        raise InvalidInput(
            f"{where}: {len(problems)} bad rows, nobody registered:\n  "
            + "\n  ".join([*shown, *more]),
            problems=problems_of(problems),
        )


def _where(spec: MemberSpec) -> str:
    return f"line {spec.line} (member {spec.key!r})" if spec.line else f"member {spec.key!r}"


def shared_accounts(
    specs: Sequence[MemberSpec], registered: dict[str, str], constituency: str
) -> list[str]:
    """Members of one register who would share an account, each pair named: one person
    could then sign a petition twice. `registered` maps the accounts already in the
    register to their members' keys."""
    problems = []
    first: dict[str, MemberSpec] = {}
    for spec in specs:
        if spec.account is None:
            continue
        if spec.account in registered:
            problems.append(
                f"{_where(spec)}: account {spec.account!r} already belongs to member "
                f"{registered[spec.account]!r} of '{constituency}'; one account per member"
            )
        elif spec.account in first:
            problems.append(
                f"{_where(spec)}: account {spec.account!r} is already given to "
                f"{_where(first[spec.account])}; one account per member"
            )
        else:
            first[spec.account] = spec
    return problems


def _registered(ctx: context.Context, constituency: str, specs: Sequence[MemberSpec]) -> list[str]:
    """Who of `specs` is registered in the constituency already, or would share an
    account with another member, by line where known."""
    ctx.require(Action.REGISTER_MEMBERS)
    if not queries.existing_slugs(
        ctx.connection, ctx.federation.id, "constituencies", [constituency]
    ):
        raise NotFound(f"constituency '{constituency}' does not exist")
    taken = queries.member_keys(ctx.connection, ctx.federation.id, constituency)
    problems = [
        f"line {s.line}: member {s.key!r} is already registered in '{constituency}'"
        if s.line
        else f"member {s.key!r} is already registered in '{constituency}'"
        for s in specs
        if s.key in taken
    ]
    registered = queries.member_accounts(ctx.connection, ctx.federation.id, constituency)
    return problems + shared_accounts(specs, registered, constituency)


def member_problems(
    db: Database,
    constituency: str,
    specs: Sequence[MemberSpec],
    *,
    federation: str | None = None,
    actor: Actor,
) -> list[str]:
    """What `register_members` would refuse in these members, without registering anyone:
    so that a file's bad lines of every kind are named in one run."""
    with context.reading(db, federation, actor) as ctx:
        return _registered(ctx, constituency, specs)


def register_members(
    db: Database,
    constituency: str,
    specs: Sequence[MemberSpec],
    *,
    federation: str | None = None,
    actor: Actor,
    registered_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Register members of a constituency; a key already registered there is refused."""
    if not specs:
        raise InvalidInput("members: nobody to register")
    _raise_all(_limit_problems(specs), f"members of {context.shown_value(constituency)}")

    def act(ctx: context.Context) -> Entry:
        _raise_all(_registered(ctx, constituency, specs), f"members of '{constituency}'")
        event = MembersRegistered(
            federation=ctx.federation.slug,
            constituency=constituency,
            registered_at=format_time(registered_at or now()),
            members=tuple(
                RegisteredMember(
                    key=s.key,
                    name=s.name,
                    birth_date=s.birth_date,
                    categories=tuple(s.categories),
                    account=s.account,
                )
                for s in specs
            ),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def _limit_problems(specs: Sequence[MemberSpec]) -> list[str]:
    """Every key, name and account of `specs` outside the limits (domain.limits)."""
    problems = []
    for index, spec in enumerate(specs, start=1):
        where = f"line {spec.line}" if spec.line else f"member {index}"
        checks = [
            ("key", limits.name_problem(spec.key, maximum=limits.SLUG_MAX)),
            ("name", limits.name_problem(spec.name)),
            ("account", None if spec.account is None else limits.account_problem(spec.account)),
        ]
        problems += [f"{where}: {field} {reason}" for field, reason in checks if reason]
    return problems
