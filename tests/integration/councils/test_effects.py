"""Recording an act returns its effects: which councils' mandates and electorates changed,
and the voting seats each gained or lost per party, which propagation then follows."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from soviet.domain.events.elections import ElectionOpened
from soviet.domain.events.registers import ElectorateCounted
from soviet.domain.identity import SYSTEM_ACCOUNT
from soviet.store import acts
from soviet.store.database import Database
from soviet.store.effects import NO_EFFECTS, Effects, electorate_changed, mandates_changed
from soviet.store.schema import PROJECTIONS, councils, metadata

from .federation import elect

AT = "1917-03-10T00:00:00.000000Z"


def _soviet(db: Database) -> int:
    with db.read() as connection:
        return int(connection.execute(sa.select(councils.c.id)).scalar_one())


def test_effects_add_up_one_after_the_other() -> None:
    first = Effects(changed={1: AT}, seats={1: {7: -1}}, voted=frozenset({1}))
    later = "1917-03-11T00:00:00.000000Z"
    second = Effects(changed={1: later, 2: AT}, seats={1: {7: +1, 8: +1}})
    both = first | second
    assert both == Effects(changed={1: later, 2: AT}, seats={1: {7: 0, 8: 1}}, voted=frozenset({1}))
    assert both.seat_balance() == {1: {8: 1}}
    assert (first | NO_EFFECTS) is first
    assert (NO_EFFECTS | first) is first
    assert electorate_changed(3, AT) == Effects(changed={3: AT}, counted=frozenset({3}))
    assert mandates_changed(3, AT) | electorate_changed(3, AT) == electorate_changed(3, AT)


def test_recording_an_act_returns_what_it_changed(federation_db: Database) -> None:
    soviet = _soviet(federation_db)
    at = datetime(1917, 3, 10, tzinfo=UTC)
    counted = ElectorateCounted("petrograd-1917", "putilov", 6000, AT)
    opened = ElectionOpened("petrograd-1917", "petrograd-soviet", None, "counts", AT)

    def act(connection: sa.Connection) -> tuple[acts.Recorded, acts.Recorded]:
        first = acts.record(connection, at=at, actor=SYSTEM_ACCOUNT, event=counted)
        return first, acts.record(connection, at=at, actor=SYSTEM_ACCOUNT, event=opened)

    recounted, nothing = federation_db.write(act)
    assert recounted.effects == electorate_changed(soviet, AT)
    assert nothing.effects == NO_EFFECTS


def test_replaying_an_election_closed_names_the_seats_each_party_gained(
    federation_db: Database,
) -> None:
    elect(federation_db)
    soviet = _soviet(federation_db)
    scratch = sa.create_engine("sqlite://")
    found = {}
    with federation_db.read() as connection, scratch.begin() as rebuilt:
        metadata.create_all(rebuilt, tables=PROJECTIONS)
        for entry in acts.journal.entries(connection):
            found[entry.kind] = acts.apply(rebuilt, entry)
    scratch.dispose()
    closed = found["ElectionClosed"]
    assert closed.changed == {soviet: "1917-03-05T00:00:00.000000Z"}
    assert closed.voted == frozenset({soviet})
    # Putilov: 4 Bolsheviks and 1 Menshevik; Volynsky: 1 SR (see federation.py).
    assert sorted(closed.seat_balance()[soviet].values()) == [1, 1, 4]
    assert found["VotesCounted"] == NO_EFFECTS
