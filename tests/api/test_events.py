"""GET /api/v1/events over real HTTP on each engine: the bytes on the wire, resuming with
Last-Event-ID without gap or repeat, heartbeats, refused ids, and a slow listener closed
(by the events or the bytes it has waiting) without holding the others back."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import orjson
import pytest

from soviet.domain.identity import SYSTEM
from soviet.services import notices
from soviet.services.bootstrap import open_database
from soviet.store import journal
from soviet.store.migrate import head_revision

from .server import Server, serving

T0 = datetime(1917, 10, 25, tzinfo=UTC)


@dataclass(frozen=True)
class Event:
    """One event as a client parses it (the WHATWG HTML rules for event streams)."""

    id: str
    event: str
    data: str


def parse(block: bytes) -> Event | None:
    """The event of one block of lines (None for a block of comments or `retry:` only)."""
    fields: dict[str, str] = {}
    for line in block.decode().split("\n"):
        if not line or line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        fields[name] = value.removeprefix(" ")
    if "data" not in fields:
        return None
    return Event(fields.get("id", ""), fields.get("event", "message"), fields["data"])


class Listener:
    """A client of the event stream on a raw socket: every byte it is sent, kept."""

    def __init__(self, server: Server, query: str = "", headers: dict[str, str] | None = None):
        url = urlsplit(f"{server.url}/events{query}")
        self.socket = socket.create_connection((url.hostname, url.port), timeout=30)
        lines = [f"GET {url.path}{'?' + url.query if url.query else ''} HTTP/1.1"]
        lines += [f"Host: {url.netloc}", "Accept: text/event-stream"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.socket.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.received = bytearray()
        self.head = self.read_until(b"\r\n\r\n").split(b"\r\n\r\n")[0].decode()
        self._next_chunk = len(self.head) + 4  # where the next chunk's size line begins
        self._body = bytearray()  # the data of the whole chunks received so far

    def _receive(self, deadline: float, waiting_for: object) -> None:
        self.socket.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            more = self.socket.recv(65536)
        except TimeoutError:
            shown = self.received[-500:]
            raise AssertionError(f"{waiting_for!r} did not come: {shown!r}") from None
        if not more:
            raise AssertionError(f"the stream ended before {waiting_for!r}")
        self.received += more

    def read_until(self, marker: bytes, timeout: float = 20) -> bytes:
        deadline = time.monotonic() + timeout
        while marker not in self.received:
            self._receive(deadline, marker)
        return self.received

    def body(self) -> bytes:
        """The data of the stream's whole chunks so far (decoded once each, as they come:
        a listener of a few megabytes is read in linear time)."""
        data, self._next_chunk = whole_chunks(self.received, self._next_chunk)
        self._body += data
        return bytes(self._body)

    def events(self) -> list[Event]:
        return events_of(self.body())

    def until_seq(self, seq: int, timeout: float = 20) -> list[Event]:
        """The events received once the whole of event `seq` has come."""
        marker = f"id: {seq}\n".encode()
        deadline = time.monotonic() + timeout
        while True:
            body = self.body()
            at = body.find(marker)
            if at >= 0 and b"\n\n" in body[at:]:
                return self.events()
            self._receive(deadline, marker)

    def close(self) -> None:
        self.socket.close()


def whole_chunks(raw: bytes | bytearray, at: int) -> tuple[bytes, int]:
    """The data of the whole chunks of a chunked body from offset `at`, and where the next
    chunk begins."""
    out = bytearray()
    while (size_end := raw.find(b"\r\n", at)) >= 0:
        length = int(raw[at:size_end], 16)
        end = size_end + 2 + length
        if length == 0 or end + 2 > len(raw):
            break
        out += raw[size_end + 2 : end]
        at = end + 2
    return bytes(out), at


def unchunk(rest: bytes) -> bytes:
    """The data of a chunked body's whole chunks."""
    return whole_chunks(rest, 0)[0]


def events_of(body: bytes) -> list[Event]:
    """The events of a stream's bytes (a last block not yet ended is left out)."""
    found = (parse(block) for block in body.split(b"\n\n")[:-1])
    return [event for event in found if event is not None]


