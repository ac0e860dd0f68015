"""The door's mark on the reads a PostgreSQL replica may serve (`soviet serve --read-db`).

Every GET and HEAD but the event stream may be read from a replica (store.replicas). A
signed-in reader's read (a session cookie or a bearer token presented) must see the
primary's head as it is when her request arrives, so that she never sees a state older
than an act she has made. Any reader may name the journal entry she has seen (a receipt's
or an event's seq) in `X-Soviet-After`, and the read then holds at least that entry.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from soviet.api.auth import SESSION_COOKIE
from soviet.api.problems import PREFIX, problem
from soviet.domain import limits
from soviet.services.bootstrap import replica_reads

#: The header a client names the journal entry it has seen with.
AFTER_HEADER = "X-Soviet-After"
_AFTER = AFTER_HEADER.lower().encode("latin-1")
_READS = frozenset({"GET", "HEAD"})
_STREAM = f"{PREFIX}/events"
_SESSION = f"{SESSION_COOKIE}=".encode("latin-1")


class ReplicaReads:
    """Marks each read a replica may serve, with what it must hold."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in _READS
            or scope["path"].startswith(_STREAM)
        ):
            await self.app(scope, receive, send)
            return
        after = 0
        signed_in = False
        for name, value in scope["headers"]:
            if name == _AFTER:
                text = value.decode("latin-1")
                if not text.isdigit() or not 0 <= int(text) <= limits.ID_MAX:
                    reason = "must be the number of a journal entry"
                    refused = problem(
                        "invalid_input",
                        f"{AFTER_HEADER}: {reason}",
                        errors=[{"path": f"header.{AFTER_HEADER}", "message": reason}],
                    )
                    await refused(scope, receive, send)
                    return
                after = int(text)
            elif name == b"authorization" or (name == b"cookie" and _SESSION in value):
                signed_in = True
        with replica_reads(after, fresh=signed_in):
            await self.app(scope, receive, send)
