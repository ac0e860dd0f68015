"""A worker's garbage collection, made at quiet moments.

Python's cyclic collector walks every object it tracks in a full collection. A worker
holding 10,000 event streams tracks millions (each stream's connection, tasks, frames and
queues): a full collection was measured at 0.05 s with a few hundred streams and at 0.75 to
0.92 s with 10,000, during which nothing else runs. It comes whenever enough new objects
have survived, so it came in the middle of a vote as easily as at any other moment, and
every ballot arriving then waited for it.

So a worker that serves (`soviet serve`) freezes what has survived each full collection,
and what lives just after new streams have joined (`gc.freeze`: the next automatic
collections walk only what is newer, which is quick), and makes a collection of everything
itself: once no request has begun for QUIET seconds, or, when the worker is never quiet,
every LONGEST seconds whatever it is doing. Garbage in a cycle among frozen objects (a
closed stream's) waits for that collection instead of the next automatic one; anything
else is freed when its last reference goes, as always.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time

log = logging.getLogger(__name__)

#: Seconds without a new request after which a full collection is made.
QUIET = 2.0
#: The most seconds between two full collections, quiet or not.
LONGEST = 600.0


class Collector:
    """The full collections of one worker, on its event loop."""

    #: Seconds after a stream joins before what lives then is frozen (once for a crowd).
    FREEZE_AFTER = 0.05

    def __init__(self, *, quiet: float = QUIET, longest: float = LONGEST) -> None:
        self.quiet, self.longest = quiet, longest
        #: When the last request began (time.monotonic()); the door notes it.
        self.last_request = time.monotonic()
        self.collected_at = time.monotonic()
        self._is_freezing = False
        self._task: asyncio.Task[None] | None = None

    def freeze_soon(self) -> None:
        """Objects that will live long (an event stream's) have been made: freeze what
        lives in a moment, once for all that join meanwhile."""
        if self._task is not None and not self._is_freezing:
            self._is_freezing = True
            asyncio.get_running_loop().call_later(self.FREEZE_AFTER, self._freeze)

    def _freeze(self) -> None:
        self._is_freezing = False
        if self._task is not None:  # not once stopped
            gc.freeze()

    def note_request(self) -> None:
        """A request has begun: not quiet now."""
        self.last_request = time.monotonic()

    def start(self) -> None:
        """Freeze what lives now and make every later full collection at a quiet moment."""
        if self._task is None:
            gc.callbacks.append(self._freeze_survivors)
            self._collect()
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop, and hand the frozen objects back to the automatic collections."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
            gc.callbacks.remove(self._freeze_survivors)
        gc.unfreeze()

    @staticmethod
    def _freeze_survivors(phase: str, info: dict[str, int]) -> None:
        """After an automatic full collection: what survived it is frozen too."""
        if phase == "stop" and info["generation"] == 2:
            gc.freeze()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.quiet / 2)
            now = time.monotonic()
            is_quiet = now - self.last_request >= self.quiet
            has_new = self.last_request > self.collected_at
            if (is_quiet and has_new) or now - self.collected_at >= self.longest:
                self._collect()

    def _collect(self) -> None:
        began = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.collected_at = time.monotonic()
        log.debug("full collection in %.3f s", time.perf_counter() - began)
