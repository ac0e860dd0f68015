"""The attacks of issue 17 on secret votes, by whoever holds the database, on both engines.

The watcher reads every row of every table after each ballot (what the write-ahead log of a
long-running process, a backup taken during the vote, or PostgreSQL's pageinspect show):
whatever changed with one ballot is linked to the delegate whose vote the journal records
in it. On a secret vote counted in the clear the changed counter names her choice, every
time; on a sealed vote nothing that changes holds a choice. On PostgreSQL the plain `xmin`
of the box's counters is the last ballot's transaction (each ballot rewrites all of them,
so it names that voter, not her choice); a sealed vote has no counter to read. Sealed
elections and sealed recall votes are watched the same way: nothing that changes with a
ballot names a party, recall or keep.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from soviet.domain.identity import SYSTEM
from soviet.services import sealed, sealed_elections, sealed_recalls
from soviet.services.bootstrap import open_database
from soviet.services.elections import open_election
from soviet.services.mandates import sign_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.registers import count_electorate
from soviet.services.statutes import apply_statute
from soviet.services.votes import cast_vote, open_vote
from soviet.store.database import Database

from ...conftest import create_postgres_database, drop_postgres_database
from .conftest import seal_the_soviet
from .plenary import SOVIET, found_plenary, sitting, statute

CHOICES = {"b1": "yes", "b2": "no", "b3": "yes", "b4": "abstain", "m1": "no", "s1": "yes"}
WORDS = ("yes", "no", "abstain")

Rows = dict[str, set[tuple[Any, ...]]]


def everything(db: Database) -> Rows:
    """Every row of every table, as the database's holder reads them."""
    with db.read() as connection:
        tables = sa.inspect(connection).get_table_names()
        return {
            table: {tuple(row) for row in connection.execute(sa.text(f'SELECT * FROM "{table}"'))}
            for table in tables
        }


def _names_a_choice(value: Any, words: tuple[str, ...]) -> str | None:
    if isinstance(value, str):
        if value in words:
            return value
        for word in words:
            if f'"{word}"' in value:
                return word
    return None


def watch(
    db: Database,
    cast: Callable[[str, str], None],
    choices: dict[str, str] = CHOICES,
    words: tuple[str, ...] = WORDS,
) -> dict[str, str]:
    """Cast every voter's ballot, reading everything after each: the choices the rows that
    changed with her ballot name (her journal entry names her)."""
    linked = {}
    before = everything(db)
    for person, choice in choices.items():
        cast(person, choice)
        after = everything(db)
        changed = [row for table in after for row in after[table] - before.get(table, set())]
        named = {_names_a_choice(value, words) for row in changed for value in row} - {None}
        if len(named) == 1:
            linked[person] = named.pop()
        before = after
    return linked


def motion(db: Database, slug: str, mode: str) -> str:
    session = sitting(db, persons=SOVIET)
    spec = MotionSpec(slug, slug.title(), "Text.", mover_kind="delegate", mover="b1")
    move_motion(db, "petrograd-soviet", session, spec, actor=SYSTEM)
    open_vote(db, f"petrograd-soviet/{slug}", mode, actor=SYSTEM)
    return f"petrograd-soviet/{slug}"


def test_the_watcher_links_every_ballot_counted_in_the_clear(plenary_db: Database) -> None:
    address = motion(plenary_db, "peace", "secret")
    assert sealed.sealing(plenary_db, address, actor=SYSTEM) is None

    def cast(person: str, choice: str) -> None:
        cast_vote(plenary_db, address, person, choice, actor=SYSTEM)

    assert watch(plenary_db, cast) == CHOICES  # 6 of 6: why sealed votes exist


def test_the_watcher_links_no_sealed_ballot_to_a_choice(sealed_db: Database) -> None:
    address = motion(sealed_db, "peace", "secret")
    terms = sealed.sealing(sealed_db, address, actor=SYSTEM)
    assert terms is not None

    def cast(person: str, choice: str) -> None:
        made, _ = sealed.encrypt(terms, choice)
        sealed.cast_sealed(sealed_db, address, person, made.to_json(), actor=SYSTEM)

    assert watch(sealed_db, cast) == {}  # 0 of 6


#: The soldiers of the Volynsky Regiment and their parties, or their recall votes.
PARTIES = {"v1": "sr", "v2": "bolsheviks", "v3": "sr", "v4": "mensheviks", "v5": "sr"}
RECALLS = {"v1": "recall", "v2": "keep", "v3": "recall", "v4": "recall", "v5": "keep"}


