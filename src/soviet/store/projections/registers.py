"""Constituencies and their members, persons, parties, their members and their lists."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.events.registers import (
    CandidateDeclined,
    CandidateListsSet,
    ConstituenciesAdmitted,
    ElectorateCounted,
    MembersRegistered,
    PartyList,
    PartyMemberLeft,
    PartyMembersJoined,
    PartyRegistered,
    PersonsRegistered,
)
from soviet.domain.journal import Entry, canonical_json
from soviet.store.among import any_of
from soviet.store.database import transaction
from soviet.store.effects import NO_EFFECTS, Effects, designations_changed, electorate_changed
from soviet.store.registry import applies, entity_id, insert_rows
from soviet.store.schema import (
    candidates,
    central_committees,
    constituencies,
    councils,
    federations,
    members,
    parties,
    party_members,
    persons,
)


def federation_id(connection: Connection, slug: str) -> int:
    # Read once per transaction: an act's entries and refreshes all name their federation.
    known = transaction(connection).federation_ids
    if slug not in known:
        known[slug] = int(
            connection.execute(
                sa.select(federations.c.id).where(federations.c.slug == slug)
            ).scalar_one()
        )
    return known[slug]


def slug_ids(
    connection: Connection, table: sa.Table, federation: int, slugs: Iterable[str]
) -> dict[str, int]:
    """Slug to id of the named rows of a federation's table (all rows when most are named)."""
    wanted = sorted(set(slugs) - {""})  # "": none named (a seat of no constituency, say)
    if not wanted:
        return {}
    query = sa.select(table.c.slug, table.c.id).where(table.c.federation_id == federation)
    if len(wanted) > 20_000:
        return {row.slug: row.id for row in connection.execute(query)}
    # Ids read by this transaction before are not asked again (a row's id never changes
    # once it exists): a recall's refreshes name the same parties and councils each time.
    known = transaction(connection).ids
    name = table.name
    found = {s: known[name, federation, s] for s in wanted if (name, federation, s) in known}
    missing = [slug for slug in wanted if slug not in found]
    for start in range(0, len(missing), 2_000):
        chunk = query.where(any_of(connection, table.c.slug, missing[start : start + 2_000]))
        for row in connection.execute(chunk):
            found[row.slug] = known[name, federation, row.slug] = int(row.id)
    return found


def id_of(connection: Connection, table: sa.Table, federation: int, slug: str) -> int:
    known = transaction(connection).ids
    key = (table.name, federation, slug)
    if key not in known:
        known[key] = int(
            connection.execute(
                sa.select(table.c.id).where(
                    table.c.federation_id == federation, table.c.slug == slug
                )
            ).scalar_one()
        )
    return known[key]


@applies(ConstituenciesAdmitted)
def constituencies_admitted(
    connection: Connection, entry: Entry, event: ConstituenciesAdmitted
) -> Effects:
    federation = federation_id(connection, event.federation)
    council_ids = slug_ids(
        connection, councils, federation, (item.council for item in event.constituencies)
    )
    insert_rows(
        connection,
        constituencies,
        [
            {
                "id": entity_id(entry.seq, ordinal),
                "federation_id": federation,
                "council_id": council_ids[item.council],
                "slug": item.slug,
                "name": item.name,
                "kind": item.kind,
                "electorate": item.electorate,
                "tags": canonical_json(dict(item.tags)),
                "admitted_at": event.admitted_at,
            }
            for ordinal, item in enumerate(event.constituencies)
        ],
    )
    added: dict[int, int] = {}
    for item in event.constituencies:
        council = council_ids[item.council]
        added[council] = added.get(council, 0) + item.electorate
    _add_electorates(connection, entry, federation, added)
    effects = NO_EFFECTS
    for council, n in added.items():
        if n:  # a congress sizes its delegations by electorate: the bodies above follow
            effects |= electorate_changed(council, event.admitted_at)
    return effects


