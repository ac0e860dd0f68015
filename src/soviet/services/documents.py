"""Reading a YAML document (a statute, a scenario) safely, and placing its problems in it.

A statute is a few kilobytes written by hand, so whatever is far beyond that is refused
before it can cost time or memory: a file larger than MAX_BYTES, nesting deeper than
MAX_DEPTH, more than MAX_NODES nodes once its aliases are expanded (a "billion laughs" of
468 bytes would otherwise expand to billions), text that is not UTF-8, and a key given
twice in one mapping (YAML would keep the last silently, and a whole council with it).
Dates are read as text, so that an impossible date (2024-02-30) is one more problem of the
document's checker, reported with the others, rather than an error of the reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from soviet.errors import InvalidInput, Problem

#: The largest document read, in bytes (a statute of a hundred councils is under 100 KB).
MAX_BYTES = 1 << 20
#: The deepest nesting of mappings and lists, the document's top level being depth 1.
MAX_DEPTH = 64
#: The most nodes (mappings, lists, values and keys) a document may hold, aliases expanded.
MAX_NODES = 20_000

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Place:
    """Where in the file an entry is written (1-based)."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}"


class _Refused(yaml.YAMLError):
    """A document beyond the reader's limits, with the place it was found at."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _Loader(Composer, SafeConstructor, Resolver, CParser):
    """PyYAML's safe loader on libyaml's parser, counting depth and nodes as it composes
    (libyaml parses without recursion, and ten times as fast as PyYAML's own parser, so a
    document at the limits is refused in a fraction of a second), dates read as text."""

    # A copy without the timestamp resolver: `since: 2024-02-30` is the text "2024-02-30"
    # (PyYAML's resolvers look this table up on the class).
    yaml_implicit_resolvers = {  # noqa: RUF012
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    }

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        # Refuse before the composer's recursion goes deep enough to exhaust Python's stack.
        self.depth += 1
        self.nodes += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(f"nested deeper than {MAX_DEPTH} levels", self._mark())
        if self.nodes > MAX_NODES:
            raise _Refused(f"more than {MAX_NODES} nodes", self._mark())
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _mark(self) -> Any:
        event = self.peek_event()
        return event.start_mark if event is not None else None

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # A scalar its tag cannot read (`!!int abc`) is a problem at its place, not a crash.
        if node.tag == _TIMESTAMP and isinstance(node, ScalarNode):  # `!!timestamp` too
            return self.construct_scalar(node)
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as error:
            raise _Refused(
                f"cannot read {node.value!r} as {node.tag}: {error}", node.start_mark
            ) from None


@dataclass
class _Walk:
    """One pass over the composed nodes: the place of every entry, keys given twice, and
    the size and depth of every node with its aliases expanded."""

    places: dict[str, Place] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    expanded: dict[int, tuple[int, int]] = field(default_factory=dict)  # id -> (nodes, height)

    def entries(self, node: Node, path: str) -> None:
        """Record each entry's place and report duplicate keys, once per written node."""
        if id(node) in self.seen:
            return  # an alias: its entries were placed where its anchor is written
        self.seen.add(id(node))
        if isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                where = f"{path}[{index}]"
                self.places[where] = _place(item)
                self.entries(item, where)
        elif isinstance(node, MappingNode):
            first: dict[tuple[str, str], Node] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode) or key.tag == _MERGE:
                    self.entries(value, path)
                    continue
                where = f"{path}.{key.value}" if path else str(key.value)
                if (key.tag, key.value) in first:
                    self.problems.append(
                        Problem(
                            where,
                            f"duplicate key: first at {_place(first[key.tag, key.value])}, "
                            f"again at {_place(key)}",
                        )
                    )
                    continue
                first[key.tag, key.value] = key
                self.places[where] = _place(key)
                self.entries(value, where)

    def size(self, node: Node, depth: int) -> int:
        """The nodes under `node` with aliases expanded, refusing too many or too deep;
        each node is counted once and remembered, so a bomb costs its written size."""
        known = self.expanded.get(id(node))
        if known is None:
            if depth > MAX_DEPTH:
                raise _Refused(
                    f"aliases nest the document deeper than {MAX_DEPTH} levels", node.start_mark
                )
            nodes, height = 1, 1
            children: list[Node] = []
            if isinstance(node, SequenceNode):
                children = list(node.value)
            elif isinstance(node, MappingNode):
                children = [part for pair in node.value for part in pair]
            for child in children:
                nodes += self.size(child, depth + 1)
                height = max(height, 1 + self.expanded[id(child)][1])
                if nodes > MAX_NODES:
                    break
            known = self.expanded[id(node)] = (nodes, height)
        if depth + known[1] - 1 > MAX_DEPTH:
            raise _Refused(
                f"aliases nest the document deeper than {MAX_DEPTH} levels", node.start_mark
            )
        if known[0] > MAX_NODES:
            raise _Refused(
                f"aliases expand the document to more than {MAX_NODES} nodes", node.start_mark
            )
        return known[0]


