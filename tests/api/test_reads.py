"""Every read through HTTP against a real `soviet serve`, on SQLite and PostgreSQL: each
route answers exactly the JSON the CLI's --json prints for the same read (the service's
read model through `to_json`), lists come a page at a time with a Link to the next, every
read has a strong ETag and answers If-None-Match with 304, and bad parameters, unknown
things and restricted reads are refused as problems."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from soviet.cli.app import app
from soviet.domain.identity import PUBLIC, SYSTEM
from soviet.domain.ids import parse_id
from soviet.domain.views import to_json
from soviet.services import authority, composition, factory, formation, plenary, reads, speakers
from soviet.services import resolutions as resolution_service
from soviet.services.bootstrap import open_database
from soviet.services.federations import federation_list
from soviet.services.mandates import sign_recall
from soviet.store.database import Database

from .reads_fixtures import FEDERATION, Federated, federated_fixture  # noqa: F401 (a fixture)

AS_OF = "1917-12-31"
MOMENT = datetime(1917, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
IN = f"/federations/{FEDERATION}"
SOVIET = f"{IN}/councils/petrograd-soviet"

Read = Callable[[Database, dict[str, int]], object]


def _reads() -> dict[str, Read]:
    """Each route (with its query) and the service read it must answer exactly."""
    f, p = FEDERATION, PUBLIC
    return {
        "/federations": lambda db, ids: federation_list(db, actor=p),
        f"{IN}/constituencies/volynsky?as_of={AS_OF}": lambda db, ids: reads.constituency_view(
            db, "volynsky", as_of=MOMENT, federation=f, actor=p
        ),
        f"{IN}/persons/b1?as_of={AS_OF}": lambda db, ids: reads.person_view(
            db, "b1", as_of=MOMENT, federation=f, actor=p
        ),
        f"{IN}/parties/bolsheviks?as_of={AS_OF}": lambda db, ids: reads.party_view(
            db, "bolsheviks", as_of=MOMENT, federation=f, actor=p
        ),
        f"{IN}/petitions/{{petition}}": lambda db, ids: reads.petition_view(
            db, ids["petition"], federation=f, actor=p
        ),
        f"{IN}/elections": lambda db, ids: reads.election_list(db, federation=f, actor=p),
        f"{IN}/elections?open=true&council=putilov-committee": lambda db, ids: reads.election_list(
            db, council="putilov-committee", is_open=True, federation=f, actor=p
        ),
        f"{IN}/elections/{{election}}": lambda db, ids: reads.election_view(
            db, ids["election"], federation=f, actor=p
        ),
        f"{SOVIET}?as_of={AS_OF}": lambda db, ids: composition.composition(
            db, "petrograd-soviet", as_of=MOMENT, federation=f, actor=p
        ),
        f"{SOVIET}/members?as_of={AS_OF}": lambda db, ids: composition.council_members(
            db, "petrograd-soviet", as_of=MOMENT, federation=f, actor=p
        ),
        f"{IN}/drift?as_of={AS_OF}": lambda db, ids: formation.drift_view(
            db, as_of=MOMENT, federation=f, actor=p
        ),
        f"{IN}/drift?council=cec&as_of={AS_OF}": lambda db, ids: formation.drift_view(
            db, "cec", as_of=MOMENT, federation=f, actor=p
        ),
        f"{SOVIET}/drift-history?as_of={AS_OF}": lambda db, ids: formation.drift_history(
            db, "petrograd-soviet", as_of=MOMENT, federation=f, actor=p
        ),
        f"{IN}/tree?as_of={AS_OF}": lambda db, ids: formation.tree(
            db, as_of=MOMENT, federation=f, actor=p
        ),
        f"{SOVIET}/motions": lambda db, ids: plenary.motions_view(
            db, "petrograd-soviet", federation=f, actor=p
        ),
        f"{SOVIET}/motions/create-mrc": lambda db, ids: plenary.motion_view(
            db, "petrograd-soviet/create-mrc", federation=f, actor=p
        ),
        f"{SOVIET}/resolutions": lambda db, ids: resolution_service.resolutions(
            db, "petrograd-soviet", federation=f, actor=p
        ),
        f"{SOVIET}/resolutions/1": lambda db, ids: resolution_service.resolution_view(
            db, "petrograd-soviet/1", federation=f, actor=p
        ),
        f"{SOVIET}/sessions": lambda db, ids: plenary.sessions_view(
            db, "petrograd-soviet", federation=f, actor=p
        ),
        f"{IN}/sessions/{{session}}?as_of={AS_OF}": lambda db, ids: plenary.session_view(
            db, ids["session"], as_of=MOMENT, federation=f, actor=p
        ),
        f"{IN}/sessions/{{session}}/speakers": lambda db, ids: speakers.speakers_view(
            db, ids["session"], federation=f, actor=p
        ),
        f"{IN}/sessions/{{session}}/speakers?motion=petrograd-soviet/create-mrc": (
            lambda db, ids: speakers.speakers_view(
                db, ids["session"], motion="petrograd-soviet/create-mrc", federation=f, actor=p
            )
        ),
        f"{IN}/sessions/{{session}}/speaking-time": lambda db, ids: speakers.speaking_stats(
            db, ids["session"], federation=f, actor=p
        ),
        f"{IN}/commissions": lambda db, ids: resolution_service.commissions(
            db, federation=f, actor=p
        ),
        f"{SOVIET}/commissions/mrc": lambda db, ids: resolution_service.commission_view(
            db, "petrograd-soviet/mrc", federation=f, actor=p
        ),
        f"{IN}/acts/{{act}}/authority": lambda db, ids: authority.authority(
            db, ids["act"], federation=f, actor=p
        ),
        f"{IN}/councils/putilov-committee/requests": lambda db, ids: factory.register(
            db, "putilov-committee", federation=f, actor=p
        ),
    }


def public_ids(federated: Federated) -> dict[str, str]:
    with httpx.Client(base_url=federated.server.url) as client:
        [session] = client.get(f"{SOVIET}/sessions").json()["items"]
    return {**federated.ids, "session": session["session"]}


def without_clock(shown: object) -> object:
    """A read model's JSON but for `at`, the moment a list of speakers was read."""
    return {k: v for k, v in shown.items() if k != "at"} if isinstance(shown, dict) else shown


