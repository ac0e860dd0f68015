"""Reading a statute document: typed values out of YAML, every problem kept with its path."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from soviet.domain.limits import (
    EARLIEST,
    ELECTORATE_MAX,
    LATEST,
    SEATS_MAX,
    name_problem,
    slug_problem,
    window,
)
from soviet.domain.rules import ROUNDINGS, DelegateRule, HouseRule
from soviet.errors import InvalidInput, Problem
from soviet.methods import METHODS


class _Problems:
    """Collects every problem with its path, so that all are reported at once."""

    #: What the document is, in the message's first words.
    what = "statute"
    code = "statute_invalid"

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    @property
    def found(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    def add(self, path: str, reason: str) -> None:
        self.problems.append(Problem(path, reason))

    def raise_if_any(self) -> None:
        if self.problems:
            count = len(self.problems)
            head = f"{self.what} has {count} problem{'s' if count > 1 else ''}:"
            raise InvalidInput(
                "\n  ".join([head, *self.found]), code=self.code, problems=self.problems
            )


def _keys(
    value: object, path: str, allowed: tuple[str, ...], p: _Problems, *, open_keys: bool = False
) -> dict[str, Any]:
    """A mapping with only `allowed` keys (unknown ones reported), or {} if not a mapping."""
    if not isinstance(value, Mapping):
        p.add(path, f"must be a mapping, got {_shown(value)}")
        return {}
    for key in value:
        if not open_keys and key not in allowed:
            p.add(f"{path}.{key}", f"unknown key; expected one of {', '.join(allowed)}")
    return {str(k): v for k, v in value.items()}


def _shown(value: object, *, short: bool = False) -> str:
    if value is None:
        return "nothing"
    shown = repr(value)
    if short and len(shown) > 60:
        shown = f"{shown[:40]}… ({len(shown)} characters)"
    return f"{type(value).__name__} {shown}"


def _slug(value: object, path: str, p: _Problems) -> str:
    reason = slug_problem(value)
    if reason is not None:
        p.add(path, f"{reason}, got {_shown(value, short=True)}")
        return ""
    assert isinstance(value, str)
    return value


def _text(value: object, path: str, p: _Problems) -> str:
    reason = name_problem(value)
    if reason is not None:
        p.add(path, f"{reason}, got {_shown(value, short=True)}")
        return ""
    assert isinstance(value, str)
    return value.strip()


def _int(
    value: object, path: str, p: _Problems, *, minimum: int = 0, maximum: int = ELECTORATE_MAX
) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        p.add(path, f"must be an integer of at least {minimum}, got {_shown(value)}")
        return minimum
    if value > maximum:
        p.add(path, f"must be an integer of at most {maximum}, got {value}")
        return maximum
    return value


def _seats(value: object, path: str, p: _Problems, *, minimum: int = 0) -> int:
    """A number of seats: an integer up to SEATS_MAX."""
    return _int(value, path, p, minimum=minimum, maximum=SEATS_MAX)


def _choice(value: object, choices: tuple[str, ...], path: str, p: _Problems) -> str:
    if value not in choices:
        p.add(path, f"must be one of {', '.join(choices)}, got {_shown(value)}")
        return choices[0]
    return str(value)


def parse_share(value: object) -> Fraction:
    """A share written as 3%, 1/2, 0.05 or 0; raises ValueError when it is none."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            return Fraction(text[:-1].strip()) / 100
        return Fraction(text)
    raise ValueError(value)


def _share(value: object, path: str, p: _Problems, *, positive: bool) -> Fraction:
    try:
        share = parse_share(value)
    except (ValueError, ZeroDivisionError):
        share = Fraction(-1)
    low_ok = share > 0 if positive else share >= 0
    if not low_ok or share > 1:
        lowest = "above 0" if positive else "0"
        p.add(path, f"must be a share from {lowest} to 1 (as 3%, 1/2 or 0.05), got {_shown(value)}")
        return Fraction(1)
    return share


def _date(value: object, path: str, p: _Problems) -> date:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        p.add(path, f"must be a date (YYYY-MM-DD), got {_shown(value)}")
        return date.min
    if not EARLIEST.date() <= day < LATEST.date():
        p.add(path, f"must lie {window()}, got {day}")
    return day


def _method(value: object, path: str, p: _Problems) -> str:
    if value not in METHODS:
        p.add(path, f"unknown method {_shown(value)}; known: {', '.join(sorted(METHODS))}")
        return "sainte-lague"
    return str(value)


def _delegate_rule(value: object, path: str, p: _Problems) -> DelegateRule:
    raw = _keys(value, path, ("per_voters", "rounding", "minimum", "maximum", "fixed"), p)
    if ("per_voters" in raw) == ("fixed" in raw):
        p.add(path, "must give exactly one of per_voters (1 per N voters) and fixed")
        return DelegateRule(fixed=1)
    if "fixed" in raw:
        extra = sorted(set(raw) - {"fixed"})
        if extra:
            p.add(path, f"a fixed number of delegates takes no {', '.join(extra)}")
        return DelegateRule(fixed=_seats(raw["fixed"], f"{path}.fixed", p, minimum=1))
    minimum = _seats(raw.get("minimum", 1), f"{path}.minimum", p)
    maximum = raw.get("maximum")
    if maximum is not None:
        maximum = _seats(maximum, f"{path}.maximum", p, minimum=max(minimum, 1))
    return DelegateRule(
        per_voters=_int(raw["per_voters"], f"{path}.per_voters", p, minimum=1),
        rounding=_choice(raw.get("rounding", "nearest"), ROUNDINGS, f"{path}.rounding", p),
        minimum=minimum,
        maximum=maximum,
    )


def _house(value: object, path: str, p: _Problems) -> HouseRule:
    """A total `size` apportioned by `method`, with at least `minimum` seats each."""
    raw = _keys(value, path, ("size", "method", "minimum"), p)
    size = _seats(raw.get("size"), f"{path}.size", p, minimum=1)
    minimum = _seats(raw.get("minimum", 0), f"{path}.minimum", p)
    method = _method(raw.get("method", "huntington-hill"), f"{path}.method", p)
    return HouseRule(size=size, method=method, minimum=minimum)


def _entries(
    value: object, path: str, what: str, keys: tuple[str, ...], p: _Problems
) -> list[tuple[str, dict[str, Any]]]:
    """An optional list of mappings with `keys`: each with its path (nothing when absent)."""
    if value is None:
        return []
    if not isinstance(value, list):
        p.add(path, f"must be a list of {what}, got {_shown(value)}")
        return []
    return [
        (f"{path}[{index}]", _keys(item, f"{path}[{index}]", keys, p))
        for index, item in enumerate(value)
    ]
