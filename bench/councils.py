"""Benchmark of councils, elections and recall (issue 3/6) on a synthetic federation.

    .venv/bin/python bench/councils.py [--db URL] [--constituencies N] [--voters N]
        [--recalls N] [--out docs/benchmarks.md]

A federation of N constituencies (default 100,000) with V voters in all (default
20,000,000; counts, not individual rows), 4 parties, one council of 1 delegate per 500
voters. Timed as "load and allocation": apply the statute, admit the constituencies,
register the candidates (two per party and constituency) with their party lists, open
one general election, enter one count per constituency and party (as an imported CSV
would), and close it: seats by D'Hondt in every constituency, mandates to the lists.
Then R recalls (default 10,000), one at a time: in each of R constituencies one member
signs the petition that crosses the threshold, the delegate is recalled and the next on
the list takes the seat; each recall is one act (journal entry, projections, commit),
timed from the call to its return.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.composition import composition
from soviet.services.elections import close_election, enter_counts, open_election
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
from soviet.store.database import Database

T = TypeVar("T")
SECTION = "## Councils, elections and recall (bench/councils.py)"
PARTIES = ("reds", "greens", "blues", "blacks")
COUNCIL = "city-soviet"
STATUTE = {
    "federation": {"slug": "bench", "name": "Synthetic federation"},
    "constituency_kinds": {"factory": {"name": "Factory"}},
    "councils": {
        COUNCIL: {
            "name": "City soviet",
            "delegates": {"factory": {"per_voters": 500, "rounding": "nearest", "minimum": 1}},
            "election": {"method": "dhondt", "ties": "lot"},
            # One signature crosses the threshold, so that each timed act is a whole recall.
            "recall": {"basis": "electorate", "share": "1/100000000", "then": "next-on-list"},
        }
    },
}


def electorates(count: int, voters: int, rng: random.Random) -> list[int]:
    """Constituency sizes: log-normal, scaled so that they add up to `voters` exactly."""
    raw = [rng.lognormvariate(0, 1.0) for _ in range(count)]
    scale = voters / sum(raw)
    sizes = [max(1, int(r * scale)) for r in raw]
    sizes[0] += voters - sum(sizes)
    return sizes


def counts(size: int, rng: random.Random) -> list[int]:
    """Votes of the 4 parties in a constituency: about 70 % turnout, strengths varying."""
    weights = [rng.random() ** 2 + 0.05 for _ in PARTIES]
    turnout = int(size * 0.7)
    return [int(turnout * w / sum(weights)) for w in weights]


def timed(label: str, results: dict[str, float], call: Callable[[], T]) -> T:
    started = time.perf_counter()
    value = call()
    results[label] = time.perf_counter() - started
    print(f"  {label}: {results[label]:.2f} s", flush=True)
    return value


def load(db: Database, n: int, voters: int, rng: random.Random) -> dict[str, float]:
    """Build the federation and elect its council; returns the time of each phase."""
    phases: dict[str, float] = {}
    slugs = [f"c{i:06d}" for i in range(n)]
    sizes = electorates(n, voters, rng)
    timed(
        "apply the statute",
        phases,
        lambda: (
            journal_service.initialise(db, actor=SYSTEM),
            apply_statute(db, STATUTE, actor=SYSTEM),
        ),
    )
    specs = [
        ConstituencySpec(s, s, "factory", COUNCIL, e) for s, e in zip(slugs, sizes, strict=True)
    ]
    timed("admit constituencies", phases, lambda: admit_constituencies(db, specs, actor=SYSTEM))

    def candidates() -> None:
        for party in PARTIES:
            register_party(
                db, party, name=party, programme="A programme.", committee=[party], actor=SYSTEM
            )
        people = [
            (f"{s}-{p}-{k}", f"{p} {k} of {s}") for s in slugs for p in PARTIES for k in (1, 2)
        ]
        register_persons(
            db, people, parties={slug: slug.split("-")[1] for slug, _ in people}, actor=SYSTEM
        )
        lists = [
            CandidateList(p, COUNCIL, [f"{s}-{p}-1", f"{s}-{p}-2"], s)
            for s in slugs
            for p in PARTIES
        ]
        set_candidate_lists(db, lists, actor=SYSTEM)

    timed("register candidates and lists", phases, candidates)
    election = timed("open the election", phases, lambda: open_election(db, COUNCIL, actor=SYSTEM))
    rows = [
        (s, p, v)
        for s, size in zip(slugs, sizes, strict=True)
        for p, v in zip(PARTIES, counts(size, rng), strict=True)
    ]
    timed("enter counts", phases, lambda: enter_counts(db, election, rows, actor=SYSTEM))
    timed(
        "close: allocate and seat",
        phases,
        lambda: close_election(db, election, seed=7, actor=SYSTEM),
    )
    return phases


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def recalls(db: Database, count: int, rng: random.Random) -> list[float]:
    """Recall the first delegate of `count` constituencies, one act each; seconds per act."""
    seated = composition(db, COUNCIL, actor=SYSTEM)
    first: dict[str, str] = {}
    for member in seated.members:
        first.setdefault(member.constituency, member.person)
    chosen = rng.sample(sorted(first), min(count, len(first)))
    for constituency in chosen:  # the signers (untimed): one registered member each
        register_members(db, constituency, [MemberSpec("signer", "A signer")], actor=SYSTEM)
    latencies = []
    for done, constituency in enumerate(chosen, start=1):
        started = time.perf_counter()
        result = sign_recall(db, COUNCIL, first[constituency], "signer", actor=SYSTEM)
        latencies.append(time.perf_counter() - started)
        assert result.is_recalled
        if done % 1000 == 0:
            print(
                f"  {done} recalls, p99 so far {percentile(latencies, 0.99) * 1000:.1f} ms",
                flush=True,
            )
    return latencies


def machine() -> str:
    cpu = subprocess.run(
        ["sh", "-c", "lscpu | grep 'Model name' | cut -d: -f2"], capture_output=True, text=True
    )
    memory = subprocess.run(
        ["sh", "-c", "free -g | awk '/Mem:/ {print $2}'"], capture_output=True, text=True
    )
    return (
        f"{cpu.stdout.strip()}, {os.cpu_count()} "
        f"cores, {memory.stdout.strip()} GiB, Python {platform.python_version()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", help="database URL of an empty database (default: a new SQLite file)"
    )
    parser.add_argument("--constituencies", type=int, default=100_000)
    parser.add_argument("--voters", type=int, default=20_000_000)
    parser.add_argument("--recalls", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1917)
    parser.add_argument("--out", type=Path, help="write the results into this Markdown file")
    args = parser.parse_args(argv)
    folder = tempfile.TemporaryDirectory(prefix="soviet-bench-")
    url = args.db or f"sqlite:///{Path(folder.name) / 'bench.db'}"
    rng = random.Random(args.seed)
    with open_database(url, create=True) as db:
        engine = db.target.engine
        print(
            f"{engine}: {args.constituencies:,} constituencies, {args.voters:,} voters", flush=True
        )
        started = time.perf_counter()
        phases = load(db, args.constituencies, args.voters, rng)
        total = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        shown = composition(db, COUNCIL, actor=SYSTEM)
        print(
            f"  load and allocation: {total:.1f} s, peak memory {peak:,.0f} MiB; "
            f"{shown.seats:,} seats, {shown.filled:,} filled",
            flush=True,
        )
        latencies = recalls(db, args.recalls, rng)
    report = {
        "engine": engine,
        "total": total,
        "peak": peak,
        "phases": phases,
        "seats": shown.seats,
        "latencies": latencies,
    }
    print(summary(report, args))
    if args.out:
        write(args.out, report, args)
    folder.cleanup()
    return 0


def summary(report: dict[str, object], args: argparse.Namespace) -> str:
    latencies = report["latencies"]
    assert isinstance(latencies, list)
    lines = [
        f"engine {report['engine']}: load and allocation {report['total']:.1f} s "
        f"(target < 60 s), peak memory {report['peak']:,.0f} MiB (target < 2,048 MiB)",
        f"{len(latencies):,} recalls: p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms (target < 20 ms), "
        f"max {max(latencies) * 1000:.1f} ms",
    ]
    return "\n".join(lines)


RESULTS = Path(__file__).with_name("results")


def write(path: Path, report: dict[str, object], args: argparse.Namespace) -> None:
    """Keep this engine's result beside the others and rewrite the section from all of them."""
    import json

    RESULTS.mkdir(exist_ok=True)
    latencies = report["latencies"]
    assert isinstance(latencies, list)
    record = {
        "engine": report["engine"],
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "constituencies": args.constituencies,
        "voters": args.voters,
        "seats": report["seats"],
        "total_s": round(float(report["total"]), 2),  # type: ignore[arg-type]
        "peak_mib": round(float(report["peak"])),  # type: ignore[arg-type]
        "phases_s": {k: round(v, 2) for k, v in report["phases"].items()},  # type: ignore[attr-defined]
        "recalls": len(latencies),
        "recall_p50_ms": round(percentile(latencies, 0.5) * 1000, 2),
        "recall_p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "recall_max_ms": round(max(latencies) * 1000, 2),
    }
    (RESULTS / f"councils-{report['engine']}.json").write_text(json.dumps(record, indent=2) + "\n")
    records = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("councils-*.json"))]
    section = render(records)
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        rest = text[end + 1 :] if end != -1 else ""
        text = text[:start] + section.rstrip("\n") + "\n\n" + rest  # a blank line before the next
    path.write_text(text.rstrip("\n") + "\n")