def test_every_read_answers_exactly_the_read_model_of_its_service(federated: Federated) -> None:
    shown = public_ids(federated)
    stored = {name: parse_id(value, name) for name, value in shown.items()}
    with open_database(federated.url) as db, federated.server.client() as client:
        for route, read in _reads().items():
            answer = client.get(route.format(**shown))
            assert answer.status_code == 200, (route, answer.text)
            assert answer.headers["content-type"] == "application/json"
            assert without_clock(answer.json()) == without_clock(to_json(read(db, stored))), route


CLI = {
    f"{IN}/constituencies/volynsky?as_of={AS_OF}": "constituency show volynsky --as-of",
    f"{SOVIET}?as_of={AS_OF}": "council show petrograd-soviet --as-of",
    f"{IN}/tree?as_of={AS_OF}": "tree --as-of",
    f"{SOVIET}/motions": "motion list petrograd-soviet",
    f"{IN}/acts/{{act}}/authority": "authority {act}",
    f"{IN}/elections/{{election}}": "election show {election}",
}


def test_a_read_answers_what_the_cli_prints_with_json(federated: Federated) -> None:
    shown = public_ids(federated)
    with federated.server.client() as client:
        for route, command in CLI.items():
            words = command.format(**shown).split()
            if words[-1] == "--as-of":
                words.append(AS_OF)
            printed = CliRunner().invoke(app, ["--db", federated.url, *words, "--json"])
            assert printed.exit_code == 0, printed.output
            assert client.get(route.format(**shown)).json() == json.loads(printed.stdout), route


def _walk(client: httpx.Client, url: str, items: Callable[[Any], list[Any]]) -> list[Any]:
    """Every item of a list, following its Link headers from `url` to the last page."""
    found: list[Any] = []
    pages = 0
    next_url: str | None = url
    while next_url is not None:
        answer = client.get(next_url)
        assert answer.status_code == 200, answer.text
        found += items(answer.json())
        pages += 1
        link = answer.links.get("next")
        next_url = None if link is None else link["url"]
    assert pages > 1
    return found


def test_long_lists_come_a_page_at_a_time_with_a_link_to_the_next(federated: Federated) -> None:
    shown = public_ids(federated)
    with federated.server.client() as client:
        whole = client.get(f"{SOVIET}/members?as_of={AS_OF}").json()
        assert whole["next_cursor"] is None
        assert "link" not in client.get(f"{SOVIET}/members?as_of={AS_OF}").headers
        paged = _walk(client, f"{SOVIET}/members?as_of={AS_OF}&limit=2", lambda b: b["items"])
        assert paged == whole["items"]
        first = client.get(f"{SOVIET}/members?as_of={AS_OF}&limit=2")
        cursor = first.json()["next_cursor"]
        assert first.links["next"]["url"] == (
            f"{federated.server.url}{SOVIET}/members?as_of={AS_OF}&limit=2&cursor={cursor}"
        )
        # A read model that holds one long list links to that list's next page.
        election = f"{IN}/elections/{shown['election']}"
        results = _walk(client, f"{election}?limit=1", lambda b: b["constituencies"]["items"])
        assert [r["constituency"] for r in results] == ["putilov", "volynsky"]
        attending = _walk(
            client, f"{IN}/sessions/{shown['session']}?limit=4", lambda b: b["delegates"]["items"]
        )
        assert [a["person"] for a in attending] == ["b1", "b2", "b3", "b4", "m1", "s1"]


