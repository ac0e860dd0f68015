"""Polls through the `soviet` command, on SQLite and PostgreSQL: a poll whose results the
statute withholds shows no tally in any output until `soviet poll publish`; a practice
poll; refusals naming the poll's state; `soviet journal follow` shows no choice before
publication."""

from __future__ import annotations

import json

from soviet.services.bootstrap import open_database

from ..integration.sessions.plenary import SOVIET, found_plenary
from .test_cli_sessions import as_json, ok, refused

CHOICES = ["yes", "yes", "yes", "no", "no", "abstain"]


def found(url: str, **sessions: str) -> str:
    """The federation with the given plenary rules, and a session with everyone in."""
    db = open_database(url)
    try:
        found_plenary(db, quorum="majority", **sessions)
    finally:
        db.dispose()
    session = ok(url, "session", "convene", "petrograd-soviet", "--agenda", "Peace").split()[1]
    ok(url, "session", "check-in", session, *SOVIET)
    return session


def move(url: str, session: str, slug: str) -> str:
    address = f"petrograd-soviet/{slug}"
    ok(url, "motion", "move", address, "--session", session, "--title", slug.title(),
       "--text", "A just peace.", "--by-delegate", "b1")  # fmt: skip
    return address


def test_withheld_results_through_the_command_line(db_url: str) -> None:
    session = found(db_url, results="on-publication")
    address = move(db_url, session, "peace")
    start = as_json(db_url, "journal", "tail", "-n", "1")[0]["seq"]
    ok(db_url, "vote", "open", address)
    for person, choice in zip(SOVIET, CHOICES, strict=True):
        ok(db_url, "vote", "cast", address, person, choice, "--as", person)
    closed = as_json(db_url, "vote", "close", address)
    assert (closed["withheld"], closed["yes"], closed["adopted"]) == (True, None, None)
    report = as_json(db_url, "poll", "show", address)
    assert (report["state"], report["entitled"], report["present"], report["ballots"]) == (
        "closed", 6, 6, 6,
    )  # fmt: skip
    assert (report["yes"], report["cast"], report["base"]) == (None, None, None)
    shown = as_json(db_url, "motion", "show", address)
    assert (shown["status"], shown["yes"], "roll_call" in shown) == ("closed", None, False)
    printed = ok(db_url, "motion", "show", address) + ok(db_url, "poll", "show", address)
    assert "withheld until the chair publishes them" in printed
    assert "yes 3" not in printed
    followed = ok(db_url, "journal", "follow", "--after", str(start), "--count", "8", "--json")
    notices = [json.loads(line) for line in followed.splitlines()]
    assert [n["kind"] for n in notices][-1] == "PollClosed"
    assert not [n for n in notices if {"choice", "yes", "counts"} & set(n["fields"])]
    published = as_json(db_url, "poll", "publish", address)
    assert (published["yes"], published["no"], published["abstain"]) == (3, 2, 1)
    assert (published["adopted"], published["resolution"], published["withheld"]) == (
        True, 1, False,
    )  # fmt: skip
    report = as_json(db_url, "poll", "show", address)
    assert (report["state"], report["cast"], report["valid"], report["yes"]) == (
        "published", 6, 6, 3,
    )  # fmt: skip
    assert (report["base"], report["base_size"], report["needed"]) == ("cast", 5, 3)
    assert "adopted: 3 yes needed of 5 cast" in ok(db_url, "poll", "show", address)
    assert refused(db_url, 5, "poll", "publish", address).startswith(
        "the poll on 'petrograd-soviet/peace' is published: its results were published by the chair"
    )


def test_a_practice_poll_and_refused_transitions_through_the_command_line(db_url: str) -> None:
    session = found(db_url)
    address = move(db_url, session, "rehearsal")
    assert refused(db_url, 6, "poll", "publish", address).startswith(
        "the poll on 'petrograd-soviet/rehearsal' is created"
    )
    assert "practice" in ok(db_url, "vote", "open", address, "--practice", "--mode", "secret")
    assert refused(db_url, 6, "poll", "publish", address).startswith(
        "the poll on 'petrograd-soviet/rehearsal' is open: close it before publishing"
    )
    for person in SOVIET:
        ok(db_url, "vote", "cast", address, person, "yes", "--as", person)
    closed = as_json(db_url, "vote", "close", address)
    assert (closed["resolution"], closed["yes"]) == (None, 6)
    shown = as_json(db_url, "motion", "show", address)
    assert (shown["status"], shown["poll"]["practice"]) == ("practice", True)
    assert as_json(db_url, "resolution", "list", "petrograd-soviet")["items"] == []
    assert refused(db_url, 5, "poll", "publish", address).endswith(
        "its results were published at its close (at " + shown["poll"]["closed_at"] + ")"
    )
    assert "--practice" in ok(db_url, "vote", "open", "--help")
    for command in (["poll"], ["poll", "show"], ["poll", "publish"]):
        assert "Usage" in ok(db_url, *command, "--help")
