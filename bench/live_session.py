"""Benchmark of the live session page (issue 5/7) at a congress of 2,000 delegates.

    .venv/bin/python bench/live_session.py [--db URL] [--delegates N] [--streams N]
        [--browsers N] [--votes N] [--pages N]

Loopback only, bounded (every wait has a deadline), stops by itself. The congress of
bench/plenary.py is built in a new database (SQLite by default; `--db` names an empty one),
its vote opened, and `soviet serve` started on it (one worker). Measured:

- **server time per page**: the session page (signed out, and as a delegate by her bearer
  token), its live part (`fragments/state`), the projector and the chair's console, each
  asked `--pages` times one after another over a keep-alive connection: p50/p99 of the
  time to the last byte, the server's CPU time per page, and the bytes of each;
- **bytes per live update**: what one ballot's notice costs a page on the wire (the
  event stream's frame, chunk framing included), the only thing a page receives for a
  ballot;
- **a live part asked for by every page at once** (as after an attendance or a speaker
  changes it): the session page's `fragments/state`, rendered once per journal entry and
  shared, against the chair's `fragments/chair`, rendered for each asker;
- **from a vote to the new turnout**: `--streams` clients (one process of raw asyncio
  sockets) follow the event stream with the kinds the session page follows, and
  `--browsers` real Chromium pages show the session; `--votes` delegates then vote one
  after another through HTTP, and for each vote the time from sending it until every
  stream has its notice (p50/p99/max over all streams and votes), and until each browser
  page shows the new count;
- **work in the browser**: the session page's element count, against the same page at a
  congress of 60 (it must not grow with the delegates); a ballot's notice changes one
  number and one bar, whatever the size of the congress.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import signal
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_vote import cpu_seconds, raise_open_files, serve, tokens_for
from plenary import MOTION, build
from soviet.domain.identity import SYSTEM
from soviet.services.bootstrap import open_database
from soviet.services.votes import open_vote
from soviet.web.plenary_pages import BALLOT_KINDS, COUNT_KINDS, STATE_KINDS

DEADLINE = 120.0
FEDERATION = "russia-1917"
VOTES = f"/api/v1/federations/{FEDERATION}/councils/second-congress/motions/proclamation/votes"
#: What the session page's script asks the event stream for.
PAGE_KINDS = ",".join(sorted({*STATE_KINDS, *COUNT_KINDS, *BALLOT_KINDS}))
MARKER = b"event: VoteCast\n"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# The streams: one process, raw asyncio sockets.


class _Stream(asyncio.Protocol):
    def __init__(self, request: bytes) -> None:
        self.request = request
        self.received = 0
        self.tail = b""
        self.has_started = asyncio.Event()
        self.heard: list[float] = []
        self.sizes: list[int] = []
        self.is_lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(self.request)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        self.received += len(data)
        seen = self.tail + data
        if not self.has_started.is_set() and b"retry:" in seen:
            self.has_started.set()
        found = seen.count(MARKER) - self.tail.count(MARKER)
        for _ in range(found):
            self.heard.append(now)
            self.sizes.append(len(data) // max(found, 1))
        self.tail = seen[-len(MARKER) :]

    def connection_lost(self, exc: Exception | None) -> None:
        self.is_lost = True


async def _follow(port: int, count: int, votes: int, pipe: Pipe) -> None:
    loop = asyncio.get_running_loop()
    request = (
        f"GET /api/v1/events?kinds={PAGE_KINDS} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    ).encode()
    streams: list[_Stream] = []

    async def one() -> None:
        stream = _Stream(request)
        await loop.create_connection(lambda: stream, "127.0.0.1", port)
        streams.append(stream)
        await asyncio.wait_for(stream.has_started.wait(), DEADLINE)

    for first in range(0, count, 250):  # in steps: the server's backlog is finite
        await asyncio.gather(*(one() for _ in range(first, min(count, first + 250))))
    pipe.send(("connected", len(streams)))
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline and any(
        len(s.heard) < votes and not s.is_lost for s in streams
    ):
        await asyncio.sleep(0.01)
    pipe.send(("heard", [s.heard for s in streams], [s.sizes for s in streams]))


def following(port: int, count: int, votes: int, pipe: Pipe) -> None:
    import uvloop

    uvloop.run(_follow(port, count, votes, pipe))


# Pages.


def time_pages(port: int, paths: dict[str, str], token: str, count: int, server: Any) -> None:
    """Each page `count` times, one after another: p50/p99, CPU per page, bytes."""
    base = f"http://127.0.0.1:{port}"
    print(f"{'page':<34} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>8} {'bytes':>8}")
    for name, path in paths.items():
        signed = name.endswith("(delegate)") or name.startswith("chair")  # any account
        headers = {"Authorization": f"Bearer {token}"} if signed else {}
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            client.get(path).raise_for_status()  # warm
            took: list[float] = []
            before = cpu_seconds(server)
            for _ in range(count):
                start = time.perf_counter()
                response = client.get(path)
                took.append(time.perf_counter() - start)
                response.raise_for_status()
            cpu = (cpu_seconds(server) - before) / count
        print(
            f"{name:<34} {1000 * percentile(took, 0.5):>8.1f} {1000 * percentile(took, 0.99):>8.1f}"
            f" {1000 * cpu:>8.1f} {len(response.content):>8,}"
        )


def fan_out(port: int, path: str, pages: int, server: Any) -> None:
    """Every page asks for a live part at once, as after a notice that changes it (an
    attendance, a speaker): `pages` GETs over 64 keep-alive connections, timed until the
    last is answered, with the server's CPU time. `fragments/state` is the same for every
    page and rendered once per journal entry; `fragments/chair` is rendered for each."""

    async def ask() -> float:
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=DEADLINE
        ) as client:
            start = time.perf_counter()
            answers = await asyncio.gather(*(client.get(path) for _ in range(pages)))
            took = time.perf_counter() - start
        if any(answer.status_code != 200 for answer in answers):
            raise SystemExit(f"{path}: a page was refused")
        return took

    before = cpu_seconds(server)
    took = asyncio.run(ask())
    cpu = cpu_seconds(server) - before
    print(
        f"{pages:,} pages asking for {path.rsplit('/', 1)[1]} at once: all answered in "
        f"{took:.2f} s, server CPU {cpu:.2f} s ({1000 * cpu / pages:.2f} ms a page)"
    )


def browser_work(browser: Any, url: str) -> dict[str, float]:
    """The session page's elements once its script has connected."""
    page = browser.new_page()
    page.goto(url)
    page.wait_for_function("document.documentElement.getAttribute('data-live') === 'open'")
    elements = page.evaluate("document.getElementsByTagName('*').length")
    page.close()
    return {"elements": elements}


