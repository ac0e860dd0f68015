"""Elections: seats per constituency, seats per party, and seats to list candidates in order.

"Political parties are represented in exact proportion to the number of voters in the
whole city ... it is political parties and programmes which are voted for - not
candidates. The candidates are designated by the central committees of the political
parties" (John Reed, seeds/003). A council's statute says how many delegates each
constituency sends and how its votes become party seats: per constituency, or pooled
over the whole council while each constituency keeps its number of seats
(biproportional apportionment).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from soviet.domain.statute import CouncilRule
from soviet.errors import InvalidInput
from soviet.methods import Draw, Tie

Cell = tuple[str, str]  # (constituency slug, party slug)


@dataclass(frozen=True)
class Constituency:
    """What an election needs to know of a constituency."""

    slug: str
    kind: str
    electorate: int


def seats_per_constituency(
    rule: CouncilRule, constituencies: Sequence[Constituency]
) -> dict[str, int]:
    """How many delegates each constituency sends under the council's rule.

    Per kind: 1 per N voters (rounded as the statute says, with a minimum) or a fixed
    number "regardless of its strength". A house of fixed size: its seats apportioned
    among the constituencies by electorate with the statute's method.
    """
    from soviet.methods import allocate  # with numpy, only when seats are allocated

    if rule.house is not None:
        house = rule.house
        electorates = {c.slug: c.electorate for c in constituencies}
        return dict(allocate(electorates, house.size, house.method, min_seats=house.minimum))
    seats = {}
    for constituency in constituencies:
        delegate_rule = rule.delegates.get(constituency.kind)
        if delegate_rule is None:
            raise InvalidInput(
                f"constituency '{constituency.slug}': council '{rule.slug}' has no delegate "
                f"rule for kind '{constituency.kind}'"
            )
        seats[constituency.slug] = delegate_rule.seats_for(constituency.electorate)
    return seats


@dataclass(frozen=True)
class Outcome:
    """Seats per (constituency, party), and any tie broken by lot."""

    seats: dict[Cell, int]
    draws: tuple[Draw, ...]


def allocate_seats(
    rule: CouncilRule,
    seats: Mapping[str, int],
    votes: Mapping[Cell, int],
    *,
    seed: int | None,
) -> Outcome:
    """Seats per party in each constituency, by the council's electoral rule.

    Raises Tie when parties tie for a seat and the statute names no rule to break it.
    """
    from soviet.methods import allocate, biproportional  # with numpy, only when used

    election = rule.election
    if election.allocation == "pooled":
        pooled = biproportional(
            dict(votes),
            dict(seats),
            method=election.method,
            total_quorum=election.threshold or None,
            ties=election.ties,
            seed=seed,
        )
        return Outcome({cell: n for cell, n in pooled.items() if n}, pooled.draws)
    by_constituency: dict[str, dict[str, int]] = {}
    for (constituency, party), count in votes.items():
        by_constituency.setdefault(constituency, {})[party] = count
    cells: dict[Cell, int] = {}
    draws: list[Draw] = []
    for constituency, local in by_constituency.items():
        house = seats.get(constituency, 0)
        if house == 0 or not any(local.values()):
            continue  # nobody voted: the seats stay vacant until the next election
        try:
            result = allocate(
                local,
                house,
                election.method,
                threshold=election.threshold,
                ties=election.ties,
                seed=seed,
            )
        except Tie as tie:  # the same parties may tie elsewhere: say where this one is
            raise Tie([(constituency, party) for party in tie.tied], tie.seats) from None
        cells.update({(constituency, party): n for party, n in result.items() if n})
        draws.extend(_in_constituency(constituency, draw) for draw in result.draws)
    return Outcome(cells, tuple(draws))


def _in_constituency(constituency: str, draw: Draw) -> Draw:
    """A draw among one constituency's parties, its keys made (constituency, party) cells."""
    return Draw(
        tied=tuple((constituency, party) for party in draw.tied),
        seats=draw.seats,
        winners=tuple((constituency, party) for party in draw.winners),
        seed=draw.seed,
    )


def _names(keys: Sequence[Hashable]) -> str:
    """Keys as a sentence names them: 'a', 'a' and 'b', 'a', 'b' and 'c'; a cell as 'c/p'."""
    names = ["'" + "/".join(map(str, k)) + "'" if isinstance(k, tuple) else f"'{k}'" for k in keys]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _place(keys: Sequence[Hashable]) -> str | None:
    """The one constituency all the keys are cells of, if they are."""
    places = {k[0] if isinstance(k, tuple) and len(k) == 2 else None for k in keys}
    place = places.pop() if len(places) == 1 else None
    return None if place is None else str(place)


def _parties(keys: Sequence[Hashable]) -> list[Hashable]:
    return [k[1] if isinstance(k, tuple) else k for k in keys]


def tie_refused(tie: Tie) -> str:
    """Where a tie the statute may not break is, and between whom: "in 'putilov', 'sr' and
    'kd' tie for the last seat"."""
    place = _place(tie.tied)
    seats = "seat" if tie.seats == 1 else f"{tie.seats} seats"
    if place is None:
        return f"{_names(tie.tied)} tie for the last {seats}"
    return f"in '{place}', {_names(_parties(tie.tied))} tie for the last {seats}"


def draw_told(draw: Draw) -> str:
    """A draw by lot as one line: where, between whom, for how many seats, who won, and
    the seed that anyone can draw again with."""
    place = _place(draw.tied)
    seats = "seat" if draw.seats == 1 else f"{draw.seats} seats"
    if place is None:
        tied, winners, where = _names(draw.tied), _names(draw.winners), ""
    else:
        tied, winners = _names(_parties(draw.tied)), _names(_parties(draw.winners))
        where = f"in '{place}', "
    return (
        f"lots drawn {where}between {tied} for the last {seats}: {winners} won (seed {draw.seed})"
    )


@dataclass(frozen=True)
class Candidate:
    """A place on a party's list."""

    person: str
    is_eligible: bool  # a party member who has not declined


def designate(
    lists: Mapping[Cell, Sequence[Candidate]],
    outcome: Mapping[Cell, int],
    seated: set[str],
) -> dict[Cell, list[str]]:
    """The persons who take each cell's seats: its list in order, skipping the ineligible.

    A person already `seated` in the council is passed over, so that nobody holds two
    seats of one body. Seats beyond the end of a list stay vacant.
    """
    taken = set(seated)
    chosen: dict[Cell, list[str]] = {}
    for cell in sorted(outcome):
        picked: list[str] = []
        for candidate in lists.get(cell, ()):
            if len(picked) == outcome[cell]:
                break
            if candidate.is_eligible and candidate.person not in taken:
                picked.append(candidate.person)
                taken.add(candidate.person)
        chosen[cell] = picked
    return chosen
