"""A body formed on convocation says it has not been convened yet, and gives no drift
figures, until it first is; on both engines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import yaml

from soviet.domain.identity import PUBLIC, SYSTEM
from soviet.domain.views import to_json
from soviet.domain.views.councils import Node
from soviet.services.composition import composition
from soviet.services.formation import convene, drift_view, tree
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

from .federation import BODIES, elect

MARCH = datetime(1917, 3, 6, tzinfo=UTC)
JUNE = datetime(1917, 6, 16, tzinfo=UTC)


@pytest.fixture
def system(federation_db: Database) -> Database:
    apply_statute(federation_db, yaml.safe_load(BODIES), effective_at=MARCH, actor=SYSTEM)
    elect(federation_db)
    return federation_db


def cec_node(db: Database, as_of: datetime | None = None) -> Node:
    (root,) = tree(db, as_of=as_of, actor=PUBLIC)
    [node] = [n for n in root.below if n.council == "cec"]
    return node


def test_a_body_never_convened_says_so_and_has_no_drift(system: Database) -> None:
    shown = composition(system, "cec", actor=PUBLIC)
    assert (shown.is_convened, shown.filled, shown.majority, shown.seats) == (False, 0, None, 6)
    shown_json = to_json(shown)
    assert isinstance(shown_json, dict)
    assert shown_json["convened"] is False
    assert composition(system, "petrograd-soviet", actor=PUBLIC).is_convened
    assert composition(system, "narva-soviet", actor=PUBLIC).is_convened  # continuous
    node = cec_node(system)
    assert to_json(node) == {
        "council": "cec",
        "name": "Central Executive Committee",
        "kind": "congress",
        "refresh": "on-convocation",
        "seats": 6,
        "majority": None,
        "convened": False,
        "drift": None,
        "below": [],
    }
    drifts = drift_view(system, actor=PUBLIC)
    assert drifts[-1] == drift_view(system, "cec", actor=PUBLIC)[0]
    assert to_json(drifts[-1]) == {
        "council": "cec",
        "convened": False,
        "seats_off": None,
        "gallagher": None,
        "reference": None,
    }
    assert all(d.is_convened for d in drifts[:-1])


def test_once_convened_it_shows_its_drift_and_before_then_it_did_not(system: Database) -> None:
    convene(system, "cec", convened_at=JUNE, actor=SYSTEM)
    shown = composition(system, "cec", actor=PUBLIC)
    assert (shown.is_convened, shown.filled, shown.majority) == (True, 6, "bolsheviks")
    [cec] = drift_view(system, "cec", actor=PUBLIC)
    assert (cec.is_convened, cec.seats_off, cec.reference) == (True, 0, "the body formed now")
    assert cec_node(system).drift is not None
    may = datetime(1917, 5, 1, tzinfo=UTC)
    assert not composition(system, "cec", as_of=may, actor=PUBLIC).is_convened
    assert cec_node(system, may).drift is None
