"""Bodies formed from other councils, and how far any body has drifted from its base.

"Rayon, or Ward, Soviets ... made up of the deputies elected from each ward to the City
Soviet"; "a Central Executive Committee ... based upon party proportionality", which
"added to itself by invitation delegates" of parties, unions and factory committees;
Congresses formed from the local soviets' delegations, about 1 per 25,000 voters (John
Reed, seeds/003). And the lag: "The Bolsheviks gained majorities in one soviet election
after another, yet the Central Executive Committee remained the same" (seeds/004).

Each function here gives the seats a body would have if it were formed now from its
sources; comparing that with the seats it has is its drift.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from soviet.domain.rules import BodyRule
from soviet.methods import Draw, gallagher


@dataclass(frozen=True)
class Member:
    """A member of a source council: who, for which party, from where, since when."""

    person: str
    party: str | None
    constituency: str | None
    seat: int
    since: str
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Holder:
    """A seat of a formed body and who holds it."""

    person: str
    party: str | None
    constituency: str | None
    seat: int
    delegation: str | None = None  # the member council a congress seat belongs to
    co_opted_for: str | None = None  # the organisation that named a co-opted member
    is_voting: bool = True


@dataclass(frozen=True)
class Formed:
    """The seats a body would have now, and any tie drawn by lot on the way."""

    holders: tuple[Holder, ...]
    draws: tuple[Draw, ...] = ()


def derive(members: Iterable[Member], tags: Mapping[str, str]) -> Formed:
    """The members whose constituency carries every one of `tags`, in their own seats."""
    chosen = [
        Holder(m.person, m.party, m.constituency, m.seat)
        for m in members
        if all(m.tags.get(key) == value for key, value in tags.items())
    ]
    return Formed(tuple(sorted(chosen, key=lambda h: (h.constituency or "", h.seat))))


@dataclass(frozen=True)
class Designations:
    """Who each fraction names, in order, and who may be named.

    `lists` maps (member council or None, party) to the persons a fraction named;
    `party_members` maps a party to its members; `co_opted` maps an organisation to the
    persons it named.
    """

    lists: Mapping[tuple[str | None, str], Sequence[str]] = field(default_factory=dict)
    party_members: Mapping[str, frozenset[str]] = field(default_factory=dict)
    co_opted: Mapping[str, Sequence[str]] = field(default_factory=dict)


class Source(Protocol):
    """A council a body is formed from, asked only what forming the body needs: a source
    of thousands of delegates need not be read whole to fill a few seats."""

    def fractions(self) -> Mapping[str, int]:
        """Voting delegates per party."""
        ...

    def senior(self, party: str, count: int) -> Sequence[str]:
        """The first `count` delegates of a party by seniority (since, constituency, seat)."""
        ...

    def delegates_among(self, party: str, persons: Sequence[str]) -> set[str]:
        """Which of `persons` are delegates of a party."""
        ...


class Members:
    """A source whose members are all at hand."""

    def __init__(self, members: Iterable[Member]) -> None:
        self.members = list(members)

    def fractions(self) -> Mapping[str, int]:
        return Counter(m.party for m in self.members if m.party is not None)

    def senior(self, party: str, count: int) -> Sequence[str]:
        delegates = sorted(
            (m for m in self.members if m.party == party),
            key=lambda m: (m.since, m.constituency or "", m.seat),
        )
        return [m.person for m in delegates[:count]]

    def delegates_among(self, party: str, persons: Sequence[str]) -> set[str]:
        wanted = set(persons)
        return {m.person for m in self.members if m.party == party and m.person in wanted}


def _fraction_seats(
    source: Source, seats: int, method: str, seed: int
) -> tuple[dict[str, int], tuple[Draw, ...]]:
    from soviet.methods import allocate  # with numpy, only when seats are allocated

    fractions = {party: n for party, n in source.fractions().items() if n}
    if seats == 0 or not fractions:
        return {}, ()
    # A formed body has no election to hold again: ties between fractions are drawn by lot,
    # and the draw is journaled with the refresh.
    shares = allocate(dict(fractions), seats, method, ties="lot", seed=seed)
    return {party: n for party, n in shares.items() if n}, shares.draws


def _named(
    party: str,
    wanted: int,
    source: Source,
    named: Sequence[str] | None,
    rule: BodyRule,
    designations: Designations,
    taken: set[str],
) -> list[str]:
    """The persons filling a fraction's seats: its own list if it named one, else its
    delegates in the source council by seniority; eligible, and not seated twice."""
    if wanted <= 0:
        return []
    chosen: list[str] = []
    if named is not None:
        _choose(party, wanted, named, source, rule, designations, taken, chosen)
        return chosen
    asked = wanted
    while True:  # ask for more of the seniority list until the seats are filled or it ends
        seniors = source.senior(party, asked)
        chosen.clear()
        _choose(
            party, wanted, seniors, source, rule, designations, set(taken), chosen, seniors=True
        )
        if len(chosen) == wanted or len(seniors) < asked:
            taken.update(chosen)
            return chosen
        asked *= 2


def _choose(
    party: str,
    wanted: int,
    named: Sequence[str],
    source: Source,
    rule: BodyRule,
    designations: Designations,
    taken: set[str],
    chosen: list[str],
    *,
    seniors: bool = False,
) -> None:
    """Add to `chosen` the first eligible persons of `named` nobody has taken, up to
    `wanted`; `seniors`: `named` are the fraction's delegates already."""
    if rule.members_from == "delegates":
        eligible = set(named) if seniors else source.delegates_among(party, named)
    else:
        eligible = set(designations.party_members.get(party, frozenset()))
    for person in named:
        if len(chosen) == wanted:
            break
        if person in eligible and person not in taken:
            chosen.append(person)
            taken.add(person)


