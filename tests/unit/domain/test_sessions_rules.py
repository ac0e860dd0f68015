"""The rules of a plenary: quorum, decision rules, ties, amendment order, bodies below,
fraction discipline, and the statute's `sessions` and `factory_committee` entries."""

from __future__ import annotations

from fractions import Fraction

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from soviet.domain.rules import Quorum, SessionRule
from soviet.domain.sessions import (
    Tally,
    amendments_in_order,
    bodies_below,
    decide,
    discipline,
    quorum_needed,
)
from soviet.domain.statute import parse_statute
from soviet.domain.statute_text import statute_document
from soviet.errors import InvalidInput

STATUTE = """
federation: {slug: f, name: F}
constituency_kinds: {factory: {name: Factory}, shop: {name: Shop}}
councils:
  soviet:
    name: Soviet
    delegates: {factory: {per_voters: 1000}}
    sessions: {quorum: 1/3, decision: two-thirds, abstentions: counted, amendments: reverse-moved}
  executive:
    name: Executive
    executive: {of: soviet, seats: 3}
  ward:
    name: Ward
    derived: {from: soviet, tags: {ward: narva}}
  congress:
    name: Congress
    congress: {members: [soviet], delegation: {per_voters: 25000}}
  congress-executive:
    name: CEC
    executive: {of: congress, seats: 5}
  committee:
    name: Committee
    delegates: {shop: {fixed: 1}}
    factory_committee: {plant: Putilov Works}
"""


def test_the_statute_names_how_a_council_deliberates() -> None:
    statute = parse_statute(yaml.safe_load(STATUTE))
    rule = statute.councils["soviet"].sessions
    assert rule == SessionRule(
        Quorum("share", Fraction(1, 3)), "two-thirds", "counted", "reverse-moved"
    )
    assert statute.councils["executive"].sessions == SessionRule()
    assert statute.councils["committee"].factory is not None
    assert statute.councils["committee"].factory.plant == "Putilov Works"


@pytest.mark.parametrize("quorum", ["majority", "1/3", "100%", 120])
def test_the_journaled_statute_reads_back_the_same_rules(quorum: object) -> None:
    document = yaml.safe_load(STATUTE)
    document["councils"]["soviet"]["sessions"]["quorum"] = quorum
    statute = parse_statute(document)
    assert parse_statute(statute_document(statute)) == statute


def test_results_withheld_until_publication_are_journaled_only_when_asked_for() -> None:
    document = yaml.safe_load(STATUTE)
    statute = parse_statute(document)
    assert "results" not in statute_document(statute)["councils"]["soviet"]["sessions"]
    document["councils"]["executive"]["sessions"] = {"results": "on-publication"}
    statute = parse_statute(document)
    assert statute.councils["executive"].sessions == SessionRule(results="on-publication")
    written = statute_document(statute)["councils"]["executive"]["sessions"]
    assert written["results"] == "on-publication"
    assert parse_statute(statute_document(statute)) == statute


def test_a_decision_names_its_base_and_the_yes_votes_it_needed() -> None:
    cast = decide(PLAIN, Tally(3, 2, 10), 20)
    assert (cast.base, cast.base_size, cast.needed) == ("cast", 5, 3)
    counted = decide(SessionRule(abstentions="counted"), Tally(3, 2, 2), 20)
    assert (counted.base, counted.base_size, counted.needed) == ("cast", 7, 4)
    seats = decide(PLAIN, Tally(326, 10, 0), 650, "absolute-majority")
    assert (seats.base, seats.base_size, seats.needed) == ("seats", 650, 326)
    two_thirds = decide(PLAIN, Tally(20, 10, 0), 650, "two-thirds")
    assert (two_thirds.base, two_thirds.base_size, two_thirds.needed) == ("cast", 30, 20)


