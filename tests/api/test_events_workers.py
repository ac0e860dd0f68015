"""Two `soviet serve` workers on PostgreSQL: what commits beside or through one worker
reaches the event streams of both, and a listener that reconnects (to whichever worker
takes it) with Last-Event-ID misses nothing."""

from __future__ import annotations

import os
import signal
from contextlib import ExitStack, closing
from pathlib import Path

import pytest

from .server import Server, serving
from .test_events import Listener, notes, seqs


def workers_of(server: Server) -> list[int]:
    """The pids of the worker processes of `server` (children of its supervisor)."""
    with open(f"/proc/{server.process.pid}/task/{server.process.pid}/children") as found:
        children = [int(pid) for pid in found.read().split()]
    # Beside the workers, multiprocessing starts a resource tracker.
    return [pid for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def sockets_of(pid: int) -> int:
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            count += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except FileNotFoundError:
            continue
    return count


def on(
    worker: int, server: Server, count: int = 6, headers: dict[str, str] | None = None
) -> list[Listener]:
    """Streams opened on `worker`: the others are stopped (SIGSTOP) while they connect,
    so that the kernel hands every connection to it."""
    others = [pid for pid in workers_of(server) if pid != worker]
    for pid in others:
        os.kill(pid, signal.SIGSTOP)
    try:
        return [Listener(server, headers=headers) for _ in range(count)]
    finally:
        for pid in others:
            os.kill(pid, signal.SIGCONT)


@pytest.fixture
def postgres_url(initialised_url: str) -> str:
    assert initialised_url.startswith("postgresql")
    return initialised_url


# Several workers need PostgreSQL: SQLite serves one process.
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_every_worker_streams_what_commits_and_a_reconnection_misses_nothing(
    postgres_url: str, tmp_path: Path
) -> None:
    with serving(postgres_url, tmp_path, workers=2) as server:
        workers = workers_of(server)
        assert len(workers) == 2
        before = {pid: sockets_of(pid) for pid in workers}
        with ExitStack() as open_streams:
            listeners: list[Listener] = []
            for pid in workers:  # six streams on each worker
                listeners += [open_streams.enter_context(closing(s)) for s in on(pid, server)]
            after = {pid: sockets_of(pid) for pid in workers}
            assert all(after[pid] > before[pid] for pid in workers), (before, after)
            written = notes(postgres_url, 20)
            for listener in listeners:
                assert seqs(listener.until_seq(written[-1])) == written
            midway = seqs(listeners[0].events())[9]
        written += notes(postgres_url, 20)
        with ExitStack() as open_streams:
            resumed: list[Listener] = []
            for pid in workers:  # three on each worker
                resuming = on(pid, server, 3, {"Last-Event-ID": str(midway)})
                resumed += [open_streams.enter_context(closing(s)) for s in resuming]
            written += notes(postgres_url, 20)
            for listener in resumed:
                heard = seqs(listener.until_seq(written[-1]))
                assert heard == list(range(midway + 1, written[-1] + 1))
