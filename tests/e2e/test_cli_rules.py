"""Acts that were legal and must not be, through the `soviet` command, on both engines: a
commission too large for its council, a resolution recorded as not carried out, recall
signatures in another's name (paper sheets entered as such instead).

The federation is founded through the services, in process, for speed; every act and
read under test goes through the real entrypoint.
"""

from __future__ import annotations

from pathlib import Path

from soviet.domain.identity import SYSTEM
from soviet.services.bootstrap import open_database
from soviet.services.mandates import end_mandate
from soviet.services.members import register_members
from soviet.services.parties import decline_candidacy
from soviet.services.registers import count_electorate
from soviet.services.statutes import apply_statute

from ..integration.councils.federation import STATUTE, elect, found_federation
from ..integration.councils.test_founding import MOSCOW
from ..integration.councils.test_paper_signatures import SOLDIERS, paper_statute
from ..integration.sessions.plenary import SOVIET
from .test_cli_sessions import as_json, found, ok, refused, soviet

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


def _registered(url: str, paper: bool) -> None:
    db = open_database(url)
    try:
        found_federation(db)
        elect(db)
        if paper:
            apply_statute(db, paper_statute(), actor=SYSTEM)
        register_members(db, "volynsky", SOLDIERS, actor=SYSTEM)
        count_electorate(db, "volynsky", 10, actor=SYSTEM)
    finally:
        db.dispose()


def test_paper_signatures_are_entered_as_such_never_signed_for_a_member(db_url: str) -> None:
    _registered(db_url, paper=False)
    enter = ("recall", "enter-paper", "petrograd-soviet", "s1", "v1", "v2", "--sheet", "S-1")
    assert refused(db_url, 6, *enter) == (
        "recall.paper_signatures: 'petrograd-soviet' takes no recall signatures on paper: "
        "its statute allows none"
    )
    assert refused(
        db_url, 4, "recall", "sign", "petrograd-soviet", "s1", "--member", "v1"
    ).startswith("chkheidze may not sign a recall petition for this member")
    db = open_database(db_url)
    try:
        apply_statute(db, paper_statute(), actor=SYSTEM)
    finally:
        db.dispose()
    assert refused(db_url, 4, *enter, "--as", "soldier-1") == (
        "soldier-1 may not enter recall signatures collected on paper (council "
        "'petrograd-soviet') in 'petrograd-1917'"
    )
    entered = ok(db_url, *enter, "--as", "skobelev")
    assert entered.splitlines()[:2] == [
        "sheet S-1: 2 signatures entered",
        f"recall of s1: 2/5 signatures (petition {entered.split('(petition ')[1].split(')')[0]})",
    ]
    last = ("recall", "enter-paper", "petrograd-soviet", "s1", "v3", "v4", "v5", "--sheet", "S-2")
    done = as_json(db_url, *last)
    assert (done["signatures"], done["recalled"], done["successor"]) == (5, True, "s2")
    entries = as_json(db_url, "journal", "tail", "-n", "10")
    sheets = [e for e in entries if e["kind"] == "PaperSignaturesEntered"]
    assert [(e["actor"], e["payload"]["sheet"], e["payload"]["entered_by"]) for e in sheets] == [
        ("skobelev", "S-1", "skobelev"),
        ("chkheidze", "S-2", "chkheidze"),
    ]


def test_a_second_federation_only_with_new_federation_and_reads_then_name_one(
    db_url: str, tmp_path: Path
) -> None:
    assert soviet(db_url, "init").returncode == 0
    petrograd, moscow = tmp_path / "petrograd.yaml", tmp_path / "moscow.yaml"
    petrograd.write_text(STATUTE, encoding="utf-8")
    moscow.write_text(MOSCOW, encoding="utf-8")
    ok(db_url, "apply", str(petrograd))
    head = ok(db_url, "journal", "tail", "-n", "1")
    assert refused(db_url, 4, "apply", str(moscow), "--as", "chkheidze") == (
        "chkheidze may not found the federation 'moscow-1917'"
    )
    assert refused(db_url, 6, "apply", str(moscow)) == (
        "federation.slug: 'moscow-1917' would found another federation in a database that "
        "holds 'petrograd-1917'; found it only on purpose (confirm a new federation), or "
        "correct the slug to amend one of these"
    )
    assert ok(db_url, "journal", "tail", "-n", "1") == head
    assert "'moscow-1917' is now version 1" in ok(db_url, "apply", str(moscow), "--new-federation")
    assert refused(db_url, 3, "council", "show", "petrograd-soviet") == (
        "federation: the database holds several federations, name one; "
        "known: moscow-1917, petrograd-1917"
    )
    ok(db_url, "council", "show", "petrograd-soviet", "--federation", "moscow-1917")


def test_a_list_of_non_members_and_a_register_sharing_accounts_are_refused(
    db_url: str, tmp_path: Path
) -> None:
    db = open_database(db_url)
    try:
        found_federation(db)
    finally:
        db.dispose()
    listed = ("party", "list", "bolsheviks", "b1", "m1", "--council", "petrograd-soviet")
    assert refused(db_url, 6, *listed, "--as", "lenin") == (
        "list 1 ('bolsheviks').persons[1]: m1 is not a member of 'bolsheviks': a party lists "
        "only its members"
    )
    roll = tmp_path / "volynsky.csv"
    roll.write_text(
        "key,name,account\nv1,One,acct-1\nv2,Two,acct-2\nv3,Three,acct-1\n", encoding="utf-8"
    )
    done = soviet(db_url, "members", "import", "volynsky", str(roll))
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"error: {roll}: 1 problem, nobody registered: line 4 (member 'v3'): account "
        "'acct-1' is already given to line 2 (member 'v1'); one account per member\n"
    )
    roll.write_text("key,name,account\nv1,One,acct-1\nv2,Two,acct-2\n", encoding="utf-8")
    ok(db_url, "members", "import", "volynsky", str(roll))
