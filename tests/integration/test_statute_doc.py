"""docs/statute.md documents every key the statute parser accepts, and each of its YAML
examples is a complete statute that applies to a fresh database on both engines."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import ModuleType

import pytest

from soviet.domain import reading, rules, statute, statute_bodies, statute_sessions
from soviet.domain.identity import SYSTEM
from soviet.methods import METHODS
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.documents import load_document
from soviet.services.statutes import apply_statute

DOC = Path(__file__).resolve().parents[2] / "docs" / "statute.md"
PARSERS = (statute, statute_bodies, statute_sessions, reading)
#: Where the allowed keys are in each reader's arguments: _keys(value, path, KEYS, p) and
#: _entries(value, path, what, KEYS, p).
KEY_ARGUMENT = {"_keys": 2, "_entries": 3}


def _local_tuples(function: ast.FunctionDef) -> dict[str, list[ast.expr]]:
    """The tuples a function assigns to local names (a name may be assigned several)."""
    found: dict[str, list[ast.expr]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and isinstance(node.value, ast.Tuple):
                    found.setdefault(target.id, []).append(node.value)
    return found


def _evaluated(expression: ast.expr, module: ModuleType) -> tuple[str, ...] | None:
    """The keys an expression names, evaluated in its module; None when they are names
    the statute itself gives (the constituency kinds: `tuple(kinds)`)."""
    code = compile(ast.Expression(expression), module.__file__ or "", "eval")
    try:
        value = eval(code, vars(module))  # the parser's own constants, read not copied
    except NameError:
        return None
    return tuple(value)


def accepted_keys() -> set[str]:
    """Every key any call of the parser's `_keys` or `_entries` allows."""
    keys: set[str] = set()
    for module in PARSERS:
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            local = _local_tuples(function)
            for call in ast.walk(function):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                    continue
                where = KEY_ARGUMENT.get(call.func.id)
                if where is None or len(call.args) <= where:
                    continue
                argument = call.args[where]
                options = (
                    local[argument.id]
                    if isinstance(argument, ast.Name) and argument.id in local
                    else [argument]
                )
                for option in options:
                    keys.update(_evaluated(option, module) or ())
    return keys


def documented_keys() -> set[str]:
    """The keys the document's tables list: the first cell of a row, in backquotes."""
    return set(re.findall(r"^\| `([a-z_-]+)` \|", DOC.read_text(encoding="utf-8"), re.M))


def examples() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```$", DOC.read_text(encoding="utf-8"), re.M | re.S)


def test_the_keys_are_read_from_the_parser_itself() -> None:
    keys = accepted_keys()
    assert {"federation", "per_voters", "quorum", "co_opted", "plant", "house"} <= keys
    assert set(statute._COUNCIL_KEYS) <= keys
    assert "branch" not in keys  # kinds are the statute's own names, not keys of the format


def test_every_key_the_parser_accepts_is_documented() -> None:
    missing = sorted(accepted_keys() - documented_keys())
    assert missing == []


def test_the_document_has_three_complete_examples() -> None:
    found = examples()
    assert len(found) == 3
    slugs = [load_document(text.encode(), "example").data["federation"]["slug"] for text in found]  # type: ignore[index]
    assert slugs == ["builders-union", "red-city", "coop-federation"]


@pytest.mark.parametrize("index", range(3), ids=["union", "city", "cooperatives"])
def test_each_example_applies_to_a_fresh_database(db_url: str, index: int) -> None:
    text = examples()[index]
    document = load_document(text.encode(), f"docs/statute.md example {index + 1}").data
    db = open_database(db_url)
    try:
        journal_service.initialise(db, actor=SYSTEM)
        change = apply_statute(db, document, actor=SYSTEM)
        assert change.is_applied
        assert change.version == 1
        again = apply_statute(db, document, actor=SYSTEM)
        assert again.changes == []  # what was journaled reads back as the same statute
    finally:
        db.dispose()


def test_every_method_and_choice_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    choices = (
        *METHODS,
        *rules.ROUNDINGS,
        *rules.ALLOCATIONS,
        *rules.TIE_RULES,
        *rules.RECALL_BASES,
        *rules.REFRESH_POLICIES,
        *rules.MEMBERS_FROM,
        *rules.RECALL_OUTCOMES,
        *rules.DECISION_RULES,
        *rules.ABSTENTIONS,
        *rules.AMENDMENT_ORDERS,
    )
    assert sorted(choice for choice in choices if f"`{choice}`" not in text) == []
    methods = set(re.findall(r"^\| `([a-z'-]+)` \|", text.split("## Methods")[1], re.M))
    assert methods == {method.name for method in METHODS.values()}
