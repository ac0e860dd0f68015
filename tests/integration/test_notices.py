"""Public notices on both engines: watchers that cannot fail or delay an act, followers of
the journal in this process and in another one, and what the Petrograd replay publishes."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from soviet.domain.identity import PUBLIC, SYSTEM, account_actor
from soviet.domain.ids import ORDINAL_BITS
from soviet.domain.journal import EMPTY_HEAD, Entry, seal
from soviet.domain.notices import POLICIES, Notice, notice_of, unnamed_fields
from soviet.errors import InvalidInput
from soviet.services import journal as journal_service
from soviet.services import notices, scenario
from soviet.services.bootstrap import open_database
from soviet.services.mandates import end_mandate
from soviet.services.parties import register_persons
from soviet.store import journal
from soviet.store.acts import RECORD_ONLY
from soviet.store.database import Database
from soviet.store.registry import APPLIERS
from soviet.store.schema import members

from .councils.federation import elect, found_federation

T0 = datetime(1917, 3, 1, tzinfo=UTC)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    opened = open_database(db_url)
    journal_service.initialise(opened, actor=SYSTEM)
    yield opened
    opened.dispose()


def note(db: Database, number: int) -> Entry:
    return db.write(
        lambda c: journal.append(c, at=T0, actor="a", kind="NoteRecorded", payload={"n": number})
    )


def leaves(value: Any) -> Iterator[Any]:
    """Every scalar in a JSON value, and every key of its objects."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def test_every_kind_the_journal_holds_has_a_policy() -> None:
    journaled = set(APPLIERS) | RECORD_ONLY
    assert sorted(journaled - set(POLICIES)) == []
    assert sorted(set(POLICIES) - journaled) == []


