#!/usr/bin/env python3
"""soviet_recount: check a soviet board (soviet-board/1) with the standard library and PyNaCl alone.

    python3 soviet_recount.py board.json [--journal-head HEX]

Checks every ballot's proofs and receipt, recomputes the encrypted tally as the product of the
ballots (each raised to its weight: how many votes it counts for), checks each trustee's
partial decryptions against her verification key (computed from the trustees' public
commitments), combines them, compares the counts with the board's result,
recomputes a named seat allocation (dhondt, sainte-lague, hare) and the board's hash. An
open vote's board (soviet-open-board/1: its roll call by name, or its counts) is added up
instead. Every failure is named; the exit status is 1 on any failure, 0 when all checks pass.

This file imports nothing from soviet on purpose: copy it and run it anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction
from typing import Any

from nacl import bindings as sodium

OPEN_FORMAT = "soviet-open-board/1"
ORDER = 2**252 + 27742317777372353535851937790883648493
IDENTITY = b"\x01" + bytes(31)


class BoardError(Exception):
    pass


def _base(n: int) -> bytes:
    n %= ORDER
    return (
        IDENTITY
        if n == 0
        else sodium.crypto_scalarmult_ed25519_base_noclamp(n.to_bytes(32, "little"))
    )


def _mul(n: int, p: bytes) -> bytes:
    n %= ORDER
    if n == 0 or p == IDENTITY:
        return IDENTITY
    return sodium.crypto_scalarmult_ed25519_noclamp(n.to_bytes(32, "little"), p)


def _add(p: bytes, q: bytes) -> bytes:
    return sodium.crypto_core_ed25519_add(p, q)


def _sub(p: bytes, q: bytes) -> bytes:
    return sodium.crypto_core_ed25519_sub(p, q)


def _point(value: Any, where: str) -> bytes:
    try:
        data = bytes.fromhex(value)
    except (TypeError, ValueError):
        raise BoardError(f"{where}: not hex") from None
    if len(data) != 32 or not (data == IDENTITY or sodium.crypto_core_ed25519_is_valid_point(data)):
        raise BoardError(f"{where}: not a point of the prime-order subgroup")
    return data


def _scalar(value: Any, where: str) -> int:
    try:
        data = bytes.fromhex(value)
    except (TypeError, ValueError):
        raise BoardError(f"{where}: not hex") from None
    number = int.from_bytes(data, "little")
    if len(data) != 32 or number >= ORDER:
        raise BoardError(f"{where}: not a scalar mod the group order")
    return number


def _hash(*parts: bytes | str) -> int:
    h = hashlib.sha512()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return int.from_bytes(h.digest(), "little") % ORDER


def _canonical_hash(document: Any) -> str:
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _range_ok(
    ctx: str, y: bytes, alpha: bytes, beta: bytes, proof: Any, lo: int, hi: int, where: str
) -> bool:
    if not isinstance(proof, list) or len(proof) != hi - lo + 1:
        return False
    total, commitments = 0, []
    for j, branch in enumerate(proof):
        c = _scalar(branch.get("challenge"), f"{where} branch {j} challenge")
        s = _scalar(branch.get("response"), f"{where} branch {j} response")
        total += c
        shifted = _sub(beta, _base(lo + j))
        commitments += [_add(_base(s), _mul(c, alpha)), _add(_mul(s, y), _mul(c, shifted))]
    expected = _hash("soviet/range", ctx, y, alpha, beta, str(lo), *commitments)
    return total % ORDER == expected


def _decryption_ok(ctx: str, key: bytes, alpha: bytes, share: bytes, c: int, s: int) -> bool:
    a = _sub(_base(s), _mul(c, key))
    b = _sub(_mul(s, alpha), _mul(c, share))
    return c == _hash("soviet/decryption", ctx, key, alpha, share, a, b)


def _at(commitments: list[bytes], index: int) -> bytes:
    point = IDENTITY
    for t, c in enumerate(commitments):
        point = _add(point, _mul(pow(index, t, ORDER), c))
    return point


def _lagrange(i: int, indices: list[int]) -> int:
    num, den = 1, 1
    for m in indices:
        if m != i:
            num, den = num * m % ORDER, den * (m - i) % ORDER
    return num * pow(den, -1, ORDER) % ORDER


def _log(point: bytes, bound: int) -> int | None:
    current, g = IDENTITY, _base(1)
    for m in range(bound + 1):
        if current == point:
            return m
        current = _add(current, g)
    return None


def divisor_allocation(
    votes: list[int], seats: int, first: Fraction, step: Fraction
) -> list[int] | None:
    """Highest averages with divisors first, first+step, ...; None when the last seat is tied."""
    won = [0] * len(votes)
    for _ in range(seats):
        quotients = [Fraction(v) / (first + step * w) for v, w in zip(votes, won, strict=True)]
        best = max(quotients)
        if quotients.count(best) > 1 and _ties_matter(quotients, best, won, seats):
            return None
        won[quotients.index(best)] += 1
    return won


def _ties_matter(quotients: list[Fraction], best: Fraction, won: list[int], seats: int) -> bool:
    return quotients.count(best) > seats - sum(won)


def largest_remainder(votes: list[int], seats: int) -> list[int] | None:
    """Hare quota: whole quotas first, the rest by largest remainder; None on a deciding tie."""
    total = sum(votes)
    if total == 0:
        return None
    quotas = [Fraction(v * seats, total) for v in votes]
    won = [int(q) for q in quotas]
    left = seats - sum(won)
    remainders = sorted((q - int(q) for q in quotas), reverse=True)
    if 0 < left < len(remainders) and remainders[left - 1] == remainders[left]:
        return None
    order = sorted(range(len(votes)), key=lambda i: quotas[i] - won[i], reverse=True)
    for i in order[:left]:
        won[i] += 1
    return won


def allocate(method: str, votes: list[int], seats: int) -> list[int] | None:
    if method == "dhondt":
        return divisor_allocation(votes, seats, Fraction(1), Fraction(1))
    if method == "sainte-lague":
        return divisor_allocation(votes, seats, Fraction(1), Fraction(2))
    if method == "hare":
        return largest_remainder(votes, seats)
    raise BoardError(f"allocation.method: {method!r} is not one this verifier knows")


#: A board of at least this many ballots per core is checked on every core.
PARALLEL_FROM = 200


def _check_ballots(
    chunk: tuple[str, bytes, int, int, int, int, list[Any]],
) -> tuple[list[str], list[tuple[bytes, bytes]], int]:
    """Check the proofs and receipts of consecutive ballots (the first numbered `at` + 1):
    the failures, their weighted product per candidate, and their weights added up."""
    poll, y, least, most, n, at, entries = chunk
    failures: list[str] = []
    tally = [(IDENTITY, IDENTITY)] * n
    votes = 0
    for number, entry in enumerate(entries, start=at + 1):
        credential = str(entry["credential"])
        name = f"ballot {number} (credential {credential})"
        ctx = f"{poll}|{credential}"
        if len(entry["choices"]) != n:
            failures.append(f"{name}: {len(entry['choices'])} choices for {n} candidates")
            continue
        weight = entry.get("weight", 1)
        if type(weight) is not int or weight < 1:
            failures.append(f"{name}: weight {weight!r} is not a whole number of votes")
            continue
        votes += weight
        sum_a, sum_b = IDENTITY, IDENTITY
        for i, choice in enumerate(entry["choices"]):
            alpha = _point(choice["alpha"], f"{name} choice {i} alpha")
            beta = _point(choice["beta"], f"{name} choice {i} beta")
            if not _range_ok(ctx, y, alpha, beta, choice["proof"], 0, 1, f"{name} choice {i}"):
                failures.append(f"{name}: choice {i} proof fails (not shown to be 0 or 1)")
            sum_a, sum_b = _add(sum_a, alpha), _add(sum_b, beta)
            weighed = (alpha, beta) if weight == 1 else (_mul(weight, alpha), _mul(weight, beta))
            tally[i] = (_add(tally[i][0], weighed[0]), _add(tally[i][1], weighed[1]))
        if not _range_ok(ctx, y, sum_a, sum_b, entry["sum_proof"], least, most, f"{name} sum"):
            failures.append(f"{name}: sum proof fails (not shown to lie in {least}..{most})")
        receipt = _canonical_hash(
            {k: v for k, v in entry.items() if k not in ("receipt", "weight")}
        )
        if entry.get("receipt") != receipt:
            failures.append(f"{name}: receipt is not the hash of the encrypted ballot")
    return failures, tally, votes


def check(board: dict[str, Any], journal_head: str | None = None) -> list[str]:
    """Every failure found on the board, each naming what failed (empty: the board holds)."""
    failures: list[str] = []
    try:
        _check(board, journal_head, failures)
    except (BoardError, KeyError, TypeError, ValueError, AttributeError) as error:
        failures.append(f"malformed board: {error}")
    return failures


def _check_open(board: dict[str, Any], failures: list[str]) -> None:
    """An open vote's board: every name once, every choice one of the candidates, and the
    roll call's weights adding up to the result (a counted vote's result is its own)."""
    candidates = [str(c) for c in board["candidates"]]
    result = [int(v) for v in board["result"]]
    sums = [0] * len(candidates)
    seen: set[str] = set()
    for number, vote in enumerate(board["votes"], start=1):
        person = str(vote["person"])
        if person in seen:
            failures.append(f"vote {number} ({person}): the person voted before")
        seen.add(person)
        weight = int(vote["weight"])
        if weight < 1:
            failures.append(f"vote {number} ({person}): a weight of {weight}")
        choice = vote["choice"]
        if choice is None:
            if result:
                failures.append(f"vote {number} ({person}): no choice, yet the result is shown")
            continue
        if choice not in candidates:
            failures.append(f"vote {number} ({person}): {choice!r} is no candidate")
            continue
        sums[candidates.index(choice)] += weight
    if board["mode"] == "roll-call" and result and sums != result:
        failures.append(f"result: the roll call adds up to {sums}, the board says {result}")


def _check(board: dict[str, Any], journal_head: str | None, failures: list[str]) -> None:
    if board.get("format") == OPEN_FORMAT:
        _check_open(board, failures)
        _check_hash_and_head(board, journal_head, failures)
        return
    if board.get("format") != "soviet-board/1":
        raise BoardError(
            f"format: {board.get('format')!r} is neither soviet-board/1 nor {OPEN_FORMAT}"
        )
    poll, least, most = str(board["poll"]), int(board["least"]), int(board["most"])
    n = len(board["candidates"])
    threshold = int(board["trustees"]["threshold"])
    commitments = [
        [_point(c, f"trustee {j + 1} commitment {t}") for t, c in enumerate(cs)]
        for j, cs in enumerate(board["trustees"]["commitments"])
    ]
    if any(len(cs) != threshold for cs in commitments):
        failures.append("trustees: a trustee's commitments do not number the threshold")
    y = IDENTITY
    for cs in commitments:
        y = _add(y, cs[0])
    if _point(board["public_key"], "public_key") != y:
        failures.append("public_key: not the product of the trustees' constant commitments")
    entries = list(board["ballots"])
    credentials: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        credential = str(entry["credential"])
        if credential in credentials:
            failures.append(
                f"ballot {number} (credential {credential}): the credential cast a ballot before"
            )
        credentials.add(credential)
    # The ballots' proofs are most of the work: checked in parallel on a large board.
    jobs = min(os.cpu_count() or 1, len(entries) // PARALLEL_FROM)
    size = -(-len(entries) // max(jobs, 1))
    chunks = (
        [
            (poll, y, least, most, n, at, entries[at : at + size])
            for at in range(0, len(entries), size)
        ]
        if entries
        else []
    )
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            checked = list(pool.map(_check_ballots, chunks))
    else:
        checked = [_check_ballots(chunk) for chunk in chunks]
    tally = [(IDENTITY, IDENTITY)] * n
    votes = 0  # the ballots' weights added up: no count can pass it
    for found, part, weights in checked:
        failures.extend(found)
        tally = [(_add(t[0], p[0]), _add(t[1], p[1])) for t, p in zip(tally, part, strict=True)]
        votes += weights
    for i, c in enumerate(board["tally"]):
        if (_point(c["alpha"], f"tally {i} alpha"), _point(c["beta"], f"tally {i} beta")) != tally[
            i
        ]:
            failures.append(f"tally: candidate {i} is not the product of the ballots")
    if len(board["tally"]) != n:
        failures.append(f"tally: {len(board['tally'])} entries for {n} candidates")
    good: dict[int, list[bytes]] = {}
    for partial in board["partial_decryptions"]:
        index = int(partial["trustee"])
        if not 1 <= index <= len(commitments):
            failures.append(f"partial decryption: trustee {index} is not one of the trustees")
            continue
        key = IDENTITY
        for cs in commitments:
            key = _add(key, _at(cs, index))
        shares, ok = [], True
        for i, item in enumerate(partial["shares"]):
            share = _point(item["share"], f"trustee {index} share {i}")
            c = _scalar(item["challenge"], f"trustee {index} share {i} challenge")
            s = _scalar(item["response"], f"trustee {index} share {i} response")
            if not _decryption_ok(f"{poll}|trustee {index}", key, tally[i][0], share, c, s):
                failures.append(f"partial decryption: trustee {index}, candidate {i}: proof fails")
                ok = False
            shares.append(share)
        if ok and len(shares) == n:
            good[index] = shares
    if len(good) < threshold:
        failures.append(
            f"decryption: {len(good)} valid partial decryptions, the threshold is {threshold}"
        )
        return
    chosen = sorted(good)[:threshold]
    counts: list[int | None] = []
    for i in range(n):
        combined = IDENTITY
        for j in chosen:
            combined = _add(combined, _mul(_lagrange(j, chosen), good[j][i]))
        counts.append(_log(_sub(tally[i][1], combined), votes * max(most, 1)))
    result = list(board["result"])
    for i, count in enumerate(counts):
        if count is None or i >= len(result) or result[i] != count:
            failures.append(
                f"result: candidate {i} decrypts to {count}, the board says "
                f"{result[i] if i < len(result) else 'nothing'}"
            )
    allocation = board.get("allocation")
    if allocation is not None:
        mine = allocate(
            str(allocation["method"]), [int(v) for v in result], int(allocation["seats"])
        )
        if mine is None:
            failures.append("allocation: a tie decides a seat; this verifier does not break ties")
        elif mine != list(allocation["allocation"]):
            failures.append(
                f"allocation: {allocation['method']} gives {mine}, "
                f"the board says {allocation['allocation']}"
            )
    _check_hash_and_head(board, journal_head, failures)


def _check_hash_and_head(
    board: dict[str, Any], journal_head: str | None, failures: list[str]
) -> None:
    expected = _canonical_hash({k: v for k, v in board.items() if k != "board_hash"})
    if board.get("board_hash") != expected:
        failures.append("board_hash: not the hash of the board's canonical encoding")
    if journal_head is not None and board.get("journal_head") != journal_head:
        failures.append("journal_head: not the head published at the close")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    head = None
    if "--journal-head" in args:
        at = args.index("--journal-head")
        head = args[at + 1] if at + 1 < len(args) else ""
        del args[at : at + 2]
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args and args[0] in ("-h", "--help") else 2
    try:
        with open(args[0], encoding="utf-8") as handle:
            board = json.load(handle)
    except (OSError, ValueError) as error:
        print(f"board: cannot read {args[0]}: {error}", file=sys.stderr)
        return 2
    failures = check(board, head)
    for failure in failures:
        print(f"FAIL {failure}")
    is_open = isinstance(board, dict) and board.get("format") == OPEN_FORMAT
    counted = board.get("votes" if is_open else "ballots", []) if isinstance(board, dict) else []
    status = "FAILED" if failures else "OK"
    what = "votes" if is_open else "ballots"
    print(
        f"{status}: {len(counted)} {what}, {len(failures)} failures, result {board.get('result')}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
