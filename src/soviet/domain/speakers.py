"""Lists of speakers: who has asked for the floor, and the order the statute gives them.

A plenary's list of speakers is kept per session, and per motion for a motion's own
debate (so that an agenda item can own a list later). A delegate present asks to speak
for (pro), against (contra) or on the question (neutral); the statute orders the list:
in order of request, fewer contributions first, alternating pro and contra, or priority
groups (those who have not spoken yet, a group the organisation names) with the rest in
order of request. Whatever the ordering, a point of order goes to the head of the list,
and a reply to the current speaker comes next after the points of order. The chair may
move a speaker before another; a moved speaker keeps that place however the rest is
reordered.

Time: a speech may have a limit (`speech_seconds`), and a fraction a total on one list
(`fraction_seconds`). A speaker whose fraction's time is spent is not refused (the chair
may still give her the floor, and the plenary may extend the time); she is marked
`is_over_time` and waits behind everyone whose fraction still has time. Points of order
are procedure: they count neither as a contribution nor against the fraction's time.

Everything here is pure: the list is recomputed from its entries on every read, and the
time is an argument.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from soviet.domain.rules import FIRST_TIME, SpeakersRule
from soviet.errors import Conflict, InvalidInput, RuleViolation

STANCES = ("pro", "contra", "neutral")
SPEECH = "speech"
POINT_OF_ORDER = "point-of-order"
REPLY = "reply"
KINDS = (SPEECH, POINT_OF_ORDER, REPLY)


@dataclass(frozen=True)
class Request:
    """An entry on a list of speakers: who asked, for what, and what became of it.

    `before` is the entry the chair moved it in front of (`is_moved`; None with it: to
    the end), `moved_seq` the journal entry of the last move, so that moves apply in turn.
    """

    id: int
    person: str
    fraction: str | None
    kind: str
    stance: str
    requested_at: str
    started_at: str | None = None
    ended_at: str | None = None
    removed_at: str | None = None
    is_moved: bool = False
    before: int | None = None
    moved_seq: int | None = None

    @property
    def is_waiting(self) -> bool:
        return self.started_at is None and self.removed_at is None

    @property
    def is_speaking(self) -> bool:
        return self.started_at is not None and self.ended_at is None


def seconds_between(start: str, end: str) -> int:
    """Whole seconds from one journal time to a later one (0 if not later)."""
    span = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    return max(0, int(span.total_seconds()))


def spoken_seconds(request: Request, now: str) -> int:
    """How long a request has had the floor by `now` (0 if never called)."""
    if request.started_at is None:
        return 0
    return seconds_between(request.started_at, request.ended_at or now)


def contributions(requests: Iterable[Request]) -> Counter[str]:
    """Speeches and replies each person has begun on the list."""
    return Counter(
        r.person for r in requests if r.started_at is not None and r.kind != POINT_OF_ORDER
    )


def fractions_over_time(
    requests: Sequence[Request], rule: SpeakersRule, now: str
) -> frozenset[str]:
    """The fractions that have spent the statute's time on this list by `now`."""
    if rule.fraction_seconds is None:
        return frozenset()
    used: Counter[str] = Counter()
    for r in requests:
        if r.fraction is not None and r.kind != POINT_OF_ORDER:
            used[r.fraction] += spoken_seconds(r, now)
    return frozenset(f for f, seconds in used.items() if seconds >= rule.fraction_seconds)


def current(requests: Iterable[Request]) -> Request | None:
    """The speaker who has the floor, if any."""
    return next((r for r in requests if r.is_speaking), None)


def _by_request(requests: Iterable[Request]) -> list[Request]:
    return sorted(requests, key=lambda r: (r.requested_at, r.id))


def _alternating(waiting: list[Request], history: Sequence[Request]) -> list[Request]:
    """Pro and contra in turn, each side in order of request; a neutral speaker keeps her
    place in order of request. The first side is the other of the last side heard."""
    spoken = [r for r in history if r.started_at is not None and r.stance != "neutral"]
    last = max(spoken, key=lambda r: (r.started_at or "", r.id)).stance if spoken else None
    queue = _by_request(waiting)
    ordered: list[Request] = []
    while queue:
        wanted = {"pro": "contra", "contra": "pro"}.get(last or "")
        pick = next((r for r in queue if r.stance in ("neutral", wanted)), None)
        if pick is None or wanted is None:
            pick = queue[0]
        queue.remove(pick)
        ordered.append(pick)
        if pick.stance != "neutral":
            last = pick.stance
    return ordered


