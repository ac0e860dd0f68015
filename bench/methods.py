"""Benchmark soviet.methods against the Python apportionment libraries a user would pick.

    .venv/bin/python bench/methods.py [--quick] [--repeat N] [--out docs/benchmarks.md]

Side by side on the same seeded inputs: soviet.methods, votelib, apportionment,
biprop and interregnum, each called from a dict of names to votes to a mapping
of names to seats. Every library runs in its own process with a per-call time
limit, so one slow library cannot hang the run. Then soviet alone on growing
inputs, to show that its time grows as n log n.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable

from methods_adapters import LIBRARIES
from methods_cases import CASES, Case, scaling_cases
from methods_report import (
    SECTION,
    Table,
    describe,
    markdown,
    ratio_table,
    results_table,
    scaling_table,
    target_table,
    write_section,
)
from methods_runner import Measurement, Options, compare, measure

DATE = "2026-11-22"
NOTES = (
    "How the peers are called (their closest equivalent of each method):",
    "",
    "- votelib: `HighestAverages('d_hondt')`, `LargestRemainder('hare')`, "
    "`BiproportionalEvaluator('sainte_lague', apportioner=district_seats)` on nested dicts "
    "(missing cells filled with 0, which it needs). Its own `huntington_hill` divisor returns "
    "a `Decimal` that `Fraction(int, Decimal)` rejects on Python 3.11 (TypeError), so the "
    "benchmark passes `Fraction(Decimal(k*(k+1)).sqrt())` as divisor function and one seat "
    "each as `prev_gains`.",
    "- apportionment: `methods.compute('dhondt' | 'huntington' | 'largest_remainder', list, "
    "seats, parties=names)` (without `parties` it indexes `string.ascii_letters` and fails "
    "beyond 52 units). Its divisor methods build a units x seats float matrix (80 GB for "
    "D'Hondt 10,000 x 1,000,000), so the huge cases end in MemoryError under the cap. No "
    "biproportional method.",
    "- biprop: `Election(array).upper_apportionment(seats, rounding_method=...)` with "
    "`np.floor` (D'Hondt) or a geometric-mean rounding written for the benchmark "
    "(Huntington-Hill); `biproportional_apportionment(party_seats=np.round, "
    "region_seats=...)` for the biproportional cases (floats, alternate scaling). No "
    "largest-remainder method.",
    "- interregnum: `IterativeDivisorAllocator('dhondt')` (its fastest D'Hondt), "
    "`HighestAveragesAllocator('huntington_hill')` with one initial seat each (its divisor "
    "for zero seats divides by zero), `LargestRemainderAllocator('hare')`, and for the "
    "biproportional cases `IterativeDivisorAllocator('sainte_lague')` for the party seats "
    "then `BiproportionalAllocator('sainte_lague')`.",
    "- soviet: `allocate(votes, seats, method)` (Huntington-Hill with `min_seats=1`) and "
    "`biproportional(votes, district_seats)` (upper apportionment by Sainte-Laguë on the "
    "party votes, lower by Sainte-Laguë).",
)


def main(argv: Sequence[str] | None = None) -> None:
    args = _parse_args(argv)
    options = _options(args)
    cases = [c for c in CASES if not args.only or c.name in args.only]
    comparison = run_comparison(cases, args.libraries, options)
    scaling = [] if args.no_scaling else run_scaling(options)
    tables = _tables(comparison, scaling, options)
    console = Console(width=200)
    for title, table in tables:
        console.print(_rich(title, table))
    if args.out:
        command = " ".join([".venv/bin/python bench/methods.py", *(argv or sys.argv[1:])])
        write_section(Path(args.out), _section(tables, options, command))
        console.print(f"wrote section {SECTION!r} of {args.out}")


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short limits, few repeats")
    parser.add_argument("--repeat", type=int, help="samples per measurement (default 7)")
    parser.add_argument("--limit", type=float, help="seconds per call before a time-out")
    parser.add_argument("--out", help="Markdown file whose methods section to (re)write")
    parser.add_argument("--only", type=lambda s: s.split(","), help="comma-separated cases")
    parser.add_argument(
        "--libraries",
        type=lambda s: s.split(","),
        default=list(LIBRARIES),
        help="comma-separated libraries (soviet is always included)",
    )
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling run")
    return parser.parse_args(argv)


def _options(args: argparse.Namespace) -> Options:
    base = Options(repeat=3, budget=2.0, limit=10.0) if args.quick else Options()
    return Options(
        repeat=args.repeat or base.repeat,
        budget=base.budget,
        limit=args.limit or base.limit,
        memory_limit=base.memory_limit,
    )


def run_comparison(
    cases: Sequence[Case], libraries: Sequence[str], options: Options
) -> list[Measurement]:
    """Every library on every case, soviet first so the others can be checked against it."""
    ordered = ["soviet", *(lib for lib in libraries if lib != "soviet")]
    rows = []
    for case in cases:
        reference = _measure_logged(case, "soviet", options)
        rows.append(reference)
        for library in ordered[1:]:
            measurement = _measure_logged(case, library, options)
            measurement.check = compare(reference, measurement)
            rows.append(measurement)
    return rows


def run_scaling(options: Options) -> list[Measurement]:
    """soviet alone on D'Hondt and Huntington-Hill with 1e3, 1e4 and 1e5 units."""
    return [_measure_logged(case, "soviet", options) for case in scaling_cases()]


def _measure_logged(case: Case, library: str, options: Options) -> Measurement:
    measurement = measure(case, library, options)
    detail = measurement.message or (f"{measurement.median:.6f} s" if measurement.times else "")
    print(f"{case.label} · {library}: {measurement.status} {detail}", file=sys.stderr)
    return measurement


def _tables(
    comparison: list[Measurement], scaling: list[Measurement], options: Options
) -> list[tuple[str, Table]]:
    tables = [
        (
            "Time of each peer as a multiple of soviet's time",
            ratio_table(comparison, options.limit),
        ),
        ("Targets: soviet against the fastest peer and against votelib", target_table(comparison)),
        ("All measurements", results_table(comparison, options.limit)),
    ]
    if scaling:
        tables.append(("Scaling of soviet.methods", scaling_table(scaling)))
    return tables


def _rich(title: str, table: Table) -> RichTable:
    header, body = table
    rich = RichTable(title=title)
    for column in header:
        rich.add_column(column)
    for row in body:
        rich.add_row(*row)
    return rich


def _section(tables: list[tuple[str, Table]], options: Options, command: str) -> str:
    lines = [SECTION, "", *describe(options, command, DATE), ""]
    for title, table in tables:
        lines += [f"### {title}", "", markdown(table), ""]
    lines += list(NOTES)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