def render(records: list[dict[str, object]]) -> str:
    """The Markdown section: what is measured, then one column per engine."""
    head = records[0]
    lines = [
        SECTION,
        "",
        "Reproduce with `.venv/bin/python bench/councils.py --out docs/benchmarks.md` (SQLite) "
        "and `--db postgresql://...` (an empty PostgreSQL database). "
        f"Machine: {head['machine']}.",
        "",
        f"A synthetic federation of {int(head['constituencies']):,} constituencies with "  # type: ignore[call-overload]
        f"{int(head['voters']):,} voters in all (counts), 4 parties, one council of 1 "  # type: ignore[call-overload]
        "delegate per 500 voters (nearest, minimum 1), D'Hondt per constituency, two "
        'candidates per party and constituency. "Load and allocation" is every act from '
        "the statute to the closed election, each one transaction with its journal entry. "
        "A recall is one act: the signature that crosses the threshold, the recall, the "
        "successor from the list, the journal entries and the commit, timed around the "
        "service call. The targets are the issue's, set for SQLite on this machine; "
        "PostgreSQL (Debian's 15, a local cluster with default settings and "
        "synchronous_commit=on) is reported beside it.",
        "",
        "| | " + " | ".join(f"{r['engine']} ({r['date']})" for r in records) + " |",
        "|---|" + "---|" * len(records),
    ]
    rows = [
        ("seats", lambda r: f"{int(r['seats']):,}"),  # type: ignore[call-overload]
        ("load and allocation (target < 60 s)", lambda r: f"{r['total_s']} s"),
        ("peak memory (target < 2 GiB)", lambda r: f"{r['peak_mib']:,} MiB"),
        ("recalls timed", lambda r: f"{r['recalls']:,}"),
        ("recall p50", lambda r: f"{r['recall_p50_ms']} ms"),
        ("recall p99 (target < 20 ms)", lambda r: f"{r['recall_p99_ms']} ms"),
        ("recall max", lambda r: f"{r['recall_max_ms']} ms"),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in records) + " |")
    for phase in head["phases_s"]:  # type: ignore[attr-defined]
        lines.append(
            f"| {phase} | "
            + " | ".join(f"{r['phases_s'].get(phase, '-')} s" for r in records)  # type: ignore[attr-defined]
            + " |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
