"""The orderings of a list of speakers, as properties over any list hypothesis can build:
a point of order is always next; fewer-contributions-first never lets anyone speak twice
before one who asked earlier has spoken once; pro and contra alternate while both sides
wait. And the statute's `sessions.speakers` as parsed, refused and written back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soviet.domain.journal import format_time
from soviet.domain.rules import SPEAKER_ORDERS, SpeakerGroup, SpeakersRule
from soviet.domain.speakers import (
    KINDS,
    POINT_OF_ORDER,
    REPLY,
    SPEECH,
    STANCES,
    Request,
    next_to_call,
    order,
)
from soviet.domain.statute import parse_statute
from soviet.domain.statute_text import statute_document
from soviet.errors import InvalidInput

T0 = datetime(1917, 10, 25, 21, tzinfo=UTC)
PERSONS = [f"d{n}" for n in range(8)]
FRACTIONS = ["bolsheviks", "mensheviks", None]


def moment(second: int) -> str:
    return format_time(T0 + timedelta(seconds=second))


RULES = st.builds(
    SpeakersRule,
    order=st.sampled_from(SPEAKER_ORDERS),
    priority=st.sampled_from([(), ("first-time",), ("women", "first-time"), ("women",)]),
    groups=st.just((SpeakerGroup("women", frozenset({"d1", "d4", "d6"})),)),
)


@st.composite
def lists(draw: st.DrawFn) -> list[Request]:
    """Requests in any state: waiting, heard, being heard (one at most), withdrawn."""
    found: list[Request] = []
    speaking = False
    for i in range(draw(st.integers(0, 14))):
        state = draw(st.sampled_from(["waiting", "heard", "speaking", "withdrawn"]))
        if state == "speaking" and speaking:
            state = "heard"
        speaking = speaking or state == "speaking"
        person = draw(st.sampled_from(PERSONS))
        found.append(
            Request(
                id=i + 1,
                person=person,
                fraction=FRACTIONS[PERSONS.index(person) % 3],
                kind=draw(st.sampled_from(KINDS)),
                stance=draw(st.sampled_from(STANCES)),
                requested_at=moment(draw(st.integers(0, 50))),
                started_at=None if state in ("waiting", "withdrawn") else moment(60 + i),
                ended_at=moment(61 + i) if state == "heard" else None,
                removed_at=moment(60 + i) if state == "withdrawn" else None,
            )
        )
    return found


@settings(max_examples=300, deadline=None)
@given(lists(), RULES)
def test_a_point_of_order_is_always_next_then_a_reply(
    requests: list[Request], rule: SpeakersRule
) -> None:
    ordered = order(requests, rule)
    waiting = [r for r in requests if r.is_waiting]
    assert sorted(r.id for r in ordered) == sorted(r.id for r in waiting)
    kinds = [r.kind for r in ordered]
    points = kinds.count(POINT_OF_ORDER)
    replies = kinds.count(REPLY)
    assert kinds[:points] == [POINT_OF_ORDER] * points
    assert kinds[points : points + replies] == [REPLY] * replies
    if points:
        first = min(
            (r for r in waiting if r.kind == POINT_OF_ORDER), key=lambda r: (r.requested_at, r.id)
        )
        assert ordered[0] == first


Step = tuple[str, int, str]
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("ask"), st.integers(0, len(PERSONS) - 1), st.sampled_from(STANCES)),
        st.tuples(st.just("call"), st.just(0), st.just("")),
        st.tuples(st.just("order"), st.integers(0, len(PERSONS) - 1), st.just("")),
    ),
    max_size=60,
)


def _run(steps: list[Step], rule: SpeakersRule) -> list[tuple[Request, list[Request]]]:
    """Play asks, points of order and calls (each speech heard at once); return each call
    with the list as it stood when the speaker was called."""
    requests: list[Request] = []
    calls: list[tuple[Request, list[Request]]] = []
    for second, (what, who, stance) in enumerate(steps):
        person = PERSONS[who]
        now = moment(second)
        if what in ("ask", "order"):
            kind = SPEECH if what == "ask" else POINT_OF_ORDER
            if any(r.person == person and r.kind == kind and r.is_waiting for r in requests):
                continue
            fraction = FRACTIONS[who % 3]
            new = Request(len(requests) + 1, person, fraction, kind, stance or "neutral", now)
            requests.append(new)
            continue
        if not any(r.is_waiting for r in requests):
            continue
        called = next_to_call(requests, rule, now)
        calls.append((called, list(requests)))
        heard = replace(called, started_at=now, ended_at=now)
        requests = [heard if r.id == called.id else r for r in requests]
    return calls


@settings(max_examples=300, deadline=None)
@given(STEPS)
def test_fewer_contributions_first_never_lets_anyone_speak_twice_before_an_earlier_first(
    steps: list[Step],
) -> None:
    # "One who asked earlier": earlier than the moment the other is called again, whether
    # before or after that other's second request (in order of request, she would wait).
    rule = SpeakersRule(order="fewer-contributions")
    for called, before in _run(steps, rule):
        if called.kind != SPEECH:
            continue
        spoken = {r.person for r in before if r.started_at is not None and r.kind == SPEECH}
        if called.person not in spoken:
            continue
        passed_over = [
            r for r in before if r.is_waiting and r.kind == SPEECH and r.person not in spoken
        ]
        assert passed_over == [], f"{called.person} spoke again before {passed_over[0].person}"


@settings(max_examples=300, deadline=None)
@given(STEPS)
def test_pro_and_contra_alternate_while_both_sides_wait(steps: list[Step]) -> None:
    rule = SpeakersRule(order="alternating")
    last: str | None = None
    for called, before in _run(steps, rule):
        if called.kind != SPEECH or called.stance == "neutral":
            continue
        sides = {r.stance for r in before if r.is_waiting and r.kind == SPEECH}
        if last is not None and {"pro", "contra"} <= sides:
            assert called.stance != last, f"two {last} speakers in a row while both sides wait"
        last = called.stance


@settings(max_examples=200, deadline=None)
@given(lists(), RULES)
def test_the_order_of_the_whole_list_alternates_while_both_sides_remain(
    requests: list[Request], rule: SpeakersRule
) -> None:
    rule = replace(rule, order="alternating")
    speeches = [r for r in order(requests, rule) if r.kind == SPEECH and r.stance != "neutral"]
    for i in range(1, len(speeches)):
        rest = {r.stance for r in speeches[i - 1 :]}
        if rest == {"pro", "contra"}:
            assert speeches[i].stance != speeches[i - 1].stance


@settings(max_examples=200, deadline=None)
@given(lists())
def test_priority_groups_speak_first_then_the_rest_in_order_of_request(
    requests: list[Request],
) -> None:
    rule = SpeakersRule(
        order="priority",
        priority=("women",),
        groups=(SpeakerGroup("women", frozenset({"d1", "d4", "d6"})),),
    )
    speeches = [r for r in order(requests, rule) if r.kind == SPEECH]
    ranks = [0 if r.person in {"d1", "d4", "d6"} else 1 for r in speeches]
    assert ranks == sorted(ranks)
    for rank in (0, 1):
        times = [(r.requested_at, r.id) for r, k in zip(speeches, ranks, strict=True) if k == rank]
        assert times == sorted(times)


def test_a_move_puts_a_speaker_before_another_and_stays_when_the_rest_reorders() -> None:
    rule = SpeakersRule(order="request")
    requests = [Request(n, f"d{n}", None, SPEECH, "neutral", moment(n)) for n in range(1, 5)]
    requests[3] = replace(requests[3], is_moved=True, before=2, moved_seq=10)
    assert [r.person for r in order(requests, rule)] == ["d1", "d4", "d2", "d3"]
    requests[1] = replace(requests[1], removed_at=moment(9))
    assert [r.person for r in order(requests, rule)] == ["d4", "d1", "d3"]
    requests[0] = replace(requests[0], is_moved=True, before=None, moved_seq=11)
    assert [r.person for r in order(requests, rule)] == ["d4", "d3", "d1"]


def test_a_fraction_over_its_time_waits_behind_the_rest() -> None:
    rule = SpeakersRule(fraction_seconds=60)
    requests = [
        Request(1, "d1", "sr", SPEECH, "pro", moment(0), moment(1), moment(61)),
        Request(2, "d2", "sr", SPEECH, "pro", moment(2)),
        Request(3, "d3", "kd", SPEECH, "pro", moment(3)),
    ]
    assert next_to_call(requests, rule, moment(70)).person == "d3"


STATUTE = {
    "federation": {"slug": "congress", "name": "Congress", "administrators": ["chair"]},
    "constituency_kinds": {"union": {"name": "Union"}},
    "councils": {
        "congress": {
            "name": "Congress",
            "delegates": {"union": {"per_voters": 100}},
            "sessions": {"speakers": {}},
        }
    },
}


def _with_speakers(speakers: object) -> dict[str, object]:
    document = {**STATUTE, "councils": {"congress": {**STATUTE["councils"]["congress"]}}}  # type: ignore[dict-item]
    document["councils"]["congress"]["sessions"] = {"speakers": speakers}  # type: ignore[index]
    return document


def test_the_statute_names_the_ordering_groups_and_limits_and_writes_them_back() -> None:
    speakers = {
        "order": "priority",
        "priority": ["youth", "first-time"],
        "groups": {"youth": ["ana", "ben"]},
        "speech_seconds": 180,
        "fraction_seconds": 1200,
    }
    statute = parse_statute(_with_speakers(speakers))
    rule = statute.councils["congress"].sessions.speakers
    assert rule == SpeakersRule(
        "priority",
        ("youth", "first-time"),
        (SpeakerGroup("youth", frozenset({"ana", "ben"})),),
        180,
        1200,
    )
    assert parse_statute(statute_document(statute)) == statute
    assert (
        parse_statute(_with_speakers({})).councils["congress"].sessions.speakers == SpeakersRule()
    )


def test_bad_speakers_rules_are_reported_at_once() -> None:
    bad = {
        "order": "loudest",
        "priority": ["elders"],
        "groups": {"youth": "ana"},
        "speech_seconds": 0,
        "fraction_seconds": 100_000,
        "chair": "x",
    }
    with pytest.raises(InvalidInput) as raised:
        parse_statute(_with_speakers(bad))
    path = "councils.congress.sessions.speakers"
    assert str(raised.value).split("\n  ") == [
        "statute has 6 problems:",
        f"{path}.chair: unknown key; expected one of order, priority, groups, speech_seconds, "
        "fraction_seconds",
        f"{path}.groups.youth: must be a list of persons, got str 'ana'",
        f"{path}.order: must be one of request, fewer-contributions, alternating, priority, "
        "got str 'loudest'",
        f"{path}.priority[0]: must be one of first-time, got str 'elders'",
        f"{path}.speech_seconds: must be an integer of at least 1, got int 0",
        f"{path}.fraction_seconds: must be an integer of at most 86400, got 100000",
    ]
