"""The minutes of a plenary session, made from its journal entries alone.

`session_entries` picks, from the entries journaled from a session's convening on (of the
kinds in `KINDS`), those of the session: its own acts, its motions' votes, and the
mandates that ended while their holders attended; it stops at the session's close.
`wanted_names` says which ids the minutes name (persons, parties, the council), each
made by the registration entry whose number it carries (domain.ids), and `names_in`
reads their names from those entries. `minutes` then puts it all together. Nothing here
reads a projection: the same journal gives the same minutes, on any database rebuilt
from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from soviet.domain.events import (
    Event,
    alternates,
    bodies,
    elections,
    event_from_json,
    mandates,
    registers,
    resolutions,
)
from soviet.domain.events import agenda as agenda_events
from soviet.domain.events import sessions as session_events
from soviet.domain.events import speakers as speaker_events
from soviet.domain.ids import ORDINAL_BITS, format_id
from soviet.domain.journal import Entry
from soviet.domain.minutes_builder import MOTION_EVENTS, Builder, fractions_in, stored_id
from soviet.domain.views import minutes as views

#: The kinds of entries minutes are made of.
KINDS = (
    session_events.SessionConvened.KIND,
    session_events.SessionClosed.KIND,
    session_events.AttendanceCheckedIn.KIND,
    session_events.AttendanceLeft.KIND,
    session_events.FractionWalkedOut.KIND,
    session_events.FractionReturned.KIND,
    session_events.MotionMoved.KIND,
    session_events.FractionPositionTaken.KIND,
    session_events.VoteOpened.KIND,
    session_events.VoteCast.KIND,
    session_events.SecretBallotCast.KIND,
    alternates.ProxyVoteCast.KIND,
    resolutions.VoteClosed.KIND,
    agenda_events.AgendaItemCalled.KIND,
    agenda_events.MotionAttached.KIND,
    agenda_events.AgendaAmended.KIND,
    speaker_events.SpeakerRequested.KIND,
    speaker_events.SpeechStarted.KIND,
    speaker_events.SpeechEnded.KIND,
    mandates.DelegateRecalled.KIND,
    mandates.DelegateReplaced.KIND,
    mandates.MandateEnded.KIND,
    elections.ElectionClosed.KIND,
    bodies.BodyRefreshed.KIND,
)
#: The kinds of entries that register what minutes name.
NAMING_KINDS = (
    registers.PersonsRegistered.KIND,
    registers.PartyRegistered.KIND,
    registers.StatuteApplied.KIND,
)
_CONVENED = session_events.SessionConvened.KIND
_ON_MOTIONS = frozenset(kind.KIND for kind in MOTION_EVENTS)
#: The kinds that end mandates (by `mandate`, or a list of them, `ended`) and begin them.
_ENDING = _BEGINNING = frozenset(
    kind.KIND
    for kind in (
        mandates.DelegateRecalled,
        mandates.DelegateReplaced,
        mandates.MandateEnded,
        elections.ElectionClosed,
        bodies.BodyRefreshed,
    )
)


def _seq(stored: int) -> int:
    return stored >> ORDINAL_BITS


def session_entries(session: int, entries: Iterable[Entry]) -> Iterator[tuple[Entry, Event]]:
    """The entries of a session among `entries` (in journal order, from its convening on),
    typed; it stops after the session's close. Whether an entry concerns the session is
    read from its payload before it is decoded: most entries in between do not."""
    convened = False
    motions: set[int] = set()
    attending: set[int] = set()  # mandates
    for entry in entries:
        if entry.kind not in KINDS:
            continue
        data = entry.data()
        if not convened:
            convened = entry.seq == _seq(session) and entry.kind == _CONVENED
            if convened:
                yield entry, event_from_json(entry.kind, data)
            continue
        if entry.kind in _ENDING:
            ended = ({data.get("mandate")} | set(data.get("ended") or ())) & attending
            attending -= ended
            concerned = bool(ended)
        elif entry.kind in _ON_MOTIONS:
            concerned = data.get("motion") in motions
        else:
            concerned = data.get("session") == session
        if not concerned:
            continue
        event = event_from_json(entry.kind, data)
        if isinstance(event, session_events.MotionMoved):
            motions.add(stored_id(entry.seq))
        elif isinstance(
            event, session_events.AttendanceCheckedIn | session_events.FractionReturned
        ):
            attending |= {a.mandate for a in event.attendees}
        elif isinstance(event, session_events.AttendanceLeft | session_events.FractionWalkedOut):
            attending -= set(event.mandates)
        yield entry, event
        if isinstance(event, session_events.SessionClosed):
            return


def wanted_names(found: Iterable[tuple[Entry, Event]]) -> set[int]:
    """The numbers of the entries that registered who and what the minutes name."""
    ids: set[int] = set()
    for _entry, event in found:
        if isinstance(event, session_events.SessionConvened):
            ids.add(event.council)
        for name in ("person", "party"):
            value = getattr(event, name, None)
            if isinstance(value, int):
                ids.add(value)
        for attendee in getattr(event, "attendees", ()):
            ids.add(attendee.person)
        for line in getattr(event, "register", None) or ():  # a poll's register, if kept
            ids.add(line.person)
    return {_seq(stored) for stored in ids}


def names_in(entries: Iterable[Entry]) -> dict[int, views.Named]:
    """The persons, parties and councils the registration entries among `entries` made,
    by id, each with its slug and its name."""
    names: dict[int, views.Named] = {}
    for entry in entries:
        if entry.kind not in NAMING_KINDS:
            continue
        event = event_from_json(entry.kind, entry.data())
        if isinstance(event, registers.PersonsRegistered):
            for ordinal, person in enumerate(event.persons):
                names[stored_id(entry.seq, ordinal)] = views.Named(person.slug, person.name)
        elif isinstance(event, registers.PartyRegistered):
            names[stored_id(entry.seq)] = views.Named(event.party, event.name)
        elif isinstance(event, registers.StatuteApplied):
            for ordinal, slug in enumerate(event.new_councils, start=1):
                council = event.document.councils.get(slug)
                names[stored_id(entry.seq, ordinal)] = views.Named(
                    slug, council.name if council else slug
                )
    return names


def wanted_mandates(found: Iterable[tuple[Entry, Event]]) -> set[int]:
    """The numbers of the entries that began the mandates of those who attended."""
    return {
        _seq(attendee.mandate)
        for _entry, event in found
        for attendee in getattr(event, "attendees", ())
    }


def parties_in(entries: Iterable[Entry], federation: str) -> dict[str, views.Named]:
    """A federation's parties registered among `entries`, by slug."""
    found: dict[str, views.Named] = {}
    for entry in entries:
        if entry.kind == registers.PartyRegistered.KIND:
            event = registers.PartyRegistered.from_json(entry.data())
            if event.federation == federation:
                found[event.party] = views.Named(event.party, event.name)
    return found


