"""One exact JSON form for every read model: what the CLI's `--json` prints and the API serves.

Dataclasses become objects (a field may name its key with `json_key`, or be left out
while None with `absent_if_none`), tuples and lists
arrays, enums their value, datetimes the journal's UTC text, dates ISO text, Fractions the
text "p/q" (an exact number, never a float). A value of any other type is refused, so a
read model cannot leak something that has no stable JSON form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from fractions import Fraction
from typing import Any

from soviet.domain.journal import format_time

#: The metadata key by which a dataclass field names its JSON key (a Python keyword such
#: as `with`, or a boolean field `is_voting` shown under its established key `voting`).
JSON_KEY = "json_key"
#: The metadata key of a field left out of the JSON when it is None: a part of a read
#: model that only some of its kind have (the roll call of a motion voted by roll call).
ABSENT_IF_NONE = "absent_if_none"

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def json_key(name: str) -> dict[str, str]:
    """Field metadata that shows a field under another key: `field(metadata=json_key("with"))`."""
    return {JSON_KEY: name}


def absent_if_none() -> dict[str, bool]:
    """Field metadata that leaves a field out of the JSON while it is None."""
    return {ABSENT_IF_NONE: True}


def _key(key: object) -> str:
    if isinstance(key, Enum):
        return str(key.value)
    if isinstance(key, str | int) and not isinstance(key, bool):
        return str(key)
    raise TypeError(f"a read model's mapping key must be text or a whole number, got {key!r}")


def _dataclass(view: Any) -> dict[str, JsonValue]:
    shown: dict[str, JsonValue] = {}
    for field in dataclasses.fields(view):
        value = getattr(view, field.name)
        if value is None and field.metadata.get(ABSENT_IF_NONE):
            continue
        shown[field.metadata.get(JSON_KEY, field.name)] = to_json(value)
    return shown


def to_json(view: object) -> JsonValue:
    """The JSON value of a read model, exactly: no value is rounded or guessed."""
    if view is None or isinstance(view, bool | int | float | str):
        return view
    if isinstance(view, Enum):
        return to_json(view.value)
    if isinstance(view, Fraction):
        return str(view)
    if isinstance(view, datetime):
        return format_time(view)
    if isinstance(view, date):
        return view.isoformat()
    if dataclasses.is_dataclass(view) and not isinstance(view, type):
        return _dataclass(view)
    if isinstance(view, Mapping):
        return {_key(key): to_json(value) for key, value in view.items()}
    if isinstance(view, list | tuple):
        return [to_json(item) for item in view]
    raise TypeError(f"a read model cannot hold a {type(view).__name__}: {view!r}")
