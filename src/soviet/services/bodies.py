"""Bodies formed from councils: refreshing them from the councils below, convening them,
their fractions' designations and co-options.

A `continuous` body follows every change below it in the same transaction; an
`on-convocation` body only when convened (the 1917 behaviour: "the Central Executive
Committee remained the same"); an `on-drift` body when its drift passes the statute's
share. Every refresh is a journal entry (`BodyRefreshed`) with the seats ended and begun.
"""

from __future__ import annotations

import hashlib
import heapq
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any, TypeVar

from soviet.domain import bodies as forming
from soviet.domain.journal import format_time
from soviet.domain.rules import BodyRule
from soviet.domain.statute import Statute
from soviet.errors import RuleViolation
from soviet.methods import Draw
from soviet.services import context
from soviet.services.journal import utc_now
from soviet.store import bodies, councils, journal
from soviet.store.database import transaction
from soviet.store.effects import NO_EFFECTS, Effects

#: How many times, at most, one act may refresh each body (a statute that nests bodies
#: settles after one refresh of each).
MAX_ROUNDS = 64


def council_id(ctx: context.Context, slug: str) -> int:
    """A council's id, read once per act (or remembered by the process, see _Remembered)."""
    ids = ctx.cache.council_ids
    if slug not in ids:
        remembered = _every_council(ctx)
        if remembered is not None and slug in remembered.council_ids:
            ids[slug] = remembered.council_ids[slug]
        else:
            ids[slug] = councils.council_id(ctx.connection, ctx.federation.id, slug)
    return ids[slug]


_T = TypeVar("_T")


@dataclass
class _Remembered:
    """What a process knows of a federation's councils while its statute is the same: the
    councils' ids by slug and slugs by id (councils are added, never renamed or removed),
    all read at once; and the electorates of councils it has read or summed (a formed
    body's, its sources'), true while no entry has changed an electorate since `seq`."""

    statute: Statute
    seq: int
    council_ids: dict[str, int] = field(default_factory=dict)
    council_slugs: dict[int, str] = field(default_factory=dict)
    electorates: dict[str, int] = field(default_factory=dict)
    every_council: bool = False  # whether the ids and slugs are of every council
    named: _Named | None = None


@dataclass
class _Named:
    """What a process knows of who is named to a federation's bodies, by body id: the
    persons each fraction named (store.bodies.designations) and each organisation
    co-opted; true while no entry has changed a list or a co-option since `seq`."""

    seq: int
    designations: dict[int, list[context.Designation]] = field(default_factory=dict)
    co_opted: dict[int, dict[str, list[str]]] = field(default_factory=dict)


#: What each process remembers, per database (engine) and federation id. A congress sizes
#: its delegations by the electorates of every council below it: a national congress of
#: 5,000 local councils read them all on every act that reached it.
_REMEMBERED: weakref.WeakKeyDictionary[Any, dict[int, _Remembered]] = weakref.WeakKeyDictionary()
_REMEMBERED_LOCK = threading.Lock()


def _remembered(ctx: context.Context) -> _Remembered | None:
    """What this process remembers of the act's federation, if it may be used: never in
    an act that has itself changed an electorate (its view is not yet committed, and may
    never be; the entry that commits after it may take its place in the journal)."""
    if ctx.cache.counted:
        return None
    current = ctx.federation.electorates_seq  # read as the act began
    with _REMEMBERED_LOCK:
        known = _REMEMBERED.setdefault(ctx.connection.engine, {})
        found = known.get(ctx.federation.id)
        if found is None or found.statute is not ctx.statute:
            found = known[ctx.federation.id] = _Remembered(ctx.statute, current)
        elif found.seq != current:
            # A member registered, a constituency admitted: the electorates are read again,
            # the councils' ids and slugs still hold.
            found = known[ctx.federation.id] = _Remembered(
                ctx.statute,
                current,
                found.council_ids,
                found.council_slugs,
                every_council=found.every_council,
                named=found.named,
            )
        return found


