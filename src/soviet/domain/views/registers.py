"""Read models of constituencies, recall petitions, persons and parties.

A constituency shows its delegates, the petitions open against them with their progress
to the threshold ("subject to recall at any time", seeds/003), and its elections. Who
signed a petition is private to the member and the administrators: a petition shows how
many signed, never who.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from soviet.domain.views.encoding import json_key
from soviet.domain.views.pages import Page


@dataclass(frozen=True)
class Delegate:
    """A delegate holding a seat of a constituency."""

    person: str
    party: str | None
    seat: int
    since: str


@dataclass(frozen=True)
class PetitionProgress:
    """A recall petition's signatures against its threshold."""

    petition: str
    council: str
    constituency: str | None
    delegate: str
    state: str  # open, voting (put to a recall vote), recalled or kept
    signatures: int
    threshold: int
    missing: int  # signatures still needed to reach the threshold (0 once reached)
    progress: Fraction  # signatures / threshold, exact
    opened_at: str
    closed_at: str | None


@dataclass(frozen=True)
class RecallVoteCount:
    """The recall vote a petition was put to: how many chose each way so far."""

    recall: int
    keep: int


@dataclass(frozen=True)
class Petition:
    """A recall petition, as `soviet recall show` prints it."""

    progress: PetitionProgress
    recall_vote: RecallVoteCount | None  # None unless put to a vote


@dataclass(frozen=True)
class ElectionLine:
    """An election that covered a constituency: when, how, and whether it closed."""

    election: str
    council: str
    constituency: str | None  # None: pooled over the whole council
    mode: str
    opened_at: str
    closed_at: str | None


@dataclass(frozen=True)
class Constituency:
    """A constituency at a moment, as `soviet constituency show` prints it."""

    constituency: str
    name: str
    council: str
    kind: str
    electorate: int
    tags: dict[str, str]
    admitted_at: str
    as_of: str
    delegates: tuple[Delegate, ...]
    petitions: tuple[PetitionProgress, ...]
    elections: Page[ElectionLine]


@dataclass(frozen=True)
class MandateLine:
    """A mandate a person holds or held: where, for whom, since when, how it ended."""

    mandate: str
    council: str
    constituency: str | None
    seat: int
    party: str | None
    since: str
    until: str | None
    end_cause: str | None
    is_held: bool = field(metadata=json_key("held"))


@dataclass(frozen=True)
class Membership:
    """A person's membership of a party, since when."""

    party: str
    since: str


@dataclass(frozen=True)
class Person:
    """A person, as `soviet person show` prints her: parties, constituencies, mandates."""

    person: str
    name: str
    as_of: str
    parties: tuple[Membership, ...]
    constituencies: tuple[str, ...]  # every constituency that ever elected her
    mandates: Page[MandateLine]


@dataclass(frozen=True)
class CandidateList:
    """A party's ordered list for a council, council-wide or in one constituency."""

    council: str
    constituency: str | None
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class Party:
    """A party, as `soviet party show` prints it: its seats now, members and lists."""

    party: str
    name: str
    programme: str
    committee: str | None  # the body whose members hold its central committee's powers
    members: int
    as_of: str
    seats: dict[str, int]  # seats its delegates hold, per council
    lists: tuple[CandidateList, ...]


@dataclass(frozen=True)
class FractionPosition:
    """A position a party's fraction took on a motion: which, and when."""

    motion: str  # COUNCIL/SLUG
    title: str
    position: str  # yes | no | abstain
    taken_at: str


def petition_state(outcome: str | None) -> str:
    """A petition's state as shown: open until it is put to a vote, recalls or keeps."""
    return outcome or "open"


def progress_of(signatures: int, threshold: int) -> tuple[int, Fraction]:
    """Signatures still missing, and the exact share of the threshold reached."""
    return max(threshold - signatures, 0), Fraction(signatures, max(threshold, 1))


@dataclass(frozen=True)
class RegisteredMember:
    """One member on a constituency's register: private to her and the administrators."""

    key: str
    name: str
    birth_date: str | None
    categories: tuple[str, ...]
    account: str | None
    since: str


@dataclass(frozen=True)
class MemberRegister:
    """A constituency's member register, a page at a time: the whole of it for its
    federation's administrators, her own record for a member."""

    constituency: str
    is_whole: bool
    members: Page[RegisteredMember]


@dataclass(frozen=True)
class Signature:
    """One member's signature on a recall petition, and its withdrawal if she withdrew it."""

    member: str
    name: str
    signed_at: str
    withdrawn_at: str | None


@dataclass(frozen=True)
class Signatures:
    """Who signed a recall petition: private to the federation's administrators."""

    petition: str
    constituency: str | None
    signatures: Page[Signature]
