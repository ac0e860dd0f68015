"""The limits of every value that enters soviet, declared once and the same on every engine.

A value a person types (a slug, a name, a motion's text, an account, an id, an electorate, a
date) is checked here before any rule of the statute is asked and before anything reaches
the database, so that SQLite and PostgreSQL refuse exactly the same inputs with the same
words: a NUL byte that PostgreSQL cannot store, a slug longer than its column, an electorate
of 2^63-1 that would make a council of 92 quadrillion seats that can never reach quorum, a
signature dated in the year 2999. Each check raises InvalidInput naming the field; the
statute parser asks the `*_problem` functions instead, to report every problem at once.
`markdown` writes docs/limits.md from these declarations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from soviet.errors import InvalidInput, Problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: An account: a letter or digit, then letters, digits and . _ @ + - (an e-mail address is one).
ACCOUNT = re.compile(r"^[^\W_][\w.@+-]*$")

SLUG_MAX = 100
NAME_MAX = 300
ACCOUNT_MAX = 200
TEXT_MAX = 100_000
#: Ids are 64-bit signed integers on both engines.
ID_MAX = 2**63 - 1
#: Voters of one constituency (or votes of one party in one count): above the adult
#: population of the earth, far below what a 64-bit column holds.
ELECTORATE_MAX = 10**10
#: Seats of one body, delegates one constituency sends, and votes in one plenary.
SEATS_MAX = 10**6
#: Days a token of the HTTP API may run for.
TOKEN_DAYS_MAX = 3650
#: Days an invitation's code stays good for: the most, and when none is asked.
INVITATION_DAYS_MAX = 365
INVITATION_DAYS_DEFAULT = 30
#: A council's fixed term, in days (a century), so that no term runs past what a date holds.
TERM_DAYS_MAX = 36_525
#: A franchise's minimum age, in years.
AGE_MAX = 150
#: How many entries, rows or items one read may ask for.
PAGE_MAX = 10**6
#: The first and last moments an act or a query may name: wide enough for the replay of
#: 1917 and for a statute's scheduled dates; narrow enough that no engine, no time zone
#: and no term added to it leaves what datetime can hold.
EARLIEST = datetime(1800, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
#: How far an act's own date may lie after the clock of the server that records it.
CLOCK_SKEW = timedelta(minutes=5)
#: Dates of an act that name the future on purpose: when an admission or a statute takes
#: effect, and when a mandate's term expires.
SCHEDULED_FIELDS = frozenset({"admitted_at", "effective_at", "expires_at"})

#: Characters that reorder or hide text when shown (bidirectional overrides, embeddings,
#: isolates and marks): refused in names, where they can disguise one name as another.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: Control characters a text (a motion, a programme) may keep.
TEXT_WHITESPACE = frozenset("\n\t\r")


def _bad_character(value: str, *, allowed: frozenset[str], bidi: bool) -> str | None:
    """Why a character of `value` may not be stored, or None when all may."""
    for index, char in enumerate(value):
        if char in allowed:
            continue
        category = unicodedata.category(char)
        if char == "\x00":
            return f"contains a NUL character at position {index + 1}"
        if char == "\x1b":
            return f"contains an escape character (ANSI) at position {index + 1}"
        if category == "Cs":
            return f"is not valid UTF-8 (a lone surrogate at position {index + 1})"
        if category in ("Cc", "Zl", "Zp"):
            return f"contains a control character U+{ord(char):04X} at position {index + 1}"
        if bidi and char in BIDI_CONTROLS:
            return (
                f"contains a bidirectional control character U+{ord(char):04X} "
                f"at position {index + 1}"
            )
    return None


def unstorable_problem(value: str) -> str | None:
    """Why no engine can store `value` (a NUL; a lone surrogate, from bytes that were not
    UTF-8), or None. A door applies it to every text it is given, before a lookup reaches
    a database: PostgreSQL refuses both, SQLite the second."""
    for index, char in enumerate(value):
        if char == "\x00":
            return f"contains a NUL character at position {index + 1}"
        if "\ud800" <= char <= "\udfff":
            return f"is not valid UTF-8 (a lone surrogate at position {index + 1})"
    return None


def slug_problem(value: object) -> str | None:
    """Why `value` is not a slug, or None when it is one."""
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        return "must be a slug of lowercase letters, digits and hyphens"
    if len(value) > SLUG_MAX:
        return f"must be a slug of at most {SLUG_MAX} characters, got {len(value)}"
    return None


def name_problem(value: object, *, maximum: int = NAME_MAX) -> str | None:
    """Why `value` is not a name (one line, printable, no bidirectional controls), or None."""
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty text"
    if len(value.strip()) > maximum:
        return f"must be at most {maximum} characters, got {len(value.strip())}"
    return _bad_character(value.strip(), allowed=frozenset(), bidi=True)


def text_problem(value: object, *, maximum: int = TEXT_MAX) -> str | None:
    """Why `value` is not a text (lines, tabs, no other control characters), or None."""
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty text"
    if len(value) > maximum:
        return f"must be at most {maximum} characters, got {len(value)}"
    return _bad_character(value, allowed=TEXT_WHITESPACE, bidi=False)


def account_problem(value: object) -> str | None:
    """Why `value` is not an account name, or None when it is one."""
    if not isinstance(value, str) or not value.strip():
        return "it is empty"
    text = value.strip()
    if len(text) > ACCOUNT_MAX:
        return f"must be at most {ACCOUNT_MAX} characters, got {len(text)}"
    if not ACCOUNT.fullmatch(text):
        return "must be letters and digits, with . _ @ + - after the first"
    return None


def integer_problem(value: object, *, minimum: int, maximum: int) -> str | None:
    """Why `value` is not an integer from `minimum` to `maximum`, or None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be an integer, got {type(value).__name__}"
    if not minimum <= value <= maximum:
        return f"must be from {minimum} to {maximum}, got {value}"
    return None


