"""Reads for bodies formed from councils: who sits where, designations, co-options."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.store.among import any_of
from soviet.store.councils import held_at, of_council_by_person
from soviet.store.database import transaction
from soviet.store.schema import (
    candidates,
    co_options,
    constituencies,
    councils,
    drifts,
    election_constituencies,
    election_seats,
    election_votes,
    mandates,
    parties,
    party_members,
    persons,
)


@dataclass(frozen=True)
class Seated:
    """A mandate held in any council, elected or formed."""

    id: int
    person: str
    party: str | None
    constituency: str | None
    seat: int
    since: str
    delegation: str | None
    co_opted_for: str | None
    is_voting: bool
    tags: dict[str, str]


def council_ids(connection: Connection, federation_id: int) -> dict[str, int]:
    rows = connection.execute(
        sa.select(councils.c.slug, councils.c.id).where(councils.c.federation_id == federation_id)
    )
    return {row.slug: int(row.id) for row in rows}


_AT = sa.bindparam("at", type_=sa.String)
_COUNCIL = sa.bindparam("council", type_=sa.Integer)
_PARTY = sa.bindparam("party", type_=sa.Integer)
_AMONG: sa.BindParameter[list[str]] = sa.bindparam("among", expanding=True)
# Persons are found by slug within their federation (its unique index), then their mandates.
_NAMED = sa.and_(persons.c.federation_id == sa.bindparam("federation"), persons.c.slug.in_(_AMONG))


@functools.cache
def _members_query(by_delegation: bool) -> sa.Select[Any]:
    # Statements read on every act are built once, their values bound when executed.
    delegation = councils.alias("delegation")
    query = (
        sa.select(
            mandates.c.id,
            persons.c.slug,
            parties.c.slug,
            constituencies.c.slug,
            mandates.c.seat,
            mandates.c.since,
            delegation.c.slug,
            mandates.c.co_opted_for,
            mandates.c.is_voting,
            constituencies.c.tags,
        )
        .join(persons, persons.c.id == mandates.c.person_id)
        .outerjoin(parties, parties.c.id == mandates.c.party_id)
        .outerjoin(constituencies, constituencies.c.id == mandates.c.constituency_id)
        .outerjoin(delegation, delegation.c.id == mandates.c.delegation_id)
        .where(mandates.c.council_id == _COUNCIL, held_at(_AT))
        .order_by(constituencies.c.slug, mandates.c.seat)
    )
    if by_delegation:
        query = query.where(mandates.c.delegation_id == sa.bindparam("delegation"))
    return query


def members_at(
    connection: Connection, council: int, at: str, *, delegation_id: int | None = None
) -> list[Seated]:
    """Everyone holding a mandate in a council at `at` (in one delegation, if given), with
    their constituency's tags."""
    values = {"council": council, "at": at, "delegation": delegation_id}
    # A constituency's tags are decoded once, not for each of its thousand delegates
    # (the members share the mapping: nothing changes a Seated's tags).
    decoded: dict[str | None, dict[str, str]] = {None: {}, "": {}}
    found = []
    for row in connection.execute(_members_query(delegation_id is not None), values):
        text = row[-1]
        tags = decoded.get(text)
        if tags is None:
            tags = decoded[text] = json.loads(text)
        found.append(Seated(*row[:-1], tags=tags))  # type: ignore[misc]
    return found


def _seniority(dialect: str, by_constituency: bool = True) -> tuple[Any, ...]:
    def bytewise(column: Any) -> Any:
        # Seniority ties are broken by slug as Python compares strings, not by a locale's
        # rules.
        return sa.collate(column, "C") if dialect == "postgresql" else column

    constituency = (bytewise(sa.func.coalesce(constituencies.c.slug, "")),)
    return (
        bytewise(mandates.c.since),
        *(constituency if by_constituency else ()),
        mandates.c.seat,
        # Seats of a congress are numbered per delegation: equal seniority otherwise is
        # settled by the mandate's id, the same on either engine (made from the journal).
        mandates.c.id,
    )


_VOTING = (
    mandates.c.council_id == _COUNCIL,
    held_at(_AT),
    mandates.c.is_voting,
    mandates.c.party_id.is_not(None),
)


def _voting_delegates(*columns: Any) -> sa.Select[Any]:
    return (
        sa.select(*columns)
        .select_from(mandates)
        .outerjoin(constituencies, constituencies.c.id == mandates.c.constituency_id)
        .where(*_VOTING)
    )


_DEPTH = sa.bindparam("depth", type_=sa.Integer)


