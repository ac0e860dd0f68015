"""Invitations: a registrar imports a constituency's member register with contact fields
and gets back, for mail-merge, one code per member; a member redeems hers to create her
account, the one the register binds to her, so that she then acts as that member.

No mail is sent: the codes are in the CSV the registrar gets back, once, and are stored
as their SHA-256 only. A member's account is the register's `account` column, or, when
the file leaves it empty, CONSTITUENCY.KEY. The import registers the members and stores
their codes in one transaction: a file with any bad row registers nobody.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from soviet.domain import limits
from soviet.domain.events.registers import MembersRegistered, RegisteredMember
from soviet.domain.identity import Actor
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action
from soviet.errors import Conflict, InvalidInput, NotFound, Problem, RuleViolation
from soviet.services import context, logins, rate_limits
from soviet.services.accounts import secret_hash
from soviet.services.journal import Clock, require_current, utc_now
from soviet.services.members import (
    COLUMNS,
    MemberSpec,
    _limit_problems,
    _raise_all,
    _registered,
    _row_problems,
)
from soviet.services.unit_of_work import perform
from soviet.store import invitations as store
from soviet.store.database import Database

#: Contact columns a file may add beside the register's own (email, phone, address...).
CONTACTS_MAX = 20
DAYS_DEFAULT = limits.INVITATION_DAYS_DEFAULT
DAYS_MAX = limits.INVITATION_DAYS_MAX
#: A code's letters: no 0/O, 1/I/L, so that one read from a letter is typed right.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_GROUPS, _GROUP = 4, 5  # 20 letters of 31: 99 bits


@dataclass(frozen=True)
class Invitation:
    """One member's invitation, as the mail-merge file lists it."""

    member: MemberSpec
    contacts: dict[str, str]
    account: str
    code: str
    expires_at: str


def _code() -> str:
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(_GROUPS * _GROUP))
    return "-".join(letters[i : i + _GROUP] for i in range(0, len(letters), _GROUP))


def _normalised(code: str) -> str:
    return "".join(char for char in code.upper() if char.isalnum())


def _header(header: list[str]) -> list[str]:
    contacts = [name for name in header if name not in COLUMNS]
    problems = [
        f"line 1: column {name!r} repeats" for name in set(header) if header.count(name) > 1
    ]
    problems += [
        f"line 1: missing column {name!r}" for name in ("key", "name") if name not in header
    ]
    if len(contacts) > CONTACTS_MAX:
        problems.append(f"line 1: at most {CONTACTS_MAX} contact columns, got {len(contacts)}")
    for name in contacts:
        reason = limits.name_problem(name, maximum=100)
        if reason is not None:
            problems.append(f"line 1: contact column {name!r} {reason}")
    _raise_all(problems, "invitations file")
    return contacts