def _place(node: Node) -> Place:
    return Place(node.start_mark.line + 1, node.start_mark.column + 1)


@dataclass(frozen=True)
class Document:
    """A YAML document read safely: its data, and where each entry is written."""

    name: str
    data: object
    places: Mapping[str, Place]

    def place_of(self, path: str) -> Place | None:
        """Where the entry at a problem's path is written, or its nearest enclosing one."""
        while path:
            if path in self.places:
                return self.places[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[: max(cut, 0)]
        return None

    def located(self, error: InvalidInput) -> InvalidInput:
        """The same refusal, each problem followed by the line where it is written."""
        problems = []
        for problem in error.problems:
            place = self.place_of(problem.path)
            where = f" (line {place.line})" if place else ""
            problems.append(Problem(problem.path, f"{problem.message}{where}"))
        head = error.message.split("\n", 1)[0]
        lines = [f"{self.name}: {head}", *map(str, problems)] if len(problems) > 1 else []
        message = "\n  ".join(lines) if lines else f"{self.name}: {problems[0]}"
        return InvalidInput(message, code=error.code, problems=problems)


def _refusal(name: str, problems: list[Problem]) -> InvalidInput:
    if len(problems) == 1:
        return InvalidInput(f"{name}: {problems[0]}", problems=problems)
    head = f"{name} has {len(problems)} problems:"
    return InvalidInput("\n  ".join([head, *map(str, problems)]), problems=problems)


def _decoded(name: str, data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            f"{name}: larger than {MAX_BYTES} bytes; a statute is a few kilobytes",
            problems=[Problem(name, f"larger than {MAX_BYTES} bytes")],
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        reason = (
            f"not UTF-8 text: byte {error.start} (line {line}) is "
            f"0x{data[error.start]:02x}; save the file as UTF-8"
        )
        raise InvalidInput(f"{name}: {reason}", problems=[Problem(name, reason)]) from None


def _unreadable(name: str, data: bytes, error: yaml.YAMLError) -> InvalidInput:
    """A YAML error as one line: where in the file, and what."""
    if isinstance(error, yaml.reader.ReaderError):  # libyaml counts bytes
        line = data.count(b"\n", 0, error.position) + 1
        where, problem = f"byte {error.position} (line {line}): ", f"not valid YAML: {error.reason}"
    else:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        if problem == "exceeded maximum nesting depth":  # libyaml's own limit, of 1000
            problem = f"nested deeper than {MAX_DEPTH} levels"
        elif not isinstance(error, _Refused):
            problem = f"not valid YAML: {problem}"
    return InvalidInput(f"{name}: {where}{problem}", problems=[Problem(name, f"{where}{problem}")])


def load_document(data: bytes, name: str) -> Document:
    """Read the YAML document in `data` (named `name` in problems) within the limits above,
    or raise InvalidInput naming the place of every problem found."""
    text = _decoded(name, data)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        walk = _Walk()
        if root is not None:
            walk.size(root, 1)
            walk.entries(root, "")
        if walk.problems:
            raise _refusal(name, walk.problems)
        value = None if root is None else loader.construct_document(root)
    except yaml.YAMLError as error:
        raise _unreadable(name, data, error) from None
    finally:
        loader.dispose()
    return Document(name, value, walk.places)


def read_document(path: Path) -> Document:
    """The YAML document in the file at `path`, read as `load_document` reads it."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # never more than the limit, whatever the file
    except OSError as error:
        reason = f"cannot read: {error.strerror}"
        raise InvalidInput(f"{path}: {reason}", problems=[Problem(str(path), reason)]) from None
    return load_document(data, str(path))
