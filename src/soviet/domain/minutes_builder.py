"""The state of a session's minutes as its entries are read in order (domain.minutes
picks the entries and reads the names; this puts them together)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from soviet.domain import agenda as domain_agenda
from soviet.domain.events import Event, alternates, bodies, elections, mandates, resolutions
from soviet.domain.events import agenda as agenda_events
from soviet.domain.events import sessions as session_events
from soviet.domain.events import speakers as speaker_events
from soviet.domain.ids import ORDINAL_BITS, format_id, format_optional_id
from soviet.domain.journal import Entry
from soviet.domain.views import minutes as views

#: The kinds of entries on a motion of the session (named by `motion`).
MOTION_EVENTS = (
    session_events.FractionPositionTaken,
    session_events.VoteOpened,
    session_events.VoteCast,
    session_events.SecretBallotCast,
    alternates.ProxyVoteCast,
    resolutions.VoteClosed,
)


def stored_id(seq: int, ordinal: int = 0) -> int:
    """The stored id of the `ordinal`-th thing entry `seq` made (domain.ids)."""
    return seq << ORDINAL_BITS | ordinal


def ended_mandates(event: Event) -> tuple[int, ...]:
    """The mandates an entry ends, if it ends any."""
    if isinstance(event, mandates.DelegateRecalled | mandates.DelegateReplaced):
        return (event.mandate,)
    if isinstance(event, mandates.MandateEnded):
        return (event.mandate,)
    if isinstance(event, elections.ElectionClosed | bodies.BodyRefreshed):
        return event.ended
    return ()


def fractions_in(
    entries: Iterable[tuple[Entry, Event]], parties: Mapping[str, views.Named]
) -> dict[int, views.Named | None]:
    """The fraction of each mandate the entries among `entries` began (an election's
    close, a body's refresh, a successor taking a seat), by the party it was won for."""
    found: dict[int, views.Named | None] = {}
    for entry, event in entries:
        begun: list[str | None]
        if isinstance(event, elections.ElectionClosed):
            begun = [row.party for row in event.mandates]
        elif isinstance(event, bodies.BodyRefreshed):
            begun = [row.party for row in event.started]
        elif isinstance(
            event, mandates.DelegateRecalled | mandates.DelegateReplaced | mandates.MandateEnded
        ):
            begun = [event.successor.party] if event.successor else []
        else:
            continue
        for ordinal, party in enumerate(begun):
            found[stored_id(entry.seq, ordinal)] = parties.get(party) if party else None
    return found


@dataclass
class _Vote:
    opened: session_events.VoteOpened
    ballots: list[tuple[int, int | None, str, int | None]] = field(default_factory=list)
    cast: int = 0
    closed: resolutions.VoteClosed | None = None


@dataclass
class _Motion:
    id: int
    moved: session_events.MotionMoved
    positions: list[views.Position] = field(default_factory=list)
    vote: _Vote | None = None
    amended_text: str | None = None


@dataclass
class _Speech:
    asked: speaker_events.SpeakerRequested
    started_at: str | None = None
    ended_at: str | None = None


class Builder:
    """The state of the minutes as the session's entries are read in order."""

    def __init__(
        self, names: Mapping[int, views.Named], fractions: Mapping[int, views.Named | None]
    ) -> None:
        self.names = names
        self.fractions = fractions  # the fraction of each mandate's holder
        self.convened: session_events.SessionConvened | None = None
        self.closed_at: str | None = None
        self.session = 0
        self.present: dict[int, int] = {}  # mandate: person
        self.attended: dict[int, views.Named] = {}
        self.changes: list[views.AttendanceChange] = []
        self.agenda = domain_agenda.convened(())
        self.removed: list[domain_agenda.Item] = []
        self.added: set[int] = set()
        self.called: dict[int, list[str]] = {}
        self.attached: dict[int, list[str]] = {}
        self.amendments: list[views.AgendaAmendment] = []
        self.motions: dict[int, _Motion] = {}
        self.speeches: dict[int, _Speech] = {}
        self.resolutions: list[views.Resolution] = []

    def name(self, stored: int) -> views.Named:
        found = self.names.get(stored)
        return found if found is not None else views.Named(format_id(stored), format_id(stored))

    def optional_name(self, stored: int | None) -> views.Named | None:
        return None if stored is None else self.name(stored)

    def persons(self, ids: Iterable[int]) -> tuple[views.Named, ...]:
        return tuple(sorted((self.name(p) for p in ids), key=lambda n: (n.name, n.slug)))

    def by_fraction(self, mandates_: Iterable[int]) -> tuple[views.FractionCount, ...]:
        """How many of `mandates_` each fraction holds, the largest first."""
        counts: dict[views.Named | None, int] = {}
        for mandate in mandates_:
            fraction = self.fractions.get(mandate)
            counts[fraction] = counts.get(fraction, 0) + 1
        return tuple(
            views.FractionCount(fraction, n)
            for fraction, n in sorted(
                counts.items(), key=lambda i: (-i[1], i[0].name if i[0] else "")
            )
        )

    def arrive(self, at: str, change: str, people: Iterable[Any], party: int | None) -> None:
        arrived = [(a.mandate, a.person) for a in people]
        self.present.update(arrived)
        for _mandate, person in arrived:
            self.attended[person] = self.name(person)
        shown = self.persons(person for _mandate, person in arrived)
        counts = self.by_fraction(mandate for mandate, _person in arrived)
        fraction = self.optional_name(party)
        self.changes.append(views.AttendanceChange(at, change, shown, counts, fraction))

    def depart(self, at: str, change: str, mandates_: Iterable[int], party: int | None) -> None:
        gone = [m for m in mandates_ if m in self.present]
        shown = self.persons(self.present.pop(m) for m in gone)
        counts = self.by_fraction(gone)
        fraction = self.optional_name(party)
        self.changes.append(views.AttendanceChange(at, change, shown, counts, fraction))

    def apply(self, entry: Entry, event: Event) -> None:
        if isinstance(event, session_events.SessionConvened):
            self.convened, self.session = event, stored_id(entry.seq)
            self.agenda = domain_agenda.convened(event.agenda)
        elif isinstance(event, session_events.SessionClosed):
            self.closed_at = event.at
        elif isinstance(event, session_events.AttendanceCheckedIn):
            self.arrive(event.at, "checked-in", event.attendees, None)
        elif isinstance(event, session_events.FractionReturned):
            self.arrive(event.at, "returned", event.attendees, event.party)
        elif isinstance(event, session_events.AttendanceLeft):
            self.depart(event.at, "left", event.mandates, None)
        elif isinstance(event, session_events.FractionWalkedOut):
            self.depart(event.at, "walked-out", event.mandates, event.party)
        elif ended_mandates(event):
            self.depart(_moment(entry, event), "mandate-ended", ended_mandates(event), None)
        elif isinstance(event, session_events.MotionMoved):
            self.motions[stored_id(entry.seq)] = _Motion(stored_id(entry.seq), event)
        elif isinstance(event, MOTION_EVENTS):
            self.on_motion(self.motions[event.motion], event)
        else:
            self.on_agenda_or_speech(entry, event)

    def on_motion(self, motion: _Motion, event: Event) -> None:
        if isinstance(event, session_events.FractionPositionTaken):
            position = views.Position(self.name(event.party), event.position, event.at)
            motion.positions.append(position)
        elif isinstance(event, session_events.VoteOpened):
            # A practice poll (where the statute keeps one) stays out of the record.
            motion.vote = None if getattr(event, "practice", False) else _Vote(event)
        elif motion.vote is None:
            return
        elif isinstance(event, session_events.VoteCast):
            motion.vote.ballots.append((event.person, event.party, event.choice, None))
            motion.vote.cast += 1
        elif isinstance(event, alternates.ProxyVoteCast):  # cast for her by her proxy
            motion.vote.ballots.append((event.person, event.party, event.choice, event.holder))
            motion.vote.cast += 1
        elif isinstance(event, session_events.SecretBallotCast):
            motion.vote.cast += 1
        elif isinstance(event, resolutions.VoteClosed):
            motion.vote.closed = event
            if event.amended_motion is not None and event.amended_motion.id in self.motions:
                self.motions[event.amended_motion.id].amended_text = event.amended_motion.text
            if event.resolution is not None:
                self.resolutions.append(self.resolution(motion.id, event.resolution))

    def resolution(self, motion: int, found: resolutions.Resolution) -> views.Resolution:
        return views.Resolution(
            number=found.number,
            motion=format_id(motion),
            text=found.text,
            amends=format_optional_id(found.amends),
            new_text=found.new_text,
            annuls=format_optional_id(found.annuls),
            commission=found.commission.name if found.commission else None,
            not_carried_out=found.not_carried_out,
        )

    def on_agenda_or_speech(self, entry: Entry, event: Event) -> None:
        if isinstance(event, agenda_events.AgendaItemCalled):
            self.called.setdefault(event.item, []).append(event.at)
        elif isinstance(event, agenda_events.MotionAttached):
            self.attached.setdefault(event.item, []).append(format_id(event.motion))
        elif isinstance(event, agenda_events.AgendaAmended):
            self.amend(event)
        elif isinstance(event, speaker_events.SpeakerRequested):
            self.speeches[stored_id(entry.seq)] = _Speech(event)
        elif isinstance(event, speaker_events.SpeechStarted):
            self.speeches[event.speaker].started_at = event.at
        elif isinstance(event, speaker_events.SpeechEnded):
            self.speeches[event.speaker].ended_at = event.at

    def amend(self, event: agenda_events.AgendaAmended) -> None:
        change = event.change
        number = change.item or 0
        asked = domain_agenda.Change(
            change.change,
            None if change.change == "add" else change.item,
            change.title,
            change.position,
        )
        before = {item.number: item for item in self.agenda.items}
        applied = domain_agenda.amend(self.agenda, asked, number)
        if applied is not None:
            self.agenda = applied[0]
            if change.change == "add":
                self.added.add(number)
            if change.change == "remove" and change.item in before:
                self.removed.append(before[change.item])
        self.amendments.append(
            views.AgendaAmendment(
                format_id(event.motion),
                event.at,
                change.change,
                change.item,
                change.title,
                change.position,
            )
        )

    def item(self, item: domain_agenda.Item) -> views.AgendaItem:
        return views.AgendaItem(
            item.number,
            item.title,
            item.number in self.added,
            tuple(self.called.get(item.number, ())),
            tuple(self.attached.get(item.number, ())),
        )

    def vote(self, found: _Vote) -> views.Vote:
        opened, closed = found.opened, found.closed
        register = getattr(opened, "register", None)  # a poll's register, where it is kept
        ballots = None
        if opened.mode == "roll-call" and closed is not None:  # choices shown once closed
            ballots = tuple(
                sorted(
                    (
                        views.Ballot(self.name(p), self.optional_name(f), c, self.optional_name(by))
                        for p, f, c, by in found.ballots
                    ),
                    key=lambda b: (b.person.name, b.person.slug),
                )
            )
        return views.Vote(
            mode=opened.mode,
            opened_at=opened.at,
            present=opened.present,
            seats=opened.seats,
            register=None
            if register is None
            else tuple(
                views.Entitled(self.name(line.person), format_id(line.mandate), line.weight)
                for line in register
            ),
            ballots=ballots,
            ballots_cast=found.cast,
            closed_at=closed.at if closed else None,
            yes=closed.yes if closed else None,
            no=closed.no if closed else None,
            abstain=closed.abstain if closed else None,
            outcome=closed.outcome if closed else None,
        )

    def motion(self, found: _Motion) -> views.Motion:
        moved = found.moved
        return views.Motion(
            motion=format_id(found.id),
            slug=moved.slug,
            kind=moved.kind,
            title=moved.title,
            text=moved.text,
            mover_kind=moved.mover_kind,
            mover=moved.mover,
            moved_at=moved.moved_at,
            amends=format_optional_id(moved.amends),
            positions=tuple(found.positions),
            vote=None if found.vote is None else self.vote(found.vote),
            amended_text=found.amended_text,
        )

    def speech(self, found: _Speech) -> views.Speech:
        asked = found.asked
        assert found.started_at is not None
        return views.Speech(
            person=self.name(asked.person),
            fraction=self.optional_name(asked.party),
            kind=asked.kind,
            stance=asked.stance,
            item=asked.item,
            motion=format_optional_id(asked.motion),
            started_at=found.started_at,
            ended_at=found.ended_at,
        )


def _moment(entry: Entry, event: Event) -> str:
    """When an entry that ends mandates took effect, as it says."""
    for name in ("recalled_at", "replaced_at", "ended_at", "closed_at", "at"):
        value = getattr(event, name, None)
        if isinstance(value, str):
            return value
    return entry.recorded_at