def executive(rule: BodyRule, source: Source, designations: Designations, *, seed: int) -> Formed:
    """An executive: `rule.seats` shared among the source's fractions, each naming its
    members; then the co-opted seats, filled by the organisations named in the statute."""
    shares, draws = _fraction_seats(source, rule.seats, rule.method, seed)
    holders: list[Holder] = []
    taken: set[str] = set()
    for party in sorted(shares):
        named = designations.lists.get((None, party))
        for person in _named(party, shares[party], source, named, rule, designations, taken):
            holders.append(Holder(person, party, None, len(holders) + 1))
    parties = {p: party for party, people in designations.party_members.items() for p in people}
    for option in rule.co_opted:
        invited = [p for p in designations.co_opted.get(option.organisation, ()) if p not in taken]
        for person in invited[: option.seats]:
            taken.add(person)
            holders.append(
                Holder(
                    person,
                    parties.get(person),
                    None,
                    len(holders) + 1,
                    co_opted_for=option.organisation,
                    is_voting=option.is_voting,
                )
            )
    return Formed(tuple(holders), draws)


def delegation_seats(
    rule: BodyRule, electorates: Mapping[str, int], *, seed: int
) -> tuple[dict[str, int], tuple[Draw, ...]]:
    """The seats of each member council's delegation to a congress: by its own electorate
    (1 per 25,000 voters, seeds/003), or its share of the congress's house apportioned among
    the members by electorate with the statute's method and minimum (30 seats by
    Huntington-Hill, at least 1 each). A member without voters gets its minimum; ties
    between members are drawn by lot, as between fractions."""
    from soviet.methods import allocate  # with numpy, only when seats are allocated

    voters = {council: electorates.get(council, 0) for council in rule.sources}
    if rule.house is None:
        assert rule.delegation is not None
        return {council: rule.delegation.seats_for(n) for council, n in voters.items()}, ()
    house = rule.house
    seats = {council: house.minimum for council, n in voters.items() if n <= 0}
    counted = {council: n for council, n in voters.items() if n > 0}
    if not counted:
        return seats, ()
    shares = allocate(
        counted,
        house.size - house.minimum * len(seats),
        house.method,
        min_seats=house.minimum,
        ties="lot",
        seed=seed,
    )
    return {**seats, **shares}, shares.draws


def delegation(
    rule: BodyRule,
    council: str,
    source: Source,
    seats: int,
    designations: Designations,
    *,
    seed: int,
    taken: set[str] | None = None,
) -> Formed:
    """One member council's delegation to a congress: its `seats` shared among its
    fractions by the statute's method, each fraction naming its delegates; seats are
    numbered within the delegation, so that one council's change leaves the others alone."""
    taken = set() if taken is None else taken
    # A council without fractions sends nobody, whatever its electorate.
    shares, draws = _fraction_seats(source, seats, rule.method, seed)
    holders: list[Holder] = []
    for party in sorted(shares):
        named = designations.lists.get((council, party))
        for person in _named(party, shares[party], source, named, rule, designations, taken):
            holders.append(Holder(person, party, None, len(holders) + 1, delegation=council))
    return Formed(tuple(holders), draws)


def congress(
    rule: BodyRule,
    sources: Mapping[str, Source],
    electorates: Mapping[str, int],
    designations: Designations,
    *,
    seed: int,
) -> Formed:
    """A congress: each member council sends its delegation, in the statute's order; nobody
    sits twice."""
    seats, house_draws = delegation_seats(rule, electorates, seed=seed)
    holders: list[Holder] = []
    draws: list[Draw] = list(house_draws)
    taken: set[str] = set()
    for council in rule.sources:
        sent = delegation(
            rule,
            council,
            sources.get(council, Members(())),
            seats[council],
            designations,
            seed=seed,
            taken=taken,
        )
        holders.extend(sent.holders)
        draws.extend(sent.draws)
    return Formed(tuple(holders), tuple(draws))


@dataclass(frozen=True)
class Drift:
    """How far a body is from what its base would give now."""

    council: str
    seats_off: int  # seats that would change hands
    gallagher: float  # least-squares index between the two compositions, in points
    reference: str  # what the body is compared with


class _Seat(Protocol):
    @property
    def party(self) -> str | None: ...


def seats_by_party(holders: Iterable[_Seat]) -> Counter[str]:
    return Counter(h.party for h in holders if h.party is not None)


def drift(
    council: str,
    current: Mapping[str, int],
    reference: Mapping[str, int],
    what: str,
    *,
    shares: Mapping[str, int] | None = None,
) -> Drift:
    """Compare a body's seats per party with the seats its base would give it now.

    Seats off: the seats the parties short of their reference would gain. The Gallagher
    index compares the body's seat shares with `shares` (the votes, for an elected
    council) or with the reference seats.
    """
    base = shares if shares is not None else reference
    parties = set(current) | set(reference) | set(base)
    off = sum(max(0, reference.get(p, 0) - current.get(p, 0)) for p in parties)
    if not any(current.values()) or not any(base.values()):
        index = 0.0 if not any(current.values()) and not any(base.values()) else 100.0
    else:
        index = gallagher(
            {p: base.get(p, 0) for p in parties}, {p: current.get(p, 0) for p in parties}
        )
    return Drift(council, off, round(index, 4), what)