def _named(ctx: context.Context) -> _Named | None:
    """What this process remembers of the lists and co-options of the federation's
    bodies, if it may be used: never in an act that has changed one itself (as for the
    electorates, see _remembered)."""
    if ctx.cache.designated:
        return None
    remembered = _remembered(ctx)
    if remembered is None:
        return None
    current = ctx.federation.designations_seq  # read as the act began
    with _REMEMBERED_LOCK:
        if remembered.named is None or remembered.named.seq != current:
            remembered.named = _Named(current)
        return remembered.named


def _designations_of(ctx: context.Context, body: int) -> list[context.Designation]:
    """The persons the fractions named for a body (by id), read once per act, or
    remembered by the process while no list changes."""
    known = ctx.cache.designations
    if body not in known:
        named = _named(ctx)
        kept = None if named is None else named.designations
        found = _kept(kept, body, lambda: bodies.designations(ctx.connection, body))
        # The persons a refresh seats are named by its entry: their ids are known.
        transaction(ctx.connection).know(
            "persons", ctx.federation.id, ((person, i) for _, _, person, i in found)
        )
        known[body] = found
    return known[body]


def _co_opted(ctx: context.Context, body: int) -> dict[str, list[str]]:
    """The persons each organisation co-opted to a body (by id), read as the lists are."""
    known = ctx.cache.co_opted
    if body not in known:
        named = _named(ctx)
        kept = None if named is None else named.co_opted
        known[body] = _kept(kept, body, lambda: bodies.co_opted(ctx.connection, body))
    return known[body]


def _kept(kept: dict[int, _T] | None, body: int, read: Callable[[], _T]) -> _T:
    """What the process keeps of a body, or else `read`, kept if it may be."""
    found = None if kept is None else kept.get(body)
    if found is None:
        found = read()
        if kept is not None:
            kept[body] = found
    return found


def _every_council(ctx: context.Context) -> _Remembered | None:
    """What the process remembers, its councils' ids and slugs read at once the first
    time one is missing: a recall reaches a local council of thousands, and the bodies
    above it, each a lookup otherwise (None where nothing may be remembered)."""
    remembered = _remembered(ctx)
    if remembered is not None and not remembered.every_council:
        found = bodies.council_ids(ctx.connection, ctx.federation.id)
        with _REMEMBERED_LOCK:
            remembered.council_ids.update(found)
            remembered.council_slugs.update((i, slug) for slug, i in found.items())
            remembered.every_council = True
    return remembered


def _read_councils(ctx: context.Context, slugs: Iterable[str]) -> None:
    """Read at once the ids (and, of elected councils, the electorates) of the councils
    this act has not read yet: from what the process remembers, or else the database."""
    ids, voters = ctx.cache.council_ids, ctx.cache.electorates
    rules = ctx.statute.councils

    def missing_of(wanted: Iterable[str]) -> list[str]:
        return sorted(
            {
                slug
                for slug in wanted
                if slug not in ids or (rules[slug].body is None and slug not in voters)
            }
        )

    missing = missing_of(slugs)
    if not missing:
        return
    remembered = _remembered(ctx)
    if remembered is not None:
        for slug in missing:
            if slug in remembered.council_ids:
                ids[slug] = remembered.council_ids[slug]
            if slug in remembered.electorates:
                voters[slug] = remembered.electorates[slug]
        missing = missing_of(missing)
        if not missing:
            return
    for slug, (found, electorate) in bodies.council_electorates(
        ctx.connection, ctx.federation.id, missing
    ).items():
        ids[slug] = found
        if rules[slug].body is None:  # a formed body's is its sources'
            voters[slug] = electorate
        if remembered is not None:
            remembered.council_ids[slug] = found
            if rules[slug].body is None:
                remembered.electorates[slug] = electorate


def _others(ctx: context.Context, sources: Sequence[str], source: str) -> list[int]:
    """The ids of a congress's member councils other than `source`."""
    _read_councils(ctx, sources)
    return [council_id(ctx, slug) for slug in sources if slug != source]


