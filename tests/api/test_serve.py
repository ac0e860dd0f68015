"""`soviet serve` answers over HTTP, describes itself, and refuses as problem+json."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from soviet.api.app import openapi_text

from .server import Server

ROOT = Path(__file__).resolve().parents[2]


def test_the_served_openapi_document_is_the_committed_one(server: Server) -> None:
    served = httpx.get(f"{server.url}/openapi.json").json()
    assert served["openapi"].startswith("3.1")
    committed = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert served == committed, "docs/openapi.json is stale: run python scripts/docs.py"
    assert json.loads(openapi_text()) == committed


def test_an_unknown_path_is_a_problem_not_a_page(server: Server) -> None:
    answer = httpx.get(f"{server.url}/no-such-thing")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["type"] == "/api/v1/problems/not_found"
    assert body["status"] == 404
    assert body["code"] == "not_found"
    described = httpx.get(f"{server.url}/problems/not_found").json()
    assert described == {"code": "not_found", "title": body["title"], "status": 404}
