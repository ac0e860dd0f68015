"""Exact JSON for the journal's payloads, read from the type hints of frozen dataclasses.

A `Record` is written as a JSON object whose keys are its fields; a `Row` as a JSON array
of its fields in order (the compact rows of big payloads: a seat, a count of votes). The
types a field may have: int, str, bool, None, `X | None`, a union of those, `tuple[X, ...]`
(a JSON array), a fixed `tuple[X, Y]`, `Mapping[str, X]` (a JSON object), a nested Record
or Row, and a `Statute` (the statute written out in full). Reading is exact: a value of
another JSON type, a missing key or a key no field names is refused, with its path, so
that a payload read and written again gives the same canonical text.

Two marks on a field keep older entries readable and exact:
- a field with a default may be missing from older entries, which read as the default;
- `field(default=None, metadata=OMITTED_WHEN_NONE)`: the key is left out when the value
  is None (and must then be left out, never written as null).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

from soviet.domain.journal import JsonValue
from soviet.domain.rules import Statute
from soviet.domain.statute import parse_statute
from soviet.domain.statute_text import statute_document
from soviet.errors import InvalidInput

Encoder = Callable[[Any], JsonValue]
Decoder = Callable[[JsonValue], Any]

#: Metadata of a field whose key is left out of the JSON when the value is None.
OMITTED = "omitted_when_none"
OMITTED_WHEN_NONE = types.MappingProxyType({OMITTED: True})

R = TypeVar("R", bound="Record")


@dataclasses.dataclass(frozen=True)
class Record:
    """A value written as a JSON object, one key per field."""


@dataclasses.dataclass(frozen=True)
class Row:
    """A value written as a JSON array of its fields, in order."""

    IS_ROW: ClassVar[bool] = True


class _Misfit(Exception):
    """Where (a path below the value being read) and why a JSON value does not fit; the
    path is assembled on the way up, so that reading what fits builds no path at all."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems

    def under(self, step: str) -> _Misfit:
        return _Misfit([(step + where, reason) for where, reason in self.problems])

    def text(self, path: str) -> str:
        return "; ".join(f"{path}{where}: {reason}" for where, reason in self.problems)


def _misfit(reason: str) -> _Misfit:
    return _Misfit([("", reason)])


def _plain(kind: type) -> tuple[Encoder, Decoder]:
    name = "null" if kind is type(None) else kind.__name__

    def decode(value: JsonValue) -> Any:
        if type(value) is not kind:
            raise _misfit(f"must be {name}, got {_json_type(value)}")
        return value

    return _same, decode


def _same(value: Any) -> JsonValue:
    return value


def _json_type(value: object) -> str:
    names = {bool: "bool", int: "int", str: "str", type(None): "null", list: "list"}
    return names.get(type(value), "object" if isinstance(value, dict) else type(value).__name__)


