"""Reads about councils, their constituencies, elections, lists and mandates."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.elections import Candidate, Cell, Constituency
from soviet.domain.ids import format_id
from soviet.errors import NotFound
from soviet.store.database import transaction
from soviet.store.schema import (
    ballot_box,
    candidates,
    constituencies,
    councils,
    election_constituencies,
    election_votes,
    elections,
    mandates,
    mandates_held,
    members,
    parties,
    party_members,
    persons,
    recall_petitions,
    recall_signatures,
    recall_votes,
)


def council_id(connection: Connection, federation_id: int, slug: str) -> int:
    known = transaction(connection).ids
    key = ("councils", federation_id, slug)
    if key not in known:
        found = connection.execute(
            sa.select(councils.c.id).where(
                councils.c.federation_id == federation_id, councils.c.slug == slug
            )
        ).scalar()
        if found is None:
            raise NotFound(f"council '{slug}' does not exist")
        known[key] = int(found)
    return known[key]


def constituencies_of(
    connection: Connection, council: int, only: str | None = None
) -> list[Constituency]:
    """The constituencies of a council (or the one named `only`), in slug order."""
    query = (
        sa.select(constituencies.c.slug, constituencies.c.kind, constituencies.c.electorate)
        .where(constituencies.c.council_id == council)
        .order_by(constituencies.c.slug)
    )
    if only is not None:
        query = query.where(constituencies.c.slug == only)
    return [Constituency(r.slug, r.kind, r.electorate) for r in connection.execute(query)]


@dataclass(frozen=True)
class Election:
    id: int
    council: str
    council_id: int
    constituency: str | None
    mode: str
    opened_at: str
    closed_at: str | None
    ceremony_id: int | None = None  # sealed: its ballots are encrypted to this ceremony's key
    sealed_parties: tuple[str, ...] = ()  # sealed: the parties on its ballots, in order
    ballots_closed_at: str | None = None  # sealed: when its ballot box closed
    ballots_closed_hash: str | None = None  # sealed: the journal's head then

    @property
    def is_sealed(self) -> bool:
        return self.ceremony_id is not None


def election(connection: Connection, federation_id: int, election_id: int) -> Election:
    row = connection.execute(
        sa.select(
            elections.c.id,
            councils.c.slug.label("council"),
            elections.c.council_id,
            constituencies.c.slug.label("constituency"),
            elections.c.mode,
            elections.c.opened_at,
            elections.c.closed_at,
            elections.c.ceremony_id,
            elections.c.sealed_parties,
            elections.c.ballots_closed_at,
            elections.c.ballots_closed_hash,
        )
        .join(councils, councils.c.id == elections.c.council_id)
        .outerjoin(constituencies, constituencies.c.id == elections.c.constituency_id)
        .where(elections.c.id == election_id, elections.c.federation_id == federation_id)
    ).first()
    if row is None:
        raise NotFound(f"election {format_id(election_id)} does not exist")
    parties = () if row.sealed_parties is None else tuple(json.loads(row.sealed_parties))
    return Election(*row[:8], parties, *row[9:])


def open_elections(connection: Connection, council: int) -> list[Election]:
    rows = connection.execute(
        sa.select(elections.c.id).where(
            elections.c.council_id == council, elections.c.closed_at.is_(None)
        )
    )
    federation = connection.execute(
        sa.select(councils.c.federation_id).where(councils.c.id == council)
    ).scalar_one()
    return [election(connection, federation, row.id) for row in rows]


def _cells(connection: Connection, query: Any) -> dict[Cell, int]:
    return {(row[0], row[1]): int(row[2]) for row in connection.execute(query)}


def votes(connection: Connection, election_id: int, *, from_box: bool = False) -> dict[Cell, int]:
    """Votes per (constituency, party): the entered counts, or the ballot box's tally."""
    table = ballot_box if from_box else election_votes
    count = table.c.ballots if from_box else table.c.votes
    query = (
        sa.select(constituencies.c.slug, parties.c.slug, count)
        .join(constituencies, constituencies.c.id == table.c.constituency_id)
        .join(parties, parties.c.id == table.c.party_id)
        .where(table.c.election_id == election_id)
    )
    return _cells(connection, query)


