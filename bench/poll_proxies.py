"""Benchmark of a poll with proxies (issue 15): a poll of 2,000 with 300 proxies, from its
opening to the final result.

    .venv/bin/python bench/poll_proxies.py [--db URL] [--delegates N] [--proxies P]
                                           [--window S] [--workers N]

The Second Congress of Soviets with N delegates, built as bench/plenary.py builds it (in
session, everyone checked in, a motion moved), its statute amended to allow proxies
(`sessions.proxies: {max_held: 1, same_fraction: true}`). The session's first vote (the
agenda, all N voting, untimed) warms the process. Then P delegates leave the session (one
act), and each gives her proxy to a present delegate of her own fraction (`give_proxy`,
one act each, in her own name; the fractions give in proportion to their seats). The
roll-call poll on the motion opens, its register frozen with the N - P present and the P
proxies their holders hold (services.polls.register_at_opening). Every present delegate
casts her ballot through the service layer (`cast_vote`) from a pool of threads (256 by
default, waiting before the poll opens), due at a random moment (seeded) within the window
(0 s by default: all at the opening, a burst); ballots arriving together are committed
together (services.group_commit), a holder's ballot journaling her own vote and one for
the mandate whose proxy she holds. The chair then closes the poll.

Timed: from the opening to the last ballot committed, and to the final result (the close
returned); ballots per second (present delegates' ballots over the time to the last one
committed); each ballot's call from its start until it returned, committed (p50, p99,
max). Checked: the register and the tally are N (N - P present and P proxies, each mandate
counted once), the tally is what the ballots cast say and equals the recount from the
journal, and the journal verifies (`soviet verify`: the chain intact and every projection
equal to its rebuild from it).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from plenary import MOTION, OCTOBER, adopt_agenda, build, statute
from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.composition import composition
from soviet.services.proxies import give_proxy
from soviet.services.sessions import leave
from soviet.services.statutes import apply_statute
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store.database import Database

COUNCIL = "second-congress"
CHOICES = ("yes", "no", "abstain")
CASTS = ("VoteCast", "ProxyVoteCast")


def with_proxies(db: Database, delegates: int) -> None:
    """bench/plenary.py's statute, its sessions allowing one proxy within a fraction."""
    document = statute(delegates, sessions={"proxies": {"max_held": 1, "same_fraction": True}})
    apply_statute(db, document, effective_at=OCTOBER + timedelta(hours=1), actor=SYSTEM)


