"""Moments in time as acts and queries name them: ISO dates or date-times, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from soviet.domain.limits import LATEST, moment_problem
from soviet.errors import InvalidInput, Problem


def parse_moment(text: str, *, field: str, end_of_day: bool = False) -> datetime:
    """An ISO date or date-time as an aware UTC datetime.

    A date alone means the start of that day, or with `end_of_day` its last microsecond
    (so that `--as-of 1917-10-25` includes everything done on the 25th). A date-time
    without a zone is taken as UTC.
    """
    value = text.strip()
    example = "an ISO date (1917-10-25) or date-time (1917-10-25T21:40:00)"
    try:
        if len(value) == 10:
            day = datetime.fromisoformat(value).date()
            moment = datetime.combine(day, time.min, tzinfo=UTC)
            if end_of_day:
                moment += timedelta(days=1, microseconds=-1)
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            moment = moment.astimezone(UTC)
    except ValueError:
        raise InvalidInput(f"{field}: {text!r} is not {example}") from None
    except OverflowError:
        moment = LATEST  # beyond what a datetime holds: outside the window either way
    reason = moment_problem(moment)
    if reason is not None:
        reason = f"{text!r} {reason}"
        raise InvalidInput(f"{field}: {reason}", problems=[Problem(field, reason)])
    return moment