def council_slugs(ctx: context.Context, ids: Iterable[int]) -> dict[int, str]:
    """The slugs of councils by id (at least of `ids`), read once per act (or remembered by
    the process, see _Remembered)."""
    known = ctx.cache.council_slugs
    missing = [i for i in ids if i not in known]
    if missing:
        remembered = _every_council(ctx)
        if remembered is not None:
            known.update(
                (i, remembered.council_slugs[i]) for i in missing if i in remembered.council_slugs
            )
            missing = [i for i in missing if i not in known]
        if missing:
            known.update(bodies.council_slugs(ctx.connection, missing))
    return known


def _parties(ctx: context.Context) -> dict[int, str]:
    if ctx.cache.party_slugs is None:
        ctx.cache.party_slugs = bodies.party_slugs(ctx.connection, ctx.federation.id)
    return ctx.cache.party_slugs


class _Stored:
    """A source council asked through queries: a body of a few seats formed from a council
    of thousands reads a few dozen rows. Its fraction sizes and the senior delegates of
    each fraction, as many as the body could take, are read at once."""

    def __init__(self, ctx: context.Context, council: str, at: str, seats: int) -> None:
        self.connection = ctx.connection
        self.cache = ctx.cache
        self.federation = ctx.federation.id
        self.council = council_id(ctx, council)
        self.at = at
        self.slugs = _parties(ctx)
        self.ids = {slug: party for party, slug in self.slugs.items()}
        self.depth = max(seats, 1)  # no fraction fills more than the body's seats
        rule = ctx.statute.councils[council].body
        # The seats of an executive or a congress belong to no constituency.
        self.by_constituency = rule is None or rule.kind == "derived"
        self.sizes: dict[str, int] | None = None
        self.seniors: dict[str, list[str]] = {}

    def fractions(self) -> Mapping[str, int]:
        if self.sizes is None:
            # A congress of many councils is formed several times in one act (and measured
            # for drift): each council's fractions are read once until its mandates change.
            # Read to the greatest depth asked so far: a shallower reading is its prefix.
            known = self.cache.fractions.setdefault(self.council, {})
            depth, sizes, seniors = known.get(self.at, (0, {}, {}))
            if depth < self.depth:
                depth = self.depth
                sizes, seniors = bodies.fractions(
                    self.connection,
                    self.federation,
                    self.council,
                    self.at,
                    depth,
                    by_constituency=self.by_constituency,
                )
                known[self.at] = (depth, sizes, seniors)
            seniors = {party: people[: self.depth] for party, people in seniors.items()}
            self.sizes = {self.slugs[party]: n for party, n in sizes.items()}
            self.seniors = {self.slugs[party]: people for party, people in seniors.items()}
        return self.sizes

    def senior(self, party: str, count: int) -> Sequence[str]:
        sizes = self.fractions()
        if count <= self.depth or sizes.get(party, 0) <= self.depth:
            return self.seniors.get(party, [])[:count]
        return bodies.senior_delegates(
            self.connection, self.council, self.at, self.ids[party], count
        )

    def delegates_among(self, party: str, persons: Sequence[str]) -> set[str]:
        return bodies.delegates_among(
            self.connection, self.federation, self.council, self.at, self.ids[party], list(persons)
        )


def delegation_seats(ctx: context.Context, council: str) -> dict[str, int]:
    """The seats of each member council's delegation to a congress, by their electorates."""
    body = ctx.statute.councils[council].body
    assert body is not None
    remembered = _remembered(ctx)
    if body.kind != "derived" and any(
        source not in ctx.cache.electorates
        and (remembered is None or source not in remembered.electorates)
        for source in body.sources
    ):
        # The elected councils below every member, read in one query (not one for each
        # member congress: a national congress of a hundred regions made a hundred).
        _read_councils(ctx, _elected_below(ctx, council))
    electorates = {source: electorate(ctx, source) for source in body.sources}
    return forming.delegation_seats(body, electorates, seed=lot_seed(council))[0]


