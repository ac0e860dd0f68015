"""Recall at any time: "the delegates are not elected for any particular term, but are
subject to recall at any time" (John Reed, seeds/003).

Members of the constituency sign a petition against their delegate, one signature each,
withdrawable until it succeeds. When the signatures reach the statute's share of the
electorate (or of those who voted at the last election), the mandate ends and what the
statute names follows.
"""

from __future__ import annotations

from datetime import date

from soviet.domain.statute import FranchisePeriod, RecallRule

#: What a member chooses in a recall vote, in a sealed ballot's order.
CHOICES = ("recall", "keep")


def recall_threshold(rule: RecallRule, *, electorate: int, last_turnout: int) -> int:
    """Signatures needed: the smallest whole number reaching the share of the basis."""
    basis = electorate if rule.basis == "electorate" else last_turnout
    needed = rule.share * basis
    whole = needed.numerator // needed.denominator
    return max(1, whole if whole == needed else whole + 1)


def franchise_refusal(
    franchise: FranchisePeriod | None,
    *,
    on: date,
    birth_date: date | None,
    categories: list[str],
) -> str | None:
    """Why a member may not vote or sign on `on`, or None when she may."""
    if franchise is None:
        return None
    excluded = sorted(set(categories) & franchise.excluded)
    if excluded:
        return f"the franchise since {franchise.since} excludes {', '.join(excluded)}"
    if franchise.minimum_age is not None:
        if birth_date is None:
            return (
                f"the franchise since {franchise.since} needs an age of "
                f"{franchise.minimum_age}, and no birth date is registered"
            )
        age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
        if age < franchise.minimum_age:
            return f"the franchise since {franchise.since} needs an age of {franchise.minimum_age}"
    return None
