"""A council's seats as a hemicycle: an SVG drawing, with the seats placed by
`parliamentarch` and each fraction told apart by colour, by pattern and by label, never by
colour alone; the page gives the same figures as a table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import parliamentarch

#: Fill colours, taken in turn; each fraction also gets a pattern of its own (PATTERNS).
COLOURS = ("#b71c1c", "#1b5e20", "#0d47a1", "#e65100", "#4a148c", "#006064", "#3e2723")
#: Patterns drawn over a fraction's colour, so that fractions differ without colour.
PATTERNS = ("solid", "stripes", "dots", "cross", "rings", "grid", "dashes")
EMPTY = "#9e9e9e"
WIDTH, HEIGHT = 200.0, 110.0


@dataclass(frozen=True)
class Fraction:
    """A fraction as the drawing shows it: its slug, its seats, its colour and pattern."""

    party: str
    seats: int
    colour: str
    pattern: str


def fractions_of(seats: dict[str, int]) -> list[Fraction]:
    """The fractions in the order given (left to right), each with a colour and pattern."""
    return [
        Fraction(party, count, COLOURS[i % len(COLOURS)], PATTERNS[i % len(PATTERNS)])
        for i, (party, count) in enumerate(seats.items())
        if count > 0
    ]


def _pattern(fraction: Fraction, index: int) -> str:
    ident = f"p{index}"
    ink = "#ffffff"
    shapes = {
        "solid": "",
        "stripes": f'<path d="M0 4L4 0" stroke="{ink}" stroke-width="0.9"/>',
        "dots": f'<circle cx="2" cy="2" r="0.9" fill="{ink}"/>',
        "cross": f'<path d="M0 0L4 4M4 0L0 4" stroke="{ink}" stroke-width="0.6"/>',
        "rings": f'<circle cx="2" cy="2" r="1.2" fill="none" stroke="{ink}" stroke-width="0.5"/>',
        "grid": f'<path d="M2 0V4M0 2H4" stroke="{ink}" stroke-width="0.6"/>',
        "dashes": f'<path d="M0.5 2H3.5" stroke="{ink}" stroke-width="0.8"/>',
    }[fraction.pattern]
    return (
        f'<pattern id="{ident}" width="4" height="4" patternUnits="userSpaceOnUse">'
        f'<rect width="4" height="4" fill="{fraction.colour}"/>{shapes}</pattern>'
    )


def svg(seats: int, fractions: list[Fraction], *, title: str, description: str) -> str:
    """The hemicycle of a council of `seats` seats, filled left to right by `fractions`,
    the rest empty. `title` and `description` name it for a screen reader."""
    total = max(seats, sum(f.seats for f in fractions))
    if total == 0:
        body = f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">0</text>'
        return _frame(title, description, "", body)
    centres = parliamentarch.get_seats_centers(total)
    rows = parliamentarch.get_nrows_from_nseats(total)
    radius = parliamentarch.get_row_thickness(rows) * 0.4
    # Left to right: the largest angle first.
    ordered = sorted(centres.items(), key=lambda item: -item[1])
    scale = WIDTH / 2 - 4
    defs = "".join(_pattern(f, i) for i, f in enumerate(fractions))
    groups = []
    at = 0
    for index, fraction in enumerate(fractions):
        group = ordered[at : at + fraction.seats]
        at += fraction.seats
        circles = "".join(_circle(x, y, radius, scale) for (x, y), _angle in group)
        groups.append(
            f'<g fill="url(#p{index})" stroke="#000" stroke-width="0.3" '
            f'data-party="{escape(fraction.party)}">{circles}</g>'
        )
    empty = "".join(_circle(x, y, radius, scale) for (x, y), _angle in ordered[at:])
    if empty:
        groups.append(f'<g fill="{EMPTY}" data-party="">{empty}</g>')
    label = (
        f'<text x="{WIDTH / 2}" y="{HEIGHT - 6}" text-anchor="middle" font-size="16" '
        f'font-weight="bold">{sum(f.seats for f in fractions)}/{seats}</text>'
    )
    return _frame(title, description, defs, "".join(groups) + label)


def _circle(x: float, y: float, radius: float, scale: float) -> str:
    cx = 4 + x * scale
    cy = HEIGHT - 4 - y * scale
    return f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="{radius * scale:.2f}"/>'


def _frame(title: str, description: str, defs: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" '
        'role="img" aria-labelledby="hemicycle-title hemicycle-desc" class="hemicycle">'
        f'<title id="hemicycle-title">{escape(title)}</title>'
        f'<desc id="hemicycle-desc">{escape(description)}</desc>'
        f"<defs>{defs}</defs>{body}</svg>"
    )
