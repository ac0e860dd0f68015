"""The read commands through the `soviet` command, on SQLite and PostgreSQL: `constituency
show`, `recall show`, `person show`, `party show`, `election show`, `commission show` and
`resolution show` print a table, and with `--json` exactly the read model's JSON; their
lists come a page at a time; a bad cursor is refused in one line naming `cursor`.

The federation is founded through the services, in process, for speed, once a module and
engine: the tests here only read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from soviet.cli.app import app, command_tree
from soviet.domain.identity import SYSTEM
from soviet.domain.ids import format_id, parse_id
from soviet.domain.views import to_json
from soviet.services import reads
from soviet.services.bootstrap import open_database
from soviet.services.mandates import sign_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.registers import count_electorate
from soviet.services.resolutions import commission_view, resolution_view
from soviet.store.database import Database

from ..conftest import ENGINES, drop_postgres_database, fresh_url
from ..integration.sessions.plenary import SOVIET, found_plenary, sitting
from ..integration.sessions.test_resolutions import MRC, adopt, plain
from .test_cli_sessions import ok, refused

SHOWN = {
    "constituency": "constituency show volynsky",
    "recall": "recall show {petition}",
    "person": "person show b1",
    "party": "party show bolsheviks",
    "election": "election show {election}",
    "commission": "commission show petrograd-soviet/mrc",
    "resolution": "resolution show petrograd-soviet/1",
}


def found(db: Database) -> dict[str, str]:
    """The plenary federation, a petition against the Volynsky delegate, and the MRC."""
    found_plenary(db)
    register_members(
        db, "volynsky", [MemberSpec(f"v{i}", f"Soldier {i}") for i in range(10)], actor=SYSTEM
    )
    count_electorate(db, "volynsky", 10, actor=SYSTEM)
    signed = sign_recall(db, "petrograd-soviet", "s1", "v1", actor=SYSTEM)
    adopt(db, "petrograd-soviet", sitting(db), plain("create-mrc", commission=MRC), SOVIET)
    [election] = reads.constituency_view(db, "volynsky", actor=SYSTEM).elections.items
    return {"petition": format_id(signed.petition), "election": election.election}


@pytest.fixture(scope="module", params=ENGINES)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    """The URL of a database holding the federation of `found`, and its ids."""
    url = fresh_url(request.param, tmp_path_factory.mktemp("reads"))
    db = open_database(url)
    try:
        ids = found(db)
    finally:
        db.dispose()
    yield url, ids
    if request.param == "postgresql":
        drop_postgres_database(url)


def expected(db: Database, group: str, ids: dict[str, str]) -> Any:
    """What the service reads, as JSON: what `--json` must print exactly."""
    stored = {name: parse_id(public, name) for name, public in ids.items()}
    views = {
        "constituency": lambda: reads.constituency_view(db, "volynsky", actor=SYSTEM),
        "recall": lambda: reads.petition_view(db, stored["petition"], actor=SYSTEM),
        "person": lambda: reads.person_view(db, "b1", actor=SYSTEM),
        "party": lambda: reads.party_view(db, "bolsheviks", actor=SYSTEM),
        "election": lambda: reads.election_view(db, stored["election"], actor=SYSTEM),
        "commission": lambda: commission_view(db, "petrograd-soviet/mrc", actor=SYSTEM),
        "resolution": lambda: resolution_view(db, "petrograd-soviet/1", actor=SYSTEM),
    }
    shown = to_json(views[group]())
    assert isinstance(shown, dict)
    shown.pop("as_of", None)  # the moment of reading differs by the run of the command
    return shown


def test_every_read_prints_a_table_and_exactly_its_model_as_json(
    world: tuple[str, dict[str, str]],
) -> None:
    db_url, ids = world
    db = open_database(db_url)
    try:
        for group, command in SHOWN.items():
            args = command.format(**ids).split()
            printed = json.loads(ok(db_url, *args, "--json"))
            printed.pop("as_of", None)
            assert printed == expected(db, group, ids), group
            assert ok(db_url, *args).strip(), group
    finally:
        db.dispose()
    volynsky = ok(db_url, "constituency", "show", "volynsky")
    assert "s1" in volynsky
    assert "petition" in volynsky
    shown = json.loads(ok(db_url, "recall", "show", ids["petition"], "--json"))
    assert shown["progress"]["progress"] == "1/5"  # an exact share, as text
    assert "v1" not in json.dumps(shown)  # who signed stays private


def test_lists_come_a_page_at_a_time_and_a_bad_cursor_is_refused(
    world: tuple[str, dict[str, str]],
) -> None:
    db_url, ids = world
    election = ids["election"]
    first = json.loads(ok(db_url, "election", "show", election, "--limit", "1", "--json"))
    [putilov] = first["constituencies"]["items"]
    cursor = first["constituencies"]["next_cursor"]
    assert putilov["constituency"] == "putilov"
    assert cursor
    second = json.loads(
        ok(db_url, "election", "show", election, "--limit", "1", "--cursor", cursor, "--json")
    )
    assert [r["constituency"] for r in second["constituencies"]["items"]] == ["volynsky"]
    assert second["constituencies"]["next_cursor"] is None
    assert f"--cursor {cursor}" in ok(db_url, "election", "show", election, "--limit", "1")
    session = json.loads(ok(db_url, "session", "list", "petrograd-soviet", "--json"))
    [listed] = session["items"]
    attending = json.loads(
        ok(db_url, "session", "show", listed["session"], "--limit", "2", "--json")
    )
    assert [d["person"] for d in attending["delegates"]["items"]] == ["b1", "b2"]
    assert refused(db_url, 2, "person", "show", "b1", "--cursor", "nonsense") == (
        "cursor: 'nonsense' is not a cursor this list gave"
    )
    assert refused(db_url, 2, "motion", "list", "petrograd-soviet", "--limit", "501") == (
        "--limit: must be from 1 to 500, got 501"
    )
    assert refused(db_url, 3, "party", "show", "kadets") == "party 'kadets' is not registered"


@pytest.mark.parametrize("group", sorted(SHOWN))
def test_every_read_command_has_help(group: str) -> None:
    root = command_tree()
    assert "show" in root.commands[group].commands  # type: ignore[attr-defined]
    shown = CliRunner().invoke(app, [group, "show", "--help"])
    assert shown.exit_code == 0
    assert "Usage:" in shown.output
    assert "--json" in shown.output


@pytest.mark.parametrize("command", [["journal", "page"], ["council", "members"]])
def test_the_paged_commands_have_help(command: list[str]) -> None:
    shown = CliRunner().invoke(app, [*command, "--help"])
    assert shown.exit_code == 0
    assert "--cursor" in shown.output
