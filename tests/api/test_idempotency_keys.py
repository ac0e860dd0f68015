"""The door's idempotency keys as the store keeps them (store.idempotency), on both
engines: a batch of ballots keeps all its keys in one statement, each replacing a lapsed
one, and finds them again by (account, key)."""

from __future__ import annotations

from soviet.services.bootstrap import open_database
from soviet.store import idempotency


def _kept(account: str, key: str, status: int | None, response: str | None) -> dict[str, object]:
    return {
        "account": account,
        "key": key,
        "request_hash": f"{account}-{key}-{status}",
        "status": status,
        "response": response,
        "at": "1917-10-25T00:00:00.000000Z",
        "until": "1917-10-26T00:00:00.000000Z",
    }


def test_a_batch_keeps_its_keys_at_once_and_finds_them_again(initialised_url: str) -> None:
    with open_database(initialised_url) as db:
        first = [_kept(f"d{n}", "vote-1", 201, f'{{"n": {n}}}') for n in range(300)]
        db.write(lambda c: idempotency.keep_many(c, first))
        again = [
            _kept("d0", "vote-1", 422, None),  # replaces the one kept before
            _kept("d1", "vote-2", None, None),  # in flight: no answer yet
            _kept("d1", "vote-2", 201, "later"),  # the same key twice: the later is kept
        ]
        db.write(lambda c: idempotency.keep_many(c, again))
        db.write(lambda c: idempotency.keep_many(c, []))
        pairs = [("d0", "vote-1"), ("d1", "vote-2"), ("d299", "vote-1"), ("d0", "vote-9")]
        with db.read() as connection:
            found = idempotency.find_many(connection, pairs)
            every = idempotency.find_many(connection, [(f"d{n}", "vote-1") for n in range(300)])
    assert sorted(found) == [("d0", "vote-1"), ("d1", "vote-2"), ("d299", "vote-1")]
    assert (found[("d0", "vote-1")].status, found[("d0", "vote-1")].response) == (422, None)
    assert found[("d1", "vote-2")].status == 201
    assert found[("d1", "vote-2")].response == "later"
    assert found[("d299", "vote-1")].response == '{"n": 299}'
    assert found[("d299", "vote-1")].expires_at == "1917-10-26T00:00:00.000000Z"
    assert len(every) == 300
