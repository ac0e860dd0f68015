"""The `soviet` command: the root Typer app, its shared options and its error table."""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

# Typer's own copy of Click: its usage errors are caught here to print them unframed.
from typer._click.exceptions import ClickException

from soviet import __version__
from soviet.domain import limits
from soviet.domain.identity import PUBLIC, SYSTEM, Actor, account_actor
from soviet.errors import (
    Conflict,
    Forbidden,
    IntegrityError,
    InvalidInput,
    NotFound,
    Problem,
    RuleViolation,
    SovietError,
    StorageError,
)

app = typer.Typer(
    name="soviet",
    help="soviet: recallable, proportionally elected delegate councils.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

err_console = Console(stderr=True, highlight=False, soft_wrap=True)

#: One table from error class to exit code; the most specific class wins.
EXIT_CODES: dict[type[SovietError], int] = {
    InvalidInput: 2,
    NotFound: 3,
    Forbidden: 4,
    Conflict: 5,
    RuleViolation: 6,
    StorageError: 7,
    IntegrityError: 8,
}


def exit_code_for(error: SovietError) -> int:
    """The exit code of an error: that of its nearest class in EXIT_CODES, else 1."""
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"soviet {__version__}")
        raise typer.Exit()


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="SOVIET_DB",
        help="Database URL (sqlite:///PATH or postgresql://...). "
        "Default: a SQLite file in the user's data directory.",
        show_default=False,
    ),
]
FederationOption = Annotated[
    str | None,
    typer.Option(
        "--federation",
        envvar="SOVIET_FEDERATION",
        help="Slug of the federation to act on (default: the only one in the database).",
        show_default=False,
    ),
]
ActorOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        envvar="SOVIET_ACCOUNT",
        help="The account acting or reading. Every act needs one, but for the operator's "
        "own commands (init, apply of a first statute, verify, journal, demo); a read "
        "without one reads as the public. 'system' cannot be named.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
CouncilArgument = Annotated[str, typer.Argument(help="The council.", show_default=False)]
FractionArgument = Annotated[str, typer.Argument(help="The fraction's party.", show_default=False)]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="An ISO date or date-time; a date alone means the end of that day (default: "
        f"now); {limits.window()} (docs/limits.md).",
        show_default=False,
    ),
]


