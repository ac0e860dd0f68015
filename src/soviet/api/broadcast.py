"""The fan-out of the live event stream: one follower of the journal per worker process,
each notice encoded once, the same bytes written to every open stream.

A thread follows the journal (`services.notices.follow`, woken by PostgreSQL's
LISTEN/NOTIFY or a short poll on SQLite) and hands each notice, already encoded as one
Server-Sent Event, to the event loop, which appends the bytes to every stream's bounded
queue. A stream too slow to keep up is closed rather than let grow or hold the others
back; its client resumes with Last-Event-ID. Encoding per listener (FastAPI's own SSE
path) was measured 4–5× slower to fan out at 10,000 listeners.

A stream that joins with a Last-Event-ID behind the broadcaster's position reads the gap
from the journal up to that position, then takes the live bytes after it: no gap, no
repeat. Streams are kept by account and by credential, so that logout, revocation,
disabling an account or losing a role closes them at once.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from collections.abc import Callable

import orjson

from soviet.domain.identity import PUBLIC
from soviet.domain.notices import Notice
from soviet.services import notices
from soviet.services.bootstrap import Database

log = logging.getLogger("soviet.api.events")

#: A comment line: it keeps proxies and clients from timing an idle stream out.
HEARTBEAT = b": heartbeat\n\n"


def encode(notice: Notice) -> bytes:
    """A notice as one Server-Sent Event: its seq as `id`, its kind as `event`, the notice
    as one line of JSON as `data` (JSON escapes every line break inside a string)."""
    data = orjson.dumps(notice.as_json())
    return b"id: %d\nevent: %s\ndata: %s\n\n" % (notice.seq, notice.kind.encode(), data)


class Stream:
    """One listener's open stream: the bytes waiting to be written, at most `limit` pieces."""

    __slots__ = ("account", "credential", "after", "upto", "pending", "limit", "ready", "reason")

    def __init__(self, *, account: str | None, credential: str | None, limit: int) -> None:
        self.account, self.credential, self.limit = account, credential, limit
        #: Live events up to this seq are skipped (the client has them, or reads them from
        #: the journal first).
        self.after = 0
        #: The broadcaster's position when the stream joined: its backlog ends there.
        self.upto = 0
        self.pending: deque[bytes] = deque()
        self.ready = asyncio.Event()
        #: Why the stream was closed; None while it is open.
        self.reason: str | None = None

    def offer(self, seq: int, data: bytes) -> None:
        """Queue the bytes of event `seq` (0 for a comment), or close a stream too slow."""
        if self.reason is not None or (seq and seq <= self.after):
            return
        if len(self.pending) >= self.limit:
            self.close("too slow to keep up")
            return
        self.pending.append(data)
        self.ready.set()

    def close(self, reason: str) -> None:
        """End the stream: its writer stops at its next turn."""
        if self.reason is None:
            self.reason = reason
            self.pending.clear()
        self.ready.set()

    def take(self) -> bytes:
        """Every piece waiting, as one write."""
        data = b"".join(self.pending)
        self.pending.clear()
        self.ready.clear()
        return data


class Broadcaster:
    """One per worker process: the follower thread, the open streams, the heartbeat."""

    def __init__(self, db: Database, *, heartbeat: float, limit: int) -> None:
        self.db, self.heartbeat, self.limit = db, heartbeat, limit
        self.streams: set[Stream] = set()
        #: The seq of the last notice handed to the streams.
        self.position = 0
        self.loop: asyncio.AbstractEventLoop | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._beat: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()
        #: Called on the loop with each notice after it is written to the streams.
        self.on_notice: list[Callable[[Notice], None]] = []

    async def start(self) -> None:
        """Start following the journal from its head (once; later calls return at once)."""
        async with self._starting:
            if self.loop is not None:
                return
            self.position = await asyncio.to_thread(notices.head_seq, self.db, actor=PUBLIC)
            self.loop = asyncio.get_running_loop()
            self._thread = threading.Thread(
                target=self._follow, args=(self.position,), name="soviet-broadcast", daemon=True
            )
            self._thread.start()
            self._beat = asyncio.create_task(self._heartbeats())

    def _follow(self, after: int) -> None:
        loop = self.loop
        assert loop is not None
        while not self._stop.is_set():
            try:
                for notice in notices.follow(self.db, after, stop=self._stop, actor=PUBLIC):
                    loop.call_soon_threadsafe(self._deliver, notice, encode(notice))
                    after = notice.seq
            except Exception as error:  # the database went away: try again shortly
                log.error("the event stream's follower stopped (%s); retrying", type(error).__name__)
                self._stop.wait(1.0)

    def _deliver(self, notice: Notice, data: bytes) -> None:
        self.position = notice.seq
        for stream in list(self.streams):
            stream.offer(notice.seq, data)
        for listener in self.on_notice:
            listener(notice)

    async def _heartbeats(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat)
            for stream in list(self.streams):
                stream.offer(0, HEARTBEAT)

    def join(self, after: int, *, account: str | None, credential: str | None) -> Stream:
        """A new stream of the events after `after`; its backlog runs to `stream.upto`."""
        stream = Stream(account=account, credential=credential, limit=self.limit)
        stream.upto = self.position
        stream.after = max(after, self.position)
        self.streams.add(stream)
        return stream

    def leave(self, stream: Stream) -> None:
        self.streams.discard(stream)

    def close(self, *, account: str | None = None, credential: str | None = None) -> int:
        """Close the open streams of `account`, or of `credential`; how many were closed."""
        closed = 0
        for stream in list(self.streams):
            if (account is not None and stream.account == account) or (
                credential is not None and stream.credential == credential
            ):
                stream.close("the account's access ended")
                self.streams.discard(stream)
                closed += 1
        return closed

    async def stop(self) -> None:
        """Close every stream and stop the follower."""
        for stream in list(self.streams):
            stream.close("the server is stopping")
        self.streams.clear()
        self._stop.set()
        if self._beat is not None:
            self._beat.cancel()
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join, 5)
