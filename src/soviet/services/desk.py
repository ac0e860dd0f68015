"""Acts of the check-in desk: badges handed to a council's delegates, and delegates checked
in to and out of a session by their numbers.

A badge is a person's number in a council (domain.desk): the desk (the council's
`check_in_desk` accounts), its secretariat or the federation's administrators give all
delegates their numbers at once, in a stable order, or one person a number. Checking in
by number is the attendance act of services.sessions (`AttendanceCheckedIn`,
`AttendanceLeft`), resolved from each number to the mandate its wearer holds at that
moment; many numbers in one call are one act, refused as a whole naming every number it
cannot take. The entry records the account that acted: the desk's board shows it
(services.desk_board).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from soviet.domain import desk as domain
from soviet.domain import limits
from soviet.domain.events.desk import BadgesAssigned
from soviet.domain.events.sessions import AttendanceCheckedIn, AttendanceLeft, Attendee
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.views import desk as views
from soviet.errors import Conflict, InvalidInput, NotFound, RuleViolation
from soviet.services import context
from soviet.services.composition import section_kinds
from soviet.services.journal import Clock, utc_now
from soviet.services.unit_of_work import perform
from soviet.store import councils
from soviet.store import desk as store
from soviet.store import sessions as store_sessions
from soviet.store.database import Database


def _check_number(number: int, field: str) -> int:
    return limits.check_integer(number, field, minimum=1, maximum=domain.NUMBER_MAX)


def _council_id(ctx: context.Context, council: str) -> int:
    ctx.require(Action.ASSIGN_BADGES, Target(council=council))
    ctx.require_council(council)
    return councils.council_id(ctx.connection, ctx.federation.id, council)


def _record_badges(
    ctx: context.Context, council_id: int, given: Sequence[tuple[int, int]], moment: str, now: Clock
) -> None:
    """Journal badges given: (person id, number)."""
    event = BadgesAssigned(
        federation=ctx.federation.slug,
        council=council_id,
        persons=tuple(person for person, _ in given),
        numbers=tuple(number for _, number in given),
        at=moment,
    )
    ctx.record(at=now(), actor=ctx.account, event=event)


def assign_badges(
    db: Database,
    council: str,
    *,
    first: int = 1,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> tuple[tuple[int, str], ...]:
    """Give every delegate who holds a mandate in a council now and wears no badge of it
    the next number from `first` that nobody wears, by delegation, fraction and name;
    returns (number, person) of the badges given."""
    _check_number(first, "first")

    def act(ctx: context.Context) -> tuple[tuple[int, str], ...]:
        council_id = _council_id(ctx, council)
        moment = format_time(at or now())
        worn = store.badges_of(ctx.connection, council_id)
        wearing = {badge.person_id for badge in worn}
        seats = {s.person: s for s in store.seated(ctx.connection, council_id, moment)}
        holders = [
            domain.Holder(s.delegation, s.fraction or "", s.person)
            for s in seats.values()
            if s.person_id not in wearing
        ]
        if not holders:
            raise RuleViolation(
                f"every delegate holding a mandate in '{council}' at {moment} wears a badge"
            )
        given = domain.numbering(holders, {badge.number for badge in worn}, first=first)
        if given[-1][1] > domain.NUMBER_MAX:
            raise InvalidInput(
                f"first: {len(given)} badges from {first} would pass {domain.NUMBER_MAX}"
            )
        _record_badges(
            ctx, council_id, [(seats[person].person_id, n) for person, n in given], moment, now
        )
        return tuple((number, person) for person, number in given)

    return perform(db, federation, actor, act)


def assign_badge(
    db: Database,
    council: str,
    person: str,
    number: int,
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> None:
    """Give a person the number `number` in a council (a new badge for one who lost hers;
    an alternate's ahead of her seating): no one else may wear it."""
    limits.check_slug(person, "person")
    _check_number(number, "number")

    def act(ctx: context.Context) -> None:
        council_id = _council_id(ctx, council)
        person_id = store_sessions.person_id(ctx.connection, ctx.federation.id, person)
        wearer = store.wearers(ctx.connection, council_id, [number]).get(number)
        if wearer is not None and wearer.person_id == person_id:
            raise RuleViolation(f"{person} already wears number {number} in '{council}'")
        if wearer is not None:
            raise Conflict(f"number {number} is worn by {wearer.person} in '{council}'")
        _record_badges(ctx, council_id, [(person_id, number)], format_time(at or now()), now)

    perform(db, federation, actor, act)


def _check_numbers(numbers: Sequence[int]) -> list[int]:
    if not numbers:
        raise InvalidInput("numbers: name at least one badge number")
    if len(numbers) > domain.NUMBERS_MAX:
        raise InvalidInput(f"numbers: at most {domain.NUMBERS_MAX} in one call")
    for index, number in enumerate(numbers):
        _check_number(number, f"numbers[{index}]")
    twice = domain.repeated(numbers)
    if twice:
        shown = ", ".join(str(n) for n in twice)
        raise InvalidInput(f"numbers: {shown} given more than once")
    return list(numbers)


def _open(ctx: context.Context, session_id: int, numbers: Sequence[int]) -> store_sessions.Session:
    """The session, once the actor may work its desk, if it is still open."""
    limits.check_id(session_id, "session")
    session = store_sessions.session(ctx.connection, ctx.federation.id, session_id)
    ctx.require(Action.CHECK_IN_BY_BADGE, Target(council=session.council))
    if session.closed_at is not None:
        shown = ", ".join(str(n) for n in numbers)
        raise RuleViolation(
            f"session {format_id(session_id)} was closed at {session.closed_at}: "
            f"number{'s' if len(numbers) > 1 else ''} {shown} not taken",
            code="poll_not_open",
        )
    return session


Seats = dict[str, store_sessions.Seat]


def _standings(
    ctx: context.Context, session: store_sessions.Session, numbers: Sequence[int], moment: str
) -> tuple[list[domain.Standing], Seats, Seats]:
    """What the desk knows of each number's wearer at `moment`; the seats held by the
    wearers, and those attending, by person."""
    connection = ctx.connection
    worn = store.wearers(connection, session.council_id, numbers)
    ids = [badge.person_id for badge in worn.values()]
    held = {
        s.person: s
        for s in store_sessions.seats_held_by(connection, session.council_id, moment, ids)
    }
    present = {
        s.person: s for s in store_sessions.attending_of(connection, session.id, moment, ids)
    }
    out = store_sessions.walked_out(connection, session.id)
    kinds = (
        None if session.section is None else section_kinds(ctx, session.council, session.section)
    )
    lost = [b.person_id for b in worn.values() if b.person not in held]
    ended = store.ended(connection, session.council_id, lost) if lost else {}
    standings = []
    for number in numbers:
        badge = worn.get(number)
        if badge is None:
            standings.append(domain.Standing(number, None))
            continue
        seat = held.get(badge.person)
        standings.append(
            domain.Standing(
                number,
                badge.person,
                is_holding=seat is not None,
                ended_at=ended.get(badge.person_id),
                is_in_section=seat is None or kinds is None or seat.kind in kinds,
                walked_out=seat.party if seat is not None and seat.party in out else None,
                is_present=badge.person in present,
            )
        )
    return standings, held, present


def _refuse(refusals: Sequence[domain.Refusal]) -> None:
    """Refuse the whole call, naming every number it cannot take."""
    if not refusals:
        return
    message = "; ".join(r.problem.message for r in refusals)
    problems = [r.problem for r in refusals]
    if all(r.code == "not_found" for r in refusals):
        raise NotFound(message, problems=problems)
    code = next(r.code for r in refusals if r.code != "not_found")
    raise RuleViolation(message, code=code, problems=problems)


def check_in_badges(
    db: Database,
    session_id: int,
    numbers: Sequence[int],
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> views.Checked:
    """The desk checks delegates in to a session by their badge numbers (see the module)."""
    wanted = _check_numbers(numbers)

    def act(ctx: context.Context) -> views.Checked:
        session = _open(ctx, session_id, wanted)
        moment = format_time(at or now())
        standings, held, _ = _standings(ctx, session, wanted, moment)
        _refuse(
            domain.check_in_refusals(
                standings, council=session.council, session=format_id(session_id), moment=moment
            )
        )
        seats = [held[str(s.person)] for s in standings]
        event = AttendanceCheckedIn(
            federation=ctx.federation.slug,
            session=session_id,
            attendees=tuple(Attendee(seat.mandate_id, seat.person_id) for seat in seats),
            at=moment,
        )
        entry = ctx.record(at=now(), actor=ctx.account, event=event)
        delegates = tuple((s.number, str(s.person)) for s in standings)
        return views.Checked(format_id(session_id), "in", entry.seq, entry.hash, delegates)

    return perform(db, federation, actor, act)


def check_out_badges(
    db: Database,
    session_id: int,
    numbers: Sequence[int],
    *,
    federation: str | None = None,
    actor: Actor,
    at: datetime | None = None,
    now: Clock = utc_now,
) -> views.Checked:
    """The desk checks delegates out of a session by their badge numbers; they may check
    in again."""
    wanted = _check_numbers(numbers)

    def act(ctx: context.Context) -> views.Checked:
        session = _open(ctx, session_id, wanted)
        moment = format_time(at or now())
        standings, _, present = _standings(ctx, session, wanted, moment)
        _refuse(
            domain.check_out_refusals(
                standings, council=session.council, session=format_id(session_id)
            )
        )
        mandates = tuple(sorted(present[str(s.person)].mandate_id for s in standings))
        event = AttendanceLeft(
            federation=ctx.federation.slug, session=session_id, mandates=mandates, at=moment
        )
        entry = ctx.record(at=now(), actor=ctx.account, event=event)
        delegates = tuple((s.number, str(s.person)) for s in standings)
        return views.Checked(format_id(session_id), "out", entry.seq, entry.hash, delegates)

    return perform(db, federation, actor, act)
