"""Tampering with the journal through raw SQL, as an attacker with file access would.

Every edit of any field of any entry, every deletion, swap and truncation is detected,
and `verify` names the first bad sequence number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soviet.domain.identity import SYSTEM
from soviet.domain.journal import ChainReport, Entry, Head, compute_hash
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.store import journal
from soviet.store.database import Database
from soviet.store.schema import journal as journal_table
from soviet.store.schema import journal_head

from ..conftest import ENGINES, drop_postgres_database, fresh_url, unlock_journal

SIZE = 12
T0 = datetime(1917, 2, 27, 9, 0, tzinfo=UTC)
FIELDS = ["seq", "recorded_at", "actor", "kind", "payload", "prev_hash", "hash"]


@dataclass
class Pristine:
    db: Database
    rows: list[Entry]


@pytest.fixture(scope="module", params=ENGINES)
def pristine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pristine]:
    url = fresh_url(request.param, tmp_path_factory.mktemp("tamper"))
    db = open_database(url)
    journal_service.initialise(db, now=lambda: T0, actor=SYSTEM)
    db.write(unlock_journal)  # the forger's first step: the triggers refuse every edit
    for index in range(1, SIZE):
        at = T0 + timedelta(hours=index)
        db.write(
            lambda c, at=at, i=index: journal.append(
                c, at=at, actor=f"delegate-{i}", kind="NoteRecorded", payload={"i": i}
            )
        )
    yield Pristine(db, journal_service.tail(db, SIZE, actor=SYSTEM))
    db.dispose()
    if request.param == "postgresql":
        drop_postgres_database(url)


def restore(p: Pristine) -> None:
    def act(c: sa.engine.Connection) -> None:
        c.execute(journal_table.delete())
        c.execute(journal_table.insert(), [vars(e) for e in p.rows])
        c.execute(journal_head.update().values(seq=p.rows[-1].seq, hash=p.rows[-1].hash))

    p.db.write(act)


def raw(p: Pristine, *statements: tuple[str, dict[str, object]]) -> None:
    def act(c: sa.engine.Connection) -> None:
        for sql, params in statements:
            c.execute(sa.text(sql), params)

    p.db.write(act)


def check(p: Pristine, remembered: Head | None = None) -> ChainReport:
    heads = [("remembered head", remembered)] if remembered else []
    with p.db.read() as connection:
        return journal.verify(connection, heads)


def new_value(field: str, old: object, data: st.DataObject) -> object:
    if field == "seq":
        return data.draw(st.integers(SIZE + 1, 10**12) | st.integers(-(10**6), 0))
    # Any text that both engines can store in the column (no NUL, within its length).
    alphabet = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
    text = st.text(alphabet=alphabet, max_size=32)
    return data.draw(text.filter(lambda t: t != old), label="new")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_edit_of_any_field_is_caught_at_that_entry(
    pristine: Pristine, data: st.DataObject
) -> None:
    restore(pristine)
    seq = data.draw(st.integers(1, SIZE), label="seq")
    field = data.draw(st.sampled_from(FIELDS), label="field")
    old = getattr(pristine.rows[seq - 1], field)
    value = new_value(field, old, data)
    raw(pristine, (f"UPDATE journal SET {field} = :v WHERE seq = :s", {"v": value, "s": seq}))
    report = check(pristine)
    assert report.problem is not None
    assert report.problem.seq == seq, str(report.problem)


@settings(max_examples=30, deadline=None)
@given(seq=st.integers(1, SIZE))
def test_a_deleted_entry_is_named(pristine: Pristine, seq: int) -> None:
    restore(pristine)
    raw(pristine, ("DELETE FROM journal WHERE seq = :s", {"s": seq}))
    report = check(pristine)
    assert report.problem is not None
    assert report.problem.seq == seq
    assert "missing" in report.problem.reason


@settings(max_examples=30, deadline=None)
@given(pair=st.lists(st.integers(1, SIZE), min_size=2, max_size=2, unique=True))
def test_swapped_entries_are_caught_at_the_first(pristine: Pristine, pair: list[int]) -> None:
    restore(pristine)
    first, second = sorted(pair)
    a, b = pristine.rows[first - 1], pristine.rows[second - 1]
    columns = ", ".join(f"{f} = :{f}" for f in FIELDS if f != "seq")
    values = {f: getattr(b, f) for f in FIELDS if f != "seq"}
    others = {f: getattr(a, f) for f in FIELDS if f != "seq"}
    raw(
        pristine,
        ("UPDATE journal SET hash = 'moving' WHERE seq = :s", {"s": second}),
        (f"UPDATE journal SET {columns} WHERE seq = :seq", {**values, "seq": first}),
        (f"UPDATE journal SET {columns} WHERE seq = :seq", {**others, "seq": second}),
    )
    report = check(pristine)
    assert report.problem is not None
    assert report.problem.seq == first
    assert "reordered" in report.problem.reason


@settings(max_examples=20, deadline=None)
@given(pair=st.lists(st.integers(1, SIZE), min_size=2, max_size=2, unique=True))
def test_swapped_sequence_numbers_are_caught_at_the_first(
    pristine: Pristine, pair: list[int]
) -> None:
    restore(pristine)
    first, second = sorted(pair)
    raw(
        pristine,
        ("UPDATE journal SET seq = -1 WHERE seq = :s", {"s": first}),
        ("UPDATE journal SET seq = :f WHERE seq = :s", {"f": first, "s": second}),
        ("UPDATE journal SET seq = :s WHERE seq = -1", {"s": second}),
    )
    report = check(pristine)
    assert report.problem is not None
    assert report.problem.seq == first
    assert "reordered" in report.problem.reason


@settings(max_examples=20, deadline=None)
@given(keep=st.integers(0, SIZE - 1))
def test_truncation_is_caught_against_the_head_record(pristine: Pristine, keep: int) -> None:
    restore(pristine)
    raw(pristine, ("DELETE FROM journal WHERE seq > :k", {"k": keep}))
    report = check(pristine)
    assert report.problem is not None
    assert report.problem.seq == keep + 1
    assert "truncated" in report.problem.reason


@settings(max_examples=20, deadline=None)
@given(keep=st.integers(0, SIZE - 1))
def test_truncation_with_a_forged_head_record_is_caught_against_the_witness(
    pristine: Pristine, keep: int
) -> None:
    restore(pristine)
    remembered = Head(pristine.rows[-1].seq, pristine.rows[-1].hash)
    forged = pristine.rows[keep - 1] if keep else None
    raw(
        pristine,
        ("DELETE FROM journal WHERE seq > :k", {"k": keep}),
        (
            "UPDATE journal_head SET seq = :s, hash = :h",
            {"s": keep, "h": forged.hash if forged else "0" * 64},
        ),
    )
    assert check(pristine).is_intact  # without a witness the cut cannot be seen
    report = check(pristine, remembered)
    assert report.problem is not None
    assert report.problem.seq == keep + 1
    assert "remembered head" in report.problem.reason


def test_an_entry_rewritten_with_a_recomputed_hash_breaks_the_next_link(
    pristine: Pristine,
) -> None:
    restore(pristine)
    victim = pristine.rows[4]
    forged_hash = compute_hash(
        seq=victim.seq,
        recorded_at=victim.recorded_at,
        actor="forger",
        kind=victim.kind,
        payload=victim.data(),
        prev_hash=victim.prev_hash,
    )
    raw(
        pristine,
        (
            "UPDATE journal SET actor = 'forger', hash = :h WHERE seq = :s",
            {"h": forged_hash, "s": victim.seq},
        ),
    )
    report = check(pristine)
    assert str(report.problem) == (
        f"entry {victim.seq + 1}: does not follow entry {victim.seq}: "
        "its previous hash does not match (replaced)"
    )


def test_verify_reports_through_the_service_with_a_witness(
    pristine: Pristine, tmp_path: Path
) -> None:
    restore(pristine)
    witness = tmp_path / "w.json"
    assert journal_service.verify(pristine.db, witness=witness, actor=SYSTEM).is_intact
    raw(
        pristine,
        ("DELETE FROM journal WHERE seq = :s", {"s": SIZE}),
        (
            "UPDATE journal_head SET seq = :s, hash = :h",
            {"s": SIZE - 1, "h": pristine.rows[-2].hash},
        ),
    )
    report = journal_service.verify(pristine.db, witness=witness, actor=SYSTEM)
    assert str(report.problem) == (
        f"entry {SIZE}: missing: the journal ends at entry {SIZE - 1} but the remembered head "
        f"is entry {SIZE} (truncated)"
    )
