"""Worker process of bench/methods.py: time one library on one case.

Usage: methods_worker.py CASE LIBRARY --repeat N --budget SECONDS --memory-limit GB

Writes one JSON object per line to the original standard output: "ready" once
the input is built and the library imported, "call" after every call (so the
parent can enforce its per-call time limit), "timed" with the timings and the
seats, then "memory" with the tracemalloc peak of one more call. Anything the
library prints goes to /dev/null.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import IO, Any

from methods_adapters import LOADERS, Seats
from methods_cases import ALL_CASES, BiInput, SingleInput, build_input

MIN_SAMPLE_SECONDS = 0.005


def main() -> None:
    args = _parse_args()
    channel = _take_stdout()
    _limit_memory(args.memory_limit)
    try:
        case = ALL_CASES[args.case]
        data = build_input(case)
        call = LOADERS[args.library]()[case.kind]
        _send(channel, event="ready")
        _measure(channel, call, data, args)
    except BaseException as error:  # report MemoryError, RecursionError, ... as results
        _send(channel, event="error", message=f"{type(error).__name__}: {error}"[:300])


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(ALL_CASES))
    parser.add_argument("library", choices=sorted(LOADERS))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--budget", type=float, default=20.0)
    parser.add_argument("--memory-limit", type=float, default=6.0)
    parser.add_argument("--no-memory", action="store_true")
    return parser.parse_args()


def _take_stdout() -> IO[str]:
    """Keep the real stdout for the protocol and silence the libraries' prints."""
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    return channel


def _limit_memory(gigabytes: float) -> None:
    """Make a runaway allocation fail with MemoryError instead of waking the OOM killer."""
    limit = int(gigabytes * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _send(channel: IO[str], **message: Any) -> None:
    channel.write(json.dumps(message) + "\n")


def _measure(
    channel: IO[str],
    call: Callable[[Any], Seats],
    data: SingleInput | BiInput,
    args: argparse.Namespace,
) -> None:
    gc.collect()
    warm_up, seats = _timed(call, data, 1)
    _send(channel, event="call", seconds=warm_up)
    times = [warm_up] if warm_up >= args.budget else _samples(channel, call, data, args, warm_up)
    keys = list(data.votes)
    known = set(keys)
    _send(
        channel,
        event="timed",
        times=times,
        cold=warm_up >= args.budget,
        seats=[int(seats.get(key, 0)) for key in keys],
        unknown_keys=sum(1 for key in seats if key not in known),
    )
    if not args.no_memory:
        _send(channel, event="memory", peak=_peak_memory(call, data))


def _samples(
    channel: IO[str],
    call: Callable[[Any], Seats],
    data: SingleInput | BiInput,
    args: argparse.Namespace,
    estimate: float,
) -> list[float]:
    """Time `repeat` samples, each the mean of enough calls to last a few milliseconds."""
    number = max(1, int(MIN_SAMPLE_SECONDS / max(estimate, 1e-9)))
    count = max(1, min(args.repeat, int(args.budget / (number * estimate))))
    times = []
    for _ in range(count):
        gc.collect()
        seconds, _ = _timed(call, data, number)
        _send(channel, event="call", seconds=seconds)
        times.append(seconds)
    return times


def _timed(call: Callable[[Any], Seats], data: SingleInput | BiInput, number: int) -> Any:
    start = time.perf_counter()
    for _ in range(number):
        seats = call(data)
    return (time.perf_counter() - start) / number, seats


def _peak_memory(call: Callable[[Any], Seats], data: SingleInput | BiInput) -> int:
    """Peak of the memory allocated during one call, as tracemalloc traces it."""
    gc.collect()
    tracemalloc.start()
    try:
        call(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


if __name__ == "__main__":
    main()
