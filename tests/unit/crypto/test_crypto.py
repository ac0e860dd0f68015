"""The cryptographic core: ElGamal, proofs, trustees, Benaloh audits, the board and its verifier."""

from __future__ import annotations

import copy
import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soviet.crypto import elgamal, group
from soviet.crypto import trustees as tr
from soviet.crypto.ballot import Opening, audit, encrypt_ballot, verify_ballot
from soviet.crypto.elgamal import Ciphertext
from soviet.crypto.proofs import prove_range
from soviet.crypto.recount import allocate as recount_allocate
from soviet.crypto.recount import check
from soviet.errors import InvalidInput

from .conftest import ceremony, run_poll

VERIFIER = Path(__file__).parents[3] / "verifier" / "soviet_recount.py"


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(0, 1), min_size=1, max_size=8))
def test_the_tally_is_the_sum_of_the_plaintexts(bits: list[int]) -> None:
    secret, key = elgamal.keypair()
    product = elgamal.product([elgamal.encrypt(key, m, group.random_scalar()) for m in bits])
    assert elgamal.decrypt(secret, product, len(bits)) == sum(bits)


@pytest.mark.parametrize(("threshold", "count"), [(1, 1), (2, 3), (3, 5)])
def test_every_k_of_n_trustees_decrypt_and_k_minus_1_cannot(threshold: int, count: int) -> None:
    commitments, shares = ceremony(threshold, count)
    key = tr.public_key(commitments)
    ciphertext = elgamal.encrypt(key, 3, group.random_scalar())
    for subset in itertools.combinations(range(1, count + 1), threshold):
        combined = tr.combine({i: group.mul(shares[i], ciphertext.alpha) for i in subset})
        assert elgamal.discrete_log(group.sub(ciphertext.beta, combined), 10) == 3
    if threshold > 1:
        for subset in itertools.combinations(range(1, count + 1), threshold - 1):
            combined = tr.combine({i: group.mul(shares[i], ciphertext.alpha) for i in subset})
            assert elgamal.discrete_log(group.sub(ciphertext.beta, combined), 10) is None


def test_a_bad_dealt_share_is_caught_by_the_commitments() -> None:
    dealing = tr.deal(1, 2, 3)
    assert tr.check_share(dealing.commitments, 2, dealing.shares[2])
    assert not tr.check_share(dealing.commitments, 2, dealing.shares[2] + 1)


@settings(max_examples=10, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=4), st.data())
def test_proofs_of_valid_ballots_verify(marks: list[bool], data: st.DataObject) -> None:
    choices = [int(m) for m in marks]
    most = data.draw(st.integers(sum(choices), len(choices)))
    _, key = elgamal.keypair()
    ballot, _ = encrypt_ballot("p", key, "cred", choices, 0, most)
    assert verify_ballot("p", key, ballot, 0, most) == []
    assert verify_ballot("other poll", key, ballot, 0, most) != []


def _forged(choices: list[int], least: int, most: int) -> list[str]:
    """A ballot whose proofs are made for the allowed range around a choice outside it."""
    _, key = elgamal.keypair()
    r = [group.random_scalar() for _ in choices]
    cts = [elgamal.encrypt(key, m, x) for m, x in zip(choices, r, strict=True)]
    proofs = [
        prove_range("p|c", key, c, min(max(m, 0), 1), x, 0, 1)
        for c, m, x in zip(cts, choices, r, strict=True)
    ]
    total = min(max(sum(choices), least), most)
    sum_proof = prove_range("p|c", key, elgamal.product(cts), total, sum(r), least, most)
    from soviet.crypto.ballot import Ballot

    return verify_ballot("p", key, Ballot("c", tuple(cts), tuple(proofs), sum_proof), least, most)


def test_a_choice_of_2_or_minus_1_or_an_over_vote_is_refused_by_its_proofs() -> None:
    assert "choice 0 proof" in _forged([2, 0], 1, 1)
    assert "choice 1 proof" in _forged([1, -1], 0, 1)
    assert _forged([1, 1, 0], 1, 1) == ["sum proof"]
    with pytest.raises(ValueError, match="outside the range"):
        encrypt_ballot("p", elgamal.keypair()[1], "c", [1, 1], 1, 1)


