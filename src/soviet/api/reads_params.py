"""The parameters every read shares, declared once so that the OpenAPI document states the
same limits as the domain (domain.limits, domain.ids): a value the document admits is one
the services accept, and any other is refused with 422 naming the parameter."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Header, Path, Query

from soviet.domain import limits
from soviet.domain.moments import parse_moment
from soviet.domain.views import DEFAULT_LIMIT, MAX_LIMIT

#: A slug (domain.limits.SLUG), as a pattern the document and the door both check.
SLUG = limits.SLUG.pattern
#: A public id (domain.ids): the number of the journal entry that made the thing, and
#: which of the things it made. Bounded so that every id it admits can be stored.
PUBLIC_ID = r"^[1-9][0-9]{0,10}(\.[0-9]{1,7})?$"
#: A date (the end of that day, as `--as-of` takes it) or a UTC time, within the window
#: soviet records (1800 to 2199).
_DAY = (
    r"(?:(?:1[89]|2[01])[0-9]{2}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    r"|(?:20(?:00|0[48]|[2468][048]|[13579][26])|(?:18|19|21)(?:0[48]|[2468][048]|[13579][26]))"
    r"-02-29)"
)
AS_OF = rf"^{_DAY}(?:T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?Z)?$"
#: A cursor as a page gives it: base64url text.
CURSOR = r"^[A-Za-z0-9_-]+$"
#: A resolution's number within its council.
NUMBER_MAX = 2**31 - 1


def slug_path(what: str) -> Any:
    return Path(pattern=SLUG, max_length=limits.SLUG_MAX, description=f"The {what}'s slug.")


CouncilQuery = Annotated[
    str | None,
    Query(pattern=SLUG, max_length=limits.SLUG_MAX, description="One council's slug."),
]
SectionQuery = Annotated[
    str | None,
    Query(pattern=SLUG, max_length=limits.SLUG_MAX, description="One section of the council."),
]
MotionQuery = Annotated[
    str | None,
    Query(
        pattern=rf"^{SLUG[1:-1]}/{SLUG[1:-1]}$",
        max_length=2 * limits.SLUG_MAX + 1,
        description="The motion whose list it is, COUNCIL/MOTION (default: the session's own).",
    ),
]
FederationSlug = Annotated[str, slug_path("federation")]
CouncilSlug = Annotated[str, slug_path("council")]
PublicId = Annotated[
    str,
    Path(
        pattern=PUBLIC_ID,
        max_length=19,
        description="A public id: the journal entry that made it, such as 11 or 11.3.",
    ),
]
AsOf = Annotated[
    str | None,
    Query(
        pattern=AS_OF,
        max_length=20,
        description="The moment to read at: a date (its end) or a UTC time such as "
        "1917-10-25T21:40:00Z (default: now).",
    ),
]
Cursor = Annotated[
    str | None,
    Query(
        pattern=CURSOR,
        max_length=2000,
        description="Start after the last item of a page: the next_cursor it gave.",
    ),
]
Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"How many items a page holds, at most {MAX_LIMIT}.")
]
DEFAULT = DEFAULT_LIMIT


def if_none_match(
    tags: Annotated[
        str | None,
        Header(
            alias="If-None-Match",
            max_length=2000,
            description="The ETag(s) the client holds: 304 with no body if the read is one.",
        ),
    ] = None,
) -> None:
    """Declares the header every read honours (read by api.http.view_response)."""


def moment(as_of: str | None) -> datetime | None:
    """The moment `as_of` names, or None (now)."""
    return None if as_of is None else parse_moment(as_of, field="as_of", end_of_day=True)