@functools.cache
def _fractions_query(dialect: str, by_constituency: bool) -> sa.Select[Any]:
    if dialect == "postgresql" and not by_constituency:
        return _formed_fractions_query()
    columns = (
        mandates.c.party_id,
        mandates.c.person_id,
        sa.func.count().over(partition_by=mandates.c.party_id).label("size"),
        sa.func.row_number()
        .over(partition_by=mandates.c.party_id, order_by=_seniority(dialect, by_constituency))
        .label("rank"),
    )
    if by_constituency:
        inner = _voting_delegates(*columns).subquery()
    else:  # the seats of a formed body belong to no constituency
        inner = sa.select(*columns).where(*_VOTING).subquery()
    # Persons are looked up for the delegates chosen, not for the whole council.
    return (
        sa.select(inner.c.party_id, persons.c.slug, inner.c.size, inner.c.person_id)
        .join(persons, persons.c.id == inner.c.person_id)
        .where(inner.c.rank <= _DEPTH)
        .order_by(inner.c.party_id, inner.c.rank)
    )


def _formed_fractions_query() -> sa.Select[Any]:
    """The fractions of a body formed from councils, on PostgreSQL: each party's voting
    delegates counted and their ids gathered in order of seniority, the first `depth`
    of each looked up (a national congress of 4,000 seats: 3.4 ms, where ranking every
    seat in a window took 6.2)."""
    from sqlalchemy.dialects.postgresql import aggregate_order_by

    ordered = aggregate_order_by(mandates.c.person_id, *_seniority("postgresql", False))
    held = (
        sa.select(
            mandates.c.party_id,
            sa.func.count().label("size"),
            sa.func.array_agg(ordered, type_=sa.ARRAY(sa.BigInteger)).label("ids"),
        )
        .where(*_VOTING)
        .group_by(mandates.c.party_id)
        .subquery("held")
    )
    chosen = (
        sa.func.unnest(held.c.ids[1:_DEPTH])
        .table_valued(sa.column("person_id", sa.BigInteger), with_ordinality="rank")
        .render_derived(name="chosen")
        .lateral("chosen")
    )
    return (
        sa.select(held.c.party_id, persons.c.slug, held.c.size, chosen.c.person_id)
        .select_from(held)
        .join(chosen, sa.true())
        .join(persons, persons.c.id == chosen.c.person_id)
        .order_by(held.c.party_id, chosen.c.rank)
    )


def fractions(
    connection: Connection,
    federation: int,
    council: int,
    at: str,
    depth: int,
    *,
    by_constituency: bool = True,
) -> tuple[dict[int, int], dict[int, list[str]]]:
    """Voting delegates per party id in a council at `at`, and the first `depth` of each
    party by seniority (since, then constituency, then seat): one reading of the council.
    A body formed from councils (`by_constituency` false) has no constituencies."""
    sizes: dict[int, int] = {}
    seniors: dict[int, list[str]] = {}
    values = {"council": council, "at": at, "depth": depth}
    query = _fractions_query(connection.dialect.name, by_constituency)
    rows = connection.execute(query, values).all()
    for party, person, size, _ in rows:
        sizes[int(party)] = int(size)
        seniors.setdefault(int(party), []).append(person)
    # The delegates a body takes from here are named by the entry that seats them.
    transaction(connection).know("persons", federation, ((row[1], row[3]) for row in rows))
    return sizes, seniors


@functools.cache
def _senior_query(dialect: str) -> sa.Select[Any]:
    return (
        _voting_delegates(persons.c.slug)
        .join(persons, persons.c.id == mandates.c.person_id)
        .where(mandates.c.party_id == _PARTY)
        .order_by(*_seniority(dialect))
        .limit(sa.bindparam("count", type_=sa.Integer))
    )


def senior_delegates(
    connection: Connection, council: int, at: str, party: int, count: int
) -> list[str]:
    """The first `count` voting delegates of a party in a council at `at`, by seniority."""
    values = {"council": council, "at": at, "party": party, "count": count}
    return list(connection.execute(_senior_query(connection.dialect.name), values).scalars())


@functools.cache
def _delegates_among_query() -> sa.Select[Any]:
    return (
        sa.select(persons.c.slug)
        .select_from(mandates)
        .join(persons, persons.c.id == mandates.c.person_id)
        .where(
            of_council_by_person(_COUNCIL),
            held_at(_AT),
            mandates.c.is_voting,
            mandates.c.party_id == _PARTY,
            _NAMED,
        )
    )


def delegates_among(
    connection: Connection, federation: int, council: int, at: str, party: int, among: list[str]
) -> set[str]:
    """Which of the persons `among` are voting delegates of a party in a council at `at`."""
    found: set[str] = set()
    for start in range(0, len(among), 2_000):
        values = {
            "federation": federation,
            "council": council,
            "at": at,
            "party": party,
            "among": among[start : start + 2_000],
        }
        found.update(connection.execute(_delegates_among_query(), values).scalars())
    return found


