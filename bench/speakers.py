"""Benchmark of lists of speakers (issue 4/7): a list of 500 speakers in a 2,000-delegate
session, the ordering recomputed on every request.

    .venv/bin/python bench/speakers.py [--db URL] [--delegates N] [--speakers N]
                                       [--reads N] [--orders ORDER,...]

The Second Congress of Soviets with N delegates (built as bench/plenary.py builds it), its
statute amended with a secretariat and, for each ordering in turn, `sessions.speakers`
(with a fraction's time limit, so that its accounting runs too). For each ordering a
session is convened with everyone checked in, and through the service layer:
- `add`: S delegates ask for the floor one after another (pro, contra, neutral in turn;
  every tenth a point of order instead), the list growing to S;
- `show`: R reads of the whole list at S speakers (each orders it anew);
- `call`: R/4 calls and stops of the head of the list (start and stop, each ordering it);
- `remove`: R/4 delegates withdraw from the list.
Every act reads the list and orders it before deciding; every read orders it. Timed:
each call from its start until it has returned (committed, for acts). Printed: p50, p99
and max per kind of request, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from plenary import OCTOBER, build
from plenary import statute as plenary_statute
from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.rules import SPEAKER_ORDERS
from soviet.services.bootstrap import open_database
from soviet.services.sessions import check_in, convene
from soviet.services.speakers import (
    add_speaker,
    point_of_order,
    remove_speaker,
    speakers_view,
    start_speech,
    stop_speech,
)
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

CHAIR = account_actor("presidium")
STANCES = ("pro", "contra", "neutral")
COUNCIL = "second-congress"


def statute(delegates: int, order: str, first: list[str]) -> object:
    """bench/plenary.py's statute with a secretariat and the lists' ordering and limits."""
    rule = {
        "order": order,
        "priority": ["left", "first-time"],
        "groups": {"left": first},
        "speech_seconds": 300,
        "fraction_seconds": 3_600,
    }
    return plenary_statute(delegates, secretariat=["presidium"], sessions={"speakers": rule})


def timed(call: Callable[[], object], into: list[float]) -> None:
    start = time.perf_counter()
    call()
    into.append(time.perf_counter() - start)


def one_ordering(
    db: Database, seated: list[str], order: str, step: int, speakers: int, reads: int
) -> dict[str, list[float]]:
    """Amend the ordering, convene, fill a list of `speakers`, read, call and remove."""
    apply_statute(
        db,
        statute(len(seated), order, seated[::7][:50]),
        effective_at=OCTOBER + timedelta(hours=step + 1),
        actor=SYSTEM,
    )
    session = convene(db, COUNCIL, ["Power to the Soviets"], actor=SYSTEM)
    check_in(db, session, seated, actor=SYSTEM)
    times: dict[str, list[float]] = {"add": [], "show": [], "call": [], "remove": []}
    asking = seated[:speakers]
    for i, person in enumerate(asking):
        me = account_actor(person)
        if i % 10 == 9:
            timed(lambda p=person, a=me: point_of_order(db, session, p, actor=a), times["add"])
        else:
            stance = STANCES[i % 3]
            timed(
                lambda p=person, a=me, s=stance: add_speaker(db, session, p, stance=s, actor=a),
                times["add"],
            )
    for _ in range(reads):
        timed(lambda: speakers_view(db, session, actor=SYSTEM), times["show"])
    for _ in range(reads // 4):
        timed(lambda: start_speech(db, session, actor=CHAIR), times["call"])
        timed(lambda: stop_speech(db, session, actor=CHAIR), times["call"])
    still = [line.person for line in speakers_view(db, session, actor=SYSTEM).waiting]
    for person in still[-(reads // 4) :]:
        me = account_actor(person)
        timed(lambda p=person, a=me: remove_speaker(db, session, p, actor=a), times["remove"])
    return times


def bounded(low: int, high: int) -> Callable[[str], int]:
    """An argument's type: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, got {value}")
        return value

    return parse


def summary(values: list[float]) -> str:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return (
        f"n {len(values)}, p50 {1000 * q[49]:.1f} ms, p99 {1000 * q[98]:.1f} ms, "
        f"max {1000 * max(values):.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--delegates", type=bounded(10, 10_000), default=2_000)
    parser.add_argument("--speakers", type=bounded(4, 2_000), default=500)
    parser.add_argument("--reads", type=bounded(4, 10_000), default=200)
    parser.add_argument(
        "--orders", default=",".join(SPEAKER_ORDERS), help="the orderings to measure, in turn"
    )
    args = parser.parse_args()
    orders = args.orders.split(",")
    unknown = sorted(set(orders) - set(SPEAKER_ORDERS))
    if unknown or args.speakers > args.delegates:
        parser.error(
            f"--orders: unknown {', '.join(unknown)}" if unknown else "--speakers > --delegates"
        )
    with tempfile.TemporaryDirectory(prefix="soviet-speakers-") as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'speakers.db'}"
        with open_database(url, create=True) as db:
            seated = build(db, args.delegates)
            print(
                f"engine: {url.split(':')[0]}, delegates: {len(seated)}, speakers: {args.speakers}"
            )
            for step, order in enumerate(orders):
                times = one_ordering(db, seated, order, step, args.speakers, args.reads)
                for kind, values in times.items():
                    print(f"{order:20} {kind:7} {summary(values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
