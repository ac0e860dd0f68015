"""Benchmark of the HTTP door (issue 3/7): 2,000 delegates vote within one second while
10,000 clients listen on the live event stream; and durable acts/s against the storage floor.

    .venv/bin/python bench/http_vote.py [--db URL] [--workers N] [--delegates N]
        [--listeners N] [--follow all|vote] [--window S] [--floor-seconds S]

Loopback only, bounded (every wait has a deadline), stops by itself. The congress of
bench/plenary.py is built in a new database (SQLite by default; `--db` names an empty
one), `soviet serve` is started on it with N workers, and N listeners (one process of
raw asyncio sockets, far cheaper than the server) open GET /api/v1/events: every kind
(`--follow all`), or only a vote's opening, closing and count (`--follow vote`,
`?kinds=VoteOpened,VoteClosed,VotesCounted`, as a phone or a projector showing the result
would). Then the vote opens; each delegate's vote is due at a seeded random moment within
the window from the moment the opening is committed (a delegate cannot vote before), and
is cast through HTTP (POST .../motions/{m}/votes with the delegate's bearer token and an
Idempotency-Key) over a pool of keep-alive HTTP/1.1 connections opened before; the chair
closes the vote once every vote is in.

Measured: the time from the opening until the last vote is committed and until the
result is final; each vote's wait from the moment it was due until it is committed
(p50/p99); when each listener has the VoteClosed event, after the close; the bytes per
event on the wire (chunk framing included); the server's resident memory (every
process) before the listeners connect, with them, and after the vote; and the storage
floor: one-entry durable commits a second, one after another, on the same database; and
the durable acts/s through HTTP (votes acknowledged a second, from the first sent to the
last acknowledged); and the CPU time the server used from the opening to the close, per
vote (what bounds the rate on a machine whose cores the client and listeners share).

The delegates' accounts are made with argon2id at its lowest cost (tokens only, no login:
the trick of tests/api/world.py), else 2,000 accounts cost 20 minutes of hashing.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection as Pipe
from pathlib import Path

import httpx
import orjson
from sqlalchemy import Connection

sys.path.insert(0, str(Path(__file__).resolve().parent))

from argon2 import PasswordHasher

from plenary import CHOICES, MOTION, adopt_agenda, build
from soviet.domain.identity import SYSTEM
from soviet.services import accounts
from soviet.services.bootstrap import open_database
from soviet.services.votes import close_vote, open_vote
from soviet.store import journal
from soviet.store.database import Database

T0 = datetime(1917, 10, 25, tzinfo=UTC)
#: Every wait of the benchmark ends by this many seconds at most.
DEADLINE = 120.0
#: What `--follow vote` listeners ask for.
VOTE_KINDS = "VoteOpened,VoteClosed,VotesCounted"
Pair = tuple[asyncio.StreamReader, asyncio.StreamWriter]
VOTES = "/api/v1/federations/russia-1917/councils/second-congress/motions/proclamation/votes"


def raise_open_files(wanted: int) -> int:
    """Raise this process's limit of open files (its children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(hard, max(soft, wanted))
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def storage_floor(db: Database, seconds: float) -> float:
    """Durable one-entry commits a second, one after another (the journal's append and
    its head, as every act writes them): what no door can beat."""

    def note(connection: Connection) -> None:
        journal.append(connection, at=T0, actor="operator", kind="NoteRecorded", payload={})

    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        db.write(note)
        done += 1
    return done / (time.perf_counter() - start)


# The listeners: one process, raw asyncio sockets.


class _Listener(asyncio.Protocol):
    def __init__(self, request: bytes, marker: bytes) -> None:
        self.request, self.marker = request, marker
        self.received = 0
        self.events = 0
        self.tail = b""
        self.has_started = asyncio.Event()
        self.heard_at: float | None = None
        self.is_lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(self.request)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.received += len(data)
        self.events += data.count(b"\nevent: ")
        seen = self.tail + data
        if not self.has_started.is_set() and b"retry:" in seen:
            self.has_started.set()
        if self.heard_at is None and self.marker in seen:
            self.heard_at = time.monotonic()
        self.tail = seen[-64:]

    def connection_lost(self, exc: Exception | None) -> None:
        self.is_lost = True


