"""Acts through HTTP against a real `soviet serve`, on both engines: each answers with
its receipt, a retry with the same Idempotency-Key gets the first answer, refusals are
problems with their codes, and nobody acts where she has no right."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from soviet.domain.identity import SYSTEM
from soviet.domain.ids import format_id
from soviet.services import journal as journal_service
from soviet.services.bootstrap import Database, open_database
from soviet.services.elections import enter_counts, open_election

from .server import Server, serving
from .world import COUNTS, World, found_petrograd

SOVIET = "/federations/petrograd-1917/councils/petrograd-soviet"
MOTION = f"{SOVIET}/motions/bread"


@dataclass
class Running:
    server: Server
    client: httpx.Client
    world: World
    db: Database

    def post(self, path: str, account: str | None, body: Any, key: str | None = None) -> Any:
        headers = self.world.headers(account, key) if account else {}
        return self.client.post(path, json=body, headers=headers)

    def last_entry(self) -> tuple[int, str]:
        last = journal_service.tail(self.db, 1, actor=SYSTEM)[-1]
        return last.seq, last.hash


@pytest.fixture
def running(db_url: str, tmp_path: Path) -> Iterator[Running]:
    with open_database(db_url) as db:
        world = found_petrograd(db)
        with serving(db_url, tmp_path) as server, server.client() as client:
            yield Running(server, client, world, db)


def problem(answer: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = answer.json()
    assert (body["code"], body["type"]) == (code, f"/api/v1/problems/{code}")
    return body


def in_session(run: Running) -> str:
    """A session convened and the motion 'bread' put to a roll call; b1, b2, b4 and m1 in."""
    convened = run.post(f"{SOVIET}/sessions", "chkheidze", {"agenda": ["Bread"]})
    assert convened.status_code == 201, convened.text
    session = convened.json()["result"]["session"]
    base = "/federations/petrograd-1917"
    for person in ("b1", "b2", "m1"):
        checked = run.post(
            f"{base}/sessions/{session}/check-ins", person, {"persons": [person]}, f"in-{person}"
        )
        assert checked.status_code == 200, checked.text
    # The administrator checks in a fourth, for quorum (4 of 6 seats).
    desk = run.post(f"{base}/sessions/{session}/check-ins", "chkheidze", {"persons": ["b4"]}, "4")
    assert desk.status_code == 200, desk.text
    moved = run.client.put(
        MOTION,
        json={
            "session": session,
            "title": "Bread",
            "text": "Bread for the workers.",
            "mover_kind": "fraction",
            "mover": "bolsheviks",
        },
        headers=run.world.headers("lenin"),
    )
    assert moved.status_code == 201, moved.text
    assert moved.json()["result"] == {"motion": "petrograd-soviet/bread"}
    opened = run.post(f"{MOTION}/vote", "chkheidze", {"mode": "roll-call"})
    assert opened.status_code == 200, opened.text
    return str(session)


def test_an_act_answers_with_the_receipt_of_the_entry_it_committed(running: Running) -> None:
    in_session(running)
    cast = running.post(f"{MOTION}/votes", "b1", {"person": "b1", "choice": "yes"}, "vote-1")
    assert cast.status_code == 201, cast.text
    seq, digest = running.last_entry()
    assert cast.json() == {"receipt": {"seq": seq, "hash": digest}, "result": None}
    assert "idempotent-replayed" not in cast.headers
    # The retry, after a lost answer, gets the first answer and acts no more.
    again = running.post(f"{MOTION}/votes", "b1", {"person": "b1", "choice": "yes"}, "vote-1")
    assert (again.status_code, again.json()) == (201, cast.json())
    assert again.headers["idempotent-replayed"] == "true"
    assert running.last_entry() == (seq, digest)
    # The same key with another request is refused; a new key meets the rule.
    other = running.post(f"{MOTION}/votes", "b1", {"person": "b1", "choice": "no"}, "vote-1")
    problem(other, 422, "idempotency_key_reused")
    twice = running.post(f"{MOTION}/votes", "b1", {"person": "b1", "choice": "no"}, "vote-2")
    assert problem(twice, 409, "already_voted")["detail"] == (
        "b1 has already voted on 'petrograd-soviet/bread'"
    )
    # A refusal is kept for its key as well.
    replayed = running.post(f"{MOTION}/votes", "b1", {"person": "b1", "choice": "no"}, "vote-2")
    assert (replayed.status_code, replayed.json()) == (409, twice.json())
    assert running.last_entry() == (seq, digest)


def test_my_status_tells_a_delegate_how_and_when_her_open_vote_counted(running: Running) -> None:
    in_session(running)
    status = running.client.get(f"{MOTION}/my-status", headers=running.world.headers("b1"))
    assert status.json()["voted"] is False
    running.post(f"{MOTION}/votes", "b1", {"person": "b1", "choice": "yes"}, "v")
    closed = running.post(f"{MOTION}/vote/close", "chkheidze", None)
    assert closed.status_code == 200, closed.text
    assert closed.json()["result"]["yes"] == 1
    status = running.client.get(f"{MOTION}/my-status", headers=running.world.headers("b1"))
    assert status.headers["cache-control"] == "no-store"
    shown = status.json()
    assert shown["cast_at"] is not None
    del shown["cast_at"]
    assert shown == {
        "motion": "petrograd-soviet/bread",
        "mode": "roll-call",
        "voted": True,
        "choice": "yes",
        "counted": True,
        "closed": True,
    }
    problem(running.client.get(f"{MOTION}/my-status"), 401, "unauthenticated")


def test_refused_ballots_say_why(running: Running) -> None:
    session = in_session(running)
    # b3 holds a mandate but is not checked in; b5, on the list, holds none.
    absent = running.post(f"{MOTION}/votes", "b3", {"person": "b3", "choice": "yes"}, "a")
    assert problem(absent, 403, "not_present")["detail"] == (
        f"b3 does not attend session {session}: only attending delegates vote on "
        "'petrograd-soviet/bread'"
    )
    unseated = running.post(f"{MOTION}/votes", "b5", {"person": "b5", "choice": "yes"}, "a")
    assert problem(unseated, 403, "mandate_ended")["detail"] == (
        "b5 holds no mandate in 'petrograd-soviet': only its delegates vote on "
        "'petrograd-soviet/bread'"
    )
    not_own = running.post(f"{MOTION}/votes", "b1", {"person": "b2", "choice": "no"}, "x")
    problem(not_own, 403, "forbidden")
    closed = running.post(f"{MOTION}/vote/close", "chkheidze", None)
    assert closed.status_code == 200, closed.text
    late = running.post(f"{MOTION}/votes", "b2", {"person": "b2", "choice": "no"}, "late")
    problem(late, 409, "poll_not_open")


def test_the_public_may_not_act_and_an_act_needs_its_key(running: Running) -> None:
    before = running.last_entry()
    vote = {"person": "b1", "choice": "yes"}
    problem(running.post(f"{MOTION}/votes", None, vote, "k"), 401, "unauthenticated")
    body = problem(running.post(f"{MOTION}/votes", "b1", vote), 428, "idempotency_key_missing")
    assert body["detail"].startswith("Idempotency-Key: ")
    bad_key = running.post(f"{MOTION}/votes", "b1", vote, "a key with spaces")
    assert "Idempotency-Key" in problem(bad_key, 422, "invalid_input")["detail"]
    assert running.last_entry() == before


def test_bad_input_is_a_problem_naming_each_field(running: Running) -> None:
    before = running.last_entry()
    answer = running.post(
        f"{MOTION}/votes", "b1", {"person": 5, "choice": "perhaps", "extra": 1}, "k"
    )
    body = problem(answer, 422, "invalid_input")
    assert sorted(e["path"] for e in body["errors"]) == ["choice", "extra", "person"]
    slug = "x" * 101
    long = running.post(f"{SOVIET}/sessions", "chkheidze", {"agenda": ["A"], "section": slug})
    assert [e["path"] for e in problem(long, 422, "invalid_input")["errors"]] == ["section"]
    bad_id = running.post("/federations/petrograd-1917/sessions/x1/close", "chkheidze", None)
    problem(bad_id, 422, "invalid_input")
    assert running.last_entry() == before


def test_an_actor_of_one_federation_acts_on_nothing_in_another(running: Running) -> None:
    before = running.last_entry()
    moscow = "/federations/moscow/councils/petrograd-soviet"
    refused = running.post(f"{moscow}/sessions", "chkheidze", {"agenda": ["Power"]})
    assert problem(refused, 403, "forbidden")["detail"].startswith("chkheidze may not convene")
    spec = {"slug": "dynamo", "name": "Dynamo", "kind": "factory", "council": "petrograd-soviet"}
    admitted = running.post(
        "/federations/moscow/constituencies",
        "chkheidze",
        {"constituencies": [{**spec, "electorate": 1000}]},
    )
    problem(admitted, 403, "forbidden")
    voted = running.post(
        f"{moscow}/motions/bread/votes", "b1", {"person": "b1", "choice": "yes"}, "m"
    )
    assert voted.status_code in (403, 404)
    assert running.last_entry() == before
    # Its own administrator may.
    own = running.post(f"{moscow}/sessions", "nogin", {"agenda": ["Power"]})
    assert own.status_code == 201, own.text


def test_a_constituent_signs_nothing_in_another_constituency(running: Running) -> None:
    before = running.last_entry()
    recall = f"{SOVIET}/delegates/s1/recall/signatures"
    # worker-1 is on Putilov's register; s1 sits for Volynsky.
    for member in ("p1", "v1"):
        refused = running.post(recall, "worker-1", {"member": member}, f"sign-{member}")
        assert refused.status_code in (403, 404), refused.text
    assert running.last_entry() == before
    first = running.post(recall, "soldier-1", {"member": "v1"}, "s")
    assert first.status_code == 201, first.text
    signed = first.json()["result"]
    assert (signed["signatures"], signed["threshold"], signed["recalled"]) == (1, 2, False)
    petition = signed["petition"]
    mine = running.client.get(
        f"/federations/petrograd-1917/recall-petitions/{petition}/my-status",
        headers=running.world.headers("soldier-1"),
    ).json()
    assert (mine["signed"], mine["voted"], mine["closed"]) == (True, False, False)
    theirs = running.client.get(
        f"/federations/petrograd-1917/recall-petitions/{petition}/my-status",
        headers=running.world.headers("soldier-2"),
    ).json()
    assert theirs["signed"] is False
    second = running.post(recall, "soldier-2", {"member": "v2"}, "s")
    assert second.json()["result"]["recalled"] is True
    assert second.json()["receipt"]["seq"] == running.last_entry()[0]


def test_an_election_day_closes_through_one_request(running: Running) -> None:
    day = []
    for constituency in ("putilov", "volynsky"):
        election = open_election(
            running.db,
            "petrograd-soviet",
            constituency=constituency,
            federation="petrograd-1917",
            actor=SYSTEM,
        )
        rows = [row for row in COUNTS if row[0] == constituency]
        enter_counts(running.db, election, rows, federation="petrograd-1917", actor=SYSTEM)
        day.append(format_id(election))
    close = "/federations/petrograd-1917/election-days"
    twice = running.post(close, "chkheidze", {"elections": [day[0], day[0]]}, "twice")
    assert problem(twice, 422, "invalid_input")["errors"] == [
        {"path": "elections", "message": f"each election is closed once; named twice: {day[0]}"}
    ]
    refused = running.post(close, "b1", {"elections": day}, "b1")
    problem(refused, 403, "forbidden")
    closed = running.post(close, "chkheidze", {"elections": day}, "day")
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert [each["election"] for each in body["result"]] == day
    assert [each["filled"] for each in body["result"]] == [5, 1]
    # The receipt is the act's last entry: the drift the bodies above were measured at.
    assert (body["receipt"]["seq"], body["receipt"]["hash"]) == running.last_entry()
