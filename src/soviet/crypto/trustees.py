"""Trustees, threshold k of n, without a trusted dealer (Pedersen's DKG over Feldman's VSS).

Trustee j picks a polynomial f_j of degree k-1 and publishes commitments C_{j,t} = g^{a_{j,t}};
she gives trustee i the value f_j(i), which i checks against the commitments. The poll's public
key is the product of the constants C_{j,0}; trustee i's share is the sum of the f_j(i) she
received, and her verification key g^{s_i} can be computed by anyone from the commitments.
"""

from __future__ import annotations

from dataclasses import dataclass

from soviet.crypto import group


@dataclass(frozen=True)
class Dealing:
    """What trustee `dealer` publishes (commitments) and sends privately (shares, by index)."""

    dealer: int
    commitments: tuple[bytes, ...]
    shares: dict[int, int]


def deal(dealer: int, threshold: int, trustees: int) -> Dealing:
    coefficients = [group.random_scalar() for _ in range(threshold)]
    shares = {
        i: sum(a * pow(i, t, group.ORDER) for t, a in enumerate(coefficients)) % group.ORDER
        for i in range(1, trustees + 1)
    }
    return Dealing(dealer, tuple(group.base(a) for a in coefficients), shares)


def commitment_at(commitments: tuple[bytes, ...] | list[bytes], index: int) -> bytes:
    """g^{f(index)} from the commitments of f."""
    point = group.IDENTITY
    for t, c in enumerate(commitments):
        point = group.add(point, group.mul(pow(index, t, group.ORDER), c))
    return point


def check_share(dealing_commitments: tuple[bytes, ...], index: int, share: int) -> bool:
    return group.base(share) == commitment_at(dealing_commitments, index)


def public_key(commitments: list[tuple[bytes, ...]]) -> bytes:
    key = group.IDENTITY
    for dealt in commitments:
        key = group.add(key, dealt[0])
    return key


def verification_key(commitments: list[tuple[bytes, ...]], index: int) -> bytes:
    key = group.IDENTITY
    for dealt in commitments:
        key = group.add(key, commitment_at(dealt, index))
    return key


def combine_share(received: list[int]) -> int:
    return sum(received) % group.ORDER


def lagrange(index: int, indices: list[int]) -> int:
    """The coefficient of trustee `index` interpolating at 0 over `indices`."""
    numerator, denominator = 1, 1
    for other in indices:
        if other != index:
            numerator = numerator * other % group.ORDER
            denominator = denominator * (other - index) % group.ORDER
    return numerator * pow(denominator, -1, group.ORDER) % group.ORDER


def combine(partials: dict[int, bytes]) -> bytes:
    """alpha^s from k partial decryptions alpha^{s_i}."""
    indices = sorted(partials)
    point = group.IDENTITY
    for i in indices:
        point = group.add(point, group.mul(lagrange(i, indices), partials[i]))
    return point
