"""Two federations on one server, through HTTP on both engines: an administrator of one
reads its restricted lists (the member register, who signed a petition) and nothing
restricted in the other, whose public reads she shares with everyone; a member reads her
own record of the register only; nobody but the operator reads the journal in full."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from soviet.domain.identity import SYSTEM
from soviet.services import accounts
from soviet.services.bootstrap import open_database
from soviet.services.members import MemberSpec, register_members
from soviet.services.registers import ConstituencySpec, admit_constituencies
from soviet.services.statutes import apply_statute

from ..conftest import ENGINES, drop_postgres_database, fresh_url
from ..integration.councils.federation import FEB, STATUTE
from .reads_fixtures import FEDERATION, build
from .server import Server, serving

MOSCOW = "moscow-1917"
PASSWORD = "all power to the soviets"


@dataclass(frozen=True)
class Two:
    server: Server
    petition: str
    tokens: dict[str, str]  # chkheidze administers Petrograd, nogin Moscow; worker1 is a member


def found_moscow(url: str) -> None:
    """A second federation beside Petrograd's, administered by nogin, with a register."""
    statute = STATUTE.replace(
        "{slug: petrograd-1917, name: Petrograd 1917, administrators: [chkheidze]}",
        f"{{slug: {MOSCOW}, name: Moscow 1917, administrators: [nogin]}}",
    )
    with open_database(url) as db:
        apply_statute(
            db, yaml.safe_load(statute), effective_at=FEB, is_another_federation=True, actor=SYSTEM
        )
        presnya = ConstituencySpec("presnya", "Presnya", "factory", "petrograd-soviet", 3000)
        admit_constituencies(db, [presnya], admitted_at=FEB, federation=MOSCOW, actor=SYSTEM)
        members = [MemberSpec(f"p{i}", f"Worker {i}", account=f"worker{i}") for i in range(3)]
        register_members(db, "presnya", members, federation=MOSCOW, actor=SYSTEM)


def token_of(url: str, account: str) -> str:
    at = datetime.now(UTC)
    with open_database(url) as db:
        accounts.create_account(db, account, PASSWORD, actor=SYSTEM)
        return accounts.issue_token(
            db, account, "reads", ["read"], at + timedelta(days=1), actor=SYSTEM
        )


@pytest.fixture(scope="module", params=ENGINES)
def two(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Two]:
    folder: Path = tmp_path_factory.mktemp(f"two-{request.param}")
    url = fresh_url(request.param, folder)
    try:
        ids = build(url)
        found_moscow(url)
        tokens = {account: token_of(url, account) for account in ("chkheidze", "nogin", "worker1")}
        with serving(url, folder) as server:
            yield Two(server, ids["petition"], tokens)
    finally:
        if request.param == "postgresql":
            drop_postgres_database(url)


def read(two: Two, account: str | None, route: str) -> tuple[int, dict[str, object]]:
    headers = {} if account is None else {"Authorization": f"Bearer {two.tokens[account]}"}
    with two.server.client() as client:
        answer = client.get(route.format(petition=two.petition), headers=headers)
    body: dict[str, object] = answer.json()
    return answer.status_code, body


PETROGRAD_REGISTER = f"/federations/{FEDERATION}/constituencies/volynsky/members"
PETROGRAD_SIGNATURES = f"/federations/{FEDERATION}/petitions/{{petition}}/signatures"
MOSCOW_REGISTER = f"/federations/{MOSCOW}/constituencies/presnya/members"


def test_an_administrator_reads_the_restricted_lists_of_her_own_federation(two: Two) -> None:
    status, register = read(two, "chkheidze", PETROGRAD_REGISTER)
    assert status == 200
    assert register["is_whole"] is True
    assert len(register["members"]["items"]) == 10  # type: ignore[index, arg-type]
    status, signed = read(two, "chkheidze", PETROGRAD_SIGNATURES)
    assert status == 200
    assert [s["member"] for s in signed["signatures"]["items"]] == ["v1"]  # type: ignore[index, union-attr]
    status, register = read(two, "nogin", MOSCOW_REGISTER)
    assert status == 200
    assert register["is_whole"] is True


def test_a_member_reads_her_own_record_of_the_register_and_no_other(two: Two) -> None:
    status, register = read(two, "worker1", MOSCOW_REGISTER)
    assert status == 200
    assert register["is_whole"] is False
    assert [m["key"] for m in register["members"]["items"]] == ["p1"]  # type: ignore[index, union-attr]
    assert read(two, "worker1", PETROGRAD_REGISTER)[0] == 403


@pytest.mark.parametrize(
    ("account", "route"),
    [
        ("nogin", PETROGRAD_REGISTER),
        ("nogin", PETROGRAD_SIGNATURES),
        ("chkheidze", MOSCOW_REGISTER),
        ("chkheidze", "/journal"),
        ("nogin", "/journal"),
    ],
)
def test_an_administrator_of_one_federation_reads_nothing_restricted_in_another(
    two: Two, account: str, route: str
) -> None:
    status, refused = read(two, account, route)
    assert status == 403, refused
    assert refused["code"] == "forbidden"
    assert "Soldier" not in str(refused)
    assert "Worker" not in str(refused)


def test_both_read_what_is_public_in_either(two: Two) -> None:
    for account in ("chkheidze", "nogin", "worker1", None):
        for route in (f"/federations/{MOSCOW}/tree", f"/federations/{FEDERATION}/tree"):
            assert read(two, account, route)[0] == 200
        status, federations = read(two, account, "/federations")
        assert status == 200
        listed = [f["federation"] for f in federations["items"]]  # type: ignore[union-attr]
        assert listed == [MOSCOW, FEDERATION]
