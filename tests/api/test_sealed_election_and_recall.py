"""A sealed election and a sealed recall vote through HTTP, on both engines: the members'
ballots are encrypted on their side (here, in the test, as a phone would) and sent with an
Idempotency-Key; a party sent in the clear is refused; the administrator closes the ballot
box; two trustees give their shares of each constituency's tally, made from their key files
on their side; the election closes on the decrypted votes; each board recounts; no answer or
log line links a ballot to its caster. A recall put to a vote once the soviet has its key
goes the same way: sealed votes, the ballot box closed, two trustees' shares, the recall by
decrypted counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from soviet.crypto import group
from soviet.crypto.ballot import encrypt_ballot
from soviet.crypto.board import partial_decrypt
from soviet.crypto.elgamal import Ciphertext
from soviet.crypto.recount import check
from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.ids import format_id
from soviet.services import trustee_keys, trustees
from soviet.services.bootstrap import open_database
from soviet.services.elections import open_election

from .server import serving
from .world import found_petrograd, tokens_for

TRUSTEES = ["t1", "t2", "t3"]
FEDERATION = "/federations/petrograd-1917"
#: Who votes, by account: her member key, constituency and party.
VOTERS = {
    "soldier-1": ("v1", "volynsky", "sr"),
    "soldier-2": ("v2", "volynsky", "sr"),
    "worker-1": ("p1", "putilov", "mensheviks"),
}


def read(client: httpx.Client, path: str) -> Any:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    return answer.json()


def read_as(client: httpx.Client, path: str, headers: dict[str, str]) -> Any:
    answer = client.get(path, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_sealed_election_through_http_from_the_ballots_to_the_recounted_boards(
    db_url: str, tmp_path: Path
) -> None:
    with open_database(db_url) as db:
        world = found_petrograd(db)
        world.tokens.update(tokens_for(db, TRUSTEES))
        here = "petrograd-1917"
        trustees.appoint(db, "petrograd-soviet", TRUSTEES, 2, federation=here, actor=SYSTEM)
        for _ in range(3):
            for name in TRUSTEES:
                key_file = tmp_path / f"{name}.json"
                actor = account_actor(name)
                trustee_keys.take_steps(
                    db, "petrograd-soviet", key_file, federation=here, actor=actor
                )
        stored = open_election(
            db, "petrograd-soviet", mode="ballots", federation=here, actor=SYSTEM
        )
        election = f"{FEDERATION}/elections/{format_id(stored)}"
        with serving(db_url, tmp_path) as server, server.client() as client:
            refused = client.post(
                f"{election}/ballots",
                json={"constituency": "volynsky", "member": "v1", "party": "sr"},
                headers=world.headers("soldier-1", "plain-v1"),
            )
            assert refused.status_code == 422, refused.text
            assert "is sealed" in refused.json()["detail"]
            answers, receipts = [], {}
            for account, (member, place, party) in VOTERS.items():
                terms = read(client, f"{election}/constituencies/{place}/sealing")
                assert terms["choices"] == ["bolsheviks", "mensheviks", "sr"]
                marks = [int(c == party) for c in terms["choices"]]
                made, _ = encrypt_ballot(
                    terms["poll"], bytes.fromhex(terms["public_key"]), f"c{member}", marks, 1, 1
                )
                body = {"constituency": place, "member": member, "ballot": made.to_json()}
                headers = world.headers(account, f"sealed-{member}")
                answer = client.post(f"{election}/sealed-ballots", json=body, headers=headers)
                assert answer.status_code == 201, answer.text
                assert answer.json()["result"] == {"ballot_receipt": made.receipt}
                again = client.post(f"{election}/sealed-ballots", json=body, headers=headers)
                assert again.json() == answer.json()  # a retry: the first answer, nothing cast
                answers.append(answer)
                receipts[place] = [*receipts.get(place, []), made.receipt]
                mine = read_as(client, f"{election}/my-status", world.headers(account))
                assert (mine["voted"], mine["receipt"]) == (True, made.receipt)
            early = client.get(f"{election}/tally")
            assert early.status_code == 409, early.text
            assert early.json()["type"].endswith("/poll_not_open")
            closing = client.post(
                f"{election}/ballot-box-closings", json={}, headers=world.headers("chkheidze")
            )
            assert closing.status_code == 200, closing.text
            late = client.post(
                f"{election}/ballot-box-closings", json={}, headers=world.headers("chkheidze")
            )
            assert late.status_code == 409, late.text
            tally = read(client, f"{election}/tally")
            assert [t["constituency"] for t in tally["tallies"]] == ["putilov", "volynsky"]
            for name in ("t1", "t3"):
                kept = trustee_keys.read_key_file(tmp_path / f"{name}.json")
                assert kept.share is not None
                parts = []
                for found in tally["tallies"]:
                    alphas = [Ciphertext(bytes.fromhex(a), group.IDENTITY) for a in found["alphas"]]
                    shared = partial_decrypt(found["poll"], kept.trustee, kept.share, alphas)
                    parts.append(
                        {
                            "constituency": found["constituency"],
                            "shares": [s.hex() for s, _ in shared],
                            "challenges": [group.scalar(p.challenge).hex() for _, p in shared],
                            "responses": [group.scalar(p.response).hex() for _, p in shared],
                        }
                    )
                given = client.post(
                    f"{election}/decryptions", json={"parts": parts}, headers=world.headers(name)
                )
                assert given.status_code == 200, given.text
                assert given.json()["result"] == {"given": 2}
            forged = client.post(
                f"{election}/decryptions", json={"parts": parts}, headers=world.headers("t2")
            )
            assert forged.status_code == 422, forged.text  # t3's shares are not t2's
            assert forged.json()["errors"][0]["path"] == "parts[0].shares[0]"
            closed = client.post(f"{election}/close", json={}, headers=world.headers("chkheidze"))
            assert closed.status_code == 200, closed.text
            shown = read(client, election)
            assert shown["votes"] == {"mensheviks": 1, "sr": 2}
            assert shown["sealed"] is True
            boards = {
                place: read(client, f"{election}/constituencies/{place}/board")
                for place in ("putilov", "volynsky")
            }
            log = server.output()
        for place, board in boards.items():
            assert check(board) == []
            assert sorted(b["receipt"] for b in board["ballots"]) == sorted(receipts[place])
        assert boards["volynsky"]["result"] == [0, 0, 2]
        for answer in answers:
            said = answer.text + json.dumps(dict(answer.headers))
            assert not any(party in said for party in ("bolsheviks", "mensheviks", '"sr"'))
        assert log.strip()
        for account, (_, _, party) in VOTERS.items():
            assert account not in log
            assert party not in log.replace(election, "")


def test_a_sealed_recall_vote_through_http_from_the_ballots_to_the_recall(
    db_url: str, tmp_path: Path
) -> None:
    from soviet.services.mandates import sign_recall

    here = "petrograd-1917"
    with open_database(db_url) as db:
        world = found_petrograd(db, recall_then="recall-vote")
        world.tokens.update(tokens_for(db, TRUSTEES))
        trustees.appoint(db, "petrograd-soviet", TRUSTEES, 2, federation=here, actor=SYSTEM)
        for _ in range(3):
            for name in TRUSTEES:
                trustee_keys.take_steps(
                    db,
                    "petrograd-soviet",
                    tmp_path / f"{name}.json",
                    federation=here,
                    actor=account_actor(name),
                )
        for member in ("v1", "v2"):
            signed = sign_recall(
                db, "petrograd-soviet", "s1", member, federation=here, actor=SYSTEM
            )
        assert signed.is_put_to_vote
        recall = f"{FEDERATION}/councils/petrograd-soviet/delegates/s1/recall"
        with serving(db_url, tmp_path) as server, server.client() as client:
            plain = client.post(
                f"{recall}/votes",
                json={"member": "v1", "choice": "recall"},
                headers=world.headers("soldier-1", "plain-v1"),
            )
            assert plain.status_code == 422, plain.text
            assert "is sealed" in plain.json()["detail"]
            terms = read(client, f"{recall}/sealing")
            assert terms["choices"] == ["recall", "keep"]
            receipts = []
            for account, member in (("soldier-1", "v1"), ("soldier-2", "v2")):
                made, _ = encrypt_ballot(
                    terms["poll"], bytes.fromhex(terms["public_key"]), f"c{member}", [1, 0], 1, 1
                )
                body = {"member": member, "ballot": made.to_json()}
                headers = world.headers(account, f"sealed-recall-{member}")
                answer = client.post(f"{recall}/sealed-votes", json=body, headers=headers)
                assert answer.status_code == 201, answer.text
                assert answer.json()["result"] == {"ballot_receipt": made.receipt}
                receipts.append(made.receipt)
                petition = format_id(signed.petition)
                mine = read_as(
                    client,
                    f"{FEDERATION}/recall-petitions/{petition}/my-status",
                    world.headers(account),
                )
                assert (mine["voted"], mine["choice"], mine["receipt"]) == (
                    True,
                    None,
                    made.receipt,
                )
            early = client.post(f"{recall}/close", headers=world.headers("chkheidze"))
            assert early.status_code == 422, early.text
            assert "ballot box is open" in early.json()["detail"]
            closing = client.post(
                f"{recall}/ballot-box-closings", headers=world.headers("chkheidze")
            )
            assert closing.status_code == 200, closing.text
            tally = read(client, f"{recall}/tally")
            alphas = [Ciphertext(bytes.fromhex(a), group.IDENTITY) for a in tally["alphas"]]
            for name in ("t1", "t3"):
                kept = trustee_keys.read_key_file(tmp_path / f"{name}.json")
                assert kept.share is not None
                shared = partial_decrypt(tally["poll"], kept.trustee, kept.share, alphas)
                given = client.post(
                    f"{recall}/decryptions",
                    json={
                        "shares": [s.hex() for s, _ in shared],
                        "challenges": [group.scalar(p.challenge).hex() for _, p in shared],
                        "responses": [group.scalar(p.response).hex() for _, p in shared],
                    },
                    headers=world.headers(name),
                )
                assert given.status_code == 200, given.text
            decided = client.post(f"{recall}/close", headers=world.headers("chkheidze"))
            assert decided.status_code == 200, decided.text
            result = decided.json()["result"]
            assert (result["recall"], result["keep"], result["recalled"]) == (2, 0, True)
            board = read(client, f"{FEDERATION}/petitions/{petition}/board")
            shown = read(client, f"{FEDERATION}/petitions/{petition}")
            log = server.output()
        assert check(board) == []
        assert board["result"] == [2, 0]
        assert sorted(b["receipt"] for b in board["ballots"]) == sorted(receipts)
        assert shown["recall_vote"] == {"recall": 2, "keep": 0}
        for account in ("soldier-1", "soldier-2"):
            assert account not in log
