"""Alternates: a party's candidates in a constituency who were not seated stand in, in
list order, for its delegates who are absent from a session.

"A party's candidates who are not seated are its alternates in that constituency, in list
order. When a delegate is absent, the fraction seats an alternate for the session: one
atomic act; the alternate then checks in, votes and speaks in the delegate's place until
the delegate returns. Never two people for one mandate" (issue #15). The list is the one
succession takes the next delegate from (store.councils.candidates_not_seated).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from soviet.errors import RuleViolation

#: Why an alternate gave a mandate back: the delegate checked in, or the fraction unseated her.
UNSEAT_REASONS = ("return", "unseated")


@dataclass(frozen=True)
class Vacancy:
    """A delegate's mandate as seating an alternate on it sees it, in a session."""

    session: str
    delegate: str
    party: str
    constituency: str
    is_delegate_present: bool
    covered_by: str | None  # the alternate seated on it now


def choose_alternate(
    vacancy: Vacancy,
    in_order: Sequence[str],
    taken: Collection[str],
    named: str | None = None,
) -> str:
    """The alternate to seat on an absent delegate's mandate: `named` if she is one of the
    party's alternates for it and free, else the first free in list order. `taken` are
    those already sitting in the session (on another mandate, or as delegates)."""
    where = f"in session {vacancy.session}"
    if vacancy.is_delegate_present:
        raise RuleViolation(
            f"{vacancy.delegate} attends {where}: an alternate sits only for an absent delegate"
        )
    if vacancy.covered_by is not None:
        raise RuleViolation(
            f"{vacancy.delegate}'s mandate is covered already {where} by {vacancy.covered_by}"
        )
    of = f"of '{vacancy.party}' for {vacancy.delegate}'s seat in '{vacancy.constituency}'"
    if named is not None:
        if named not in in_order:
            listed = ", ".join(in_order) or "none"
            raise RuleViolation(
                f"{named} is not an alternate {of}: its alternates are {listed}",
                code="not_entitled",
            )
        if named in taken:
            raise RuleViolation(f"{named} sits {where} already")
        return named
    free = [person for person in in_order if person not in taken]
    if not free:
        raise RuleViolation(f"no alternate {of} is free {where}")
    return free[0]
