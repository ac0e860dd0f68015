"""The rules of a plenary: quorum, how a motion is decided, the order of amendments,
fraction discipline, and which bodies stand below a council.

"In normal circumstances [the Petrograd Soviet] held a plenary session every two weeks";
at the Second Congress the Right SRs and Mensheviks walked out (seeds/003). A council
decides only with its quorum present; a tie fails; amendments are decided before the
motion they amend, in the order the statute names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from soviet.domain.rules import CouncilRule, Quorum, SessionRule

# Declared in domain.vocabulary, so that the command line declares its options without
# importing these rules; imported from here as before.
from soviet.domain.vocabulary import CHOICES as CHOICES
from soviet.domain.vocabulary import VOTE_MODES as VOTE_MODES

#: A poll's states: its motion moved but not yet put to the vote, open, closed with its
#: results withheld until the chair publishes them, and published (at its close, unless
#: the statute withholds results).
POLL_STATES = ("created", "open", "closed", "published")
MOVERS = ("delegate", "fraction", "executive", "applicant")


def quorum_needed(rule: Quorum, seats: int) -> int:
    """The members who must attend: more than half the seats, a share of them rounded
    up, or a fixed number."""
    if rule.kind == "majority":
        return seats // 2 + 1
    if rule.kind == "share":
        whole = rule.share * seats
        return int(whole) + (1 if whole.denominator > 1 else 0)
    return rule.count


@dataclass(frozen=True)
class Tally:
    """The votes on a motion."""

    yes: int = 0
    no: int = 0
    abstain: int = 0

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain


#: The bases a decision rule measures a majority against: the votes cast (abstentions
#: among them only if the statute counts them), or the seats of the council.
BASES = ("cast", "seats")


@dataclass(frozen=True)
class Decision:
    """Whether a motion passed, the rule that said so in words, the yes votes it needed,
    and the base it measured them against (`cast` or `seats`) with its size."""

    is_adopted: bool
    reason: str
    needed: int
    base: str
    base_size: int


def decide(rule: SessionRule, tally: Tally, seats: int, decision: str | None = None) -> Decision:
    """Decide a motion by `decision` (default: the statute's): a majority of the votes cast,
    an absolute majority of the seats, or two thirds of the votes cast. Abstentions are
    votes cast only if the statute counts them. A tie fails."""
    how = decision or rule.decision
    cast = tally.yes + tally.no + (tally.abstain if rule.abstentions == "counted" else 0)
    base, size = ("seats", seats) if how == "absolute-majority" else ("cast", cast)
    if how == "absolute-majority":
        needed = seats // 2 + 1
    elif how == "two-thirds":
        needed = max(-(-2 * cast // 3), 1)
    else:
        needed = cast // 2 + 1
    basis = f"{seats} seats" if base == "seats" else f"{cast} votes cast"
    adopted = tally.yes >= needed
    verdict = "adopted" if adopted else "rejected"
    reason = f"{verdict}: {tally.yes} yes of {needed} needed ({how}, {basis})"
    return Decision(adopted, reason, needed, base, size)


def amendments_in_order(order: str, moved: Sequence[str]) -> list[str]:
    """Amendments (given in the order they were moved) in the order they are put to the vote."""
    return list(reversed(moved)) if order == "reverse-moved" else list(moved)


def _directly_below(councils: Mapping[str, CouncilRule], council: str) -> set[str]:
    found = {
        slug
        for slug, rule in councils.items()
        if rule.body is not None and rule.body.kind != "congress" and council in rule.body.sources
    }
    own = councils[council].body if council in councils else None
    if own is not None and own.kind == "congress":
        found |= set(own.sources)
    return found


def bodies_below(councils: Mapping[str, CouncilRule], council: str) -> set[str]:
    """The councils below `council`, at any depth: the executives and derived bodies formed
    from it, and, for a congress, the councils that send delegations to it."""
    below: set[str] = set()
    frontier = [council]
    while frontier:
        for slug in _directly_below(councils, frontier.pop()):
            if slug not in below and slug != council:
                below.add(slug)
                frontier.append(slug)
    return below


@dataclass(frozen=True)
class Discipline:
    """How a fraction voted against its binding position on a motion."""

    party: str
    position: str
    with_position: tuple[str, ...]
    against: tuple[str, ...]


def discipline(
    positions: Mapping[str, str], votes: Iterable[tuple[str, str | None, str]]
) -> list[Discipline]:
    """Per fraction with a position: who voted with it and who against (person, party, choice)."""
    sides: dict[str, tuple[list[str], list[str]]] = {p: ([], []) for p in positions}
    for person, party, choice in votes:
        if party in sides:
            sides[party][0 if choice == positions[party] else 1].append(person)
    return [
        Discipline(party, positions[party], tuple(sorted(w)), tuple(sorted(a)))
        for party, (w, a) in sorted(sides.items())
    ]
