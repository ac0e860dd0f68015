"""Idempotency keys in the database, on both engines: claimed before the act, answered
after it, in flight while unanswered, refused for another request, and lapsed after the
lease or the 24 hours they are kept."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from soviet.domain.identity import SYSTEM
from soviet.services import idempotency
from soviet.services import journal as journal_service
from soviet.services.bootstrap import Database, open_database
from soviet.services.idempotency import KEPT, LEASE, Claim, State

NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
FIRST = idempotency.fingerprint("POST", "/api/v1/x", {"choice": "yes"})
OTHER = idempotency.fingerprint("POST", "/api/v1/x", {"choice": "no"})


def at(moment: datetime) -> idempotency.Clock:
    return lambda: moment


@pytest.fixture
def db(initialised_url: str) -> Iterator[Database]:
    with open_database(initialised_url) as opened:
        yield opened


def claim(db: Database, key: str, fingerprint: str, moment: datetime = NOON) -> Claim:
    return idempotency.claim(db, "ivanova", key, fingerprint, now=at(moment))


def test_a_fingerprint_is_of_method_path_and_canonical_body() -> None:
    assert idempotency.fingerprint("post", "/a", {"b": 1, "a": 2}) == idempotency.fingerprint(
        "POST", "/a", {"a": 2, "b": 1}
    )
    assert idempotency.fingerprint("POST", "/a", {}) != idempotency.fingerprint("PUT", "/a", {})
    assert idempotency.fingerprint("POST", "/a", {}) != idempotency.fingerprint("POST", "/b", {})
    assert len(FIRST) == 64


def test_a_key_is_claimed_then_in_flight_then_answered(db: Database) -> None:
    assert claim(db, "k1", FIRST).state is State.CLAIMED
    assert claim(db, "k1", FIRST).state is State.IN_FLIGHT
    assert claim(db, "k1", OTHER).state is State.REUSED
    idempotency.answer(db, "ivanova", "k1", FIRST, status=201, response='{"a":1}', now=at(NOON))
    assert claim(db, "k1", FIRST) == Claim(State.ANSWERED, 201, '{"a":1}')
    assert claim(db, "k1", OTHER).state is State.REUSED


def test_keys_are_the_account_s_own(db: Database) -> None:
    assert claim(db, "k1", FIRST).state is State.CLAIMED
    other = idempotency.claim(db, "petrova", "k1", FIRST, now=at(NOON))
    assert other.state is State.CLAIMED


def test_a_claim_whose_worker_died_lapses_after_its_lease(db: Database) -> None:
    assert claim(db, "k1", FIRST).state is State.CLAIMED
    assert claim(db, "k1", FIRST, NOON + LEASE).state is State.IN_FLIGHT
    later = NOON + LEASE + timedelta(seconds=1)
    assert claim(db, "k1", FIRST, later).state is State.CLAIMED


def test_an_answer_is_kept_for_its_retries_for_24_hours(db: Database) -> None:
    assert claim(db, "k1", FIRST).state is State.CLAIMED
    idempotency.answer(db, "ivanova", "k1", FIRST, status=200, response="{}", now=at(NOON))
    assert claim(db, "k1", OTHER, NOON + KEPT).state is State.REUSED
    assert claim(db, "k1", OTHER, NOON + KEPT + timedelta(seconds=1)).state is State.CLAIMED
    assert idempotency.purge(db, now=at(NOON + 2 * KEPT)) == 1
    assert claim(db, "k1", FIRST, NOON + 2 * KEPT).state is State.CLAIMED


def test_new_claims_forget_lapsed_keys_a_few_at_a_time(db: Database) -> None:
    for n in range(10):
        assert claim(db, f"old-{n}", FIRST).state is State.CLAIMED
    later = NOON + LEASE + timedelta(seconds=1)
    assert claim(db, "new-1", FIRST, later).state is State.CLAIMED
    assert claim(db, "new-2", FIRST, later).state is State.CLAIMED
    # Two claims forgot 2 x PURGED_PER_CLAIM of the ten lapsed keys; two new ones stand.
    left = idempotency.purge(db, now=at(later))
    assert left == 10 - 2 * idempotency.PURGED_PER_CLAIM


def test_a_released_claim_lets_the_retry_act(db: Database) -> None:
    assert claim(db, "k1", FIRST).state is State.CLAIMED
    idempotency.release(db, "ivanova", "k1", FIRST)
    assert claim(db, "k1", FIRST).state is State.CLAIMED


def test_a_late_answer_never_overwrites_a_claim_taken_over(db: Database) -> None:
    assert claim(db, "k1", FIRST).state is State.CLAIMED
    later = NOON + LEASE + timedelta(seconds=1)
    idempotency.release(db, "ivanova", "k1", FIRST)
    assert claim(db, "k1", OTHER, later).state is State.CLAIMED
    idempotency.answer(db, "ivanova", "k1", FIRST, status=201, response="{}", now=at(later))
    assert claim(db, "k1", OTHER, later).state is State.IN_FLIGHT


def test_fifty_claims_of_one_key_at_once_give_it_to_one(db: Database) -> None:
    with ThreadPoolExecutor(max_workers=16) as pool:
        found = list(pool.map(lambda _: claim(db, "k1", FIRST).state, range(50)))
    assert found.count(State.CLAIMED) == 1
    assert found.count(State.IN_FLIGHT) == 49


def test_a_receipt_is_the_last_entry_an_act_committed(db: Database) -> None:
    def note() -> int:
        journal_service.initialise(db, actor=SYSTEM)  # already initialised: commits nothing
        return 7

    result, receipt = idempotency.receipted(note)
    assert (result, receipt) == (7, None)
    statute = {
        "federation": {"slug": "union", "name": "Union", "administrators": []},
        "constituency_kinds": {"shop": {"name": "Shop"}},
        "councils": {"conference": {"name": "Conference", "delegates": {"shop": {"fixed": 3}}}},
    }
    from soviet.services.statutes import apply_statute

    change, receipt = idempotency.receipted(lambda: apply_statute(db, statute, actor=SYSTEM))
    last = journal_service.tail(db, 1, actor=SYSTEM)[-1]
    assert receipt == idempotency.Receipt(last.seq, last.hash)
    assert change.receipt == last.hash
