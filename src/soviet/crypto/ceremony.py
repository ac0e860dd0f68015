"""A trustee's side of a key ceremony (the rounds are in soviet.domain.trustees): her
secrets, her dealing, and the check of the shares dealt to her. Pure: what a trustee keeps
between rounds is hers to store (the command line keeps it in a file of her own).

Everything public is hex: points and scalars as in soviet.crypto.board, transport keys and
sealed shares as their bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from soviet.crypto import group, transport
from soviet.crypto import trustees as tr


@dataclass(frozen=True)
class Secrets:
    """What a trustee keeps from her first step to her last: her transport key's secret
    and the coefficients of her polynomial (of degree threshold - 1)."""

    transport_secret: bytes
    transport_key: bytes
    coefficients: tuple[int, ...]


def begin(threshold: int) -> Secrets:
    secret, public = transport.keypair()
    return Secrets(secret, public, tuple(group.random_scalar() for _ in range(threshold)))


def deal(secrets: Secrets, transport_keys: Sequence[bytes]) -> tuple[list[str], list[str]]:
    """Her commitments and her polynomial's value for each trustee (1 first), sealed to
    that trustee's transport key; both as hex."""
    commitments = [group.base(a).hex() for a in secrets.coefficients]
    sealed = [
        transport.seal(key, _evaluate(secrets.coefficients, number)).hex()
        for number, key in enumerate(transport_keys, start=1)
    ]
    return commitments, sealed


def _evaluate(coefficients: Sequence[int], at: int) -> int:
    return sum(a * pow(at, t, group.ORDER) for t, a in enumerate(coefficients)) % group.ORDER


class BadDealing(ValueError):
    """A share dealt to this trustee that does not open, or does not match its dealer's
    commitments: the dealer is named."""

    def __init__(self, dealer: int, reason: str) -> None:
        super().__init__(f"trustee {dealer}'s share {reason}")
        self.dealer = dealer


def receive(
    number: int, transport_secret: bytes, dealings: Sequence[tuple[Sequence[str], str]]
) -> tuple[int, str]:
    """Her share of the key and its verification key (hex), from every dealer's
    (commitments, share sealed to her), dealer 1 first; BadDealing names a dealer whose
    share does not open or does not match its commitments."""
    received = []
    for dealer, (commitments, sealed) in enumerate(dealings, start=1):
        share = transport.open_sealed(transport_secret, bytes.fromhex(sealed))
        if share is None:
            raise BadDealing(dealer, "for her does not open with her transport key")
        points = tuple(bytes.fromhex(c) for c in commitments)
        if not tr.check_share(points, number, share):
            raise BadDealing(dealer, "for her does not match its commitments")
        received.append(share)
    share = tr.combine_share(received)
    return share, group.base(share).hex()


def public_key(commitments: Sequence[Sequence[str]]) -> str:
    return tr.public_key([tuple(bytes.fromhex(c) for c in cs) for cs in commitments]).hex()


def verification_key(commitments: Sequence[Sequence[str]], number: int) -> str:
    points = [tuple(bytes.fromhex(c) for c in cs) for cs in commitments]
    return tr.verification_key(points, number).hex()


def is_point_hex(value: str) -> bool:
    """Whether `value` is the hex of a point of the group (the identity excluded: no
    commitment of a random polynomial is it but by a failure of the dealer's randomness)."""
    try:
        encoded = bytes.fromhex(value)
    except ValueError:
        return False
    return len(encoded) == 32 and encoded != group.IDENTITY and group.is_point(encoded)
