"""The ballot lane (api.ballot_lane) in front of a real `soviet serve`, on both engines: a
vote it takes is answered as the full route answers it, the two share every
Idempotency-Key, and every vote it cannot take as it is (a token that may only read, a
token revoked, another's name, an unknown token, a body the route's model refuses) gets
the full route's own answer, with nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import orjson

from soviet.domain.identity import SYSTEM
from soviet.services import accounts

from .test_acts import MOTION, Running, in_session, problem, running

__all__ = ["running"]  # the fixture, shared with test_acts

VOTES = f"{MOTION}/votes"


def _full_route(run: Running, account: str, body: object, key: str) -> httpx.Response:
    """The same vote as a JSON of another media type: the lane leaves it to the full
    route, which reads any `+json` body as JSON."""
    headers = {**run.world.headers(account, key), "Content-Type": "application/vnd.test+json"}
    return run.client.post(VOTES, content=orjson.dumps(body), headers=headers)


def test_the_lane_and_the_full_route_answer_alike_and_share_their_keys(running: Running) -> None:
    in_session(running)
    vote = {"person": "b1", "choice": "yes"}
    lane = running.post(VOTES, "b1", vote, "first")
    assert lane.status_code == 201, lane.text
    seq, digest = running.last_entry()
    assert lane.json() == {"receipt": {"seq": seq, "hash": digest}, "result": None}
    # Its retry through the full route finds the lane's key and answer.
    retried = _full_route(running, "b1", vote, "first")
    assert (retried.status_code, retried.json()) == (201, lane.json())
    assert retried.headers["idempotent-replayed"] == "true"
    # And a key first used by the full route is found by the lane.
    other = {"person": "b2", "choice": "no"}
    full = _full_route(running, "b2", other, "second")
    assert full.status_code == 201, full.text
    again = running.post(VOTES, "b2", other, "second")
    assert (again.status_code, again.json()) == (201, full.json())
    assert again.headers["idempotent-replayed"] == "true"
    # The same key with another body is refused by either.
    reused = running.post(VOTES, "b2", {"person": "b2", "choice": "yes"}, "second")
    problem(reused, 422, "idempotency_key_reused")
    # A refusal of the vote's own rules is kept for its key, as the full route keeps it.
    twice = running.post(VOTES, "b1", {"person": "b1", "choice": "no"}, "third")
    assert problem(twice, 409, "already_voted")["detail"] == (
        "b1 has already voted on 'petrograd-soviet/bread'"
    )
    kept = _full_route(running, "b1", {"person": "b1", "choice": "no"}, "third")
    assert (kept.status_code, kept.json()) == (409, twice.json())
    assert kept.headers["idempotent-replayed"] == "true"


def test_votes_the_lane_cannot_take_get_the_full_route_s_answer(running: Running) -> None:
    in_session(running)
    before = running.last_entry()
    expires = datetime.now(UTC) + timedelta(days=1)
    reader = accounts.issue_token(running.db, "b1", "reads", ["read"], expires, actor=SYSTEM)
    vote = {"person": "b1", "choice": "yes"}
    only_reads = running.client.post(
        VOTES, json=vote, headers={"Authorization": f"Bearer {reader}", "Idempotency-Key": "r"}
    )
    assert problem(only_reads, 403, "forbidden")["detail"] == (
        "this token may only read: it has no 'act' scope"
    )
    unknown = running.client.post(
        VOTES, json=vote, headers={"Authorization": "Bearer sov_nothing", "Idempotency-Key": "u"}
    )
    problem(unknown, 401, "unauthenticated")
    assert unknown.headers["www-authenticate"] == 'Bearer realm="soviet"'
    not_own = running.post(VOTES, "b1", {"person": "b2", "choice": "no"}, "n")
    problem(not_own, 403, "forbidden")
    extra = running.post(VOTES, "b1", {**vote, "weight": 2}, "e")
    assert problem(extra, 422, "invalid_input")["errors"][0]["path"] == "weight"
    # A token revoked after it has voted is refused at its next vote, at once.
    m1 = running.post(VOTES, "m1", {"person": "m1", "choice": "no"}, "m")
    assert m1.status_code == 201, m1.text
    after = running.last_entry()
    mine = running.client.get("/account", headers=running.world.headers("b2")).json()
    number = int(mine["credential"].removeprefix("token:"))
    accounts.revoke(running.db, "b2", "token", number, actor=SYSTEM)
    revoked = running.post(VOTES, "b2", {"person": "b2", "choice": "yes"}, "b")
    problem(revoked, 401, "unauthenticated")
    assert after != before
    assert running.last_entry() == after  # nothing refused was written
