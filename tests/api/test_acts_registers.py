"""Registers and elections through HTTP, on both engines: what a registrar, a central
committee and a member do, each with its receipt, and my-status of a secret ballot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import Database, open_database

from .server import serving
from .world import World, found_petrograd

BASE = "/federations/petrograd-1917"


@pytest.fixture
def running(db_url: str, tmp_path: Path) -> Iterator[tuple[httpx.Client, World, Database]]:
    with open_database(db_url) as db:
        world = found_petrograd(db)
        with serving(db_url, tmp_path) as server, server.client() as client:
            yield client, world, db


def acted(answer: httpx.Response, db: Database, status: int = 200) -> object:
    """The result of an accepted act, whose receipt is the journal's last entry."""
    assert answer.status_code == status, answer.text
    last = journal_service.tail(db, 1, actor=SYSTEM)[-1]
    assert answer.json()["receipt"] == {"seq": last.seq, "hash": last.hash}
    return answer.json()["result"]


def test_a_registrar_and_a_central_committee_act_through_http(
    running: tuple[httpx.Client, World, Database],
) -> None:
    client, world, db = running
    admin = world.headers("chkheidze")
    cooks = {
        "slug": "cooks",
        "name": "Cooks and Waiters",
        "kind": "factory",
        "council": "petrograd-soviet",
        "electorate": 800,
        "tags": {"ward": "centre"},
    }
    admitted = client.post(
        f"{BASE}/constituencies", json={"constituencies": [cooks]}, headers=admin
    )
    acted(admitted, db, 201)
    members = [{"key": "c1", "name": "Cook One", "account": "cook-1"}, {"key": "c2", "name": "Two"}]
    registered = client.post(
        f"{BASE}/constituencies/cooks/members", json={"members": members}, headers=admin
    )
    acted(registered, db, 201)
    counted = client.post(
        f"{BASE}/constituencies/cooks/electorate", json={"electorate": 900}, headers=admin
    )
    acted(counted, db)
    persons = {"persons": [{"slug": "kollontai", "name": "Kollontai"}]}
    acted(client.post(f"{BASE}/persons", json=persons, headers=admin), db, 201)
    joined = client.post(
        f"{BASE}/parties/bolsheviks/members",
        json={"persons": ["kollontai"]},
        headers=world.headers("lenin"),
    )
    acted(joined, db)
    listed = client.put(
        f"{BASE}/parties/bolsheviks/lists/petrograd-soviet",
        json={"persons": ["b1", "b2", "b3", "b4", "kollontai"]},
        headers=world.headers("lenin"),
    )
    acted(listed, db)
    # A delegate may not touch her party's list, nor the public anything.
    refused = client.put(
        f"{BASE}/parties/bolsheviks/lists/petrograd-soviet",
        json={"persons": ["b1"]},
        headers=world.headers("b1"),
    )
    assert refused.status_code == 403, refused.text
    other = client.delete(
        f"{BASE}/parties/bolsheviks/members/kollontai", headers=world.headers("b1")
    )
    assert other.status_code == 403, other.text
    acted(client.delete(f"{BASE}/parties/bolsheviks/members/kollontai", headers=admin), db)
    assert client.post(f"{BASE}/persons", json=persons).status_code == 401


def test_a_statute_names_its_own_federation(
    running: tuple[httpx.Client, World, Database],
) -> None:
    client, world, _db = running
    statute = {
        "federation": {"slug": "moscow", "name": "M", "administrators": ["nogin"]},
        "constituency_kinds": {"factory": {"name": "Factory"}},
        "councils": {"soviet": {"name": "Soviet", "delegates": {"factory": {"fixed": 1}}}},
    }
    answer = client.put(
        f"{BASE}/statute",
        json={"statute": statute, "dry_run": True},
        headers=world.headers("chkheidze"),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [
        {"path": "statute", "message": "names federation 'moscow', not 'petrograd-1917'"}
    ]


def test_a_member_votes_in_a_by_election_and_asks_whether_it_counted(
    running: tuple[httpx.Client, World, Database],
) -> None:
    client, world, db = running
    opened = client.post(
        f"{BASE}/councils/petrograd-soviet/elections",
        json={"constituency": "volynsky", "mode": "ballots"},
        headers=world.headers("chkheidze"),
    )
    election = acted(opened, db, 201)["election"]  # type: ignore[index]
    ballot = {"constituency": "volynsky", "member": "v1", "party": "sr"}
    path = f"{BASE}/elections/{election}"
    cast = client.post(
        f"{path}/ballots", json=ballot, headers=world.headers("soldier-1", "ballot-1")
    )
    assert acted(cast, db, 201) is None
    # Another member's key is not hers to vote with.
    stolen = client.post(
        f"{path}/ballots",
        json={**ballot, "member": "v2"},
        headers=world.headers("soldier-1", "ballot-2"),
    )
    assert stolen.status_code == 403, stolen.text
    mine = client.get(f"{path}/my-status", headers=world.headers("soldier-1")).json()
    assert mine == {"election": election, "voted": True, "counted": False, "closed": False}
    closed = client.post(f"{path}/close", json={}, headers=world.headers("chkheidze"))
    result = acted(closed, db)
    assert result["seats"] == [  # type: ignore[index]
        {"constituency": "volynsky", "party": "sr", "seats": 1}
    ]
    mine = client.get(f"{path}/my-status", headers=world.headers("soldier-1")).json()
    assert (mine["voted"], mine["counted"]) == (True, True)
    theirs = client.get(f"{path}/my-status", headers=world.headers("soldier-2")).json()
    assert (theirs["voted"], theirs["counted"]) == (False, False)
