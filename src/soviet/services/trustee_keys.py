"""A trustee's own side of a key ceremony: her secrets kept in a file of hers (readable by
her alone, never in the database, the journal or a log), and the steps she takes with them
(services.trustees checks and journals each).

`take_steps` takes every step she can take now, in order: enrol, deal once every trustee
has enrolled, confirm once every trustee has dealt; a trustee who runs it again after the
others have moved on goes on from where she stopped. `decrypt` gives her share of the
decryption of a closed sealed poll's tally (services.decryptions), and `decrypt_election`
hers of each constituency's tally of a sealed election (services.sealed_elections), made
with her share of the key on her side: the share of the key itself is never sent.

The key file (JSON, format `soviet-trustee/1`): the federation, council, ceremony and her
number; her transport key's secret; her polynomial's coefficients until she has dealt and
confirmed; then her share of the council's key and its verification key.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from soviet.crypto import board as crypto_board
from soviet.crypto import ceremony as keys
from soviet.crypto import group
from soviet.crypto.elgamal import Ciphertext
from soviet.domain import trustees as domain
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry
from soviet.errors import Conflict, InvalidInput, Problem, RuleViolation
from soviet.services import decryptions, poll_results, sealed_elections, sealed_recalls
from soviet.services import trustees as service
from soviet.store.database import Database

FORMAT = "soviet-trustee/1"


def _refused(reason: str) -> InvalidInput:
    return InvalidInput(f"key file: {reason}", problems=[Problem("key_file", reason)])


@dataclass(frozen=True)
class KeyFile:
    """What a trustee keeps: see the module's description."""

    federation: str | None
    council: str
    ceremony: int
    trustee: int
    transport_secret: bytes
    transport_key: bytes
    coefficients: tuple[int, ...] | None
    share: int | None = None
    verification_key: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "federation": self.federation,
            "council": self.council,
            "ceremony": self.ceremony,
            "trustee": self.trustee,
            "transport_secret": self.transport_secret.hex(),
            "transport_key": self.transport_key.hex(),
            "coefficients": None
            if self.coefficients is None
            else [group.scalar(a).hex() for a in self.coefficients],
            "share": None if self.share is None else group.scalar(self.share).hex(),
            "verification_key": self.verification_key,
        }

    @property
    def secrets(self) -> keys.Secrets:
        assert self.coefficients is not None
        return keys.Secrets(self.transport_secret, self.transport_key, self.coefficients)


def _scalar(text: str) -> int:
    return int.from_bytes(bytes.fromhex(text), "little") % group.ORDER


def read_key_file(path: Path) -> KeyFile:
    """The key file at `path`; a refusal never quotes what the file holds."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError
        coefficients = data["coefficients"]
        share = data["share"]
        return KeyFile(
            federation=None if data["federation"] is None else str(data["federation"]),
            council=str(data["council"]),
            ceremony=int(data["ceremony"]),
            trustee=int(data["trustee"]),
            transport_secret=bytes.fromhex(data["transport_secret"]),
            transport_key=bytes.fromhex(data["transport_key"]),
            coefficients=None if coefficients is None else tuple(map(_scalar, coefficients)),
            share=None if share is None else _scalar(share),
            verification_key=data["verification_key"],
        )
    except FileNotFoundError:
        raise _refused(f"{path} does not exist") from None
    except OSError as error:
        raise _refused(f"cannot read {path}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _refused(f"{path} is not a trustee's key file (made by `trustee keygen`)") from None


def write_key_file(path: Path, kept: KeyFile) -> None:
    """Write `kept` to `path` whole or not at all, readable by its owner alone."""
    text = json.dumps(kept.to_json(), indent=2) + "\n"
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    except OSError as error:
        raise _refused(f"cannot write in {folder}: {error.strerror}") from None
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Progress:
    """Where a trustee stands after `take_steps`: the ceremony, her number, the steps she
    took in this run, and whom she waits for (empty when she has nothing left to wait for)."""

    ceremony: domain.Ceremony
    trustee: int
    taken: tuple[domain.Step, ...]
    waiting: tuple[str, ...]


def _kept_for(path: Path, current: domain.Ceremony, trustee: domain.Trustee) -> KeyFile | None:
    """Her key file for this ceremony, None if she has none yet; refused when the file is
    another ceremony's (whose share may still be needed: it is never overwritten)."""
    if not path.exists():
        if trustee.step is not domain.Step.ENROL:
            raise _refused(
                f"{path} does not exist, and trustee {trustee.number} has enrolled with "
                "another key file: run this with that file"
            )
        return None
    kept = read_key_file(path)
    if (kept.council, kept.ceremony, kept.trustee) != (current.council, current.id, trustee.number):
        raise _refused(
            f"{path} holds trustee {kept.trustee}'s secrets of ceremony "
            f"{format_id(kept.ceremony)} of '{kept.council}'; "
            "it is never overwritten: name another file"
        )
    if trustee.transport_key is not None and trustee.transport_key != kept.transport_key.hex():
        raise _refused(f"{path} is not the key file trustee {trustee.number} enrolled with")
    return kept


