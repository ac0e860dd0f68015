"""Proxies: where the statute allows it, a delegate's vote is carried by another delegate
for a session, and a ballot its holder casts counts once for every mandate she holds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.views import to_json
from soviet.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.alternates import seat_alternate
from soviet.services.bootstrap import open_database
from soviet.services.minutes import minutes_of
from soviet.services.plenary import motion_view
from soviet.services.proxies import give_proxy, revoke_proxy, session_proxies
from soviet.services.statutes import apply_statute
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store.database import Database

from .plenary import MARCH, found_plenary, sitting, statute
from .test_attendance import move

RULES = {"quorum": "majority", "proxies": {"max_held": 1, "same_fraction": True}}


@pytest.fixture
def proxy_db(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    found_plenary(db, **RULES)
    yield db
    db.dispose()


def give(db: Database, session: int, giver: str, holder: str) -> None:
    give_proxy(db, session, giver, holder, actor=account_actor(giver))


def test_a_holders_ballot_counts_once_for_every_mandate_she_holds(proxy_db: Database) -> None:
    session = sitting(proxy_db, persons=["b2", "b3", "b4", "m1", "s1"])
    give(proxy_db, session, "b1", "b2")
    peace = move(proxy_db, session, "peace", mover="b2")
    open_vote(proxy_db, peace, actor=SYSTEM)
    cast_vote(proxy_db, peace, "b2", "yes", actor=account_actor("b2"))
    cast_vote(proxy_db, peace, "m1", "no", actor=account_actor("m1"))
    with pytest.raises(Conflict, match=r"^b2 has already voted on 'petrograd-soviet/peace'$"):
        cast_vote(proxy_db, peace, "b2", "yes", actor=account_actor("b2"))
    result = close_vote(proxy_db, peace, actor=SYSTEM)
    assert (result.tally.yes, result.tally.no) == (2, 1)
    roll = to_json(motion_view(proxy_db, peace, actor=SYSTEM))["roll_call"]
    assert {"person": "b1", "fraction": "bolsheviks", "choice": "yes", "cast_by": "b2"} in roll
    assert {"person": "b2", "fraction": "bolsheviks", "choice": "yes"} in roll
    assert journal_service.verify(proxy_db, actor=SYSTEM, remember=False).is_intact
    # The minutes, from the journal alone, name the ballot cast for b1 and by whom.
    shown = to_json(minutes_of(proxy_db, session, actor=SYSTEM))
    ballots = [b for m in shown["motions"] if m["vote"] for b in m["vote"]["ballots"]]
    by_proxy = [b for b in ballots if "cast_by" in b]
    assert [(b["person"]["slug"], b["cast_by"]["slug"], b["choice"]) for b in by_proxy] == [
        ("b1", "b2", "yes")
    ]
    assert len(ballots) == 3


def test_a_secret_ballot_of_a_holder_goes_into_the_box_once_per_mandate(
    proxy_db: Database,
) -> None:
    session = sitting(proxy_db)
    give(proxy_db, session, "b1", "b2")
    land = move(proxy_db, session, "land")
    open_vote(proxy_db, land, "secret", actor=SYSTEM)
    cast_vote(proxy_db, land, "b2", "no", actor=account_actor("b2"))
    with pytest.raises(RuleViolation, match=r"^b1 has given her vote in session \d+ to b2"):
        cast_vote(proxy_db, land, "b1", "yes", actor=account_actor("b1"))
    result = close_vote(proxy_db, land, actor=SYSTEM)
    assert (result.tally.yes, result.tally.no) == (0, 2)
    assert journal_service.verify(proxy_db, actor=SYSTEM, remember=False).is_intact


def test_proxies_beyond_the_rule_are_refused_with_their_reason(proxy_db: Database) -> None:
    session = sitting(proxy_db)
    refused = "^{} cannot give her proxy to {}: "
    give(proxy_db, session, "b1", "b2")
    cases = [
        ("b3", "b2", r"b2 holds 1 proxy already \(b1\): the statute allows at most 1$"),
        ("b3", "b5", r"b5 holds no mandate in the council: only its delegates hold proxies$"),
        ("b3", "m1", r"m1 is not of b3's fraction \(bolsheviks\): the statute allows proxies "),
        ("b3", "b3", r"a delegate cannot give her proxy to herself$"),
        ("b2", "b3", r"b2 holds the proxies of b1: a proxy cannot be passed on$"),
        ("b3", "b1", r"b1 has given her own proxy to b2: a proxy cannot be passed on$"),
        ("b1", "b4", r"b1 has given her proxy to b2 already: revoke it first$"),
    ]
    for giver, holder, why in cases:
        with pytest.raises(RuleViolation, match=refused.format(giver, holder) + why):
            give(proxy_db, session, giver, holder)
    with pytest.raises(Forbidden, match=r"^b2 may not give or revoke a proxy in another's name"):
        give_proxy(proxy_db, session, "b3", "b4", actor=account_actor("b2"))
    with pytest.raises(RuleViolation, match=r"^b5 holds no mandate in 'petrograd-soviet'"):
        give_proxy(proxy_db, session, "b5", "b4", actor=SYSTEM)


def test_a_proxy_is_given_and_revoked_only_while_no_poll_is_open(proxy_db: Database) -> None:
    session = sitting(proxy_db)
    give(proxy_db, session, "b1", "b2")
    peace = move(proxy_db, session, "peace")
    open_vote(proxy_db, peace, actor=SYSTEM)
    while_open = r"^a proxy cannot be {} while the vote on 'petrograd-soviet/peace' is open"
    with pytest.raises(RuleViolation, match=while_open.format("given")):
        give(proxy_db, session, "b3", "b4")
    with pytest.raises(RuleViolation, match=while_open.format("revoked")):
        revoke_proxy(proxy_db, session, "b1", actor=account_actor("b1"))
    close_vote(proxy_db, peace, actor=SYSTEM)
    revoke_proxy(proxy_db, session, "b1", actor=account_actor("b1"))
    with pytest.raises(RuleViolation, match=r"^b1 has given no proxy in session \d+$"):
        revoke_proxy(proxy_db, session, "b1", actor=account_actor("b1"))
    give(proxy_db, session, "b3", "b4")
    shown = to_json(session_proxies(proxy_db, session, actor=SYSTEM))
    assert shown["is_allowed"] is True
    assert [(p["giver"], p["holder"]) for p in shown["proxies"]] == [("b3", "b4")]


def test_a_proxy_and_an_alternate_never_cover_one_mandate_together(proxy_db: Database) -> None:
    session = sitting(proxy_db, persons=["b2", "b3", "b4", "m1", "s1"])
    give(proxy_db, session, "b1", "b2")
    with pytest.raises(
        RuleViolation, match=r"^b1's mandate is covered already in session \d+ by her proxy's"
    ):
        seat_alternate(proxy_db, session, "b1", actor=account_actor("lenin"))
    revoke_proxy(proxy_db, session, "b1", actor=account_actor("b1"))
    seat_alternate(proxy_db, session, "b1", actor=account_actor("lenin"))
    with pytest.raises(RuleViolation, match=r"an alternate sits on b1's mandate in session"):
        give(proxy_db, session, "b1", "b2")


def test_without_the_rule_no_proxy_is_given(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    with pytest.raises(
        RuleViolation,
        match=r"^b1 cannot give her proxy to b2: the statute allows no proxies in this council",
    ):
        give(plenary_db, session, "b1", "b2")
    assert to_json(session_proxies(plenary_db, session, actor=SYSTEM))["is_allowed"] is False


def test_the_proxy_rule_is_checked_naming_its_fields(plenary_db: Database) -> None:
    document = statute(proxies={"max_held": 0, "same_fraction": "yes", "to": "all"})
    with pytest.raises(InvalidInput) as refused:
        apply_statute(plenary_db, document, effective_at=MARCH, actor=SYSTEM)
    where = "councils.petrograd-soviet.sessions.proxies"
    assert [str(problem) for problem in refused.value.problems] == [
        f"{where}.to: unknown key; expected one of max_held, same_fraction",
        f"{where}.same_fraction: must be true or false, got str 'yes'",
        f"{where}.max_held: must be an integer of at least 1, got int 0",
    ]
