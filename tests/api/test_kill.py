"""kill -9 of `soviet serve` (every worker) while 200 clients vote through HTTP, restart,
and again, ten times, on both engines: no acknowledged vote is lost, none is counted
twice, every client's retry with its Idempotency-Key ends in an answer, and `soviet
verify` finds the journal intact."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from soviet.api.idempotency import LEASE_ENV
from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.votes import close_vote

from .server import Server, start, stop
from .world import World, found_congress, move

VOTERS = 200
ROUNDS = 10
#: Seconds before the claim of a request killed in flight lapses (the default is 60).
LEASE = 1


def clients(server: Server) -> httpx.Client:
    """Connections for the clients' threads (one pool: each client's own would cost its
    TLS context, though none is used, four thousand times)."""
    pool = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    return httpx.Client(base_url=server.url, timeout=20, limits=pool)


def vote(
    client: httpx.Client, world: World, motion: str, person: str, key: str
) -> httpx.Response | None:
    """One client's vote; None when the connection failed (the server was killed)."""
    try:
        return client.post(
            f"{motion}/votes",
            json={"person": person, "choice": "yes"},
            headers=world.headers(person, key),
        )
    except httpx.TransportError:
        return None


def settle(
    client: httpx.Client, world: World, motion: str, person: str, key: str
) -> httpx.Response:
    """Retry, with the same key, until the request has an answer."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answer = vote(client, world, motion, person, key)
        is_answered = answer is not None and answer.status_code < 500
        if is_answered and answer.json().get("code") != "idempotency_in_flight":
            return answer
        time.sleep(0.2)
    raise AssertionError(f"{person}: no answer for key {key} within 30 s")


def vote_and_kill(
    server: Server, world: World, motion: str, delegates: list[str]
) -> dict[str, httpx.Response | None]:
    """Every delegate votes at once; the server is killed once a quarter have answers."""
    answered: list[str] = []
    enough = threading.Event()

    def first(person: str) -> httpx.Response | None:
        answer = vote(client, world, motion, person, f"{motion}-{person}")
        if answer is not None:
            answered.append(person)
            if len(answered) >= len(delegates) // 4:
                enough.set()
        return answer

    with clients(server) as client, ThreadPoolExecutor(max_workers=32) as pool:
        futures = [pool.submit(first, person) for person in delegates]
        enough.wait(timeout=30)
        server.kill()
        return dict(zip(delegates, (f.result() for f in futures), strict=True))


def test_kill_9_while_200_clients_vote_loses_and_duplicates_nothing(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LEASE_ENV, str(LEASE))
    with open_database(db_url) as db:
        session, delegates, world = found_congress(db, VOTERS)
        assert len(delegates) == VOTERS
        acknowledged: set[int] = set()
        interrupted = 0
        for round_ in range(ROUNDS):
            motion = move(db, session, f"motion-{round_}")
            server = start(db_url, tmp_path)
            answers = vote_and_kill(server, world, motion, delegates)
            server = start(db_url, tmp_path)
            try:
                lost = [p for p, a in answers.items() if a is None or a.status_code >= 500]
                interrupted += len(lost)
                with clients(server) as client, ThreadPoolExecutor(max_workers=32) as pool:
                    retried = pool.map(
                        lambda p, c=client, m=motion: settle(c, world, m, p, f"{m}-{p}"), lost
                    )
                    answers.update(zip(lost, retried, strict=True))
            finally:
                stop(server)
            close_vote(db, f"congress/motion-{round_}", actor=SYSTEM)
            for person, answer in answers.items():
                assert answer is not None
                assert answer.status_code in (201, 409), (person, answer.text)
                if answer.status_code == 201:
                    acknowledged.add(answer.json()["receipt"]["seq"])
                else:  # its first attempt committed, and died before its answer was kept
                    assert answer.json()["code"] == "already_voted", answer.text
        assert interrupted > 0, "the server was never killed with a vote in flight"
        entries = journal_service.tail(db, 1_000_000, actor=SYSTEM)
        cast = [e for e in entries if e.kind == "VoteCast"]
        # Every delegate voted once on every motion: nothing lost, nothing twice.
        per_ballot = Counter((e.data()["motion"], e.data()["person"]) for e in cast)
        assert len(per_ballot) == VOTERS * ROUNDS
        assert set(per_ballot.values()) == {1}
        assert acknowledged <= {e.seq for e in cast}
        assert journal_service.verify(db, actor=SYSTEM).is_intact
