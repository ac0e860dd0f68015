"""The values the CLI fuzz test (test_cli_fuzz.py) and bench/fuzz_cli.py give: every
parameter of every command, enumerated from the Typer app, with a kind, and bad values of
each kind (hypothesis strategies, and a few fixed samples); the command line around one."""

from __future__ import annotations

import enum
import typing
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from soviet.cli.app import command_tree
from soviet.domain import limits

from .accounts import as_administrator

#: Options no fuzzed value is given to: the database's URL is the lead's part of issue 13
#: (its cases are in the corpus), and flags take no value.
NOT_FUZZED = {"--db", "--help"}


@dataclass
class Federation:
    """The database every case runs against, and the ids a case may name."""

    url: str
    folder: Path
    session: int
    election: int
    counts: Counter[str]


@dataclass(frozen=True)
class Parameter:
    """One parameter of one command: how to pass it, and what kind of value it takes."""

    command: tuple[str, ...]
    name: str
    option: str | None  # None: an argument
    kind: str  # int, float, date, act-date, path, choice, account, text


def _walk(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _walk(command, (*path, name))
        else:
            yield (*path, name), command


def _kind(parameter: Any) -> str | None:
    annotation = parameter.type_descriptor.annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    base = args[0] if args and typing.get_origin(annotation) is not list else annotation
    opts = set(parameter.opts)
    if base is bool or opts & NOT_FUZZED:
        return None
    if opts & {"--at"}:
        return "act-date"
    if opts & {"--as-of", "--effective", "--until"} and base is str:
        return "date"
    if opts & {"--as"}:
        return "account"
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return "choice"
    return {int: "int", float: "float", Path: "path"}.get(base, "text")


def parameters() -> list[Parameter]:
    """Every fuzzable parameter of every command of the app."""
    found = []
    for path, command in _walk(command_tree()):
        for parameter in command.params:
            kind = _kind(parameter)
            if kind is not None:
                option = None if parameter.param_type_name == "argument" else parameter.opts[-1]
                found.append(Parameter(path, parameter.name, option, kind))
    return found


PARAMETERS = parameters()

#: A valid value for each argument or option a command needs, by its name, so that the
#: fuzzed one is the only bad value (anything else gets a slug that names nothing).
VALID = {
    "council": "petrograd-soviet",
    "person": "b1",
    "persons": "b1",
    "party": "bolsheviks",
    "constituency": "putilov",
    "slug": "new-slug",
    "name": "A Name",
    "motion": "petrograd-soviet/peace",
    "petition": "1",
    "act": "1",
    "resolution": "petrograd-soviet/1",
    "commission": "petrograd-soviet/1",
    "executive": "petrograd-executive",
    "committee": "putilov-committee",
    "organisation": "unions",
    "member": "k1",
    "choice": "yes",
    "kind": "factory",
    "electorate": "10",
    "title": "A title",
    "text": "A text.",
    "programme": "A programme.",
    "agenda": "Peace",
    "by": "b1",
    "power": "requisition",
    "details": "Details.",
    "applicant": "An applicant",
    "request_address": "putilov-committee/request",
    "number": "77",
    "numbers": "1",
}

INTS = st.one_of(
    st.integers(min_value=2**63, max_value=2**80),
    st.integers(max_value=-1, min_value=-(2**80)),
    st.sampled_from(["9223372036854775808", "1e3", "1.5", "", " ", "٣", "0x10", "NaN"]),
)
FLOATS = st.sampled_from(["nan", "inf", "-inf", "-1", "1e400", "", "x", "0"])
BAD_DATES = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "9999-12-31",
            "1799-12-31",
            "2200-01-01",
            "2024-02-30",
            "1917-13-01",
            "",
            "tomorrow",
            "1917-10-25T25:00:00",
        ]
    ),
    st.dates(max_value=datetime(1799, 12, 31).date()).map(str),
    st.dates(min_value=datetime(2200, 1, 1).date()).map(str),
)
#: Act dates also refuse the future beyond the clock's skew.
FUTURE = st.dates(
    min_value=datetime(2100, 1, 1).date(), max_value=datetime(2199, 12, 31).date()
).map(str)
#: Characters no text may hold, whatever the parameter: what no engine stores (NUL, a lone
#: surrogate from bytes that are not UTF-8) and control characters other than line breaks.
UNSTORABLE = st.sampled_from(["\x00", "\udcff", "\x1b[31m", "\x07", "\x7f", "\x1b"])
#: Values no text parameter takes (names, slugs, texts, addresses, cursors alike); what is
#: bad only for a name (a bidirectional override, 301 characters) is in the corpus.
BAD_TEXTS = st.one_of(
    st.builds(lambda a, bad, b: a + bad + b, st.text(max_size=5), UNSTORABLE, st.text(max_size=5)),
    st.sampled_from(["", "   ", "x" * (limits.TEXT_MAX + 1)]),
)
BAD_ACCOUNTS = st.one_of(
    st.sampled_from(["", " ", "a b", "-lead", "x" * 201, "eve\x1b[31m", "sys\x00tem"]), BAD_TEXTS
)
BAD_FILES = ["missing", "directory", "binary", "latin-1", "empty", "nul"]
#: Options naming a file soviet writes: a missing one is a good value.
OUTPUTS = {"--witness"}


