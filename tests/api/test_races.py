"""Races through HTTP against a real `soviet serve`, on both engines: fifty ballots of one
delegate at once count once; votes racing the close are all in the tally if acknowledged."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import idempotency
from soviet.services import journal as journal_service
from soviet.services.bootstrap import Database, open_database
from soviet.services.idempotency import Claim, State
from soviet.services.votes import cast_vote, close_vote

from .server import Server, serving
from .world import World, found_congress, move


def votes_cast(db: Database) -> list[dict[str, Any]]:
    entries = journal_service.tail(db, 1_000_000, actor=SYSTEM)
    return [e.data() for e in entries if e.kind == "VoteCast"]


@pytest.fixture
def congress(db_url: str, tmp_path: Path) -> Iterator[tuple[Database, int, list[str], World]]:
    with open_database(db_url) as db:
        session, delegates, world = found_congress(db, 40)
        yield db, session, delegates, world


@pytest.fixture
def server(congress: Any, db_url: str, tmp_path: Path) -> Iterator[Server]:
    with serving(db_url, tmp_path) as running:
        yield running


def test_fifty_ballots_of_one_delegate_at_once_count_once(
    congress: tuple[Database, int, list[str], World], server: Server
) -> None:
    db, session, delegates, world = congress
    motion = move(db, session, "peace")
    person = delegates[0]
    vote = {"person": person, "choice": "yes"}

    def cast(key: str) -> httpx.Response:
        with server.client() as client:
            return client.post(f"{motion}/votes", json=vote, headers=world.headers(person, key))

    with ThreadPoolExecutor(max_workers=25) as pool:
        apart = list(pool.map(cast, [f"apart-{n}" for n in range(50)]))
    statuses = Counter(answer.status_code for answer in apart)
    assert statuses == {201: 1, 409: 49}, statuses
    assert {a.json()["code"] for a in apart if a.status_code == 409} == {"already_voted"}
    assert len(votes_cast(db)) == 1
    # The same delegate again, fifty times with one key: the same receipt, or "in flight".
    close_vote(db, "congress/peace", actor=SYSTEM)
    second = move(db, session, "land")
    vote_on_land = {"person": person, "choice": "no"}

    def cast_once(_: int) -> httpx.Response:
        with server.client() as client:
            headers = world.headers(person, "one-key")
            return client.post(f"{second}/votes", json=vote_on_land, headers=headers)

    with ThreadPoolExecutor(max_workers=25) as pool:
        together = list(pool.map(cast_once, range(50)))
    accepted = [a.json() for a in together if a.status_code == 201]
    in_flight = [a.json()["code"] for a in together if a.status_code == 409]
    assert len(accepted) + len(in_flight) == 50
    assert set(in_flight) <= {"idempotency_in_flight"}
    assert len({str(body) for body in accepted}) == 1
    assert len(votes_cast(db)) == 2
    assert accepted[0]["receipt"]["seq"] == journal_service.tail(db, 1, actor=SYSTEM)[0].seq


def test_votes_racing_the_close_are_all_in_the_tally_once_acknowledged(
    congress: tuple[Database, int, list[str], World], server: Server
) -> None:
    db, session, delegates, world = congress
    motion = move(db, session, "peace")
    half = threading.Event()
    acknowledged: list[str] = []
    lock = threading.Lock()

    def cast(person: str) -> httpx.Response:
        with server.client() as client:
            answer = client.post(
                f"{motion}/votes",
                json={"person": person, "choice": "yes"},
                headers=world.headers(person, f"close-race-{person}"),
            )
        with lock:
            if answer.status_code == 201:
                acknowledged.append(person)
            if len(acknowledged) >= len(delegates) // 3:
                half.set()
        return answer

    def close() -> httpx.Response:
        half.wait(timeout=60)
        with server.client() as client:
            return client.post(f"{motion}/vote/close", headers=world.headers("chair"))

    with ThreadPoolExecutor(max_workers=17) as pool:
        closing = pool.submit(close)
        answers = list(pool.map(cast, delegates))
        closed = closing.result()
    assert closed.status_code == 200, closed.text
    result = closed.json()["result"]
    refused = Counter(a.json()["code"] for a in answers if a.status_code != 201)
    assert set(refused) <= {"poll_not_open"}
    assert result["yes"] == len(acknowledged) == len(delegates) - sum(refused.values())
    receipts = {a.json()["receipt"]["seq"] for a in answers if a.status_code == 201}
    entries = journal_service.tail(db, 1_000_000, actor=SYSTEM)
    assert receipts == {e.seq for e in entries if e.kind == "VoteCast"}
    assert journal_service.verify(db, actor=SYSTEM).is_intact


def test_a_ballot_keeps_its_key_in_its_own_transaction(
    congress: tuple[Database, int, list[str], World],
) -> None:
    """What a second worker meets when the first answered a key after it looked: the
    ballot's writer finds the key in its transaction, casts nothing, and gives the first
    answer (or 422 for another request); the key and the vote commit together."""
    db, session, delegates, _world = congress
    move(db, session, "peace")
    person = delegates[0]
    kept: list[object] = []

    def answer(outcome: object) -> tuple[int, str]:
        kept.append(outcome)
        return 201, '{"first": true}'

    def cast(fingerprint: str) -> object:
        keeper = idempotency.Keeper(person, "k-1", fingerprint, answer)
        with idempotency.keeping(keeper):
            return cast_vote(db, "congress/peace", person, "yes", actor=account_actor(person))

    first = cast("a" * 64)
    assert kept == [first]
    with pytest.raises(idempotency.Answered) as again:
        cast("a" * 64)
    assert again.value.claim == Claim(State.ANSWERED, 201, '{"first": true}')
    with pytest.raises(idempotency.Answered) as other:
        cast("b" * 64)
    assert other.value.claim.state is State.REUSED
    assert len(votes_cast(db)) == 1
    assert kept == [first]


def test_a_withheld_poll_shows_no_tally_through_http_until_the_chair_publishes_it(
    db_url: str, tmp_path: Path
) -> None:
    with open_database(db_url) as db:
        session, delegates, world = found_congress(db, 6, results="on-publication")
        motion = move(db, session, "peace")
        with serving(db_url, tmp_path) as server, server.client() as client:
            for person in delegates:
                cast = client.post(
                    f"{motion}/votes",
                    json={"person": person, "choice": "yes"},
                    headers=world.headers(person, f"w-{person}"),
                )
                assert cast.status_code == 201, cast.text
            early = client.post(f"{motion}/vote/publish", headers=world.headers("chair"))
            assert early.status_code == 422, early.text
            assert "close it before publishing" in early.json()["detail"]
            closed = client.post(f"{motion}/vote/close", headers=world.headers("chair"))
            assert closed.status_code == 200, closed.text
            shown = closed.json()["result"]
            assert shown["withheld"] is True
            assert (shown["yes"], shown["no"], shown["abstain"], shown["adopted"]) == (
                None,
                None,
                None,
                None,
            )
            published = client.post(f"{motion}/vote/publish", headers=world.headers("chair"))
            assert published.status_code == 200, published.text
            result = published.json()["result"]
            assert (result["withheld"], result["yes"], result["adopted"]) == (
                False,
                len(delegates),
                True,
            )
            again = client.post(f"{motion}/vote/publish", headers=world.headers("chair"))
            assert again.status_code == 409, again.text
