"""schemathesis against a running `soviet serve` over a founded federation, from the
OpenAPI document it serves: every operation, positive and negative data, every check.

Generic over the document: whatever routes the API gains are fuzzed the same way. The
document is the app's own (the served one is checked equal to it before any case runs:
schemathesis' lazy loader from a fixture does not run under this pytest).
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from schemathesis import Case, GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from soviet.api.app import create_app

from .reads_fixtures import Federated, federated_fixture  # noqa: F401 (a fixture)

#: Examples per operation and mode: enough to reach every parameter's edges, few enough
#: that the whole document runs in under two minutes on SQLite on a busy 2-core machine.
EXAMPLES = 30

DOCUMENT = create_app(None).openapi()
schema = schemathesis.openapi.from_dict(DOCUMENT)
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


def is_made_up_cursor(case: Case) -> bool:
    """Whether a case carries a `cursor` it made up: a cursor is valid only as a page gave
    it, which no schema can state, so any other is refused (422) though it fits the
    document's pattern."""
    is_positive = case.meta is not None and case.meta.generation.mode.is_positive
    return is_positive and "cursor" in (case.query or {})


@schema.parametrize()
def test_the_api_keeps_its_document(case: Case, base_url: str) -> None:
    excluded = [positive_data_acceptance] if is_made_up_cursor(case) else []
    case.call_and_validate(base_url=base_url, excluded_checks=excluded)
