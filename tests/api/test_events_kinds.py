"""GET /api/v1/events?kinds=... over real HTTP on each engine: a stream follows the kinds
it names only, live and from its backlog, Last-Event-ID resumes within them, streams of
different filters and of none share a worker, and an unknown kind is refused."""

from __future__ import annotations

import httpx
import pytest

from soviet.services.bootstrap import open_database
from soviet.store import journal

from .server import Server
from .test_events import T0, Listener, seqs


def entries(db_url: str, kinds: list[str]) -> list[int]:
    """Commit one entry of each of `kinds` together, beside the server; their seqs."""
    db = open_database(db_url)
    try:
        written = db.write(
            lambda c: journal.append_many(c, [(T0, "operator", kind, {}) for kind in kinds])
        )
        return [entry.seq for entry in written]
    finally:
        db.dispose()


MIXED = ["NoteRecorded", "VoteOpened", "NoteRecorded", "VoteClosed", "NoteRecorded"]


def test_a_stream_follows_the_kinds_it_names_only(server: Server, initialised_url: str) -> None:
    votes = Listener(server, query="?kinds=VoteOpened,VoteClosed")
    notes_only = Listener(server, query="?kinds=NoteRecorded")
    everything = Listener(server)
    written = entries(initialised_url, MIXED)
    written += entries(initialised_url, ["NoteRecorded"])
    written += entries(initialised_url, ["VoteClosed"])
    assert seqs(everything.until_seq(written[-1])) == written
    heard = votes.until_seq(written[-1])
    assert seqs(heard) == [written[1], written[3], written[6]]
    assert [event.event for event in heard] == ["VoteOpened", "VoteClosed", "VoteClosed"]
    assert seqs(notes_only.until_seq(written[5])) == [
        written[0],
        written[2],
        written[4],
        written[5],
    ]
    for listener in (votes, notes_only, everything):
        listener.close()


def test_last_event_id_resumes_within_the_kinds(server: Server, initialised_url: str) -> None:
    first = entries(initialised_url, MIXED)  # read back from the journal
    resumed = Listener(
        server, query="?kinds=VoteClosed,VoteOpened", headers={"Last-Event-ID": str(first[1])}
    )
    later = entries(initialised_url, MIXED)  # live
    assert seqs(resumed.until_seq(later[3])) == [first[3], later[1], later[3]]
    from_start = Listener(server, query="?kinds=VoteOpened&last_event_id=0")
    assert seqs(from_start.until_seq(later[1])) == [first[1], later[1]]
    resumed.close()
    from_start.close()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kinds=VoteOpened,Nonsense", "'Nonsense': not a kind of journal entry"),
        ("?kinds=", "'': not a kind of journal entry"),
        ("?kinds=VoteOpened,,VoteClosed", "'': not a kind of journal entry"),
    ],
)
def test_an_unknown_kind_is_refused(server: Server, query: str, message: str) -> None:
    answer = httpx.get(f"{server.url}/events{query}", timeout=10)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    [error] = answer.json()["errors"]
    assert error["path"] == "query.kinds"
    assert error["message"].startswith(message)