def test_a_benaloh_audit_opens_and_a_wrong_opening_is_caught() -> None:
    _, key = elgamal.keypair()
    ballot, opening = encrypt_ballot("p", key, "c", [0, 1, 0], 1, 1)
    assert audit(key, ballot, opening)
    assert not audit(key, ballot, Opening((1, 0, 0), opening.randomness))
    assert not audit(
        key, ballot, Opening(opening.choices, (opening.randomness[0] + 1, *opening.randomness[1:]))
    )


def test_a_good_board_passes_and_each_tamper_is_named() -> None:
    board, _ = run_poll([[1, 0, 0], [0, 1, 0], [1, 0, 0], [1, 0, 0]], present=[1, 3], seats=2)
    assert check(board) == []
    assert check(board, "ab" * 32) == []

    def tampered(path: list[object], value: object) -> list[str]:
        forged = copy.deepcopy(board)
        target = forged
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return check(forged)

    other = board["ballots"][0]["choices"][1]["beta"]
    assert any(
        f.startswith("ballot 2 (credential cred-1): choice 0 proof")
        for f in tampered(["ballots", 1, "choices", 0, "beta"], other)
    )
    proof = copy.deepcopy(board["ballots"][2]["sum_proof"])
    proof[0]["response"] = group.scalar(5).hex()
    assert any(
        f.startswith("ballot 3 (credential cred-2): sum proof")
        for f in tampered(["ballots", 2, "sum_proof"], proof)
    )
    share = board["partial_decryptions"][1]["shares"][0]["share"]
    assert any(
        "trustee 3, candidate 1: proof fails" in f
        for f in tampered(["partial_decryptions", 1, "shares", 1, "share"], share)
    )
    assert any(
        f.startswith("tally: candidate 2") for f in tampered(["tally", 2], board["tally"][0])
    )
    assert any(f.startswith("result: candidate 0") for f in tampered(["result"], [1, 1, 2]))
    assert any(
        f.startswith("allocation: dhondt gives [2, 0, 0]")
        for f in tampered(["allocation", "allocation"], [1, 1, 1])
    )
    assert any(f.startswith("board_hash") for f in tampered(["journal_head"], "cd" * 32))
    assert check(board, "cd" * 32) == ["journal_head: not the head published at the close"]


def test_weighted_ballots_count_their_weight_and_a_changed_weight_is_caught() -> None:
    board, _ = run_poll([[1, 0], [0, 1], [1, 0]], weights=[3, 2, 1])
    assert board["result"] == [4, 2]
    assert [b.get("weight") for b in board["ballots"]] == [3, 2, None]  # 1 is left out
    assert check(board) == []
    forged = copy.deepcopy(board)
    forged["ballots"][2]["weight"] = 5
    failures = check(forged)
    assert "tally: candidate 0 is not the product of the ballots" in failures
    assert "partial decryption: trustee 1, candidate 0: proof fails" in failures
    forged["ballots"][2]["weight"] = 0
    assert "ballot 3 (credential cred-2): weight 0 is not a whole number of votes" in check(forged)


def test_a_large_board_is_checked_on_every_core_with_the_same_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from soviet.crypto import recount

    board, _ = run_poll(
        [[1, 0], [0, 1], [1, 0], [1, 0], [0, 1], [0, 1]], weights=[1, 2, 1, 1, 3, 1]
    )
    forged = copy.deepcopy(board)
    forged["ballots"][4]["choices"][0]["beta"] = board["ballots"][0]["choices"][0]["beta"]
    alone = (check(board), check(forged))
    monkeypatch.setattr(recount, "PARALLEL_FROM", 2)
    monkeypatch.setattr(recount.os, "cpu_count", lambda: 3)  # three processes, two ballots each
    assert (check(board), check(forged)) == alone
    assert alone[0] == []
    assert any(f.startswith("ballot 5 (credential cred-4): choice 0 proof") for f in alone[1])


