"""Sealed elections through the services, on both engines: once the soviet's trustees have
made its key, a ballot election takes only ballots encrypted on the member's side with
proofs; the server refuses a party sent in the clear, a forged ballot, a second ballot and
a credential used twice; the ballot box closes; the election cannot close before two of the
three trustees have decrypted every constituency's tally; then it seats the winner from the
decrypted votes; each constituency's board recounts with the standalone verifier, names a
tampered ballot and shows no member; no row or entry holds a choice; verify rebuilds it all.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from soviet.crypto.recount import check
from soviet.domain.identity import SYSTEM, account_actor
from soviet.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from soviet.services import journal as journal_service
from soviet.services import sealed_elections, trustee_keys
from soviet.services.composition import composition
from soviet.services.elections import cast_ballot, close_election, open_election
from soviet.services.members import MemberSpec, register_members
from soviet.services.reads import election_view
from soviet.store.database import Database
from soviet.store.schema import ballot_box, election_sealed_ballots

COUNCIL = "petrograd-soviet"
CHOICES = {"v1": "bolsheviks", "v2": "sr", "v3": "bolsheviks", "v4": "mensheviks"}
CHOICES |= {"v5": "bolsheviks", "v6": "bolsheviks", "p1": "mensheviks", "p2": "mensheviks"}


def ballot(terms: sealed_elections.ElectionSealing, party: str) -> dict[str, object]:
    made, _ = sealed_elections.encrypt(terms, party)
    return made.to_json()


def members(db: Database) -> None:
    soldiers = [MemberSpec(f"v{i}", f"Soldier {i}") for i in range(1, 9)]
    register_members(db, "volynsky", soldiers, actor=SYSTEM)
    workers = [MemberSpec(f"p{i}", f"Worker {i}") for i in range(1, 4)]
    register_members(db, "putilov", workers, actor=SYSTEM)


def test_a_sealed_election_from_the_first_ballot_to_the_recounted_boards(
    sealed_db: Database, tmp_path: Path
) -> None:
    db = sealed_db
    members(db)
    election = open_election(db, COUNCIL, mode="ballots", actor=SYSTEM)
    terms = sealed_elections.sealing(db, election, "volynsky", actor=SYSTEM)
    assert terms is not None
    assert terms.choices == ("bolsheviks", "mensheviks", "sr")
    assert terms.poll.startswith("petrograd-1917/elections/")
    assert terms.poll.endswith("/volynsky")
    assert election_view(db, election, actor=SYSTEM).sealed

    with pytest.raises(RuleViolation, match=r"is sealed: a ballot is encrypted by the member"):
        cast_ballot(db, election, "volynsky", "v1", "sr", actor=SYSTEM)
    with pytest.raises(InvalidInput, match=r"^party: must be one of the parties on the ballot"):
        sealed_elections.encrypt(terms, "kadets")

    receipts = {}
    for member, party in CHOICES.items():
        place = "putilov" if member.startswith("p") else "volynsky"
        mine = sealed_elections.sealing(db, election, place, actor=SYSTEM)
        assert mine is not None
        entry, receipt = sealed_elections.cast_sealed_ballot(
            db, election, place, member, ballot(mine, party), actor=SYSTEM
        )
        assert entry.kind == "BallotCast"
        assert entry.data()["receipt"] == receipt
        receipts[member] = receipt

    with pytest.raises(Conflict, match=r"^member 'v2' has already voted in election"):
        sealed_elections.cast_sealed_ballot(
            db, election, "volynsky", "v2", ballot(terms, "sr"), actor=SYSTEM
        )
    again = ballot(terms, "sr")
    sealed_elections.cast_sealed_ballot(db, election, "volynsky", "v7", again, actor=SYSTEM)
    with pytest.raises(Conflict, match=r"^ballot.credential: a ballot of election"):
        sealed_elections.cast_sealed_ballot(db, election, "volynsky", "v8", again, actor=SYSTEM)
    forged = ballot(terms, "bolsheviks")
    other = ballot(terms, "sr")
    forged["choices"][0]["beta"] = other["choices"][0]["beta"]  # type: ignore[index]
    with pytest.raises(InvalidInput, match=r"^ballot: its proofs fail"):
        sealed_elections.cast_sealed_ballot(db, election, "volynsky", "v8", forged, actor=SYSTEM)
    with pytest.raises(Forbidden):  # a member casts her own ballot, no one else's
        sealed_elections.cast_sealed_ballot(
            db, election, "volynsky", "v6", ballot(terms, "sr"), actor=account_actor("v1")
        )

    with pytest.raises(RuleViolation, match=r"sealed and its ballot box is open"):
        close_election(db, election, actor=SYSTEM)
    with pytest.raises(RuleViolation, match=r"its tallies are decrypted once it closes"):
        trustee_keys.decrypt_election(db, election, tmp_path / "t1.json", actor=account_actor("t1"))
    sealed_elections.close_ballots(db, election, actor=SYSTEM)
    with pytest.raises(Conflict, match=r"^the ballot box of election .* closed at"):
        sealed_elections.close_ballots(db, election, actor=SYSTEM)
    putilov = sealed_elections.sealing(db, election, "putilov", actor=SYSTEM)
    assert putilov is not None
    with pytest.raises(InvalidInput, match=r"^ballot: its proofs fail"):  # bound to its place
        sealed_elections.cast_sealed_ballot(
            db, election, "putilov", "p3", ballot(terms, "sr"), actor=SYSTEM
        )
    with pytest.raises(RuleViolation, match=r"closed at") as late:
        sealed_elections.cast_sealed_ballot(
            db, election, "putilov", "p3", ballot(putilov, "sr"), actor=SYSTEM
        )
    assert late.value.code == "poll_not_open"

    wanted, given = trustee_keys.decrypt_election(
        db, election, tmp_path / "t1.json", actor=account_actor("t1")
    )
    assert [t.constituency for t in wanted.tallies] == ["putilov", "volynsky"]
    assert len(given) == 2
    with pytest.raises(Conflict, match=r"^trustee 1 has given her shares"):
        trustee_keys.decrypt_election(db, election, tmp_path / "t1.json", actor=account_actor("t1"))
    with pytest.raises(RuleViolation, match=r"decrypted by 2 of its trustees; 1 have given"):
        close_election(db, election, actor=SYSTEM)  # k-1 of k: nothing is counted
    with pytest.raises(Forbidden, match=r"may not take a trustee's part"):
        trustee_keys.decrypt_election(db, election, tmp_path / "t2.json", actor=account_actor("v1"))

    # A share that is not hers is caught by its proof, naming the party.
    parts = sealed_elections.make_shares(wanted, 2, 12345)
    with pytest.raises(InvalidInput, match=r"^parts\[0\]\.shares\[0\]: its proof fails for party"):
        sealed_elections.share_decryptions(db, election, parts, actor=account_actor("t2"))

    trustee_keys.decrypt_election(db, election, tmp_path / "t3.json", actor=account_actor("t3"))
    closed = close_election(db, election, actor=SYSTEM)
    assert closed.seats[("volynsky", "bolsheviks")] == 1
    seated = {m.person for m in composition(db, COUNCIL, actor=SYSTEM).members}
    assert "b1" in seated
    votes = election_view(db, election, actor=SYSTEM).votes
    assert votes == {"bolsheviks": 4, "mensheviks": 3, "sr": 2}

    board = sealed_elections.board(db, election, "volynsky", actor=SYSTEM)
    assert check(board) == []
    assert board["candidates"] == ["bolsheviks", "mensheviks", "sr"]
    assert board["result"] == [4, 1, 2]
    volynsky = {m: r for m, r in receipts.items() if m.startswith("v")}
    assert sorted(b["receipt"] for b in board["ballots"]) == sorted(
        [*volynsky.values(), sealed_elections.sealed.receipt_of(again)]
    )
    assert [p["trustee"] for p in board["partial_decryptions"]] == [1, 3]
    assert check(sealed_elections.board(db, election, "putilov", actor=SYSTEM)) == []
    text = json.dumps(board)
    assert not any(f'"{member}"' in text for member in CHOICES)  # credentials, never members
    tampered = copy.deepcopy(board)
    tampered["ballots"][1]["choices"][0]["beta"] = board["ballots"][0]["choices"][0]["beta"]
    assert any(f.startswith("ballot 2 (credential ") for f in check(tampered))
    entries = journal_service.tail(db, 100, actor=SYSTEM)
    box_closed = next(e for e in entries if e.kind == "ElectionBallotsClosed")
    assert board["journal_head"] == box_closed.hash
    assert check(board, box_closed.hash) == []

    # No row holds a count or a choice of a sealed ballot; no entry holds a choice.
    with db.read() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(ballot_box)).scalar() == 0
        stored = connection.execute(sa.select(election_sealed_ballots.c.ballot)).scalars().all()
    assert len(stored) == 9
    for entry in entries:
        if entry.kind in ("BallotCast", "SealedElectionBallotCast"):
            assert not any(party in entry.payload for party in ("bolsheviks", '"sr"', "mensh"))
    assert journal_service.verify(db, actor=SYSTEM).is_intact


def test_a_ballot_election_without_a_key_is_counted_in_the_clear_unless_the_statute_seals(
    plenary_db: Database,
) -> None:
    db = plenary_db
    members(db)
    election = open_election(db, COUNCIL, constituency="volynsky", mode="ballots", actor=SYSTEM)
    assert sealed_elections.sealing(db, election, "volynsky", actor=SYSTEM) is None
    cast_ballot(db, election, "volynsky", "v1", "sr", actor=SYSTEM)
    with pytest.raises(RuleViolation, match=r"is not sealed: it takes no encrypted ballot"):
        sealed_elections.cast_sealed_ballot(
            db, election, "volynsky", "v2", {"credential": "x"}, actor=SYSTEM
        )
    with pytest.raises(RuleViolation, match=r"is not sealed"):
        sealed_elections.close_ballots(db, election, actor=SYSTEM)
