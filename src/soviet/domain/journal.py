"""The journal's rules: how an entry is sealed, and how a chain of entries is checked.

Every act is recorded as an entry that carries its sequence number, the UTC time,
the acting account, a kind (a past-tense name such as ``DelegateRecalled``), a JSON
payload, the previous entry's hash and its own hash: SHA-256 over the canonical JSON
encoding of all of these. Changing, removing, reordering or cutting off entries breaks
the chain, and ``check_chain`` names the first entry where it breaks. The hash of an
entry is the receipt of its act.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from soviet.errors import InvalidInput

GENESIS_HASH = "0" * 64

_KIND = re.compile(r"^[A-Z][A-Za-z0-9]{0,99}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")

JsonValue = Any  # None, bool, int, str, list of JsonValue, dict of str to JsonValue


@dataclass(frozen=True)
class Head:
    """The newest entry of a chain: its sequence number and hash (0 and GENESIS when empty)."""

    seq: int
    hash: str


EMPTY_HEAD = Head(0, GENESIS_HASH)


@dataclass(frozen=True)
class Entry:
    """One sealed journal entry; `payload` is the canonical JSON text of the act's data."""

    seq: int
    recorded_at: str
    actor: str
    kind: str
    payload: str
    prev_hash: str
    hash: str

    def data(self) -> JsonValue:
        """The payload, decoded."""
        return json.loads(self.payload)


_PLAIN = (str, int, bool, type(None))


def _is_plain(value: JsonValue) -> bool:
    """Whether a value is made only of str, int, bool, None, list and dict with str keys:
    the common case, checked without building the path of every item."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind in _PLAIN:
            continue
        if kind is list:
            stack.extend(item)
        elif kind is dict:
            if not all(type(key) is str for key in item):
                return False
            stack.extend(item.values())
        else:
            return False
    return True


def _check_json(value: JsonValue, path: str) -> None:
    if _is_plain(value):
        return
    _find_problem(value, path)


def _find_problem(value: JsonValue, path: str) -> None:
    """Raise, naming the place, if a value cannot be journaled exactly."""
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _find_problem(item, f"{path}[{index}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInput(f"payload{path}: key {key!r} is not a string")
            _find_problem(item, f"{path}.{key}")
        return
    raise InvalidInput(
        f"payload{path}: {type(value).__name__} cannot be journaled exactly; "
        "use int, str, bool, null, lists and objects (write fractions and decimals as strings)"
    )


def canonical_json(value: JsonValue) -> str:
    """The one JSON text of a value: sorted keys, no spaces, UTF-8, no floats."""
    _check_json(value, "")
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def format_time(moment: datetime) -> str:
    """A UTC timestamp as journaled: ISO 8601 with microseconds and a Z."""
    if moment.tzinfo is None:
        raise InvalidInput("recorded_at: a journal time must carry its time zone")
    return _formatted(moment)


@functools.lru_cache(maxsize=4_096)
def _formatted(moment: datetime) -> str:
    # A batch of 500 ballots formats the same moment a few thousand times.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def compute_hash(
    *, seq: int, recorded_at: str, actor: str, kind: str, payload: JsonValue, prev_hash: str
) -> str:
    """SHA-256 (hex) over the canonical JSON encoding of an entry's fields."""
    return hash_of_text(
        seq=seq,
        recorded_at=recorded_at,
        actor=actor,
        kind=kind,
        payload_text=canonical_json(payload),
        prev_hash=prev_hash,
    )


def hash_of_text(
    *, seq: int, recorded_at: str, actor: str, kind: str, payload_text: str, prev_hash: str
) -> str:
    """compute_hash for a payload already in canonical JSON: the record's canonical text is
    assembled around it (keys in sorted order), so a large payload is encoded only once."""
    dump = functools.partial(json.dumps, ensure_ascii=False)
    record = (
        f'{{"actor":{dump(actor)},"kind":{dump(kind)},"payload":{payload_text},'
        f'"prev_hash":{dump(prev_hash)},"recorded_at":{dump(recorded_at)},"seq":{int(seq)}}}'
    )
    return hashlib.sha256(record.encode("utf-8")).hexdigest()


def seal(head: Head, *, at: datetime, actor: str, kind: str, payload: JsonValue) -> Entry:
    """The entry that follows `head`, recording an act of `kind` by `actor` at `at`."""
    if not actor or len(actor) > 200:
        raise InvalidInput(f"actor: {actor!r} must be 1 to 200 characters")
    if not _KIND.match(kind):
        raise InvalidInput(f"kind: {kind!r} must be a CamelCase name of up to 100 characters")
    text = canonical_json(payload)
    recorded_at = format_time(at)
    seq = head.seq + 1
    digest = hash_of_text(
        seq=seq,
        recorded_at=recorded_at,
        actor=actor,
        kind=kind,
        payload_text=text,
        prev_hash=head.hash,
    )
    return Entry(seq, recorded_at, actor, kind, text, head.hash, digest)