def _run(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(VERIFIER), str(path)], capture_output=True, text=True, check=False
    )


def test_the_standalone_verifier_as_a_subprocess(tmp_path: Path) -> None:
    import json

    board, _ = run_poll([[1, 0], [0, 1], [1, 0]])
    good = tmp_path / "good.json"
    good.write_text(json.dumps(board))
    done = _run(good)
    assert done.returncode == 0, done.stdout
    assert done.stdout.startswith("OK: 3 ballots")
    board["ballots"][0]["choices"][0]["alpha"] = board["ballots"][1]["choices"][0]["alpha"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(board))
    done = _run(bad)
    assert done.returncode == 1
    assert "FAIL ballot 1 (credential cred-0): choice 0 proof fails" in done.stdout


def test_the_verifier_imports_nothing_of_soviet() -> None:
    import ast

    tree = ast.parse(VERIFIER.read_text())
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.split(".")[0] == "soviet"]


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(0, 1000), min_size=1, max_size=6),
    st.integers(1, 30),
    st.sampled_from(["dhondt", "sainte-lague", "hare"]),
)
def test_the_verifiers_allocation_agrees_with_soviet_methods(
    votes: list[int], seats: int, method: str
) -> None:
    from soviet.methods.apportionment import allocate
    from soviet.methods.result import Tie

    mine = recount_allocate(method, votes, seats)
    try:
        theirs = allocate(dict(enumerate(votes)), seats, method=method)
    except Tie:
        assert mine is None
        return
    except InvalidInput:  # soviet.methods refuses a house without votes
        assert sum(votes) == 0 or mine is None
        return
    assert mine == [int(theirs[i]) for i in range(len(votes))]


def test_ciphertexts_multiply_pointwise() -> None:
    a = Ciphertext(group.base(1), group.base(2))
    assert (a * elgamal.ZERO) == a


def test_soviet_recount_runs_the_same_checks(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from soviet.cli.app import app

    board, _ = run_poll([[1, 0], [0, 1]])
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board))
    done = CliRunner().invoke(app, ["recount", str(path)])
    assert done.exit_code == 0, done.output
    assert "OK: 2 ballots, 0 failures" in done.output
    board["result"] = [2, 0]
    path.write_text(json.dumps(board))
    done = CliRunner().invoke(app, ["recount", str(path)])
    assert done.exit_code == 1
    assert "FAIL result: candidate 0 decrypts to 1, the board says 2" in done.output


def test_a_point_outside_the_prime_order_subgroup_is_refused_by_name() -> None:
    board, _ = run_poll([[1, 0], [0, 1]])
    order_two = "ec" + "ff" * 30 + "7f"  # (0, -1), a point of order 2
    board["ballots"][1]["choices"][0]["alpha"] = order_two
    assert check(board) == [
        "malformed board: ballot 2 (credential cred-1) choice 0 alpha: "
        "not a point of the prime-order subgroup"
    ]
    board["ballots"][1]["choices"][0]["alpha"] = "zz"
    assert check(board) == ["malformed board: ballot 2 (credential cred-1) choice 0 alpha: not hex"]


@settings(max_examples=8, deadline=None)
@given(
    st.integers(1, 4).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n))), st.integers(0, 6)
)
def test_any_threshold_decrypts_with_every_k_subset_and_never_with_fewer(
    shape: tuple[int, int], message: int
) -> None:
    threshold, count = shape
    commitments, shares = ceremony(threshold, count)
    ciphertext = elgamal.encrypt(tr.public_key(commitments), message, group.random_scalar())
    for size in (threshold - 1, threshold):
        for subset in itertools.combinations(range(1, count + 1), size):
            if not subset:
                continue
            combined = tr.combine({i: group.mul(shares[i], ciphertext.alpha) for i in subset})
            found = elgamal.discrete_log(group.sub(ciphertext.beta, combined), 6)
            assert (found == message) == (size == threshold)
