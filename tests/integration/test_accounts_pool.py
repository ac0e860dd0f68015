"""The password pool is bounded: when every verifier is taken and the queue is full, a
login is refused at once (Busy) instead of waiting, and the pool serves again as soon as
a place frees."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from soviet.services import logins


def test_a_full_pool_refuses_at_once_and_serves_again() -> None:
    release = threading.Event()
    places = logins.VERIFIERS + logins.WAITING_MAX
    with ThreadPoolExecutor(max_workers=places) as callers:
        held = [callers.submit(logins.in_pool, release.wait) for _ in range(places)]
        deadline = time.monotonic() + 10
        while logins._slots._value > 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        started = time.monotonic()
        with pytest.raises(logins.Busy):
            logins.in_pool(lambda: "never run")
        assert time.monotonic() - started < 0.5
        release.set()
        assert all(future.result(timeout=10) for future in held)
    assert logins.in_pool(lambda: "served") == "served"
