"""Applying a statute: founding a federation, or amending its rules from a date on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from soviet.domain.events.registers import StatuteApplied
from soviet.domain.identity import Actor, Grant, Role
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action, Target, decide
from soviet.domain.plan import order
from soviet.domain.statute import Statute, parse_statute
from soviet.domain.statute_text import differences, statute_document
from soviet.errors import Forbidden, InvalidInput, Problem, RuleViolation
from soviet.services import bodies, context
from soviet.services.documents import read_document
from soviet.services.journal import Clock, require_current, utc_now
from soviet.store import acts, queries
from soviet.store.database import Database


@dataclass(frozen=True)
class StatuteChange:
    """What applying a statute did, or would do with --dry-run."""

    federation: str
    version: int
    effective_at: str
    changes: list[str]
    is_applied: bool
    receipt: str | None  # the journal entry's hash


def read_statute_file(path: Path) -> object:
    """The statute document in `path`, checked: InvalidInput names the file and, for each
    problem (every one of them at once), the key's path and the line it is written on."""
    document = read_document(path)
    if document.data is None:
        reason = "is empty; a statute names its federation, constituency_kinds and councils"
        raise InvalidInput(f"{path}: {reason}", problems=[Problem(str(path), reason)])
    if not isinstance(document.data, Mapping):
        reason = (
            "must be a mapping of federation, constituency_kinds and councils, "
            f"got {type(document.data).__name__}"
        )
        raise InvalidInput(f"{path}: {reason}", problems=[Problem(str(path), reason)])
    try:
        parse_statute(document.data)
    except InvalidInput as error:
        raise document.located(error) from None
    return document.data


def _require_right(
    statute: Statute, current: queries.StatuteVersion | None, actor: Actor, only_found: bool
) -> None:
    """Founding a federation is the operator's act; amending it, its administrators'
    (those of the statute in force, not of the one proposed)."""
    action = Action.FOUND_FEDERATION if current is None else Action.AMEND_STATUTE
    if only_found and current is not None:
        raise Forbidden(
            f"{actor.name} may only found a federation; '{statute.federation}' exists, and "
            "only its administrators amend its statute",
            problems=[Problem("actor", "no_role")],
        )
    administrators = current.document["federation"]["administrators"] if current else []
    grants = (
        {Grant(Role.ADMINISTRATOR, statute.federation)} if actor.account in administrators else ()
    )
    refusal = decide(actor.with_grants(grants, {}), action, Target(statute.federation))
    if refusal is not None:
        raise Forbidden(
            f"{actor.name} {refusal.message} '{statute.federation}'",
            problems=[Problem("actor", refusal.reason)],
        )


def _check_amendment(statute: Statute, current: queries.StatuteVersion, effective_at: str) -> None:
    if effective_at < current.effective_at:
        raise RuleViolation(
            f"statute of '{statute.federation}': effective {effective_at} is before version "
            f"{current.version}, in force since {current.effective_at}"
        )
    removed = sorted(set(current.document["councils"]) - set(statute.councils))
    if removed:
        raise RuleViolation(
            f"councils.{removed[0]}: an amendment cannot remove a council (dissolution is "
            "not supported yet)"
        )


def _require_intended(connection: Connection, statute: Statute, is_another: bool) -> None:
    """A database that holds a federation founds another only on purpose: a statute
    whose slug was mistyped would otherwise found a second federation by accident."""
    others = queries.federation_slugs(connection)
    if others and not is_another:
        reason = (
            f"'{statute.federation}' would found another federation in a database that holds "
            f"{', '.join(repr(o) for o in others)}; found it only on purpose (confirm a new "
            "federation), or correct the slug to amend one of these"
        )
        raise RuleViolation(
            f"federation.slug: {reason}", problems=[Problem("federation.slug", reason)]
        )


def _plan(
    connection: Connection,
    statute: Statute,
    actor: Actor,
    at: str,
    *,
    only_found: bool,
    is_another: bool = False,
) -> tuple[StatuteApplied, list[str], int]:
    """The StatuteApplied event, the changes it makes, and the version it becomes."""
    document = statute_document(statute)
    found = queries.find_federation(connection, statute.federation)
    current = queries.current_statute(connection, found.id) if found else None
    _require_right(statute, current, actor, only_found)
    if found is None:
        _require_intended(connection, statute, is_another)
    if current is not None:
        _check_amendment(statute, current, at)
    before = current.document if current else {}
    version = current.version + 1 if current else 1
    new_councils = [slug for slug in statute.councils if slug not in before.get("councils", {})]
    event = StatuteApplied(
        federation=statute.federation,
        version=version,
        effective_at=at,
        document=statute,
        new_federation=found is None,
        new_councils=tuple(new_councils),
    )
    return event, differences(before, document), version


def _form_bodies(ctx: context.Context, at: str) -> None:
    """Under a new or amended statute, the bodies that follow their councils at once (or on
    drift) take the form the statute now gives them; those formed on convocation wait."""
    for slug in order(ctx.statute.councils):
        rule = ctx.statute.councils[slug]
        if rule.body is not None and rule.refresh.policy != "on-convocation":
            bodies.refresh(ctx, slug, at, "statute")
        elif rule.body is not None:
            bodies.measure_later(ctx, slug, at)  # its rule may have moved what it should be
    bodies.propagate(ctx, *ctx.pending.take())  # and journal the drift of what moved


def apply_statute(
    db: Database,
    document: object,
    *,
    actor: Actor,
    effective_at: datetime | None = None,
    dry_run: bool = False,
    only_found: bool = False,
    is_another_federation: bool = False,
    now: Clock = utc_now,
) -> StatuteChange:
    """Found a federation by its statute, or amend it; journal `StatuteApplied`.

    A statute that changes nothing is not applied again. With `dry_run` nothing is
    written: the result says what would change. With `only_found` (the operator at a
    door, naming no account) a statute that would amend an existing federation is refused.
    A database that holds a federation founds another only with `is_another_federation`.
    """
    statute = parse_statute(document)
    at = format_time(effective_at or now())

    def act(connection: Connection) -> StatuteChange:
        require_current(connection, db)
        event, changes, version = _plan(
            connection,
            statute,
            actor,
            at,
            only_found=only_found,
            is_another=is_another_federation,
        )
        if dry_run or not changes:
            return StatuteChange(statute.federation, version, at, changes, False, None)
        entry = acts.record(connection, at=now(), actor=actor.name, event=event).entry
        _form_bodies(context.load(connection, db, statute.federation, actor), at)
        return StatuteChange(statute.federation, version, at, changes, True, entry.hash)

    if dry_run:
        with db.read() as connection:
            return act(connection)
    return db.write(act)


def current_document(
    db: Database, *, federation: str | None = None, actor: Actor
) -> tuple[int, str, dict[str, Any]]:
    """The federation's statute now (public): its version, since when, and the document."""
    with context.reading(db, federation, actor) as ctx:
        found = queries.current_statute(ctx.connection, ctx.federation.id)
    assert found is not None, "a federation exists only by its statute"
    return found.version, found.effective_at, found.document