def _refuse(field: str, reason: str | None) -> None:
    if reason is not None:
        raise InvalidInput(f"{field}: {reason}", problems=[Problem(field, reason)])


def check_slug(value: str, field: str) -> str:
    """`value` if it is a slug; else InvalidInput naming `field`."""
    _refuse(field, slug_problem(value))
    return value


def check_name(value: str, field: str, *, maximum: int = NAME_MAX) -> str:
    """`value` stripped, if it is a name; else InvalidInput naming `field`."""
    _refuse(field, name_problem(value, maximum=maximum))
    return value.strip()


def check_text(value: str, field: str, *, maximum: int = TEXT_MAX) -> str:
    """`value` stripped, if it is a text; else InvalidInput naming `field`."""
    _refuse(field, text_problem(value, maximum=maximum))
    return value.strip()


def check_account(value: str, field: str) -> str:
    """`value` stripped, if it is an account name; else InvalidInput naming `field`."""
    reason = account_problem(value)
    if reason is not None:
        reason = f"{value!r} is not an account name: {reason}"
    _refuse(field, reason)
    return value.strip()


def check_integer(value: int, field: str, *, minimum: int = 0, maximum: int = ID_MAX) -> int:
    """`value` if it is an integer from `minimum` to `maximum`; else InvalidInput."""
    _refuse(field, integer_problem(value, minimum=minimum, maximum=maximum))
    return value


def check_id(value: int, field: str) -> int:
    """`value` if it can be an id (1 to 2^63-1); else InvalidInput naming `field`."""
    return check_integer(value, field, minimum=1, maximum=ID_MAX)


def moment_problem(moment: datetime) -> str | None:
    """Why `moment` lies outside the window soviet records, or None."""
    if moment.tzinfo is None:
        return "must carry its time zone"
    if not EARLIEST <= moment < LATEST:
        return f"must lie {window()} (UTC)"
    return None


def window() -> str:
    """The window of dates, as messages and help texts say it."""
    return f"from {EARLIEST:%Y-%m-%d} to {LATEST - timedelta(days=1):%Y-%m-%d}"


def check_moment(moment: datetime, field: str) -> datetime:
    """`moment` if it lies in the window; else InvalidInput naming `field`."""
    _refuse(field, moment_problem(moment))
    return moment