#: A few bad values of each kind, every one tried on every parameter by bench/fuzz_cli.py
#: (hypothesis samples from the strategies above instead).
SAMPLES: dict[str, list[str]] = {
    "int": ["9223372036854775808", "-1", "-9223372036854775809", "1e3", "x", ""],
    "float": ["nan", "inf", "-1", "x"],
    "date": ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "9999-12-31", "x"],
    "act-date": ["0001-01-01T00:00:00+01:00", "9999-12-31", "2150-01-01", "2024-02-30"],
    "account": ["", "a b", "eve\x1b[31m", "x" * 201],
    "choice": ["\x00", "\udcff", "\x1b[31m", "", "x" * (limits.TEXT_MAX + 1)],
    "text": ["\x00", "\udcff", "\x1b[31m", "\x07", "", "   ", "x" * (limits.TEXT_MAX + 1)],
}


def bad_files(parameter: Parameter) -> list[str]:
    """The bad files a path parameter is given (see _bad_file)."""
    return [
        which for which in BAD_FILES if not (which == "missing" and parameter.option in OUTPUTS)
    ]


def _bad_value(parameter: Parameter) -> st.SearchStrategy[str]:
    if parameter.kind == "path":
        return st.sampled_from(bad_files(parameter))
    return {
        "int": INTS.map(str),
        "float": FLOATS,
        "date": BAD_DATES,
        "act-date": st.one_of(BAD_DATES, FUTURE),
        "account": BAD_ACCOUNTS,
        "choice": BAD_TEXTS,
        "text": BAD_TEXTS,
    }[parameter.kind]


def _bad_file(folder: Path, which: str) -> str:
    path = folder / f"bad-{which}.csv"
    contents = {
        "binary": bytes(range(256)),
        "latin-1": "slug,name\nfran\xe7ois,Fran\xe7ois\n".encode("latin-1"),
        "empty": b"",
        "nul": b"key,name\nk9,Ni\x00nth\n",
    }
    if which == "directory":
        path.mkdir(exist_ok=True)
    elif which in contents:
        path.write_bytes(contents[which])
    return str(path)


def command_line(command: Any, fuzzed: Parameter, value: str, found: Federation) -> list[str]:
    """The command with valid values for what it needs and `value` for `fuzzed`."""
    args: list[str] = [*fuzzed.command]
    for parameter in command.params:
        if parameter.name == fuzzed.name:
            args += [value] if fuzzed.option is None else [fuzzed.option, value]
        elif parameter.required:
            given = _valid(parameter.name, found)
            is_argument = parameter.param_type_name == "argument"
            args += [given] if is_argument else [parameter.opts[-1], given]
    return as_administrator(args)


def _valid(name: str, found: Federation) -> str:
    ids = {"session": found.session, "election": found.election}
    return str(ids[name]) if name in ids else VALID.get(name, "nothing")


COMMANDS = dict(_walk(command_tree()))
