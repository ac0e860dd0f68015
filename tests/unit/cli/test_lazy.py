"""A group's commands reach Typer with their annotations evaluated, each text of a module
once: the values Typer would have evaluated from the texts itself."""

from __future__ import annotations

import typing
from typing import Any

from soviet.cli.app import DbOption, JsonOption
from soviet.cli.lazy import evaluate


def command(db: DbOption = None, other_db: DbOption = None, as_json: JsonOption = False) -> None:
    """A command as the modules of the command line write them."""


def test_each_text_is_evaluated_once_to_the_value_typer_would_evaluate() -> None:
    texts = dict(command.__annotations__)
    assert texts["db"] == "DbOption"
    hints = typing.get_type_hints(command, include_extras=True)
    evaluated: dict[tuple[str, str], Any] = {}
    evaluate(command, evaluated)
    assert command.__annotations__["db"] is DbOption
    assert command.__annotations__["other_db"] is DbOption
    assert command.__annotations__["return"] is None
    assert sorted(text for _, text in evaluated) == ["DbOption", "JsonOption", "None"]
    assert typing.get_type_hints(command, include_extras=True) == hints
