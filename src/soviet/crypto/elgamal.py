"""Exponential ElGamal: alpha = g^r, beta = y^r · g^m (Belenios' convention)."""

from __future__ import annotations

from dataclasses import dataclass

from soviet.crypto import group


@dataclass(frozen=True)
class Ciphertext:
    alpha: bytes
    beta: bytes

    def __mul__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(group.add(self.alpha, other.alpha), group.add(self.beta, other.beta))

    def to_json(self) -> dict[str, str]:
        return {"alpha": self.alpha.hex(), "beta": self.beta.hex()}


ZERO = Ciphertext(group.IDENTITY, group.IDENTITY)


def keypair() -> tuple[int, bytes]:
    secret = group.random_scalar()
    return secret, group.base(secret)


def encrypt(public_key: bytes, message: int, randomness: int) -> Ciphertext:
    return Ciphertext(
        group.base(randomness), group.add(group.mul(randomness, public_key), group.base(message))
    )


def product(ciphertexts: list[Ciphertext]) -> Ciphertext:
    total = ZERO
    for ciphertext in ciphertexts:
        total = total * ciphertext
    return total


def discrete_log(point: bytes, bound: int) -> int | None:
    """The m in 0..bound with g^m = point (a walk bounded by the number of voters), or None."""
    current = group.IDENTITY
    generator = group.base(1)
    for m in range(bound + 1):
        if current == point:
            return m
        current = group.add(current, generator)
    return None


def decrypt(secret: int, ciphertext: Ciphertext, bound: int) -> int | None:
    return discrete_log(group.sub(ciphertext.beta, group.mul(secret, ciphertext.alpha)), bound)
