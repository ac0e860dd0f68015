"""schemathesis against a running `soviet serve` over a founded federation, from the
OpenAPI document it serves: every operation, positive and negative data, every check
(missing authentication among them), run twice: as the public, which no act admits, and
as the federation's administrator with a bearer token, whose acts are tried for real.

Generic over the document: whatever routes the API gains are fuzzed the same way. The
document is the app's own (the served one is checked equal to it before any case runs:
schemathesis' lazy loader from a fixture does not run under this pytest).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx
import pytest
import schemathesis
from schemathesis import Case, GenerationMode
from schemathesis.checks import CheckFunction
from schemathesis.specs.openapi.checks import positive_data_acceptance

from soviet.api.app import create_app
from soviet.api.idempotency import HEADER, KEY

from .accounts_setup import bearer, issued
from .reads_fixtures import Federated, federated_fixture  # noqa: F401 (a fixture)

#: Examples per operation and mode: enough to reach every parameter's edges, few enough
#: that both runs over the whole document take about three minutes an engine on a busy
#: 2-core machine.
EXAMPLES = 15
#: The federation administrator of the fixture's statute.
ADMINISTRATOR = "chkheidze"

DOCUMENT = create_app(None).openapi()
# GET /events is a stream that ends only when its client leaves: a case would wait for
# it forever (schemathesis has no per-operation timeout that still validates the
# answer). tests/api/test_events*.py test it.
schema = schemathesis.openapi.from_dict(DOCUMENT).exclude(path="/api/v1/events")
# The door refuses a NUL anywhere in a request (api/guard.py), schema or no schema.
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES,
    allow_x00=False,
)


@pytest.fixture(scope="module")
def base_url(federated: Federated) -> str:
    served = httpx.get(f"{federated.server.url}/openapi.json").json()
    assert served == DOCUMENT
    return federated.server.url.removesuffix("/api/v1")


@dataclass
class Credential:
    """The administrator's bearer token, issued anew should a case revoke it."""

    url: str
    token: str = ""

    def renew(self) -> None:
        self.token = issued(self.url, ADMINISTRATOR, ["read", "act"])


@pytest.fixture(scope="module")
def administrator(federated: Federated) -> Credential:
    credential = Credential(federated.url)
    credential.renew()
    return credential


def is_positive(case: Case) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_positive


def has_integral_float(value: object) -> bool:
    """Whether a body holds a number such as 1.0: JSON Schema counts it an integer, the
    door's strict bodies refuse it (422) where an integer is due."""
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, dict):
        return any(has_integral_float(item) for item in value.values())
    if isinstance(value, list):
        return any(has_integral_float(item) for item in value)
    return False


#: Bodies the services check beyond what a JSON Schema can say, refused 422 when they
#: break a rule though they fit the document: a statute's coherence, an invitation
#: file's rows, a token name's printable characters (Unicode's categories), an
#: invitation code (valid only as an invitation gave it).
RULED = frozenset(
    {
        "PUT /api/v1/federations/{federation}/statute",
        "POST /api/v1/federations/{federation}/constituencies/{slug}/invitations",
        "POST /api/v1/account/tokens",
        "POST /api/v1/invitations/redeem",
    }
)


#: An account's well-formed act may still break a rule of the domain (a control character
#: in an agenda, an amendment that does more than rewrite) or lack the Idempotency-Key it
#: must carry: refused with a problem, which the other checks validate.
REFUSED_BY_RULE = frozenset({422, 428})


def excluded_checks(case: Case) -> list[CheckFunction]:
    """positive_data_acceptance, for the cases the document cannot promise to accept."""
    if not is_positive(case):
        return []
    if is_made_up_cursor(case) or has_integral_float(case.body):
        return [positive_data_acceptance]
    return [positive_data_acceptance] if case.operation.label in RULED else []


def is_made_up_cursor(case: Case) -> bool:
    """Whether a case carries a `cursor` it made up: a cursor is valid only as a page gave
    it, which no schema can state, so any other is refused (422) though it fits the
    document's pattern."""
    return "cursor" in (case.query or {})


@schema.parametrize()
def test_the_api_keeps_its_document_for_the_public(case: Case, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, excluded_checks=excluded_checks(case))


@schema.parametrize()
def test_the_api_keeps_its_document_for_the_administrator(
    case: Case, base_url: str, administrator: Credential
) -> None:
    key = (case.headers or {}).get(HEADER)
    if key is not None and KEY.match(key):
        # A new request takes a new key: one the run has used with another request is
        # refused (422 idempotency_key_reused), as tests/api/test_idempotency.py shows.
        case.headers[HEADER] = str(uuid.uuid4())
    headers = bearer(administrator.token)
    response = case.call(base_url=base_url, headers=headers)
    excluded = excluded_checks(case)
    if response.status_code in REFUSED_BY_RULE:
        excluded.append(positive_data_acceptance)
    case.validate_response(response, excluded_checks=excluded, headers=headers)
    if case.method == "DELETE" and response.status_code == 204:
        administrator.renew()  # it may have revoked the very token it presented
