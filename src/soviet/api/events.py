"""GET /api/v1/events: the public notices as a stream of Server-Sent Events.

Each event's `id` is the journal seq, `event` the notice's kind, `data` the notice as one
line of JSON. A client that reconnects with `Last-Event-ID` (or, when it cannot set
headers, `?last_event_id=`) gets every notice after that seq, read from the journal, then
the live ones: no gap, no repeat. A comment line every 15 s keeps idle connections open,
and `retry:` tells the client how soon to reconnect. Who may read the notices is decided by
`services.notices` (they are public by their policy, docs/notices.md).

A client may follow some kinds only (`?kinds=VoteOpened,VoteClosed`): a projector showing
a vote's result need not receive every ballot's notice. Its ids are still journal seqs, so
Last-Event-ID resumes within its kinds.
"""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from soviet.api import ballot_lane, broadcast
from soviet.api.broadcast import Bounds, Broadcaster, Kinds, Stream
from soviet.api.deps import CurrentActor, Db
from soviet.domain import limits
from soviet.domain.identity import SYSTEM, Actor
from soviet.domain.notices import POLICIES
from soviet.errors import InvalidInput, Problem
from soviet.services import accounts, notices
from soviet.services.bootstrap import Database

MEDIA_TYPE = "text/event-stream"
#: Milliseconds a client should wait before reconnecting.
RETRY_MS = 2000
_SEQ = re.compile(r"[0-9]{1,19}")
#: The largest write to one stream: a burst is written in parts, so that a slow client's
#: transport buffer holds one part, not a copy of the whole burst.
WRITE_SIZE = 64 * 1024

router = APIRouter(tags=["events"])


def broadcaster_of(request: Request) -> Broadcaster:
    """This worker's broadcaster, made on first use (it needs the running event loop)."""
    state = request.app.state
    if getattr(state, "broadcaster", None) is None:
        settings = state.settings
        db = state.db
        state.broadcaster = Broadcaster(
            db,
            heartbeat=settings.heartbeat,
            bounds=Bounds(settings.stream_limit, settings.stream_bytes),
            closed_since=lambda since: accounts.closed_since(db, since, actor=SYSTEM),
            is_acting=ballot_lane.is_acting,
        )
    found: Broadcaster = state.broadcaster
    return found


async def stop(app: Any) -> None:
    """Close this worker's streams and stop its follower (when the app stops)."""
    found = getattr(app.state, "broadcaster", None)
    if found is not None:
        await found.stop()


def _parse_seq(text: str, field: str) -> int:
    found = _SEQ.fullmatch(text.strip())
    if found is not None and int(found.group()) <= limits.ID_MAX:
        return int(found.group())
    shown = text if len(text) <= 40 else text[:40] + "..."
    reason = f"{shown!r} is not an event id: an event id is a journal entry's number, such as 42"
    raise InvalidInput(f"{field}: {reason}", problems=[Problem(field, reason)])


def parse_kinds(text: str) -> frozenset[str]:
    """The journal kinds of a comma-separated list, each one known."""
    named = [part.strip() for part in text.split(",")]
    unknown = [name for name in named if name not in POLICIES]
    if unknown:
        shown = ", ".join(repr(name[:40]) for name in unknown[:5])
        reason = f"{shown}: not a kind of journal entry (docs/notices.md lists them)"
        raise InvalidInput(f"query.kinds: {reason}", problems=[Problem("query.kinds", reason)])
    return frozenset(named)