def take_steps(
    db: Database, council: str, path: Path, *, federation: str | None = None, actor: Actor
) -> Progress:
    """Take every step of the council's ceremony that the acting trustee can take now,
    keeping her secrets in the key file at `path` (written before each step it serves)."""
    current = service.ceremony(db, council, federation=federation, actor=actor)
    trustee = current.trustee(actor.name)
    if trustee is None:
        raise RuleViolation(
            f"{actor.name} is no trustee of ceremony {format_id(current.id)} of '{council}'",
            code="not_entitled",
        )
    kept = _kept_for(path, current, trustee)
    taken: list[domain.Step] = []
    while True:
        may, waiting = current.may_take(trustee)
        if trustee.step is domain.Step.DONE:
            left = tuple(current.waiting_for(domain.Step.CONFIRM))
            return Progress(current, trustee.number, tuple(taken), left)
        if not may:
            return Progress(current, trustee.number, tuple(taken), tuple(waiting))
        step = trustee.step
        if step is domain.Step.ENROL:
            if kept is None:
                secrets = keys.begin(current.threshold)
                kept = KeyFile(
                    federation=federation,
                    council=current.council,
                    ceremony=current.id,
                    trustee=trustee.number,
                    transport_secret=secrets.transport_secret,
                    transport_key=secrets.transport_key,
                    coefficients=secrets.coefficients,
                )
                write_key_file(path, kept)
            current = service.enrol(
                db, council, kept.transport_key.hex(), federation=federation, actor=actor
            )
        elif step is domain.Step.DEAL:
            assert kept is not None
            transport_keys = [bytes.fromhex(t.transport_key or "") for t in current.trustees]
            commitments, sealed = keys.deal(kept.secrets, transport_keys)
            current = service.deal(
                db, council, commitments, sealed, federation=federation, actor=actor
            )
        else:
            assert kept is not None
            kept = _received(kept, current, trustee.number)
            write_key_file(path, kept)
            assert kept.verification_key is not None
            current = service.confirm(
                db, council, kept.verification_key, federation=federation, actor=actor
            )
        taken.append(step)
        found = current.trustee(actor.name)
        assert found is not None
        trustee = found


def _received(kept: KeyFile, current: domain.Ceremony, number: int) -> KeyFile:
    """Her key file with her share, made from what every trustee dealt her (checked against
    the dealer's commitments), and her polynomial forgotten."""
    if kept.share is not None:
        return kept
    dealings = [
        (t.commitments or (), (t.sealed_shares or ())[number - 1]) for t in current.trustees
    ]
    try:
        share, verification_key = keys.receive(number, kept.transport_secret, dealings)
    except keys.BadDealing as bad:
        raise RuleViolation(
            f"ceremony {format_id(current.id)} cannot complete: {bad}; the secretariat must "
            "appoint the trustees again"
        ) from None
    return KeyFile(
        federation=kept.federation,
        council=kept.council,
        ceremony=kept.ceremony,
        trustee=kept.trustee,
        transport_secret=kept.transport_secret,
        transport_key=kept.transport_key,
        coefficients=None,
        share=share,
        verification_key=verification_key,
    )