def notes(db_url: str, count: int) -> list[int]:
    """Commit `count` entries beside the server (as another process would); their seqs."""
    db = open_database(db_url)
    try:
        written = db.write(
            lambda c: journal.append_many(
                c,
                [(T0, "operator", "NoteRecorded", {"n": n}) for n in range(count)],
            )
        )
        return [entry.seq for entry in written]
    finally:
        db.dispose()


def seqs(events: list[Event]) -> list[int]:
    return [int(event.id) for event in events]


@pytest.fixture
def quick_server(
    initialised_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Server]:
    """`soviet serve` with heartbeats every 0.3 s and streams closed past 32 waiting events."""
    monkeypatch.setenv("SOVIET_EVENTS_HEARTBEAT", "0.3")
    monkeypatch.setenv("SOVIET_EVENTS_QUEUE", "32")
    with serving(initialised_url, tmp_path) as running:
        yield running


def test_the_bytes_on_the_wire_are_server_sent_events(server: Server, initialised_url: str) -> None:
    listener = Listener(server, headers={"Last-Event-ID": "0"})
    [second] = notes(initialised_url, 1)
    listener.until_seq(second)
    head = listener.head.lower()
    assert head.startswith("http/1.1 200 ")
    assert "content-type: text/event-stream" in head
    assert "cache-control: no-cache" in head
    assert "x-accel-buffering: no" in head
    with open_database(initialised_url) as db:
        expected = [
            b"id: %d\nevent: %s\ndata: %s\n\n" % (n.seq, n.kind.encode(), orjson.dumps(n.as_json()))
            for n in notices.notices_after(db, 0, actor=SYSTEM)
        ]
    assert listener.body() == b"retry: 2000\n\n" + b"".join(expected)
    first, note = listener.events()
    assert (first.id, first.event) == ("1", "DatabaseInitialised")
    assert orjson.loads(first.data)["fields"] == {
        "from_revision": None,
        "to_revision": head_revision(),
    }
    assert (note.id, note.event) == (str(second), "NoteRecorded")
    listener.close()


def test_a_listener_that_reconnects_with_last_event_id_misses_nothing_and_hears_nothing_twice(
    server: Server, initialised_url: str
) -> None:
    first = Listener(server)  # from now on
    written = notes(initialised_url, 10)
    heard = seqs(first.until_seq(written[-1]))
    assert heard == written
    first.close()
    written += notes(initialised_url, 10)  # while nobody listens
    again = Listener(server, headers={"Last-Event-ID": str(heard[4])})
    writer = threading.Thread(target=notes, args=(initialised_url, 50))
    writer.start()  # while it reads the gap from the journal
    writer.join()
    last = written[-1] + 50
    resumed = seqs(again.until_seq(last))
    assert resumed == list(range(heard[4] + 1, last + 1))
    by_query = Listener(server, query=f"?last_event_id={written[-1]}")
    assert seqs(by_query.until_seq(last)) == list(range(written[-1] + 1, last + 1))
    again.close()
    by_query.close()


def test_listeners_joining_while_entries_are_committed_get_every_one_once(
    server: Server, initialised_url: str
) -> None:
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:
        while not stop.is_set():
            written.extend(notes(initialised_url, 3))

    writer = threading.Thread(target=write)
    writer.start()
    try:
        joined = []
        for _ in range(6):
            time.sleep(0.05)
            joined.append(Listener(server, headers={"Last-Event-ID": "1"}))
    finally:
        stop.set()
        writer.join()
    for listener in joined:
        assert seqs(listener.until_seq(written[-1])) == list(range(2, written[-1] + 1))
        listener.close()


def test_an_idle_stream_hears_heartbeats(quick_server: Server) -> None:
    listener = Listener(quick_server)
    started = time.monotonic()
    listener.read_until(b": heartbeat\n\n", timeout=2)
    assert time.monotonic() - started < 2
    assert listener.events() == []
    listener.close()


