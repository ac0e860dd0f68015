"""A secret vote through HTTP, on both engines: no response, header, log line or event
links a ballot to its caster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from soviet.crypto import ceremony, group
from soviet.crypto.ballot import encrypt_ballot
from soviet.crypto.board import partial_decrypt
from soviet.crypto.elgamal import Ciphertext
from soviet.crypto.recount import check
from soviet.domain.identity import PUBLIC
from soviet.services import notices
from soviet.services.bootstrap import open_database

from .server import serving
from .world import found_congress, move, tokens_for

CHOICES = {"b0": "yes", "b1": "no", "m0": "abstain", "s0": "yes"}
TRUSTEES = ["t1", "t2", "t3"]


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


def test_a_sealed_vote_through_http_from_the_key_ceremony_to_the_recounted_board(
    db_url: str, tmp_path: Path
) -> None:
    with open_database(db_url) as db:
        session, _, world = found_congress(db, 20)
        world.tokens.update(tokens_for(db, TRUSTEES))
        council = "/federations/russia-1917/councils/congress"
        with serving(db_url, tmp_path) as server, server.client() as client:
            appointed = client.post(
                f"{council}/trustees",
                json={"trustees": TRUSTEES, "threshold": 2},
                headers=world.headers("chair"),
            )
            assert appointed.status_code == 201, appointed.text
            kept = {name: ceremony.begin(2) for name in TRUSTEES}
            for name in TRUSTEES:
                answer = client.post(
                    f"{council}/trustees/enrolments",
                    json={"transport_key": kept[name].transport_key.hex()},
                    headers=world.headers(name),
                )
                assert answer.status_code == 200, answer.text
            keys = [bytes.fromhex(t["transport_key"]) for t in read(client, f"{council}/trustees")]
            for name in TRUSTEES:
                commitments, sealed_shares = ceremony.deal(kept[name], keys)
                answer = client.post(
                    f"{council}/trustees/dealings",
                    json={"commitments": commitments, "sealed_shares": sealed_shares},
                    headers=world.headers(name),
                )
                assert answer.status_code == 200, answer.text
            dealt = read(client, f"{council}/trustees")
            shares = {}
            for number, name in enumerate(TRUSTEES, start=1):
                dealings = [(t["commitments"], t["sealed_shares"][number - 1]) for t in dealt]
                shares[name], key = ceremony.receive(number, kept[name].transport_secret, dealings)
                answer = client.post(
                    f"{council}/trustees/confirmations",
                    json={"verification_key": key},
                    headers=world.headers(name),
                )
                assert answer.status_code == 200, answer.text
            public_key = answer.json()["result"]["public_key"]
            assert public_key is not None

            motion = move(db, session, "peace", mode="secret")
            terms = client.get(f"{motion}/sealing").json()
            assert (terms["public_key"], terms["choices"]) == (public_key, ["yes", "no", "abstain"])
            refused = client.post(
                f"{motion}/votes",
                json={"person": "b0", "choice": "yes"},
                headers=world.headers("b0", "plain-b0"),
            )
            assert refused.status_code == 422, refused.text
            assert "is sealed" in refused.json()["detail"]
            answers, receipts = [], []
            for person, choice in CHOICES.items():
                marks = [int(c == choice) for c in terms["choices"]]
                made, _ = encrypt_ballot(
                    terms["poll"], bytes.fromhex(public_key), f"c{person}x", marks, 1, 1
                )
                body = {"person": person, "ballot": made.to_json()}
                headers = world.headers(person, f"sealed-{person}")
                answer = client.post(f"{motion}/sealed-ballots", json=body, headers=headers)
                assert answer.status_code == 201, answer.text
                assert answer.json()["result"] == {"ballot_receipt": made.receipt}
                again = client.post(f"{motion}/sealed-ballots", json=body, headers=headers)
                assert again.json() == answer.json()  # a retry: the first answer, nothing cast
                answers.append(answer)
                receipts.append(made.receipt)
            closed = client.post(f"{motion}/vote/close", headers=world.headers("chair"))
            assert closed.json()["result"]["withheld"] is True
            tally = read(client, f"{motion}/tally")
            alphas = [Ciphertext(bytes.fromhex(a), group.IDENTITY) for a in tally["alphas"]]
            decided = None
            for number, name in ((1, "t1"), (3, "t3")):
                parts = partial_decrypt(tally["poll"], number, shares[name], alphas)
                given = client.post(
                    f"{motion}/decryptions",
                    json={
                        "shares": [s.hex() for s, _ in parts],
                        "challenges": [group.scalar(p.challenge).hex() for _, p in parts],
                        "responses": [group.scalar(p.response).hex() for _, p in parts],
                    },
                    headers=world.headers(name),
                )
                assert given.status_code == 200, given.text
                decided = given.json()["result"]
            assert decided is not None
            assert (decided["yes"], decided["no"], decided["abstain"]) == (2, 1, 1)
            board = read(client, f"{motion}/board")
            log = server.output()
        assert check(board) == []
        assert sorted(b["receipt"] for b in board["ballots"]) == sorted(receipts)
        for answer in answers:
            said = answer.text + json.dumps(dict(answer.headers))
            assert not any(f'"{choice}"' in said for choice in ("yes", "no", "abstain"))
        assert log.strip()
        for person in CHOICES:
            assert person not in log.replace(motion, "")


def read(client: httpx.Client, path: str) -> Any:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    return found["trustees"] if path.endswith("/trustees") else found
