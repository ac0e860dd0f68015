"""An acknowledged act survives its process being killed (kill -9) at any moment."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.store import journal

# Appends entries for ever, printing each sequence number once its commit has returned.
WRITER = """
import sys
from datetime import UTC, datetime
from soviet.services.bootstrap import open_database
from soviet.store import journal

db = open_database(sys.argv[1])
i = 0
while True:
    entry = db.write(lambda c: journal.append(
        c, at=datetime.now(UTC), actor="w", kind="NoteRecorded", payload={"i": i}))
    print(entry.seq, flush=True)
    i += 1
"""


def test_every_acknowledged_entry_survives_kill_9(db_url: str) -> None:
    with open_database(db_url) as db:
        journal_service.initialise(db, actor=SYSTEM)
    acknowledged: list[int] = []
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, db_url], stdout=subprocess.PIPE, text=True
    ) as writer:
        assert writer.stdout is not None
        deadline = time.monotonic() + 60
        while len(acknowledged) < 200 and time.monotonic() < deadline:
            acknowledged.append(int(writer.stdout.readline()))
        writer.send_signal(signal.SIGKILL)
        acknowledged += [int(seq) for seq in writer.stdout.read().split()]
    assert len(acknowledged) >= 200
    with open_database(db_url) as db:
        report = journal_service.verify(db, actor=SYSTEM)
        assert report.problem is None, str(report.problem)
        with db.read() as connection:
            stored = {entry.seq for entry in journal.entries(connection)}
    assert set(acknowledged) <= stored
    assert report.head.seq >= acknowledged[-1]
