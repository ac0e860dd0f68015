"""The ballot lane's path (api.ballot_lane): the one the full route reads, for every path a
vote may come with, since an Idempotency-Key's fingerprint holds it and a retry may come
through either."""

from __future__ import annotations

import pytest
from starlette.datastructures import URL

from soviet.api.ballot_lane import _url_path

VOTES = "/api/v1/federations/{}/councils/second-congress/motions/proclamation/votes"


@pytest.mark.parametrize(
    "federation",
    [
        "russia-1917",
        "a.b_c~d",
        "what?",
        "hash#tag",
        "back\\slash",
        "tab\tin",
        "line\nbreak",
        "espace é",
        "percent%41",
        "%3F",
        "",
    ],
)
@pytest.mark.parametrize("host", [b"127.0.0.1:8000", None])
def test_the_lane_reads_the_path_the_full_route_reads(federation: str, host: bytes | None) -> None:
    headers = [] if host is None else [(b"host", host)]
    scope = {
        "type": "http",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "path": VOTES.format(federation),
        "query_string": b"",
        "headers": headers,
    }
    assert _url_path(scope) == URL(scope=scope).path
