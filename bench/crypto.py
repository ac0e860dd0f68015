"""Benchmark of the cryptographic core (issue #17): ballots, their proofs, the tally, the recount.

    .venv/bin/python bench/crypto.py [--ballots N] [--candidates N] [--samples N]

Timed in this process, on one core: encrypting a single-choice ballot with its proofs, checking
a ballot's proofs (p50/p99 over --samples ballots), the product of N ballots' ciphertexts, the
partial decryptions of 3 of 5 trustees with their proofs, their combination and the discrete
logarithm of each count, and the standalone verifier's full check of the board.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time

from soviet.crypto import trustees as tr
from soviet.crypto.ballot import encrypt_ballot, verify_ballot
from soviet.crypto.board import build_board, decrypt_tally, partial_decrypt, tally
from soviet.crypto.recount import check


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--candidates", type=int, default=3)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    dealings = [tr.deal(j, 3, 5) for j in range(1, 6)]
    commitments = [d.commitments for d in dealings]
    shares = {i: tr.combine_share([d.shares[i] for d in dealings]) for i in range(1, 6)}
    key = tr.public_key(commitments)
    rng = random.Random(17)
    ballots, encrypt_times, verify_times = [], [], []
    for n in range(args.ballots):
        choices = [0] * args.candidates
        choices[rng.randrange(args.candidates)] = 1
        start = time.perf_counter()
        ballot, _ = encrypt_ballot("bench", key, f"cred-{n}", choices, 1, 1)
        encrypt_times.append(time.perf_counter() - start)
        ballots.append(ballot)
    for ballot in ballots[: args.samples]:
        start = time.perf_counter()
        assert verify_ballot("bench", key, ballot, 1, 1) == []
        verify_times.append(time.perf_counter() - start)
    start = time.perf_counter()
    encrypted = tally(ballots, args.candidates)
    product_time = time.perf_counter() - start
    start = time.perf_counter()
    partials = {i: partial_decrypt("bench", i, shares[i], encrypted) for i in (1, 3, 5)}
    result = decrypt_tally(encrypted, partials, args.ballots)
    decrypt_time = time.perf_counter() - start
    board = build_board(
        poll="bench",
        candidates=[f"c{i}" for i in range(args.candidates)],
        least=1,
        most=1,
        threshold=3,
        commitments=commitments,
        ballots=ballots,
        partials=partials,
        result=result,
    )
    start = time.perf_counter()
    failures = check(board)
    recount_time = time.perf_counter() - start
    assert failures == [], failures
    ms = 1000
    print(
        f"- Python {platform.python_version()}, {args.ballots} ballots, {args.candidates} choices"
    )
    print(
        f"- encrypt + prove a ballot: p50 {statistics.median(encrypt_times) * ms:.2f} ms, "
        f"p99 {percentile(encrypt_times, 0.99) * ms:.2f} ms"
    )
    print(
        f"- verify a ballot's proofs: p50 {statistics.median(verify_times) * ms:.2f} ms, "
        f"p99 {percentile(verify_times, 0.99) * ms:.2f} ms ({len(verify_times)} ballots)"
    )
    print(f"- tally (product of {args.ballots} ballots): {product_time * ms:.1f} ms")
    print(f"- 3 of 5 trustees decrypt, combined, counts: {decrypt_time * ms:.1f} ms")
    print(f"- recount of the whole board (every proof, tally, decryptions): {recount_time:.2f} s")
    print(f"- result: {result}")


if __name__ == "__main__":
    main()
