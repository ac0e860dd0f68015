"""Zero-knowledge proofs, non-interactive by Fiat-Shamir (SHA-512 reduced mod l).

`prove_range` is Belenios' `iprove`: a disjunctive Chaum-Pedersen proof that a ciphertext
(alpha, beta) = (g^r, y^r g^m) holds some m in lo..hi. Each branch j has a challenge c_j and a
response s_j; the verifier rebuilds the commitments A_j = g^s_j alpha^c_j and
B_j = y^s_j (beta / g^j)^c_j and checks that the challenges sum to the hash of the statement
(the context, the key, the ciphertext) and of every commitment.

`prove_decryption` is Chaum-Pedersen: log_g(pk_i) = log_alpha(d_i) for a trustee's share.
"""

from __future__ import annotations

from dataclasses import dataclass

from soviet.crypto import group
from soviet.crypto.elgamal import Ciphertext


@dataclass(frozen=True)
class RangeProof:
    challenges: tuple[int, ...]
    responses: tuple[int, ...]

    def to_json(self) -> list[dict[str, str]]:
        return [
            {"challenge": group.scalar(c).hex(), "response": group.scalar(s).hex()}
            for c, s in zip(self.challenges, self.responses, strict=True)
        ]


def _range_challenge(
    context: str, public_key: bytes, ciphertext: Ciphertext, lo: int, commitments: list[bytes]
) -> int:
    return group.hash_to_scalar(
        "soviet/range",
        context,
        public_key,
        ciphertext.alpha,
        ciphertext.beta,
        str(lo),
        *commitments,
    )


def prove_range(
    context: str,
    public_key: bytes,
    ciphertext: Ciphertext,
    message: int,
    randomness: int,
    lo: int,
    hi: int,
) -> RangeProof:
    if not lo <= message <= hi:
        raise ValueError("the message lies outside the range it would be proven in")
    size = hi - lo + 1
    challenges = [0] * size
    responses = [0] * size
    commitments: list[bytes] = []
    nonce = group.random_scalar()
    for j in range(size):
        if lo + j == message:
            commitments += [group.base(nonce), group.mul(nonce, public_key)]
            continue
        challenges[j], responses[j] = group.random_scalar(), group.random_scalar()
        shifted = group.sub(ciphertext.beta, group.base(lo + j))
        commitments += [
            group.add(group.base(responses[j]), group.mul(challenges[j], ciphertext.alpha)),
            group.add(group.mul(responses[j], public_key), group.mul(challenges[j], shifted)),
        ]
    total = _range_challenge(context, public_key, ciphertext, lo, commitments)
    own = message - lo
    challenges[own] = (total - sum(challenges)) % group.ORDER
    responses[own] = (nonce - randomness * challenges[own]) % group.ORDER
    return RangeProof(tuple(challenges), tuple(responses))


def verify_range(
    context: str, public_key: bytes, ciphertext: Ciphertext, proof: RangeProof, lo: int, hi: int
) -> bool:
    if len(proof.challenges) != hi - lo + 1 or len(proof.responses) != hi - lo + 1:
        return False
    commitments: list[bytes] = []
    for j, (c, s) in enumerate(zip(proof.challenges, proof.responses, strict=True)):
        shifted = group.sub(ciphertext.beta, group.base(lo + j))
        commitments += [
            group.add(group.base(s), group.mul(c, ciphertext.alpha)),
            group.add(group.mul(s, public_key), group.mul(c, shifted)),
        ]
    total = _range_challenge(context, public_key, ciphertext, lo, commitments)
    return sum(proof.challenges) % group.ORDER == total


@dataclass(frozen=True)
class DecryptionProof:
    challenge: int
    response: int

    def to_json(self) -> dict[str, str]:
        return {
            "challenge": group.scalar(self.challenge).hex(),
            "response": group.scalar(self.response).hex(),
        }


def _decryption_challenge(
    context: str, verification_key: bytes, alpha: bytes, share: bytes, a: bytes, b: bytes
) -> int:
    return group.hash_to_scalar("soviet/decryption", context, verification_key, alpha, share, a, b)


def prove_decryption(context: str, secret: int, alpha: bytes) -> tuple[bytes, DecryptionProof]:
    """The partial decryption alpha^secret with its proof."""
    share = group.mul(secret, alpha)
    nonce = group.random_scalar()
    a, b = group.base(nonce), group.mul(nonce, alpha)
    challenge = _decryption_challenge(context, group.base(secret), alpha, share, a, b)
    return share, DecryptionProof(challenge, (nonce + challenge * secret) % group.ORDER)


def verify_decryption(
    context: str, verification_key: bytes, alpha: bytes, share: bytes, proof: DecryptionProof
) -> bool:
    # g^s = a · pk^c and alpha^s = b · d^c, so a = g^s / pk^c and b = alpha^s / d^c.
    a = group.sub(group.base(proof.response), group.mul(proof.challenge, verification_key))
    b = group.sub(group.mul(proof.response, alpha), group.mul(proof.challenge, share))
    return proof.challenge == _decryption_challenge(context, verification_key, alpha, share, a, b)
