"""Benchmark of reads from PostgreSQL streaming replicas (issue 7/7): reads a second through
HTTP with 0, 1 and 2 replicas, on loopback.

    .venv/bin/python bench/replica_reads.py --primary URL --replica URL [--replica URL]
        [--delegates N] [--clients N] [--seconds S] [--workers N] [--signed-in]

`--primary` is a PostgreSQL server whose user may create databases, each `--replica` a
streaming replica of it (scripts/start-postgres-replica). A congress of N delegates
(bench/plenary.py) is built in a new database on the primary; once every replica has
replayed it, `soviet serve --workers N` is started with no replica, then one, then two
(`--read-db`), and N clients (threads, one keep-alive connection each) read the
congress's composition (GET .../councils/second-congress) as fast as they are answered
for S seconds. `--signed-in` reads with a bearer token, so that each read first asks the
primary for its head (read-your-writes). Measured: reads a second, and each read's time
(p50/p99). The clients, the server and the PostgreSQL clusters share this machine's
cores: what is measured is this machine, not a deployment of several.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_vote import serve
from plenary import build
from soviet.domain.identity import SYSTEM
from soviet.services import accounts
from soviet.services.bootstrap import open_database

READ = "/api/v1/federations/russia-1917/councils/second-congress"


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _on(server: str, database: str) -> str:
    return make_url(server).set(database=database).render_as_string(hide_password=False)


def wait_for(replica: str, seq: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(_libpq(replica), autocommit=True) as connection:
                row = connection.execute("SELECT seq FROM journal_head").fetchone()
            if row and int(row[0]) >= seq:
                return
        except psycopg.Error:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{replica} did not replay entry {seq} within 120 s")


def reads(port: int, clients: int, seconds: float, headers: dict[str, str]) -> dict[str, float]:
    """Read as fast as answered from `clients` threads for `seconds`."""
    times: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        mine: list[float] = []
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            while time.monotonic() < stop:
                started = time.perf_counter()
                answer = http.get(READ, headers=headers)
                if answer.status_code != 200:
                    raise SystemExit(f"read refused: {answer.status_code} {answer.text[:200]}")
                mine.append(time.perf_counter() - started)
        with lock:
            times.extend(mine)

    began = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    elapsed = time.monotonic() - began
    ordered = sorted(times)
    return {
        "reads": len(times),
        "per_second": len(times) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--primary", default=os.environ.get("SOVIET_TEST_POSTGRES_URL"))
    parser.add_argument("--replica", action="append", default=[])
    parser.add_argument("--delegates", type=int, default=300)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--signed-in", action="store_true")
    args = parser.parse_args()
    if not args.primary or len(args.replica) < 1:
        parser.error("--primary and at least one --replica are needed")
    name = f"soviet_bench_replicas_{os.getpid()}"
    with psycopg.connect(_libpq(args.primary), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _on(args.primary, name)
    try:
        with open_database(url) as db:
            build(db, args.delegates)
            accounts.create_account(db, "reader", "a long enough password", actor=SYSTEM)
            expires = datetime.now(UTC) + timedelta(days=1)
            token = accounts.issue_token(db, "reader", "bench", ["read"], expires, actor=SYSTEM)
            with db.read() as connection:
                head = connection.exec_driver_sql("SELECT seq FROM journal_head").scalar_one()
        replicas = [_on(replica, name) for replica in args.replica]
        for replica in replicas:
            wait_for(replica, head)
        headers = {"Authorization": f"Bearer {token}"} if args.signed_in else {}
        print(
            f"{args.delegates} delegates, {args.clients} clients, {args.seconds:.0f} s, "
            f"{args.workers} workers, {'signed in' if args.signed_in else 'public'}"
        )
        for count in range(len(replicas) + 1):
            with tempfile.TemporaryDirectory() as folder:
                options = [option for r in replicas[:count] for option in ("--read-db", r)]
                process, port = serve(url, args.workers, Path(folder), options)
                try:
                    reads(port, args.clients, 2.0, headers)  # warm every worker's caches
                    found = reads(port, args.clients, args.seconds, headers)
                finally:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=30)
            print(
                f"  {count} replicas: {found['per_second']:.0f} reads/s "
                f"(p50 {found['p50_ms']:.1f} ms, p99 {found['p99_ms']:.1f} ms, "
                f"{found['reads']:.0f} reads)",
                flush=True,
            )
    finally:
        with psycopg.connect(_libpq(args.primary), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
