"""The project's errors: one root, a few branches, and a stable code on every one.

    SovietError                 anything the project raises on purpose
     +-- InvalidInput           the caller's input is malformed or out of range
     |    +-- methods.Tie       (in soviet.methods) a true tie that the rule may not break
     +-- NotFound               a named thing does not exist
     +-- Forbidden              the acting account may not do this
     +-- Conflict               the act clashes with the current state (retry or give up)
     +-- RuleViolation          the act is well formed but a statute or invariant forbids it
     +-- StorageError           the database cannot be reached, opened or written (unavailable)
     +-- IntegrityError         the journal or a projection has been tampered with

Every error carries a `code`: a stable snake_case word that programs outside the package
rely on (the API's problem type, the CLI's JSON errors). Each class has a default code; a
raise site names a narrower one where a client acts on it (`already_voted`, `not_present`,
...); CODES lists every code with what it means. Messages say what, which item and why,
name no command-line flag, and can be printed as one line. Where a check finds several
problems, `problems` lists each with the path of the field it concerns. Each entrypoint
keeps one table from classes (or codes) to its exit codes or HTTP statuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (a dotted path, a file's line) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


#: Every error code, with what it means. Codes are never renamed once published.
CODES: dict[str, str] = {
    "invalid_input": "the input is malformed or out of range; `problems` says where",
    "statute_invalid": "a statute document breaks the statute's rules",
    "tie": "a true tie for the last seats that no rule of the statute may break",
    "not_found": "a named thing does not exist (or is not visible to the actor)",
    "forbidden": "the actor may not do this act or see this",
    "conflict": "the act clashes with one already recorded; nothing changed",
    "already_voted": "this person has already voted (or signed) here",
    "rule_violation": "the act is well formed but a rule of the statute forbids it",
    "not_present": "the person is not checked in at the session",
    "not_entitled": "the person holds no right to vote or act here",
    "poll_not_open": "the vote, election or session is not open (or no longer open)",
    "mandate_ended": "the person holds no mandate there: it has ended, or never began",
    "no_quorum": "the session is not quorate",
    "unavailable": "the database cannot be reached, is not initialised, or is too busy",
    "integrity": "the journal or a projection does not match what was recorded",
}


class SovietError(Exception):
    """Root of every error the project raises on purpose."""

    code: str = "error"
    default_code: ClassVar[str] = "error"

    def __init__(
        self, message: str, *, code: str | None = None, problems: Sequence[Problem] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        if self.code not in CODES:
            raise ValueError(f"error code {self.code!r} is not in errors.CODES")
        self.problems: tuple[Problem, ...] = tuple(problems)

    def as_json(self) -> dict[str, object]:
        """The error as every door reports it to a program."""
        return {
            "code": self.code,
            "message": self.message,
            "problems": [{"path": p.path, "message": p.message} for p in self.problems],
        }


class InvalidInput(SovietError):
    """The input is malformed or out of range; the message names the field and the reason."""

    default_code = "invalid_input"


class NotFound(SovietError):
    """A named thing does not exist."""

    default_code = "not_found"


class Forbidden(SovietError):
    """The acting account has no right to this act; the message reveals nothing else."""

    default_code = "forbidden"


class Conflict(SovietError):
    """The act clashes with the current state."""

    default_code = "conflict"


class RuleViolation(SovietError):
    """The act is well formed but a rule forbids it."""

    default_code = "rule_violation"


class StorageError(SovietError):
    """The database cannot be reached, opened, written, or is not ready for this soviet."""

    default_code = "unavailable"


class IntegrityError(SovietError):
    """The journal or a projection does not match what was recorded."""

    default_code = "integrity"


def problems_of(lines: Sequence[str]) -> list[Problem]:
    """Problems from lines that read "WHERE: WHY" (a line without a place has none)."""
    found = []
    for line in lines:
        where, sep, why = line.partition(": ")
        found.append(Problem(where, why) if sep else Problem("", line))
    return found


def all_problems(what: str, problems: Sequence[Problem], *, code: str = "invalid_input") -> None:
    """Refuse with every problem at once: one message naming the first fifty, and the list."""
    if not problems:
        return
    count = len(problems)
    shown = [str(problem) for problem in problems[:50]]
    more = [f"... and {count - 50} more"] if count > 50 else []
    message = f"{what}: {count} problem{'s' if count > 1 else ''}:\n  " + "\n  ".join(shown + more)
    raise InvalidInput(message, code=code, problems=problems)
