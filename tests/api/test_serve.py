"""`soviet serve` answers over HTTP, describes itself, and refuses as problem+json."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from soviet.api.app import openapi_text
from soviet.domain.identity import SYSTEM
from soviet.services import heads
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database

from .server import Server, free_port, start, stop

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


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "SOVIET_DB"}
    return subprocess.run(
        [sys.executable, "-m", "soviet", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def test_serve_refuses_what_it_cannot_serve_before_any_worker_starts(tmp_path: Path) -> None:
    database = tmp_path / "soviet.db"
    database.touch()
    url = f"sqlite:///{database}"
    several = _serve("--db", url, "serve", "--workers", "2", "--port", str(free_port()))
    assert several.returncode == 2
    assert several.stderr.strip() == (
        "error: --workers: more than one needs PostgreSQL (SQLite serves one process)"
    )
    nowhere = _serve("--db", url, "serve", "--host", "no such host!")
    assert nowhere.stderr.strip() == "error: --host: must be an IP address or a host name"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = _serve("--db", url, "serve", "--port", str(port))
    assert busy.returncode == 2
    assert busy.stderr.startswith(f"error: --port: cannot listen on 127.0.0.1:{port}: ")
    missing = _serve(
        "--db", f"sqlite:///{tmp_path / 'none.db'}", "serve", "--port", str(free_port())
    )
    assert missing.returncode == 7
    assert "no such file" in missing.stderr
    replicated = _serve("--db", url, "serve", "--read-db", "postgresql://soviet@127.0.0.1:1/x")
    assert replicated.returncode == 2
    assert replicated.stderr.strip() == "error: --read-db: replicas need a PostgreSQL primary"
    unsigned = _serve("--db", url, "serve", "--signing-key", str(tmp_path / "none.key"))
    assert unsigned.returncode == 2
    assert unsigned.stderr.strip() == (
        f"error: --signing-key: {tmp_path / 'none.key'} does not exist"
    )
    for name in ("no such account!", "system"):
        unnamed = _serve("--db", url, "serve", "--operator", name, "--port", str(free_port()))
        assert unnamed.returncode == 2
        assert unnamed.stderr.startswith("error: --operator: "), unnamed.stderr


def test_a_server_with_a_signing_key_signs_its_head_for_anyone(
    server: Server, tmp_path: Path
) -> None:
    refused = httpx.get(f"{server.url}/journal/head")
    assert refused.status_code == 404
    assert refused.json()["detail"] == "journal head: this server signs no heads (no --signing-key)"

    url = f"sqlite:///{tmp_path / 'signed.db'}"
    with open_database(url, create=True) as db:
        journal_service.initialise(db, actor=SYSTEM)
    key = tmp_path / "signing.key"
    public = heads.generate_key(key)
    signing = start(url, tmp_path, env={"SOVIET_SIGNING_KEY": str(key)})
    try:
        answer = httpx.get(f"{signing.url}/journal/head")
    finally:
        stop(signing)
    assert answer.status_code == 200, answer.text
    published = tmp_path / "head.json"
    published.write_bytes(answer.content)
    signed = heads.read_signed_head(published, public)
    assert signed.seq == 1
    with open_database(url) as db:
        report = journal_service.verify(
            db, signed=[("served head", signed.head)], actor=SYSTEM, remember=False
        )
    assert report.is_intact
    assert key.read_text().splitlines()[1] not in signing.output()