@dataclass(frozen=True)
class Problem:
    """The first place where a chain breaks."""

    seq: int
    reason: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.reason}"


@dataclass(frozen=True)
class ChainReport:
    """What walking a chain found: how many entries, the head, and the first problem if any."""

    count: int
    head: Head
    problem: Problem | None

    @property
    def is_intact(self) -> bool:
        return self.problem is None


def _content_problem(entry: Entry) -> str | None:
    """Why an entry's own fields do not match its hash, or None when they do."""
    try:
        payload = json.loads(entry.payload)
        canonical = canonical_json(payload)
    except (ValueError, InvalidInput):
        return "payload is not valid canonical JSON (edited)"
    if canonical != entry.payload:
        return "payload is not in canonical form (edited)"
    if not _HEX64.match(entry.hash) or not _HEX64.match(entry.prev_hash):
        return "hash field is not a SHA-256 hex digest (edited)"
    computed = hash_of_text(
        seq=entry.seq,
        recorded_at=entry.recorded_at,
        actor=entry.actor,
        kind=entry.kind,
        payload_text=canonical,
        prev_hash=entry.prev_hash,
    )
    if computed != entry.hash:
        return f"hash mismatch: stored {entry.hash[:12]}…, computed {computed[:12]}… (edited)"
    return None


def _link_problem(entry: Entry, previous: Head, locate: Callable[[str], int | None]) -> str:
    """Why an intact entry does not follow the previous one: reordered or replaced."""
    where = locate(entry.prev_hash)
    if where is not None and where != previous.seq:
        return f"follows entry {where}, not entry {previous.seq} (entries were reordered)"
    return f"does not follow entry {previous.seq}: its previous hash does not match (replaced)"


def _check_entry(entry: Entry, previous: Head, locate: Callable[[str], int | None]) -> str | None:
    if entry.seq != previous.seq + 1:
        return None  # reported by the caller as a gap
    content = _content_problem(entry)
    if content is not None:
        where = locate(entry.prev_hash)
        if where is not None and where != previous.seq:
            return f"{content}; it follows entry {where} (entries were reordered)"
        return content
    if entry.prev_hash != previous.hash:
        return _link_problem(entry, previous, locate)
    return None


def _strays(numbers: list[int]) -> str:
    if not numbers:
        return ""
    return f"; entries numbered {', '.join(map(str, numbers))} are out of place"


def check_chain(
    entries: Iterable[Entry],
    *,
    remembered: Iterable[tuple[str, Head]] = (),
    end: Head | None = None,
    locate: Callable[[str], int | None] = lambda _hash: None,
) -> ChainReport:
    """Walk entries in sequence order and report the first broken link.

    `remembered` are heads known from outside the database (a witness file, a
    receipt), each with a name for the message: an entry
    they name must exist with their hash, or the journal was cut short or rewritten.
    `end` is the head the database records beside the journal: the chain must end
    exactly there. `locate` finds the sequence number of the entry with a given hash.
    """
    previous = EMPTY_HEAD
    heads = sorted(remembered, key=lambda item: item[1].seq)
    if end is not None:
        heads.append(("database's head record", end))
    count = 0
    strays: list[int] = []  # numbers no entry may have; their rows belong elsewhere
    for entry in entries:
        if entry.seq < 1:
            strays.append(entry.seq)
            continue
        if entry.seq != previous.seq + 1:
            reason = f"missing (gap: the next entry is {entry.seq}){_strays(strays)}"
            return ChainReport(count, previous, Problem(previous.seq + 1, reason))
        problem = _check_entry(entry, previous, locate)
        if problem is not None:
            return ChainReport(count, previous, Problem(entry.seq, problem))
        for name, head in heads:
            if head.seq == entry.seq and head.hash != entry.hash:
                reason = f"does not match the {name} ({head.hash[:12]}…): rewritten"
                return ChainReport(count, previous, Problem(entry.seq, reason))
        if end is not None and entry.seq > end.seq:
            reason = (
                f"not in the database's head record, which ends at entry {end.seq} "
                "(appended outside soviet)"
            )
            return ChainReport(count, previous, Problem(entry.seq, reason))
        previous = Head(entry.seq, entry.hash)
        count += 1
    for name, head in heads:
        if head.seq > previous.seq:
            reason = (
                f"missing: the journal ends at entry {previous.seq} but the {name} "
                f"is entry {head.seq} (truncated){_strays(strays)}"
            )
            return ChainReport(count, previous, Problem(previous.seq + 1, reason))
    if strays:
        reason = f"entries numbered {', '.join(map(str, strays))} stand before entry 1"
        return ChainReport(count, previous, Problem(1, reason))
    return ChainReport(count, previous, None)
