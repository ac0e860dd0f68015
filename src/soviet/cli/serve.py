"""`soviet serve`: the HTTP API and the web application's pages under uvicorn."""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from pathlib import Path
from typing import Annotated

import typer

from soviet.cli.app import DbOption, app, bounded, db_url
from soviet.errors import InvalidInput, Problem

_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def _refused(option: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{option}: {reason}", problems=[Problem(option, reason)])


def check_address(host: str, port: int) -> None:
    """Refuse, before any worker starts, a host that is neither an IP address nor a host
    name that resolves, and a port this host cannot listen on."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.rstrip(".").split(".")
        if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
            raise _refused("--host", "must be an IP address or a host name") from None
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise _refused("--host", f"'{host}' does not resolve to an address") from None
    family, kind, proto, _name, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise _refused("--port", f"cannot listen on {host}:{port}: {error.strerror}") from None


def is_loopback(host: str) -> bool:
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
    read_db: Annotated[
        list[str] | None,
        typer.Option(
            "--read-db",
            help="A streaming replica of the PostgreSQL primary (URL) to serve reads from; "
            "repeat for several. Acts and the event stream use the primary, and a signed-in "
            "reader never sees a state older than her own acts.",
            show_default=False,
        ),
    ] = None,
    signing_key: Annotated[
        Path | None,
        typer.Option(
            "--signing-key",
            envvar="SOVIET_SIGNING_KEY",
            help="The file of the key (`soviet journal keygen`) with which to sign the journal's "
            "head at GET /api/v1/journal/head; kept outside the database.",
            show_default=False,
        ),
    ] = None,
    operator: Annotated[
        list[str] | None,
        typer.Option(
            "--operator",
            help="An account that acts as this server's operator in the web application: it "
            "may verify the whole journal from a federation's administration page. Repeat for "
            "several; none by default.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the HTTP API under /api/v1 (OpenAPI at /api/v1/openapi.json) and the web
    pages at / until stopped.

    Cookies are marked Secure unless the address is a loopback one; behind a reverse
    proxy that ends TLS (docs/deployment.md), set SOVIET_SECURE_COOKIES=yes."""
    import uvicorn  # only this command needs it: every other one starts faster

    from soviet.services.accounts import check_account_name
    from soviet.services.bootstrap import default_url, open_database

    check_address(host, port)
    if signing_key is not None:
        from soviet.services.heads import load_key

        try:
            load_key(signing_key)  # refused here, before any worker starts
        except InvalidInput as error:
            raise _refused("--signing-key", error.problems[0].message) from None
        os.environ["SOVIET_SIGNING_KEY"] = str(signing_key.resolve())
    for account in operator or []:
        try:
            check_account_name(account, "--operator")
        except InvalidInput as error:
            raise _refused("--operator", error.message.partition(": ")[2]) from None
    os.environ["SOVIET_OPERATORS"] = " ".join(operator or [])
    url = db_url(ctx, db) or default_url()
    try:
        # Refuses a missing SQLite file, or a replica of one, before any worker starts.
        database = open_database(url, replicas=read_db or [])
    except InvalidInput as error:
        if error.problems and error.problems[0].path.startswith("read_db"):
            raise _refused("--read-db", error.problems[0].message) from None
        raise
    try:
        engine = database.target.engine
    finally:
        database.dispose()
    if workers > 1 and engine == "sqlite":
        raise _refused("--workers", "more than one needs PostgreSQL (SQLite serves one process)")
    os.environ["SOVIET_DB"] = url
    os.environ["SOVIET_READ_DB"] = " ".join(read_db or [])
    if "SOVIET_SECURE_COOKIES" not in os.environ:
        os.environ["SOVIET_SECURE_COOKIES"] = "no" if is_loopback(host) else "yes"
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