def read_register(text: str, constituency: str) -> list[tuple[MemberSpec, dict[str, str]]]:
    """The members of a register file (columns key,name[,birth_date,categories,account]
    and any contact columns), each with its contacts; every bad row named by line."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
        rows = list(enumerate(reader, start=2))
    except csv.Error as error:
        raise InvalidInput(f"invitations file: not a CSV file: {error}") from None
    contacts = _header(header)
    found: list[tuple[MemberSpec, dict[str, str]]] = []
    problems: list[str] = []
    for line, fields in rows:
        if not fields:
            continue
        if len(fields) > len(header):
            problems.append(f"line {line}: more fields than columns")
            continue
        row = dict(zip(header, fields, strict=False))
        spec, wrong = _row_problems(row, line)
        problems += wrong
        if spec is None:
            continue
        if spec.account is None:
            spec = MemberSpec(**{**spec.__dict__, "account": f"{constituency}.{spec.key}"})
            if limits.account_problem(spec.account) is not None:
                problems.append(f"line {line}: account is empty and the key makes none: give one")
                continue
        found.append((spec, {name: (row.get(name) or "").strip() for name in contacts}))
    _raise_all(problems + _limit_problems([spec for spec, _ in found]), "invitations file")
    if not found:
        raise InvalidInput("invitations file: nobody to invite")
    return found


def _repeated_keys(found: Sequence[tuple[MemberSpec, dict[str, str]]]) -> list[str]:
    first: dict[str, int] = {}
    problems = []
    for spec, _ in found:
        if spec.key in first:
            problems.append(f"line {spec.line}: key {spec.key!r} repeats line {first[spec.key]}")
        first.setdefault(spec.key, spec.line)
    return problems


def invite(
    db: Database,
    constituency: str,
    text: str,
    *,
    federation: str | None = None,
    days: int = DAYS_DEFAULT,
    actor: Actor,
    now: Clock = utc_now,
) -> list[Invitation]:
    """Register the members of a file in `constituency` and issue each an invitation code
    valid for `days` (the registrar's act: the federation's administrators). The codes are
    returned this once; an account already made under a member's name is refused."""
    limits.check_integer(days, "days", minimum=1, maximum=DAYS_MAX)
    found = read_register(text, constituency)
    _raise_all(_repeated_keys(found), "invitations file")
    at = now()
    expires_at = format_time(at + timedelta(days=days))
    invitations = [
        Invitation(spec, contacts, str(spec.account), _code(), expires_at)
        for spec, contacts in found
    ]

    def act(ctx: context.Context) -> list[Invitation]:
        ctx.require(Action.INVITE_MEMBERS)
        problems = _registered(ctx, constituency, [spec for spec, _ in found])
        taken = store.existing_accounts(ctx.connection, [i.account for i in invitations])
        problems += [
            f"line {i.member.line}: account {i.account!r} exists already"
            for i in invitations
            if i.account in taken
        ]
        _raise_all(problems, f"members of '{constituency}'")
        ctx.record(at=at, actor=ctx.account, event=_registration(ctx, constituency, found, at))
        store.insert_invitations(
            ctx.connection,
            [
                store.InvitationRow(
                    federation=ctx.federation.slug,
                    constituency=constituency,
                    member_key=i.member.key,
                    account=i.account,
                    code_hash=secret_hash(_normalised(i.code)),
                    issued_by=ctx.account,
                    issued_at=format_time(at),
                    expires_at=expires_at,
                )
                for i in invitations
            ],
        )
        return invitations

    return perform(db, federation, actor, act)


def _registration(
    ctx: context.Context,
    constituency: str,
    found: Sequence[tuple[MemberSpec, dict[str, str]]],
    at: datetime,
) -> MembersRegistered:
    return MembersRegistered(
        federation=ctx.federation.slug,
        constituency=constituency,
        registered_at=format_time(at),
        members=tuple(
            RegisteredMember(
                key=s.key,
                name=s.name,
                birth_date=s.birth_date,
                categories=tuple(s.categories),
                account=s.account,
            )
            for s, _ in found
        ),
    )


def mail_merge(invitations: Sequence[Invitation]) -> str:
    """The CSV a registrar mail-merges: member key, name, account, contacts, code, expiry."""
    contacts = list(invitations[0].contacts) if invitations else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["key", "name", "account", *contacts, "code", "expires_at"])
    for i in invitations:
        row = [i.member.key, i.member.name, i.account, *i.contacts.values(), i.code, i.expires_at]
        writer.writerow(row)
    return out.getvalue()


@dataclass(frozen=True)
class Redeemed:
    """The account a code created, and the member it is bound to."""

    account: str
    federation: str
    constituency: str
    member: str


def redeem(
    db: Database, code: str, password: str, *, client: str, now: Clock = utc_now
) -> Redeemed:
    """Create the account an invitation code names, with `password` (once: a used,
    expired or unknown code is refused). Counted against the client's login limit."""
    rate_limits.count(db, f"login:client:{client}", rate_limits.LOGIN_PER_CLIENT)
    if not isinstance(code, str) or not 1 <= len(_normalised(code)) <= 100:
        raise InvalidInput("code: not an invitation code", problems=[Problem("code", "not a code")])
    hashed = logins.set_password_hash(password)
    at = format_time(now())

    def act(connection: Connection) -> Redeemed:
        require_current(connection, db)
        found = store.invitation_by_hash(connection, secret_hash(_normalised(code)))
        if found is None:
            raise NotFound("code: no invitation has this code")
        if found.redeemed_at is not None:
            raise Conflict("code: this invitation was redeemed already")
        if found.expires_at <= at:
            raise RuleViolation(f"code: this invitation expired at {found.expires_at}")
        if store.existing_accounts(connection, [found.account]):
            raise Conflict(f"account: '{found.account}' exists already")
        store.redeem(connection, found.id, found.account, hashed, at)
        return Redeemed(found.account, found.federation, found.constituency, found.member_key)

    return db.write(act)
