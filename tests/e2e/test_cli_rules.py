"""Acts that were legal and must not be, through the `soviet` command, on both engines: a
commission too large for its council, a resolution recorded as not carried out.

The federation is founded through the services, in process, for speed; every act and
read under test goes through the real entrypoint.
"""

from __future__ import annotations

from soviet.domain.identity import SYSTEM
from soviet.services.bootstrap import open_database
from soviet.services.mandates import end_mandate
from soviet.services.parties import decline_candidacy

from ..integration.sessions.plenary import SOVIET
from .test_cli_sessions import as_json, found, ok, refused

COMMISSION = ["--commission", "mrc", "--mandate", "Defend the capital.", "--power", "arrest"]


def _move(url: str, session: str, slug: str, seats: int) -> list[str]:
    return [
        "motion",
        "move",
        f"petrograd-soviet/{slug}",
        "--session",
        session,
        "--title",
        "MRC",
        "--text",
        "Create the Military Revolutionary Committee.",
        "--by-delegate",
        "b1",
        *COMMISSION,
        "--deadline",
        "2100-01-01",
        "--seats",
        str(seats),
    ]


def test_a_commission_too_large_is_refused_and_one_that_no_longer_fits_is_recorded(
    db_url: str,
) -> None:
    found(db_url)
    session = ok(db_url, "session", "convene", "petrograd-soviet", "--agenda", "Defence").split()[1]
    ok(db_url, "session", "check-in", session, *SOVIET)
    assert refused(db_url, 6, *_move(db_url, session, "big", 7)) == (
        "commission.seats: commission 'mrc' has 7 seats but 'petrograd-soviet' has 6 voting "
        "delegates in fractions"
    )
    ok(db_url, *_move(db_url, session, "mrc", 6))
    ok(db_url, "vote", "open", "petrograd-soviet/mrc")
    for person in SOVIET:
        ok(db_url, "vote", "cast", "petrograd-soviet/mrc", person, "yes", "--as", person)
    db = open_database(db_url)
    try:  # the SR list runs out and the SR delegate dies: five delegates are left
        for person in ("s2", "s3"):
            decline_candidacy(db, "sr", "petrograd-soviet", person, actor=SYSTEM)
        end_mandate(db, "petrograd-soviet", "s1", cause="death", actor=SYSTEM)
    finally:
        db.dispose()
    reason = (
        "commission 'mrc' has 6 seats but 'petrograd-soviet' has 5 voting delegates in fractions"
    )
    closed = ok(db_url, "vote", "close", "petrograd-soviet/mrc")
    assert f"not carried out: {reason}" in closed
    assert as_json(db_url, "vote", "close", "petrograd-soviet/mrc")["not_carried_out"] == reason
    shown = ok(db_url, "resolution", "show", "petrograd-soviet/1")
    assert shown.splitlines()[-1] == f"not carried out: {reason}"
    assert as_json(db_url, "resolution", "show", "petrograd-soviet/1")["not_carried_out"] == reason
    assert as_json(db_url, "commission", "list")["items"] == []
    ok(db_url, "session", "close", session)
