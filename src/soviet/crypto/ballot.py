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


class MalformedBallot(ValueError):
    """A ballot's JSON that is not a ballot: the message names the part, never a secret."""


def _point(value: Any, where: str) -> bytes:
    try:
        data = bytes.fromhex(value)
    except (TypeError, ValueError):
        raise MalformedBallot(f"{where}: not hex") from None
    if len(data) != 32 or not group.is_point(data):
        raise MalformedBallot(f"{where}: not a point of the prime-order subgroup")
    return data


def _scalar(value: Any, where: str) -> int:
    try:
        data = bytes.fromhex(value)
    except (TypeError, ValueError):
        raise MalformedBallot(f"{where}: not hex") from None
    number = int.from_bytes(data, "little")
    if len(data) != 32 or number >= group.ORDER:
        raise MalformedBallot(f"{where}: not a scalar below the group's order")
    return number


def _proof(value: Any, where: str, size: int) -> RangeProof:
    if not isinstance(value, list) or len(value) != size:
        raise MalformedBallot(f"{where}: must be a list of {size} challenges and responses")
    challenges, responses = [], []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"challenge", "response"}:
            raise MalformedBallot(f"{where}[{i}]: must hold a challenge and a response")
        challenges.append(_scalar(item["challenge"], f"{where}[{i}].challenge"))
        responses.append(_scalar(item["response"], f"{where}[{i}].response"))
    return RangeProof(tuple(challenges), tuple(responses))


#: Longest credential: a pseudonym the voter's device draws (soviet's are 32 hex digits).
CREDENTIAL_MAX = 64


def ballot_from_json(document: Any, candidates: int, least: int, most: int) -> Ballot:
    """The ballot a voter's device sent, for a poll of `candidates` choices whose ballots
    mark from `least` to `most`; MalformedBallot names the part that is not one (its proofs
    are checked by verify_ballot, not here)."""
    if not isinstance(document, dict) or set(document) != {"credential", "choices", "sum_proof"}:
        raise MalformedBallot("ballot: must hold exactly credential, choices and sum_proof")
    credential = document["credential"]
    if (
        not isinstance(credential, str)
        or not 1 <= len(credential) <= CREDENTIAL_MAX
        or not credential.isascii()
        or not credential.isalnum()
    ):
        raise MalformedBallot(f"credential: must be 1 to {CREDENTIAL_MAX} ASCII letters and digits")
    choices = document["choices"]
    if not isinstance(choices, list) or len(choices) != candidates:
        raise MalformedBallot(f"choices: must be a list of {candidates}, one per choice")
    ciphertexts, proofs = [], []
    for i, choice in enumerate(choices):
        if not isinstance(choice, dict) or set(choice) != {"alpha", "beta", "proof"}:
            raise MalformedBallot(f"choices[{i}]: must hold alpha, beta and proof")
        ciphertexts.append(
            Ciphertext(
                _point(choice["alpha"], f"choices[{i}].alpha"),
                _point(choice["beta"], f"choices[{i}].beta"),
            )
        )
        proofs.append(_proof(choice["proof"], f"choices[{i}].proof", 2))
    sum_proof = _proof(document["sum_proof"], "sum_proof", most - least + 1)
    return Ballot(credential, tuple(ciphertexts), tuple(proofs), sum_proof)


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
