"""Entries of the registers: statutes, constituencies and their members, persons, parties,
their members and their candidate lists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from soviet.domain.events.base import Event, journaled
from soviet.domain.events.codec import Record
from soviet.domain.rules import Statute


@journaled
@dataclass(frozen=True)
class StatuteApplied(Event):
    """A federation founded by its statute, or its statute amended from `effective_at` on."""

    KIND: ClassVar[str] = "StatuteApplied"
    VERSION: ClassVar[int] = 1

    federation: str
    version: int
    effective_at: str
    document: Statute  # written out in full, defaults included
    new_federation: bool
    new_councils: tuple[str, ...]


@dataclass(frozen=True)
class AdmittedConstituency(Record):
    """A constituency admitted to a council, with its count of voters."""

    slug: str
    name: str
    kind: str
    council: str
    electorate: int
    tags: Mapping[str, str]


@journaled
@dataclass(frozen=True)
class ConstituenciesAdmitted(Event):
    """Groups that organised and demanded representation, admitted to their councils."""

    KIND: ClassVar[str] = "ConstituenciesAdmitted"
    VERSION: ClassVar[int] = 1

    federation: str
    admitted_at: str
    constituencies: tuple[AdmittedConstituency, ...]


@journaled
@dataclass(frozen=True)
class ElectorateCounted(Event):
    """A constituency's new count of voters."""

    KIND: ClassVar[str] = "ElectorateCounted"
    VERSION: ClassVar[int] = 1

    federation: str
    constituency: str
    electorate: int
    counted_at: str


@dataclass(frozen=True)
class RegisteredMember(Record):
    """A member of a constituency's registry."""

    key: str
    name: str
    birth_date: str | None
    categories: tuple[str, ...]
    account: str | None


@journaled
@dataclass(frozen=True)
class MembersRegistered(Event):
    """Members registered in a constituency."""

    KIND: ClassVar[str] = "MembersRegistered"
    VERSION: ClassVar[int] = 1

    federation: str
    constituency: str
    registered_at: str
    members: tuple[RegisteredMember, ...]


@dataclass(frozen=True)
class RegisteredPerson(Record):
    """A person who may join parties and stand as a candidate, and the party she joins."""

    slug: str
    name: str
    party: str | None = None


@journaled
@dataclass(frozen=True)
class PersonsRegistered(Event):
    """Persons registered, each joining her party (if named) at `joined_at`."""

    KIND: ClassVar[str] = "PersonsRegistered"
    VERSION: ClassVar[int] = 1

    federation: str
    joined_at: str
    persons: tuple[RegisteredPerson, ...]


@journaled
@dataclass(frozen=True)
class PartyRegistered(Event):
    """A party with its programme, the accounts of its central committee, and the council
    (if any) whose members hold the committee's powers."""

    KIND: ClassVar[str] = "PartyRegistered"
    VERSION: ClassVar[int] = 1

    federation: str
    party: str
    name: str
    programme: str
    committee: tuple[str, ...]
    committee_body: str | None = None


@journaled
@dataclass(frozen=True)
class PartyMembersJoined(Event):
    """Registered persons admitted to a party."""

    KIND: ClassVar[str] = "PartyMembersJoined"
    VERSION: ClassVar[int] = 1

    federation: str
    party: str
    persons: tuple[str, ...]
    joined_at: str


@dataclass(frozen=True)
class PartyList(Record):
    """A party's ordered list for a council: for a constituency, for a congress's
    delegation of one member council, or council-wide (neither)."""

    party: str
    council: str
    constituency: str | None
    persons: tuple[str, ...]
    delegation: str | None = None


@journaled
@dataclass(frozen=True)
class CandidateListsSet(Event):
    """Parties' ordered lists, each replacing the list it names."""

    KIND: ClassVar[str] = "CandidateListsSet"
    VERSION: ClassVar[int] = 1

    federation: str
    lists: tuple[PartyList, ...]


@journaled
@dataclass(frozen=True)
class CandidateDeclined(Event):
    """A candidate declined her place on a list: passed over from then on."""

    KIND: ClassVar[str] = "CandidateDeclined"
    VERSION: ClassVar[int] = 1

    federation: str
    party: str
    council: str
    constituency: str | None
    person: str
    declined_at: str


@journaled
@dataclass(frozen=True)
class PartyMemberLeft(Event):
    """A member left (or was expelled from) a party."""

    KIND: ClassVar[str] = "PartyMemberLeft"
    VERSION: ClassVar[int] = 1

    federation: str
    party: str
    person: str
    left_at: str