def designated(
    connection: Connection, entry: Entry, federation: int, councils: Iterable[int]
) -> Effects:
    """Lists of candidates or co-options of `councils` changed: the federation's last entry
    that changed one is this (what the designations a process remembers are checked
    against: services.bodies)."""
    connection.execute(
        federations.update()
        .where(federations.c.id == federation)
        .values(designations_seq=entry.seq)
    )
    return designations_changed(councils)


def _add_electorates(
    connection: Connection, entry: Entry, federation: int, added: dict[int, int]
) -> None:
    """Keep each council's electorate the sum of its constituencies', and the federation's
    last entry that changed one (what the electorates a process remembers are checked
    against: services.bodies)."""
    connection.execute(
        federations.update().where(federations.c.id == federation).values(electorates_seq=entry.seq)
    )
    changes = [{"council": council, "added": n} for council, n in sorted(added.items()) if n]
    if changes:
        connection.execute(
            councils.update()
            .where(councils.c.id == sa.bindparam("council"))
            .values(electorate=councils.c.electorate + sa.bindparam("added")),
            changes,
        )


@applies(ElectorateCounted)
def electorate_counted(connection: Connection, entry: Entry, event: ElectorateCounted) -> Effects:
    federation = federation_id(connection, event.federation)
    council, before = connection.execute(
        sa.select(constituencies.c.council_id, constituencies.c.electorate).where(
            constituencies.c.federation_id == federation,
            constituencies.c.slug == event.constituency,
        )
    ).one()
    connection.execute(
        constituencies.update()
        .where(
            constituencies.c.federation_id == federation,
            constituencies.c.slug == event.constituency,
        )
        .values(electorate=event.electorate)
    )
    _add_electorates(connection, entry, federation, {int(council): event.electorate - int(before)})
    # A congress sizes its delegations by electorate: the bodies above follow the count.
    return electorate_changed(int(council), event.counted_at)


@applies(MembersRegistered)
def members_registered(connection: Connection, entry: Entry, event: MembersRegistered) -> Effects:
    federation = federation_id(connection, event.federation)
    constituency = id_of(connection, constituencies, federation, event.constituency)
    insert_rows(
        connection,
        members,
        [
            {
                "id": entity_id(entry.seq, ordinal),
                "constituency_id": constituency,
                "key": item.key,
                "name": item.name,
                "birth_date": item.birth_date,
                "categories": canonical_json(list(item.categories)),
                "account": item.account,
                "since": event.registered_at,
            }
            for ordinal, item in enumerate(event.members)
        ],
    )
    return NO_EFFECTS


@applies(PersonsRegistered)
def persons_registered(connection: Connection, entry: Entry, event: PersonsRegistered) -> Effects:
    federation = federation_id(connection, event.federation)
    people = event.persons
    insert_rows(
        connection,
        persons,
        [
            {
                "id": entity_id(entry.seq, ordinal),
                "federation_id": federation,
                "slug": item.slug,
                "name": item.name,
            }
            for ordinal, item in enumerate(people)
        ],
    )
    # Those registered with their party join it in the same entry, by the ids just made.
    party_ids = slug_ids(connection, parties, federation, (p.party for p in people if p.party))
    insert_rows(
        connection,
        party_members,
        [
            {
                "party_id": party_ids[item.party],
                "person_id": entity_id(entry.seq, ordinal),
                "since": event.joined_at,
            }
            for ordinal, item in enumerate(people)
            if item.party
        ],
    )
    return NO_EFFECTS


@applies(PartyRegistered)
def party_registered(connection: Connection, entry: Entry, event: PartyRegistered) -> Effects:
    federation = federation_id(connection, event.federation)
    party = entity_id(entry.seq)
    connection.execute(
        parties.insert().values(
            id=party,
            federation_id=federation,
            slug=event.party,
            name=event.name,
            programme=event.programme,
            committee_council_id=id_of(connection, councils, federation, event.committee_body)
            if event.committee_body
            else None,
        )
    )
    if event.committee:
        insert_rows(
            connection,
            central_committees,
            [{"party_id": party, "account": account} for account in event.committee],
        )
    return NO_EFFECTS