def check_act_dates(fields: Mapping[str, object], *, now: datetime) -> None:
    """Refuse an act whose own dates (its `at` and `*_at` fields, as journaled) lie after `now`
    by more than CLOCK_SKEW, but for the SCHEDULED_FIELDS.

    A date in the past is a back-dated entry (the replay of 1917 is one, and so is a vote
    counted on paper entered the next day); the journal's order bounds it below: every entry
    is recorded at the clock's time, whatever date the act names.
    """
    problems = []
    latest = now + CLOCK_SKEW
    for name, value in fields.items():
        is_date = name == "at" or name.endswith("_at")
        if not is_date or name in SCHEDULED_FIELDS or not isinstance(value, str):
            continue
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            continue  # not a journaled time: the event's own schema refuses it
        if moment.tzinfo is not None and moment > latest:
            problems.append(
                Problem(
                    name,
                    f"{value} lies in the future: an act may be dated at most "
                    f"{_minutes(CLOCK_SKEW)} minutes after the clock ({now:%Y-%m-%dT%H:%M:%SZ})",
                )
            )
    if problems:
        raise InvalidInput("; ".join(map(str, problems)), problems=problems)


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


@dataclass(frozen=True)
class Limit:
    """One documented limit: what it bounds and the bound."""

    what: str
    bound: str


LIMITS: tuple[Limit, ...] = (
    Limit(
        "slug (federation, council, kind, constituency, party, person, motion)",
        f"lowercase letters, digits and single hyphens; 1 to {SLUG_MAX} characters",
    ),
    Limit(
        "name (of a federation, council, constituency, person, party; a motion's title)",
        f"1 to {NAME_MAX} characters after trimming; no control characters (NUL, escape "
        "and ANSI sequences, line breaks), no lone surrogates (text that is not UTF-8), no "
        "bidirectional controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069)",
    ),
    Limit(
        "text (a motion's or act's text, a party's programme)",
        f"1 to {TEXT_MAX} characters; line breaks and tabs allowed, no other control "
        "characters, no lone surrogates",
    ),
    Limit(
        "account (--as, administrators, secretariats, committees, member registers)",
        f"1 to {ACCOUNT_MAX} characters: a letter or digit, then letters, digits and "
        ". _ @ + -; never empty; 'system' and 'public' are reserved",
    ),
    Limit(
        "id (session, election, petition, motion, act, journal entry)",
        "the number of the journal entry that made it, such as 11, or 11.3 for another "
        f"thing that entry made (soviet.domain.ids); stored from 1 to {ID_MAX} (64 bits)",
    ),
    Limit(
        "electorate of a constituency; votes of a party in one count",
        f"an integer from 0 to {ELECTORATE_MAX:_}".replace("_", " "),
    ),
    Limit(
        "seats of a body (house size, fixed delegates, executive and commission seats, "
        "co-opted seats); votes counted in a plenary",
        f"an integer up to {SEATS_MAX:_}".replace("_", " "),
    ),
    Limit(
        "entries one read asks for (--count; a page's --limit is at most 500)",
        f"an integer from 1 to {PAGE_MAX:_}".replace("_", " "),
    ),
    Limit(
        "a date or moment (--at, --as-of, --effective)",
        f"{window()} (UTC); a date "
        "alone means the start of that day (for --as-of, its end); without a zone, UTC",
    ),
    Limit(
        "the date of an act (--at)",
        f"at most {_minutes(CLOCK_SKEW)} minutes after the server's clock; any earlier "
        "date is a back-dated entry (recorded at the clock's time, in the journal's "
        "order); only " + ", ".join(sorted(SCHEDULED_FIELDS)) + " may lie in the future",
    ),
)


def markdown() -> str:
    """docs/limits.md: every limit, as declared here."""
    lines = [
        "# Limits",
        "",
        "<!-- Generated by scripts/docs.py from soviet.domain.limits; do not edit. -->",
        "",
        "Every value that enters soviet (through the command line, a statute, a CSV file or,",
        "later, the HTTP API) is checked against these limits before anything is written,",
        "identically on SQLite and PostgreSQL. A value outside them is refused with the name",
        "of the field and the reason (exit code 2 on the command line).",
        "",
        "| value | limit |",
        "|---|---|",
        *(f"| {limit.what} | {limit.bound} |" for limit in LIMITS),
        "",
        "## Back-dated entries",
        "",
        "An act may name its own date with `--at`, earlier than now: the replay of 1917 does,",
        "and so does a secretary entering on Monday the votes counted on paper on Sunday. The",
        "journal records every entry at the clock's time and in its order, so a back-dated act",
        "is always shown as entered after everything before it. An act dated after the clock",
        f"by more than {_minutes(CLOCK_SKEW)} minutes (a signature dated 2999) is refused.",
        "",
    ]
    return "\n".join(lines)
