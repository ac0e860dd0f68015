"""Heads of the journal signed with a key kept outside the database.

The hash chain shows that entries were not edited one by one; it cannot show that the
whole chain was not recomputed by someone who holds the database and rewrote it from
some entry on. A head signed by the server's Ed25519 key and published (on a poll's
board, in a newsletter, in another organisation's archive) can: `verify` checks that the
entry it names still has its hash, and a forger cannot sign a new head without the key,
which lives in a file of its own and never in the database, the journal or a log line.

A signed head says: entry `seq` of this journal had hash `hash` when the holder of the
key signed it at `signed_at`. The signature covers those three in a fixed text form.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from soviet.domain.identity import Actor
from soviet.domain.journal import Head, format_time
from soviet.domain.permissions import Action
from soviet.errors import InvalidInput, Problem, StorageError
from soviet.services import identity
from soviet.services.bootstrap import Database
from soviet.store import journal

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX128 = re.compile(r"[0-9a-f]{128}")
#: What a key file holds: this line, then the seed as 64 hex digits.
KEY_HEADER = "soviet journal signing key (Ed25519 seed, keep secret, never in the database)"


def _refused(field: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{field}: {reason}", problems=[Problem(field, reason)])


@dataclass(frozen=True)
class SignedHead:
    """A journal head, when it was signed, and the signature of the key's holder."""

    seq: int
    hash: str
    signed_at: str
    public_key: str
    signature: str

    @property
    def head(self) -> Head:
        return Head(self.seq, self.hash)

    def as_json(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "hash": self.hash,
            "signed_at": self.signed_at,
            "public_key": self.public_key,
            "signature": self.signature,
        }


def signed_text(seq: int, hash: str, signed_at: str) -> bytes:
    """The bytes a head's signature covers."""
    return f"soviet journal head v1\nseq {seq}\nhash {hash}\nsigned_at {signed_at}\n".encode()


def generate_key(path: Path) -> str:
    """Write a new signing key to `path` (which must not exist; readable by its owner
    alone) and return its public key as hex."""
    key = SigningKey.generate()
    text = f"{KEY_HEADER}\n{bytes(key).hex()}\n"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise _refused("key", f"{path} exists already; a key is never overwritten") from None
    except OSError as error:
        raise _refused("key", f"cannot create {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(text)
    return key.verify_key.encode().hex()


def load_key(path: Path) -> SigningKey:
    """The signing key in `path`; the refusal never quotes what the file holds."""
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except FileNotFoundError:
        raise _refused("key", f"{path} does not exist") from None
    except (OSError, UnicodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not text"
        raise _refused("key", f"cannot read {path}: {reason}") from None
    if len(lines) != 2 or lines[0] != KEY_HEADER or not _HEX64.fullmatch(lines[1]):
        raise _refused("key", f"{path} is not a soviet signing key (made by `journal keygen`)")
    return SigningKey(bytes.fromhex(lines[1]))


def public_key_of(path: Path) -> str:
    """The public key (hex) of the signing key in `path`."""
    return load_key(path).verify_key.encode().hex()


def sign_head(
    db: Database, key_path: Path, *, now: datetime | None = None, actor: Actor
) -> SignedHead:
    """Sign the journal's current head with the key in `key_path` (the operator's act)."""
    identity.require_operator_or(actor, Action.SIGN_HEAD)
    return _signed(db, load_key(key_path), now)


def served_head(db: Database, key: SigningKey, *, actor: Actor) -> SignedHead:
    """The journal's current head signed with the server's own key, for anyone who asks
    (`GET /api/v1/journal/head`): a head's number and hash are public, in every notice."""
    identity.require_operator_or(actor, Action.READ_PUBLIC)
    return _signed(db, key, None)


def current_head(db: Database, *, actor: Actor) -> Head:
    """The journal's current head, unsigned: its number and hash (public)."""
    identity.require_operator_or(actor, Action.READ_PUBLIC)
    with db.read() as connection:
        return journal.head(connection)


def _signed(db: Database, key: SigningKey, now: datetime | None) -> SignedHead:
    with db.read() as connection:
        head = journal.head(connection)
    if head.seq == 0:
        raise StorageError(f"database {db.target.display} has no journal yet: run `soviet init`")
    signed_at = format_time(now or datetime.now(UTC))
    signature = key.sign(signed_text(head.seq, head.hash, signed_at)).signature
    return SignedHead(
        head.seq, head.hash, signed_at, key.verify_key.encode().hex(), signature.hex()
    )


def read_signed_head(path: Path, public_key: str) -> SignedHead:
    """The signed head in `path`, refused unless `public_key` (hex) signed it."""
    field = f"head {path}"
    if not _HEX64.fullmatch(public_key):
        raise _refused("public_key", "must be 64 hex digits (an Ed25519 public key)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _refused(field, "does not exist") from None
    except (OSError, UnicodeError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not a JSON document"
        raise _refused(field, f"cannot be read: {reason}") from None
    fields = {"seq": int, "hash": str, "signed_at": str, "public_key": str, "signature": str}
    if not isinstance(data, dict):
        raise _refused(field, "must be a JSON object with " + ", ".join(fields))
    for name, kind in fields.items():
        value = data.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _refused(field, f"{name}: missing or not {kind.__name__}")
    signed = SignedHead(**{name: data[name] for name in fields})
    if signed.seq < 1 or not _HEX64.fullmatch(signed.hash):
        raise _refused(field, "seq and hash must name a journal entry")
    if signed.public_key != public_key:
        raise _refused(field, f"signed by another key ({signed.public_key[:16]}…)")
    if not _HEX128.fullmatch(signed.signature):
        raise _refused(field, "signature: must be 128 hex digits")
    try:
        VerifyKey(bytes.fromhex(public_key)).verify(
            signed_text(signed.seq, signed.hash, signed.signed_at),
            bytes.fromhex(signed.signature),
        )
    except BadSignatureError:
        raise _refused(field, "the signature does not match its head (forged or edited)") from None
    return signed
