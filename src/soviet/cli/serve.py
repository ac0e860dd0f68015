"""`soviet serve`: the HTTP API (and, later, the web application) under uvicorn."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from soviet.cli.app import DbOption, app, bounded, db_url
from soviet.errors import InvalidInput, Problem
from soviet.services.bootstrap import default_url, open_database


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="The address to listen on (a loopback one by default).")
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            "--port", help="The TCP port.", callback=bounded("port", minimum=1, maximum=65535)
        ),
    ] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            help="Worker processes (more than one needs PostgreSQL: SQLite serves one process).",
            callback=bounded("workers", minimum=1, maximum=256),
        ),
    ] = 1,
    db: DbOption = None,
) -> None:
    """Serve the HTTP API under /api/v1 (OpenAPI at /api/v1/openapi.json) until stopped.

    Cookies are marked Secure unless the address is a loopback one: behind a reverse
    proxy that ends TLS, listen on loopback or set SOVIET_SECURE_COOKIES=yes."""
    import uvicorn  # only this command needs it: every other one starts faster

    url = db_url(ctx, db) or default_url()
    database = open_database(url)  # refuses a missing SQLite file before any worker starts
    try:
        engine = database.target.engine
    finally:
        database.dispose()
    if workers > 1 and engine == "sqlite":
        reason = "more than one worker needs PostgreSQL (SQLite serves one process)"
        raise InvalidInput(f"--workers: {reason}", problems=[Problem("--workers", reason)])
    os.environ["SOVIET_DB"] = url
    if "SOVIET_SECURE_COOKIES" not in os.environ:
        os.environ["SOVIET_SECURE_COOKIES"] = "no" if _is_loopback(host) else "yes"
    uvicorn.run(
        "soviet.api.app:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,  # a path can carry a code or a token: nothing per request is logged
        proxy_headers=True,
        # Open event streams never end by themselves: cut them 3 s into a shutdown (their
        # clients resume with Last-Event-ID) rather than wait for ever.
        timeout_graceful_shutdown=3,
    )