def soldiers(db: Database) -> None:
    register_members(
        db, "volynsky", [MemberSpec(f"v{i}", f"Soldier {i}") for i in range(1, 11)], actor=SYSTEM
    )


def test_the_watcher_links_no_sealed_election_ballot_to_a_choice(sealed_db: Database) -> None:
    soldiers(sealed_db)
    election = open_election(
        sealed_db, "petrograd-soviet", constituency="volynsky", mode="ballots", actor=SYSTEM
    )
    terms = sealed_elections.sealing(sealed_db, election, "volynsky", actor=SYSTEM)
    assert terms is not None

    def cast(member: str, party: str) -> None:
        made, _ = sealed_elections.encrypt(terms, party)
        sealed_elections.cast_sealed_ballot(
            sealed_db, election, "volynsky", member, made.to_json(), actor=SYSTEM
        )

    assert watch(sealed_db, cast, PARTIES, terms.choices) == {}  # 0 of 5


def test_the_watcher_links_no_sealed_recall_vote_to_a_choice(sealed_db: Database) -> None:
    document = statute()
    document["councils"]["petrograd-soviet"]["secretariat"] = ["chair"]
    document["councils"]["petrograd-soviet"]["recall"]["then"] = "recall-vote"
    apply_statute(sealed_db, document, effective_at=datetime(1917, 3, 9, tzinfo=UTC), actor=SYSTEM)
    soldiers(sealed_db)
    count_electorate(sealed_db, "volynsky", 10, actor=SYSTEM)
    for index in range(1, 6):
        sign_recall(sealed_db, "petrograd-soviet", "s1", f"v{index}", actor=SYSTEM)
    terms = sealed_recalls.sealing(sealed_db, "petrograd-soviet", "s1", actor=SYSTEM)
    assert terms is not None

    def cast(member: str, choice: str) -> None:
        made, _ = sealed_recalls.encrypt(terms, choice)
        sealed_recalls.cast_sealed_recall_vote(
            sealed_db, "petrograd-soviet", "s1", member, made.to_json(), actor=SYSTEM
        )

    assert watch(sealed_db, cast, RECALLS, ("recall", "keep")) == {}  # 0 of 5


def _xmins(db: Database, motion_id: int) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """PostgreSQL: the transaction that last wrote each counter row of the box, and the
    transaction of each SecretBallotCast entry with the person it names."""
    with db.read() as connection:
        counters = connection.execute(
            sa.text("SELECT xmin::text, choice FROM secret_box WHERE motion_id = :m"),
            {"m": motion_id},
        ).all()
        entries = connection.execute(
            sa.text("SELECT xmin::text, payload FROM journal WHERE kind = 'SecretBallotCast'")
        ).all()
    return [(x, c) for x, c in counters], {x: json.loads(p)["person"] for x, p in entries}


@pytest.mark.parametrize("is_sealed", [False, True], ids=["in the clear", "sealed"])
def test_xmin_links_the_last_ballot_of_each_choice_unless_sealed(
    is_sealed: bool, tmp_path: Path
) -> None:
    url = create_postgres_database()  # xmin is PostgreSQL's; the watcher covers SQLite
    try:
        with open_database(url) as db:
            found_plenary(db)
            if is_sealed:
                seal_the_soviet(db, tmp_path)
            address = motion(db, "land", "secret")
            terms = sealed.sealing(db, address, actor=SYSTEM)
            assert (terms is not None) is is_sealed
            for person, choice in CHOICES.items():
                if terms is None:
                    cast_vote(db, address, person, choice, actor=SYSTEM)
                else:
                    made, _ = sealed.encrypt(terms, choice)
                    sealed.cast_sealed(db, address, person, made.to_json(), actor=SYSTEM)
            with db.read() as connection:
                motion_id = connection.execute(
                    sa.text("SELECT id FROM motions WHERE slug = 'land'")
                ).scalar_one()
            counters, voters = _xmins(db, motion_id)
    finally:
        drop_postgres_database(url)
    assert len(voters) == len(CHOICES)
    if is_sealed:
        assert counters == []  # no counter: nothing whose xmin could name a choice
    else:
        # Each ballot rewrites every counter of the box: all three carry the last ballot's
        # transaction, which names its voter (s1) but not which counter was hers.
        assert sorted(c for _, c in counters) == sorted(WORDS)
        assert {voters.get(x) for x, _ in counters} == {voters[max(voters, key=int)]}