@pytest.mark.parametrize(
    ("headers", "query", "path", "message"),
    [
        ({"Last-Event-ID": "x"}, "", "Last-Event-ID", "'x' is not an event id"),
        ({"Last-Event-ID": "-1"}, "", "Last-Event-ID", "'-1' is not an event id"),
        ({}, "?last_event_id=1.5", "last_event_id", "'1.5' is not an event id"),
        ({"Last-Event-ID": "99"}, "", "Last-Event-ID", "99 is beyond the last journal entry, 1"),
        ({}, "?last_event_id=2", "last_event_id", "2 is beyond the last journal entry, 1"),
    ],
)
def test_an_event_id_that_is_malformed_or_beyond_the_head_is_refused(
    server: Server, headers: dict[str, str], query: str, path: str, message: str
) -> None:
    answer = httpx.get(f"{server.url}/events{query}", headers=headers, timeout=10)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == "invalid_input"
    [error] = problem["errors"]
    assert error["path"] == path
    assert error["message"].startswith(message)


def test_a_listener_too_slow_is_closed_and_the_others_hear_everything(
    quick_server: Server, initialised_url: str
) -> None:
    slow = socket.socket()
    slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    url = urlsplit(quick_server.url)
    slow.connect((url.hostname, url.port))
    slow.sendall(f"GET {url.path}/events HTTP/1.1\r\nHost: {url.netloc}\r\n\r\n".encode())
    fast = Listener(quick_server)
    written: list[int] = []
    for _ in range(20):  # until the slow one's buffers are full and its queue overflows
        written += notes(initialised_url, 2_000)
        assert seqs(fast.until_seq(written[-1])) == written
    slow.settimeout(20)
    received = b""
    while more := slow.recv(65536):  # it reads at last: a part, then the end
        received += more
    slow.close()
    heard = seqs(events_of(unchunk(received.partition(b"\r\n\r\n")[2])))
    assert heard == written[: len(heard)]
    assert len(heard) < len(written)
    assert received.endswith(b"0\r\n\r\n")
    fast.close()


def test_a_listener_behind_by_more_bytes_than_its_bound_is_closed_and_resumes(
    initialised_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOVIET_EVENTS_QUEUE", "100000")  # only the bytes bound it
    monkeypatch.setenv("SOVIET_EVENTS_BYTES", "65536")
    with serving(initialised_url, tmp_path) as server:
        slow = socket.socket()
        slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        url = urlsplit(server.url)
        slow.connect((url.hostname, url.port))
        slow.sendall(f"GET {url.path}/events HTTP/1.1\r\nHost: {url.netloc}\r\n\r\n".encode())
        fast = Listener(server)
        written: list[int] = []
        # 20,000 events in bursts of 200 (about 30 KB each): far fewer pieces than the
        # bound of pieces, and the fast listener reads each burst before the next is
        # written, so that it is never behind by more than the bytes bound however slowly
        # the server's loop runs; the slow one never reads.
        db = open_database(initialised_url)
        try:
            for _ in range(100):
                burst = [(T0, "operator", "NoteRecorded", {"n": n}) for n in range(200)]
                entries = db.write(lambda c, burst=burst: journal.append_many(c, burst))
                written += [entry.seq for entry in entries]
                assert seqs(fast.until_seq(written[-1])) == written
        finally:
            db.dispose()
        assert len(fast.received) // len(written) * 200 < 65536  # a burst is within the bound
        slow.settimeout(20)
        received = b""
        while more := slow.recv(65536):
            received += more
        slow.close()
        heard = seqs(events_of(unchunk(received.partition(b"\r\n\r\n")[2])))
        assert heard == written[: len(heard)]
        assert len(heard) < len(written)
        assert received.endswith(b"0\r\n\r\n")
        last = heard[-1] if heard else written[0] - 1
        resumed = Listener(server, headers={"Last-Event-ID": str(last)})
        assert seqs(resumed.until_seq(written[-1])) == list(range(last + 1, written[-1] + 1))
        fast.close()
        resumed.close()


def test_a_stream_after_a_restart_resumes_from_the_journal(
    initialised_url: str, tmp_path: Path
) -> None:
    with serving(initialised_url, tmp_path) as first:
        listener = Listener(first)
        written = notes(initialised_url, 5)
        heard = seqs(listener.until_seq(written[-1]))
        listener.close()
    written += notes(initialised_url, 5)
    with serving(initialised_url, tmp_path) as second:
        again = Listener(second, headers={"Last-Event-ID": str(heard[-1])})
        assert seqs(again.until_seq(written[-1])) == written[5:]
        again.close()
