"""The drift chart's geometry and the time slider's stops."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from soviet.domain.views.councils import DriftMeasurement
from soviet.web import charts

NOW = "2026-12-04T12:00:00Z"


def _measured(at: str, gallagher: float) -> DriftMeasurement:
    return DriftMeasurement(at, "soviet", 0, gallagher, "base")


def test_nothing_measured_draws_nothing() -> None:
    assert charts.drift_chart([], NOW) is None


def test_a_step_line_held_until_now() -> None:
    chart = charts.drift_chart(
        [_measured("1917-03-05T00:00:00Z", 14.2), _measured("1917-10-25T00:00:00Z", 28.5)], NOW
    )
    assert chart is not None
    assert chart.top == 50.0
    first, second = chart.points
    assert first.x == chart.left
    assert first.x < second.x < chart.right
    assert second.y < first.y  # more drift, higher up
    # Level from the first measurement to the second, up, then level until now.
    assert chart.line.split() == [
        f"{first.x},{first.y}",
        f"{second.x},{first.y}",
        f"{second.x},{second.y}",
        f"{chart.right},{second.y}",
    ]
    assert (chart.first, chart.last) == ("1917-03-05", "2026-12-04")


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(st.integers(0, 10**9), st.floats(0, 100, allow_nan=False)),
        min_size=1,
        max_size=30,
    )
)
def test_every_point_is_inside_the_axes(raw: list[tuple[int, float]]) -> None:
    from datetime import UTC, datetime

    series = [
        _measured(datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), index)
        for seconds, index in sorted(raw)
    ]
    chart = charts.drift_chart(series, NOW)
    assert chart is not None
    for point in chart.points:
        assert chart.left <= point.x <= chart.right
        assert 12.0 <= point.y <= chart.bottom
    assert [p.x for p in chart.points] == sorted(p.x for p in chart.points)


def test_the_slider_stops_on_each_day_once_and_today_last() -> None:
    days = ["1917-03-05T00:00:00Z", "1917-03-05T10:00:00Z", "1917-10-25T00:00:00Z", "2030-01-01"]
    assert charts.slider_stops(days, NOW) == ("1917-03-05", "1917-10-25", "2026-12-04")
    assert charts.slider_stops([], NOW) == ("2026-12-04",)
    many = [f"1917-{month:02}-{day:02}" for month in range(1, 13) for day in range(1, 29)]
    assert len(charts.slider_stops(many * 2, NOW)) == min(len(many) + 1, charts.STOPS_MAX)
