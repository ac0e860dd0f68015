"""The JSON Schemas generated from the read models admit exactly what `to_json` gives:
for real read models of a founded federation (every kind the API serves), for each kind
of type hint, and in the OpenAPI document, where every read declares its 200 schema."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import jsonschema_rs
import pytest
from fastapi.routing import APIRoute

from soviet.api import reads, reads_councils
from soviet.api.app import create_app
from soviet.api.problems import PREFIX
from soviet.api.schemas import Components, schema_of
from soviet.domain.identity import SYSTEM
from soviet.domain.ids import parse_id
from soviet.domain.views import Page, absent_if_none, json_key, to_json
from soviet.domain.views import councils as council_views
from soviet.domain.views import elections as election_views
from soviet.domain.views import plenary as plenary_views
from soviet.domain.views import registers as views
from soviet.domain.views import resolutions as resolution_views
from soviet.domain.views import speakers as speaker_views
from soviet.domain.views.federations import FederationLine
from soviet.domain.views.journal import JournalEntry
from soviet.services import authority, composition, factory, formation, plenary, speakers
from soviet.services import reads as read_service
from soviet.services import resolutions as resolution_service
from soviet.services.bootstrap import open_database
from soviet.services.federations import federation_list
from soviet.services.member_register import member_register, petition_signatures
from soviet.store.database import Database

from .reads_fixtures import build

T = TypeVar("T")


def admits(hint: Any, value: object) -> list[str]:
    """Why the schema of `hint` refuses `to_json(value)` (nothing: it admits it)."""
    components: Components = {}
    schema = {**schema_of(hint, components), "components": {"schemas": components}}
    validator = jsonschema_rs.Draft202012Validator(schema)
    return [str(error) for error in validator.iter_errors(to_json(value))]


@pytest.fixture(scope="module")
def founded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, int]]]:
    path: Path = tmp_path_factory.mktemp("schemas") / "soviet.db"
    path.touch()
    url = f"sqlite:///{path}"
    ids = build(url)
    with open_database(url) as db:
        [session] = plenary.sessions_view(db, "petrograd-soviet", actor=SYSTEM).items
        shown = {**ids, "session": session.session}
        yield db, {name: parse_id(value, name) for name, value in shown.items()}


Read = Callable[[Database, dict[str, int]], object]
SOVIET = "petrograd-soviet"

#: Every read model the API serves, with a read that gives a real one (as the operator,
#: who may read everything, so that restricted reads have content too).
READS: list[tuple[Any, Read]] = [
    (Page[FederationLine], lambda db, ids: federation_list(db, actor=SYSTEM)),
    (
        views.Constituency,
        lambda db, ids: read_service.constituency_view(db, "volynsky", actor=SYSTEM),
    ),
    (views.MemberRegister, lambda db, ids: member_register(db, "volynsky", actor=SYSTEM)),
    (views.Petition, lambda db, ids: read_service.petition_view(db, ids["petition"], actor=SYSTEM)),
    (views.Signatures, lambda db, ids: petition_signatures(db, ids["petition"], actor=SYSTEM)),
    (views.Person, lambda db, ids: read_service.person_view(db, "b1", actor=SYSTEM)),
    (views.Party, lambda db, ids: read_service.party_view(db, "bolsheviks", actor=SYSTEM)),
    (Page[views.ElectionLine], lambda db, ids: read_service.election_list(db, actor=SYSTEM)),
    (
        election_views.Election,
        lambda db, ids: read_service.election_view(db, ids["election"], actor=SYSTEM),
    ),
    (Page[JournalEntry], lambda db, ids: read_service.journal_page(db, actor=SYSTEM)),
    (council_views.Composition, lambda db, ids: composition.composition(db, SOVIET, actor=SYSTEM)),
    (
        Page[council_views.Member],
        lambda db, ids: composition.council_members(db, SOVIET, actor=SYSTEM),
    ),
    (list[council_views.CouncilDrift], lambda db, ids: formation.drift_view(db, actor=SYSTEM)),
    (
        list[council_views.DriftMeasurement],
        lambda db, ids: formation.drift_history(db, SOVIET, actor=SYSTEM),
    ),
    (list[council_views.Node], lambda db, ids: formation.tree(db, actor=SYSTEM)),
    (Page[plenary_views.Motion], lambda db, ids: plenary.motions_view(db, SOVIET, actor=SYSTEM)),
    (
        plenary_views.Motion,
        lambda db, ids: plenary.motion_view(db, f"{SOVIET}/create-mrc", actor=SYSTEM),
    ),
    (
        Page[resolution_views.Resolution],
        lambda db, ids: resolution_service.resolutions(db, SOVIET, actor=SYSTEM),
    ),
    (
        Page[plenary_views.SessionLine],
        lambda db, ids: plenary.sessions_view(db, SOVIET, actor=SYSTEM),
    ),
    (plenary_views.Session, lambda db, ids: plenary.session_view(db, ids["session"], actor=SYSTEM)),
    (
        speaker_views.SpeakersList,
        lambda db, ids: speakers.speakers_view(db, ids["session"], actor=SYSTEM),
    ),
    (
        speaker_views.SpeakingStats,
        lambda db, ids: speakers.speaking_stats(db, ids["session"], actor=SYSTEM),
    ),
    (
        Page[resolution_views.Commission],
        lambda db, ids: resolution_service.commissions(db, actor=SYSTEM),
    ),
    (
        tuple[resolution_views.AuthorityStep, ...],
        lambda db, ids: authority.authority(db, ids["act"], actor=SYSTEM),
    ),
    (
        list[plenary_views.FactoryRequest],
        lambda db, ids: factory.register(db, "putilov-committee", actor=SYSTEM),
    ),
]


@pytest.mark.parametrize(
    ("hint", "read"), READS, ids=[repr(h).replace("soviet.domain.views.", "") for h, _ in READS]
)
def test_the_schema_of_a_read_model_admits_a_real_one(
    founded: tuple[Database, dict[str, int]], hint: Any, read: Read
) -> None:
    db, ids = founded
    view = read(db, ids)
    assert to_json(view), "an empty read proves nothing"
    assert admits(hint, view) == []


class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass(frozen=True)
class Leaf:
    """A leaf."""

    share: Fraction
    day: date
    at: datetime
    colour: Colour
    side: Literal["left", "right"]
    is_open: bool = dataclasses.field(metadata=json_key("open"))
    pair: tuple[int, str]
    counts: Mapping[str, int]
    note: str | None = dataclasses.field(default=None, metadata=absent_if_none())


@dataclasses.dataclass(frozen=True)
class Tree(Generic[T]):
    """A tree of things."""

    value: T
    below: tuple[Tree[T], ...]


LEAF = Leaf(
    Fraction(2, 3),
    date(1917, 10, 25),
    datetime(1917, 10, 25, 21, 40, tzinfo=UTC),
    Colour.RED,
    "left",
    True,
    (1, "one"),
    {"a": 1},
)


def test_every_kind_of_hint_has_the_schema_of_its_json() -> None:
    components: Components = {}
    assert schema_of(Leaf, components) == {"$ref": "#/components/schemas/Leaf"}
    leaf = components["Leaf"]
    assert leaf["description"] == "A leaf."
    assert leaf["additionalProperties"] is False
    assert leaf["required"] == [
        "share",
        "day",
        "at",
        "colour",
        "side",
        "open",
        "pair",
        "counts",
    ]  # `note` may be absent; `is_open` shows as `open`
    properties = leaf["properties"]
    assert properties["share"] == {"type": "string", "pattern": "^-?[0-9]+(/[0-9]+)?$"}
    assert properties["colour"] == {"enum": ["red", "blue"]}
    assert properties["side"] == {"enum": ["left", "right"]}
    assert properties["pair"]["prefixItems"] == [{"type": "integer"}, {"type": "string"}]
    assert properties["counts"] == {"type": "object", "additionalProperties": {"type": "integer"}}
    assert properties["note"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}
    assert admits(Leaf, LEAF) == []
    assert admits(Leaf, dataclasses.replace(LEAF, note="a note")) == []


def test_a_generic_read_model_is_a_component_per_argument_and_may_hold_itself() -> None:
    components: Components = {}
    assert schema_of(Tree[Leaf], components) == {"$ref": "#/components/schemas/TreeOfLeaf"}
    below = components["TreeOfLeaf"]["properties"]["below"]
    assert below == {"type": "array", "items": {"$ref": "#/components/schemas/TreeOfLeaf"}}
    assert components["TreeOfLeaf"]["properties"]["value"] == {"$ref": "#/components/schemas/Leaf"}
    assert admits(Tree[Leaf], Tree(LEAF, (Tree(LEAF, ()),))) == []
    assert admits(Tree[int], Tree(1, (Tree(2, ()),))) == []
    assert admits(Tree[int], Tree("one", ())) != []


def test_a_schema_refuses_what_to_json_would_not_give() -> None:
    assert admits(Leaf, {"share": "2/3"}) != []  # a mapping is not the dataclass's object
    assert admits(Page[int], Page(("x",), None)) != []
    with pytest.raises(TypeError, match="has no JSON form"):
        schema_of(set[int], {})


def _refs(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "$ref":
                yield str(inner)
            else:
                yield from _refs(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _refs(inner)


def test_every_read_of_the_document_declares_its_200_schema_and_headers() -> None:
    document = create_app(None).openapi()
    routes = [*reads.router.routes, *reads_councils.router.routes]
    paths = {PREFIX + route.path for route in routes if isinstance(route, APIRoute)}
    assert len(paths) >= 25
    for path in paths:
        read = document["paths"][path]["get"]
        ok = read["responses"]["200"]
        assert ok["content"]["application/json"]["schema"], path
        assert {"ETag", "Cache-Control", "Link"} <= set(ok["headers"]), path
        assert "304" in read["responses"], path
    components = document["components"]["schemas"]
    for ref in set(_refs(document)):
        assert ref.removeprefix("#/components/schemas/") in components, ref
