"""What every act of a federation starts from: the federation, its statute, the actor."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from soviet.domain import limits
from soviet.domain.identity import Actor
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.plan import Plan, plan_of
from soviet.domain.recall import franchise_refusal
from soviet.domain.statute import Statute, parse_statute
from soviet.errors import InvalidInput, NotFound, Problem, RuleViolation
from soviet.services import identity
from soviet.services.journal import require_current
from soviet.services.memo import Memo
from soviet.store import councils, queries
from soviet.store.database import Database, transaction
from soviet.store.effects import NO_EFFECTS, Effects

if TYPE_CHECKING:
    from soviet.domain.events import Event

#: A person a fraction named for a body: the list's key (its member council's id for a
#: congress delegation, 0 for the whole body), party, person and the person's id.
Designation = tuple[int, str, str, int]

#: The depth read, voting delegates per party id, and the senior ones of each party to
#: that depth (store.bodies.fractions).
Fractions = tuple[int, dict[int, int], dict[int, list[str]]]


@dataclass
class ActCache:
    """Reads that stay true for the rest of one act, kept so that refreshing many bodies
    reads each once."""

    council_ids: dict[str, int] = field(default_factory=dict)  # by slug
    council_slugs: dict[int, str] = field(default_factory=dict)  # by id
    #: Voters behind a council: its constituencies', or its sources' for a formed body.
    electorates: dict[str, int] = field(default_factory=dict)
    party_slugs: dict[int, str] | None = None  # by id, every party of the federation
    #: Every party's members, read when a body's fractions may name any party member.
    party_members: dict[str, frozenset[str]] | None = None
    #: A council's fraction sizes and senior delegates (by party id) at each moment, by
    #: council id: forgotten as soon as the act records a change of its mandates.
    fractions: dict[int, dict[str, Fractions]] = field(default_factory=dict)
    #: Whether the act has recorded a change of an electorate: then what the process
    #: remembers of the federation's electorates is not for it (services.bodies).
    counted: bool = False
    #: The persons each fraction named for a body, as read (store.bodies.designations),
    #: and those each organisation co-opted to it, by the body's id.
    designations: dict[int, list[Designation]] = field(default_factory=dict)
    co_opted: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    #: Whether the act has recorded a change of a list or a co-option: then what the
    #: process remembers of them is not for it (services.bodies).
    designated: bool = False

    def forget(self, effects: Effects) -> None:
        """Forget what the entries whose `effects` these are have made untrue."""
        for council in effects.changed:
            self.fractions.pop(council, None)
        if effects.counted:
            self.counted = True
        for council in effects.designated:
            self.designations.pop(council, None)
            self.co_opted.pop(council, None)
        if effects.designated:
            self.designated = True


@dataclass
class Pending:
    """What an act has changed that propagation has not followed yet: the effects of the
    entries it recorded, and the bodies whose drift it must measure though no seat below
    them changed (a designation, a co-option, a statute), each with the latest time to
    measure it at."""

    effects: Effects = NO_EFFECTS
    to_measure: dict[str, str] = field(default_factory=dict)

    def take(self) -> tuple[Effects, dict[str, str]]:
        """Both, handed to propagation, which follows them once."""
        found = self.effects, self.to_measure
        self.effects, self.to_measure = NO_EFFECTS, {}
        return found


@dataclass(frozen=True)
class Context:
    """One act's view of its federation: who acts, under which statute."""

    connection: Connection
    federation: queries.Federation
    statute: Statute
    actor: Actor
    #: The order in which the statute's bodies follow their councils (see domain.plan).
    plan: Plan
    cache: ActCache = field(default_factory=ActCache)
    #: Collected by the unit of work as the act records its entries (see `record`).
    pending: Pending = field(default_factory=Pending)

    def record(self, *, at: datetime, actor: str, event: Event) -> Entry:
        """Journal an event and apply it in the act's transaction; its effects wait for
        propagation. Returns the entry."""
        from soviet.store import acts  # loaded by the first act: a read does without

        _check_dates(event, at)
        recorded = acts.record(self.connection, at=at, actor=actor, event=event)
        self.pending.effects |= recorded.effects
        self.cache.forget(recorded.effects)
        return recorded.entry

    def record_many(self, events: Sequence[tuple[datetime, str, Event]]) -> list[Entry]:
        """Journal (at, actor, event) acts as consecutive entries, as `record` does each."""
        from soviet.store import acts

        for at, _actor, event in events:
            _check_dates(event, at)
        recorded = acts.record_many(self.connection, events)
        self.pending.effects |= recorded.effects
        self.cache.forget(recorded.effects)
        return recorded.entries

    @property
    def account(self) -> str:
        """The actor as the journal records it."""
        return self.actor.name

    def require(self, action: Action, target: Target | None = None) -> Actor:
        """Refuse, before any rule is checked, an actor who may not do `action` on
        `target` (the federation itself when none is named); return the actor with the
        roles it was found to hold."""
        return identity.require(
            self.connection, self.federation, self.statute, self.actor, action, target or Target()
        )

    def term_end(self, council: str, since: datetime) -> str | None:
        """When a mandate begun at `since` ends by the statute's fixed term (None: no term)."""
        days = self.statute.councils[council].term_days
        return None if days is None else format_time(since + timedelta(days=days))

    def require_franchise(
        self, council: str, birth_date: str | None, categories: list[str], *, on: date, who: str
    ) -> None:
        """Refuse a member who may not vote or sign on `on` under the council's franchise."""
        refusal = franchise_refusal(
            self.statute.councils[council].franchise_on(on),
            on=on,
            birth_date=date.fromisoformat(birth_date) if birth_date else None,
            categories=categories,
        )
        if refusal is not None:
            raise RuleViolation(f"{who}: {refusal}", code="not_entitled")

    def require_council(self, slug: str) -> None:
        if slug not in self.statute.councils:
            known = ", ".join(self.statute.councils)
            raise NotFound(
                f"council '{slug}' is not in the statute of '{self.federation.slug}'; "
                f"known: {known}"
            )


