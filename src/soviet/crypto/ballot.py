"""Encrypted ballots: one ciphertext per choice, each proven 0 or 1, their sum proven in min..max.

The proofs' context binds the poll and the voter's pseudonymous credential; every challenge also
hashes the ciphertext it speaks about. A ballot's receipt is the SHA-256 of its canonical encoding.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from soviet.crypto import group
from soviet.crypto.elgamal import Ciphertext, encrypt, product
from soviet.crypto.proofs import RangeProof, prove_range, verify_range


def canonical(document: Any) -> bytes:
    """Sorted keys, no spaces, ASCII: the bytes every hash on the board is taken over."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def digest(document: Any) -> str:
    return hashlib.sha256(canonical(document)).hexdigest()


def context(poll: str, credential: str) -> str:
    return f"{poll}|{credential}"


@dataclass(frozen=True)
class Ballot:
    credential: str
    ciphertexts: tuple[Ciphertext, ...]
    choice_proofs: tuple[RangeProof, ...]
    sum_proof: RangeProof

    def to_json(self) -> dict[str, Any]:
        return {
            "credential": self.credential,
            "choices": [
                {**c.to_json(), "proof": p.to_json()}
                for c, p in zip(self.ciphertexts, self.choice_proofs, strict=True)
            ],
            "sum_proof": self.sum_proof.to_json(),
        }

    @property
    def receipt(self) -> str:
        return digest(self.to_json())


@dataclass(frozen=True)
class Opening:
    """What a Benaloh audit reveals: the choices and the randomness of each ciphertext."""

    choices: tuple[int, ...]
    randomness: tuple[int, ...]


def encrypt_ballot(
    poll: str, public_key: bytes, credential: str, choices: list[int], least: int, most: int
) -> tuple[Ballot, Opening]:
    ctx = context(poll, credential)
    randomness = [group.random_scalar() for _ in choices]
    ciphertexts = [encrypt(public_key, m, r) for m, r in zip(choices, randomness, strict=True)]
    proofs = [
        prove_range(ctx, public_key, c, m, r, 0, 1)
        for c, m, r in zip(ciphertexts, choices, randomness, strict=True)
    ]
    sum_proof = prove_range(
        ctx, public_key, product(ciphertexts), sum(choices), sum(randomness), least, most
    )
    ballot = Ballot(credential, tuple(ciphertexts), tuple(proofs), sum_proof)
    return ballot, Opening(tuple(choices), tuple(randomness))


def verify_ballot(poll: str, public_key: bytes, ballot: Ballot, least: int, most: int) -> list[str]:
    """The names of the ballot's proofs that fail (empty when the ballot is well formed)."""
    ctx = context(poll, ballot.credential)
    failures = [
        f"choice {i} proof"
        for i, (c, p) in enumerate(zip(ballot.ciphertexts, ballot.choice_proofs, strict=True))
        if not verify_range(ctx, public_key, c, p, 0, 1)
    ]
    if not verify_range(
        ctx, public_key, product(list(ballot.ciphertexts)), ballot.sum_proof, least, most
    ):
        failures.append("sum proof")
    return failures


def audit(public_key: bytes, ballot: Ballot, opening: Opening) -> bool:
    """Benaloh's audit: the opened choices and randomness re-encrypt to the ballot's ciphertexts."""
    if len(opening.choices) != len(ballot.ciphertexts) or len(opening.randomness) != len(
        ballot.ciphertexts
    ):
        return False
    return all(
        encrypt(public_key, m, r) == c
        for m, r, c in zip(opening.choices, opening.randomness, ballot.ciphertexts, strict=True)
    )