def candidate_lists(
    connection: Connection, council: int
) -> dict[tuple[str | None, str], list[Candidate]]:
    """Every party's lists for a council, keyed by (constituency or None, party), in order."""
    member = sa.exists().where(
        party_members.c.party_id == candidates.c.party_id,
        party_members.c.person_id == candidates.c.person_id,
    )
    query = (
        sa.select(
            constituencies.c.slug,
            parties.c.slug,
            persons.c.slug,
            candidates.c.declined_at,
            member.label("is_member"),
        )
        .join(parties, parties.c.id == candidates.c.party_id)
        .join(persons, persons.c.id == candidates.c.person_id)
        .outerjoin(constituencies, constituencies.c.id == candidates.c.constituency_key)
        .where(candidates.c.council_id == council)
        .order_by(candidates.c.party_id, candidates.c.constituency_key, candidates.c.position)
    )
    lists: dict[tuple[str | None, str], list[Candidate]] = {}
    for constituency, party, person, declined_at, is_member in connection.execute(query):
        eligible = declined_at is None and bool(is_member)
        lists.setdefault((constituency, party), []).append(Candidate(person, eligible))
    return lists


@dataclass(frozen=True)
class Mandate:
    id: int
    constituency: str
    seat: int
    party: str
    person: str
    since: str
    constituency_id: int
    party_id: int


def _mandate_columns() -> tuple[Any, ...]:
    return (
        mandates.c.id,
        constituencies.c.slug,
        mandates.c.seat,
        parties.c.slug,
        persons.c.slug,
        mandates.c.since,
        mandates.c.constituency_id,
        mandates.c.party_id,
    )


def _mandates_joined(query: Any) -> Any:
    return (
        query.join(constituencies, constituencies.c.id == mandates.c.constituency_id)
        .join(parties, parties.c.id == mandates.c.party_id)
        .join(persons, persons.c.id == mandates.c.person_id)
    )


def held_at(at: str | sa.BindParameter[str]) -> Any:
    """The condition that a mandate is held at `at` (a time, or a parameter bound to one):
    begun, not ended, its term not over."""
    return sa.and_(
        mandates.c.since <= at,
        mandates_held > at,
        sa.or_(mandates.c.expires_at.is_(None), mandates.c.expires_at > at),
    )


def of_council_by_person(council: Any) -> Any:
    """That a mandate is in a council, for queries that name the person: written so that
    the mandate is found through its person (a handful of rows), not by reading every seat
    held in the council (SQLite's planner, without statistics, takes the range on
    `ix_mandates_council_held` otherwise)."""
    return (mandates.c.council_id + 0) == council


def open_mandates(connection: Connection, council: int, at: str) -> list[Mandate]:
    """The mandates of a council held at `at`, by constituency and seat."""
    query = _mandates_joined(sa.select(*_mandate_columns()))
    query = query.where(mandates.c.council_id == council, held_at(at)).order_by(
        constituencies.c.slug, mandates.c.seat
    )
    return [Mandate(*row) for row in connection.execute(query)]


def mandate_of(
    connection: Connection, federation: int, council: int, person: str, at: str
) -> Mandate | None:
    """The mandate `person` holds in a council at `at`, if any."""
    known = transaction(connection)
    person_id = known.ids.get(("persons", federation, person))
    if person_id is None:
        person_id = connection.execute(
            sa.select(persons.c.id).where(
                persons.c.federation_id == federation, persons.c.slug == person
            )
        ).scalar()
        if person_id is None:
            return None
        known.know("persons", federation, [(person, person_id)])
    query = _mandates_joined(sa.select(*_mandate_columns())).where(
        mandates.c.person_id == person_id, of_council_by_person(council), held_at(at)
    )
    row = connection.execute(query).first()
    if row is None:
        return None
    held = Mandate(*row)
    # An entry that ends it names the seat's constituency and party for its successor.
    known.know("constituencies", federation, [(held.constituency, held.constituency_id)])
    known.know("parties", federation, [(held.party, held.party_id)])
    return held


