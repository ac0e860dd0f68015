"""Benchmark of councils of councils (issue 4/6): a national federation, every body continuous.

    .venv/bin/python bench/bodies.py [--db URL] [--constituencies N] [--councils N]
        [--regions N] [--voters N] [--recalls N] [--election-day N] [--reuse SEED]

Base constituencies elect local councils (1 delegate per 500 voters); each local council has
an executive; regions are congresses of local councils (1 delegate per 5,000 voters) with
executives; the national congress gathers the regions (1 per 25,000 voters) and elects an
executive. Every body is `continuous`: a change below reaches it in the same transaction.
Timed: building the hierarchy (statute, constituencies, candidates, one election per local
council, each close propagating upwards), one recall in a base constituency propagated
through every level (one act, committed), and `drift` over every body.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.progress import track

from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.composition import composition
from soviet.services.elections import (
    close_election,
    close_elections,
    enter_counts,
    open_election,
)
from soviet.services.formation import drift
from soviet.services.mandates import sign_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.parties import (
    CandidateList,
    register_party,
    register_persons,
    set_candidate_lists,
)
from soviet.services.registers import ConstituencySpec, admit_constituencies
from soviet.services.statutes import apply_statute

PARTIES = ("reds", "greens", "blues", "blacks")


def statute(councils: int, regions: int) -> dict[str, object]:
    bodies: dict[str, object] = {}
    per_region = councils // regions
    for i in range(councils):
        bodies[f"l{i}"] = {
            "name": f"Local council {i}",
            "delegates": {"factory": {"per_voters": 500, "rounding": "nearest", "minimum": 1}},
            "election": {"method": "dhondt", "ties": "lot"},
            "recall": {"basis": "electorate", "share": "1/100000000"},
        }
        bodies[f"l{i}-exec"] = {"name": f"Executive {i}", "executive": {"of": f"l{i}", "seats": 15}}
    for r in range(regions):
        members = [f"l{i}" for i in range(r * per_region, (r + 1) * per_region)]
        bodies[f"r{r}"] = {
            "name": f"Region {r}",
            "congress": {"members": members, "delegation": {"per_voters": 5000, "minimum": 1}},
        }
        bodies[f"r{r}-exec"] = {
            "name": f"Region {r} executive",
            "executive": {"of": f"r{r}", "seats": 15},
        }
    bodies["national"] = {
        "name": "National congress",
        "congress": {
            "members": [f"r{r}" for r in range(regions)],
            "delegation": {"per_voters": 25000, "minimum": 1},
        },
    }
    bodies["national-exec"] = {
        "name": "National executive",
        "executive": {"of": "national", "seats": 30},
    }
    return {
        "federation": {"slug": "nation", "name": "A national federation"},
        "constituency_kinds": {"factory": {"name": "Factory"}},
        "councils": bodies,
    }


def timed(label: str, phases: dict[str, float], call):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = call()
    phases[label] = time.perf_counter() - started
    print(f"  {label}: {phases[label]:.1f} s", flush=True)
    return value


def build(db, args, rng) -> dict[str, float]:  # type: ignore[no-untyped-def]
    phases: dict[str, float] = {}
    per = args.constituencies // args.councils
    each = args.voters // args.constituencies
    timed(
        "statute",
        phases,
        lambda: (
            journal_service.initialise(db, actor=SYSTEM),
            apply_statute(db, statute(args.councils, args.regions), actor=SYSTEM),
        ),
    )
    specs = [
        ConstituencySpec(f"c{i}", f"C{i}", "factory", f"l{i // per}", each)
        for i in range(per * args.councils)
    ]
    timed("constituencies", phases, lambda: admit_constituencies(db, specs, actor=SYSTEM))
    seats = max(1, round(each / 500)) * per

    def candidates() -> None:
        for party in PARTIES:
            register_party(
                db, party, name=party, programme="A programme.", committee=[party], actor=SYSTEM
            )
        depth = seats * 6 // 10 + 5
        people = [
            (f"l{c}-{p}-{k}", p)
            for c in range(args.councils)
            for p in PARTIES
            for k in range(depth)
        ]
        register_persons(db, [(s, s) for s, _ in people], parties=dict(people), actor=SYSTEM)
        lists = [
            CandidateList(p, f"l{c}", [f"l{c}-{p}-{k}" for k in range(depth)])
            for c in range(args.councils)
            for p in PARTIES
        ]
        set_candidate_lists(db, lists, actor=SYSTEM)

    timed("candidates and lists", phases, candidates)

    def elections() -> None:
        day: list[int] = []
        for c in track(range(args.councils), description="elections", transient=True):
            election = open_election(db, f"l{c}", actor=SYSTEM)
            rows = [
                (f"c{i}", party, rng.randint(1, 1000))
                for i in range(c * per, (c + 1) * per)
                for party in PARTIES
            ]
            enter_counts(db, election, rows, actor=SYSTEM)
            if not args.election_day:
                close_election(db, election, seed=c, actor=SYSTEM)
                continue
            day.append(election)
            if len(day) == args.election_day or c == args.councils - 1:
                close_elections(db, day, seed=c + 1 - len(day), actor=SYSTEM)
                day = []

    how = (
        f"closed {args.election_day} an act (an election day), each act propagated upwards"
        if args.election_day
        else "each propagated upwards"
    )
    timed(f"elections, {how}", phases, elections)
    return phases


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db")
    parser.add_argument("--constituencies", type=int, default=1_000_000)
    parser.add_argument("--councils", type=int, default=5_000)
    parser.add_argument("--regions", type=int, default=100)
    parser.add_argument("--voters", type=int, default=100_000_000)
    parser.add_argument("--recalls", type=int, default=200)
    parser.add_argument(
        "--election-day",
        type=int,
        default=0,
        help="Close the local councils' elections this many an act (close_elections), "
        "each act propagated once; 0 (the default): one by one.",
    )
    parser.add_argument(
        "--reuse",
        type=int,
        metavar="SEED",
        help="Build nothing: time the recalls (and drift) on the federation a run before "
        "built in --db, in councils drawn with this seed (a new seed each run: a signer "
        "is registered in each council drawn).",
    )
    args = parser.parse_args()
    if args.reuse is not None and not args.db:
        parser.error("--reuse needs --db: the database a run before built")
    folder = tempfile.TemporaryDirectory(prefix="soviet-bodies-")
    url = args.db or f"sqlite:///{Path(folder.name) / 'bodies.db'}"
    rng = random.Random(1917 if args.reuse is None else args.reuse)
    signer = "signer" if args.reuse is None else f"signer-{args.reuse}"
    with open_database(url, create=args.reuse is None) as db:
        print(
            f"{db.target.engine}: {args.constituencies:,} constituencies, "
            f"{args.councils:,} councils, {args.regions} regions"
        )
        if args.reuse is None:
            started = time.perf_counter()
            build(db, args, rng)
            print(
                f"  built in {time.perf_counter() - started:.1f} s, peak memory "
                f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB",
                flush=True,
            )
        # One recall more than timed: the first, untimed, warms the process (its statements
        # compiled), as any running server is.
        chosen = rng.sample(range(args.councils), min(args.recalls + 1, args.councils))
        targets = []
        for c in chosen:
            first = composition(db, f"l{c}", actor=SYSTEM).members[0]
            register_members(db, first.constituency, [MemberSpec(signer, "S")], actor=SYSTEM)  # type: ignore[arg-type]
            targets.append((f"l{c}", first.person))
        sign_recall(db, *targets[0], signer, actor=SYSTEM)
        latencies = []
        for council, person in targets[1:]:
            t = time.perf_counter()
            sign_recall(db, council, person, signer, actor=SYSTEM)
            latencies.append(time.perf_counter() - t)
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
        print(
            f"  {len(latencies)} recalls through every level: "
            f"p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms; slowest "
            + ", ".join(f"{x * 1000:.1f}" for x in latencies[-5:])
            + " ms"
        )
        t = time.perf_counter()
        found = drift(db, actor=SYSTEM)
        print(f"  drift of {len(found):,} bodies (service): {time.perf_counter() - t:.2f} s")
    # The command itself, in a process of its own: start-up and printing included.
    t = time.perf_counter()
    command = [sys.executable, "-m", "soviet", "drift", "--json", "--db", url]
    shown = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rows = json.loads(shown)
    print(f"  soviet drift --json, {len(rows):,} bodies: {time.perf_counter() - t:.2f} s")
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
