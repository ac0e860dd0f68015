"""Lists of speakers: each request for the floor, called, stopped, moved or withdrawn."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from soviet.domain.events.speakers import (
    SpeakerMoved,
    SpeakerRequested,
    SpeakerWithdrawn,
    SpeechEnded,
    SpeechStarted,
)
from soviet.domain.journal import Entry
from soviet.store.effects import NO_EFFECTS, Effects
from soviet.store.registry import applies, entity_id
from soviet.store.schema import speakers


@applies(SpeakerRequested)
def speaker_requested(connection: Connection, entry: Entry, event: SpeakerRequested) -> Effects:
    connection.execute(
        speakers.insert().values(
            id=entity_id(entry.seq),
            session_id=event.session,
            motion_id=event.motion,
            person_id=event.person,
            party_id=event.party,
            kind=event.kind,
            stance=event.stance,
            requested_at=event.at,
            started_at=None,
            ended_at=None,
            removed_at=None,
            removed_by=None,
            is_moved=False,
            before_id=None,
            moved_seq=None,
            item=event.item,
        )
    )
    return NO_EFFECTS


def _update(connection: Connection, speaker: int, **values: object) -> Effects:
    connection.execute(speakers.update().where(speakers.c.id == speaker).values(**values))
    return NO_EFFECTS


@applies(SpeakerWithdrawn)
def speaker_withdrawn(connection: Connection, entry: Entry, event: SpeakerWithdrawn) -> Effects:
    return _update(connection, event.speaker, removed_at=event.at, removed_by=event.by)


@applies(SpeakerMoved)
def speaker_moved(connection: Connection, entry: Entry, event: SpeakerMoved) -> Effects:
    return _update(
        connection, event.speaker, is_moved=True, before_id=event.before, moved_seq=entry.seq
    )


@applies(SpeechStarted)
def speech_started(connection: Connection, entry: Entry, event: SpeechStarted) -> Effects:
    return _update(connection, event.speaker, started_at=event.at)


@applies(SpeechEnded)
def speech_ended(connection: Connection, entry: Entry, event: SpeechEnded) -> Effects:
    return _update(connection, event.speaker, ended_at=event.at)