@functools.cache
def _not_seated_query(limited: bool) -> sa.Select[Any]:
    council = sa.bindparam("council", type_=sa.BigInteger)
    party = sa.bindparam("party", type_=sa.BigInteger)
    at = sa.bindparam("at", type_=sa.String)
    # The list for the seat's constituency if the party has one, else the council-wide
    # list (0), decided within the statement.
    own = sa.bindparam("constituency", type_=sa.BigInteger)
    has_own = sa.exists().where(
        candidates.c.council_id == council,
        candidates.c.party_id == party,
        candidates.c.constituency_key == own,
    )
    seated = sa.exists().where(
        mandates.c.person_id == candidates.c.person_id,
        of_council_by_person(council),
        held_at(at),
    )
    member = sa.exists().where(
        party_members.c.party_id == candidates.c.party_id,
        party_members.c.person_id == candidates.c.person_id,
    )
    dead = sa.exists().where(
        mandates.c.person_id == candidates.c.person_id,
        mandates.c.end_cause == "death",
        mandates.c.until <= at,
    )
    query = (
        sa.select(persons.c.slug, persons.c.id)
        .join(persons, persons.c.id == candidates.c.person_id)
        .where(
            candidates.c.council_id == council,
            candidates.c.party_id == party,
            candidates.c.constituency_key == sa.case((has_own, own), else_=0),
            candidates.c.declined_at.is_(None),
            member,
            ~seated,
            ~dead,
        )
        .order_by(candidates.c.position)
    )
    return query.limit(sa.bindparam("limit", type_=sa.Integer)) if limited else query


def next_candidate(
    connection: Connection, federation: int, council: int, held: Mandate, at: str
) -> str | None:
    """The first eligible candidate on the list of the party holding a seat (the list for
    its constituency if there is one, else the council-wide list) who holds no seat in the
    council at `at` and has not died (a mandate ended by death, in any body)."""
    found = candidates_not_seated(connection, federation, council, held, at, limit=1)
    return found[0] if found else None


def candidates_not_seated(
    connection: Connection,
    federation: int,
    council: int,
    held: Mandate,
    at: str,
    *,
    limit: int | None = None,
) -> list[str]:
    """The eligible candidates of the list a seat was won on who hold no seat at `at`, in
    list order (see next_candidate): the party's alternates for that seat."""
    values = {
        "council": council,
        "party": held.party_id,
        "constituency": held.constituency_id,
        "at": at,
        "limit": limit,
    }
    rows = connection.execute(_not_seated_query(limit is not None), values).all()
    transaction(connection).know("persons", federation, ((row.slug, row.id) for row in rows))
    return [row.slug for row in rows]


@dataclass(frozen=True)
class Member:
    id: int
    constituency: str
    birth_date: str | None
    categories: list[str]
    account: str | None


def member(connection: Connection, federation_id: int, constituency: str, key: str) -> Member:
    row = connection.execute(
        sa.select(members.c.id, members.c.birth_date, members.c.categories, members.c.account)
        .join(constituencies, constituencies.c.id == members.c.constituency_id)
        .where(
            constituencies.c.federation_id == federation_id,
            constituencies.c.slug == constituency,
            members.c.key == key,
        )
    ).first()
    if row is None:
        raise NotFound(f"member '{key}' is not registered in constituency '{constituency}'")
    return Member(row.id, constituency, row.birth_date, json.loads(row.categories), row.account)


def seats_at(connection: Connection, council: int, at: str) -> dict[str, int]:
    """Delegates each constituency sends at `at`, by the latest election closed by then."""
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
        sa.select(constituencies.c.slug, election_constituencies.c.seats)
        .join(
            latest,
            sa.and_(
                latest.c.constituency_id == election_constituencies.c.constituency_id,
                latest.c.closed_at == election_constituencies.c.closed_at,
            ),
        )
        .join(constituencies, constituencies.c.id == election_constituencies.c.constituency_id)
    )
    return {row.slug: int(row.seats) for row in connection.execute(query)}


@dataclass(frozen=True)
class Petition:
    id: int
    threshold: int
    signatures: int  # not withdrawn
    is_voting: bool  # reached its threshold, and the recall is put to a vote
    ceremony_id: int | None = None  # sealed: its vote's ballots are encrypted to this key
    ballots_closed_at: str | None = None  # sealed: when its ballot box closed
    ballots_closed_hash: str | None = None  # sealed: the journal's head then

    @property
    def is_sealed(self) -> bool:
        return self.ceremony_id is not None


