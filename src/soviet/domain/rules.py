"""The rules a statute declares, as values: delegates per constituency kind, electoral
rules, franchise, recall, and the bodies formed from other councils."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from soviet.domain.limits import SLUG as SLUG

ROUNDINGS = ("up", "down", "nearest")
ALLOCATIONS = ("per-constituency", "pooled")
TIE_RULES = ("raise", "lot")
RECALL_BASES = ("electorate", "last-turnout")
BODY_KINDS = ("derived", "executive", "congress")
REFRESH_POLICIES = ("continuous", "on-convocation", "on-drift")
MEMBERS_FROM = ("delegates", "party-members")
RECALL_OUTCOMES = ("next-on-list", "recall-vote", "fresh-election")
DECISION_RULES = ("majority-of-votes-cast", "absolute-majority", "two-thirds")
ABSTENTIONS = ("not-counted", "counted")
AMENDMENT_ORDERS = ("moved", "reverse-moved")
#: When a poll's results are shown: as it closes, or once the chair publishes them.
RESULTS = ("at-close", "on-publication")
#: Whether a secret ballot (a secret vote, a ballot election, a recall vote) must be sealed
#: (its ballots encrypted to the council's key, made by its trustees), or may be counted in
#: the clear while the council has no key: the first is the default.
SECRET_BALLOTS = ("sealed", "sealed-if-keyed")
#: How a list of speakers is ordered (see domain.speakers).
SPEAKER_ORDERS = ("request", "fewer-contributions", "alternating", "priority")
#: The priority group every list knows: those who have not yet spoken on it.
FIRST_TIME = "first-time"
REQUEST_KINDS = ("goods-out", "goods-in", "hire", "discharge", "inspect-books")


@dataclass(frozen=True)
class DelegateRule:
    """How many delegates one constituency of a kind sends: per N voters, or a fixed number."""

    per_voters: int | None = None
    rounding: str = "nearest"
    minimum: int = 1
    maximum: int | None = None
    fixed: int | None = None

    def seats_for(self, electorate: int) -> int:
        """The delegates of a constituency with `electorate` voters."""
        if self.fixed is not None:
            return self.fixed
        assert self.per_voters is not None
        whole, rest = divmod(electorate, self.per_voters)
        if self.rounding == "up" and rest:
            whole += 1
        elif self.rounding == "nearest" and 2 * rest >= self.per_voters:
            whole += 1  # half a quota or more earns the seat
        seats = max(whole, self.minimum)
        return seats if self.maximum is None else min(seats, self.maximum)


@dataclass(frozen=True)
class HouseRule:
    """A council of fixed size whose seats are apportioned among constituencies by electorate."""

    size: int
    method: str
    minimum: int = 0


@dataclass(frozen=True)
class ElectionRule:
    """How the votes of a constituency (or of the whole council, pooled) become party seats."""

    method: str = "sainte-lague"
    threshold: Fraction = Fraction(0)
    allocation: str = "per-constituency"
    ties: str = "raise"
    #: The seed of draws by lot, announced in advance by the statute (None: a fresh one is
    #: drawn at each close, and recorded); `election close --seed` overrides it.
    seed: int | None = None


@dataclass(frozen=True)
class FranchisePeriod:
    """Who may vote from a date on: a minimum age, and categories of members excluded."""

    since: date
    minimum_age: int | None = None
    excluded: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RecallRule:
    """When a recall petition succeeds, and what follows; `has_paper_signatures`: the
    council's secretariat may enter signatures collected on paper sheets."""

    basis: str = "electorate"
    share: Fraction = Fraction(1, 2)
    then: str = "next-on-list"
    has_paper_signatures: bool = False


@dataclass(frozen=True)
class CoOption:
    """Seats an executive fills by invitation: "delegates from the central committees of all
    the political parties, from ... the professional unions, the factory shop committees"
    (John Reed, seeds/003)."""

    organisation: str
    seats: int
    is_voting: bool


