"""Key ceremonies through the services, on both engines: the secretariat appoints trustees,
each takes her steps with a key file of her own in whatever order they come, the council
gets a public key whose secret any `threshold` of the shares rebuild (and fewer do not),
no secret of a trustee ever reaches the journal, a wrong dealing is caught naming its
dealer, every refusal changes nothing, and verify rebuilds it all."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from soviet.crypto import elgamal, group, transport
from soviet.crypto import trustees as tr
from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.trustees import Step, ceremony_view
from soviet.domain.views.encoding import to_json
from soviet.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from soviet.services import journal as journal_service
from soviet.services import trustee_keys, trustees
from soviet.services.bootstrap import open_database
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

from .plenary import found_plenary, statute

COUNCIL = "petrograd-soviet"
CHAIR = account_actor("chair")
NAMES = ["t1", "t2", "t3", "t4", "t5"]


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    opened = open_database(db_url)
    found_plenary(opened)
    document = statute()
    document["councils"][COUNCIL]["secretariat"] = ["chair"]
    apply_statute(opened, document, effective_at=datetime(1917, 3, 8, tzinfo=UTC), actor=SYSTEM)
    yield opened
    opened.dispose()


def head(db: Database) -> str:
    return journal_service.tail(db, 1, actor=SYSTEM)[-1].hash


def step(db: Database, name: str, folder: Path) -> trustee_keys.Progress:
    return trustee_keys.take_steps(db, COUNCIL, folder / f"{name}.json", actor=account_actor(name))


def test_five_trustees_make_a_key_any_three_of_them_decrypt_with(
    db: Database, tmp_path: Path
) -> None:
    made = trustees.appoint(db, COUNCIL, NAMES, 3, actor=CHAIR)
    assert [t.step for t in made.trustees] == [Step.ENROL] * 5
    first = step(db, "t1", tmp_path)
    assert first.taken == (Step.ENROL,)
    assert first.waiting == ("t2", "t3", "t4", "t5")
    assert step(db, "t1", tmp_path).taken == ()  # nothing new until the others come
    for name in NAMES[1:-1]:
        step(db, name, tmp_path)
    last = step(db, "t5", tmp_path)  # enrols, and deals at once: everyone has enrolled
    assert last.taken == (Step.ENROL, Step.DEAL)
    assert last.waiting == ("t1", "t2", "t3", "t4")
    dealt = [step(db, name, tmp_path).taken for name in NAMES[:-1]]
    assert dealt == [(Step.DEAL,)] * 3 + [(Step.DEAL, Step.CONFIRM)]  # t4 deals last
    assert [step(db, name, tmp_path).taken for name in ("t5", "t1", "t2")] == [(Step.CONFIRM,)] * 3
    assert trustees.ceremony(db, COUNCIL, actor=SYSTEM).public_key is None
    closing = step(db, "t3", tmp_path)
    assert (closing.taken, closing.waiting) == ((Step.CONFIRM,), ())
    assert step(db, "t3", tmp_path).taken == ()
    complete = trustees.ceremony(db, COUNCIL, actor=SYSTEM)
    assert complete.public_key is not None
    assert {t.step for t in complete.trustees} == {Step.DONE}

    kept = {n: trustee_keys.read_key_file(tmp_path / f"{n}.json") for n in NAMES}
    for name in NAMES:
        assert stat.S_IMODE((tmp_path / f"{name}.json").stat().st_mode) == 0o600
        assert kept[name].coefficients is None  # the polynomial is forgotten once confirmed
        assert kept[name].share is not None
    commitments = [tuple(bytes.fromhex(c) for c in t.commitments or ()) for t in complete.trustees]
    assert tr.public_key(commitments).hex() == complete.public_key

    key = bytes.fromhex(complete.public_key)
    secret_ballot = elgamal.encrypt(key, 7, group.random_scalar())
    for chosen in ([1, 2, 3], [2, 4, 5], [1, 3, 5], [1, 2, 3, 4, 5]):
        partials = {i: group.mul(kept[f"t{i}"].share or 0, secret_ballot.alpha) for i in chosen}
        assert elgamal.discrete_log(group.sub(secret_ballot.beta, tr.combine(partials)), 20) == 7
    two = {i: group.mul(kept[f"t{i}"].share or 0, secret_ballot.alpha) for i in (1, 4)}
    assert elgamal.discrete_log(group.sub(secret_ballot.beta, tr.combine(two)), 20) is None

    # Nothing a trustee keeps is in the journal; the public record is all there.
    journal = json.dumps([e.data() for e in journal_service.tail(db, 100, actor=SYSTEM)])
    for name in NAMES:
        assert kept[name].transport_secret.hex() not in journal
        assert group.scalar(kept[name].share or 0).hex() not in journal
    shown = to_json(ceremony_view(complete))
    assert isinstance(shown, dict)
    assert shown["public_key"] == complete.public_key
    assert [t["next_step"] for t in shown["trustees"]] == ["done"] * 5  # type: ignore[index,union-attr]
    assert journal_service.verify(db, actor=SYSTEM, remember=False).is_intact
    assert trustees.ceremony(db, COUNCIL, actor=SYSTEM) == complete


def test_a_trustee_may_not_step_out_of_turn_and_a_refusal_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    with pytest.raises(NotFound, match=r"^council 'petrograd-soviet' has no trustees appointed$"):
        trustees.ceremony(db, COUNCIL, actor=SYSTEM)
    with pytest.raises(Forbidden, match=r"may not appoint the trustees"):
        trustees.appoint(db, COUNCIL, NAMES, 3, actor=account_actor("t1"))
    with pytest.raises(InvalidInput, match=r"^threshold: ") as refused:
        trustees.appoint(db, COUNCIL, NAMES, 6, actor=CHAIR)
    assert refused.value.problems[0].path == "threshold"
    with pytest.raises(InvalidInput, match=r"^trustees: an account may be one trustee only: t1$"):
        trustees.appoint(db, COUNCIL, ["t1", "t2", "t1"], 2, actor=CHAIR)
    with pytest.raises(InvalidInput, match=r"^trustees: at least one account is needed$"):
        trustees.appoint(db, COUNCIL, [], 1, actor=CHAIR)
    trustees.appoint(db, COUNCIL, ["t1", "t2", "t3"], 2, actor=CHAIR)
    before = head(db)
    with pytest.raises(Forbidden, match=r"may not take a trustee's part"):
        trustees.enrol(db, COUNCIL, "00" * 32, actor=account_actor("t9"))
    _, public = transport.keypair()
    with pytest.raises(InvalidInput, match=r"^transport_key: must be 32 bytes, got 3$"):
        trustees.enrol(db, COUNCIL, "abcdef", actor=account_actor("t1"))
    with pytest.raises(InvalidInput, match=r"^transport_key: must be hexadecimal$"):
        trustees.enrol(db, COUNCIL, "zz" * 32, actor=account_actor("t1"))
    with pytest.raises(Conflict, match=r"is to enrol next, not to deal$"):
        trustees.deal(db, COUNCIL, [], [], actor=account_actor("t1"))
    assert head(db) == before
    trustees.enrol(db, COUNCIL, public.hex(), actor=account_actor("t1"))
    with pytest.raises(Conflict, match=r"is to deal next, not to enrol$"):
        trustees.enrol(db, COUNCIL, public.hex(), actor=account_actor("t1"))
    point = group.base(5).hex()
    with pytest.raises(RuleViolation, match=r"cannot deal yet: waiting for t2, t3 to take"):
        trustees.deal(db, COUNCIL, [point, point], ["00" * 80] * 3, actor=account_actor("t1"))
    step(db, "t2", tmp_path)
    step(db, "t3", tmp_path)
    before = head(db)
    t1 = account_actor("t1")
    with pytest.raises(InvalidInput, match=r"^commitments: must be 2 \(the threshold\), got 1$"):
        trustees.deal(db, COUNCIL, [point], ["00" * 80] * 3, actor=t1)
    with pytest.raises(InvalidInput, match=r"^commitments\[1\]: is not a point of the group$"):
        trustees.deal(db, COUNCIL, [point, "ff" * 32], ["00" * 80] * 3, actor=t1)
    with pytest.raises(
        InvalidInput, match=r"^sealed_shares: must be one per trustee \(3\), got 2$"
    ):
        trustees.deal(db, COUNCIL, [point, point], ["00" * 80] * 2, actor=t1)
    with pytest.raises(InvalidInput, match=r"^sealed_shares\[0\]: must be 80 bytes, got 79$"):
        trustees.deal(db, COUNCIL, [point, point], ["00" * 79] * 3, actor=t1)
    assert head(db) == before
    # t1 enrolled by hand: her key file is not the one she enrolled with.
    with pytest.raises(InvalidInput, match=r"does not exist, and trustee 1 has enrolled"):
        step(db, "t1", tmp_path)
    with pytest.raises(RuleViolation, match=r"^t9 is no trustee of ceremony "):
        step(db, "t9", tmp_path)


def test_a_wrong_share_is_caught_naming_its_dealer(db: Database, tmp_path: Path) -> None:
    trustees.appoint(db, COUNCIL, ["t1", "t2", "t3"], 2, actor=CHAIR)
    for name in ("t1", "t2", "t3"):
        step(db, name, tmp_path)
    # t1 deals by hand: the share she seals for t2 is not her polynomial's value at 2.
    kept = trustee_keys.read_key_file(tmp_path / "t1.json")
    ceremony = trustees.ceremony(db, COUNCIL, actor=SYSTEM)
    keys = [bytes.fromhex(t.transport_key or "") for t in ceremony.trustees]
    from soviet.crypto import ceremony as crypto_ceremony

    commitments, sealed = crypto_ceremony.deal(kept.secrets, keys)
    sealed[1] = transport.seal(keys[1], 12345).hex()
    trustees.deal(db, COUNCIL, commitments, sealed, actor=account_actor("t1"))
    step(db, "t3", tmp_path)
    wrong = r"trustee 1's share for her does not match its commitments; the secretariat must"
    with pytest.raises(RuleViolation, match=wrong):
        step(db, "t2", tmp_path)  # she deals, then finds t1's share wrong as she confirms
    before = head(db)
    with pytest.raises(RuleViolation, match=wrong):
        step(db, "t2", tmp_path)
    assert head(db) == before
    assert trustee_keys.read_key_file(tmp_path / "t2.json").share is None
    assert trustees.ceremony(db, COUNCIL, actor=SYSTEM).public_key is None
    # A new appointment starts again; t2's old key file is never overwritten.
    trustees.appoint(db, COUNCIL, ["t1", "t2", "t3"], 2, actor=CHAIR)
    with pytest.raises(InvalidInput, match=r"is never overwritten: name another file$"):
        step(db, "t2", tmp_path)
    trustee_keys.take_steps(db, COUNCIL, tmp_path / "t2-new.json", actor=account_actor("t2"))
