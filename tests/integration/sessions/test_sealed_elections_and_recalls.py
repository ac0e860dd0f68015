"""Sealed elections and recall votes through the services, on both engines: once the
soviet's trustees have made its key, a ballot election takes only ballots encrypted on the
member's side with proofs; the server refuses a party sent in the clear, a forged ballot, a
second ballot and a credential used twice; the ballot box closes; the election cannot close
before two of the three trustees have decrypted every constituency's tally; then it seats
the winner from the decrypted votes; each constituency's board recounts with the standalone
verifier, names a tampered ballot and shows no member; no row or entry holds a choice;
verify rebuilds it all. A recall put to a vote once the soviet has its key goes the same
way, and the delegate is recalled by the counts two trustees decrypt.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from soviet.crypto.recount import check
from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.views.registers import RecallVoteCount
from soviet.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from soviet.services import journal as journal_service
from soviet.services import sealed_elections, sealed_recalls, trustee_keys
from soviet.services.composition import composition
from soviet.services.elections import cast_ballot, close_election, open_election
from soviet.services.mandates import sign_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.reads import election_view, petition_view
from soviet.services.recall_votes import cast_recall_vote, close_recall_vote
from soviet.services.registers import count_electorate
from soviet.services.statutes import apply_statute
from soviet.store.database import Database
from soviet.store.schema import ballot_box, election_sealed_ballots, recall_votes

from .plenary import statute

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
    with pytest.raises(
        InvalidInput, match=r"^parts\[0\]\.shares\[0\]: its proof fails for 'bolsheviks'"
    ):
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
    assert board["allocation"] == {"method": "dhondt", "seats": 1, "allocation": [1, 0, 0]}
    moved = copy.deepcopy(board)
    moved["allocation"]["allocation"] = [0, 0, 1]
    assert "allocation: dhondt gives [1, 0, 0], the board says [0, 0, 1]" in check(moved)
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


def put_to_a_sealed_vote(db: Database) -> None:
    """s1's recall put to a vote of the Volynsky Regiment (10 soldiers), sealed."""
    document = statute()
    document["councils"][COUNCIL]["secretariat"] = ["chair"]
    document["councils"][COUNCIL]["recall"]["then"] = "recall-vote"
    apply_statute(db, document, effective_at=datetime(1917, 3, 9, tzinfo=UTC), actor=SYSTEM)
    soldiers = [MemberSpec(f"v{i}", f"Soldier {i}") for i in range(1, 11)]
    register_members(db, "volynsky", soldiers, actor=SYSTEM)
    count_electorate(db, "volynsky", 10, actor=SYSTEM)
    for index in range(1, 6):
        signed = sign_recall(db, COUNCIL, "s1", f"v{index}", actor=SYSTEM)
    assert signed.is_put_to_vote


