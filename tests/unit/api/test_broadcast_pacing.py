"""How the broadcaster spends its worker's loop (api.broadcast): what it writes to many
streams at once, a notice or a heartbeat, is offered a few streams at a time while acts
are waiting for their answers, and OFFERS_PER_TURN a turn otherwise."""

from __future__ import annotations

import asyncio
from pathlib import Path

from soviet.api.broadcast import HEARTBEAT, Bounds, Broadcaster, Stream
from soviet.services.bootstrap import open_database


def _heard(streams: list[Stream]) -> int:
    return sum(1 for stream in streams if HEARTBEAT in stream.pending)


def _beating(folder: Path, is_acting: bool, count: int) -> tuple[int, int]:
    """How many of `count` streams have the first heartbeat at once, and a while after."""

    async def run() -> tuple[int, int]:
        # The heartbeats alone are run: the journal is not followed.
        broadcaster = Broadcaster(
            db,
            heartbeat=0.05,
            bounds=Bounds(pieces=8),
            is_acting=lambda: is_acting,
        )
        broadcaster.loop = asyncio.get_running_loop()
        streams = [Stream(account=None, credential=None, bounds=Bounds(8)) for _ in range(count)]
        broadcaster.streams.update(streams)
        beating = asyncio.create_task(broadcaster._heartbeats())
        while not _heard(streams):
            await asyncio.sleep(0)
        at_once = _heard(streams)
        await asyncio.sleep(0.03)
        later = _heard(streams)
        beating.cancel()
        return at_once, later

    with open_database(f"sqlite:///{folder / 'x.db'}", create=True) as db:
        return asyncio.run(run())


def test_heartbeats_wait_for_the_acts_in_flight(tmp_path: Path) -> None:
    # 2,000 streams: 10 at a time every 2 ms while ballots wait for their answers.
    at_once, later = _beating(tmp_path, is_acting=True, count=2_000)
    assert at_once == Broadcaster.OFFERS_WHILE_ACTING
    assert Broadcaster.OFFERS_WHILE_ACTING < later < 2_000


def test_heartbeats_reach_every_stream_within_a_few_turns_otherwise(tmp_path: Path) -> None:
    at_once, later = _beating(tmp_path, is_acting=False, count=2_000)
    assert at_once == Broadcaster.OFFERS_PER_TURN
    assert later == 2_000
