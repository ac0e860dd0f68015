"""Event streams close when their account's access ends, over HTTP on each engine: a
delegate whose mandate ends loses her stream at once (she joins again as what she is
now), while the public's streams go on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import accounts
from soviet.services.bootstrap import open_database
from soviet.services.mandates import end_mandate

from ..integration.councils.federation import elect, found_federation
from .server import serving
from .test_events import Listener, seqs


def test_a_delegate_whose_mandate_ends_has_her_stream_closed(db_url: str, tmp_path: Path) -> None:
    with open_database(db_url) as db:
        found_federation(db)
        elect(db)
        accounts.create_account(db, "b1", "a long enough password", actor=SYSTEM)
        token = accounts.issue_token(
            db, "b1", "stream", ["read"], datetime.now(UTC) + timedelta(days=1), actor=SYSTEM
        )
    with serving(db_url, tmp_path) as server:
        hers = Listener(server, headers={"Authorization": f"Bearer {token}"})
        public = Listener(server)
        assert hers.head.startswith("HTTP/1.1 200 ")
        with open_database(db_url) as db:
            ended = end_mandate(
                db, "petrograd-soviet", "b1", cause="resignation", actor=account_actor("b1")
            )
        assert ended.seq in seqs(public.until_seq(ended.seq))
        hers.read_until(b"0\r\n\r\n", timeout=10)  # the end of her stream
        assert hers.received.endswith(b"0\r\n\r\n")
        again = Listener(server, headers={"Authorization": f"Bearer {token}"})
        assert again.head.startswith("HTTP/1.1 200 ")
        for listener in (hers, public, again):
            listener.close()
