"""A secret vote through HTTP, on both engines: no response, header, log line or event
links a ballot to its caster."""

from __future__ import annotations

import json
from pathlib import Path

from soviet.domain.identity import PUBLIC
from soviet.services import notices
from soviet.services.bootstrap import open_database

from .server import serving
from .world import found_congress, move

CHOICES = {"b0": "yes", "b1": "no", "m0": "abstain", "s0": "yes"}


def test_a_secret_vote_through_http_links_no_ballot_to_its_caster(
    db_url: str, tmp_path: Path
) -> None:
    with open_database(db_url) as db:
        session, delegates, world = found_congress(db, 20)
        assert set(CHOICES) <= set(delegates)
        motion = move(db, session, "peace", mode="secret")
        with serving(db_url, tmp_path) as server, server.client() as client:
            start = notices.notices_after(db, 0, limit=1_000_000, actor=PUBLIC)[-1].seq
            answers = []
            for person, choice in CHOICES.items():
                answer = client.post(
                    f"{motion}/votes",
                    json={"person": person, "choice": choice},
                    headers=world.headers(person, f"secret-{person}"),
                )
                assert answer.status_code == 201, answer.text
                answers.append(answer)
                status = client.get(f"{motion}/my-status", headers=world.headers(person))
                shown = status.json()
                assert (shown["mode"], shown["voted"], shown["choice"], shown["cast_at"]) == (
                    "secret",
                    True,
                    None,
                    None,
                )
            closed = client.post(f"{motion}/vote/close", headers=world.headers("chair"))
            assert closed.status_code == 200, closed.text
            tally = closed.json()["result"]
            assert (tally["yes"], tally["no"], tally["abstain"]) == (2, 1, 1)
            log = server.output()
        # The answers carry a receipt and nothing of the choice.
        for answer in answers:
            body = answer.json()
            assert set(body) == {"receipt", "result"}
            assert body["result"] is None
            said = answer.text + json.dumps(dict(answer.headers))
            assert not any(f'"{choice}"' in said for choice in ("yes", "no", "abstain"))
        # The server's log names no caster and no choice.
        assert log.strip(), "the server logged nothing: the test would prove nothing"
        for person, choice in CHOICES.items():
            assert person not in log.replace(motion, "")
            assert f'"{choice}"' not in log
        # The events say that a ballot was cast, never by whom or how.
        found = notices.notices_after(db, start, limit=1_000_000, actor=PUBLIC)
        cast = [n for n in found if n.kind == "SecretBallotCast"]
        assert len(cast) == len(CHOICES)
        for notice in cast:
            text = json.dumps(notice.as_json())
            assert not any(f'"{person}"' in text for person in CHOICES)
            assert not any(f'"{choice}"' in text for choice in ("yes", "no", "abstain"))
            assert "person" not in notice.fields
            assert "choice" not in notice.fields
        assert [n.seq for n in cast] == sorted(a.json()["receipt"]["seq"] for a in answers)
