"""A council's seats as a hemicycle: an SVG placed by `parliamentarch`, each fraction
with its own pattern as well as its colour (never colour alone), empty seats hollow."""

from __future__ import annotations

from dataclasses import dataclass

from parliamentarch.geometry import get_nrows_from_nseats, get_row_thickness, get_seats_centers

#: The colours of the parties the reference scenario knows; others take PALETTE's.
COLOURS = {
    "bolsheviks": "#b3121b",
    "left-sr": "#8e2a8e",
    "sr": "#1d6b2f",
    "mensheviks": "#8a6100",
    "internationalists": "#0b5f80",
    "anarchists": "#333333",
}
PALETTE = ("#1f4e99", "#6b3d00", "#4b4b4b", "#005a52", "#7a1f5c", "#3d5200")
#: The patterns laid over each fraction's colour, in turn: the first is plain.
PATTERNS = ("solid", "stripes", "dots", "cross", "rings", "backslash")
WIDTH = 200.0
HEIGHT = 104.0
#: How much of a row's thickness a seat's disc takes.
RADIUS_FACTOR = 0.8


@dataclass(frozen=True)
class Fraction:
    """A fraction as the hemicycle, its legend and its table show it."""

    key: str  # the party's slug, or "" for members of no party
    seats: int
    colour: str
    pattern: str


@dataclass(frozen=True)
class Seat:
    x: float
    y: float


@dataclass(frozen=True)
class Hemicycle:
    fractions: list[Fraction]
    # The seats of each fraction (in `fractions`' order), then the empty ones.
    groups: list[list[Seat]]
    empty: list[Seat]
    radius: float
    width: float = WIDTH
    height: float = HEIGHT


def fractions_of(counts: dict[str, int]) -> list[Fraction]:
    """The fractions in the order given, each with its colour and pattern."""
    found = []
    for index, (key, seats) in enumerate(counts.items()):
        colour = COLOURS.get(key, PALETTE[index % len(PALETTE)])
        found.append(Fraction(key, seats, colour, PATTERNS[index % len(PATTERNS)]))
    return found


def layout(counts: dict[str, int], seats: int) -> Hemicycle:
    """The hemicycle of a council of `seats` seats filled by `counts` (fraction → seats,
    left to right), the seats left over empty."""
    filled = sum(counts.values())
    total = max(seats, filled)
    fractions = fractions_of(counts)
    if total == 0:
        return Hemicycle(fractions, [[] for _ in fractions], [], 0.0)
    centres = get_seats_centers(total)
    ordered = sorted(centres, key=centres.__getitem__, reverse=True)
    scale = WIDTH / 2
    places = [Seat(round(x * scale, 2), round(HEIGHT - 2 - y * scale, 2)) for x, y in ordered]
    radius = round(RADIUS_FACTOR * get_row_thickness(get_nrows_from_nseats(total)) * scale, 2)
    groups, start = [], 0
    for fraction in fractions:
        groups.append(places[start : start + fraction.seats])
        start += fraction.seats
    return Hemicycle(fractions, groups, places[start:], radius)