@app.callback()
def root(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """soviet: recallable, proportionally elected delegate councils."""
    ctx.obj = {"db": db}


def bounded(field: str, *, minimum: int, maximum: int) -> Callable[[int | None], int | None]:
    """The callback of an integer parameter: Typer's ints are unbounded, so a value outside
    `minimum`..`maximum` (domain.limits) is refused in the domain's words, naming `field`."""

    def check(value: int | None) -> int | None:
        if value is not None:
            limits.check_integer(value, field, minimum=minimum, maximum=maximum)
        return value

    return check


def acting(account: str | None) -> Actor:
    """The actor of an act: the account named with --as; an act has no default actor."""
    if account is None:
        raise InvalidInput(
            "account: name the account acting with --as ACCOUNT (or SOVIET_ACCOUNT); "
            "only the operator's own commands act without one"
        )
    return account_actor(account, field_name="--as")


def reading(account: str | None) -> Actor:
    """The actor of a read: the account named with --as, else the public."""
    return PUBLIC if account is None else account_actor(account, field_name="--as")


def operating(account: str | None) -> Actor:
    """The actor of the operator's own commands: the operator, unless an account is named."""
    return SYSTEM if account is None else account_actor(account, field_name="--as")


def echo_json(value: object) -> None:
    """Print a value as `--json` prints it: indented, with non-ASCII letters as they are."""
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


def db_url(ctx: typer.Context, given: str | None = None) -> str | None:
    """The database URL: the command's own `--db`, else the root's (None: the default)."""
    if given is not None:
        return given
    obj = ctx.find_root().obj
    return obj.get("db") if isinstance(obj, dict) else None


# Sub-commands register themselves here; keep one line per module.
# (registrations)
from soviet.cli import allocate as _allocate  # noqa: E402

_allocate.register(app)
from soviet.cli import accounts as _accounts  # noqa: E402, F401
from soviet.cli import agenda as _agenda  # noqa: E402, F401
from soviet.cli import alternates as _alternates  # noqa: E402, F401
from soviet.cli import bodies as _bodies  # noqa: E402, F401
from soviet.cli import constituencies as _constituencies  # noqa: E402, F401
from soviet.cli import councils as _councils  # noqa: E402, F401
from soviet.cli import demo as _demo  # noqa: E402, F401
from soviet.cli import desk as _desk  # noqa: E402, F401
from soviet.cli import elections as _elections  # noqa: E402, F401
from soviet.cli import factory as _factory  # noqa: E402, F401
from soviet.cli import journal as _journal  # noqa: E402, F401
from soviet.cli import minutes as _minutes  # noqa: E402, F401
from soviet.cli import motions as _motions  # noqa: E402, F401
from soviet.cli import parties as _parties  # noqa: E402, F401
from soviet.cli import polls as _polls  # noqa: E402, F401
from soviet.cli import proxies as _proxies  # noqa: E402, F401
from soviet.cli import serve as _serve  # noqa: E402, F401
from soviet.cli import sessions as _sessions  # noqa: E402, F401
from soviet.cli import shows as _shows  # noqa: E402, F401
from soviet.cli import speakers as _speakers  # noqa: E402, F401
from soviet.cli import statutes as _statutes  # noqa: E402, F401

#: The exit code of a bug: an exception no refusal explains (BSD's EX_SOFTWARE).
BUG_EXIT = 70


def printable(text: str) -> str:
    """`text` with every control character but the line break escaped, so that a value
    quoted in a message can neither break a line nor send a terminal an escape sequence."""
    return "".join(
        char if char == "\n" or unicodedata.category(char) not in ("Cc", "Cs") else _escaped(char)
        for char in text
    )


def _escaped(char: str) -> str:
    return char.encode("unicode_escape", "backslashreplace").decode("ascii")


#: The longest line an error prints: a value pasted by mistake is shown cut short.
LINE_MAX = 500


def shortened(line: str) -> str:
    """`line`, cut at LINE_MAX characters, with the length it had."""
    if len(line) <= LINE_MAX:
        return line
    return f"{line[: LINE_MAX - 40]}… ({len(line)} characters)"


def error_lines(error: SovietError) -> list[str]:
    """A refusal as the terminal shows it: its message, or with several problems a summary
    line and then one `  path: message` line a problem; no line longer than LINE_MAX."""
    if len(error.problems) <= 1:
        lines = printable(error.message).splitlines() or [error.code]
    else:
        summary = printable(error.message.splitlines()[0] if error.message else error.code)
        shown = [printable(str(problem)).replace("\n", " ") for problem in error.problems]
        lines = [summary, *(f"  {line}" for line in shown)]
    return [shortened(line) for line in lines]


def _refuse_unstorable(argv: list[str]) -> None:
    """Refuse an argument no database can store (a NUL, bytes that are not UTF-8) before
    any command reads it, naming the option it was given to."""
    for index, argument in enumerate(argv):
        reason = limits.unstorable_problem(argument)
        if reason is not None:
            # Named only when refused: naming walks the whole command tree.
            where = _argument_names(argv)[index]
            raise InvalidInput(f"{where}: {reason}", problems=[Problem(where, reason)])


def _argument_names(argv: list[str]) -> list[str]:
    """The name of the parameter each of `argv` is given to, as a refusal names it: the
    option before a value, the argument a positional value fills, else its position."""
    group: Any = typer.main.get_command(app)
    names = [f"argument {index + 1}" for index in range(len(argv))]
    positional: list[str] = []
    expects_value = False
    for index, token in enumerate(argv):
        if expects_value:
            names[index], expects_value = argv[index - 1], False
        elif token.startswith("-"):
            names[index] = token.partition("=")[0]
            option = next((p for p in group.params if names[index] in p.opts), None)
            expects_value = "=" not in token and option is not None and not option.is_flag
        elif hasattr(group, "commands") and token in group.commands:
            group = group.commands[token]
            positional = [p.name for p in group.params if p.param_type_name == "argument"]
        elif positional:
            names[index] = positional[0] if len(positional) == 1 else positional.pop(0)
    return names


def _show_usage_error(error: ClickException) -> None:
    """A usage error as Click words it, without a frame, each line cut at LINE_MAX."""
    buffer = io.StringIO()
    error.show(file=buffer)
    for line in buffer.getvalue().splitlines():
        sys.stderr.write(shortened(printable(line)) + "\n")


def main() -> None:
    """Run the CLI. A usage error is printed as Click prints it (without a frame, so that it
    is one line); a SovietError as its lines on stderr (with --json, the error as JSON:
    code, message, problems); anything else is a bug, named by its type only (its message
    may carry data) and never with a traceback: exit 70."""
    try:
        _refuse_unstorable(sys.argv[1:])
        code = app(standalone_mode=False)
    except ClickException as error:
        _show_usage_error(error)
        code = error.exit_code
    except typer.Abort:
        err_console.print("aborted")
        code = 1
    except SovietError as error:
        if "--json" in sys.argv[1:]:
            sys.stderr.write(json.dumps(error.as_json(), ensure_ascii=False) + "\n")
        else:
            lines = error_lines(error)
            err_console.print(f"[bold red]error:[/] {escape(lines[0])}")
            for line in lines[1:]:
                err_console.print(escape(line))
        code = exit_code_for(error)
    except Exception as error:
        sys.stderr.write(
            f"error: internal error ({type(error).__name__}): this is a bug in soviet, "
            "please report it\n"
        )
        code = BUG_EXIT
    sys.exit(code if isinstance(code, int) else 0)
