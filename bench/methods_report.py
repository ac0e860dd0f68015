"""Tables of bench/methods.py: for the terminal (Rich) and for docs/benchmarks.md."""

from __future__ import annotations

import math
import platform
import re
import subprocess
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from methods_adapters import LIBRARIES
from methods_runner import Measurement, Options

SECTION = "## Electoral methods (bench/methods.py)"
Table = tuple[list[str], list[list[str]]]


def seconds(value: float) -> str:
    """A duration with three significant digits and a readable unit."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if value >= scale or unit == "µs":
            return f"{value / scale:.3g} {unit}"
    raise AssertionError


def megabytes(peak: int | None) -> str:
    return "n/a" if peak is None else f"{peak / 2**20:.3g} MB"


def ratio(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}x"
    return f"{value:.3g}x"


def outcome(m: Measurement) -> str:
    """A library's time on a case, or why there is none."""
    if m.status == "ok":
        return seconds(m.median)
    if m.status == "unsupported":
        return "not supported"
    if m.status == "timeout":
        return m.message
    return "error"


def relative(m: Measurement, soviet: Measurement, limit: float) -> str:
    """The library's time divided by soviet's time on the same case."""
    if soviet.status != "ok" or m.status not in ("ok", "timeout"):
        return outcome(m)
    if m.status == "timeout":
        return f"> {ratio(limit / soviet.median)} (timed out)"
    return ratio(m.median / soviet.median)


def results_table(rows: Sequence[Measurement], limit: float) -> Table:
    """Every measurement: time, runs, memory, agreement with soviet."""
    header = [
        "Case",
        "Library",
        "Median",
        "Runs",
        "Peak memory",
        "Seats vs soviet",
        "Time / soviet",
    ]
    soviet = {m.case.name: m for m in rows if m.library == "soviet"}
    body = []
    for m in rows:
        runs = "1 (cold)" if m.is_cold else str(len(m.times)) if m.times else "-"
        check = "reference" if m.library == "soviet" else m.check
        body.append(
            [
                m.case.label,
                m.library,
                outcome(m),
                runs,
                megabytes(m.peak) if m.status == "ok" else "-",
                check,
                relative(m, soviet[m.case.name], limit),
            ]
        )
    return header, body


def ratio_table(rows: Sequence[Measurement], limit: float) -> Table:
    """One line per case: soviet's time, then each peer's time as a multiple of it."""
    peers = [lib for lib in LIBRARIES if lib != "soviet"]
    header = ["Case", "soviet", *peers]
    cases = list(dict.fromkeys(m.case.name for m in rows))
    by_key = {(m.case.name, m.library): m for m in rows}
    body = []
    for name in cases:
        soviet = by_key[name, "soviet"]
        cells = [relative(by_key[name, p], soviet, limit) for p in peers if (name, p) in by_key]
        body.append([soviet.case.label, outcome(soviet), *cells])
    return header, body


def target_table(rows: Sequence[Measurement]) -> Table:
    """The targets of the issue per case: as fast as the fastest peer, 50x votelib."""
    header = ["Case", "Fastest peer", "soviet / fastest peer", "votelib / soviet"]
    body = []
    for name in dict.fromkeys(m.case.name for m in rows):
        here = [m for m in rows if m.case.name == name]
        soviet = next(m for m in here if m.library == "soviet")
        peers = [m for m in here if m.library != "soviet" and m.status == "ok"]
        votelib = next((m for m in here if m.library == "votelib"), None)
        fastest = min(peers, key=lambda m: m.median, default=None)
        body.append(
            [
                soviet.case.label,
                f"{fastest.library} ({seconds(fastest.median)})" if fastest else "none finished",
                _quotient(soviet, fastest),
                _quotient(votelib, soviet) if votelib and votelib.status == "ok" else "-",
            ]
        )
    return header, body


def _quotient(top: Measurement | None, bottom: Measurement | None) -> str:
    if top is None or bottom is None or top.status != "ok" or bottom.status != "ok":
        return "-"
    return ratio(top.median / bottom.median)


def scaling_table(rows: Sequence[Measurement]) -> Table:
    """soviet's time per unit·log2(units): flat when the method is O(n log n)."""
    header = ["Case", "Median", "ns per n·log2 n", "Peak memory"]
    body = []
    for m in rows:
        n = m.case.units
        per = f"{m.median / (n * math.log2(n)) * 1e9:.3g}" if m.status == "ok" else outcome(m)
        body.append([m.case.label, outcome(m), per, megabytes(m.peak)])
    return header, body


def markdown(table: Table) -> str:
    header, body = table
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
    return "\n".join(lines)


def machine() -> list[str]:
    """The facts about the machine and the software that the numbers depend on."""
    model = _shell("lscpu | grep 'Model name'").split(":", 1)[-1].strip()
    memory = _shell("free -h | awk '/^Mem:/ {print $2}'")
    versions = ", ".join(f"{lib} {_version(lib)}" for lib in (*LIBRARIES, "numpy"))
    return [
        f"- CPU: {model}, {_shell('nproc')} cores (`nproc`); memory: {memory} (`free -h`)",
        f"- Python {platform.python_version()} ({platform.system()} {platform.machine()})",
        f"- Libraries: {versions}",
    ]


def _shell(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout.strip()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def write_section(path: Path, section: str, heading: str = SECTION) -> None:
    """Put `section` under its heading in `path`, leaving the other sections alone."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    path.write_text(text)


def describe(options: Options, command: str, date: str) -> list[str]:
    """The paragraph that says how the numbers were measured."""
    return [
        f"Reproduce with `{command}` (results below from a run on {date}).",
        "",
        *machine(),
        "",
        "Each library is called the way a user calls it: from a dict of names to votes to a "
        "mapping of names to seats, with every conversion (lists, numpy arrays, nested dicts, "
        "results back to names) inside the timing. Each library runs in its own process on the "
        "same seeded input; one warm-up call, then the median of up to "
        f"{options.repeat} samples (a sample averages enough calls to last ≥ 5 ms), within "
        f"about {options.budget:g} s per measurement; a call slower than that budget is "
        'timed once ("1 (cold)"). A call that takes more than '
        f"{options.limit:g} s is stopped and reported as timed out; each worker may use "
        f"{options.memory_limit:g} GiB of address space. Peak memory is the tracemalloc peak "
        "of one further call (memory allocated during the call, input excluded). "
        "Seats are compared key by key with soviet.methods' seats.",
    ]