def decrypt(
    db: Database, address: str, path: Path, *, federation: str | None = None, actor: Actor
) -> tuple[decryptions.ToDecrypt, poll_results.Result | None]:
    """Give the acting trustee's share of the decryption of the closed sealed poll on a
    motion, made with the key file at `path`: what was decrypted, and the poll's result
    when hers was the last share it needed."""
    wanted = decryptions.to_decrypt(db, address, federation=federation, actor=actor)
    kept = read_key_file(path)
    if kept.ceremony != wanted.ceremony:
        raise _refused(
            f"{path} holds a share of ceremony {format_id(kept.ceremony)}; the vote on "
            f"'{address}' is sealed by ceremony {format_id(wanted.ceremony)}"
        )
    if kept.share is None:
        raise _refused(f"{path} holds no share yet: finish the ceremony with `trustee keygen`")
    tally = [Ciphertext(bytes.fromhex(alpha), group.IDENTITY) for alpha in wanted.alphas]
    shared = crypto_board.partial_decrypt(wanted.poll, kept.trustee, kept.share, tally)
    result = decryptions.share_decryption(
        db,
        address,
        [share.hex() for share, _ in shared],
        [group.scalar(proof.challenge).hex() for _, proof in shared],
        [group.scalar(proof.response).hex() for _, proof in shared],
        federation=federation,
        actor=actor,
    )
    return wanted, result


def decrypt_election(
    db: Database, election: int, path: Path, *, federation: str | None = None, actor: Actor
) -> tuple[sealed_elections.ToDecrypt, list[Entry]]:
    """Give the acting trustee's shares of the decryption of every constituency's tally of
    a sealed election whose ballot box has closed, made with the key file at `path`: what
    was decrypted, and the entries of her shares."""
    wanted = sealed_elections.to_decrypt(db, election, federation=federation, actor=actor)
    kept = read_key_file(path)
    name = format_id(election)
    if kept.ceremony != wanted.ceremony:
        raise _refused(
            f"{path} holds a share of ceremony {format_id(kept.ceremony)}; election {name} "
            f"is sealed by ceremony {format_id(wanted.ceremony)}"
        )
    if kept.share is None:
        raise _refused(f"{path} holds no share yet: finish the ceremony with `trustee keygen`")
    mine = [t for t in wanted.tallies if kept.trustee not in t.given]
    if not mine:
        raise Conflict(f"trustee {kept.trustee} has given her shares of election {name}")
    parts = sealed_elections.make_shares(
        replace(wanted, tallies=tuple(mine)), kept.trustee, kept.share
    )
    entries = sealed_elections.share_decryptions(
        db, election, parts, federation=federation, actor=actor
    )
    return wanted, entries


def decrypt_recall(
    db: Database,
    council: str,
    person: str,
    path: Path,
    *,
    federation: str | None = None,
    actor: Actor,
) -> tuple[sealed_recalls.ToDecrypt, Entry]:
    """Give the acting trustee's share of the decryption of the tally of the sealed recall
    vote on a delegate, whose ballot box has closed, made with the key file at `path`: what
    was decrypted, and the entry of her share."""
    wanted = sealed_recalls.to_decrypt(db, council, person, federation=federation, actor=actor)
    kept = read_key_file(path)
    if kept.ceremony != wanted.ceremony:
        raise _refused(
            f"{path} holds a share of ceremony {format_id(kept.ceremony)}; the recall vote on "
            f"{person} is sealed by ceremony {format_id(wanted.ceremony)}"
        )
    if kept.share is None:
        raise _refused(f"{path} holds no share yet: finish the ceremony with `trustee keygen`")
    shared = crypto_board.partial_decrypt(wanted.poll, kept.trustee, kept.share, list(wanted.tally))
    entry = sealed_recalls.share_decryption(
        db,
        council,
        person,
        [share.hex() for share, _ in shared],
        [group.scalar(proof.challenge).hex() for _, proof in shared],
        [group.scalar(proof.response).hex() for _, proof in shared],
        federation=federation,
        actor=actor,
    )
    return wanted, entry