def test_a_watcher_that_raises_fails_no_act(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    heard: list[int] = []

    def broken_screen(entries: list[Entry]) -> None:
        raise KeyError(entries[0].payload)

    found_federation(db)
    db.watch(broken_screen)
    db.watch(lambda entries: heard.extend(e.seq for e in entries))
    with caplog.at_level(logging.ERROR, logger="soviet.store.watchers"):
        entry = note(db, 7)
        persons = register_persons(db, [("ivanova", "Ivanova")], actor=SYSTEM)
        db.settle()
    assert persons.seq == entry.seq + 1
    assert heard == [entry.seq, persons.seq]
    failures = [r.getMessage() for r in caplog.records]
    assert failures == [
        f"watcher test_a_watcher_that_raises_fails_no_act.<locals>.broken_screen failed on "
        f"entries {seq} to {seq}: KeyError"
        for seq in (entry.seq, persons.seq)
    ]
    assert not any("Ivanova" in line or '"n"' in line for line in failures)
    assert [e.seq for e in journal_service.tail(db, 2, actor=SYSTEM)] == [entry.seq, persons.seq]


def test_a_slow_watcher_does_not_delay_the_act(db: Database) -> None:
    release, started = threading.Event(), threading.Event()
    heard: list[int] = []

    def slow(entries: list[Entry]) -> None:
        started.set()
        release.wait(30)
        heard.extend(e.seq for e in entries)

    db.watch(slow)
    first = note(db, 1)
    assert started.wait(10)
    second = note(db, 2)  # returns while the watcher still holds the first
    assert heard == []
    release.set()
    db.settle()
    assert heard == [first.seq, second.seq]


def test_follow_hears_what_is_committed_after_it_starts(db: Database) -> None:
    stop = threading.Event()
    heard: list[Notice] = []
    # A wake-up only: on PostgreSQL the notification, not a re-read after the wait, brings
    # the notices, so the follower would miss its deadline below if nothing woke it.
    wait = 600.0 if db.target.engine == "postgresql" else 0.05

    def run() -> None:
        for found in notices.follow(db, 1, stop=stop, wait=wait, actor=SYSTEM):
            heard.append(found)
            if len(heard) == 3:
                stop.set()

    follower = threading.Thread(target=run)
    follower.start()
    written = [note(db, n) for n in range(3)]
    follower.join(60)
    assert not follower.is_alive()
    assert [(n.seq, n.hash, n.kind) for n in heard] == [
        (e.seq, e.hash, "NoteRecorded") for e in written
    ]
    assert notices.notices_after(db, written[0].seq, limit=1, actor=SYSTEM)[0].seq == written[1].seq


def test_follow_refuses_a_negative_sequence_number(db: Database) -> None:
    with pytest.raises(
        InvalidInput, match="^after: must be a sequence number of 0 or more, got -1$"
    ):
        next(notices.follow(db, -1, actor=SYSTEM))
    with pytest.raises(InvalidInput, match="^batch: must be at least 1, got 0$"):
        notices.notices_after(db, 0, limit=0, actor=SYSTEM)


def follower(db_url: str, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "soviet", "--db", db_url, "journal", "follow", "--json"]
    return subprocess.Popen(
        [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def heard(process: subprocess.Popen[str]) -> list[dict[str, Any]]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_a_follower_in_another_process_hears_every_notice_in_order(
    db_url: str, db: Database
) -> None:
    first = follower(db_url, "--after", "1", "--count", "15")
    found_federation(db)  # real acts, written while the other process follows
    for number in range(10):
        note(db, number)
    entries = [e for e in journal_service.tail(db, 1000, actor=SYSTEM) if e.seq > 1]
    assert len(entries) > 15
    notices_heard = heard(first)
    assert [(n["seq"], n["hash"], n["kind"]) for n in notices_heard] == [
        (e.seq, e.hash, e.kind) for e in entries[:15]
    ]
    # Started again from the last it heard, it hears exactly the rest.
    last = notices_heard[-1]["seq"]
    second = follower(db_url, "--after", str(last), "--until", str(entries[-1].seq))
    assert [n["seq"] for n in heard(second)] == [e.seq for e in entries[15:]]
    federations = {n["kind"]: n["federation"] for n in notices_heard}
    assert federations.pop("NoteRecorded", None) is None
    assert set(federations.values()) == {"petrograd-1917"}


def stored_ids_in(value: Any, path: str = "") -> list[str]:
    """The paths of numbers in a notice that can only be stored ids (seq << 24 | ordinal):
    no count or seat of the replay comes near 2^24; a lot's seed may."""
    if isinstance(value, dict):
        return [p for k, v in value.items() if k != "seed" for p in stored_ids_in(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for item in value for p in stored_ids_in(item, f"{path}[]")]
    is_number = isinstance(value, int) and not isinstance(value, bool)
    return [path] if is_number and value >= 1 << ORDINAL_BITS else []


def test_every_id_a_policy_publishes_is_a_field_it_shows() -> None:
    for kind, policy in POLICIES.items():
        for path in policy.part.ids:
            assert path.split(".")[0] in policy.part.shown, (kind, path)


def test_a_notice_shows_ids_in_their_public_form() -> None:
    stored = 11 << ORDINAL_BITS
    entry = seal(
        EMPTY_HEAD,
        at=T0,
        actor="a",
        kind="AttendanceCheckedIn",
        payload={
            "federation": "f",
            "session": stored,
            "attendees": [[stored | 3, stored | 4]],
            "at": "x",
        },
    )
    fields = notice_of(entry).fields
    assert fields == {"session": "11", "attendees": [["11.3", "11.4"]], "at": "x"}
    assert entry.data()["session"] == stored  # the journal keeps the stored number


def test_an_ended_mandate_names_the_account_that_lost_the_role(db_url: str) -> None:
    db = open_database(db_url)
    found_federation(db)
    elect(db)
    ended = end_mandate(
        db, "petrograd-soviet", "b1", cause="resignation", actor=account_actor("b1")
    )
    assert notices.accounts_losing_role(db, notice_of(ended), actor=PUBLIC) == ["b1"]
    first = notices.notices_after(db, 0, limit=1, actor=PUBLIC)[0]
    assert notices.accounts_losing_role(db, first, actor=PUBLIC) == []
    db.dispose()


def private_values(db: Database) -> set[Any]:
    """The ids, keys, names, accounts and birth dates of every registered member."""
    with db.read() as connection:
        rows = connection.execute(
            sa.select(
                members.c.id,
                members.c.key,
                members.c.name,
                members.c.account,
                members.c.birth_date,
            )
        ).all()
    return {value for row in rows for value in row if value is not None}


def test_the_petrograd_replay_publishes_nothing_private(db_url: str) -> None:
    db = open_database(db_url)
    # Up to the day after the recall of the defencists: registers, signatures, recalls.
    for _ in scenario.replay(db, scenario.load(), until=date(1917, 9, 1)):
        pass
    private = private_values(db)
    assert len(private) > 2_000  # the registers of the constituencies that recall
    kinds: set[str] = set()
    entries = 0
    in_journal: set[Any] = set()
    with db.read() as connection:
        for entry in journal.entries(connection):
            entries += 1
            assert unnamed_fields(entry.kind, entry.data()) == [], entry.kind
            in_journal |= set(leaves(entry.data())) & private
    assert len(in_journal) > 2_000  # the journal holds them all, and signers' ids
    stop = threading.Event()
    for found in notices.follow(db, 0, stop=stop, batch=700, actor=SYSTEM):
        kinds.add(found.kind)
        shown = set(leaves(found.as_json()))
        assert not shown & private, (found.seq, found.kind, sorted(shown & private)[:3])
        stored_ids = stored_ids_in(found.as_json()["fields"])
        assert not stored_ids, (found.seq, found.kind, stored_ids[:3])
        if found.kind == "StatuteApplied":
            assert "administrators" not in json.dumps(found.as_json())
        if found.kind == "PartyRegistered":
            assert "committee" not in found.fields
        if found.seq == entries:
            stop.set()
    # the secretariat enters the recalls' signatures on paper (the statute takes them)
    assert {"PaperSignaturesEntered", "MembersRegistered", "DelegateRecalled"} <= kinds
    assert "ElectionClosed" in kinds
    db.dispose()


def test_watchers_still_hear_after_the_database_was_closed_and_opened_again(
    db: Database,
) -> None:
    heard: list[int] = []
    db.watch(lambda entries: heard.extend(e.seq for e in entries))
    first = note(db, 1)
    db.dispose()  # the watchers hear what was committed before it closes
    assert heard == [first.seq]
    second = note(db, 2)
    db.settle()
    assert heard == [first.seq, second.seq]


def test_a_notice_watcher_hears_notices_and_is_named_when_it_fails(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    heard: list[Notice] = []

    def live_page(found: Notice) -> None:
        heard.append(found)
        raise ValueError("closed tab")

    notices.watch(db, live_page, actor=SYSTEM)
    with caplog.at_level(logging.ERROR, logger="soviet.store.watchers"):
        entry = note(db, 3)
        db.settle()
    assert [(n.seq, n.kind, n.fields) for n in heard] == [(entry.seq, "NoteRecorded", {})]
    assert [r.getMessage() for r in caplog.records] == [
        f"watcher {live_page.__qualname__} failed on entries {entry.seq} to {entry.seq}: ValueError"
    ]
