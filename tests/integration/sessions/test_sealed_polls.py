"""Sealed secret polls through the services, on both engines: once the soviet's trustees
have made its key, a secret vote takes only ballots encrypted on the voter's side with
proofs; the server refuses a choice sent in the clear, a malformed or forged ballot and a
credential used twice; the close shows nothing; two of three trustees decrypt the tally and
the last of them decides the poll; the board recounts with the standalone verifier, names a
tampered ballot, and shows no person; no row or entry holds a choice; verify rebuilds it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from soviet.crypto import ballot as crypto_ballot
from soviet.crypto.recount import check
from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.sessions import Tally
from soviet.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from soviet.services import boards, sealed, trustee_keys, trustees
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.my_status import vote_status
from soviet.services.poll_results import poll_view, publish_poll
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store.database import Database
from soviet.store.schema import secret_box

from .plenary import found_plenary, sitting

COUNCIL = "petrograd-soviet"
TRUSTEES = ["t1", "t2", "t3"]
CHOICES = {"b1": "yes", "b2": "yes", "b3": "no", "b4": "yes", "m1": "no", "s1": "abstain"}


def motion(db: Database, slug: str) -> str:
    session = sitting(db)
    spec = MotionSpec(slug, slug.title(), "Text.", mover_kind="delegate", mover="b1")
    move_motion(db, COUNCIL, session, spec, actor=SYSTEM)
    return f"{COUNCIL}/{slug}"


def ballot(terms: sealed.Sealing, choice: str) -> dict[str, object]:
    made, _ = sealed.encrypt(terms, choice)
    return made.to_json()


def test_a_sealed_poll_from_the_first_ballot_to_the_recounted_board(
    sealed_db: Database, tmp_path: Path
) -> None:
    db = sealed_db
    address = motion(db, "peace")
    assert sealed.sealing(db, address, actor=SYSTEM) is None  # not yet put to the vote
    open_vote(db, address, "secret", actor=SYSTEM)
    terms = sealed.sealing(db, address, actor=SYSTEM)
    assert terms is not None
    assert terms.poll == f"petrograd-1917/{address}"
    assert terms.public_key == trustees.ceremony(db, COUNCIL, actor=SYSTEM).public_key

    with pytest.raises(RuleViolation, match=r"is sealed: a ballot is encrypted by the voter"):
        cast_vote(db, address, "b1", "yes", actor=SYSTEM)
    sent = {person: ballot(terms, choice) for person, choice in CHOICES.items()}
    receipts = {}
    for person, document in sent.items():
        entry = sealed.cast_sealed(db, address, person, document, actor=SYSTEM)
        receipts[person] = sealed.receipt_of(document)
        assert entry.kind == "SealedBallotCast"
        mine = vote_status(db, address, actor=account_actor(person))
        assert (mine.has_voted, mine.choice, mine.receipt) == (True, None, receipts[person])

    with pytest.raises(Conflict, match=r"^b2 has already voted on "):
        sealed.cast_sealed(db, address, "b2", ballot(terms, "no"), actor=SYSTEM)
    assert poll_view(db, address, actor=SYSTEM).yes is None

    closed = close_vote(db, address, actor=SYSTEM)
    assert closed.is_withheld
    with pytest.raises(RuleViolation, match=r"decrypted by 2 of its trustees; 0 have given"):
        publish_poll(db, address, actor=SYSTEM)
    with pytest.raises(RuleViolation, match=r"^no ballot|is closed|poll_not_open|closed"):
        sealed.cast_sealed(db, address, "b1", ballot(terms, "yes"), actor=SYSTEM)

    _, first = trustee_keys.decrypt(db, address, tmp_path / "t1.json", actor=account_actor("t1"))
    assert first is None  # one of two: nothing is counted yet
    with pytest.raises(Conflict, match=r"^trustee 1 has given her share"):
        trustee_keys.decrypt(db, address, tmp_path / "t1.json", actor=account_actor("t1"))
    with pytest.raises(Forbidden, match=r"may not take a trustee's part"):
        trustee_keys.decrypt(db, address, tmp_path / "t1.json", actor=account_actor("b1"))
    _, last = trustee_keys.decrypt(db, address, tmp_path / "t3.json", actor=account_actor("t3"))
    assert last is not None
    assert last.tally == Tally(3, 2, 1)
    assert last.is_adopted
    shown = poll_view(db, address, actor=SYSTEM)
    assert (shown.yes, shown.no, shown.abstain, shown.state) == (3, 2, 1, "published")

    board = boards.board(db, address, actor=SYSTEM)
    assert check(board) == []
    assert board["result"] == [3, 2, 1]
    assert sorted(b["receipt"] for b in board["ballots"]) == sorted(receipts.values())
    assert [p["trustee"] for p in board["partial_decryptions"]] == [1, 3]
    text = json.dumps(board)
    assert not any(f'"{person}"' in text for person in CHOICES)  # credentials, never persons
    forged = copy.deepcopy(board)
    forged["ballots"][2]["choices"][0]["beta"] = board["ballots"][0]["choices"][0]["beta"]
    assert any(f.startswith("ballot 3 (credential ") for f in check(forged))
    closing = journal_service.tail(db, 50, actor=SYSTEM)
    assert board["journal_head"] == next(e.hash for e in closing if e.kind == "PollClosed")
    assert check(board, board["journal_head"]) == []

    # No row holds a count or a choice of a sealed ballot; no entry holds a choice.
    with db.read() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(secret_box)).scalar() == 0
    cast = [e for e in closing if e.kind in ("SealedBallotCast", "SecretBallotCast")]
    assert len(cast) == 12
    assert not any(
        "choice" in e.data() or "person" in e.data() for e in cast if e.kind == "SealedBallotCast"
    )
    assert journal_service.verify(db, actor=SYSTEM, remember=False).is_intact


def test_bad_ballots_are_refused_naming_the_part_and_change_nothing(sealed_db: Database) -> None:
    db = sealed_db
    address = motion(db, "land")
    open_vote(db, address, "secret", actor=SYSTEM)
    terms = sealed.sealing(db, address, actor=SYSTEM)
    assert terms is not None
    before = journal_service.tail(db, 1, actor=SYSTEM)[-1].seq
    key = bytes.fromhex(terms.public_key)

    def forged(marks: list[int]) -> dict[str, object]:
        made, _ = crypto_ballot.encrypt_ballot(terms.poll, key, "abc123", marks, 0, 3)
        return made.to_json()

    with pytest.raises(InvalidInput, match=r"^ballot\.sum_proof: must be a list of 1 "):
        sealed.cast_sealed(db, address, "b1", forged([1, 1, 0]), actor=SYSTEM)
    good = ballot(terms, "yes")
    moved = copy.deepcopy(good)
    choices = moved["choices"]
    assert isinstance(choices, list)
    choices[0]["beta"] = choices[1]["beta"]  # a ciphertext changed: its proof no longer holds
    with pytest.raises(InvalidInput, match=r"^ballot: its proofs fail: choice 0 proof, sum"):
        sealed.cast_sealed(db, address, "b1", moved, actor=SYSTEM)
    copied = dict(good, credential="someoneelse")
    with pytest.raises(InvalidInput, match=r"^ballot: its proofs fail: choice 0 proof, choice 1"):
        sealed.cast_sealed(db, address, "b1", copied, actor=SYSTEM)
    with pytest.raises(InvalidInput, match=r"^ballot\.credential: must be 1 to 64 ASCII"):
        sealed.cast_sealed(db, address, "b1", dict(good, credential="a b"), actor=SYSTEM)
    broken = copy.deepcopy(good)
    broken["choices"][1]["alpha"] = "zz"  # type: ignore[index]
    with pytest.raises(InvalidInput, match=r"^ballot\.choices\[1\]\.alpha: not hex"):
        sealed.cast_sealed(db, address, "b1", broken, actor=SYSTEM)
    with pytest.raises(InvalidInput, match=r"^ballot: must hold exactly credential"):
        sealed.cast_sealed(db, address, "b1", {"choice": "yes"}, actor=SYSTEM)
    assert journal_service.tail(db, 1, actor=SYSTEM)[-1].seq == before
    sealed.cast_sealed(db, address, "b1", good, actor=SYSTEM)
    with pytest.raises(Conflict, match=r"^ballot\.credential: a ballot of the vote on "):
        sealed.cast_sealed(db, address, "b2", good, actor=SYSTEM)


def test_a_secret_vote_opened_before_the_key_exists_is_not_sealed(db_url: str) -> None:
    db = open_database(db_url)
    try:
        found_plenary(db)
        address = motion(db, "peace")
        open_vote(db, address, "secret", actor=SYSTEM)
        assert sealed.sealing(db, address, actor=SYSTEM) is None
        cast_vote(db, address, "b1", "yes", actor=SYSTEM)
        with pytest.raises(RuleViolation, match=r"is not sealed: it takes no encrypted ballot"):
            sealed.cast_sealed(db, address, "b2", {}, actor=SYSTEM)
    finally:
        db.dispose()


def test_a_statute_that_seals_secret_votes_opens_none_before_the_key(db_url: str) -> None:
    db = open_database(db_url)
    try:
        found_plenary(db, secret_ballots="sealed")
        address = motion(db, "peace")
        with pytest.raises(RuleViolation, match=r"seals the secret votes of 'petrograd-soviet'"):
            open_vote(db, address, "secret", actor=SYSTEM)
        open_vote(db, address, "roll-call", actor=SYSTEM)  # open votes are not concerned
    finally:
        db.dispose()
