"""The minutes made from journal entries alone, without a database: which entries belong
to a session, names read from the registration entries, a mandate ending while its
holder attends, the fraction a mandate counts for, a practice poll kept out, a poll's
register shown when its entry carries one and left out when it does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from soviet.domain import minutes
from soviet.domain.events import Event
from soviet.domain.events.elections import MandateBegun
from soviet.domain.events.mandates import MandateEnded
from soviet.domain.events.registers import (
    PartyRegistered,
    PersonsRegistered,
    RegisteredPerson,
)
from soviet.domain.events.resolutions import VoteClosed
from soviet.domain.events.sessions import (
    AttendanceCheckedIn,
    Attendee,
    Entitled,
    MotionMoved,
    MotionTerms,
    SessionClosed,
    SessionConvened,
    VoteCast,
    VoteOpened,
)
from soviet.domain.ids import ORDINAL_BITS
from soviet.domain.journal import EMPTY_HEAD, Entry, Head, seal
from soviet.domain.views import to_json
from soviet.domain.views.minutes import Named

AT = "1917-10-25T10:00:00.000000Z"
F = "petrograd-1917"


def _id(seq: int, ordinal: int = 0) -> int:
    return seq << ORDINAL_BITS | ordinal


def _journal(events: list[Event]) -> list[Entry]:
    """The events journaled in order, entry 1 first."""
    entries, head = [], EMPTY_HEAD
    for event in events:
        entry = seal(
            head, at=datetime(2026, 1, 1, tzinfo=UTC), actor="system", kind=event.KIND,
            payload=event.to_json(),
        )  # fmt: skip
        entries.append(entry)
        head = Head(entry.seq, entry.hash)
    return entries


ANNA, BORIS, CLARA = _id(1), _id(1, 1), _id(1, 2)
REDS = _id(2)
SESSION, OTHER, MOTION = _id(3), _id(4), _id(8)
M1, M2, M3 = _id(50), _id(50, 1), _id(50, 2)  # mandates


def _moved(session: int, slug: str) -> MotionMoved:
    return MotionMoved(
        F, 5, session, slug, "motion", slug.title(), "Text.", "fraction", "reds", None, None,
        MotionTerms(), AT,
    )  # fmt: skip


EVENTS: list[Event] = [
    PersonsRegistered(
        F,
        AT,
        (
            RegisteredPerson("anna", "Anna"),
            RegisteredPerson("boris", "Boris, the younger"),
            RegisteredPerson("clara", "Clara"),
        ),
    ),
    PartyRegistered(F, "reds", "Reds", "A programme.", ()),
    SessionConvened(F, _id(99, 1), None, ("Peace",), AT),  # 3
    SessionConvened(F, _id(99, 1), None, ("Bread",), AT),  # 4: another session
    AttendanceCheckedIn(F, SESSION, (Attendee(M1, ANNA), Attendee(M2, BORIS)), AT),  # 5
    AttendanceCheckedIn(F, OTHER, (Attendee(M3, CLARA),), AT),  # 6
    MandateEnded(F, M2, AT, "resignation", None, None),  # 7: Boris's, while she attends
    _moved(SESSION, "peace"),  # 8
    MandateEnded(F, M3, AT, "death", None, None),  # 9: Clara attends the other session
    _moved(OTHER, "bread"),  # 10
    VoteOpened(F, MOTION, "roll-call", AT, 1, 3, None, False, "at-close"),  # 11: practice below
    VoteCast(F, MOTION, ANNA, REDS, "no", AT),  # 12
    VoteOpened(F, MOTION, "roll-call", AT, 1, 3, None, False, "at-close"),  # 13
    VoteCast(F, MOTION, ANNA, REDS, "yes", AT),  # 14
    VoteClosed(F, MOTION, AT, 1, 0, 0, "adopted", None, None),  # 15
    SessionClosed(F, SESSION, AT),  # 16
    AttendanceCheckedIn(F, SESSION, (Attendee(M2, BORIS),), AT),  # 17: after the close
]


def _found() -> list[tuple[Entry, Event]]:
    entries = _journal(EVENTS)
    return list(minutes.session_entries(SESSION, entries[2:]))


def test_the_entries_of_a_session_and_no_other() -> None:
    found = _found()
    assert [entry.seq for entry, _ in found] == [3, 5, 7, 8, 11, 12, 13, 14, 15, 16]
    assert minutes.wanted_names(found) == {1, 2, 99}


def test_names_come_from_the_registration_entries_and_an_unknown_id_shows_as_itself() -> None:
    entries = _journal(EVENTS)
    names = minutes.names_in(entries)
    assert names == {
        ANNA: Named("anna", "Anna"),
        BORIS: Named("boris", "Boris, the younger"),
        CLARA: Named("clara", "Clara"),
        REDS: Named("reds", "Reds"),
    }
    made = minutes.minutes(_found(), names, {})
    assert made.council == Named("99.1", "99.1")
    assert [(c.change, [p.slug for p in c.persons]) for c in made.attendance.changes] == [
        ("checked-in", ["anna", "boris"]),
        ("mandate-ended", ["boris"]),
    ]
    assert made.attendance.present_at_end == 1
    assert made.entries == (3, 16)


def test_a_practice_poll_stays_out_and_a_register_is_shown_when_carried() -> None:
    found = _found()
    names = minutes.names_in(_journal(EVENTS))
    plain = minutes.minutes(found, names, {})
    [motion] = plain.motions
    assert motion.vote is not None
    assert motion.vote.ballots is not None
    # Without a practice mark the later opening starts the vote afresh: its ballots only.
    assert [(b.person.slug, b.choice) for b in motion.vote.ballots] == [("anna", "yes")]
    assert "register" not in to_json(motion.vote)  # type: ignore[operator]
    marked = []
    for entry, event in found:
        if entry.seq == 11:
            event = replace(event, practice=True)
        elif entry.seq == 13:
            event = replace(event, register=(Entitled(M1, ANNA, 2),))
        marked.append((entry, event))
    [motion] = minutes.minutes(marked, names, {}).motions
    assert motion.vote is not None
    assert motion.vote.register is not None
    assert [(e.person.slug, e.mandate, e.weight) for e in motion.vote.register] == [
        ("anna", "50", 2)
    ]
    assert motion.vote.ballots_cast == 1
    practice_only = [(e, v) for e, v in marked if e.seq not in (13, 14, 15)]
    [motion] = minutes.minutes(practice_only, names, {}).motions
    assert motion.vote is None  # a practice poll is no vote of the record


def test_a_mandate_counts_for_the_party_it_was_begun_for() -> None:
    successor = MandateBegun("putilov", 1, "reds", "anna")
    entries = _journal(
        [
            PartyRegistered(F, "reds", "Reds", "A programme.", ()),
            PartyRegistered("elsewhere", "reds", "Other reds", "Another programme.", ()),
            MandateEnded(F, _id(70), AT, "death", successor, None),
            MandateEnded(F, _id(71), AT, "death", None, None),
        ]
    )
    parties = minutes.parties_in(entries, F)
    assert parties == {"reds": Named("reds", "Reds")}
    assert minutes.fractions_of(entries, parties) == {_id(3): Named("reds", "Reds")}
