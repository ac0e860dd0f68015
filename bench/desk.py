"""Benchmark of the check-in desk (issue 4/7): 2,000 badges checked in one by one.

    .venv/bin/python bench/desk.py [--db URL] [--delegates N] [--board-every K]

The Second Congress of Soviets with N delegates (built as bench/plenary.py builds it), its
statute amended with a check-in desk (`check_in_desk: [desk-1]`). Through the service
layer, acting as the desk's account: every delegate is given a badge in one act
(`assign_badges`, timed once), a fresh session is convened, and the N badges are checked
in one after another in a seeded random order of arrival, each its own act
(`check_in_badges` with one number: load the act's context, decide the permission,
resolve the number to the mandate, check the refusals, journal AttendanceCheckedIn,
apply it, commit). After every K-th badge the desk's board is read (`desk_view`: present
and entitled by delegation and fraction, quorum, the latest 20 check-ins). Timed: each
call from its start until it has returned. Printed: p50, p99 and max in milliseconds. The
board at the end must show all N present.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from plenary import OCTOBER, build, statute
from soviet.domain.identity import SYSTEM, account_actor
from soviet.services.bootstrap import open_database
from soviet.services.desk import assign_badges, check_in_badges
from soviet.services.desk_board import desk_view
from soviet.services.sessions import convene
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

DESK = account_actor("desk-1")
COUNCIL = "second-congress"


def with_desk(db: Database, delegates: int) -> None:
    """bench/plenary.py's statute with a check-in desk."""
    document = statute(delegates, check_in_desk=["desk-1"])
    apply_statute(db, document, effective_at=OCTOBER + timedelta(hours=1), actor=SYSTEM)


def summary(values: list[float]) -> str:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return (
        f"n {len(values)}, p50 {1000 * q[49]:.1f} ms, p99 {1000 * q[98]:.1f} ms, "
        f"max {1000 * max(values):.1f} ms"
    )


def run(db: Database, delegates: int, board_every: int) -> dict[str, list[float]]:
    seated = build(db, delegates)
    with_desk(db, len(seated))
    start = time.perf_counter()
    given = assign_badges(db, COUNCIL, actor=DESK)
    times: dict[str, list[float]] = {"assign": [time.perf_counter() - start]}
    session = convene(db, COUNCIL, ["Power to the Soviets"], actor=SYSTEM)
    numbers = [number for number, _ in given]
    random.Random(1917).shuffle(numbers)
    times["check-in"], times["board"] = [], []
    for i, number in enumerate(numbers, start=1):
        start = time.perf_counter()
        check_in_badges(db, session, [number], actor=DESK)
        times["check-in"].append(time.perf_counter() - start)
        if i % board_every == 0:
            start = time.perf_counter()
            desk_view(db, session, actor=DESK)
            times["board"].append(time.perf_counter() - start)
    board = desk_view(db, session, actor=DESK)
    assert board.present == board.entitled == len(seated), "a badge did not check in"
    assert board.quorum.is_quorate
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--delegates", type=int, default=2_000)
    parser.add_argument("--board-every", type=int, default=10)
    args = parser.parse_args()
    if not 10 <= args.delegates <= 10_000 or not 1 <= args.board_every <= args.delegates:
        parser.error("--delegates: from 10 to 10,000; --board-every: from 1 to --delegates")
    with tempfile.TemporaryDirectory(prefix="soviet-desk-") as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'desk.db'}"
        with open_database(url, create=True) as db:
            times = run(db, args.delegates, args.board_every)
    print(f"engine: {url.split(':')[0]}, delegates: {args.delegates}")
    print(f"assign all badges (one act): {1000 * times['assign'][0]:.0f} ms")
    print(f"check-in, one badge an act: {summary(times['check-in'])}")
    print(f"board (desk show), every {args.board_every}th badge: {summary(times['board'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
