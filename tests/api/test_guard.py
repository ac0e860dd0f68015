"""Text no database can store, and oversized bodies, are refused at the door, by place."""

from __future__ import annotations

import httpx

from .server import Server


def _refused(answer: httpx.Response, path: str, status: int = 422) -> str:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert body["code"] == "invalid_input"
    if status == 422:
        assert [e["path"] for e in body["errors"]] == [path]
    return str(body["detail"])


def test_a_nul_in_the_path_or_the_query_is_refused_naming_where(server: Server) -> None:
    with server.client() as client:
        detail = _refused(client.get("/federations/pe%00tro"), "path")
        assert "NUL" in detail
        _refused(client.get("/health", params={"as_of": "1917\x00"}), "query.as_of")
        _refused(client.get("/health?cursor=%ff%fe"), "query.cursor")


def test_a_json_body_with_a_nul_or_a_lone_surrogate_is_refused_before_any_route(
    server: Server,
) -> None:
    with server.client() as client:
        nul = b'{"reason": "a\\u0000b"}'
        headers = {"content-type": "application/json"}
        _refused(client.post("/health", content=nul, headers=headers), "body.reason")
        surrogate = b'{"list": ["ok", "\\ud800"]}'
        _refused(client.post("/health", content=surrogate, headers=headers), "body.list.1")
        latin = '{"name": "Чхеидзе"}'.encode("cp1251")
        _refused(client.post("/health", content=latin, headers=headers), "body")


def test_a_body_over_the_limit_is_refused_with_413(server: Server) -> None:
    with server.client() as client:
        huge = b'{"text": "' + b"x" * (9 * 1024 * 1024) + b'"}'
        answer = client.post("/health", content=huge, headers={"content-type": "application/json"})
        _refused(answer, "body", status=413)
        # A body within the limit reaches the router, which has no POST /health.
        assert client.post("/health", json={"text": "x"}).status_code == 405
