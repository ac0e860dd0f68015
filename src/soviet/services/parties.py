"""Acts of persons and parties: registering them, joining a party, and its candidate lists.

"The candidates are designated by the central committees of the political parties, which
can replace them by other party members" (John Reed, seeds/003).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from soviet.domain import limits
from soviet.domain.events.registers import (
    CandidateDeclined,
    CandidateListsSet,
    PartyList,
    PartyMemberLeft,
    PartyMembersJoined,
    PartyRegistered,
    PersonsRegistered,
    RegisteredPerson,
)
from soviet.domain.identity import Actor
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action, Target
from soviet.errors import Conflict, InvalidInput, NotFound, Problem, RuleViolation
from soviet.services import context
from soviet.services.journal import Clock, utc_now
from soviet.services.unit_of_work import perform
from soviet.store import queries
from soviet.store.database import Database


def register_persons(
    db: Database,
    persons: Sequence[tuple[str, str]],
    *,
    parties: Mapping[str, str] | None = None,
    federation: str | None = None,
    actor: Actor,
    joined_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Register persons (slug, name) who may join parties and stand as candidates.

    `parties` (person to party) joins them to their parties in the same act and entry,
    so that a bad party registers nobody.
    """
    slugs = [slug for slug, _ in persons]
    context.check_slugs(slugs, "person")
    names = [context.check_name(name, f"name of {slug!r}") for slug, name in persons]
    doubled = sorted(slug for slug, times in Counter(slugs).items() if times > 1)
    if doubled:
        raise InvalidInput(f"person: {', '.join(doubled[:10])} given twice")
    joining = dict(parties or {})
    strangers = sorted(set(joining) - set(slugs))
    if strangers:
        raise InvalidInput(f"parties: {', '.join(strangers[:10])} not among the persons given")

    def act(ctx: context.Context) -> Entry:
        ctx.require(Action.REGISTER_PERSONS)
        taken = queries.existing_slugs(ctx.connection, ctx.federation.id, "persons", slugs)
        if taken:
            raise Conflict(f"person: {', '.join(sorted(taken)[:10])} already registered")
        named = sorted(set(joining.values()))
        known = queries.existing_slugs(ctx.connection, ctx.federation.id, "parties", named)
        unknown = [party for party in named if party not in known]
        if unknown:
            raise NotFound(f"party: {', '.join(unknown)} not registered; nobody registered")
        event = PersonsRegistered(
            federation=ctx.federation.slug,
            joined_at=format_time(joined_at or now()),
            persons=tuple(
                RegisteredPerson(slug=s, name=n, party=joining.get(s))
                for s, n in zip(slugs, names, strict=True)
            ),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def _format_problems(persons: Sequence[tuple[str, str]], lines: Sequence[int]) -> list[str]:
    """Slugs and names that are not well formed, by line."""
    problems: list[str] = []
    for (slug, name), line in zip(persons, lines, strict=True):
        try:
            context.check_slugs([slug], "slug")
        except InvalidInput as error:
            problems.append(f"line {line}: {error.message}")
        try:
            context.check_text(name, "name")
        except InvalidInput as error:
            problems.append(f"line {line}: {error.message}")
    return problems


def person_problems(
    db: Database,
    persons: Sequence[tuple[str, str]],
    *,
    parties: Mapping[str, str] | None = None,
    lines: Sequence[int],
    federation: str | None = None,
    actor: Actor,
) -> list[str]:
    """What `register_persons` would refuse in these persons (slug, name), each named by
    its line in the file, without registering anyone: so that a file's bad lines of every
    kind are named in one run."""
    joining = dict(parties or {})
    problems = _format_problems(persons, lines)
    with context.reading(db, federation, actor) as ctx:
        ctx.require(Action.REGISTER_PERSONS)
        slugs = [slug for slug, _ in persons]
        taken = queries.existing_slugs(ctx.connection, ctx.federation.id, "persons", slugs)
        named = sorted(set(joining.values()))
        known = queries.existing_slugs(ctx.connection, ctx.federation.id, "parties", named)
    for slug, line in zip(slugs, lines, strict=True):
        if slug in taken:
            problems.append(f"line {line}: person '{slug}' is already registered")
        party = joining.get(slug)
        if party is not None and party not in known:
            problems.append(f"line {line}: party '{party}' is not registered")
    return problems


def _record_joining(
    ctx: context.Context, party: str, persons: Sequence[str], at: datetime, now: Clock
) -> Entry:
    event = PartyMembersJoined(
        federation=ctx.federation.slug,
        party=party,
        persons=tuple(sorted(set(persons))),
        joined_at=format_time(at),
    )
    return ctx.record(at=now(), actor=ctx.account, event=event)


def register_party(
    db: Database,
    slug: str,
    *,
    name: str,
    programme: str,
    committee: Sequence[str],
    committee_body: str | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> Entry:
    """Register a party with its programme and the accounts of its central committee.

    `committee_body` names a council of the party's own democracy (say, the executive its
    conference elects) whose members hold the central committee's powers, as they change.
    """
    context.check_slugs([slug], "party")
    accounts = sorted({limits.check_account(a, "committee") for a in committee})

    def act(ctx: context.Context) -> Entry:
        ctx.require(Action.REGISTER_PARTY)
        if queries.existing_slugs(ctx.connection, ctx.federation.id, "parties", [slug]):
            raise Conflict(f"party '{slug}' is already registered")
        event = PartyRegistered(
            federation=ctx.federation.slug,
            party=slug,
            name=context.check_name(name, "name"),
            programme=context.check_text(programme, "programme"),
            committee=tuple(accounts),
            committee_body=committee_body,
        )
        if committee_body is not None:
            ctx.require_council(committee_body)
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def require_party_power(
    ctx: context.Context, party: str | None, action: Action, person: str | None = None
) -> None:
    """Only the party's central committee (or the federation's administrators) may, or
    the `person` herself where the act is hers to do."""
    ctx.require(action, Target(party=party, account=person))
    if party is None or not queries.existing_slugs(
        ctx.connection, ctx.federation.id, "parties", [party]
    ):
        raise NotFound(f"party '{party}' does not exist")


def _require_persons(ctx: context.Context, persons: Sequence[str]) -> None:
    known = queries.existing_slugs(ctx.connection, ctx.federation.id, "persons", persons)
    missing = sorted(set(persons) - known)
    if missing:
        raise NotFound(f"person: {', '.join(missing)} not registered")


def join_party(
    db: Database,
    party: str,
    persons: Sequence[str],
    *,
    federation: str | None = None,
    actor: Actor,
    joined_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """Admit registered persons to a party's membership."""
    if not persons:
        raise InvalidInput("persons: nobody to admit")

    def act(ctx: context.Context) -> Entry:
        require_party_power(ctx, party, Action.ADMIT_PARTY_MEMBERS)
        _require_persons(ctx, persons)
        members = queries.party_member_slugs(ctx.connection, ctx.federation.id, party)
        already = members & set(persons)
        if already:
            raise Conflict(f"{', '.join(sorted(already)[:10])} already in party '{party}'")
        return _record_joining(ctx, party, persons, joined_at or now(), now)

    return perform(db, federation, actor, act)


@dataclass(frozen=True)
class CandidateList:
    """A party's ordered list for a council: for one constituency, or council-wide."""

    party: str
    council: str
    persons: Sequence[str]
    constituency: str | None = None
    delegation: str | None = None  # for a congress: the member council the list is for


def _check_lists(ctx: context.Context, lists: Sequence[CandidateList]) -> None:
    for party in sorted({item.party for item in lists}):
        require_party_power(ctx, party, Action.SET_CANDIDATE_LISTS)
    for council in sorted({item.council for item in lists}):
        ctx.require_council(council)
    _require_persons(ctx, sorted({p for item in lists for p in item.persons}))
    named = sorted({item.constituency for item in lists if item.constituency is not None})
    known = queries.existing_slugs(ctx.connection, ctx.federation.id, "constituencies", named)
    missing = [slug for slug in named if slug not in known]
    if missing:
        raise NotFound(f"constituency: {', '.join(missing[:10])} does not exist")


def _require_members(ctx: context.Context, lists: Sequence[CandidateList]) -> None:
    """A party lists only its own members: "the candidates are designated by the central
    committees of the political parties" (seeds/003). Every non-member is named at once."""
    problems = []
    # Each party's members read once, however many lists it sets (a national election day
    # sets 5,000 lists of each party: read per list, that was 12 billion rows).
    members_of: dict[str, set[str]] = {}
    for number, item in enumerate(lists, start=1):
        if item.party not in members_of:
            members_of[item.party] = queries.party_member_slugs(
                ctx.connection, ctx.federation.id, item.party
            )
        members = members_of[item.party]
        problems += [
            Problem(
                f"list {number} ('{item.party}').persons[{index}]",
                f"{person} is not a member of '{item.party}'",
            )
            for index, person in enumerate(item.persons)
            if person not in members
        ]
    if problems:
        raise RuleViolation(
            "; ".join(map(str, problems)) + ": a party lists only its members",
            problems=problems,
        )


def record_lists(
    ctx: context.Context,
    lists: Sequence[CandidateList],
    now: Clock,
    *,
    is_members_only: bool = True,
) -> Entry:
    """Check parties' lists and journal them, in the caller's act. A fraction's
    designation to a formed body (`is_members_only` False) names the delegates who hold
    its seats, who may have left the party since they were elected."""
    if not lists:
        raise InvalidInput("lists: none given")
    for item in lists:
        if len(set(item.persons)) != len(item.persons):
            raise InvalidInput(f"list of '{item.party}': a candidate stands on a list once")
    _check_lists(ctx, lists)
    if is_members_only:
        _require_members(ctx, lists)
    event = CandidateListsSet(
        federation=ctx.federation.slug,
        lists=tuple(
            PartyList(
                party=item.party,
                council=item.council,
                constituency=item.constituency,
                delegation=item.delegation,
                persons=tuple(item.persons),
            )
            for item in lists
        ),
    )
    return ctx.record(at=now(), actor=ctx.account, event=event)


def set_candidate_lists(
    db: Database,
    lists: Sequence[CandidateList],
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> Entry:
    """Set parties' ordered lists, each replacing the list it names, in one act."""
    return perform(db, federation, actor, lambda ctx: record_lists(ctx, lists, now))


def set_candidate_list(
    db: Database,
    party: str,
    council: str,
    persons: Sequence[str],
    *,
    constituency: str | None = None,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> Entry:
    """Set a party's ordered list for a council, council-wide or for one constituency."""
    one = CandidateList(party, council, persons, constituency)
    return set_candidate_lists(db, [one], federation=federation, actor=actor, now=now)


def leave_party(
    db: Database,
    party: str,
    person: str,
    *,
    federation: str | None = None,
    actor: Actor,
    left_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A member leaves (or is expelled from) a party: she is passed over on its lists."""

    def act(ctx: context.Context) -> Entry:
        require_party_power(ctx, party, Action.LEAVE_PARTY, person)
        if person not in queries.party_member_slugs(ctx.connection, ctx.federation.id, party):
            raise RuleViolation(f"{person} is not a member of '{party}'")
        event = PartyMemberLeft(
            federation=ctx.federation.slug,
            party=party,
            person=person,
            left_at=format_time(left_at or now()),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def decline_candidacy(
    db: Database,
    party: str,
    council: str,
    person: str,
    *,
    constituency: str | None = None,
    federation: str | None = None,
    actor: Actor,
    declined_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A candidate declines her place on a list: she is passed over from now on."""

    def act(ctx: context.Context) -> Entry:
        require_party_power(ctx, party, Action.DECLINE_CANDIDACY, person)
        ctx.require_council(council)
        listed = queries.listed_persons(
            ctx.connection, ctx.federation.id, (party, council, constituency)
        )
        if person not in listed:
            where = f"'{constituency}'" if constituency else "the whole council"
            raise NotFound(f"{person} is not on the list of '{party}' for {where} of '{council}'")
        event = CandidateDeclined(
            federation=ctx.federation.slug,
            party=party,
            council=council,
            constituency=constituency,
            person=person,
            declined_at=format_time(declined_at or now()),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)
