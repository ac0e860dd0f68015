"""Entries of lists of speakers: a delegate asking for the floor (a speech, a point of
order, a reply), withdrawn or taken off, moved by the chair, called and stopped.

A list belongs to a session, and to one of its motions for that motion's debate
(`motion` None: the session's own list), or to one of its agenda items (`item`, by
number; written only when set, so that older entries read as before). The speaker is
the `SpeakerRequested` entry's id; a person and her fraction are named by their ids, as
in roll calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from soviet.domain.events.base import Event, journaled
from soviet.domain.events.codec import OMITTED_WHEN_NONE


@journaled
@dataclass(frozen=True)
class SpeakerRequested(Event):
    """A delegate present asked for the floor: a speech pro, contra or neutral, a point of
    order, or a reply to the current speaker."""

    KIND: ClassVar[str] = "SpeakerRequested"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    motion: int | None
    person: int
    party: int | None
    kind: str  # speech | point-of-order | reply
    stance: str  # pro | contra | neutral
    at: str
    item: int | None = field(default=None, metadata=OMITTED_WHEN_NONE)  # an agenda item's list


@journaled
@dataclass(frozen=True)
class SpeakerWithdrawn(Event):
    """A waiting speaker left the list: by her own wish, or taken off by the chair."""

    KIND: ClassVar[str] = "SpeakerWithdrawn"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    speaker: int
    by: str  # self | chair
    at: str


@journaled
@dataclass(frozen=True)
class SpeakerMoved(Event):
    """The chair moved a waiting speaker in front of another (`before` None: to the end)."""

    KIND: ClassVar[str] = "SpeakerMoved"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    speaker: int
    before: int | None
    at: str


@journaled
@dataclass(frozen=True)
class SpeechStarted(Event):
    """The chair gave the floor to the head of the list."""

    KIND: ClassVar[str] = "SpeechStarted"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    speaker: int
    at: str


@journaled
@dataclass(frozen=True)
class SpeechEnded(Event):
    """The chair stopped the current speaker."""

    KIND: ClassVar[str] = "SpeechEnded"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    speaker: int
    at: str