async def _listen(port: int, count: int, query: str, pipe: Pipe) -> None:
    loop = asyncio.get_running_loop()
    request = f"GET /api/v1/events{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    request = request.encode()
    listeners: list[_Listener] = []
    transports: list[asyncio.BaseTransport] = []

    async def one() -> None:
        listener = _Listener(request, b"event: VoteClosed\n")
        transport, _ = await loop.create_connection(lambda: listener, "127.0.0.1", port)
        listeners.append(listener)
        transports.append(transport)
        await asyncio.wait_for(listener.has_started.wait(), DEADLINE)

    for first in range(0, count, 250):  # in steps: the server's backlog is finite
        await asyncio.gather(*(one() for _ in range(first, min(count, first + 250))))
    pipe.send(("connected", len(listeners)))

    async def everyone_heard() -> None:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline and any(
            listener.heard_at is None and not listener.is_lost for listener in listeners
        ):
            await asyncio.sleep(0.01)

    await loop.run_in_executor(None, pipe.recv)  # the agenda's vote is closed
    await everyone_heard()  # its events are all delivered before the clock starts
    for listener in listeners:
        listener.heard_at, listener.tail = None, b""
    before = [(listener.received, listener.events) for listener in listeners]
    pipe.send(("drained",))
    await everyone_heard()
    heard = [listener.heard_at for listener in listeners]
    sizes = [
        (listener.received - was, listener.events - events)
        for listener, (was, events) in zip(listeners, before, strict=True)
    ]
    lost = sum(listener.is_lost for listener in listeners)
    for transport in transports:
        transport.close()
    pipe.send(("heard", heard, sizes, lost))


def listening(port: int, count: int, query: str, pipe: Pipe) -> None:
    import uvloop  # what soviet serve runs on (uvicorn's default when installed)

    uvloop.run(_listen(port, count, query, pipe))


# The server.


def serve(
    url: str, workers: int, folder: Path, options: list[str] | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """`soviet serve` on `url` with `options` added, once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    command = [sys.executable, "-m", "soviet", "--db", url, "serve", "--port", str(port)]
    command += ["--workers", str(workers), *(options or [])]
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).is_success:
                return process, port
        except httpx.TransportError:
            time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit("soviet serve did not answer within 60 s")


def _processes(process: subprocess.Popen[bytes]) -> list[int]:
    """The server and every process it started."""
    pids = [process.pid]
    for pid in pids:
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as found:
                pids += [int(child) for child in found.read().split()]
        except FileNotFoundError:
            continue
    return pids


def cpu_seconds(process: subprocess.Popen[bytes]) -> float:
    """The CPU time (user and system) the server and its processes have used so far."""
    ticks = 0
    for pid in _processes(process):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except FileNotFoundError:
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mib(process: subprocess.Popen[bytes]) -> float:
    """The resident memory of the server and every process it started, in MiB."""
    total = 0
    for pid in _processes(process):
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


# The vote.


#: The delegates act by tokens and never log in: argon2id at its lowest cost.
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def tokens_for(db: Database, names: list[str]) -> dict[str, str]:
    """An account and an act-scoped bearer token for each delegate."""
    expires = datetime.now(UTC) + timedelta(days=1)

    def make(name: str) -> str:
        accounts.create_account(db, name, "a long enough password", actor=SYSTEM)
        return accounts.issue_token(db, name, "bench", ["read", "act"], expires, actor=SYSTEM)

    saved, accounts.hasher = accounts.hasher, CHEAP
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            return dict(zip(names, pool.map(make, names), strict=True))
    finally:
        accounts.hasher = saved


async def _acknowledged(reader: asyncio.StreamReader) -> int:
    """Read one response on a keep-alive connection; its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")
    )
    await reader.readexactly(length)
    return int(lines[0].split()[1])


async def _connect(port: int, connections: int) -> list[Pair]:
    """The voters' keep-alive connections, opened before the vote (a phone is connected
    before it votes): opening them is no vote's wait."""
    return [await asyncio.open_connection("127.0.0.1", port) for _ in range(connections)]


