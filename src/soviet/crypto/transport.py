"""Shares in transit between trustees: each share sealed to its recipient's X25519 key with
libsodium's sealed boxes (PyNaCl), so that the server, which carries them, cannot read them.
"""

from __future__ import annotations

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from soviet.crypto import group

#: A sealed share: 32 bytes of scalar, an ephemeral key (32) and an authenticator (16).
SEALED_SIZE = 32 + 32 + 16
#: An X25519 public key.
KEY_SIZE = 32


def keypair() -> tuple[bytes, bytes]:
    """A transport key: (secret, public), 32 bytes each."""
    secret = PrivateKey.generate()
    return bytes(secret), bytes(secret.public_key)


def seal(recipient: bytes, share: int) -> bytes:
    return SealedBox(PublicKey(recipient)).encrypt(group.scalar(share))


def open_sealed(secret: bytes, sealed: bytes) -> int | None:
    """The share sealed to the holder of `secret`, or None if it was not sealed to her or
    was altered."""
    try:
        opened = SealedBox(PrivateKey(secret)).decrypt(sealed)
    except CryptoError:
        return None
    if len(opened) != 32:
        return None
    value = int.from_bytes(opened, "little")
    return value if value < group.ORDER else None
