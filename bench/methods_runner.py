"""Run one library on one case in a worker process, under a per-call time limit."""

from __future__ import annotations

import json
import queue
import statistics
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from methods_adapters import SUPPORTED
from methods_cases import Case

WORKER = Path(__file__).with_name("methods_worker.py")
SETUP_SECONDS = 300.0  # building the input and importing the library


@dataclass(frozen=True)
class Options:
    """How long and how often to measure."""

    repeat: int = 7
    budget: float = 20.0  # seconds of timed calls per measurement, beyond the warm-up
    limit: float = 60.0  # seconds one call may take before the library counts as timed out
    memory_limit: float = 6.0  # GiB of address space per worker


@dataclass
class Measurement:
    """What one library did on one case."""

    case: Case
    library: str
    status: str  # "ok", "timeout", "error" or "unsupported"
    times: list[float] = field(default_factory=list)
    is_cold: bool = False  # only the first call was timed
    peak: int | None = None
    seats: list[int] | None = None
    unknown_keys: int = 0
    message: str = ""
    check: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def measure(case: Case, library: str, options: Options) -> Measurement:
    """Time `library` on `case` in its own process; never wait longer than the limits."""
    if case.kind not in SUPPORTED[library]:
        return Measurement(case, library, "unsupported")
    command = [sys.executable, str(WORKER), case.name, library]
    command += ["--repeat", str(options.repeat), "--budget", str(options.budget)]
    command += ["--memory-limit", str(options.memory_limit)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    events = _reader(process.stdout)
    try:
        return _follow(case, library, events, options)
    finally:
        process.kill()
        process.wait()


def _reader(stream: IO[str]) -> queue.Queue[dict[str, Any] | None]:
    """Forward the worker's JSON lines into a queue; None marks its end."""
    events: queue.Queue[dict[str, Any] | None] = queue.Queue()

    def pump() -> None:
        for line in stream:
            events.put(json.loads(line))
        events.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return events


def _follow(
    case: Case,
    library: str,
    events: queue.Queue[dict[str, Any] | None],
    options: Options,
) -> Measurement:
    result = Measurement(case, library, "error", message="worker exited without a result")
    timeout = SETUP_SECONDS
    while True:
        try:
            event = events.get(timeout=timeout)
        except queue.Empty:
            if result.status != "ok":
                result.status, result.message = "timeout", f"> {options.limit:g} s (timed out)"
            return result
        if event is None:
            return result
        timeout = options.limit
        if event["event"] == "error":
            result.message = event["message"]
            return result
        if event["event"] == "timed":
            _take_timings(result, event)
            timeout = 4 * options.limit  # tracemalloc slows allocation-heavy calls down
        elif event["event"] == "memory":
            result.peak = event["peak"]
            return result


def _take_timings(result: Measurement, event: dict[str, Any]) -> None:
    result.status, result.message = "ok", ""
    result.times = event["times"]
    result.is_cold = event["cold"]
    result.seats = event["seats"]
    result.unknown_keys = event["unknown_keys"]


def compare(reference: Measurement, other: Measurement) -> str:
    """Say whether `other` gave the same seats as `reference` (soviet.methods)."""
    if other.status == "unsupported":
        return "not supported"
    if other.status == "timeout":
        return "unknown (timed out)"
    if other.status == "error":
        return f"error: {other.message}"
    if reference.seats is None:
        return "no reference"
    assert other.seats is not None
    differing = sum(a != b for a, b in zip(reference.seats, other.seats, strict=True))
    if differing == 0 and other.unknown_keys == 0:
        return "same"
    extra = f", {other.unknown_keys} unexpected keys" if other.unknown_keys else ""
    return f"differs in {differing} keys{extra}"