@applies(PartyMembersJoined)
def party_members_joined(
    connection: Connection, entry: Entry, event: PartyMembersJoined
) -> Effects:
    federation = federation_id(connection, event.federation)
    party = id_of(connection, parties, federation, event.party)
    person_ids = slug_ids(connection, persons, federation, event.persons)
    insert_rows(
        connection,
        party_members,
        [
            {"party_id": party, "person_id": person_ids[slug], "since": event.joined_at}
            for slug in event.persons
        ],
    )
    return NO_EFFECTS


def _list_key(connection: Connection, federation: int, event: CandidateDeclined) -> dict[str, int]:
    constituency = event.constituency
    return {
        "party_id": id_of(connection, parties, federation, event.party),
        "council_id": id_of(connection, councils, federation, event.council),
        "constituency_key": 0
        if constituency is None
        else id_of(connection, constituencies, federation, constituency),
    }


@applies(CandidateListsSet)
def candidate_lists_set(connection: Connection, entry: Entry, event: CandidateListsSet) -> Effects:
    federation = federation_id(connection, event.federation)
    lists = event.lists
    party_ids = slug_ids(connection, parties, federation, (item.party for item in lists))
    council_ids = slug_ids(connection, councils, federation, (item.council for item in lists))
    constituency_ids = slug_ids(
        connection, constituencies, federation, (item.constituency or "" for item in lists)
    )
    person_ids = slug_ids(
        connection, persons, federation, (slug for item in lists for slug in item.persons)
    )
    delegations = slug_ids(
        connection, councils, federation, (item.delegation or "" for item in lists)
    )

    def list_key(item: PartyList) -> int:
        # A list is for a constituency, for a congress delegation (its member council), or
        # for the whole council (0).
        if item.constituency:
            return constituency_ids[item.constituency]
        return delegations[item.delegation] if item.delegation else 0

    keys = [
        {
            "party_id": party_ids[item.party],
            "council_id": council_ids[item.council],
            "constituency_key": list_key(item),
        }
        for item in lists
    ]
    listed_before = connection.execute(
        sa.select(sa.exists().where(candidates.c.council_id.in_(sorted(council_ids.values()))))
    ).scalar()
    if listed_before:  # a council's first lists replace nothing
        connection.execute(
            candidates.delete().where(
                candidates.c.party_id == sa.bindparam("party_id"),
                candidates.c.council_id == sa.bindparam("council_id"),
                candidates.c.constituency_key == sa.bindparam("constituency_key"),
            ),
            keys,
        )
    rows = [
        {**key, "position": position, "person_id": person_ids[slug], "declined_at": None}
        for key, item in zip(keys, lists, strict=True)
        for position, slug in enumerate(item.persons, start=1)
    ]
    if rows:
        insert_rows(connection, candidates, rows)
    return designated(connection, entry, federation, council_ids.values())


@applies(CandidateDeclined)
def candidate_declined(connection: Connection, entry: Entry, event: CandidateDeclined) -> Effects:
    federation = federation_id(connection, event.federation)
    key = _list_key(connection, federation, event)
    person = id_of(connection, persons, federation, event.person)
    connection.execute(
        candidates.update()
        .where(*(candidates.c[name] == value for name, value in key.items()))
        .where(candidates.c.person_id == person)
        .values(declined_at=event.declined_at)
    )
    return designated(connection, entry, federation, [key["council_id"]])


@applies(PartyMemberLeft)
def party_member_left(connection: Connection, entry: Entry, event: PartyMemberLeft) -> Effects:
    federation = federation_id(connection, event.federation)
    connection.execute(
        party_members.delete().where(
            party_members.c.party_id == id_of(connection, parties, federation, event.party),
            party_members.c.person_id == id_of(connection, persons, federation, event.person),
        )
    )
    return NO_EFFECTS
