"""The base of every journal event, the registry of kinds, and how older versions are read.

An event is the payload of one journal entry, typed: a frozen dataclass whose class
names its kind (`KIND`, a past-tense name such as `DelegateRecalled`) and the version of
its schema (`VERSION`). `to_json` gives exactly the JSON that is journaled and hashed;
`from_json` reads it back, exactly.

Versions. The shape every kind has today is version 1, and its JSON carries no mark of
it, so that every entry journaled before events had schemas keeps its hash. A kind whose
shape must change gets `VERSION = 2`; its new entries carry `"schema_version": 2` (the
key `SCHEMA_VERSION`, which no field may use), and the kind overrides the class method
`upgrade(data, version)`, which rewrites the JSON of `version` into that of
`version + 1`. Reading an entry of an older version upgrades it one step at a time to
the current shape before it is decoded, so old journals still replay; an entry of a
version newer than this soviet knows is refused, not guessed at.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Self, TypeVar

from soviet.domain.events.codec import Record, decode, encode
from soviet.domain.journal import JsonValue
from soviet.errors import InvalidInput

#: The payload key that marks an entry written with a schema version after the first.
SCHEMA_VERSION = "schema_version"


@dataclasses.dataclass(frozen=True)
class Event(Record):
    """The payload of one journal entry, of one kind, in one version of its schema."""

    KIND: ClassVar[str]
    VERSION: ClassVar[int]

    def to_json(self) -> dict[str, JsonValue]:
        """The payload as journaled: the JSON object the entry's hash covers."""
        data = encode(self)
        assert isinstance(data, dict)
        if self.VERSION > 1:
            data[SCHEMA_VERSION] = self.VERSION
        return data

    @classmethod
    def from_json(cls, data: JsonValue) -> Self:
        """The event a journaled payload records, upgraded from an older version if need be."""
        if not isinstance(data, dict):
            raise InvalidInput(f"{cls.KIND}: the payload must be an object")
        data = dict(data)
        version = data.pop(SCHEMA_VERSION, 1)
        if type(version) is not int or version < 1 or version > cls.VERSION:
            raise InvalidInput(
                f"{cls.KIND}: schema version {version!r} is not one this soviet reads "
                f"(1 to {cls.VERSION})"
            )
        while version < cls.VERSION:
            data = cls.upgrade(data, version)
            version += 1
        return decode(cls, data, cls.KIND)

    @classmethod
    def upgrade(cls, data: dict[str, JsonValue], version: int) -> dict[str, JsonValue]:
        """The JSON of `version` rewritten as that of `version + 1`; a kind whose schema
        has a later version overrides this."""
        raise InvalidInput(f"{cls.KIND}: no upgrade from schema version {version}")


#: Every kind of entry, by name.
EVENTS: dict[str, type[Event]] = {}

E = TypeVar("E", bound=type[Event])


def journaled(cls: E) -> E:
    """Register an event class as the schema of its kind."""
    if cls.KIND in EVENTS:
        raise ValueError(f"two schemas for {cls.KIND}")
    if any(f.name == SCHEMA_VERSION for f in dataclasses.fields(cls)):
        raise ValueError(f"{cls.KIND}: no field may be named {SCHEMA_VERSION}")
    EVENTS[cls.KIND] = cls
    return cls


def event_from_json(kind: str, data: Any) -> Event:
    """The typed event of a journaled entry of `kind`."""
    found = EVENTS.get(kind)
    if found is None:
        raise InvalidInput(f"kind: no schema knows the kind {kind!r}")
    return found.from_json(data)