def _tagged_members(ctx: context.Context, council: str, at: str) -> list[forming.Member]:
    return [
        forming.Member(s.person, s.party, s.constituency, s.seat, s.since, s.tags)
        for s in bodies.members_at(ctx.connection, council_id(ctx, council), at)
        if s.is_voting
    ]


def _elected_below(ctx: context.Context, council: str) -> list[str]:
    """The elected councils a body is formed from, at any depth."""
    rule = ctx.statute.councils[council]
    if rule.body is None:
        return [council]
    return [slug for source in rule.body.sources for slug in _elected_below(ctx, source)]


def electorate(ctx: context.Context, council: str) -> int:
    """Voters behind a council: its constituencies', or its sources' for a formed body."""
    known = ctx.cache.electorates
    if council in known:
        return known[council]
    remembered = _remembered(ctx)
    if remembered is not None and council in remembered.electorates:
        known[council] = remembered.electorates[council]
        return known[council]
    rule = ctx.statute.councils[council]
    if rule.body is None or rule.body.kind != "derived":
        _read_councils(ctx, _elected_below(ctx, council))
    if rule.body is None:
        return known[council]
    if rule.body.kind == "derived":
        parent, tags = rule.body.sources[0], rule.body.tags
        rows = bodies.electorates(ctx.connection, council_id(ctx, parent))
        total = sum(n for n, t in rows if all(t.get(k) == v for k, v in tags.items()))
    else:
        total = sum(electorate(ctx, source) for source in rule.body.sources)
    known[council] = total
    if remembered is not None:
        remembered.electorates[council] = total
    return total


def _party_members(
    ctx: context.Context, rule: BodyRule, co_opted: list[str]
) -> dict[str, frozenset[str]]:
    """Party memberships a body's formation needs: all of them if its fractions may name any
    party member, else only those of the persons co-opted to it."""
    if rule.members_from != "party-members":
        if not co_opted:
            return {}
        return bodies.all_party_members(ctx.connection, ctx.federation.id, co_opted)
    if ctx.cache.party_members is None:
        ctx.cache.party_members = bodies.all_party_members(ctx.connection, ctx.federation.id)
    return ctx.cache.party_members


def _recorded_at(ctx: context.Context) -> datetime:
    """When the act that set a refresh off was recorded (its clock, which a replay of 1917
    sets), so that what follows from an act is journaled at the same time."""
    last = journal.last_appended(ctx.connection)
    if last is None:
        return utc_now()
    return datetime.fromisoformat(last.recorded_at.replace("Z", "+00:00"))


def lot_seed(council: str) -> int:
    # Ties between fractions are drawn by lot, with a seed fixed by the body, so that
    # forming it again from the same councils gives the same seats (drift stays 0); the
    # draw is journaled with each refresh.
    return int(hashlib.sha256(f"soviet:{council}".encode()).hexdigest()[:15], 16)


def _designations(
    ctx: context.Context, council: str, *, delegation: str | None = None
) -> forming.Designations:
    body = ctx.statute.councils[council].body
    assert body is not None
    body_id = council_id(ctx, council)
    co_opted = _co_opted(ctx, body_id) if delegation is None else {}
    invited = [person for people in co_opted.values() for person in people]
    named = _designations_of(ctx, body_id)
    lists: dict[tuple[str | None, str], list[str]] = {}
    if delegation is None:
        names = {council_id(ctx, source): source for source in body.sources}
        for key, party, person, _ in named:
            lists.setdefault((names.get(key) if key else None, party), []).append(person)
    else:
        source_id = council_id(ctx, delegation)
        for key, party, person, _ in named:
            if key == source_id:
                lists.setdefault((delegation, party), []).append(person)
    return forming.Designations(
        lists=lists, party_members=_party_members(ctx, body, invited), co_opted=co_opted
    )


