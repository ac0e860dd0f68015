"""A small poll run end to end: trustees' ceremony, ballots, tally, partial decryptions, board."""

from __future__ import annotations

from typing import Any

from soviet.crypto import trustees as tr
from soviet.crypto.ballot import Ballot, encrypt_ballot
from soviet.crypto.board import Allocation, build_board, decrypt_tally, partial_decrypt, tally


def ceremony(threshold: int, count: int) -> tuple[list[tuple[bytes, ...]], dict[int, int]]:
    dealings = [tr.deal(j, threshold, count) for j in range(1, count + 1)]
    shares: dict[int, int] = {}
    for i in range(1, count + 1):
        for d in dealings:
            assert tr.check_share(d.commitments, i, d.shares[i])
        shares[i] = tr.combine_share([d.shares[i] for d in dealings])
    return [d.commitments for d in dealings], shares


def run_poll(
    votes: list[list[int]],
    *,
    least: int = 1,
    most: int = 1,
    threshold: int = 2,
    trustees: int = 3,
    present: list[int] | None = None,
    seats: int | None = None,
    method: str = "dhondt",
    weights: list[int] | None = None,
) -> tuple[dict[str, Any], list[Ballot]]:
    commitments, shares = ceremony(threshold, trustees)
    key = tr.public_key(commitments)
    ballots = [
        encrypt_ballot("poll-1", key, f"cred-{n}", choices, least, most)[0]
        for n, choices in enumerate(votes)
    ]
    encrypted = tally(ballots, len(votes[0]), weights)
    chosen = present or list(range(1, threshold + 1))
    partials = {i: partial_decrypt("poll-1", i, shares[i], encrypted) for i in chosen}
    result = decrypt_tally(encrypted, partials, sum(weights or [1] * len(votes)) * max(most, 1))
    allocation = None
    if seats is not None:
        from soviet.methods.apportionment import allocate

        won = allocate(dict(enumerate(result)), seats, method=method)
        allocation = Allocation(method, seats, [int(won[i]) for i in range(len(result))])
    board = build_board(
        poll="poll-1",
        candidates=[f"c{i}" for i in range(len(votes[0]))],
        least=least,
        most=most,
        threshold=threshold,
        commitments=commitments,
        ballots=ballots,
        partials=partials,
        result=result,
        allocation=allocation,
        journal_head="ab" * 32,
        weights=weights,
    )
    return board, ballots
