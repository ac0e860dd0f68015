"""Reads served by a real PostgreSQL streaming replica (`soviet serve --read-db`), never
older than the reader's own acts: with the replica's replay paused, an anonymous read
shows the replica's old state, and a signed-in reader's read, or one naming the entry it
has seen, shows the act all the same."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from soviet.services.bootstrap import open_database

from ..conftest import create_postgres_database, drop_postgres_database, postgres_replica_url
from .server import Server, free_port, start, stop
from .world import World, found_petrograd

RECALL = "/federations/petrograd-1917/councils/petrograd-soviet/delegates/s1/recall/signatures"


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def replayed(replica: str) -> int:
    with psycopg.connect(_libpq(replica), autocommit=True) as connection:
        row = connection.execute("SELECT seq FROM journal_head").fetchone()
    return int(row[0]) if row else 0


def wait_for(replica: str, seq: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if replayed(replica) >= seq:
                return
        except psycopg.Error:
            pass  # the database is not on the replica yet
        time.sleep(0.05)
    raise AssertionError(f"the replica did not replay entry {seq} within 30 s")


def replay(replica: str, *, paused: bool) -> None:
    call = "pg_wal_replay_pause()" if paused else "pg_wal_replay_resume()"
    with psycopg.connect(_libpq(replica), autocommit=True) as connection:
        connection.execute(f"SELECT {call}")


@pytest.fixture
def replicated(tmp_path: Path) -> Iterator[tuple[Server, World, str]]:
    replica_server = postgres_replica_url()
    url = create_postgres_database()
    replica = make_url(replica_server).set(database=make_url(url).database)
    replica_url = replica.render_as_string(hide_password=False)
    try:
        with open_database(url) as db:
            world = found_petrograd(db)
            with db.read() as connection:
                head = connection.exec_driver_sql("SELECT seq FROM journal_head").scalar_one()
        wait_for(replica_url, head)
        server = start(url, tmp_path, options=("--read-db", replica_url))
        try:
            yield server, world, replica_url
        finally:
            replay(replica_url, paused=False)
            stop(server)
    finally:
        drop_postgres_database(url)


def test_reads_come_from_the_replica_but_never_before_the_readers_own_acts(
    replicated: tuple[Server, World, str],
) -> None:
    server, world, replica = replicated
    with server.client() as client:
        first = client.post(
            RECALL, json={"member": "v1"}, headers=world.headers("soldier-1", "one")
        )
        assert first.status_code == 201, first.text
        petition = first.json()["result"]["petition"]
        read = f"/federations/petrograd-1917/petitions/{petition}"
        wait_for(replica, first.json()["receipt"]["seq"])
        replay(replica, paused=True)

        second = client.post(
            RECALL, json={"member": "v2"}, headers=world.headers("soldier-2", "two")
        )
        assert second.status_code == 201, second.text
        assert second.json()["result"]["signatures"] == 2
        seq = second.json()["receipt"]["seq"]

        # The public reads the paused replica: the second signature is not there yet.
        stale = client.get(read)
        assert stale.status_code == 200, stale.text
        assert stale.json()["progress"]["signatures"] == 1
        # The signer reads what she has done; so does anyone naming the entry she has seen.
        own = client.get(read, headers=world.headers("soldier-2"))
        assert own.json()["progress"]["signatures"] == 2
        named = client.get(read, headers={"X-Soviet-After": str(seq)})
        assert named.json()["progress"]["signatures"] == 2

        refused = client.get(read, headers={"X-Soviet-After": "yesterday"})
        assert refused.status_code == 422
        assert refused.json()["errors"] == [
            {"path": "header.X-Soviet-After", "message": "must be the number of a journal entry"}
        ]

        replay(replica, paused=False)
        wait_for(replica, seq)
        assert client.get(read).json()["progress"]["signatures"] == 2


def test_a_replica_that_cannot_be_reached_leaves_its_reads_to_the_primary(
    tmp_path: Path,
) -> None:
    url = create_postgres_database()
    nowhere = f"postgresql://soviet@127.0.0.1:{free_port()}/gone"
    try:
        with open_database(url) as db:
            found_petrograd(db)
        server = start(url, tmp_path, options=("--read-db", nowhere))
        try:
            with server.client() as client:
                for _ in range(3):
                    answer = client.get("/federations")
                    assert answer.status_code == 200, answer.text
                    slugs = [f["federation"] for f in answer.json()["items"]]
                    assert slugs == ["moscow", "petrograd-1917"]
        finally:
            stop(server)
        logged = server.output()
        assert logged.count("cannot be reached (OperationalError); the primary serves") == 1
        assert "gone" in logged
    finally:
        drop_postgres_database(url)
