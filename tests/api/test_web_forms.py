"""The web pages' forms at the door: a form signs in without a session, and every other
form posted with the session's cookie must carry its CSRF token in the hidden field (the
API's header is not needed there) and come from this site; static files are served under
hashed names with a year's cache; the pages stay out of the OpenAPI document."""

from __future__ import annotations

import re

import httpx

from soviet.domain.identity import SYSTEM
from soviet.services import accounts
from soviet.services.bootstrap import open_database

from .server import Server

PASSWORD = "a long enough password for tests"


def _site(server: Server) -> str:
    return server.url.removesuffix("/api/v1")


def test_a_form_signs_in_and_out_with_its_csrf_field(server: Server, initialised_url: str) -> None:
    with open_database(initialised_url) as db:
        accounts.create_account(db, "kollontai", PASSWORD, actor=SYSTEM)
    with httpx.Client(base_url=_site(server), timeout=30) as browser:
        wrong = browser.post("/sign-in", data={"account": "kollontai", "password": "no"})
        assert wrong.status_code == 401
        assert "The account or the password is wrong." in wrong.text
        assert "soviet_session" not in browser.cookies
        signed = browser.post(
            "/sign-in", data={"account": "kollontai", "password": PASSWORD, "next": "//evil"}
        )
        assert signed.status_code == 303
        assert signed.headers["location"] == "/"  # never another site
        assert "soviet_session" in browser.cookies
        home = browser.get("/")
        assert "Signed in as kollontai" in home.text
        found = re.search(r'name="csrf_token" value="([^"]+)"', home.text)
        assert found is not None
        token = found.group(1)
        missing = browser.post("/sign-out", data={})
        assert missing.status_code == 403
        assert missing.json()["code"] == "csrf"
        other_site = browser.post(
            "/sign-out", data={"csrf_token": token}, headers={"Sec-Fetch-Site": "cross-site"}
        )
        assert other_site.status_code == 403
        assert "Signed in as kollontai" in browser.get("/").text
        out = browser.post("/sign-out", data={"csrf_token": token})
        assert out.status_code == 303
        assert "Signed in as" not in browser.get("/").text


def test_static_files_are_hashed_and_cached_for_a_year(server: Server) -> None:
    page = httpx.get(f"{_site(server)}/sign-in", headers={"Accept-Language": "de"})
    assert page.headers["content-language"] == "de"
    assert "<h1>Anmelden</h1>" in page.text
    found = re.search(r'href="(/static/site\.[0-9a-f]{12}\.css)"', page.text)
    assert found is not None
    css = httpx.get(f"{_site(server)}{found.group(1)}")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert css.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert httpx.get(f"{_site(server)}/static/site.css").status_code == 404
    document = httpx.get(f"{server.url}/openapi.json").json()
    assert not [path for path in document["paths"] if not path.startswith("/api/v1")]
