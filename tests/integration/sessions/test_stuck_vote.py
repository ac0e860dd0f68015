"""No vote can be left that cannot be closed: a commission larger than the council's
voting delegates is refused when moved, and an adopted resolution that can no longer be
carried out when its vote closes is recorded as adopted but not carried out, with why."""

from __future__ import annotations

from dataclasses import replace

import pytest

from soviet.domain.identity import SYSTEM
from soviet.errors import Problem, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.mandates import end_mandate
from soviet.services.motions import move_motion
from soviet.services.parties import decline_candidacy
from soviet.services.resolutions import commissions, resolution_view
from soviet.services.sessions import close_session
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store.database import Database

from .plenary import SOVIET, sitting
from .test_resolutions import MRC, plain

COUNCIL = "petrograd-soviet"


def test_a_commission_with_more_seats_than_voting_delegates_is_refused_when_moved(
    plenary_db: Database,
) -> None:
    session = sitting(plenary_db)
    big = replace(MRC, seats=7)
    with pytest.raises(RuleViolation) as refused:
        move_motion(plenary_db, COUNCIL, session, plain("create-mrc", commission=big), actor=SYSTEM)
    assert refused.value.message == (
        "commission.seats: commission 'mrc' has 7 seats but 'petrograd-soviet' has 6 voting "
        "delegates in fractions"
    )
    assert refused.value.problems == (
        Problem(
            "commission.seats",
            "commission 'mrc' has 7 seats but 'petrograd-soviet' has 6 voting delegates in "
            "fractions",
        ),
    )
    # Every seat of the council is one the commission may fill.
    move_motion(
        plenary_db,
        COUNCIL,
        session,
        plain("create-mrc", commission=replace(MRC, seats=6)),
        actor=SYSTEM,
    )


def _vacate_volynsky(db: Database) -> None:
    """The other SR candidates decline, and the SR delegate dies: her seat is vacant."""
    for person in ("s2", "s3"):
        decline_candidacy(db, "sr", COUNCIL, person, actor=SYSTEM)
    end_mandate(db, COUNCIL, "s1", cause="death", actor=SYSTEM)


def test_a_vote_whose_commission_no_longer_fits_closes_and_records_why(
    plenary_db: Database,
) -> None:
    session = sitting(plenary_db)
    spec = plain("create-mrc", commission=replace(MRC, seats=6))
    move_motion(plenary_db, COUNCIL, session, spec, actor=SYSTEM)
    address = f"{COUNCIL}/create-mrc"
    open_vote(plenary_db, address, actor=SYSTEM)
    for person in SOVIET:
        cast_vote(plenary_db, address, person, "yes", actor=SYSTEM)
    _vacate_volynsky(plenary_db)
    result = close_vote(plenary_db, address, actor=SYSTEM)
    assert (result.is_adopted, result.resolution) == (True, 1)
    assert result.not_carried_out == (
        "commission 'mrc' has 6 seats but 'petrograd-soviet' has 5 voting delegates in fractions"
    )
    shown = resolution_view(plenary_db, f"{COUNCIL}/1", actor=SYSTEM)
    assert shown.not_carried_out == result.not_carried_out
    assert commissions(plenary_db, actor=SYSTEM).items == ()
    close_session(plenary_db, session, actor=SYSTEM)  # nothing is left open
    assert journal_service.verify(plenary_db, actor=SYSTEM).is_intact


def test_a_commission_already_created_meanwhile_is_not_created_twice(
    plenary_db: Database,
) -> None:
    session = sitting(plenary_db)
    for slug in ("first-mrc", "second-mrc"):
        move_motion(plenary_db, COUNCIL, session, plain(slug, commission=MRC), actor=SYSTEM)
    numbers = []
    for slug in ("first-mrc", "second-mrc"):
        address = f"{COUNCIL}/{slug}"
        open_vote(plenary_db, address, actor=SYSTEM)
        for person in SOVIET:
            cast_vote(plenary_db, address, person, "yes", actor=SYSTEM)
        numbers.append(close_vote(plenary_db, address, actor=SYSTEM))
    assert [r.not_carried_out for r in numbers] == [
        None,
        "commission 'petrograd-soviet/mrc' already exists",
    ]
    assert [c.resolution for c in commissions(plenary_db, actor=SYSTEM).items] == [f"{COUNCIL}/1"]
    assert journal_service.verify(plenary_db, actor=SYSTEM).is_intact


def test_a_resolution_annulled_meanwhile_is_not_annulled_again(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    move_motion(plenary_db, COUNCIL, session, plain("peace"), actor=SYSTEM)
    open_vote(plenary_db, f"{COUNCIL}/peace", actor=SYSTEM)
    for person in SOVIET:
        cast_vote(plenary_db, f"{COUNCIL}/peace", person, "yes", actor=SYSTEM)
    close_vote(plenary_db, f"{COUNCIL}/peace", actor=SYSTEM)
    for slug in ("annul-a", "annul-b"):
        move_motion(plenary_db, COUNCIL, session, plain(slug, annuls=f"{COUNCIL}/1"), actor=SYSTEM)
    results = []
    for slug in ("annul-a", "annul-b"):
        open_vote(plenary_db, f"{COUNCIL}/{slug}", actor=SYSTEM)
        for person in SOVIET:
            cast_vote(plenary_db, f"{COUNCIL}/{slug}", person, "yes", actor=SYSTEM)
        results.append(close_vote(plenary_db, f"{COUNCIL}/{slug}", actor=SYSTEM))
    assert [r.not_carried_out for r in results] == [
        None,
        "resolution petrograd-soviet/1 is already annulled",
    ]
    assert resolution_view(plenary_db, f"{COUNCIL}/1", actor=SYSTEM).annulled_by == f"{COUNCIL}/2"
    assert journal_service.verify(plenary_db, actor=SYSTEM).is_intact