def formed(ctx: context.Context, council: str, at: str) -> forming.Formed:
    """The seats a body would have if formed at `at` from the councils below it."""
    body = ctx.statute.councils[council].body
    assert body is not None
    if body.kind == "derived":
        return forming.derive(_tagged_members(ctx, body.sources[0], at), body.tags)
    designations = _designations(ctx, council)
    seed = lot_seed(council)
    if body.kind == "executive":
        source = _Stored(ctx, body.sources[0], at, body.seats)
        return forming.executive(body, source, designations, seed=seed)
    electorates = {source: electorate(ctx, source) for source in body.sources}
    seats = delegation_seats(ctx, council)
    sources = {source: _Stored(ctx, source, at, seats[source]) for source in body.sources}
    return forming.congress(body, sources, electorates, designations, seed=seed)


def _key(holder: forming.Holder | bodies.Seated) -> tuple[object, ...]:
    return (
        holder.person,
        holder.party,
        holder.constituency,
        holder.seat,
        holder.delegation,
        holder.co_opted_for,
        holder.is_voting,
    )


@dataclass(frozen=True)
class Change:
    """The seats a refresh ends (mandate ids) and begins, and the lots drawn for it."""

    ended: list[int]
    started: list[forming.Holder]
    draws: tuple[Draw, ...]


def _difference(
    target: Iterable[forming.Holder], current: Iterable[bodies.Seated], draws: tuple[Draw, ...]
) -> Change:
    wanted = {_key(h): h for h in target}
    held = {_key(s): s for s in current}
    ended = sorted(s.id for key, s in held.items() if key not in wanted)
    started = [h for key, h in wanted.items() if key not in held]
    return Change(ended, started, draws)


def _whole(ctx: context.Context, council: str, moment: str) -> Change:
    target = formed(ctx, council, moment)
    current = bodies.members_at(ctx.connection, council_id(ctx, council), moment)
    return _difference(target.holders, current, target.draws)


def _delegations(
    ctx: context.Context, council: str, moment: str, changed: Iterable[str]
) -> Change | None:
    """A congress's change when only the delegations of `changed` member councils can
    differ; None when a person's seat in another delegation could move too (then the whole
    congress is formed again, as the statute's order of its members decides who sits)."""
    body = ctx.statute.councils[council].body
    assert body is not None
    body_id = council_id(ctx, council)
    ended: list[int] = []
    started: list[forming.Holder] = []
    draws: list[Draw] = []
    taken: set[str] = set()  # as forming the whole congress would, in the statute's order
    seats = delegation_seats(ctx, council)
    for source in sorted(changed, key=body.sources.index):
        source_id = council_id(ctx, source)
        sent = forming.delegation(
            body,
            source,
            _Stored(ctx, source, moment, seats[source]),
            seats[source],
            _designations(ctx, council, delegation=source),
            seed=lot_seed(council),
            taken=taken,
        )
        current = bodies.members_at(ctx.connection, body_id, moment, delegation_id=source_id)
        part = _difference(sent.holders, current, sent.draws)
        chosen = [h.person for h in sent.holders]
        seated = bodies.seated_among(ctx.connection, ctx.federation.id, [body_id], moment, chosen)
        if any(held - {source_id} for held in seated.values()):
            return None
        released = sorted({s.person for s in current} - set(chosen))
        if released and (
            bodies.seated_among(
                ctx.connection,
                ctx.federation.id,
                _others(ctx, body.sources, source),
                moment,
                released,
            )
            or _listed_elsewhere(ctx, body_id, source_id, released)
        ):
            return None
        ended.extend(part.ended)
        started.extend(part.started)
        draws.extend(part.draws)
    return Change(ended, started, tuple(draws))


def _listed_elsewhere(ctx: context.Context, body: int, delegation: int, among: list[str]) -> bool:
    """Whether any of the persons `among` is named by a fraction for another delegation to
    a congress than `delegation` (or for the whole congress)."""
    wanted = set(among)
    return any(
        key != delegation and person in wanted for key, _, person, _ in _designations_of(ctx, body)
    )


def refresh(ctx: context.Context, council: str, at: datetime | str, reason: str) -> bool:
    """Bring a body's seats to what its sources give at `at`, in an act; journal it if any
    changed (always, when convened), its effects waiting for the act's propagation.
    Returns whether seats changed."""
    moved, effects = _refreshed(ctx, council, at, reason)
    ctx.pending.effects |= effects
    return moved


