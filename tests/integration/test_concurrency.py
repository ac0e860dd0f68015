"""Four processes appending at once leave one unbroken chain, nothing lost or doubled."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.store import journal

WORKERS = 4
PER_WORKER = 500

# Each worker is a separate interpreter, so that nothing (GIL, pool, driver) is shared.
WORKER = """
import sys
from datetime import UTC, datetime
from soviet.services.bootstrap import open_database
from soviet.store import journal

url, worker, count, serializable = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
db = open_database(url)
for i in range(count):
    db.write(
        lambda c: journal.append(
            c, at=datetime.now(UTC), actor=f"worker-{worker}", kind="NoteRecorded",
            payload={"worker": worker, "i": i},
        ),
        serializable=serializable == "yes",
    )
db.dispose()
"""


def run_workers(url: str, per_worker: int, *, serializable: bool) -> None:
    flag = "yes" if serializable else "no"
    processes = [
        subprocess.Popen([sys.executable, "-c", WORKER, url, str(w), str(per_worker), flag])
        for w in range(WORKERS)
    ]
    codes = [p.wait(timeout=600) for p in processes]
    assert codes == [0] * WORKERS


def assert_one_unbroken_chain(url: str, per_worker: int) -> None:
    db = open_database(url)
    report = journal_service.verify(db, actor=SYSTEM)
    assert report.problem is None, str(report.problem)
    assert report.count == 1 + WORKERS * per_worker
    with db.read() as connection:
        payloads = [e.data() for e in journal.entries(connection) if e.kind == "NoteRecorded"]
    seen = Counter((p["worker"], p["i"]) for p in payloads)
    assert len(seen) == WORKERS * per_worker
    assert set(seen.values()) == {1}
    # Each worker's own entries keep the order in which it wrote them.
    for w in range(WORKERS):
        assert [p["i"] for p in payloads if p["worker"] == w] == list(range(per_worker))
    db.dispose()


def test_four_processes_append_2000_entries_into_one_chain(db_url: str) -> None:
    with open_database(db_url) as db:
        journal_service.initialise(db, actor=SYSTEM)
    run_workers(db_url, PER_WORKER, serializable=False)
    assert_one_unbroken_chain(db_url, PER_WORKER)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_serializable_writers_retry_until_each_entry_lands_once(db_url: str) -> None:
    with open_database(db_url) as db:
        journal_service.initialise(db, actor=SYSTEM)
    run_workers(db_url, 100, serializable=True)
    assert_one_unbroken_chain(db_url, 100)
