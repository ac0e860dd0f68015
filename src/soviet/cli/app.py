"""The `soviet` command: the root Typer app, its shared options and its error table."""

from __future__ import annotations

import functools
import io
import sys
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

# Typer's own copy of Click: its usage errors are caught here to print them unframed.
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from soviet import __version__
from soviet.cli.lazy import Lazy, LazyGroup
from soviet.cli.lazy import command_tree as _command_tree
from soviet.domain import limits
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

if TYPE_CHECKING:
    from rich.console import Console

    from soviet.domain.identity import Actor

app = typer.Typer(
    name="soviet",
    help="soviet: recallable, proportionally elected delegate councils.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Click's plain help: Typer's rich help imports rich's markdown, tables and panels,
    # about as long again as Typer itself, before a line of help is written (issue 18).
    rich_markup_mode=None,
    # As wide as the terminal, as Rich's help was (Click's would stop at 80 columns).
    context_settings={"max_content_width": 1 << 16},
    cls=LazyGroup,
)

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
DelegateArgument = Annotated[
    str, typer.Argument(help="The delegate, a person holding a seat.", show_default=False)
]
MotionArgument = Annotated[
    str, typer.Argument(help="The motion, as COUNCIL/MOTION.", show_default=False)
]
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
    from soviet.domain.identity import account_actor

    if account is None:
        raise InvalidInput(
            "account: name the account acting with --as ACCOUNT (or SOVIET_ACCOUNT); "
            "only the operator's own commands act without one"
        )
    return account_actor(account, field_name="--as")


def reading(account: str | None) -> Actor:
    """The actor of a read: the account named with --as, else the public."""
    from soviet.domain.identity import PUBLIC, account_actor

    return PUBLIC if account is None else account_actor(account, field_name="--as")


def operating(account: str | None) -> Actor:
    """The actor of the operator's own commands: the operator, unless an account is named."""
    from soviet.domain.identity import SYSTEM, account_actor

    return SYSTEM if account is None else account_actor(account, field_name="--as")


def echo_json(value: object) -> None:
    """Print a value as `--json` prints it: indented, with non-ASCII letters as they are."""
    import json

    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


def db_url(ctx: typer.Context, given: str | None = None) -> str | None:
    """The database URL: the command's own `--db`, else the root's (None: the default)."""
    if given is not None:
        return given
    obj = ctx.find_root().obj
    return obj.get("db") if isinstance(obj, dict) else None