async def _cast_all(
    port: int, tokens: dict[str, str], window: float, pool: list[Pair], start: float
) -> tuple[list[float], list[float], float, list[float]]:
    """Cast each delegate's vote at its seeded due moment after `start` over a pool of
    keep-alive connections: each vote's wait from due to acknowledged, when each was sent,
    when the last was acknowledged, and each vote's wait from its sending to its
    acknowledgement (the server's share: a vote is sent late when its connection is still
    waiting for an earlier answer, or when this client does not get the CPU in time)."""
    import random

    rng = random.Random(1917)
    due = deque(enumerate(sorted((rng.uniform(0, window), p) for p in tokens)))
    waits: list[float] = []
    sent: list[float] = []
    answered: list[float] = []

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while due:
            index, (offset, person) = due.popleft()
            if (delay := start + offset - time.monotonic()) > 0:
                await asyncio.sleep(delay)
            body = orjson.dumps({"person": person, "choice": CHOICES[index % 3]})
            head = (
                f"POST {VOTES} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Authorization: Bearer {tokens[person]}\r\nIdempotency-Key: vote-{person}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            sent.append(mine := time.monotonic())
            writer.write(head.encode() + body)
            if (status := await _acknowledged(reader)) != 201:
                raise SystemExit(f"a vote was refused with {status}")
            waits.append((now := time.monotonic()) - (start + offset))
            answered.append(now - mine)

    try:
        await asyncio.wait_for(asyncio.gather(*(connection(*pair) for pair in pool)), DEADLINE)
    except TimeoutError:
        raise SystemExit(
            f"{len(waits)} of {len(tokens)} votes acknowledged within {DEADLINE:.0f} s "
            f"({len(waits) / (time.monotonic() - min(sent)):.1f} acts/s through HTTP)"
        ) from None
    last = time.monotonic()
    for _, writer in pool:
        writer.close()
    return waits, sent, last, answered


async def _vote(
    db: Database, port: int, tokens: dict[str, str], window: float, connections: int
) -> dict:
    """Open the vote, cast each delegate's at its due moment through HTTP, close it."""
    loop = asyncio.get_running_loop()
    pool = await _connect(port, connections)
    # This client's own garbage (the congress it built) is frozen: a full collection of
    # it when the voting starts held the first votes back by 60 to 100 ms, and counted
    # against the server.
    gc.collect()
    gc.freeze()
    print("the listeners are connected: the vote opens", file=sys.stderr, flush=True)
    await asyncio.sleep(0.5)
    start = time.monotonic()
    await loop.run_in_executor(None, lambda: open_vote(db, MOTION, actor=SYSTEM))
    # A delegate votes once the vote is open (committed), not before: the due moments
    # fall within the window from then, and the opening counts in the whole vote only.
    opened = time.monotonic()
    waits, sent, last_committed, answered = await _cast_all(port, tokens, window, pool, opened)
    result = await loop.run_in_executor(None, lambda: close_vote(db, MOTION, actor=SYSTEM))
    closed = time.monotonic()
    assert result.tally.total == len(tokens), "a vote is missing"
    quantiles = statistics.quantiles(waits, n=100)
    served = statistics.quantiles(answered, n=100)
    return {
        "start": start,
        "opening": opened - start,
        "last_committed": last_committed - start,
        "closed_at": closed,
        "whole": closed - start,
        "p50": quantiles[49],
        "p99": quantiles[98],
        "served_p50": served[49],
        "served_p99": served[98],
        "acts_per_s": len(waits) / (last_committed - min(sent)),
        "tally": (result.tally.yes, result.tally.no, result.tally.abstain),
    }


#: The HTTP floor: a bare ASGI app on the same server (uvicorn, one worker, uvloop and
#: httptools as `soviet serve` runs it) that reads each request and answers 201 at once.
BARE_APP = """
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    body = b'{"receipt":null,"result":null}'
    await send({"type": "http.response.start", "status": 201, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
"""


def http_floor(args: argparse.Namespace, folder: Path) -> None:
    """The same votes, from the same client, to a door that does nothing: what the HTTP
    server and this machine allow before soviet does any work."""
    (folder / "bare_door.py").write_text(BARE_APP)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    command = [sys.executable, "-m", "uvicorn", "bare_door:app", "--port", str(port)]
    command += ["--log-level", "warning", "--no-access-log", "--workers", str(args.workers)]
    server = subprocess.Popen(command, cwd=folder, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        tokens = {f"d{n}": "none" for n in range(args.delegates)}

        async def cast() -> tuple[list[float], list[float], float, float]:
            pool = await _connect(port, args.threads)
            await asyncio.sleep(0.2)
            start = time.monotonic()
            waits, sent, last, _ = await _cast_all(port, tokens, args.window, pool, start)
            return waits, sent, last, start

        cpu_before = cpu_seconds(server)
        waits, sent, last, start = asyncio.run(cast())
        cpu = cpu_seconds(server) - cpu_before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    quantiles = statistics.quantiles(waits, n=100)
    print(
        f"HTTP floor (a bare ASGI app, uvicorn, {args.workers} worker(s)): {len(waits)} votes, "
        f"last acknowledged at {last - start:.2f} s, "
        f"{len(waits) / (last - min(sent)):.0f} acts/s, p50 {1000 * quantiles[49]:.1f} ms, "
        f"p99 {1000 * quantiles[98]:.1f} ms, server CPU {1000 * cpu / len(waits):.2f} ms per vote"
    )


def run(args: argparse.Namespace, folder: Path) -> None:
    url = args.db or f"sqlite:///{folder / 'http_vote.db'}"
    engine = url.split(":")[0].split("+")[0]
    vote_only = args.follow == "vote"
    with open_database(url, create=True) as db:
        delegates = build(db, args.delegates)
        tokens = tokens_for(db, delegates)
        floor = storage_floor(db, args.floor_seconds)
        server, port = serve(url, args.workers, folder)
        try:
            bare = rss_mib(server)
            ours, theirs = multiprocessing.Pipe()
            listener = multiprocessing.Process(
                target=listening,
                args=(port, args.listeners, f"?kinds={VOTE_KINDS}" * vote_only, theirs),
                daemon=True,
            )
            listener.start()
            if not ours.poll(DEADLINE):
                raise SystemExit("the listeners did not connect in time")
            _, connected = ours.recv()
            listening_rss = rss_mib(server)
            with ThreadPoolExecutor(max_workers=args.threads) as pool:
                adopt_agenda(db, delegates, pool)
                ours.send("agenda closed")
                if not ours.poll(DEADLINE + 10):
                    raise SystemExit("the listeners did not hear the agenda's close in time")
                ours.recv()
            cpu_before = cpu_seconds(server)
            figures = asyncio.run(_vote(db, port, tokens, args.window, args.threads))
            cpu_vote = cpu_seconds(server) - cpu_before
            if not ours.poll(DEADLINE + 10):
                raise SystemExit("the listeners did not report in time")
            _, heard, sizes, lost = ours.recv()
            listener.join(30)
            after_rss = rss_mib(server)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    informed = [at - figures["closed_at"] for at in heard if at is not None]
    received, events = sizes[0]
    print(
        f"engine: {engine}, workers: {args.workers}, delegates: {len(delegates)}, "
        f"window: {args.window} s, listeners: {connected} connected, following {args.follow}"
    )
    print(f"votes cast through HTTP; tally {figures['tally']}")
    print(f"durable acts/s through HTTP: {figures['acts_per_s']:.0f}")
    print(f"the vote was open (committed) after: {1000 * figures['opening']:.0f} ms")
    print(f"last vote committed at: {figures['last_committed']:.2f} s")
    print(f"whole vote (opening to final result): {figures['whole']:.2f} s (target < 2 s)")
    print(
        f"per vote p50: {1000 * figures['p50']:.1f} ms, p99: {1000 * figures['p99']:.1f} ms "
        "(target < 200 ms)"
    )
    print(
        f"  of which from its sending to its acknowledgement: p50 "
        f"{1000 * figures['served_p50']:.1f} ms, p99 {1000 * figures['served_p99']:.1f} ms"
    )
    if informed:
        print(
            f"listeners with the result: {len(informed)} of {connected} ({lost} closed); "
            f"after the close: median {statistics.median(informed):.2f} s, "
            f"last {max(informed):.2f} s (target < 1 s)"
        )
    else:
        print(f"listeners with the result: none of {connected} ({lost} closed)")
    print(
        f"bytes per event on the wire: {received / max(events, 1):.0f} "
        f"({events} events, {received} bytes to one listener)"
    )
    print(
        f"server memory (RSS, every process): {bare:.0f} MiB bare, {listening_rss:.0f} MiB "
        f"with the listeners, {after_rss:.0f} MiB after the vote"
    )
    print(f"storage floor: {floor:.0f} durable one-entry commits/s, one after another")
    print(
        f"server CPU during the vote: {cpu_vote:.2f} s, {1000 * cpu_vote / len(delegates):.2f} "
        "ms per vote (the listeners' share included)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--workers", type=int, default=1, help="soviet serve's workers")
    parser.add_argument("--delegates", type=int, default=2_000)
    parser.add_argument("--listeners", type=int, default=10_000)
    parser.add_argument("--window", type=float, default=1.0, help="seconds the votes arrive in")
    parser.add_argument(
        "--threads", type=int, default=256, help="keep-alive connections casting votes"
    )
    parser.add_argument(
        "--follow", choices=("all", "vote"), default="all", help="what the listeners follow"
    )
    parser.add_argument(
        "--floor-seconds", type=float, default=3.0, help="seconds the storage floor is measured"
    )
    parser.add_argument(
        "--http-floor",
        action="store_true",
        help="measure only the HTTP floor: the same votes to a bare ASGI app",
    )
    args = parser.parse_args()
    raise_open_files(args.listeners + 2_048)
    with tempfile.TemporaryDirectory(prefix="soviet-http-vote-") as folder:
        if args.http_floor:
            http_floor(args, Path(folder))
        else:
            run(args, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
