"""Who the command-line tests act as: every act names its account, and the tests' setup is
done by the federation's administrator unless a test names another account."""

from __future__ import annotations

#: The administrator named by the statutes of the tests' federations.
ADMINISTRATOR = "chkheidze"
#: Commands that are the operator's own (or touch no database): they need no account.
OPERATOR_COMMANDS = frozenset(
    {"init", "apply", "verify", "journal", "demo", "allocate", "biproportional", "serve"}
)


def as_administrator(args: tuple[str, ...] | list[str]) -> list[str]:
    """`args` with `--as ADMINISTRATOR` added, unless they name an account or need none."""
    given = list(args)
    if not given or "--as" in given or "--help" in given:
        return given
    if given[0] in OPERATOR_COMMANDS or given[0].startswith("-"):
        return given
    return [*given, "--as", ADMINISTRATOR]
