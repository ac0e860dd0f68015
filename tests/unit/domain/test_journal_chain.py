"""The journal's rules without a database: sealing, canonical JSON and checking a chain."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soviet.domain.journal import (
    EMPTY_HEAD,
    GENESIS_HASH,
    Entry,
    Head,
    canonical_json,
    check_chain,
    compute_hash,
    hash_of_text,
    seal,
)
from soviet.errors import InvalidInput

T0 = datetime(1917, 9, 25, 12, 0, tzinfo=UTC)


def chain(length: int) -> list[Entry]:
    entries: list[Entry] = []
    head = EMPTY_HEAD
    for index in range(length):
        entry = seal(
            head,
            at=T0 + timedelta(seconds=index),
            actor="secretariat",
            kind="NoteRecorded",
            payload={"index": index, "text": "Мир, хлеб, земля"},
        )
        entries.append(entry)
        head = Head(entry.seq, entry.hash)
    return entries


def test_seal_links_to_the_head_and_formats_time_in_utc() -> None:
    moscow = timezone(timedelta(hours=3))
    entry = seal(EMPTY_HEAD, at=T0.astimezone(moscow), actor="a", kind="NoteRecorded", payload={})
    assert (entry.seq, entry.prev_hash, entry.recorded_at) == (
        1,
        GENESIS_HASH,
        "1917-09-25T12:00:00.000000Z",
    )
    assert len(entry.hash) == 64


def test_canonical_json_sorts_keys_and_keeps_unicode() -> None:
    assert canonical_json({"b": 1, "a": ["ж", None, True]}) == '{"a":["ж",null,true],"b":1}'


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            {"share": 0.5},
            "payload.share: float cannot be journaled exactly; use int, str, bool, "
            "null, lists and objects (write fractions and decimals as strings)",
        ),
        ({"list": [1, {2: "x"}]}, "payload.list[1]: key 2 is not a string"),
    ],
)
def test_payloads_that_cannot_be_journaled_exactly_are_refused(
    payload: object, message: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        seal(EMPTY_HEAD, at=T0, actor="a", kind="NoteRecorded", payload=payload)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("actor", "kind", "at", "message"),
    [
        ("", "NoteRecorded", T0, "actor: '' must be 1 to 200 characters"),
        (
            "a",
            "note recorded",
            T0,
            "kind: 'note recorded' must be a CamelCase name of up to 100 characters",
        ),
        (
            "a",
            "NoteRecorded",
            T0.replace(tzinfo=None),
            "recorded_at: a journal time must carry its time zone",
        ),
    ],
)
def test_bad_entries_are_refused(actor: str, kind: str, at: datetime, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        seal(EMPTY_HEAD, at=at, actor=actor, kind=kind, payload={})
    assert str(raised.value) == message


def test_an_intact_chain_reports_its_length_and_head() -> None:
    entries = chain(5)
    report = check_chain(entries, end=Head(5, entries[-1].hash))
    assert report.is_intact
    assert report.count == 5
    assert report.head == Head(5, entries[-1].hash)


def test_an_empty_chain_is_intact() -> None:
    assert check_chain([], end=EMPTY_HEAD).head == EMPTY_HEAD


FIELDS = ["recorded_at", "actor", "kind", "payload", "prev_hash", "hash"]


@given(
    seq=st.integers(1, 20),
    field=st.sampled_from(FIELDS),
    value=st.text(max_size=80),
)
def test_any_edit_of_a_text_field_is_caught_at_that_entry(seq: int, field: str, value: str) -> None:
    entries = chain(20)
    original = entries[seq - 1]
    if getattr(original, field) == value:
        return
    entries[seq - 1] = dataclasses.replace(original, **{field: value})
    report = check_chain(entries, end=Head(20, entries[-1].hash))
    assert report.problem is not None
    assert report.problem.seq == seq


def test_an_entry_appended_past_the_head_record_is_named() -> None:
    entries = chain(4)
    report = check_chain(entries, end=Head(3, entries[2].hash))
    assert str(report.problem) == (
        "entry 4: not in the database's head record, which ends at entry 3 "
        "(appended outside soviet)"
    )


def test_an_entry_renumbered_below_one_is_named_with_the_gap() -> None:
    entries = chain(4)
    moved = dataclasses.replace(entries[1], seq=-5)
    report = check_chain([moved, entries[0], *entries[2:]], end=Head(4, entries[-1].hash))
    assert str(report.problem) == (
        "entry 2: missing (gap: the next entry is 3); entries numbered -5 are out of place"
    )


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(payload=JSON, actor=st.text(min_size=1), seq=st.integers(1, 10**12))
def test_the_hash_of_a_canonical_text_is_the_hash_of_the_whole_record(
    payload: object, actor: str, seq: int
) -> None:
    fields = {
        "seq": seq,
        "recorded_at": "1917-10-25T00:00:00.000000Z",
        "actor": actor,
        "kind": "NoteRecorded",
        "prev_hash": GENESIS_HASH,
    }
    whole = hashlib.sha256(canonical_json({**fields, "payload": payload}).encode()).hexdigest()
    assert compute_hash(payload=payload, **fields) == whole  # type: ignore[arg-type]
    assert hash_of_text(payload_text=canonical_json(payload), **fields) == whole  # type: ignore[arg-type]