def has_sat(connection: Connection, council: int, at: str) -> bool:
    """Whether anyone has held a seat of the council by `at`."""
    query = sa.select(mandates.c.id).where(mandates.c.council_id == council, mandates.c.since <= at)
    return connection.execute(query.limit(1)).first() is not None


def party_slugs(connection: Connection, federation_id: int) -> dict[int, str]:
    rows = connection.execute(
        sa.select(parties.c.id, parties.c.slug).where(parties.c.federation_id == federation_id)
    ).all()
    transaction(connection).know("parties", federation_id, ((row.slug, row.id) for row in rows))
    return {int(row.id): row.slug for row in rows}


def council_slugs(connection: Connection, ids: list[int]) -> dict[int, str]:
    rows = connection.execute(
        sa.select(councils.c.id, councils.c.slug).where(
            any_of(connection, councils.c.id, sorted(set(ids)))
        )
    )
    return {int(row.id): row.slug for row in rows}


@functools.cache
def _seated_query() -> sa.Select[Any]:
    return (
        sa.select(persons.c.slug, mandates.c.council_id, mandates.c.delegation_id)
        .select_from(mandates)
        .join(persons, persons.c.id == mandates.c.person_id)
        .where(
            _NAMED,
            # "+ 0": found through the persons' mandates (see of_council_by_person).
            (mandates.c.council_id + 0).in_(sa.bindparam("councils", expanding=True)),
            held_at(_AT),
            mandates.c.is_voting,
        )
    )


def seated_among(
    connection: Connection, federation: int, council_ids: list[int], at: str, among: list[str]
) -> dict[str, set[int]]:
    """Which of the persons `among` hold a voting seat at `at` in any of `council_ids`: for
    each, the delegations they sit for (a seat outside any delegation: its council)."""
    found: dict[str, set[int]] = {}
    for start in range(0, len(among), 2_000):
        values = {
            "federation": federation,
            "among": among[start : start + 2_000],
            "councils": council_ids,
            "at": at,
        }
        for person, council, delegation in connection.execute(_seated_query(), values):
            found.setdefault(person, set()).add(int(delegation or council))
    return found


def council_electorates(
    connection: Connection, federation_id: int, slugs: list[str]
) -> dict[str, tuple[int, int]]:
    """(id, electorate) of the named councils: the voters of their constituencies."""
    found: dict[str, tuple[int, int]] = {}
    for start in range(0, len(slugs), 2_000):
        rows = connection.execute(
            sa.select(councils.c.slug, councils.c.id, councils.c.electorate).where(
                councils.c.federation_id == federation_id,
                any_of(connection, councils.c.slug, slugs[start : start + 2_000]),
            )
        )
        found.update({row.slug: (int(row.id), int(row.electorate)) for row in rows})
    return found


@functools.cache
def _designations_query() -> sa.Select[Any]:
    return (
        sa.select(candidates.c.constituency_key, parties.c.slug, persons.c.slug, persons.c.id)
        .join(parties, parties.c.id == candidates.c.party_id)
        .join(persons, persons.c.id == candidates.c.person_id)
        .where(candidates.c.council_id == sa.bindparam("body"), candidates.c.declined_at.is_(None))
        .order_by(candidates.c.party_id, candidates.c.constituency_key, candidates.c.position)
    )


def designations(connection: Connection, body: int) -> list[tuple[int, str, str, int]]:
    """The persons the fractions named for a body, who have not declined, in each list's
    order: (the list's key: a member council's id for a congress delegation, or 0 for the
    whole body; party; person; the person's id)."""
    return [
        (int(key), party, person, int(person_id))
        for key, party, person, person_id in connection.execute(
            _designations_query(), {"body": body}
        )
    ]


def co_opted(connection: Connection, body: int) -> dict[str, list[str]]:
    """The persons each organisation named to a body's co-opted seats, in order."""
    query = (
        sa.select(co_options.c.organisation, persons.c.slug)
        .join(persons, persons.c.id == co_options.c.person_id)
        .where(co_options.c.council_id == body)
        .order_by(co_options.c.organisation, co_options.c.position)
    )
    named: dict[str, list[str]] = {}
    for organisation, person in connection.execute(query):
        named.setdefault(organisation, []).append(person)
    return named


