"""The check-in desk: participant numbers (badges) and checking delegates in and out by
them.

A convention prints its badges once: a delegate wears one number in a council, at every
session of it and of its sections, and the desk checks her in and out by that number.
A number checks in only the delegate who wears it and holds her mandate at that moment,
of the session's section if it is one, whose fraction has not walked out, and who is not
already present; it checks out only a delegate present. The desk refuses a whole call
naming every number it cannot take, and why.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

# The highest badge number, and most changes of attendance the desk's board shows: declared
# in domain.vocabulary, so that the command line's options need no desk; imported from here.
from soviet.domain.vocabulary import NUMBER_MAX as NUMBER_MAX
from soviet.domain.vocabulary import RECENT_MAX as RECENT_MAX
from soviet.errors import Problem

#: Most numbers checked in or out in one call.
NUMBERS_MAX = 10_000


@dataclass(frozen=True)
class Holder:
    """A delegate to be given a badge: her delegation (a constituency, or a congress
    seat's member council), her fraction and her person."""

    delegation: str
    fraction: str
    person: str


def numbering(
    holders: Iterable[Holder], taken: Collection[int], *, first: int = 1
) -> list[tuple[str, int]]:
    """Badges for `holders` in a stable order, by delegation, fraction and name (delegations
    sit together), each the next number from `first` that nobody wears; (person, number)."""
    given: list[tuple[str, int]] = []
    number = first
    for holder in sorted(holders, key=lambda h: (h.delegation, h.fraction, h.person)):
        while number in taken:
            number += 1
        given.append((holder.person, number))
        number += 1
    return given


def repeated(numbers: Sequence[int]) -> list[int]:
    """The numbers given more than once, in order."""
    seen: set[int] = set()
    twice: list[int] = []
    for number in numbers:
        if number in seen and number not in twice:
            twice.append(number)
        seen.add(number)
    return twice


@dataclass(frozen=True)
class Standing:
    """What the desk knows of the wearer of a number at the moment of the act."""

    number: int
    person: str | None  # None: nobody in the council wears it
    is_holding: bool = False  # holds a mandate in the council now
    ended_at: str | None = None  # when her last mandate there ended, if it did
    is_in_section: bool = True
    walked_out: str | None = None  # her fraction, if it walked out of the session
    is_present: bool = False


@dataclass(frozen=True)
class Refusal:
    """A number the desk cannot take: why, and the error code of that reason."""

    problem: Problem
    code: str


def _refusal(index: int, standing: Standing, reason: str, code: str) -> Refusal:
    who = f"number {standing.number}"
    if standing.person is not None:
        who += f" ({standing.person})"
    return Refusal(Problem(f"numbers[{index}]", f"{who}: {reason}"), code)


def _absent_reason(
    standing: Standing, *, council: str, session: str, moment: str
) -> tuple[str, str] | None:
    if standing.person is None:
        return f"no delegate of '{council}' wears it", "not_found"
    if not standing.is_holding:
        ended = "" if standing.ended_at is None else f": her mandate ended at {standing.ended_at}"
        return f"holds no mandate in '{council}' at {moment}{ended}", "mandate_ended"
    if not standing.is_in_section:
        return f"not of the section of '{council}' sitting in session {session}", "not_entitled"
    return None


def check_in_refusals(
    standings: Sequence[Standing], *, council: str, session: str, moment: str
) -> list[Refusal]:
    """Why each number cannot be checked in to a session (none: all can)."""
    found = []
    for index, standing in enumerate(standings):
        reason = _absent_reason(standing, council=council, session=session, moment=moment)
        if reason is None and standing.walked_out is not None:
            reason = (
                f"her fraction '{standing.walked_out}' walked out of session {session}; "
                "it returns as a whole",
                "rule_violation",
            )
        if reason is None and standing.is_present:
            reason = f"already present in session {session}", "rule_violation"
        if reason is not None:
            found.append(_refusal(index, standing, *reason))
    return found


def check_out_refusals(
    standings: Sequence[Standing], *, council: str, session: str
) -> list[Refusal]:
    """Why each number cannot be checked out of a session (none: all can)."""
    found = []
    for index, standing in enumerate(standings):
        if standing.person is None:
            found.append(
                _refusal(index, standing, f"no delegate of '{council}' wears it", "not_found")
            )
        elif not standing.is_present:
            found.append(
                _refusal(index, standing, f"not present in session {session}", "not_present")
            )
    return found