def open_petition(connection: Connection, mandate_id: int) -> Petition | None:
    row = connection.execute(
        sa.select(
            recall_petitions.c.id,
            recall_petitions.c.threshold,
            recall_petitions.c.outcome,
            recall_petitions.c.ceremony_id,
            recall_petitions.c.ballots_closed_at,
            recall_petitions.c.ballots_closed_hash,
        ).where(recall_petitions.c.mandate_id == mandate_id, recall_petitions.c.closed_at.is_(None))
    ).first()
    if row is None:
        return None
    count = connection.execute(
        sa.select(sa.func.count()).where(
            recall_signatures.c.petition_id == row.id, recall_signatures.c.withdrawn_at.is_(None)
        )
    ).scalar_one()
    return Petition(
        row.id,
        row.threshold,
        int(count),
        row.outcome == "voting",
        row.ceremony_id,
        row.ballots_closed_at,
        row.ballots_closed_hash,
    )


def recall_vote(connection: Connection, petition: int) -> dict[int, str]:
    """The choices cast so far in a recall vote, by member id (`sealed`: an encrypted
    ballot's, which no row holds)."""
    rows = connection.execute(
        sa.select(recall_votes.c.member_id, recall_votes.c.choice).where(
            recall_votes.c.petition_id == petition
        )
    )
    return {int(row.member_id): row.choice for row in rows}


def signature(connection: Connection, petition: int, member_id: int) -> str | None:
    """'signed' or 'withdrawn' for a member's signature on a petition, None if never signed."""
    row = connection.execute(
        sa.select(recall_signatures.c.withdrawn_at).where(
            recall_signatures.c.petition_id == petition, recall_signatures.c.member_id == member_id
        )
    ).first()
    if row is None:
        return None
    return "signed" if row.withdrawn_at is None else "withdrawn"


def electorate(connection: Connection, constituency_id: int) -> int:
    return int(
        connection.execute(
            sa.select(constituencies.c.electorate).where(constituencies.c.id == constituency_id)
        ).scalar_one()
    )


@functools.cache
def _turnout_query() -> sa.Select[Any]:
    constituency = sa.bindparam("constituency", type_=sa.BigInteger)
    latest = (
        sa.select(election_constituencies.c.election_id)
        .where(election_constituencies.c.constituency_id == constituency)
        .order_by(election_constituencies.c.closed_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    return sa.select(sa.func.coalesce(sa.func.sum(election_votes.c.votes), 0)).where(
        election_votes.c.election_id == latest,
        election_votes.c.constituency_id == constituency,
    )


def last_turnout(connection: Connection, constituency_id: int) -> int:
    """Votes cast in the constituency at the latest closed election covering it (0 if
    none has closed)."""
    found = connection.execute(_turnout_query(), {"constituency": constituency_id})
    return int(found.scalar_one())


def constituency_tags(connection: Connection, council: int) -> dict[str, dict[str, str]]:
    """The tags of each constituency of a council."""
    rows = connection.execute(
        sa.select(constituencies.c.slug, constituencies.c.tags).where(
            constituencies.c.council_id == council
        )
    )
    return {row.slug: json.loads(row.tags) for row in rows}


def constituency_kinds(connection: Connection, council: int) -> dict[str, str]:
    """The kind of each constituency of a council."""
    rows = connection.execute(
        sa.select(constituencies.c.slug, constituencies.c.kind).where(
            constituencies.c.council_id == council
        )
    )
    return {row.slug: row.kind for row in rows}


def holders(connection: Connection, mandate_ids: list[int]) -> list[str]:
    """The persons (slugs) who held the mandates `mandate_ids`."""
    query = (
        sa.select(persons.c.slug)
        .join(mandates, mandates.c.person_id == persons.c.id)
        .where(mandates.c.id.in_(mandate_ids))
        .distinct()
        .order_by(persons.c.slug)
    )
    return list(connection.execute(query).scalars())
