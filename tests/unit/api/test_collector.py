"""The worker's garbage collector (api.collector): what lives is frozen, a full collection
is made once the worker is quiet (or after the longest wait), and stopping hands the frozen
objects back to Python's own collections."""

from __future__ import annotations

import asyncio
import gc

from soviet.api.collector import Collector


class Cycle:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_what_lives_is_frozen_and_stopping_unfreezes_it() -> None:
    async def run() -> tuple[int, int, int]:
        collector = Collector(quiet=10.0, longest=10.0)
        collector.start()
        frozen = gc.get_freeze_count()
        kept = [Cycle() for _ in range(1_000)]  # a crowd of new streams' objects
        collector.freeze_soon()
        await asyncio.sleep(collector.FREEZE_AFTER * 3)
        frozen_after_join = gc.get_freeze_count()
        await collector.stop()
        del kept
        return frozen, frozen_after_join, gc.get_freeze_count()

    frozen, after_join, after_stop = asyncio.run(run())
    assert frozen > 0
    assert after_join >= frozen + 1_000
    assert after_stop == 0
    assert Collector._freeze_survivors not in gc.callbacks


def test_a_full_collection_is_made_once_the_worker_is_quiet() -> None:
    async def run() -> tuple[bool, bool]:
        collector = Collector(quiet=0.2, longest=60.0)
        collector.start()
        first = collector.collected_at
        collector.note_request()
        garbage = Cycle()  # cyclic garbage among frozen objects waits for the full one
        gc.freeze()
        del garbage
        busy_since = collector.collected_at
        await asyncio.sleep(0.05)
        is_busy_kept = collector.collected_at == busy_since  # a request just began
        await asyncio.sleep(0.5)
        collected = collector.collected_at > first
        await collector.stop()
        return is_busy_kept, collected

    is_busy_kept, collected = asyncio.run(run())
    assert is_busy_kept
    assert collected
