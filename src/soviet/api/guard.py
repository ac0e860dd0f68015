"""The door's first check: a request whose path, query or JSON body holds a text no
database can store (a NUL, bytes that are not UTF-8), or whose body is too large, is
refused before any route reads it, naming where (as the CLI's `main` does for arguments).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from soviet.api.problems import problem
from soviet.domain.limits import unstorable_problem
from soviet.errors import Problem

#: The largest request body read (a statute is at most 1 MiB; a register's CSV a few).
BODY_MAX = 8 * 1024 * 1024
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every text in a JSON value (keys too), with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", key
            yield from _strings(item, f"{path}.{key}")


def _first_unstorable(found: Iterator[tuple[str, str]]) -> Problem | None:
    for path, text in found:
        reason = unstorable_problem(text)
        if reason is not None:
            return Problem(_shown(path), reason)
    return None


def _shown(path: str) -> str:
    """A path as a problem names it: a NUL or a lone surrogate written out as an escape."""
    return "".join(
        char if char != "\x00" and not "\ud800" <= char <= "\udfff" else f"\\u{ord(char):04x}"
        for char in path
    )


def _query(raw: bytes) -> Iterator[tuple[str, str]]:
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    for name, value in pairs:
        # As UTF-8, keeping bytes that are not as lone surrogates, so that they are refused.
        shown = name.encode("latin-1").decode("utf-8", "surrogateescape")
        yield f"query.{shown}", shown
        yield f"query.{shown}", value.encode("latin-1").decode("utf-8", "surrogateescape")


def _body_problem(body: bytes) -> Problem | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        return Problem("body", f"is not valid UTF-8 (at byte {error.start + 1})")
    try:
        value = json.loads(text)  # Python's parser keeps escaped lone surrogates, to refuse
    except (ValueError, RecursionError):
        return None  # not JSON: the route's own parser says what is wrong with it
    return _first_unstorable(_strings(value, "body"))


class Guard:
    """ASGI middleware: refuse unstorable text and oversized bodies; pass the rest on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = _first_unstorable(iter([("path", scope["path"])]))
        found = found or _first_unstorable(_query(scope.get("query_string", b"")))
        if found is not None:
            await self._refuse(found, scope, receive, send)
            return
        if scope["method"] not in _UNSAFE:
            await self.app(scope, receive, send)
            return
        body, complete = await read_body(receive)
        if not complete:
            await too_large()(scope, receive, send)
            return
        found = _body_problem(body)
        if found is not None:
            await self._refuse(found, scope, receive, send)
            return
        await self.app(scope, replay(body, receive), send)

    @staticmethod
    async def _refuse(found: Problem, scope: Scope, receive: Receive, send: Send) -> None:
        errors = [{"path": found.path, "message": found.message}]
        await problem("invalid_input", str(found), errors=errors)(scope, receive, send)


def too_large() -> Response:
    """The 413 problem of a body past BODY_MAX."""
    reason = f"is larger than {BODY_MAX // (1024 * 1024)} MiB"
    return problem("invalid_input", f"body: {reason}", status=413)


async def read_body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body, or (what was read, False) once it passes BODY_MAX."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks), True
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > BODY_MAX:
            return b"", False
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True


def replay(body: bytes, then: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then the server's own."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await then()

    return receive
