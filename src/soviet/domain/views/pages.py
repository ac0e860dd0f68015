"""Pages of a long list, and the opaque cursors that say where the next page starts.

A cursor is the key of the last item a page gave, as base64url text: the next page is
every item after that key, so a list walked page by page gives each item once, in order,
even while items are added after the last one read. A cursor is not a secret: it is only
opaque so that a client passes it back as it was given.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

# How many items a page holds when the caller does not say, and at most: declared in
# domain.vocabulary, so that the command line's --limit needs no page; imported from here.
from soviet.domain.vocabulary import DEFAULT_LIMIT as DEFAULT_LIMIT
from soviet.domain.vocabulary import MAX_LIMIT as MAX_LIMIT
from soviet.errors import InvalidInput

T = TypeVar("T")

#: A list's sort key, as a cursor carries it: text and whole numbers only.
Key = tuple[str | int, ...]


@dataclass(frozen=True)
class Page(Generic[T]):
    """Some items of a list, in order, and the cursor of the next page (None: the last)."""

    items: tuple[T, ...]
    next_cursor: str | None


def encode_cursor(key: Key) -> str:
    """The cursor that starts a page after the item whose key is `key`."""
    text = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def _refused(cursor: str) -> InvalidInput:
    shown = cursor if len(cursor) <= 40 else cursor[:40] + "…"
    return InvalidInput(f"cursor: '{shown}' is not a cursor this list gave")


def decode_cursor(cursor: str, shape: Sequence[type]) -> Key:
    """The key a cursor carries, checked against the types of the list's key."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error):
        raise _refused(cursor) from None
    if not isinstance(key, list) or len(key) != len(shape):
        raise _refused(cursor)
    for value, kind in zip(key, shape, strict=True):
        if isinstance(value, bool) or not isinstance(value, kind):
            raise _refused(cursor)
    return tuple(key)


def check_limit(limit: int) -> int:
    """A page size within 1 and MAX_LIMIT, or an error naming `limit`."""
    if isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit: must be between 1 and {MAX_LIMIT}, got {limit}")
    return limit


def page_of(
    items: Sequence[T],
    key: Callable[[T], Key],
    *,
    shape: Sequence[type],
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Page[T]:
    """The page of `items` (sorted by `key`, keys unique) that follows `cursor`."""
    check_limit(limit)
    after = None if cursor is None else decode_cursor(cursor, shape)
    rest = [item for item in items if after is None or _after(key(item), after)]
    chosen = rest[:limit]
    more = len(rest) > limit
    return Page(tuple(chosen), encode_cursor(key(chosen[-1])) if more else None)


def page_from(fetched: Sequence[T], key: Callable[[T], Key], limit: int) -> Page[T]:
    """The page of rows a query fetched past a cursor, asking for `limit + 1` of them."""
    chosen = tuple(fetched[:limit])
    more = len(fetched) > limit
    return Page(chosen, encode_cursor(key(chosen[-1])) if more else None)


def _after(key: Key, last: Key) -> bool:
    # Keys mix text and numbers only position by position, so tuples compare safely.
    return key > last