def all_party_members(
    connection: Connection, federation_id: int, only: list[str] | None = None
) -> dict[str, frozenset[str]]:
    """Each party's members (only those among `only`, when given)."""
    query = (
        sa.select(parties.c.slug, persons.c.slug)
        .join(party_members, party_members.c.party_id == parties.c.id)
        .join(persons, persons.c.id == party_members.c.person_id)
        .where(parties.c.federation_id == federation_id)
    )
    if only is not None:
        query = query.where(persons.c.slug.in_(sorted(set(only))[:5_000]))
    found: dict[str, set[str]] = {}
    for party, person in connection.execute(query):
        found.setdefault(party, set()).add(person)
    return {party: frozenset(people) for party, people in found.items()}


def electorates(connection: Connection, council: int) -> list[tuple[int, dict[str, str]]]:
    """(electorate, tags) of every constituency of a council."""
    query = sa.select(constituencies.c.electorate, constituencies.c.tags).where(
        constituencies.c.council_id == council
    )
    return [(int(n), json.loads(tags) if tags else {}) for n, tags in connection.execute(query)]


def latest_votes(
    connection: Connection, council: int, at: str, *, seats: bool = False
) -> dict[str, int]:
    """Votes (or, with `seats`, seats won) per party at the latest election closed by `at`
    in each of a council's constituencies, added up over the council."""
    table = election_seats if seats else election_votes
    count = table.c.seats if seats else table.c.votes
    latest = (
        sa.select(
            election_constituencies.c.constituency_id,
            sa.func.max(election_constituencies.c.closed_at).label("closed_at"),
        )
        .join(constituencies, constituencies.c.id == election_constituencies.c.constituency_id)
        .where(constituencies.c.council_id == council, election_constituencies.c.closed_at <= at)
        .group_by(election_constituencies.c.constituency_id)
        .subquery()
    )
    query = (
        sa.select(parties.c.slug, sa.func.sum(count))
        .join(
            election_constituencies,
            sa.and_(
                election_constituencies.c.election_id == table.c.election_id,
                election_constituencies.c.constituency_id == table.c.constituency_id,
            ),
        )
        .join(
            latest,
            sa.and_(
                latest.c.constituency_id == election_constituencies.c.constituency_id,
                latest.c.closed_at == election_constituencies.c.closed_at,
            ),
        )
        .join(parties, parties.c.id == table.c.party_id)
        .group_by(parties.c.slug)
    )
    return {party: int(n) for party, n in connection.execute(query)}


def measured_drifts(
    connection: Connection, federation_id: int, at: str
) -> dict[str, tuple[int, float, str]]:
    """Each council's drift as last measured by `at`: (seats off, Gallagher, reference)."""
    ranked = (
        sa.select(
            drifts.c.council_id,
            drifts.c.seats_off,
            drifts.c.gallagher,
            drifts.c.reference,
            sa.func.row_number()
            .over(
                partition_by=drifts.c.council_id,
                order_by=(drifts.c.measured_at.desc(), drifts.c.seq.desc()),
            )
            .label("rank"),
        )
        .join(councils, councils.c.id == drifts.c.council_id)
        .where(councils.c.federation_id == federation_id, drifts.c.measured_at <= at)
        .subquery()
    )
    query = (
        sa.select(councils.c.slug, ranked.c.seats_off, ranked.c.gallagher, ranked.c.reference)
        .join(councils, councils.c.id == ranked.c.council_id)
        .where(ranked.c.rank == 1)
    )
    return {
        slug: (int(off), float(index), reference)
        for slug, off, index, reference in connection.execute(query)
    }


def drift_history(
    connection: Connection, council: int, until: str
) -> list[tuple[str, int, float, str]]:
    """(time, seats off, Gallagher, reference) of every measurement of a council's drift up
    to `until`, oldest first."""
    query = (
        sa.select(drifts.c.measured_at, drifts.c.seats_off, drifts.c.gallagher, drifts.c.reference)
        .where(drifts.c.council_id == council, drifts.c.measured_at <= until)
        .order_by(drifts.c.measured_at, drifts.c.seq)
    )
    return [
        (at, int(off), float(index), reference)
        for at, off, index, reference in connection.execute(query)
    ]


def last_basis(connection: Connection, council: int) -> tuple[str, dict[str, Any]] | None:
    """When an elected council's latest drift was measured, and the seats, seats won and
    votes per party it was measured from (None if it was measured without them)."""
    row = connection.execute(
        sa.select(drifts.c.measured_at, drifts.c.basis)
        .where(drifts.c.council_id == council)
        .order_by(drifts.c.measured_at.desc(), drifts.c.seq.desc())
        .limit(1)
    ).first()
    if row is None or row.basis is None:
        return None
    return row.measured_at, json.loads(row.basis)