def test_bad_session_rules_are_reported_at_once() -> None:
    document = yaml.safe_load(STATUTE)
    document["councils"]["soviet"]["sessions"] = {
        "quorum": "most",
        "decision": "unanimity",
        "abstentions": "sometimes",
        "amendments": "random",
        "results": "never",
        "chair": "x",
    }
    document["councils"]["committee"]["delegates"]["shop"] = {"fixed": 2}
    with pytest.raises(InvalidInput) as raised:
        parse_statute(document)
    assert str(raised.value).split("\n  ") == [
        "statute has 7 problems:",
        "councils.soviet.sessions.chair: unknown key; expected one of quorum, decision, "
        "abstentions, amendments, speakers, results, proxies, secret_ballots",
        "councils.soviet.sessions.quorum: must be majority (more than half of the seats), a share "
        "of the seats (as 1/3 or 40%) or a number of members, got str 'most'",
        "councils.soviet.sessions.decision: must be one of majority-of-votes-cast, "
        "absolute-majority, two-thirds, got str 'unanimity'",
        "councils.soviet.sessions.abstentions: must be one of not-counted, counted, got str "
        "'sometimes'",
        "councils.soviet.sessions.amendments: must be one of moved, reverse-moved, got str "
        "'random'",
        "councils.soviet.sessions.results: must be one of at-close, on-publication, got str "
        "'never'",
        "councils.committee.factory_committee: a factory committee has one delegate from each "
        "shop, but shop does not send exactly one (fixed: 1)",
    ]


def test_quorum_is_a_majority_a_share_rounded_up_or_a_number() -> None:
    assert quorum_needed(Quorum("majority"), 650) == 326
    assert quorum_needed(Quorum("majority"), 651) == 326
    assert quorum_needed(Quorum("share", Fraction(1, 3)), 650) == 217
    assert quorum_needed(Quorum("share", Fraction(1, 2)), 650) == 325
    assert quorum_needed(Quorum("count", count=100), 650) == 100


PLAIN = SessionRule()


def test_a_majority_of_votes_cast_and_ties_fail() -> None:
    assert decide(PLAIN, Tally(3, 2, 10), 20).is_adopted
    tie = decide(PLAIN, Tally(5, 5, 0), 20)
    assert not tie.is_adopted
    assert tie.reason == "rejected: 5 yes of 6 needed (majority-of-votes-cast, 10 votes cast)"
    assert not decide(PLAIN, Tally(0, 0, 4), 20).is_adopted


def test_abstentions_count_only_when_the_statute_says_so() -> None:
    counted = SessionRule(abstentions="counted")
    assert decide(PLAIN, Tally(3, 2, 2), 20).is_adopted
    assert not decide(counted, Tally(3, 2, 2), 20).is_adopted


def test_absolute_majority_of_seats_and_two_thirds_of_votes_cast() -> None:
    assert not decide(PLAIN, Tally(300, 10, 0), 650, "absolute-majority").is_adopted
    assert decide(PLAIN, Tally(326, 10, 0), 650, "absolute-majority").is_adopted
    assert decide(PLAIN, Tally(20, 10, 0), 650, "two-thirds").is_adopted
    assert not decide(PLAIN, Tally(19, 10, 0), 650, "two-thirds").is_adopted


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
def test_no_rule_adopts_a_tie_or_fewer_yes_than_no(yes: int, no: int, abstain: int) -> None:
    for how in ("majority-of-votes-cast", "absolute-majority", "two-thirds"):
        for abstentions in ("counted", "not-counted"):
            rule = SessionRule(abstentions=abstentions)
            if yes <= no:
                assert not decide(rule, Tally(yes, no, abstain), 1000, how).is_adopted


def test_amendments_in_the_order_moved_or_reversed() -> None:
    assert amendments_in_order("moved", ["a", "b", "c"]) == ["a", "b", "c"]
    assert amendments_in_order("reverse-moved", ["a", "b", "c"]) == ["c", "b", "a"]


def test_bodies_below_a_council_and_never_above() -> None:
    councils = parse_statute(yaml.safe_load(STATUTE)).councils
    assert bodies_below(councils, "soviet") == {"executive", "ward"}
    assert bodies_below(councils, "congress") == {
        "soviet",
        "executive",
        "ward",
        "congress-executive",
    }
    assert "congress" not in bodies_below(councils, "soviet")
    assert bodies_below(councils, "committee") == set()


def test_discipline_shows_who_kept_and_who_broke_the_position() -> None:
    votes = [
        ("zinoviev", "bolsheviks", "no"),
        ("lenin", "bolsheviks", "yes"),
        ("m1", "mensheviks", "no"),
    ]
    shown = discipline({"bolsheviks": "yes"}, votes)
    assert len(shown) == 1
    assert shown[0].with_position == ("lenin",)
    assert shown[0].against == ("zinoviev",)
