"""Statutes: the declared rules, checked all at once, written out and read back the same."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from soviet.domain.statute import DelegateRule, parse_share, parse_statute
from soviet.domain.statute_text import differences, statute_document
from soviet.errors import InvalidInput

PETROGRAD = """
federation: {slug: petrograd-1917, name: Petrograd 1917}
constituency_kinds:
  factory: {name: Factory}
  regiment: {name: Regiment}
councils:
  petrograd-soviet:
    name: Petrograd Soviet of Workers' and Soldiers' Deputies
    delegates:
      factory: {per_voters: 1000, rounding: nearest, minimum: 1}
      regiment: {fixed: 1}
    election: {method: dhondt, threshold: 0, allocation: per-constituency, ties: lot}
    franchise:
      - {since: 1917-02-27}
      - {since: 1918-07-10, minimum_age: 18, excluded: [employer, clergy]}
    recall: {basis: electorate, share: 1/2, then: next-on-list}
"""


def test_a_statute_of_1917_is_read() -> None:
    statute = parse_statute(yaml.safe_load(PETROGRAD))
    soviet = statute.councils["petrograd-soviet"]
    assert statute.federation == "petrograd-1917"
    assert statute.kinds == {"factory": "Factory", "regiment": "Regiment"}
    assert soviet.delegates["regiment"].seats_for(4000) == 1
    assert soviet.delegates["factory"].seats_for(2499) == 2
    assert soviet.election.method == "dhondt"
    assert soviet.recall.share == Fraction(1, 2)
    assert soviet.franchise_on(date(1917, 1, 1)) is None
    assert soviet.franchise_on(date(1917, 10, 25)).minimum_age is None  # type: ignore[union-attr]
    assert soviet.franchise_on(date(1918, 8, 1)).excluded == {"employer", "clergy"}  # type: ignore[union-attr]


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    document = yaml.safe_load(PETROGRAD)
    council = document["councils"]["petrograd-soviet"]
    council["delegates"]["factory"]["per_voters"] = -5
    council["delegates"]["village"] = {"fixed": 2}
    council["election"]["method"] = "borda"
    council["election"]["threshold"] = "150%"
    council["recall"]["then"] = "shrug"
    council["franchise"][1]["since"] = "1917-01-01"
    council["colour"] = "red"
    with pytest.raises(InvalidInput) as raised:
        parse_statute(document)
    assert str(raised.value).split("\n  ") == [
        "statute has 7 problems:",
        "councils.petrograd-soviet.colour: unknown key; expected one of name, delegates, house, "
        "derived, executive, congress, election, franchise, recall, term_days, refresh, sections, "
        "sessions, factory_committee, secretariat, check_in_desk",
        "councils.petrograd-soviet.delegates.village: unknown key; expected one of factory, "
        "regiment",
        "councils.petrograd-soviet.delegates.factory.per_voters: must be an integer of at "
        "least 1, got int -5",
        "councils.petrograd-soviet.election.method: unknown method str 'borda'; known: adams, "
        "d'hondt, dean, dhondt, droop, equal-proportions, hamilton, hare, huntington-hill, "
        "jefferson, modified-sainte-lague, sainte-lague, webster",
        "councils.petrograd-soviet.election.threshold: must be a share from 0 to 1 (as 3%, 1/2 "
        "or 0.05), got str '150%'",
        "councils.petrograd-soviet.franchise[1].since: periods must follow each other in time",
        "councils.petrograd-soviet.recall.then: must be one of next-on-list, recall-vote, "
        "fresh-election, got str 'shrug'",
    ]


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ([], "statute: must be a mapping, got list []"),
        (
            {
                "federation": {"slug": "Bad Slug", "name": "x"},
                "constituency_kinds": {"a": {}},
                "councils": {"c": {"name": "C", "house": {"size": 10}}},
            },
            "federation.slug: must be a slug of lowercase letters, digits and hyphens, got str "
            "'Bad Slug'",
        ),
        (
            {
                "federation": {"slug": "f", "name": "F"},
                "constituency_kinds": {"a": {}},
                "councils": {"c": {"name": "C"}},
            },
            "councils.c: must give exactly one of delegates (per kind), house (a total size), "
            "derived, executive or congress",
        ),
        (
            {
                "federation": {"slug": "f", "name": "F"},
                "constituency_kinds": {"a": {}},
                "councils": {"c": {"name": "C", "delegates": {"a": {"fixed": 2, "per_voters": 5}}}},
            },
            "councils.c.delegates.a: must give exactly one of per_voters (1 per N voters) and "
            "fixed",
        ),
        (
            {
                "federation": {"slug": "f", "name": "F"},
                "constituency_kinds": {"a": {}},
                "councils": {},
            },
            "councils: must name at least one council, got dict {}",
        ),
    ],
)
def test_single_problems_are_named(document: object, problem: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_statute(document)
    assert problem in str(raised.value).split("\n  ")


def test_the_written_out_statute_reads_back_the_same_and_journals_exactly() -> None:
    statute = parse_statute(yaml.safe_load(PETROGRAD))
    document = statute_document(statute)
    assert parse_statute(document) == statute
    assert statute_document(parse_statute(document)) == document


def test_differences_name_each_changed_rule() -> None:
    before = statute_document(parse_statute(yaml.safe_load(PETROGRAD)))
    changed = yaml.safe_load(PETROGRAD)
    changed["councils"]["petrograd-soviet"]["delegates"]["factory"]["per_voters"] = 500
    changed["constituency_kinds"]["village"] = {"name": "Village"}
    after = statute_document(parse_statute(changed))
    assert differences(before, after) == [
        "+ constituency_kinds.village.name: 'Village'",
        "~ councils.petrograd-soviet.delegates.factory.per_voters: 1000 -> 500",
    ]
    assert differences(after, after) == []


@pytest.mark.parametrize(
    ("text", "share"),
    [("3%", Fraction(3, 100)), ("1/2", Fraction(1, 2)), (0.05, Fraction(1, 20)), (0, Fraction(0))],
)
def test_shares_are_read_exactly(text: object, share: Fraction) -> None:
    assert parse_share(text) == share


@given(
    electorate=st.integers(0, 10**7),
    per=st.integers(1, 10**4),
    minimum=st.integers(0, 5),
    rounding=st.sampled_from(["up", "down", "nearest"]),
)
def test_per_voter_rounding_brackets_the_exact_quota(
    electorate: int, per: int, minimum: int, rounding: str
) -> None:
    seats = DelegateRule(per_voters=per, rounding=rounding, minimum=minimum).seats_for(electorate)
    quota = Fraction(electorate, per)
    expected = {"up": -(-electorate // per), "down": electorate // per}.get(
        rounding, int(quota + Fraction(1, 2))
    )
    assert seats == max(expected, minimum)


SYSTEM_1917 = (
    PETROGRAD
    + """
  vyborg-soviet:
    name: Vyborg ward soviet
    derived: {from: petrograd-soviet, tags: {ward: vyborg}}
    sections: {workers: {name: Workers' section, kinds: [factory]}}
  petrograd-executive:
    name: Executive Committee
    executive:
      of: petrograd-soviet
      seats: 22
      method: dhondt
      co_opted: [{organisation: unions, seats: 2, voting: false}]
    refresh: on-convocation
  congress:
    name: Congress of Soviets
    congress:
      members: [petrograd-soviet]
      delegation: {per_voters: 25000, rounding: nearest, minimum: 1}
    refresh: {on-drift: 5%}
"""
)


def test_bodies_formed_from_councils_are_read_and_written_out_the_same() -> None:
    statute = parse_statute(yaml.safe_load(SYSTEM_1917))
    executive = statute.councils["petrograd-executive"]
    assert executive.body is not None
    assert (executive.body.kind, executive.body.sources, executive.body.seats) == (
        "executive",
        ("petrograd-soviet",),
        22,
    )
    assert executive.refresh.policy == "on-convocation"
    assert [(c.organisation, c.seats, c.is_voting) for c in executive.body.co_opted] == [
        ("unions", 2, False)
    ]
    congress = statute.councils["congress"]
    assert congress.refresh.threshold == Fraction(1, 20)
    assert congress.body.delegation.seats_for(60_000) == 2  # type: ignore[union-attr]
    assert statute.councils["vyborg-soviet"].refresh.policy == "continuous"
    assert statute.councils["vyborg-soviet"].sections["workers"].kinds == {"factory"}
    document = statute_document(statute)
    assert parse_statute(document) == statute


def test_a_body_formed_from_itself_or_from_nothing_is_refused() -> None:
    document = yaml.safe_load(SYSTEM_1917)
    document["councils"]["congress"]["congress"]["members"] = ["petrograd-soviet", "congress"]
    document["councils"]["vyborg-soviet"]["derived"]["from"] = "moscow-soviet"
    document["councils"]["vyborg-soviet"]["recall"] = {"share": "1/2"}
    with pytest.raises(InvalidInput) as raised:
        parse_statute(document)
    assert str(raised.value).split("\n  ") == [
        "statute has 3 problems:",
        "councils.vyborg-soviet.recall: a derived body is not elected: remove it",
        "councils.vyborg-soviet.derived: council 'moscow-soviet' does not exist",
        "councils.congress: is formed from itself: congress -> congress",
    ]