def test_a_sealed_recall_vote_from_the_ballots_to_the_recall(
    sealed_db: Database, tmp_path: Path
) -> None:
    db = sealed_db
    put_to_a_sealed_vote(db)
    terms = sealed_recalls.sealing(db, COUNCIL, "s1", actor=SYSTEM)
    assert terms is not None
    assert terms.choices == ("recall", "keep")
    with pytest.raises(RuleViolation, match=r"is sealed: a ballot is encrypted by the member"):
        cast_recall_vote(db, COUNCIL, "s1", "v1", "recall", actor=SYSTEM)
    receipts = []
    for index, choice in enumerate(["recall", "keep", "recall", "recall", "keep"], start=1):
        made, _ = sealed_recalls.encrypt(terms, choice)
        entry, receipt = sealed_recalls.cast_sealed_recall_vote(
            db, COUNCIL, "s1", f"v{index}", made.to_json(), actor=SYSTEM
        )
        assert entry.kind == "RecallVoteCast"
        assert entry.data()["choice"] is None
        receipts.append(receipt)
    made, _ = sealed_recalls.encrypt(terms, "keep")
    with pytest.raises(Conflict, match=r"^member 'v1' has already voted on the recall of s1"):
        sealed_recalls.cast_sealed_recall_vote(
            db, COUNCIL, "s1", "v1", made.to_json(), actor=SYSTEM
        )
    with pytest.raises(RuleViolation, match=r"is sealed and its ballot box is open"):
        close_recall_vote(db, COUNCIL, "s1", actor=SYSTEM)
    sealed_recalls.close_ballots(db, COUNCIL, "s1", actor=SYSTEM)
    with pytest.raises(RuleViolation, match=r"closed at"):
        sealed_recalls.cast_sealed_recall_vote(
            db, COUNCIL, "s1", "v6", made.to_json(), actor=SYSTEM
        )
    trustee_keys.decrypt_recall(db, COUNCIL, "s1", tmp_path / "t2.json", actor=account_actor("t2"))
    with pytest.raises(RuleViolation, match=r"decrypted by 2 of its trustees; 1 have given"):
        close_recall_vote(db, COUNCIL, "s1", actor=SYSTEM)
    with pytest.raises(Conflict, match=r"^trustee 2 has given her share"):
        trustee_keys.decrypt_recall(
            db, COUNCIL, "s1", tmp_path / "t2.json", actor=account_actor("t2")
        )
    trustee_keys.decrypt_recall(db, COUNCIL, "s1", tmp_path / "t1.json", actor=account_actor("t1"))
    decided = close_recall_vote(db, COUNCIL, "s1", actor=SYSTEM)
    assert (decided.recall, decided.keep, decided.is_recalled) == (3, 2, True)
    entries = journal_service.tail(db, 40, actor=SYSTEM)
    recalled = next(e for e in entries if e.kind == "DelegateRecalled")
    assert (recalled.data()["recall"], recalled.data()["keep"]) == (3, 2)
    petition = recalled.data()["petition"]
    assert petition_view(db, petition, actor=SYSTEM).recall_vote == RecallVoteCount(3, 2)

    board = sealed_recalls.board(db, petition, actor=SYSTEM)
    assert check(board) == []
    assert board["result"] == [3, 2]
    assert sorted(b["receipt"] for b in board["ballots"]) == sorted(receipts)
    closing = next(e for e in entries if e.kind == "RecallBallotsClosed")
    assert check(board, closing.hash) == []
    with db.read() as connection:
        choices = connection.execute(sa.select(recall_votes.c.choice)).scalars().all()
    assert choices == ["sealed"] * 5  # no row holds a choice
    for entry in entries:
        if entry.kind in ("RecallVoteCast", "SealedRecallBallotCast"):
            assert '"recall"' not in entry.payload
            assert '"keep"' not in entry.payload
    assert journal_service.verify(db, actor=SYSTEM).is_intact


def test_by_default_no_secret_ballot_is_counted_in_the_clear(plenary_db: Database) -> None:
    """A statute that says nothing of `secret_ballots` seals them: before the council's
    trustees have made its key, no secret vote opens, no ballot election opens and no
    recall is put to a vote; every other act goes on."""
    from soviet.services.votes import open_vote

    from .plenary import sitting

    db = plenary_db
    document = statute()
    del document["councils"][COUNCIL]["sessions"]["secret_ballots"]
    document["councils"][COUNCIL]["recall"]["then"] = "recall-vote"
    apply_statute(db, document, effective_at=datetime(1917, 3, 9, tzinfo=UTC), actor=SYSTEM)
    refusal = r"seals the secret (votes|ballots) of 'petrograd-soviet', and its trustees have"
    with pytest.raises(RuleViolation, match=refusal):
        open_election(db, COUNCIL, constituency="volynsky", mode="ballots", actor=SYSTEM)
    open_election(db, COUNCIL, constituency="volynsky", mode="counts", actor=SYSTEM)
    session = sitting(db)
    spec = MotionSpec("peace", "Peace", "Text.", mover_kind="delegate", mover="b1")
    move_motion(db, COUNCIL, session, spec, actor=SYSTEM)
    with pytest.raises(RuleViolation, match=refusal):
        open_vote(db, f"{COUNCIL}/peace", "secret", actor=SYSTEM)
    open_vote(db, f"{COUNCIL}/peace", "roll-call", actor=SYSTEM)
    soldiers = [MemberSpec(f"v{i}", f"Soldier {i}") for i in range(1, 11)]
    register_members(db, "volynsky", soldiers, actor=SYSTEM)
    count_electorate(db, "volynsky", 10, actor=SYSTEM)
    for index in range(1, 5):
        sign_recall(db, COUNCIL, "s1", f"v{index}", actor=SYSTEM)
    with pytest.raises(RuleViolation, match=r"the recall cannot be put to a vote until"):
        sign_recall(db, COUNCIL, "s1", "v5", actor=SYSTEM)