def statute_order(
    waiting: Sequence[Request], history: Sequence[Request], rule: SpeakersRule
) -> list[Request]:
    """The speeches waiting, in the order the statute's `order` gives them."""
    spoken = contributions(history)
    if rule.order == "fewer-contributions":
        return sorted(waiting, key=lambda r: (spoken[r.person], r.requested_at, r.id))
    if rule.order == "alternating":
        return _alternating(list(waiting), history)
    if rule.order == "priority":
        groups = {group.name: group.persons for group in rule.groups}

        def rank(r: Request) -> int:
            for i, name in enumerate(rule.priority):
                member = spoken[r.person] == 0 if name == FIRST_TIME else r.person in groups[name]
                if member:
                    return i
            return len(rule.priority)

        return sorted(waiting, key=lambda r: (rank(r), r.requested_at, r.id))
    return _by_request(waiting)


def _place_moved(ordered: list[Request], moved: Sequence[Request]) -> list[Request]:
    """Put each speaker the chair moved in front of the one she was moved before, in the
    order of the moves; before one who has since spoken or left: at the head."""
    result = list(ordered)
    for r in sorted(moved, key=lambda m: m.moved_seq or 0):
        if r.before is None:
            result.append(r)
            continue
        places = [i for i, other in enumerate(result) if other.id == r.before]
        result.insert(places[0] if places else 0, r)
    return result


def order(
    requests: Sequence[Request], rule: SpeakersRule, *, over_time: frozenset[str] = frozenset()
) -> list[Request]:
    """The waiting requests in the order they will be called: points of order, then
    replies, each in order of request; then the speeches in the statute's order, those of
    a fraction whose time is spent behind the rest, and the chair's moves applied."""
    waiting = [r for r in requests if r.is_waiting]
    points = _by_request(r for r in waiting if r.kind == POINT_OF_ORDER)
    replies = _by_request(r for r in waiting if r.kind == REPLY)
    speeches = [r for r in waiting if r.kind == SPEECH and not r.is_moved]
    ordered = statute_order(speeches, requests, rule)
    ordered = [r for r in ordered if r.fraction not in over_time] + [
        r for r in ordered if r.fraction in over_time
    ]
    moved = [r for r in waiting if r.kind == SPEECH and r.is_moved]
    return points + replies + _place_moved(ordered, moved)


def check_stance(stance: str) -> str:
    """Refuse a stance that is not pro, contra or neutral."""
    if stance not in STANCES:
        raise InvalidInput(f"stance: must be one of {', '.join(STANCES)}, got {stance!r}")
    return stance


def check_request(requests: Sequence[Request], person: str, kind: str) -> None:
    """Refuse a second waiting request of one kind by one person, and a reply when nobody
    else has the floor."""
    if any(r.person == person and r.kind == kind and r.is_waiting for r in requests):
        what = {SPEECH: "the list of speakers", POINT_OF_ORDER: "a point of order"}
        raise Conflict(f"'{person}' already waits for {what.get(kind, 'a reply')}")
    if kind == REPLY:
        speaking = current(requests)
        if speaking is None:
            raise RuleViolation("nobody has the floor: a reply answers the current speaker")
        if speaking.person == person:
            raise RuleViolation(f"'{person}' has the floor: she cannot reply to herself")


def waiting_of(requests: Sequence[Request], person: str) -> list[Request]:
    """A person's waiting requests on the list, or RuleViolation if she has none."""
    found = [r for r in requests if r.person == person and r.is_waiting]
    if not found:
        raise RuleViolation(f"'{person}' is not waiting on the list of speakers")
    return found


def next_to_call(requests: Sequence[Request], rule: SpeakersRule, now: str) -> Request:
    """Whom the chair calls next: the head of the list, while nobody has the floor."""
    speaking = current(requests)
    if speaking is not None:
        raise RuleViolation(f"'{speaking.person}' has the floor: stop her speech first")
    ordered = order(requests, rule, over_time=fractions_over_time(requests, rule, now))
    if not ordered:
        raise RuleViolation("the list of speakers is empty")
    return ordered[0]


def speaking_now(requests: Sequence[Request]) -> Request:
    """The current speaker, or RuleViolation when nobody has the floor."""
    speaking = current(requests)
    if speaking is None:
        raise RuleViolation("nobody has the floor")
    return speaking


def move_target(
    requests: Sequence[Request], person: str, before: str | None
) -> tuple[int, int | None]:
    """The speech the chair moves and the speech it goes in front of (None: to the end)."""
    moving = [r for r in waiting_of(requests, person) if r.kind == SPEECH]
    if not moving:
        raise RuleViolation(f"'{person}' has no speech waiting: only speeches are moved")
    if before is None:
        return moving[0].id, None
    if before == person:
        raise InvalidInput("before: a speaker cannot be moved before herself")
    anchor = [r for r in waiting_of(requests, before) if r.kind == SPEECH]
    if not anchor:
        raise RuleViolation(f"'{before}' has no speech waiting")
    return moving[0].id, anchor[0].id
