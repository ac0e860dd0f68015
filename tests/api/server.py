"""A real `soviet serve` for the API's tests: started as a process on a free loopback
port, waited for, and stopped (or killed) at the end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

SRC = Path(__file__).resolve().parents[2] / "src"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    """A running `soviet serve`: its base URL (…/api/v1) and its process."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, **options: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **options)  # type: ignore[arg-type]

    def kill(self) -> None:
        """kill -9 of the server and every worker it started."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start(
    db_url: str,
    folder: Path,
    *,
    workers: int = 1,
    port: int | None = None,
    env: dict[str, str] | None = None,
    options: tuple[str, ...] = (),
) -> Server:
    """Start `soviet serve` on `db_url` (with `env` added to the environment) and wait
    until it answers (at most 30 s)."""
    port = port or free_port()
    log = folder / f"serve-{port}.log"
    env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    command = [sys.executable, "-m", "soviet", "--db", db_url, "serve", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    command += options
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    server = Server(f"http://127.0.0.1:{port}/api/v1", process, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"soviet serve exited {process.returncode}:\n{server.output()}")
        try:
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    server.kill()
    raise AssertionError(f"soviet serve did not answer within 30 s:\n{server.output()}")


def stop(server: Server) -> None:
    """Stop it as an operator would (SIGTERM to the group), then make sure it is gone."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


@contextmanager
def serving(db_url: str, folder: Path, *, workers: int = 1) -> Iterator[Server]:
    server = start(db_url, folder, workers=workers)
    try:
        yield server
    finally:
        stop(server)