def _union(members: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    codecs = [(member, codec(member)) for member in members]
    if all(encode is _same for _, (encode, _) in codecs):
        encode: Encoder = _same
    else:

        def encode(value: Any) -> JsonValue:
            for member, (member_encode, _) in codecs:
                if _is_instance(value, member):
                    return member_encode(value)
            raise InvalidInput(f"{value!r} is none of {members}")

    def decode(value: JsonValue) -> Any:
        reasons = []
        for _, (_, member_decode) in codecs:
            try:
                return member_decode(value)
            except _Misfit as misfit:
                reasons += [f"{where}: {why}" if where else why for where, why in misfit.problems]
        raise _misfit(" or ".join(reasons))

    return encode, decode


def _is_instance(value: object, kind: Any) -> bool:
    origin = typing.get_origin(kind) or kind
    if origin is type(None):
        return value is None
    return isinstance(value, origin) and not (origin is int and isinstance(value, bool))


def _items(value: list[Any], item_decode: Decoder) -> tuple[Any, ...]:
    try:
        return tuple(map(item_decode, value))
    except _Misfit:
        pass
    for index, item in enumerate(value):  # find which, to name it
        try:
            item_decode(item)
        except _Misfit as misfit:
            raise misfit.under(f"[{index}]") from None
    raise AssertionError("an item did not fit, then did")


def _tuple(arguments: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    if len(arguments) == 2 and arguments[1] is Ellipsis:
        item_encode, item_decode = codec(arguments[0])

        def encode(value: Any) -> JsonValue:
            if item_encode is _same:
                return list(value)
            return [item_encode(item) for item in value]

        def decode(value: JsonValue) -> Any:
            if type(value) is not list:
                raise _misfit(f"must be a list, got {_json_type(value)}")
            return _items(value, item_decode)

        return encode, decode
    return _fixed([codec(argument) for argument in arguments], _tuple_of, _same)


def _fixed(
    codecs: list[tuple[Encoder, Decoder]],
    build: Callable[..., Any],
    parts: Callable[[Any], Any],
) -> tuple[Encoder, Decoder]:
    """A JSON array of a fixed length, each place of its own type: `parts` gives the
    values of its places, `build` makes the value of them."""
    size = len(codecs)
    if all(enc is _same for enc, _ in codecs):

        def encode(value: Any) -> JsonValue:
            return list(parts(value))

    else:

        def encode(value: Any) -> JsonValue:
            return [enc(item) for (enc, _), item in zip(codecs, parts(value), strict=True)]

    decoders = [dec for _, dec in codecs]

    def decode(value: JsonValue) -> Any:
        if type(value) is not list or len(value) != size:
            raise _misfit(f"must be a list of {size}, got {_json_type(value)}")
        places = []
        for index, (dec, item) in enumerate(zip(decoders, value, strict=True)):
            try:
                places.append(dec(item))
            except _Misfit as misfit:
                raise misfit.under(f"[{index}]") from None
        return build(*places)

    return encode, decode


def _mapping(value_type: Any) -> tuple[Encoder, Decoder]:
    value_encode, value_decode = codec(value_type)

    def encode(value: Any) -> JsonValue:
        return {key: value_encode(item) for key, item in value.items()}

    def decode(value: JsonValue) -> Any:
        if not isinstance(value, dict):
            raise _misfit(f"must be an object, got {_json_type(value)}")
        found = {}
        for key, item in value.items():
            try:
                found[key] = value_decode(item)
            except _Misfit as misfit:
                raise misfit.under(f".{key}") from None
        return found

    return encode, decode


def _statute() -> tuple[Encoder, Decoder]:
    def decode(value: JsonValue) -> Any:
        try:
            return parse_statute(value)
        except InvalidInput as error:
            raise _misfit(f"not a statute: {error}") from None

    return statute_document, decode


def _fields(cls: type) -> list[tuple[dataclasses.Field[Any], Any]]:
    hints = typing.get_type_hints(cls)
    return [(f, hints[f.name]) for f in dataclasses.fields(cls)]


def _row(cls: type) -> tuple[Encoder, Decoder]:
    fields = _fields(cls)
    names = [f.name for f, _ in fields]
    return _fixed([codec(kind) for _, kind in fields], cls, lambda value: _values(value, names))


def _values(value: Any, names: list[str]) -> list[Any]:
    return [getattr(value, name) for name in names]


def _record(cls: type) -> tuple[Encoder, Decoder]:
    fields = [(f.name, codec(kind), f) for f, kind in _fields(cls)]
    names = frozenset(name for name, _, _ in fields)
    required = frozenset(name for name, _, f in fields if _is_required(f))
    omitted = frozenset(name for name, _, f in fields if f.metadata.get(OMITTED))
    coded = [(name, enc) for name, (enc, _), _ in fields if enc is not _same]
    decoders = [(name, dec) for name, (_, dec), _ in fields]

    def encode(value: Any) -> JsonValue:
        data = dict(value.__dict__)  # a frozen dataclass keeps exactly its fields there
        for name, enc in coded:
            data[name] = enc(data[name])
        for name in omitted:
            if data[name] is None:
                del data[name]
        return data

    def decode(value: JsonValue) -> Any:
        if not isinstance(value, dict):
            raise _misfit(f"must be an object, got {_json_type(value)}")
        if value.keys() != names:
            _check_keys(value, names, required)
        for name in omitted:
            if name in value and value[name] is None:
                raise _Misfit([(f".{name}", "is left out when empty, not null")])
        found = {}
        for name, dec in decoders:
            if name in value:
                try:
                    found[name] = dec(value[name])
                except _Misfit as misfit:
                    raise misfit.under(f".{name}") from None
        return cls(**found)

    return encode, decode


def _is_required(field: dataclasses.Field[Any]) -> bool:
    missing = dataclasses.MISSING
    return field.default is missing and field.default_factory is missing


def _check_keys(value: Mapping[str, Any], names: frozenset[str], required: frozenset[str]) -> None:
    unknown = sorted(set(value) - names)
    missing = sorted(required - set(value))
    problems = [(f".{name}", "no such field") for name in unknown]
    problems += [(f".{name}", "missing") for name in missing]
    if problems:
        raise _Misfit(problems)


@functools.cache
def codec(kind: Any) -> tuple[Encoder, Decoder]:
    """The encoder and decoder of values of a type (worked out once per type)."""
    if kind in (int, str, bool, type(None)):
        return _plain(kind)
    if kind is Statute:
        return _statute()
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        return _union(arguments)
    if origin is tuple:
        return _tuple(arguments)
    if origin in (Mapping, dict) and arguments[0] is str:
        return _mapping(arguments[1])
    if isinstance(kind, type) and issubclass(kind, Row):
        return _row(kind)
    if isinstance(kind, type) and issubclass(kind, Record):
        return _record(kind)
    raise TypeError(f"no JSON form for {kind!r}")


def encode(value: Record | Row) -> JsonValue:
    """A record or row as JSON."""
    kind: Any = type(value)
    return codec(kind)[0](value)


def decode(kind: type[R], value: JsonValue, path: str = "payload") -> R:
    """A record of `kind` read from JSON, exactly; InvalidInput names the first bad place."""
    schema: Any = kind
    try:
        found: R = codec(schema)[1](value)
    except _Misfit as misfit:
        raise InvalidInput(misfit.text(path)) from None
    return found


def _tuple_of(*items: Any) -> tuple[Any, ...]:
    return items