def fractions_of(
    entries: Iterable[Entry], parties: Mapping[str, views.Named]
) -> dict[int, views.Named | None]:
    """The fraction of each mandate the entries (from `wanted_mandates`) began."""
    typed = (
        (entry, event_from_json(entry.kind, entry.data()))
        for entry in entries
        if entry.kind in _BEGINNING
    )
    return fractions_in(typed, parties)


def minutes(
    found: Iterable[tuple[Entry, Event]],
    names: Mapping[int, views.Named],
    fractions: Mapping[int, views.Named | None],
) -> views.Minutes:
    """The minutes of the session whose entries (from `session_entries`) are `found`,
    naming persons, parties and the council by `names` (from `names_in`), and counting
    delegates by the fractions of their mandates (from `fractions_of`)."""
    builder = Builder(names, fractions)
    first = last = 0
    for entry, event in found:
        first, last = first or entry.seq, entry.seq
        builder.apply(entry, event)
    convened = builder.convened
    if convened is None:
        raise ValueError("minutes: the entries hold no session's convening")
    return views.Minutes(
        session=format_id(builder.session),
        council=builder.name(convened.council),
        section=convened.section,
        convened_at=convened.convened_at,
        closed_at=builder.closed_at,
        attendance=views.Attendance(
            attended=tuple(sorted(builder.attended.values(), key=lambda n: (n.name, n.slug))),
            changes=tuple(builder.changes),
            present_at_end=len(builder.present),
            present_at_end_by_fraction=builder.by_fraction(builder.present),
        ),
        agenda=views.Agenda(
            convened=convened.agenda,
            items=tuple(builder.item(item) for item in builder.agenda.items),
            removed=tuple(builder.item(item) for item in builder.removed),
            amendments=tuple(builder.amendments),
        ),
        speeches=tuple(
            builder.speech(s)
            for s in sorted(builder.speeches.values(), key=lambda s: s.started_at or "")
            if s.started_at is not None
        ),
        motions=tuple(builder.motion(m) for m in builder.motions.values()),
        resolutions=tuple(builder.resolutions),
        entries=(first, last),
    )
