"""Lazy registration of the `soviet` commands: a command group's modules are imported when
the command line names it, not when `soviet` starts, so that `soviet --help` or one read
imports only what it needs (issue 18).

The table of what to import is `soviet.cli.app.COMMANDS`; the modules register their
commands on `soviet.cli.app.app` as they always did, and are turned into Click commands
the way Typer turns an eager app, one group at a time.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import typer
import typer.main
from typer._click import Command, Context
from typer._click.exceptions import UsageError
from typer._coercion import RuntimeParam, build_runtime_param
from typer.core import TyperCommand, TyperGroup, _TyperParameter


@dataclass(frozen=True)
class Lazy:
    """Where a top-level command or group lives: the modules (under `soviet.cli`) to import,
    the first defining it and the others adding commands to it, and the first paragraph of
    its help, shown by `soviet --help` without importing any of them."""

    modules: tuple[str, ...]
    help: str


def _table() -> Mapping[str, Lazy]:
    from soviet.cli.app import COMMANDS

    return COMMANDS


def _root() -> typer.Typer:
    from soviet.cli.app import app

    return app


@functools.cache
def load(name: str) -> Command:
    """The Click command of the table's `name`, its modules imported: made as Typer makes
    the commands of an app it converts whole."""
    root = _root()
    for module in _table()[name].modules:
        importlib.import_module(f"soviet.cli.{module}")
    for group in root.registered_groups:
        if group.name == name:
            assert group.typer_instance is not None
            evaluate_annotations(group.typer_instance)
            return plain_coercion(
                listed_whole(
                    typer.main.get_group_from_info(
                        group,
                        pretty_exceptions_short=root.pretty_exceptions_short,
                        suggest_commands=root.suggest_commands,
                        rich_markup_mode=root.rich_markup_mode,
                    )
                )
            )
    for command in root.registered_commands:
        callback: Any = command.callback
        if (command.name or typer.main.get_command_name(callback.__name__)) == name:
            evaluate(callback, {})
            return plain_coercion(
                typer.main.get_command_from_info(
                    command,
                    pretty_exceptions_short=root.pretty_exceptions_short,
                    rich_markup_mode=root.rich_markup_mode,
                )
            )
    raise LookupError(f"command {name!r}: none of {_table()[name].modules} registers it")


def evaluate_annotations(group: typer.Typer) -> None:
    """Evaluate the annotations of the commands of `group` and of its subgroups, each
    distinct text of a module once.

    Every module of the command line has `from __future__ import annotations`, so that a
    command's annotations are texts, and Typer evaluates each text twice (for the command's
    signature, then for its type hints), compiling it each time: most of the time it takes
    to make a group's Click command. Evaluated here first, once for each distinct text of a
    module (`DbOption` is one text of many commands), they reach Typer as the values it
    would have evaluated (issue 18).
    """
    evaluated: dict[tuple[str, str], Any] = {}
    for command in _commands(group):
        evaluate(command, evaluated)


def _commands(group: typer.Typer) -> Iterator[Callable[..., Any]]:
    for command in group.registered_commands:
        if command.callback is not None:
            yield command.callback
    for subgroup in group.registered_groups:
        if subgroup.typer_instance is not None:
            yield from _commands(subgroup.typer_instance)


def evaluate(command: Callable[..., Any], evaluated: dict[tuple[str, str], Any]) -> None:
    """Replace each annotation text of `command` by its value, evaluated in its module
    unless `evaluated` (by module and text) holds it already."""
    namespace = command.__globals__
    annotations = dict(command.__annotations__)
    for name, text in annotations.items():
        if isinstance(text, str):
            key = (namespace["__name__"], text)
            if key not in evaluated:
                evaluated[key] = eval(text, namespace)
            annotations[name] = evaluated[key]
    command.__annotations__ = annotations


def first_paragraph(text: str | None) -> str:
    """The first paragraph of a help text on one line: what a list of commands shows."""
    paragraph = inspect.cleandoc(text or "").split("\f")[0].split("\n\n")[0]
    return " ".join(paragraph.split())


def listed_whole(command: Command) -> Command:
    """`command`, its subcommands listed by the whole first paragraph of their help: Click's
    plain help would cut each at the terminal's width with an ellipsis."""
    for sub in getattr(command, "commands", {}).values():
        if sub.short_help is None:
            sub.short_help = first_paragraph(sub.help)
        listed_whole(sub)
    return command


@dataclass(frozen=True)
class Plain(RuntimeParam):
    """The coercion of a parameter, built without pydantic: a value the command line gives
    as Typer's adapter would return it (a string for a string, a flag's bool, an int default
    of an unbounded int) is taken as it is; any other value goes to Typer's adapter, built
    then. A parameter not given (None) never reaches it."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if type(value) is self.annotation and self.annotation in (str, bool):
            return value
        info = self.parameter_info
        if type(value) is int and self.annotation is int and info.min is info.max is None:
            return value
        typers = build_runtime_param(param.type_descriptor)
        return typers._coerce_value(value, param=param, ctx=ctx)


def plain_coercion(command: Command) -> Command:
    """`command` and its subcommands, their parameters coerced by Plain.

    Typer 0.29 coerces every parameter through a pydantic adapter built on first use, even
    a parameter not given (the root's --db, --version and --help on every command line):
    importing pydantic and building the adapters costs about as long as importing Typer.
    Parameters with a parser or a file of their own keep Typer's coercion."""
    # The help option, made on first use (and then kept) as a bool parameter of Typer's.
    helper = command.get_help_option(Context(command, **command.context_settings))
    for param in [*command.params, *([helper] if helper is not None else [])]:
        if isinstance(param, _TyperParameter):
            described = param.type_descriptor
            if described.parameter_info.parser is None and described.file_annotation is None:
                param._runtime_param = Plain(described.parameter_info, described.annotation)
    for sub in getattr(command, "commands", {}).values():
        plain_coercion(sub)
    return command


class LazyGroup(TyperGroup):
    """The root group: the commands of the table are loaded when named; its own help lists
    them from the table's help lines, loading none."""

    listing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_coercion(self)

    def list_commands(self, ctx: Context) -> list[str]:
        names = list(_table())
        return names + [name for name in super().list_commands(ctx) if name not in names]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        entry = _table().get(cmd_name)
        if entry is None:
            return super().get_command(ctx, cmd_name)
        if self.listing:
            return TyperCommand(
                name=cmd_name, help=entry.help, short_help=first_paragraph(entry.help)
            )
        return load(cmd_name)

    def format_help(self, ctx: Context, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        """As Typer resolves a command, suggesting close names among every command."""
        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as error:
            import difflib

            matches = difflib.get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if self.suggest_commands and matches:
                suggestions = ", ".join(f"{match!r}" for match in matches)
                error.message = f"{error.message.rstrip('.')}. Did you mean {suggestions}?"
            raise


def command_tree(group: LazyGroup) -> LazyGroup:
    """`group` with every command of the table loaded into its `commands`: the whole tree,
    for walks over every command (the tests of help and of the fuzz)."""
    ctx = Context(group)
    loaded = {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}
    group.commands = {name: command for name, command in loaded.items() if command is not None}
    return group
