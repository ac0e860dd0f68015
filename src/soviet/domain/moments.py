"""Moments in time as acts and queries name them: ISO dates or date-times, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from soviet.errors import InvalidInput


def parse_moment(text: str, *, field: str, end_of_day: bool = False) -> datetime:
    """An ISO date or date-time as an aware UTC datetime.

    A date alone means the start of that day, or with `end_of_day` its last microsecond
    (so that `--as-of 1917-10-25` includes everything done on the 25th). A date-time
    without a zone is taken as UTC.
    """
    value = text.strip()
    try:
        if len(value) == 10:
            day = datetime.fromisoformat(value).date()
            moment = datetime.combine(day, time.min, tzinfo=UTC)
            return moment + timedelta(days=1, microseconds=-1) if end_of_day else moment
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{field}: {text!r} is not an ISO date (1917-10-25) or date-time (1917-10-25T21:40:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
