"""Entries about the journal and its database: created, upgraded, and free notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Self

from soviet.domain.events.base import Event, journaled
from soviet.domain.journal import JsonValue
from soviet.errors import InvalidInput


@journaled
@dataclass(frozen=True)
class DatabaseInitialised(Event):
    """The schema was created in an empty database (`soviet init`)."""

    KIND: ClassVar[str] = "DatabaseInitialised"
    VERSION: ClassVar[int] = 1

    from_revision: str | None
    to_revision: str


@journaled
@dataclass(frozen=True)
class DatabaseUpgraded(Event):
    """The schema was brought from one revision to a newer one."""

    KIND: ClassVar[str] = "DatabaseUpgraded"
    VERSION: ClassVar[int] = 1

    from_revision: str | None
    to_revision: str


@journaled
@dataclass(frozen=True)
class NoteRecorded(Event):
    """A note that changes nothing but the journal: any JSON object, kept as written (the
    journal's own checks write them)."""

    KIND: ClassVar[str] = "NoteRecorded"
    VERSION: ClassVar[int] = 1

    note: dict[str, JsonValue] = field(default_factory=dict)

    def to_json(self) -> dict[str, JsonValue]:
        return dict(self.note)

    @classmethod
    def from_json(cls, data: JsonValue) -> Self:
        if not isinstance(data, dict):
            raise InvalidInput(f"{cls.KIND}: the payload must be an object")
        return cls(dict(data))
