"""The project's errors: one root, a few branches.

    SovietError                 anything the project raises on purpose
     +-- InvalidInput           the caller's input is malformed or out of range
     |    +-- methods.Tie       (in soviet.methods) a true tie that the rule may not break
     +-- NotFound               a named thing does not exist
     +-- Forbidden              the acting account may not do this
     +-- Conflict               the act clashes with the current state (retry or give up)
     +-- RuleViolation          the act is well formed but a statute or invariant forbids it
     +-- StorageError           the database cannot be reached, opened or written
     +-- IntegrityError         the journal or a projection has been tampered with

Messages say what, which item and why, so that an entrypoint can print them as
one line. Each entrypoint keeps one table from these classes to its exit codes
or HTTP statuses.
"""


class SovietError(Exception):
    """Root of every error the project raises on purpose."""


class InvalidInput(SovietError):
    """The input is malformed or out of range; the message names the field and the reason."""


class NotFound(SovietError):
    """A named thing does not exist."""


class Forbidden(SovietError):
    """The acting account has no right to this act."""


class Conflict(SovietError):
    """The act clashes with the current state."""


class RuleViolation(SovietError):
    """The act is well formed but a rule forbids it."""


class StorageError(SovietError):
    """The database cannot be reached, opened or written."""


class IntegrityError(SovietError):
    """The journal or a projection does not match what was recorded."""