def _refreshed(
    ctx: context.Context,
    council: str,
    at: datetime | str,
    reason: str,
    *,
    changed: Iterable[str] | None = None,
) -> tuple[bool, Effects]:
    """Bring a body's seats to what its sources give at `at`; journal it if any changed
    (always, when convened). A congress told which member councils `changed` forms only
    their delegations again. Returns whether seats changed, and the refresh's effects."""
    moment = at if isinstance(at, str) else format_time(at)
    body = ctx.statute.councils[council].body
    assert body is not None
    change = None
    # A congress whose house is shared among its members forms whole: one member's voters
    # move the seats of the others.
    if (
        changed is not None
        and body.kind == "congress"
        and body.house is None
        and reason != "convened"
    ):
        change = _delegations(ctx, council, moment, changed)
    if change is None:
        change = _whole(ctx, council, moment)
    if not change.ended and not change.started and reason != "convened":
        return False, NO_EFFECTS
    # Loaded by the first act that journals: a read (a composition) does without them.
    from soviet.domain.events.bodies import BodyRefreshed, SeatFilled
    from soviet.domain.events.elections import LotDrawn
    from soviet.store import acts

    event = BodyRefreshed(
        federation=ctx.federation.slug,
        council=council,
        at=moment,
        reason=reason,
        ended=tuple(sorted(change.ended)),
        started=tuple(
            SeatFilled(
                person=h.person,
                party=h.party,
                constituency=h.constituency,
                seat=h.seat,
                delegation=h.delegation,
                co_opted_for=h.co_opted_for,
                voting=h.is_voting,
            )
            for h in change.started
        ),
        draws=tuple(
            LotDrawn(
                tied=tuple(map(str, d.tied)),
                seats=d.seats,
                winners=tuple(map(str, d.winners)),
                seed=d.seed,
            )
            for d in change.draws
        ),
    )
    # The entry names the body and the delegations seats are taken for, whose ids the act
    # has: its projection need not look them up again.
    named = {council} | {h.delegation for h in change.started if h.delegation}
    transaction(ctx.connection).know(
        "councils", ctx.federation.id, [(slug, council_id(ctx, slug)) for slug in named]
    )
    recorded = acts.record(ctx.connection, at=_recorded_at(ctx), actor=ctx.account, event=event)
    return bool(change.ended or change.started), recorded.effects


def _voting_seats(ctx: context.Context, body_id: int, at: str) -> Counter[str]:
    """Voting seats per party of a council at `at`."""
    return forming.seats_by_party(
        s for s in bodies.members_at(ctx.connection, body_id, at) if s.is_voting
    )


def _elected_basis(ctx: context.Context, body_id: int, at: str) -> dict[str, dict[str, int]]:
    """What an elected council's drift is measured from: its seats, and the seats won and
    votes of its latest elections, per party."""
    return {
        "seats": dict(_voting_seats(ctx, body_id, at)),
        "won": bodies.latest_votes(ctx.connection, body_id, at, seats=True),
        "votes": bodies.latest_votes(ctx.connection, body_id, at),
    }


def _elected_drift(council: str, basis: Mapping[str, Mapping[str, int]]) -> forming.Drift:
    return forming.drift(
        council, basis["seats"], basis["won"], "the latest elections", shares=basis["votes"]
    )


def drift_of(ctx: context.Context, council: str, at: str) -> forming.Drift:
    """How far a body is, at `at`, from what its base would give then."""
    body_id = council_id(ctx, council)
    if ctx.statute.councils[council].body is None:
        return _elected_drift(council, _elected_basis(ctx, body_id, at))
    reference = forming.seats_by_party(formed(ctx, council, at).holders)
    return forming.drift(council, _voting_seats(ctx, body_id, at), reference, FORMED_NOW)


