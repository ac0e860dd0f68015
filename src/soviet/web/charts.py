"""A council's drift over time as a chart (an SVG step line of the Gallagher index, each
measurement also a point and a row of the table beside it), and the moments its time
slider stops at."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from soviet.domain.views.councils import DriftMeasurement

WIDTH = 600.0
HEIGHT = 220.0
#: Room for the axis labels: left, right, top, bottom.
MARGIN = (44.0, 12.0, 12.0, 28.0)
#: The stops a time slider offers at most (the latest kept).
STOPS_MAX = 400


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    at: str
    gallagher: float


@dataclass(frozen=True)
class DriftChart:
    """What the template draws: the step line's points, each measurement's point, the
    top of the scale, and the first and last day on the time axis."""

    line: str
    points: tuple[Point, ...]
    top: float
    first: str
    last: str
    width: float = WIDTH
    height: float = HEIGHT
    left: float = MARGIN[0]
    bottom: float = HEIGHT - MARGIN[3]
    right: float = WIDTH - MARGIN[1]


def _seconds(moment: str) -> float:
    return datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp()


def _top(highest: float) -> float:
    """A round top for the scale at or above the highest index (at least 1)."""
    for top in (1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0):
        if highest <= top:
            return top
    return highest


def drift_chart(series: Sequence[DriftMeasurement], now: str) -> DriftChart | None:
    """The chart of `series` (oldest first) up to `now`; None when nothing was measured."""
    if not series:
        return None
    left, right, top_margin, bottom_margin = MARGIN
    start, end = _seconds(series[0].at), max(_seconds(now), _seconds(series[-1].at))
    span = max(end - start, 1.0)
    top = _top(max(m.gallagher for m in series))

    def x(moment: str) -> float:
        return round(left + (_seconds(moment) - start) / span * (WIDTH - left - right), 1)

    def y(index: float) -> float:
        return round(
            HEIGHT - bottom_margin - index / top * (HEIGHT - top_margin - bottom_margin), 1
        )

    points = tuple(Point(x(m.at), y(m.gallagher), m.at, m.gallagher) for m in series)
    steps: list[str] = []
    for here, after in itertools.pairwise(points):
        steps += [f"{here.x},{here.y}", f"{after.x},{here.y}"]
    last = points[-1]
    steps += [f"{last.x},{last.y}", f"{max(x(now), last.x)},{last.y}"]  # held until now
    return DriftChart(" ".join(steps), points, top, series[0].at[:10], now[:10])


def slider_stops(days: Sequence[str], today: str) -> tuple[str, ...]:
    """The days a council's time slider stops at: each day its composition or drift is
    known to have changed, and today; the latest STOPS_MAX."""
    found = sorted({day[:10] for day in days if day[:10] <= today[:10]} | {today[:10]})
    return tuple(found[-STOPS_MAX:])