class EventStream(Response):
    """A response that writes the stream's backlog, then its live bytes, until it closes."""

    media_type = MEDIA_TYPE

    def __init__(
        self, db: Database, actor: Actor, owner: Broadcaster, stream: Stream, after: int
    ) -> None:
        super().__init__(media_type=MEDIA_TYPE)
        # Its length is unknown: chunked, never buffered by a proxy, never cached.
        self.raw_headers = [
            (b"content-type", MEDIA_TYPE.encode()),
            (b"cache-control", b"no-cache"),
            (b"x-accel-buffering", b"no"),
        ]
        self.db, self.actor, self.owner, self.stream, self.after = db, actor, owner, stream, after

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        watcher = asyncio.create_task(self._watch(receive))
        try:
            await _write(send, b"retry: %d\n\n" % RETRY_MS)
            await self._backlog(send)
            while True:
                await self.stream.ready.wait()
                if self.stream.reason is not None:
                    break
                await _write(send, self.stream.take())
        finally:
            self.owner.leave(self.stream)
            watcher.cancel()
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _backlog(self, send: Send) -> None:
        """The notices after the client's id up to where the broadcaster joined it."""
        after, upto = self.after, self.stream.upto
        while after < upto and self.stream.reason is None:
            found = await asyncio.to_thread(
                notices.notices_after, self.db, after, limit=notices.BATCH, actor=self.actor
            )
            if not found:
                return
            kinds = self.stream.kinds
            wanted = (n for n in found if n.seq <= upto and (kinds is None or n.kind in kinds))
            await _write(send, b"".join(broadcast.encode(n) for n in wanted))
            after = found[-1].seq

    async def _watch(self, receive: Receive) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        self.stream.close("the client went away")


async def _write(send: Send, data: bytes) -> None:
    for start in range(0, len(data), WRITE_SIZE):
        part = data[start : start + WRITE_SIZE] if len(data) > WRITE_SIZE else data
        await send({"type": "http.response.body", "body": part, "more_body": True})


_STREAM_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-Sent Events: `id` the journal seq, `event` the notice's kind, "
        "`data` the notice as JSON; comment lines are heartbeats.",
        "content": {MEDIA_TYPE: {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/events",
    summary="The live stream of public notices (Server-Sent Events)",
    description="Every public notice after `Last-Event-ID` (or from now), then each one as "
    "it is committed, until the client leaves or its account loses access.\n\n"
    "`kinds` (a comma-separated list of journal kinds, such as "
    "`VoteOpened,VoteClosed,VotesCounted`) follows those kinds only: a display of a vote's "
    "result need not receive every ballot. The ids are still journal seqs, so "
    "`Last-Event-ID` resumes within the same kinds. An unknown kind is refused (422, "
    "`query.kinds`); docs/notices.md lists the kinds.\n\n"
    "A stream whose client falls too far behind (too many events or bytes waiting) is "
    "closed; the client reconnects with `Last-Event-ID` and reads the gap from the journal.",
    response_class=EventStream,
    status_code=200,
    responses=_STREAM_RESPONSE,
)
async def events(
    request: Request,
    db: Db,
    actor: CurrentActor,
    last_event_id: Annotated[
        str | None,
        Header(alias="Last-Event-ID", max_length=40, description="Resume after this journal seq."),
    ] = None,
    resume_after: Annotated[
        str | None,
        Query(
            alias="last_event_id",
            max_length=40,
            description="Resume after this journal seq, for clients that cannot set headers "
            "(the header wins when both are given).",
        ),
    ] = None,
    kinds: Annotated[
        str | None,
        Query(
            max_length=2000,
            description="Follow these journal kinds only (comma-separated), e.g. "
            "`VoteOpened,VoteClosed`; every kind when absent.",
        ),
    ] = None,
) -> Response:
    """Every public notice (of `kinds`) after `Last-Event-ID` (or from now), then each one
    as it is committed, until the client leaves or its account loses access."""
    followed: Kinds = None if kinds is None else parse_kinds(kinds)
    if last_event_id is not None:
        after = _parse_seq(last_event_id, "Last-Event-ID")
    elif resume_after is not None:
        after = _parse_seq(resume_after, "last_event_id")
    else:
        after = None
    owner = broadcaster_of(request)
    await owner.start()
    head = await asyncio.to_thread(notices.head_seq, db, actor=actor)
    if after is not None and after > head:
        field = "Last-Event-ID" if last_event_id is not None else "last_event_id"
        reason = f"{after} is beyond the last journal entry, {head}"
        raise InvalidInput(f"{field}: {reason}", problems=[Problem(field, reason)])
    stream = owner.join(
        head if after is None else after,
        account=getattr(request.state, "account", None),
        credential=getattr(request.state, "credential", None),
        kinds=followed,
    )
    collector = getattr(request.app.state, "collector", None)
    if collector is not None:  # a stream lives long: no collection need walk it
        collector.freeze_soon()
    return EventStream(db, actor, owner, stream, head if after is None else after)
