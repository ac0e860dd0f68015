"""Invitations end to end, over real HTTP: the registrar (the federation's administrator)
imports a constituency's members with contact fields and gets a CSV of codes; a member
redeems hers (once) and is then that member: she signs a recall petition in her
constituency. No code or password reaches the journal or the server's log."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from soviet.domain.identity import account_actor
from soviet.services import invitations
from soviet.services.bootstrap import open_database

from ..e2e.test_cli_councils import COUNCIL, elect, found, soviet
from .accounts_setup import PASSWORD, bearer, issued
from .server import serving

REGISTER = (
    "key,name,account,email,phone\n"
    "p1,Anna Ivanova,,anna@example.org,+7 812 000 01\n"
    "p2,Boris Petrov,boris.p,boris@example.org,\n"
)
MEMBER_PASSWORD = "the workers' own password"


def journal_text(url: str) -> str:
    with open_database(url) as db, db.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT * FROM journal")).all()
    return "\n".join(repr(tuple(row)) for row in rows)


def test_import_codes_redeem_and_act_as_the_constituent(db_url: str, tmp_path: Path) -> None:
    found(db_url, tmp_path)
    elect(db_url, tmp_path)
    registrar = issued(db_url, "chkheidze", ["read", "act"])
    stranger = issued(db_url, "kerensky", ["read", "act"])
    path = "/federations/petrograd-1917/constituencies/putilov/invitations"
    with serving(db_url, tmp_path) as server, server.client() as client:
        csv_headers = {"Content-Type": "text/csv"}
        refused = client.post(path, content=REGISTER, headers={**bearer(stranger), **csv_headers})
        assert refused.status_code == 403, refused.text
        answer = client.post(path, content=REGISTER, headers={**bearer(registrar), **csv_headers})
        assert answer.status_code == 201, answer.text
        assert answer.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(answer.text)))
        assert next(list(row) for row in rows) == [
            "key",
            "name",
            "account",
            "email",
            "phone",
            "code",
            "expires_at",
        ]
        assert [(r["key"], r["account"], r["email"]) for r in rows] == [
            ("p1", "putilov.p1", "anna@example.org"),
            ("p2", "boris.p", "boris@example.org"),
        ]
        again = client.post(path, content=REGISTER, headers={**bearer(registrar), **csv_headers})
        assert again.status_code == 422  # already registered: nobody twice
        code = rows[0]["code"]
        redeemed = client.post(
            "/invitations/redeem", json={"code": code.lower(), "password": MEMBER_PASSWORD}
        )
        assert redeemed.status_code == 201, redeemed.text
        assert redeemed.json() == {
            "account": "putilov.p1",
            "federation": "petrograd-1917",
            "constituency": "putilov",
            "member": "p1",
        }
        twice = client.post("/invitations/redeem", json={"code": code, "password": MEMBER_PASSWORD})
        assert twice.status_code == 409
        assert twice.json()["code"] == "conflict"
        unknown = client.post(
            "/invitations/redeem",
            json={"code": "AAAAA-BBBBB-CCCCC-DDDDD", "password": MEMBER_PASSWORD},
        )
        assert unknown.status_code == 404
        short = client.post(
            "/invitations/redeem", json={"code": rows[1]["code"], "password": "short"}
        )
        assert short.status_code == 422
        assert short.json()["errors"][0]["path"] == "password"
        signed = client.post(
            "/session", json={"account": "putilov.p1", "password": MEMBER_PASSWORD}
        )
        assert signed.status_code == 200
        me = client.get("/account")
        assert me.json()["constituencies"] == [
            {"federation": "petrograd-1917", "constituency": "putilov", "member": "p1"}
        ]
        log = server.output()
    # She acts as that member: she signs a recall of one of her constituency's delegates,
    # in her own name; another member's account may not sign for her.
    sign = ("recall", "sign", COUNCIL, "b1", "--member", "p1", "--db", db_url)
    assert soviet(*sign, "--as", "boris.p").returncode == 4
    done = soviet(*sign, "--as", "putilov.p1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("recall of b1: 1/")
    stored = journal_text(db_url)
    for secret in (code, rows[1]["code"], MEMBER_PASSWORD, PASSWORD, registrar):
        assert secret not in stored
        assert secret not in log
    assert "anna@example.org" not in stored  # contacts are handed back, never kept


def test_an_expired_code_is_refused(db_url: str, tmp_path: Path) -> None:
    found(db_url, tmp_path)
    past = datetime.now(UTC) - timedelta(days=3)
    with open_database(db_url) as db:
        made = invitations.invite(
            db,
            "putilov",
            "key,name\np9,Vera Z\n",
            days=1,
            actor=account_actor("chkheidze"),
            now=lambda: past,
        )
    with serving(db_url, tmp_path) as server, server.client() as client:
        answer = client.post(
            "/invitations/redeem", json={"code": made[0].code, "password": MEMBER_PASSWORD}
        )
    assert answer.status_code == 422
    assert answer.json()["code"] == "rule_violation"
    assert "expired" in answer.json()["detail"]


def test_a_bad_file_names_its_lines_and_registers_nobody(db_url: str, tmp_path: Path) -> None:
    found(db_url, tmp_path)
    registrar = issued(db_url, "chkheidze", ["read", "act"])
    bad = "key,name,email\np1,,a@b\np2,Two,b@c\np2,Again,c@d\n"
    path = "/federations/petrograd-1917/constituencies/putilov/invitations"
    with serving(db_url, tmp_path) as server, server.client() as client:
        answer = client.post(
            path, content=bad, headers={**bearer(registrar), "Content-Type": "text/csv"}
        )
        assert answer.status_code == 422
        paths = [problem["path"] for problem in answer.json()["errors"]]
        assert "line 2" in paths
        good = client.post(
            path,
            content="key,name\np2,Two\n",
            headers={**bearer(registrar), "Content-Type": "text/csv"},
        )
        assert good.status_code == 201, good.text