def test_every_read_has_a_strong_etag_and_answers_if_none_match_with_304(
    federated: Federated,
) -> None:
    shown = public_ids(federated)
    with federated.server.client() as client:
        for route in _reads():
            answer = client.get(route.format(**shown))
            etag = answer.headers["etag"]
            assert re.fullmatch('"[0-9a-f]{32}"', etag), route
            assert answer.headers["cache-control"] == "no-cache"
            again = client.get(route.format(**shown), headers={"If-None-Match": etag})
            if "at" in answer.json():
                # A list of speakers is read at a moment (the current speaker's time runs).
                assert again.status_code == 200, route
                assert again.headers["etag"] != etag
                continue
            assert again.status_code == 304, route
            assert again.content == b""
            assert again.headers["etag"] == etag
        route = f"{IN}/petitions/{shown['petition']}"
        etag = client.get(route).headers["etag"]
        for held in (f'"other", W/{etag}', "*"):
            assert client.get(route, headers={"If-None-Match": held}).status_code == 304
        assert client.get(route, headers={"If-None-Match": '"other"'}).status_code == 200
        with open_database(federated.url) as db:
            sign_recall(db, "petrograd-soviet", "s1", "v2", federation=FEDERATION, actor=SYSTEM)
        changed = client.get(route, headers={"If-None-Match": etag})
        assert changed.status_code == 200  # a read changes with every act
        assert changed.json()["progress"]["signatures"] == 2
        assert changed.headers["etag"] != etag


@pytest.mark.parametrize(
    ("route", "path", "message"),
    [
        (f"{SOVIET}/motions?limit=0", "query.limit", "Input should be greater than or equal to 1"),
        (f"{SOVIET}/motions?limit=501", "query.limit", "Input should be less than or equal to 500"),
        (
            f"{SOVIET}/motions?limit=many",
            "query.limit",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        (
            f"{SOVIET}/motions?cursor=nonsense",
            "query.cursor",
            "'nonsense' is not a cursor this list gave",
        ),
        (
            f"{IN}/persons/b1?cursor=WyJ4Il0",
            "query.cursor",
            "'WyJ4Il0' is not a cursor this list gave",
        ),
        (f"{IN}/elections/0", "path.election", None),
        (f"{IN}/elections/eleven", "path.election", None),
        (f"{IN}/petitions/99999999999999", "path.petition", None),
        ("/federations/Petrograd-1917/tree", "path.federation", None),
        (f"{IN}/parties/bolsheviks--left", "path.party", None),
        (f"{IN}/tree?as_of=1799-12-31", "query.as_of", None),
        (f"{IN}/tree?as_of=1917-02-30", "query.as_of", None),
        (f"{IN}/tree?as_of=yesterday", "query.as_of", None),
        (f"{SOVIET}/resolutions/0", "path.number", "Input should be greater than or equal to 1"),
        (f"{IN}/drift?council=CEC", "query.council", None),
    ],
)
def test_a_malformed_parameter_is_refused_naming_it(
    federated: Federated, route: str, path: str, message: str | None
) -> None:
    with federated.server.client() as client:
        answer = client.get(route)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["code"] == "invalid_input"
    assert [e["path"] for e in body["errors"]] == [path]
    if message is not None:
        assert body["errors"][0]["message"] == message


@pytest.mark.parametrize(
    ("route", "detail"),
    [
        ("/federations/moscow-1917/tree", "federation: no federation 'moscow-1917'; known: "),
        (f"{IN}/constituencies/kronstadt", "constituency 'kronstadt'"),
        (f"{IN}/elections/999", "election"),
        (f"{IN}/councils/moscow-soviet", "council 'moscow-soviet' is not in the statute"),
        (f"{SOVIET}/motions/no-such-motion", "motion"),
        (f"{SOVIET}/resolutions/99", "resolution"),
        (f"{SOVIET}/commissions/cheka", "commission"),
    ],
)
def test_an_unknown_thing_is_404(federated: Federated, route: str, detail: str) -> None:
    with federated.server.client() as client:
        answer = client.get(route)
    assert answer.status_code == 404, answer.text
    body = answer.json()
    assert body["code"] == "not_found"
    assert detail in body["detail"]


@pytest.mark.parametrize(
    ("route", "detail"),
    [
        (
            f"{IN}/constituencies/volynsky/members",
            f"public may not read the member register (constituency 'volynsky') in '{FEDERATION}'",
        ),
        (
            f"{IN}/petitions/{{petition}}/signatures",
            f"public may not read who signed recall petitions in '{FEDERATION}'",
        ),
        ("/journal", "public may not read the journal's entries in full"),
    ],
)
def test_the_public_reads_nothing_the_domain_restricts(
    federated: Federated, route: str, detail: str
) -> None:
    with federated.server.client() as client:
        answer = client.get(route.format(**federated.ids))
    assert answer.status_code == 403, answer.text
    body = answer.json()
    assert (body["code"], body["detail"]) == ("forbidden", detail)
    assert "Soldier" not in answer.text  # no member's name, no signer's
