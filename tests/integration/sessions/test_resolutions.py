"""Resolutions: numbered per council; commissions with a mandate and a deadline; the
executive instructed; amending and annulling below, never above; the chain of authority;
factory committees and their register."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from soviet.domain.identity import SYSTEM
from soviet.domain.ids import format_id
from soviet.domain.views import to_json
from soviet.errors import Forbidden, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.authority import act_for_commission, act_for_executive, authority
from soviet.services.factory import register, submit_request
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.resolutions import CommissionSpec, commissions, resolutions
from soviet.services.sessions import check_in, convene
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store.database import Database

from .plenary import SOVIET, sitting

MRC = CommissionSpec(
    slug="mrc",
    name="Military Revolutionary Committee",
    mandate="Defend the capital; appoint commissars to the garrison.",
    powers=("appoint-commissar",),
    deadline=datetime.now(UTC) + timedelta(days=30),
    seats=3,
)


def adopt(db: Database, council: str, session: int, spec: MotionSpec, voters: list[str]) -> int:
    move_motion(db, council, session, spec, actor=SYSTEM)
    address = f"{council}/{spec.slug}"
    open_vote(db, address, actor=SYSTEM)
    for person in voters:
        cast_vote(db, address, person, "yes", actor=SYSTEM)
    result = close_vote(db, address, actor=SYSTEM)
    assert result.resolution is not None
    return result.resolution


def plain(slug: str, **fields: object) -> MotionSpec:
    return MotionSpec(slug, slug.title(), f"The {slug} resolution.", "delegate", "b1", **fields)  # type: ignore[arg-type]


def test_a_commission_acts_within_its_mandate_until_its_deadline(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    assert adopt(plenary_db, "petrograd-soviet", session, plain("peace"), SOVIET) == 1
    number = adopt(
        plenary_db, "petrograd-soviet", session, plain("create-mrc", commission=MRC), SOVIET
    )
    assert number == 2
    [mrc] = commissions(plenary_db, actor=SYSTEM).items
    assert [(m.person, m.fraction) for m in mrc.members] == [
        ("b1", "bolsheviks"),
        ("b2", "bolsheviks"),
        ("b3", "bolsheviks"),
    ]  # D'Hondt on 4, 1 and 1 seats: 4, 2, 4/3 before the others' 1
    act = act_for_commission(
        plenary_db,
        "petrograd-soviet/mrc",
        "b1",
        "appoint-commissar",
        "Commissar to the Peter and Paul Fortress",
        actor=SYSTEM,
    )
    with pytest.raises(
        RuleViolation,
        match="^commission 'petrograd-soviet/mrc' cannot 'dissolve-duma': it is outside its "
        r"mandate \(resolution petrograd-soviet/2 grants appoint-commissar\)$",
    ):
        act_for_commission(
            plenary_db, "petrograd-soviet/mrc", "b1", "dissolve-duma", "Dissolve", actor=SYSTEM
        )
    with pytest.raises(
        RuleViolation, match="^commission 'petrograd-soviet/mrc' cannot act after its deadline"
    ):
        act_for_commission(
            plenary_db,
            "petrograd-soviet/mrc",
            "b1",
            "appoint-commissar",
            "Too late",
            at=datetime.now(UTC) + timedelta(days=31),
            actor=SYSTEM,
        )
    with pytest.raises(
        Forbidden, match="^s1 is not a member of commission 'petrograd-soviet/mrc'$"
    ):
        act_for_commission(
            plenary_db, "petrograd-soviet/mrc", "s1", "appoint-commissar", "X", actor=SYSTEM
        )
    chain = to_json(authority(plenary_db, act, actor=SYSTEM))
    assert [step["step"] for step in chain] == [
        "act",
        "commission",
        "resolution",
        "motion",
        "plenary",
    ]
    assert chain[0]["body"] == "petrograd-soviet/mrc"
    assert chain[2]["resolution"] == "petrograd-soviet/2"
    assert chain[4]["session"] == format_id(session)
    assert journal_service.verify(plenary_db, actor=SYSTEM).is_intact


def test_the_executive_acts_on_the_resolution_that_instructs_it(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    told = adopt(
        plenary_db, "petrograd-soviet", session, plain("bread", instructs_executive=True), SOVIET
    )
    other = adopt(plenary_db, "petrograd-soviet", session, plain("land"), SOVIET)
    act = act_for_executive(
        plenary_db,
        "petrograd-executive",
        f"petrograd-soviet/{told}",
        "b1",
        "requisition",
        "Grain",
        actor=SYSTEM,
    )
    with pytest.raises(
        RuleViolation, match=f"^resolution petrograd-soviet/{other} does not instruct"
    ):
        act_for_executive(
            plenary_db,
            "petrograd-executive",
            f"petrograd-soviet/{other}",
            "b1",
            "x",
            "Y",
            actor=SYSTEM,
        )
    with pytest.raises(Forbidden, match="^m1 holds no seat in 'petrograd-executive'$"):
        act_for_executive(
            plenary_db,
            "petrograd-executive",
            f"petrograd-soviet/{told}",
            "m1",
            "x",
            "Y",
            actor=SYSTEM,
        )
    assert [s["step"] for s in to_json(authority(plenary_db, act, actor=SYSTEM))] == [
        "act",
        "resolution",
        "motion",
        "plenary",
    ]


def test_a_council_annuls_below_itself_never_above(plenary_db: Database) -> None:
    executive = convene(plenary_db, "petrograd-executive", ["Order No. 1"], actor=SYSTEM)
    check_in(plenary_db, executive, ["b1", "b2", "b3"], actor=SYSTEM)
    adopt(plenary_db, "petrograd-executive", executive, plain("order"), ["b1", "b2", "b3"])
    soviet = sitting(plenary_db)
    annul = plain("annul-order", annuls="petrograd-executive/1")
    number = adopt(plenary_db, "petrograd-soviet", soviet, annul, SOVIET)
    [order] = resolutions(plenary_db, "petrograd-executive", actor=SYSTEM).items
    assert order.annulled_by == f"petrograd-soviet/{number}"
    with pytest.raises(
        RuleViolation,
        match="^'petrograd-executive' cannot annul resolution petrograd-soviet/1: "
        "'petrograd-soviet' is not below it; a council amends or annuls only its own resolutions "
        "and those of bodies below it$",
    ):
        move_motion(
            plenary_db,
            "petrograd-executive",
            executive,
            plain("revolt", annuls="petrograd-soviet/1"),
            actor=SYSTEM,
        )
    amend = plain("amend-peace", amends_resolution=f"petrograd-soviet/{number}")
    adopt(plenary_db, "petrograd-soviet", soviet, amend, SOVIET)
    shown = resolutions(plenary_db, "petrograd-soviet", actor=SYSTEM).items
    assert shown[0].text == "The amend-peace resolution."
    assert shown[0].amended_by == "petrograd-soviet/2"
    assert journal_service.verify(plenary_db, actor=SYSTEM).is_intact


def test_a_factory_committee_decides_the_plant_s_requests(plenary_db: Database) -> None:
    session = convene(plenary_db, "putilov-committee", ["Requests"], actor=SYSTEM)
    check_in(plenary_db, session, ["b5", "b6", "m2"], actor=SYSTEM)
    submit_request(
        plenary_db,
        "putilov-committee",
        session,
        "goods-out",
        "shells",
        "2,000 shells to the front",
        applicant="management",
        actor=SYSTEM,
    )
    submit_request(
        plenary_db,
        "putilov-committee",
        session,
        "discharge",
        "fitter",
        "Discharge fitter Ivanov",
        applicant="management",
        actor=SYSTEM,
    )
    open_vote(plenary_db, "putilov-committee/shells", actor=SYSTEM)
    for person, choice in (("b5", "no"), ("b6", "no"), ("m2", "yes")):
        cast_vote(plenary_db, "putilov-committee/shells", person, choice, actor=SYSTEM)
    close_vote(plenary_db, "putilov-committee/shells", actor=SYSTEM)
    rows = register(plenary_db, "putilov-committee", actor=SYSTEM)
    assert [(r.request, r.kind, r.status, r.no) for r in rows] == [
        ("putilov-committee/shells", "goods-out", "rejected", 2),
        ("putilov-committee/fitter", "discharge", "moved", None),
    ]
    soviet = sitting(plenary_db)
    with pytest.raises(
        RuleViolation, match="^'petrograd-soviet' is not a factory committee: it decides no hire"
    ):
        submit_request(
            plenary_db,
            "petrograd-soviet",
            soviet,
            "hire",
            "x",
            "Hire",
            applicant="management",
            actor=SYSTEM,
        )