#: Every top-level command and group, in the order `soviet --help` lists them: the modules
#: of `soviet.cli` that define it (then those adding commands to it), imported only when the
#: command line names it, and the line of help `soviet --help` shows. Adding a group is one
#: line here; its module registers its commands on `app` as before.
COMMANDS: dict[str, Lazy] = {
    "allocate": Lazy(("allocate",), "Allocate seats among names in proportion to their votes."),
    "biproportional": Lazy(
        ("allocate",),
        "Allocate seats to parties in districts, proportional both ways (Zurich's method).",
    ),
    "drift": Lazy(
        ("bodies",),
        "How far each council is from what its base would give now, most drifted first.",
    ),
    "tree": Lazy(("bodies",), "The federation as a tree of bodies, with size, majority and drift."),
    "demo": Lazy(
        ("demo",),
        "Replay the Petrograd 1917 reference scenario: the Soviet, its September turn, the\n"
        "Central Executive Committee's drift and the Second Congress of Soviets (resumed where\n"
        "the database stopped); with --serve, then serve it in the browser.",
    ),
    "init": Lazy(
        ("journal",),
        "Create the database, or bring it to the newest schema (safe to run again).",
    ),
    "verify": Lazy(
        ("journal",),
        "Walk the whole journal and check every hash and link; name the first bad entry.",
    ),
    "recount": Lazy(
        ("recount",),
        "Check a poll's board: every proof, the tally, the decryptions, the result, the seats.",
    ),
    "authority": Lazy(
        ("motions",),
        "The chain of authority of an act, back to the plenary that granted the power.",
    ),
    "serve": Lazy(
        ("serve",),
        "Serve the HTTP API under /api/v1 (OpenAPI at /api/v1/openapi.json) and the web\n"
        "pages at / until stopped.",
    ),
    "apply": Lazy(
        ("statutes",),
        "Apply a statute: found its federation, or amend its rules from a date on.",
    ),
    "account": Lazy(
        ("accounts",),
        "Accounts of the HTTP API (the operator's): create, list, disable, reset, issue "
        "tokens, invite a constituency's members.",
    ),
    "agenda": Lazy(
        ("agenda",),
        "The agenda of a session: items in order, the current item, motions attached; "
        "amended by the plenary through motions of order.",
    ),
    "recall": Lazy(
        ("recalls", "shows.recalls"),
        "Recall at any time: members of a constituency petition against their delegate.",
    ),
    "delegate": Lazy(("councils",), "Delegates replaced by their party, resigned, or dead."),
    "council": Lazy(("councils", "bodies", "shows.councils"), "Councils and who sits in them."),
    "constituency": Lazy(
        ("constituencies", "shows.constituencies"),
        "Constituencies: the factories, regiments, villages and other groups that send delegates.",
    ),
    "members": Lazy(("constituencies",), "The registered members of constituencies."),
    "election": Lazy(
        ("elections", "shows.elections"),
        "Elections: open one, enter its counts, close it to seat the lists.",
    ),
    "factory": Lazy(("factory",), "Factory committees: requests and register."),
    "journal": Lazy(
        ("journal", "shows.journal"),
        "Read the journal, the hash-chained record of every act, and sign its head.",
    ),
    "session": Lazy(
        ("sessions", "minutes"),
        "Plenary sessions: convened with an agenda, attended, walked out of.",
    ),
    "vote": Lazy(("votes",), "Votes on motions: roll-call, counted or secret."),
    "poll": Lazy(
        ("polls",), "Polls on motions: their tally reports, and results the chair publishes."
    ),
    "alternate": Lazy(
        ("alternates",),
        "Alternates: a party's candidates not seated, who sit for its absent delegates.",
    ),
    "proxy": Lazy(
        ("proxies",), "Proxies: a delegate's vote carried by another delegate for a session."
    ),
    "desk": Lazy(
        ("desk",),
        "The check-in desk: badges of a council's delegates, check-in and check-out by "
        "number, and the desk's board of a session.",
    ),
    "motion": Lazy(("motions",), "Motions and amendments moved in a session."),
    "resolution": Lazy(("motions", "shows.resolutions"), "Resolutions: adopted motions, numbered."),
    "commission": Lazy(("motions", "shows.resolutions"), "Commissions created by resolution."),
    "executive": Lazy(("motions",), "Acts of an executive on its instructions."),
    "person": Lazy(
        ("parties", "shows.parties"), "Persons: who may join parties and stand as candidates."
    ),
    "party": Lazy(
        ("parties", "shows.parties"),
        "Parties: programmes, central committees, members and ordered candidate lists.",
    ),
    "board": Lazy(
        ("boards",),
        "Public boards of sealed votes and elections: every encrypted ballot by credential, "
        "the tally, the trustees' proven decryptions and the result, for anyone to recount.",
    ),
    "trustee": Lazy(
        ("trustees",),
        "Trustees of a council's secret ballots: appointed by the secretariat, they make the "
        "council's key together in a ceremony, each keeping her share in a file of her own.",
    ),
    "speakers": Lazy(
        ("speakers",),
        "Lists of speakers: asking for the floor, points of order, replies, and the chair's "
        "calls, in the order the statute gives.",
    ),
}


def root_command() -> TyperGroup:
    """The root Click command of the CLI's Typer app, made once per process for each app: Typer
    would make it again on every call, each time with every group already imported, which
    costs a program calling the CLI in-process (its tests) most of each command's time."""
    return _command_of(app)


@functools.cache
def _command_of(typer_app: typer.Typer) -> TyperGroup:
    root = typer.main.get_command(typer_app)
    assert isinstance(root, TyperGroup)
    return root


def command_tree() -> LazyGroup:
    """The root command with every command loaded: for walks over the whole tree."""
    root = root_command()
    assert isinstance(root, LazyGroup)
    return _command_tree(root)


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
    group: Any = root_command()
    context = typer.Context(group)
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
        elif hasattr(group, "commands") and group.get_command(context, token) is not None:
            group = group.get_command(context, token)
            context = typer.Context(group)
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


@functools.cache
def error_console() -> Console:
    """The console errors and notes are printed on (standard error): Rich is imported
    only when there is something to print on it."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def main() -> None:
    """Run the CLI. A usage error is printed as Click prints it (without a frame, so that it
    is one line); a SovietError as its lines on stderr (with --json, the error as JSON:
    code, message, problems); anything else is a bug, named by its type only (its message
    may carry data) and never with a traceback: exit 70."""
    try:
        _refuse_unstorable(sys.argv[1:])
        code = root_command().main(standalone_mode=False)
    except ClickException as error:
        _show_usage_error(error)
        code = error.exit_code
    except typer.Abort:
        error_console().print("aborted")
        code = 1
    except SovietError as error:
        if "--json" in sys.argv[1:]:
            import json

            sys.stderr.write(json.dumps(error.as_json(), ensure_ascii=False) + "\n")
        else:
            from rich.markup import escape

            lines = error_lines(error)
            error_console().print(f"[bold red]error:[/] {escape(lines[0])}")
            for line in lines[1:]:
                error_console().print(escape(line))
        code = exit_code_for(error)
    except Exception as error:
        sys.stderr.write(
            f"error: internal error ({type(error).__name__}): this is a bug in soviet, "
            "please report it\n"
        )
        code = BUG_EXIT
    sys.exit(code if isinstance(code, int) else 0)
