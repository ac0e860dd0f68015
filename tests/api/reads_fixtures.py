"""A federation to read through the API: the 1917 plenary federation with a recall
petition, the Military Revolutionary Committee and one act of it, two delegates asking to
speak, a request before the Putilov factory committee, built through the
services, and a `soviet serve` over it, once per engine for a module of tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from soviet.domain.identity import SYSTEM
from soviet.domain.ids import format_id, parse_id
from soviet.services import plenary
from soviet.services.authority import act_for_commission
from soviet.services.bootstrap import open_database
from soviet.services.factory import submit_request
from soviet.services.sessions import convene
from soviet.services.speakers import add_speaker

from ..conftest import ENGINES, drop_postgres_database, fresh_url
from ..e2e.test_cli_reads import found
from .server import Server, serving

FEDERATION = "petrograd-1917"


@dataclass(frozen=True)
class Federated:
    """The served database: its URL, the server, and the public ids of what it holds."""

    url: str
    server: Server
    ids: dict[str, str]


def build(url: str) -> dict[str, str]:
    """Found the federation on `url`; the public ids of its petition, election and act."""
    with open_database(url) as db:
        ids = found(db)
        act = act_for_commission(
            db,
            "petrograd-soviet/mrc",
            "b1",
            "appoint-commissar",
            "Commissar to the Peter and Paul Fortress",
            actor=SYSTEM,
        )
        [soviet] = plenary.sessions_view(db, "petrograd-soviet", actor=SYSTEM).items
        for person, stance in (("b1", "pro"), ("m1", "contra")):
            add_speaker(
                db, parse_id(soviet.session, "session"), person, stance=stance, actor=SYSTEM
            )
        committee = convene(db, "putilov-committee", ["Requests"], actor=SYSTEM)
        submit_request(
            db,
            "putilov-committee",
            committee,
            "goods-out",
            "shells",
            "2,000 shells to the front",
            applicant="management",
            actor=SYSTEM,
        )
    return {**ids, "act": format_id(act)}


@pytest.fixture(name="federated", scope="module", params=ENGINES)
def federated_fixture(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Federated]:
    folder: Path = tmp_path_factory.mktemp(f"reads-{request.param}")
    url = fresh_url(request.param, folder)
    try:
        ids = build(url)
        with serving(url, folder) as server:
            yield Federated(url, server, ids)
    finally:
        if request.param == "postgresql":
            drop_postgres_database(url)