def measured_drifts(ctx: context.Context, at: str) -> dict[str, forming.Drift]:
    """Every council's drift as last measured by `at` (journaled by the acts that moved it
    or its base); councils never measured are missing."""
    return {
        slug: forming.Drift(slug, off, index, reference)
        for slug, (off, index, reference) in bodies.measured_drifts(
            ctx.connection, ctx.federation.id, at
        ).items()
        if slug in ctx.statute.councils
    }


def drift_history(ctx: context.Context, council: str, at: str) -> list[tuple[str, forming.Drift]]:
    """Each measurement of a council's drift up to `at`, with its time, oldest first."""
    return [
        (measured_at, forming.Drift(council, off, index, reference))
        for measured_at, off, index, reference in bodies.drift_history(
            ctx.connection, council_id(ctx, council), at
        )
    ]


def _follows(ctx: context.Context, council: str, at: str) -> tuple[bool, forming.Drift | None]:
    """Whether a body follows a change below it now (a continuous one always, an on-drift
    one once its drift passes the statute's share, an on-convocation one never), and its
    drift if that had to be measured to decide."""
    rule = ctx.statute.councils[council]
    if rule.refresh.policy == "on-convocation":
        return False, None
    if rule.refresh.policy == "on-drift":
        found = drift_of(ctx, council, at)
        return Fraction(found.gallagher) / 100 > rule.refresh.threshold, found
    return True, None


def is_convened(ctx: context.Context, council: str, at: str) -> bool:
    """Whether a council has met by `at` in a form it can drift from: an elected council
    and a body that follows its sources always have; a body formed on convocation only
    once first convened, when its first seats are filled (before that it has no
    composition, and no drift to measure)."""
    rule = ctx.statute.councils[council]
    if rule.body is None or rule.refresh.policy != "on-convocation":
        return True
    return bodies.has_sat(ctx.connection, council_id(ctx, council), at)


def formed_now(council: str) -> forming.Drift:
    """The drift of a body just formed from its sources: none, it is its own formation."""
    return forming.Drift(council, 0, 0.0, FORMED_NOW)


FORMED_NOW = "the body formed now"


def measure_later(ctx: context.Context, council: str, at: str) -> None:
    """Have this act measure a body's drift at `at` (its base or its rule changed without
    any seat below it changing: a designation, a co-option, a statute)."""
    wanted = ctx.pending.to_measure
    wanted[council] = max(at, wanted.get(council, at))


