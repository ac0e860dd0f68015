"""Read models of lists of speakers: the list in its current order with the current
speaker and her elapsed time, and the speaking time per person, fraction and group.

Both are computed from the list's requests on every read (domain.speakers), so that an
ordering, a move or a fraction's spent time shows at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from soviet.domain import speakers as rules
from soviet.domain.rules import SpeakersRule
from soviet.domain.speakers import POINT_OF_ORDER, Request
from soviet.domain.views.encoding import absent_if_none, json_key


@dataclass(frozen=True)
class Speaker:
    """A speaker waiting, at her place on the list (1 is called next)."""

    place: int
    person: str
    fraction: str | None
    kind: str
    stance: str
    requested_at: str
    is_moved: bool = field(metadata=json_key("moved"))
    is_over_time: bool = field(metadata=json_key("over_time"))


@dataclass(frozen=True)
class CurrentSpeaker:
    """Who has the floor, since when, for how long so far, and against which limit."""

    person: str
    fraction: str | None
    kind: str
    stance: str
    started_at: str
    elapsed_seconds: int
    limit_seconds: int | None
    is_over_limit: bool = field(metadata=json_key("over_limit"))


@dataclass(frozen=True)
class SpeakersList:
    """A list of speakers now: the session's own (`motion` and `item` None), a motion's
    or an agenda item's."""

    session: str
    motion: str | None
    order: str
    current: CurrentSpeaker | None
    waiting: tuple[Speaker, ...]
    heard: int
    at: str
    item: int | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class SpeakingTime:
    """Time at the floor of one person, fraction or group: turns taken, seconds spoken,
    and for a fraction under a limit the seconds it has left."""

    name: str | None
    turns: int
    seconds: int
    remaining_seconds: int | None = None


@dataclass(frozen=True)
class SpeakingStats:
    """Speaking time on a list per person, per fraction and per group the statute names."""

    session: str
    motion: str | None
    persons: tuple[SpeakingTime, ...]
    fractions: tuple[SpeakingTime, ...]
    groups: tuple[SpeakingTime, ...]
    at: str
    item: int | None = field(default=None, metadata=absent_if_none())


def speakers_list(
    requests: Sequence[Request],
    rule: SpeakersRule,
    *,
    session: str,
    motion: str | None,
    now: str,
    item: int | None = None,
) -> SpeakersList:
    """The list in the statute's order at `now`, with the current speaker."""
    over = rules.fractions_over_time(requests, rule, now)
    ordered = rules.order(requests, rule, over_time=over)
    waiting = tuple(
        Speaker(
            i,
            r.person,
            r.fraction,
            r.kind,
            r.stance,
            r.requested_at,
            r.is_moved,
            r.fraction in over and r.kind != POINT_OF_ORDER,
        )
        for i, r in enumerate(ordered, start=1)
    )
    speaking = rules.current(requests)
    current = None
    if speaking is not None and speaking.started_at is not None:
        elapsed = rules.spoken_seconds(speaking, now)
        limit = rule.speech_seconds
        current = CurrentSpeaker(
            speaking.person,
            speaking.fraction,
            speaking.kind,
            speaking.stance,
            speaking.started_at,
            elapsed,
            limit,
            limit is not None and elapsed > limit,
        )
    heard = sum(1 for r in requests if r.ended_at is not None)
    return SpeakersList(session, motion, rule.order, current, waiting, heard, now, item)


def _times(
    spoken: Sequence[Request], key: Callable[[Request], Iterable[str | None]], now: str
) -> dict[str | None, tuple[int, int]]:
    totals: dict[str | None, tuple[int, int]] = {}
    for r in spoken:
        for name in key(r):
            turns, seconds = totals.get(name, (0, 0))
            totals[name] = (turns + 1, seconds + rules.spoken_seconds(r, now))
    return totals


def _lines(totals: dict[str | None, tuple[int, int]]) -> tuple[SpeakingTime, ...]:
    return tuple(
        SpeakingTime(name, turns, seconds)
        for name, (turns, seconds) in sorted(totals.items(), key=lambda kv: (kv[0] or "", kv[0]))
    )


def speaking_stats(
    requests: Sequence[Request],
    rule: SpeakersRule,
    *,
    session: str,
    motion: str | None,
    now: str,
    item: int | None = None,
) -> SpeakingStats:
    """Turns and seconds at the floor by `now`, per person, fraction and named group; a
    fraction's remaining time counts its speeches and replies (points of order are
    procedure, charged to nobody)."""
    spoken = [r for r in requests if r.started_at is not None]
    persons = _lines(_times(spoken, lambda r: [r.person], now))
    charged = _times([r for r in spoken if r.kind != POINT_OF_ORDER], lambda r: [r.fraction], now)
    fractions = tuple(
        SpeakingTime(
            line.name,
            line.turns,
            line.seconds,
            None
            if rule.fraction_seconds is None or line.name is None
            else max(0, rule.fraction_seconds - charged.get(line.name, (0, 0))[1]),
        )
        for line in _lines(_times(spoken, lambda r: [r.fraction], now))
    )
    members = {group.name: group.persons for group in rule.groups}
    groups = _lines(
        _times(spoken, lambda r: [name for name, ps in members.items() if r.person in ps], now)
    )
    return SpeakingStats(session, motion, persons, fractions, groups, now, item)
