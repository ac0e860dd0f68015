"""Read models: the typed results of every read, one JSON form for the CLI and the API.

Each read a page or a client needs returns a frozen dataclass from these modules;
`to_json` gives its exact JSON, and long lists come as a `Page` with an opaque cursor.
"""

from soviet.domain.views.encoding import absent_if_none, json_key, to_json
from soviet.domain.views.pages import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    check_limit,
    decode_cursor,
    encode_cursor,
    page_from,
    page_of,
)

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "Page",
    "absent_if_none",
    "check_limit",
    "decode_cursor",
    "encode_cursor",
    "json_key",
    "page_from",
    "page_of",
    "to_json",
]
