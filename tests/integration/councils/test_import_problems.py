"""What an import would refuse, read before it acts, each problem by its line in the file
(the service half of naming every bad line of every kind in one run), on both engines."""

from __future__ import annotations

import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.ids import format_id
from soviet.errors import Forbidden, NotFound
from soviet.services.elections import count_problems, open_election
from soviet.services.members import MemberSpec, member_problems, register_members
from soviet.services.parties import person_problems
from soviet.services.registers import ConstituencySpec, constituency_problems
from soviet.store.database import Database


def test_persons_are_checked_by_line_without_registering(federation_db: Database) -> None:
    persons = [("p1", "One"), ("b1", "Taken"), ("Bad", "Slug"), ("p2", " "), ("p3", "Three")]
    problems = person_problems(
        federation_db,
        persons,
        parties={"p1": "bolsheviks", "p3": "kadets"},
        lines=[2, 4, 5, 6, 9],
        actor=SYSTEM,
    )
    assert problems == [
        "line 5: slug: 'Bad' is not a slug (lowercase letters, digits and hyphens; "
        "at most 100 characters)",
        "line 6: name: must be a non-empty text",
        "line 4: person 'b1' is already registered",
        "line 9: party 'kadets' is not registered",
    ]
    assert person_problems(federation_db, [("p9", "Nine")], lines=[2], actor=SYSTEM) == []
    with pytest.raises(Forbidden):
        person_problems(federation_db, persons, lines=[2, 4, 5, 6, 9], actor=account_actor("b1"))


def test_counts_are_checked_by_line_without_counting(federation_db: Database) -> None:
    election = open_election(federation_db, "petrograd-soviet", actor=SYSTEM)
    rows = [("putilov", "sr", 5), ("smolny", "sr", 1), ("putilov", "sr", 2)]
    assert count_problems(federation_db, election, rows, lines=[2, 4, 7], actor=SYSTEM) == [
        f"line 4 (smolny, sr): constituency is not in election {format_id(election)}",
        "line 7 (putilov, sr): given twice",
    ]
    with pytest.raises(NotFound, match="^election 999 does not exist$"):
        count_problems(federation_db, 999 << 24, rows, lines=[2, 4, 7], actor=SYSTEM)


def test_members_and_constituencies_are_checked_without_acting(federation_db: Database) -> None:
    register_members(federation_db, "volynsky", [MemberSpec("v1", "One")], actor=SYSTEM)
    specs = [MemberSpec("v1", "Again", line=3), MemberSpec("v2", "Two", line=4)]
    assert member_problems(federation_db, "volynsky", specs, actor=SYSTEM) == [
        "line 3: member 'v1' is already registered in 'volynsky'"
    ]
    admitted = [
        ConstituencySpec("putilov", "Again", "factory", "petrograd-soviet", 10, line=2),
        ConstituencySpec("obukhov", "Obukhov", "factory", "petrograd-soviet", 10, line=5),
    ]
    assert constituency_problems(federation_db, admitted, actor=SYSTEM) == [
        "line 2 ('putilov'): slug is already taken"
    ]