def _check_dates(event: Event, at: datetime) -> None:
    """Refuse an act dated after the clock that records it (see limits.check_act_dates)."""
    fields = {field.name: getattr(event, field.name) for field in dataclasses.fields(event)}
    limits.check_act_dates(fields, now=at)


def require_for_member(
    ctx: Context, action: Action, constituency: str, key: str
) -> councils.Member:
    """Member `key` of `constituency`, once the actor may do `action` for her: the
    permission is decided first, so a stranger learns nothing of the register."""
    try:
        member: councils.Member | None = councils.member(
            ctx.connection, ctx.federation.id, constituency, key
        )
    except NotFound:
        member = None
    account = member.account if member is not None else None
    ctx.require(action, Target(constituency=constituency, account=account))
    if member is None:
        raise NotFound(f"member '{key}' is not registered in constituency '{constituency}'")
    return member


def load(connection: Connection, db: Database, federation: str | None, actor: Actor) -> Context:
    """The context of an act on `federation` (or the only one) by `actor`."""
    require_current(connection, db)
    found = queries.federation(connection, federation)
    # The act's entries name their federation: their projections need not look it up.
    transaction(connection).federation_ids[found.slug] = found.id
    statute, plan = _current_statute(connection, db, found.id)
    return Context(connection, found, statute, actor, plan)


@contextmanager
def reading(
    db: Database, federation: str | None, actor: Actor, action: Action = Action.READ_PUBLIC
) -> Iterator[Context]:
    """A read transaction in the context of `federation`, refused before anything is read
    unless `actor` may do `action` there."""
    with db.read() as connection:
        ctx = load(connection, db, federation, actor)
        ctx.require(action)
        yield ctx


#: The statutes parsed, with their plans: (federation id, version, effective_at, size of
#: the document) to the statute. A version, once committed, is never rewritten, and a
#: statute of thousands of councils is a few megabytes to read on every act.
_PARSED: Memo[tuple[int, int, str, int], tuple[Statute, Plan]] = Memo(kept=16)


def _current_statute(
    connection: Connection, db: Database, federation_id: int
) -> tuple[Statute, Plan]:
    stamp = queries.current_statute_stamp(connection, federation_id)
    assert stamp is not None, "a federation exists only by its statute"

    def read() -> tuple[Statute, Plan]:
        current = queries.current_statute(connection, federation_id)
        assert current is not None
        return _statute(current.text)

    return _PARSED.get(db, (federation_id, *stamp), read)


@functools.lru_cache(maxsize=64)
def _statute(text: str) -> tuple[Statute, Plan]:
    # Statutes change rarely and every act reads one: check each text (and plan its
    # bodies' order) once.
    statute = parse_statute(json.loads(text))
    return statute, plan_of(statute)


def check_slugs(values: Iterable[str], field: str) -> None:
    """Refuse any value that is not a slug (limits.slug_problem), naming all of them."""
    bad = [value for value in values if limits.slug_problem(value) is not None]
    if bad:
        shown = ", ".join(shown_value(value) for value in bad[:10])
        reason = (
            f"{shown} {'is not a slug' if len(bad) == 1 else 'are not slugs'} "
            f"(lowercase letters, digits and hyphens; at most {limits.SLUG_MAX} characters)"
        )
        raise InvalidInput(f"{field}: {reason}", problems=[Problem(field, reason)])


def shown_value(value: object) -> str:
    """A value as a message quotes it: its repr, cut short when long."""
    shown = repr(value)
    return shown if len(shown) <= 60 else f"{shown[:40]}… ({len(shown)} characters)"


def check_text(value: str, field: str) -> str:
    """`value` stripped, if it is a text within limits (lines allowed)."""
    return limits.check_text(value, field)


def check_name(value: str, field: str) -> str:
    """`value` stripped, if it is a name within limits (one line, no hidden characters)."""
    return limits.check_name(value, field)
