"""JSON Schemas of the read models, generated from their type hints, for the OpenAPI
document: what `to_json` gives for a type is exactly what its schema admits.

A dataclass becomes a component (`#/components/schemas/NAME`) whose properties are its
fields under their JSON keys (`json_key`), all required but those `absent_if_none` leaves
out, and no others; a generic `Page[T]` becomes `PageOfT`. Text, whole numbers, booleans
and floats are themselves; a Fraction is the text "p/q"; datetimes and dates are text;
tuples and lists are arrays, mappings objects, enums their values, `X | None` either.
A type with no stable JSON form is refused, as `to_json` refuses it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from fractions import Fraction
from typing import Any, ForwardRef, TypeVar

from soviet.domain.views.encoding import ABSENT_IF_NONE, JSON_KEY, JsonValue

#: The components a document's schemas refer to, by name.
Components = dict[str, dict[str, Any]]

REF = "#/components/schemas/"

_SCALARS: dict[type, dict[str, Any]] = {
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    str: {"type": "string"},
    Fraction: {"type": "string", "pattern": "^-?[0-9]+(/[0-9]+)?$"},
    datetime: {"type": "string"},
    date: {"type": "string", "format": "date"},
}


def schema_of(hint: Any, components: Components) -> dict[str, Any]:
    """The JSON Schema of values of type `hint` as `to_json` shows them; the dataclasses
    it holds are added to `components` and referred to by name."""
    return _Builder(components).schema(hint, {})


#: The components of every read model a route declares (filled as routes are declared,
#: at import; the OpenAPI document takes them all).
DECLARED: Components = {}


def read_responses(model: Any, headers: Mapping[str, Any]) -> dict[int | str, Any]:
    """The responses a read declares: 200 with the schema of `model` and `headers`, and
    304 (the client holds that body already)."""
    shown = schema_of(model, DECLARED)
    return {
        200: {
            "description": "The read model, exactly as the CLI's --json prints it",
            "headers": dict(headers),
            "content": {"application/json": {"schema": shown}},
        },
        304: {
            "description": "Not modified: the client's If-None-Match holds this ETag",
            "headers": {"ETag": headers["ETag"]},
        },
    }


def document_components(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with the schemas of the declared read models among its components."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in sorted(DECLARED):
        if schemas.setdefault(name, DECLARED[name]) != DECLARED[name]:
            raise ValueError(f"two schemas are named {name!r} in the OpenAPI document")
    return document


def component_name(hint: Any) -> str:
    """The component's name of a dataclass type: `Motion`, `PageOfElectionLine`."""
    origin = typing.get_origin(hint) or hint
    arguments = typing.get_args(hint)
    name: str = origin.__name__
    if arguments:
        name += "Of" + "And".join(component_name(argument) for argument in arguments)
    return name


class _Builder:
    def __init__(self, components: Components) -> None:
        self.components = components

    def schema(self, hint: Any, bound: Mapping[Any, Any]) -> dict[str, Any]:
        if isinstance(hint, TypeVar):
            return self.schema(bound[hint], bound)
        if hint is Any or hint is object or hint is JsonValue or isinstance(hint, ForwardRef):
            return {}
        if hint is None or hint is type(None):
            return {"type": "null"}
        if isinstance(hint, type) and hint in _SCALARS:
            return dict(_SCALARS[hint])
        if isinstance(hint, type) and issubclass(hint, Enum):
            return {"enum": [member.value for member in hint]}
        origin = typing.get_origin(hint)
        if origin is typing.Literal:
            return {"enum": list(typing.get_args(hint))}
        if origin is typing.Union or origin is types.UnionType:
            return self.union(typing.get_args(hint), bound)
        if dataclasses.is_dataclass(origin or hint):
            return self.dataclass(hint, bound)
        return self.container(hint, origin, bound)

    def union(self, choices: Sequence[Any], bound: Mapping[Any, Any]) -> dict[str, Any]:
        return {"anyOf": [self.schema(choice, bound) for choice in choices]}

    def container(self, hint: Any, origin: Any, bound: Mapping[Any, Any]) -> dict[str, Any]:
        arguments = typing.get_args(hint)
        if isinstance(origin, type) and issubclass(origin, tuple):
            if len(arguments) == 2 and arguments[1] is Ellipsis:
                return {"type": "array", "items": self.schema(arguments[0], bound)}
            each = [self.schema(argument, bound) for argument in arguments]
            size = len(each)
            return {"type": "array", "prefixItems": each, "minItems": size, "maxItems": size}
        if isinstance(origin, type) and issubclass(origin, Mapping):
            values = self.schema(arguments[1], bound) if arguments else {}
            return {"type": "object", "additionalProperties": values}
        if isinstance(origin, type) and issubclass(origin, Sequence):
            items = self.schema(arguments[0], bound) if arguments else {}
            return {"type": "array", "items": items}
        raise TypeError(f"a read model cannot hold a {hint!r}: it has no JSON form")

    def dataclass(self, hint: Any, bound: Mapping[Any, Any]) -> dict[str, Any]:
        name = component_name(_resolved(hint, bound))
        if name not in self.components:
            self.components[name] = {}  # set before its fields: a tree refers to itself
            self.components[name] = self.fields(_resolved(hint, bound), bound)
        return {"$ref": REF + name}

    def fields(self, hint: Any, bound: Mapping[Any, Any]) -> dict[str, Any]:
        origin = typing.get_origin(hint) or hint
        parameters = getattr(origin, "__parameters__", ())
        inner = {**bound, **dict(zip(parameters, typing.get_args(hint), strict=True))}
        hints = typing.get_type_hints(origin)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in dataclasses.fields(origin):
            key = field.metadata.get(JSON_KEY, field.name)
            shown = self.schema(hints[field.name], inner)
            if isinstance(field.default, str | int) and not isinstance(field.default, bool):
                shown = {**shown, "default": field.default}
            properties[key] = shown
            if not field.metadata.get(ABSENT_IF_NONE):
                required.append(key)
        described: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        summary = _summary(origin)
        if summary:
            described["description"] = summary
        return described


def _resolved(hint: Any, bound: Mapping[Any, Any]) -> Any:
    # `Page[T]` inside a generic read model names the page of what T is bound to.
    arguments = typing.get_args(hint)
    if not arguments:
        return hint
    chosen = tuple(bound.get(argument, argument) for argument in arguments)
    origin = typing.get_origin(hint)
    return origin[chosen] if len(chosen) > 1 else origin[chosen[0]]


def _summary(origin: type) -> str:
    doc = origin.__doc__ or ""
    if doc.startswith(origin.__name__ + "("):  # dataclasses make one from the signature
        return ""
    return doc.strip().split("\n\n")[0].replace("\n", " ")