class _Propagation:
    """The bodies one act's changes reach, in the statute's order, and the drift measured
    on the way."""

    def __init__(
        self,
        ctx: context.Context,
        counted: set[str],
        seats: tuple[dict[int, dict[int | None, int]], set[int]],
        to_measure: Mapping[str, str],
    ) -> None:
        self.ctx = ctx
        self.to_measure = to_measure
        self.plan = ctx.plan
        self.waiting: dict[str, dict[str, str]] = {}  # body -> its changed sources, and when
        self.queue: list[tuple[int, str]] = []
        # Bodies whose electorate changed (a congress's is its members'): those above them
        # size their delegations again, even where their own seats stay as they were.
        self.counted = counted
        self.measured: dict[str, tuple[str, forming.Drift | None]] = {}  # None: to measure
        # Elected councils whose seats per party (by how many) or latest votes changed: the
        # drift of the others stays as last measured (a recall seating a successor of the
        # same party).
        self.balance, self.voted = seats

    def note(self, changes: dict[int, str], moved: set[int]) -> None:
        """Queue the bodies formed from councils that changed; `moved`: those whose seats
        changed (the others, only their electorate)."""
        slugs = council_slugs(self.ctx, changes)
        for changed_id, at in changes.items():
            source = slugs[changed_id]
            if changed_id in moved:
                # A body whose seats changed was just formed; an elected council is measured
                # if its balance moved.
                if self.ctx.statute.councils[source].body is not None:
                    self.measured[source] = (at, formed_now(source))
                elif changed_id in self.balance or changed_id in self.voted:
                    self.measured[source] = (at, None)
            for body in self.plan.dependents.get(source, ()):
                if body not in self.waiting:
                    self.waiting[body] = {}
                    heapq.heappush(self.queue, (self.plan.rank[body], body))
                self.waiting[body][source] = max(at, self.waiting[body].get(source, at))

    def step(self) -> None:
        ctx = self.ctx
        _, council = heapq.heappop(self.queue)
        sources = self.waiting.pop(council)
        at = max(sources.values())
        changes: dict[int, str] = {}
        if self.counted & set(sources):
            self.counted.add(council)
            changes[council_id(ctx, council)] = at
        follows, found = _follows(ctx, council, at)
        moved: Mapping[int, str] = {}
        if not follows:  # it stays as it was while its base moves: measure how far
            self.measured[council] = (at, found)
        else:  # it is its own formation again; measured if its seats change (see note)
            policy = ctx.statute.councils[council].refresh.policy
            reason = "continuous" if policy == "continuous" else "drift"
            moved = _refreshed(ctx, council, at, reason, changed=sources)[1].changed
        changes.update(moved)
        self.note(changes, set(moved))

    def record(self) -> None:
        """Journal the drift of every body the act moved, or moved the base of."""
        ctx = self.ctx
        for council, at in self.to_measure.items():
            if council not in self.measured:
                self.measured[council] = (at, None)
        if not self.measured:
            return
        from soviet.domain.events.bodies import DriftBasis, DriftMeasured, Measurement

        drifts = []
        for council, (at, found) in sorted(self.measured.items()):
            basis = None
            if found is None and ctx.statute.councils[council].body is None:
                found, basis = self._elected(council, at)
            found = found or drift_of(ctx, council, at)
            drifts.append(
                Measurement(
                    council=council,
                    at=at,
                    seats_off=found.seats_off,
                    gallagher=repr(found.gallagher),  # floats are journaled as text
                    reference=found.reference,
                    basis=DriftBasis(**basis) if basis else None,
                )
            )
        event = DriftMeasured(federation=ctx.federation.slug, drifts=tuple(drifts))
        ctx.record(at=_recorded_at(ctx), actor=ctx.account, event=event)

    def _elected(self, council: str, at: str) -> tuple[forming.Drift, dict[str, Any]]:
        """An elected council's drift at `at`, and what it was measured from: its latest
        measurement's basis moved by this act's seats, where that basis still holds (no
        election closed, nothing measured later, no fixed terms ending seats unseen), else
        counted afresh."""
        ctx = self.ctx
        found = council_id(ctx, council)
        last = None
        if found not in self.voted and ctx.statute.councils[council].term_days is None:
            last = bodies.last_basis(ctx.connection, found)
        if last is None or last[0] > at:
            basis = _elected_basis(ctx, found, at)
        else:
            basis = last[1]
            seats = Counter(basis["seats"])
            parties = _parties(ctx)
            for party, change in self.balance.get(found, {}).items():
                if party is not None:
                    seats[parties[party]] += change
            basis["seats"] = {party: n for party, n in seats.items() if n}
        return _elected_drift(council, basis), basis


def propagate(ctx: context.Context, effects: Effects, to_measure: Mapping[str, str]) -> None:
    """Refresh, in order, every body whose councils below the act's `effects` changed and
    whose statute says it follows them now (continuous, or on drift past its share); a
    congress forms again only the delegations of the member councils that changed. Then
    journal the drift of every council the act reached, and of the bodies `to_measure`."""
    touched = dict(effects.changed)
    if not touched and not to_measure:
        return  # most acts change no seat: nothing to read
    counted = set(effects.counted)
    slugs = council_slugs(ctx, counted)
    seats = (effects.seat_balance(), set(effects.voted))
    propagation = _Propagation(ctx, {slugs[council] for council in counted}, seats, to_measure)
    # Councils whose electorate alone changed reach the congresses above, but have not moved.
    propagation.note(touched, set(touched) - counted)
    for _ in range(MAX_ROUNDS * len(propagation.plan.rank)):
        if not propagation.queue:
            propagation.record()
            return
        propagation.step()
    raise RuleViolation(f"refreshing the bodies of '{ctx.federation.slug}' does not settle")
