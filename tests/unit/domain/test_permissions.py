"""Who may do what: every act and read, by every role, on what is its own and what is not,
against the table in docs/permissions.md (which must be the one the code generates)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from soviet.domain.identity import PUBLIC, SYSTEM, Actor, Grant, Role, account_actor
from soviet.domain.permissions import (
    DESCRIPTIONS,
    FEDERATION_WIDE,
    ROLES,
    RULES,
    Action,
    Target,
    decide,
    table,
)
from soviet.errors import Forbidden, InvalidInput

DOCS = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"

#: Where the acting account stands, and where the target of the act is.
OWN = Target("fed-a", "c1", "k1", "p1", "k1/mandate", account="alice")
RELATIONS = {
    "own": OWN,
    "another constituency, council, party and commission": Target(
        "fed-a", "c2", "k2", "p2", "k2/other", account="alice"
    ),
    "another federation": Target("fed-b", "c1", "k1", "p1", "k1/mandate", account="alice"),
    "another person's name": Target("fed-a", "c1", "k1", "p1", "k1/mandate", account="bob"),
}


def documented() -> dict[tuple[str, str], str]:
    """The cells of docs/permissions.md, by (act or read, role)."""
    lines = [line for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    roles = [name.strip() for name in lines[0].strip("|").split("|")][1:]
    cells = {}
    for line in lines[2:]:
        first, *rest = [part.strip() for part in line.strip("|").split("|")]
        action = first.split("`")[1]
        cells.update({(action, role): value for role, value in zip(roles, rest, strict=True)})
    return cells


def holder(role: Role) -> Actor:
    """Alice, holding `role` over her own scope of OWN (the operator and the public as
    they are)."""
    if role is Role.OPERATOR:
        return SYSTEM
    if role is Role.PUBLIC:
        return PUBLIC
    scope = OWN.scope_of(role)
    assert scope is not None
    return Actor("alice", {"fed-a": "alice"}, frozenset({Grant(role, "fed-a", scope)}))


def expected(cell: str, role: Role, relation: str) -> bool:
    if cell in ("yes",):
        return True
    if cell == "-":
        return False
    if relation == "another federation":
        return False
    if relation == "another constituency, council, party and commission":
        return role in FEDERATION_WIDE
    if relation == "another person's name":
        return cell == "own"
    return True


def test_the_committed_table_is_the_one_the_code_generates() -> None:
    assert DOCS.read_text(encoding="utf-8") == table(), "run python scripts/docs.py"


def test_every_act_and_read_has_a_rule_and_words() -> None:
    assert set(RULES) == set(Action) == set(DESCRIPTIONS)


@pytest.mark.parametrize(
    ("action", "role", "relation"),
    list(itertools.product(Action, ROLES, RELATIONS)),
    ids=lambda value: str(value).replace(" ", "-"),
)
def test_each_role_may_do_what_the_table_says(action: Action, role: Role, relation: str) -> None:
    cell = documented()[(action.value, role.value)]
    refusal = decide(holder(role), action, RELATIONS[relation])
    assert (refusal is None) == expected(cell, role, relation), (cell, refusal)
    if refusal is not None:
        # A refusal reveals nothing but the refusal: no rule, no other account, no role.
        assert refusal.message.startswith("may not ")
        assert "bob" not in refusal.message
        assert "alice" not in refusal.message
        assert refusal.reason in ("no_role", "not_in_own_name", "not_signed_in", "operator_only")


def test_a_role_in_one_federation_gives_nothing_in_another() -> None:
    administrator = Actor("alice", {}, frozenset({Grant(Role.ADMINISTRATOR, "fed-a")}))
    for action in Action:
        if action is Action.READ_PUBLIC:
            continue
        assert decide(administrator, action, Target("fed-b", account="alice")) is not None


def test_the_public_reads_what_is_public_and_nothing_else() -> None:
    for action in Action:
        refusal = decide(PUBLIC, action, OWN)
        assert (refusal is None) == (action is Action.READ_PUBLIC)
        if refusal is not None:
            assert refusal.reason in ("not_signed_in", "operator_only")


def test_acting_for_another_is_told_apart_from_having_no_role() -> None:
    constituent = holder(Role.CONSTITUENT)
    refusal = decide(constituent, Action.CAST_BALLOT, RELATIONS["another person's name"])
    assert refusal is not None
    assert refusal.reason == "not_in_own_name"
    assert refusal.message == (
        "may not cast a ballot in another's name (council 'k1', constituency 'c1', "
        "party 'p1', commission 'k1/mandate')"
    )


def test_no_door_can_name_the_operator_or_the_public() -> None:
    for name in ("system", " system ", "public"):
        with pytest.raises(Forbidden, match="is reserved: no door may act in its name$"):
            account_actor(name)
    with pytest.raises(InvalidInput, match="^account: '' is not an account name"):
        account_actor("")
    with pytest.raises(InvalidInput, match="is not an account name"):
        account_actor("eve\x1b[31m")
    assert account_actor("lenin") == Actor("lenin")
    assert not account_actor("lenin").is_operator