def pairs(db: Database, proxies: int) -> list[tuple[str, str]]:
    """`proxies` (giver, holder) pairs within a fraction, the fractions in proportion to
    their seats: each fraction's members paired in order, the pairs taken by their place
    within their fraction."""
    fractions: dict[str | None, list[str]] = {}
    for member in composition(db, COUNCIL, actor=SYSTEM).members:
        fractions.setdefault(member.party, []).append(member.person)
    ranked = sorted(
        (
            (2 * i / len(people), (people[2 * i], people[2 * i + 1]))
            for people in fractions.values()
            for i in range(len(people) // 2)
        ),
        key=lambda row: row[0],
    )
    if len(ranked) < proxies:
        raise SystemExit(f"--proxies: at most {len(ranked)} with one proxy held each")
    return [pair for _, pair in ranked[:proxies]]


def session_of(db: Database) -> int:
    """The session bench/plenary.py's build convened: the one its motions were moved in."""
    moved = [e for e in journal_service.tail(db, 10, actor=SYSTEM) if e.kind == "MotionMoved"]
    return int(json.loads(moved[-1].payload)["session"])


@dataclass
class Figures:
    """What one run measured and counted."""

    register: int  # entitled in the poll, frozen at its opening
    ballots: int  # cast by the present delegates
    journaled: int  # votes journaled: a holder's ballot journals two
    by_proxy: int
    tally: tuple[int, int, int]  # yes, no, abstain
    last_committed: float  # seconds from the opening
    whole: float  # seconds from the opening to the close returned
    calls: list[float]  # each ballot's call, seconds
    giving: list[float]  # each proxy given, seconds
    verify: float = 0.0


def percentile(values: list[float], q: int) -> str:
    """The q-th percentile of durations in seconds, in milliseconds."""
    return f"{1000 * statistics.quantiles(values, n=100, method='inclusive')[q - 1]:.1f} ms"


def poll(
    db: Database,
    present: list[str],
    holders: set[str],
    window: float,
    pool: ThreadPoolExecutor,
) -> Figures:
    rng = random.Random(1917)
    due = sorted((rng.uniform(0, window), person) for person in present)
    chosen = {person: CHOICES[i % 3] for i, person in enumerate(present)}
    calls: list[float] = []
    lock = threading.Lock()
    opened = threading.Event()
    clock: dict[str, float] = {}

    def cast(offset: float, person: str) -> None:
        opened.wait()
        delay = clock["start"] + offset - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        began = time.perf_counter()
        cast_vote(db, MOTION, person, chosen[person], actor=account_actor(person))
        with lock:
            calls.append(time.perf_counter() - began)

    futures = [pool.submit(cast, offset, person) for offset, person in due]
    time.sleep(0.5)  # the clients are connected and waiting before the poll opens
    start = clock["start"] = time.perf_counter()
    opening = open_vote(db, MOTION, actor=SYSTEM)
    opened.set()
    for future in futures:
        future.result()
    last_committed = time.perf_counter() - start
    result = close_vote(db, MOTION, actor=SYSTEM)
    whole = time.perf_counter() - start
    motion = json.loads(opening.payload)["motion"]
    register = len(json.loads(opening.payload)["register"])
    entries = [
        json.loads(e.payload)
        for e in journal_service.tail(db, 2 * len(present) + 10, actor=SYSTEM)
        if e.kind in CASTS and json.loads(e.payload)["motion"] == motion
    ]
    mandates = Counter(entry["person"] for entry in entries)
    assert all(n == 1 for n in mandates.values()), "a mandate was counted twice"
    recount = Counter(entry["choice"] for entry in entries)
    expected = Counter(chosen[p] for p in present) + Counter(chosen[p] for p in holders)
    tally = {"yes": result.tally.yes, "no": result.tally.no, "abstain": result.tally.abstain}
    assert tally == dict(recount) == dict(expected), f"tally {tally}, expected {expected}"
    return Figures(
        register=register,
        ballots=len(calls),
        journaled=len(entries),
        by_proxy=sum(1 for entry in entries if "holder" in entry),
        tally=(result.tally.yes, result.tally.no, result.tally.abstain),
        last_committed=last_committed,
        whole=whole,
        calls=calls,
        giving=[],
    )


def run(db: Database, args: argparse.Namespace) -> Figures:
    seated = build(db, args.delegates)
    with_proxies(db, len(seated))
    session = session_of(db)
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        adopt_agenda(db, seated, pool)
        given = pairs(db, args.proxies)
        leave(db, session, [giver for giver, _ in given], actor=SYSTEM)
        giving: list[float] = []
        for giver, holder in given:
            began = time.perf_counter()
            give_proxy(db, session, giver, holder, actor=account_actor(giver))
            giving.append(time.perf_counter() - began)
        gone = {giver for giver, _ in given}
        present = [person for person in seated if person not in gone]
        figures = poll(db, present, {h for _, h in given}, args.window, pool)
    figures.giving = giving
    began = time.perf_counter()
    report = journal_service.verify(db, actor=SYSTEM)
    figures.verify = time.perf_counter() - began
    assert report.is_intact, "the journal does not verify"
    assert figures.register == sum(figures.tally) == len(seated), "a vote is missing"
    assert figures.by_proxy == len(given), "a proxy's vote is missing"
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--delegates", type=int, default=2_000)
    parser.add_argument("--proxies", type=int, default=300, help="delegates absent, each a proxy")
    parser.add_argument("--window", type=float, default=0.0, help="seconds the ballots arrive in")
    parser.add_argument(
        "--workers", type=int, default=256, help="threads casting the ballots (clients at once)"
    )
    args = parser.parse_args()
    if not 10 <= args.delegates <= 10_000 or not 1 <= args.proxies <= args.delegates // 2:
        parser.error("--delegates: from 10 to 10,000; --proxies: from 1 to half of --delegates")
    if not 0 <= args.window <= 60 or not 1 <= args.workers <= 1_000:
        parser.error("--window: from 0 to 60 seconds; --workers: from 1 to 1,000")
    with tempfile.TemporaryDirectory(prefix="soviet-poll-") as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'poll.db'}"
        with open_database(url, create=True) as db:
            f = run(db, args)
    print(f"engine: {url.split(':')[0]}, delegates: {args.delegates}, proxies: {args.proxies}")
    print(f"register at opening: {f.register} (present and proxies held by the present)")
    print(f"ballots cast: {f.ballots}, votes journaled: {f.journaled}, by proxy: {f.by_proxy}")
    print(f"tally yes/no/abstain: {f.tally}, total {sum(f.tally)}, equal to the recount")
    rate = f.ballots / f.last_committed
    print(f"last ballot committed at: {f.last_committed:.2f} s ({rate:.0f} ballots/s)")
    print(f"final result (opening to close returned): {f.whole:.2f} s")
    print(
        f"per ballot p50: {percentile(f.calls, 50)}, p99: {percentile(f.calls, 99)}, "
        f"max: {1000 * max(f.calls):.1f} ms"
    )
    print(f"give a proxy (one act) p50: {percentile(f.giving, 50)}")
    print(f"journal verified (chain and projections): intact, {f.verify:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