def run(args: argparse.Namespace, folder: Path) -> None:
    raise_open_files(args.streams + 1000)
    url = args.db or f"sqlite:///{folder / 'live.db'}"
    small_url = f"sqlite:///{folder / 'small.db'}"
    with open_database(small_url, create=True) as db:
        build(db, 60)
        open_vote(db, MOTION, actor=SYSTEM)
    with open_database(url, create=True) as db:
        started = time.perf_counter()
        delegates = build(db, args.delegates)
        print(f"congress of {len(delegates):,} built in {time.perf_counter() - started:.0f} s")
        voters = delegates[: args.votes + 1]
        tokens = tokens_for(db, voters)
        open_vote(db, MOTION, actor=SYSTEM)
    server, port = serve(url, 1, folder)
    small, small_port = serve(small_url, 1, folder)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1") as client:
            found = client.get(f"/federations/{FEDERATION}/councils/second-congress/sessions")
            session = found.json()["items"][0]["session"]
        address = f"/federations/{FEDERATION}/sessions/{session}"
        paths = {
            "session page (signed out)": address,
            "session page (delegate)": address,
            "live part, fragments/state": f"{address}/fragments/state",
            "projector": f"{address}/projector",
            "chair's console": f"{address}/chair",
        }
        time_pages(port, paths, tokens[voters[-1]], args.pages, server)
        del tokens[voters[-1]]

        for name in ("state", "chair"):
            fan_out(port, f"{address}/fragments/{name}", args.streams, server)

        ours, theirs = multiprocessing.Pipe()
        listener = multiprocessing.Process(
            target=following, args=(port, args.streams, args.votes, theirs), daemon=True
        )
        listener.start()
        if not ours.poll(DEADLINE):
            raise SystemExit("the streams did not connect")
        print(f"{ours.recv()[1]:,} event streams follow the session page's kinds")

        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            pages = [browser.new_page() for _ in range(args.browsers)]
            for page in pages:
                page.goto(f"http://127.0.0.1:{port}{address}")
                page.wait_for_function(
                    "document.documentElement.getAttribute('data-live') === 'open'"
                )
            first = int(pages[0].inner_text("[data-cast]")) if pages else 0
            if pages:
                print("the page's turnout before the votes:", pages[0].inner_text("[data-turnout]"))
            sent_at: list[float] = []
            shown: list[float] = []
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                for index, person in enumerate(tokens):
                    body = {"person": person, "choice": "yes"}
                    headers = {
                        "Authorization": f"Bearer {tokens[person]}",
                        "Idempotency-Key": f"live-{person}",
                    }
                    sent = time.monotonic()
                    client.post(VOTES, json=body, headers=headers).raise_for_status()
                    sent_at.append(sent)
                    wanted = str(first + index + 1)
                    for page in pages:
                        page.wait_for_function(
                            f"document.querySelector('[data-cast]').textContent === '{wanted}'",
                            polling="raf",
                        )
                        shown.append(time.monotonic() - sent)
                    time.sleep(0.2)
            if pages:
                print("the page's turnout after them:", pages[0].inner_text("[data-turnout]"))
            work = browser_work(browser, f"http://127.0.0.1:{port}{address}")
            small_work = browser_work(browser, f"http://127.0.0.1:{small_port}{address}")
            browser.close()

        if not ours.poll(DEADLINE):
            raise SystemExit("the streams did not report")
        _, heard, sizes = ours.recv()
        listener.join(10)
        delays = [
            times[k] - sent_at[k] for times in heard for k in range(min(len(times), len(sent_at)))
        ]
        missing = sum(len(sent_at) - len(times) for times in heard)
        frame = statistics.median([size for per in sizes for size in per])
        p50, p99 = percentile(delays, 0.5), percentile(delays, 0.99)
        print(
            f"{len(sent_at)} votes, each to {len(heard):,} streams: notice delivered "
            f"p50 {1000 * p50:.1f} ms, p99 {1000 * p99:.1f} ms, "
            f"max {1000 * max(delays):.1f} ms after the vote was sent; {missing} missing"
        )
        print(f"bytes per live update (one ballot's notice, as framed on the wire): {frame:.0f}")
        if shown:
            print(
                f"{len(pages)} browser pages showing the new turnout: p50 "
                f"{1000 * percentile(shown, 0.5):.1f} ms, max {1000 * max(shown):.1f} ms"
            )
        print(
            f"session page's elements: {work['elements']} at {args.delegates:,} delegates, "
            f"{small_work['elements']} at 60"
        )
    finally:
        for process in (server, small):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an empty database's URL (default: a new SQLite file)")
    parser.add_argument("--delegates", type=int, default=2000)
    parser.add_argument("--streams", type=int, default=2000)
    parser.add_argument("--browsers", type=int, default=3)
    parser.add_argument("--votes", type=int, default=20)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="soviet-live-") as folder:
        run(args, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
