"""The group: the prime-order subgroup of Ed25519 through libsodium (PyNaCl), no own arithmetic.

PyNaCl 1.6 binds none of libsodium's ristretto255 functions, so soviet uses its Ed25519 core
operations without clamping; every point read from outside is checked by
crypto_core_ed25519_is_valid_point, which refuses points of small order or outside the subgroup
of order l. Points are their 32-byte encodings; the identity (0, 1) is answered here, since
libsodium's scalar multiplication refuses to return it.
Scalars are Python ints reduced mod l.
"""

from __future__ import annotations

import hashlib
import secrets

from nacl import bindings as sodium

ORDER = 2**252 + 27742317777372353535851937790883648493
IDENTITY = b"\x01" + bytes(31)


def scalar(value: int) -> bytes:
    return (value % ORDER).to_bytes(32, "little")


def random_scalar() -> int:
    return secrets.randbelow(ORDER - 1) + 1


def base(n: int) -> bytes:
    n %= ORDER
    return IDENTITY if n == 0 else sodium.crypto_scalarmult_ed25519_base_noclamp(scalar(n))


def mul(n: int, point: bytes) -> bytes:
    n %= ORDER
    if n == 0 or point == IDENTITY:
        return IDENTITY
    return sodium.crypto_scalarmult_ed25519_noclamp(scalar(n), point)


def add(p: bytes, q: bytes) -> bytes:
    return sodium.crypto_core_ed25519_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    return sodium.crypto_core_ed25519_sub(p, q)


def is_point(encoded: bytes) -> bool:
    return encoded == IDENTITY or bool(sodium.crypto_core_ed25519_is_valid_point(encoded))


def hash_to_scalar(*parts: bytes | str) -> int:
    """SHA-512 over length-prefixed parts, reduced mod l (Fiat-Shamir challenges)."""
    digest = hashlib.sha512()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return int.from_bytes(digest.digest(), "little") % ORDER