@dataclass(frozen=True)
class BodyRule:
    """A council formed from other councils rather than elected by constituencies.

    derived: the members of `sources[0]` whose constituency carries all of `tags` (ward
    soviets, "made up of the deputies elected from each ward to the City Soviet").
    executive: `seats` shared among the fractions of `sources[0]` by `method`, each
    fraction naming its members, plus co-opted seats.
    congress: each council of `sources` sends a delegation of `delegation.seats_for(its
    electorate)` seats, or its share of a `house` of fixed size apportioned among the
    member councils by electorate; each delegation shared among its fractions by `method`.
    """

    kind: str  # derived | executive | congress
    sources: tuple[str, ...]
    tags: Mapping[str, str] = field(default_factory=dict)
    seats: int = 0
    method: str = "dhondt"
    members_from: str = "delegates"  # delegates | party-members
    co_opted: tuple[CoOption, ...] = ()
    delegation: DelegateRule | None = None
    house: HouseRule | None = None


@dataclass(frozen=True)
class Refresh:
    """When a formed body follows the bodies below it: at once, when convened, or when its
    drift passes a share."""

    policy: str = "continuous"  # continuous | on-convocation | on-drift
    threshold: Fraction = Fraction(0)


@dataclass(frozen=True)
class Section:
    """A part of a council that meets on its own: its delegates of some constituency kinds."""

    name: str
    kinds: frozenset[str]


@dataclass(frozen=True)
class Quorum:
    """How many members must attend for a plenary to decide: a majority of the seats (more
    than half), a share of the seats (at least that share), or a fixed number."""

    kind: str = "majority"  # majority | share | count
    share: Fraction = Fraction(1, 2)
    count: int = 0


@dataclass(frozen=True)
class SpeakerGroup:
    """A group the organisation names for the priority of its lists of speakers."""

    name: str
    persons: frozenset[str]


@dataclass(frozen=True)
class SpeakersRule:
    """How a council's lists of speakers are ordered, and its time limits: seconds per
    speech, and seconds in all per fraction on one list (None: no limit)."""

    order: str = "request"
    priority: tuple[str, ...] = ()
    groups: tuple[SpeakerGroup, ...] = ()
    speech_seconds: int | None = None
    fraction_seconds: int | None = None


@dataclass(frozen=True)
class ProxyRule:
    """Whether a delegate may transfer her vote for a session: how many proxies one
    delegate may hold, and whether only within her own fraction."""

    max_held: int = 1
    same_fraction: bool = True


@dataclass(frozen=True)
class SessionRule:
    """How a council deliberates: its quorum, how a motion is decided, whether abstentions
    count as votes cast, in which order amendments are put to the vote, whether a poll's
    results are shown at its close or withheld until the chair publishes them, and whether
    a secret vote must be sealed."""

    quorum: Quorum = Quorum()
    decision: str = "majority-of-votes-cast"
    abstentions: str = "not-counted"
    amendments: str = "moved"
    speakers: SpeakersRule = SpeakersRule()
    results: str = "at-close"
    proxies: ProxyRule | None = None  # None: no proxies
    secret_ballots: str = "sealed"


@dataclass(frozen=True)
class FactoryCommittee:
    """A council of the shops of one plant, one delegate each, that decides the plant's
    requests: "nothing should go in or out of the plant without permission" (seeds/003)."""

    plant: str


@dataclass(frozen=True)
class CouncilRule:
    """One council of the statute: elected by constituencies, or formed by `body`."""

    slug: str
    name: str
    delegates: Mapping[str, DelegateRule]
    house: HouseRule | None
    election: ElectionRule
    franchise: tuple[FranchisePeriod, ...]
    recall: RecallRule
    term_days: int | None
    body: BodyRule | None = None
    refresh: Refresh = Refresh()
    sections: Mapping[str, Section] = field(default_factory=dict)
    sessions: SessionRule = SessionRule()
    factory: FactoryCommittee | None = None
    #: Accounts of the council's chair and secretaries: they convene and close its sessions
    #: and open and close its votes.
    secretariat: tuple[str, ...] = ()
    #: Accounts of its credentials and check-in desk: they check delegates in and out.
    check_in_desk: tuple[str, ...] = ()

    @property
    def is_elected(self) -> bool:
        return self.body is None

    def franchise_on(self, day: date) -> FranchisePeriod | None:
        """The franchise in force on `day` (None before the first period)."""
        current = None
        for period in self.franchise:
            if period.since <= day:
                current = period
        return current


@dataclass(frozen=True)
class Statute:
    """A federation's statute, checked."""

    federation: str
    name: str
    administrators: tuple[str, ...]  # accounts that may amend the statute and keep registers
    kinds: Mapping[str, str]  # constituency kind slug to its name
    councils: Mapping[str, CouncilRule]
