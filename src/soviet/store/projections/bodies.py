"""Bodies formed from councils: their seats refreshed from the councils below, the persons
organisations co-opt to them."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from soviet.domain.events.bodies import BodyRefreshed, CoOptionsSet, DriftMeasured
from soviet.domain.events.codec import encode
from soviet.domain.journal import Entry, canonical_json
from soviet.store.effects import NO_EFFECTS, Effects, mandates_changed
from soviet.store.projections.elections import end_mandates
from soviet.store.projections.registers import designated, federation_id, id_of, slug_ids
from soviet.store.registry import applies, entity_id, insert_rows
from soviet.store.schema import (
    co_options,
    constituencies,
    councils,
    drifts,
    parties,
    persons,
)


@applies(BodyRefreshed)
def body_refreshed(connection: Connection, entry: Entry, event: BodyRefreshed) -> Effects:
    federation = federation_id(connection, event.federation)
    council = id_of(connection, councils, federation, event.council)
    at = event.at
    started = event.started
    if not started:
        return end_mandates(connection, event.ended, at, "refresh") | mandates_changed(council, at)
    constituency_ids = slug_ids(
        connection, constituencies, federation, (r.constituency or "" for r in started)
    )
    party_ids = slug_ids(connection, parties, federation, (r.party or "" for r in started))
    person_ids = slug_ids(connection, persons, federation, (r.person for r in started))
    balance: dict[int | None, int] = {}
    for r in started:
        if r.voting:
            party = party_ids.get(r.party or "")
            balance[party] = balance.get(party, 0) + 1
    council_ids = slug_ids(connection, councils, federation, (r.delegation or "" for r in started))
    rows = [
        {
            "id": entity_id(entry.seq, ordinal),
            "council_id": council,
            "constituency_id": constituency_ids.get(r.constituency or ""),
            "seat": r.seat,
            "party_id": party_ids.get(r.party or ""),
            "person_id": person_ids[r.person],
            "election_id": None,
            "delegation_id": council_ids.get(r.delegation or ""),
            "co_opted_for": r.co_opted_for,
            "is_voting": r.voting,
            "since": at,
            "until": None,
            "end_cause": None,
            "expires_at": None,
        }
        for ordinal, r in enumerate(started)
    ]
    ended = end_mandates(connection, event.ended, at, "refresh", then=rows)
    return ended | mandates_changed(council, at) | Effects(seats={council: balance})


@applies(CoOptionsSet)
def co_options_set(connection: Connection, entry: Entry, event: CoOptionsSet) -> Effects:
    federation = federation_id(connection, event.federation)
    council = id_of(connection, councils, federation, event.council)
    connection.execute(
        co_options.delete().where(
            co_options.c.council_id == council,
            co_options.c.organisation == event.organisation,
        )
    )
    person_ids = slug_ids(connection, persons, federation, event.persons)
    insert_rows(
        connection,
        co_options,
        [
            {
                "council_id": council,
                "organisation": event.organisation,
                "position": position,
                "person_id": person_ids[slug],
            }
            for position, slug in enumerate(event.persons, start=1)
        ],
    )
    return designated(connection, entry, federation, [council])


@applies(DriftMeasured)
def drift_measured(connection: Connection, entry: Entry, event: DriftMeasured) -> Effects:
    federation = federation_id(connection, event.federation)
    measured = event.drifts
    council_ids = slug_ids(connection, councils, federation, (d.council for d in measured))
    insert_rows(
        connection,
        drifts,
        [
            {
                "council_id": council_ids[d.council],
                "seq": entry.seq,
                "measured_at": d.at,
                "seats_off": d.seats_off,
                "gallagher": float(d.gallagher),
                "reference": d.reference,
                "basis": canonical_json(encode(d.basis)) if d.basis else None,
            }
            for d in measured
        ],
    )
    return NO_EFFECTS
