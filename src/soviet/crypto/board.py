"""The public board of a poll: one JSON document, its canonical encoding and its hash.

Layout (every point and scalar in lowercase hex, scalars 32 bytes little-endian):
  format, poll, candidates, least, most,
  trustees: {threshold, commitments: [[hex, ...] per trustee]}, public_key,
  ballots: [{credential, choices: [{alpha, beta, proof}], sum_proof, receipt, weight}]
    (`weight`, how many votes the ballot counts for, is left out when it is 1),
  tally: [{alpha, beta}], partial_decryptions: [{trustee, shares: [{share, challenge, response}]}],
  result: [count per candidate], allocation (optional): {method, seats, allocation},
  journal_head (the head published at the close, or null), board_hash (over all but itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from soviet.crypto import group
from soviet.crypto import trustees as tr
from soviet.crypto.ballot import Ballot, digest
from soviet.crypto.elgamal import Ciphertext, discrete_log, product
from soviet.crypto.proofs import DecryptionProof, prove_decryption

FORMAT = "soviet-board/1"


def weighed(ciphertext: Ciphertext, weight: int) -> Ciphertext:
    """The ciphertext of `weight` times its plaintext (a ballot counting several votes)."""
    if weight == 1:
        return ciphertext
    return Ciphertext(group.mul(weight, ciphertext.alpha), group.mul(weight, ciphertext.beta))


def tally(
    ballots: list[Ballot], candidates: int, weights: list[int] | None = None
) -> list[Ciphertext]:
    """Per choice, the product of the ballots' ciphertexts, each raised to its weight."""
    counted = weights or [1] * len(ballots)
    return [
        product([weighed(b.ciphertexts[i], w) for b, w in zip(ballots, counted, strict=True)])
        for i in range(candidates)
    ]


def decryption_context(poll: str, index: int) -> str:
    return f"{poll}|trustee {index}"


def partial_decrypt(
    poll: str, index: int, secret: int, encrypted_tally: list[Ciphertext]
) -> list[tuple[bytes, DecryptionProof]]:
    return [
        prove_decryption(decryption_context(poll, index), secret, c.alpha) for c in encrypted_tally
    ]


def decrypt_tally(
    encrypted_tally: list[Ciphertext],
    partials: dict[int, list[tuple[bytes, DecryptionProof]]],
    bound: int,
) -> list[int]:
    counts = []
    for position, ciphertext in enumerate(encrypted_tally):
        alpha_s = tr.combine({i: shares[position][0] for i, shares in partials.items()})
        count = discrete_log(group.sub(ciphertext.beta, alpha_s), bound)
        if count is None:
            raise ValueError(
                f"candidate {position}: the combined decryption is no count of 0..{bound}"
            )
        counts.append(count)
    return counts


@dataclass(frozen=True)
class Allocation:
    method: str
    seats: int
    allocation: list[int]


def build_board(
    *,
    poll: str,
    candidates: list[str],
    least: int,
    most: int,
    threshold: int,
    commitments: list[tuple[bytes, ...]],
    ballots: list[Ballot],
    partials: dict[int, list[tuple[bytes, DecryptionProof]]],
    result: list[int],
    allocation: Allocation | None = None,
    journal_head: str | None = None,
    weights: list[int] | None = None,
) -> dict[str, Any]:
    counted = weights or [1] * len(ballots)
    encrypted_tally = tally(ballots, len(candidates), counted)
    board: dict[str, Any] = {
        "format": FORMAT,
        "poll": poll,
        "candidates": list(candidates),
        "least": least,
        "most": most,
        "trustees": {
            "threshold": threshold,
            "commitments": [[c.hex() for c in cs] for cs in commitments],
        },
        "public_key": tr.public_key(commitments).hex(),
        "ballots": [
            {**b.to_json(), "receipt": b.receipt, **({} if w == 1 else {"weight": w})}
            for b, w in zip(ballots, counted, strict=True)
        ],
        "tally": [c.to_json() for c in encrypted_tally],
        "partial_decryptions": [
            {
                "trustee": index,
                "shares": [{"share": s.hex(), **p.to_json()} for s, p in partials[index]],
            }
            for index in sorted(partials)
        ],
        "result": list(result),
        "allocation": None
        if allocation is None
        else {
            "method": allocation.method,
            "seats": allocation.seats,
            "allocation": allocation.allocation,
        },
        "journal_head": journal_head,
    }
    board["board_hash"] = board_hash(board)
    return board


def board_hash(board: dict[str, Any]) -> str:
    return digest({k: v for k, v in board.items() if k != "board_hash"})
