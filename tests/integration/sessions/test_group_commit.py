"""Group commit: acts queued together are written together, each answered with its own
outcome, and a failed transaction fails every act in it."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from soviet.errors import Conflict, SovietError, StorageError
from soviet.services import group_commit
from soviet.services.bootstrap import open_database


def _odd_refused(
    batches: list[list[int]], pause: float
) -> Callable[[Sequence[int]], list[int | SovietError]]:
    """A writer that notes each batch, takes `pause` seconds over it, refuses odd numbers
    and fails the test if two batches are written at once."""
    writing = threading.Lock()

    def write(requests: Sequence[int]) -> list[int | SovietError]:
        assert writing.acquire(blocking=False), "two batches written at once"
        try:
            batches.append(list(requests))
            time.sleep(pause)
            return [Conflict(f"odd {r}") if r % 2 else r * 10 for r in requests]
        finally:
            writing.release()

    return write


def test_acts_arriving_together_are_written_together(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'g.db'}", create=True)
    batches: list[list[int]] = []
    write = _odd_refused(batches, 0.01)

    def call(number: int) -> int | str:
        try:
            return group_commit.submit(db, "test", number, write)
        except Conflict as error:
            return str(error)

    with ThreadPoolExecutor(max_workers=32) as pool:
        outcomes = list(pool.map(call, range(200)))
    assert outcomes == [f"odd {n}" if n % 2 else n * 10 for n in range(200)]
    assert sorted(n for batch in batches for n in batch) == list(range(200))
    assert max(len(batch) for batch in batches) > 1
    db.dispose()


def test_a_failed_transaction_fails_every_act_in_it(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'g.db'}", create=True)

    def write(requests: Sequence[int]) -> list[int | SovietError]:
        raise StorageError("disk full")

    with pytest.raises(StorageError, match="^disk full$"):
        group_commit.submit(db, "failing", 1, write)
    with pytest.raises(StorageError, match="^disk full$"):
        group_commit.submit(db, "failing", 2, write)
    db.dispose()


def test_requests_queued_together_are_written_in_order_with_those_arriving_meanwhile(
    tmp_path: Path,
) -> None:
    """A roll call entered at once (submit_many) goes through the same queue as single
    acts from other threads: its requests keep their order, each has its own outcome, one
    transaction never takes more than BATCH, and no act is written twice or lost."""
    db = open_database(f"sqlite:///{tmp_path / 'g.db'}", create=True)
    batches: list[list[int]] = []
    write = _odd_refused(batches, 0.002)

    def single(number: int) -> int | str:
        try:
            return group_commit.submit(db, "mixed", number, write)
        except Conflict as error:
            return str(error)

    many = list(range(10_000, 10_000 + 2 * group_commit.BATCH + 7))
    with ThreadPoolExecutor(max_workers=16) as pool:
        singles = pool.map(single, range(300))
        outcomes = group_commit.submit_many(db, "mixed", many, write)
        assert list(singles) == [f"odd {n}" if n % 2 else n * 10 for n in range(300)]
    assert [str(o) if isinstance(o, Conflict) else o for o in outcomes] == [
        f"odd {n}" if n % 2 else n * 10 for n in many
    ]
    written = [n for batch in batches for n in batch]
    assert sorted(written) == [*range(300), *many]
    assert [n for n in written if n >= 10_000] == many  # in the order given
    assert max(len(batch) for batch in batches) <= group_commit.BATCH
    assert group_commit.submit_many(db, "mixed", [], write) == []
    db.dispose()


def test_awaiting_callers_are_written_with_waiting_threads_and_lose_nothing(
    tmp_path: Path,
) -> None:
    """Acts awaited on an event loop (the ballot lane's) and acts of waiting threads share
    one queue: every act is written once, in no batch larger than BATCH, one batch at a
    time, and each caller gets its own outcome, a refusal included."""
    db = open_database(f"sqlite:///{tmp_path / 'g.db'}", create=True)
    batches: list[list[int]] = []
    write = _odd_refused(batches, 0.002)

    async def awaited() -> list[object]:
        return list(
            await asyncio.gather(
                *(group_commit.submit_async(db, "mixed", n, write) for n in range(1_200))
            )
        )

    def threads() -> list[object]:
        with ThreadPoolExecutor(max_workers=16) as pool:
            return list(
                pool.map(
                    lambda n: group_commit.submit_many(db, "mixed", [n], write)[0],
                    range(1_200, 1_400),
                )
            )

    with ThreadPoolExecutor(max_workers=1) as side:
        from_threads = side.submit(threads)
        from_loop = asyncio.run(awaited())
        outcomes = from_loop + from_threads.result()
    assert [str(o) if isinstance(o, Conflict) else o for o in outcomes] == [
        f"odd {n}" if n % 2 else n * 10 for n in range(1_400)
    ]
    written = [n for batch in batches for n in batch]
    assert sorted(written) == list(range(1_400))
    assert max(len(batch) for batch in batches) <= group_commit.BATCH
    assert max(len(batch) for batch in batches) > 1
    db.dispose()


def test_an_act_whose_caller_stopped_awaiting_is_written_all_the_same(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'g.db'}", create=True)
    written: list[int] = []
    release = threading.Event()

    def write(requests: Sequence[int]) -> list[int | SovietError]:
        release.wait(5)
        written.extend(requests)
        return list(requests)

    async def abandon() -> None:
        task = asyncio.create_task(group_commit.submit_async(db, "cancelled", 7, write))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        release.set()
        # The next act is written after it, by the queue's own thread.
        assert await group_commit.submit_async(db, "cancelled", 8, write) == 8

    asyncio.run(abandon())
    assert written == [7, 8]
    db.dispose()
