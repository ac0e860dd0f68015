"""Benchmark of a sealed secret vote (issue 17): 2,000 delegates, 3 of 5 trustees.

    .venv/bin/python bench/sealed_vote.py [--db URL] [--delegates N] [--window S]
                                          [--workers N] [--browser-ballots N]

The congress of bench/plenary.py, with the key of five trustees (any three decrypt) made
through the services' key ceremony. Its first vote (the agenda, roll-call) warms the
process untimed. The sealed vote opens; every delegate's ballot is encrypted with its
proofs as her own device would (here, untimed, before the clock starts: devices encrypt in
parallel, each its own), then cast through the service layer (`cast_sealed`: proofs
checked, then the rules of a vote, group-committed) at a random moment (seeded) within the
window. Timed:
- encrypting a ballot with its proofs in Python and in Debian's Chromium (static/sealed.js
  on @noble/ed25519, served from this machine), per ballot;
- the server's check of a ballot's proofs, p50/p99;
- each vote from its due moment until committed, and the last commit;
- from the close to the decided result (three trustees each computing and giving her
  share of the decryption with its proof, checked), and to the board exported and
  recounted by the standalone verifier's checks: the hall's wait after the close.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from plenary import MOTION, adopt_agenda, build
from soviet.crypto.ballot import ballot_from_json, verify_ballot
from soviet.crypto.recount import check
from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import boards, sealed, trustee_keys, trustees
from soviet.services.bootstrap import open_database
from soviet.services.votes import close_vote, open_vote
from soviet.store.database import Database

COUNCIL = "second-congress"
TRUSTEES = [f"t{n}" for n in range(1, 6)]
CHOICES = ("yes", "no", "abstain")
STATIC = Path(__file__).resolve().parents[1] / "src" / "soviet" / "web" / "static"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ceremony(db: Database, folder: Path) -> None:
    trustees.appoint(db, COUNCIL, TRUSTEES, 3, actor=SYSTEM)
    for _ in range(3):
        for name in TRUSTEES:
            trustee_keys.take_steps(db, COUNCIL, folder / f"{name}.json", actor=account_actor(name))


class Quiet(http.server.SimpleHTTPRequestHandler):
    """The static files, served without a line per request."""

    def log_message(self, format: str, *args: object) -> None:
        return


def browser_encryption(terms: sealed.Sealing, ballots: int) -> float | None:
    """Seconds per ballot encrypted by static/sealed.js in Chromium; None without it."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists() or ballots == 0:
        return None
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(STATIC))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]  # fmt: skip
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=args)
            page = browser.new_page()
            page.goto(base)
            seconds = page.evaluate(
                """async ([sealed, noble, terms, count]) => {
                  const s = await import(sealed);
                  const ed = await import(noble);
                  await s.encryptBallot(ed, terms, "yes");  // warm
                  const start = performance.now();
                  for (let i = 0; i < count; i++) await s.encryptBallot(ed, terms, "no");
                  return (performance.now() - start) / 1000 / count;
                }""",
                [
                    base + "sealed.js",
                    base + "noble-ed25519-3.2.0.js",
                    {
                        "poll": terms.poll,
                        "public_key": terms.public_key,
                        "choices": list(terms.choices),
                        "least": terms.least,
                        "most": terms.most,
                    },
                    ballots,
                ],
            )
            browser.close()
    finally:
        server.shutdown()
    return float(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--delegates", type=int, default=2_000)
    parser.add_argument("--window", type=float, default=1.0, help="seconds the votes arrive in")
    parser.add_argument("--workers", type=int, default=256, help="threads casting the votes")
    parser.add_argument("--browser-ballots", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="soviet-sealed-") as name:
        folder = Path(name)
        url = args.db or f"sqlite:///{folder / 'sealed.db'}"
        with open_database(url, create=True) as db, ThreadPoolExecutor(args.workers) as pool:
            delegates = build(db, args.delegates)
            ceremony(db, folder)
            adopt_agenda(db, delegates, pool)
            open_vote(db, MOTION, "secret", actor=SYSTEM)
            terms = sealed.sealing(db, MOTION, actor=SYSTEM)
            assert terms is not None
            rng = random.Random(1917)
            chosen = {person: CHOICES[i % 3] for i, person in enumerate(delegates)}
            start = time.perf_counter()
            ballots = {p: sealed.encrypt(terms, chosen[p])[0].to_json() for p in delegates}
            python_encrypt = (time.perf_counter() - start) / len(delegates)
            key = bytes.fromhex(terms.public_key)
            checks = []
            for document in list(ballots.values())[:200]:
                began = time.perf_counter()
                parsed = ballot_from_json(document, 3, 1, 1)
                assert verify_ballot(terms.poll, key, parsed, 1, 1) == []
                checks.append(time.perf_counter() - began)
            browser = browser_encryption(terms, args.browser_ballots)

            due = sorted((rng.uniform(0, args.window), person) for person in delegates)
            waits: list[float] = []
            lock = threading.Lock()
            clock: dict[str, float] = {}
            opened = threading.Event()

            def cast(offset: float, person: str) -> None:
                opened.wait()
                due_at = clock["start"] + offset
                delay = due_at - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                sealed.cast_sealed(db, MOTION, person, ballots[person], actor=account_actor(person))
                with lock:
                    waits.append(time.perf_counter() - due_at)

            futures = [pool.submit(cast, offset, person) for offset, person in due]
            time.sleep(0.5)
            clock["start"] = time.perf_counter()
            opened.set()
            for future in futures:
                future.result()
            last_committed = time.perf_counter() - clock["start"]

            closed_at = time.perf_counter()
            close_vote(db, MOTION, actor=SYSTEM)
            result = None
            for name in ("t1", "t3", "t5"):
                _, result = trustee_keys.decrypt(
                    db, MOTION, folder / f"{name}.json", actor=account_actor(name)
                )
            decided = time.perf_counter() - closed_at
            assert result is not None
            board = boards.board(db, MOTION, actor=SYSTEM)
            exported = time.perf_counter() - closed_at
            began = time.perf_counter()
            failures = check(board, board["journal_head"])
            recount = time.perf_counter() - began
            verified = time.perf_counter() - closed_at
    expected = tuple(sum(1 for c in chosen.values() if c == x) for x in CHOICES)
    tally = (result.tally.yes, result.tally.no, result.tally.abstain)
    assert tally == expected, (tally, expected)
    assert failures == [], failures
    print(f"engine: {url.split(':')[0]}, delegates: {len(delegates)}, window: {args.window} s")
    print(f"encrypting a ballot with its proofs, Python: {1000 * python_encrypt:.1f} ms")
    if browser is not None:
        print(f"encrypting a ballot with its proofs, Chromium: {1000 * browser:.1f} ms")
    print(
        f"server's check of a ballot's proofs: p50 {1000 * statistics.median(checks):.2f} ms, "
        f"p99 {1000 * percentile(checks, 0.99):.2f} ms"
    )
    print(
        f"per vote, due to committed: p50 {1000 * statistics.median(waits):.0f} ms, "
        f"p99 {1000 * percentile(waits, 0.99):.0f} ms; last committed at {last_committed:.2f} s"
    )
    print(f"close to decided result (3 of 5 trustees' shares): {decided:.2f} s")
    print(f"close to board exported: {exported:.2f} s; recount of the board: {recount:.2f} s")
    print(f"close to verified result: {verified:.2f} s (target < 5 s); tally {tally}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
