"""Who acts: an account, the persons it is in each federation, and the roles it holds there.

Every act and every read names its actor; none has a default. A door (the command line,
the HTTP API, the web application) authenticates an account and hands over an `Actor`;
the services resolve what the account is in the federation at the moment of the act (a
recalled delegate is no longer one) and the domain (`domain.permissions`) decides.

`SYSTEM` is the operator of the database: its own tools (init, migrations, the replay of
a scenario, the tests) act as it. No door lets anyone name it: `account_actor` refuses
the name, and the public (`PUBLIC`) is nobody at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from soviet.domain.limits import check_account
from soviet.errors import Forbidden

#: The operator's name in the journal's `actor` field.
SYSTEM_ACCOUNT = "system"
#: The public's name in the journal (it records nothing: reads only).
PUBLIC_ACCOUNT = "public"


class Role(StrEnum):
    """The roles the statute knows, each held over a scope (its federation, a constituency,
    a council, a party, a commission) or by the person herself."""

    PUBLIC = "public"
    PERSON = "person"  # the person the account is, acting in her own name
    CONSTITUENT = "constituent"  # on a constituency's member register
    DELEGATE = "delegate"  # holds a mandate in a council
    CENTRAL_COMMITTEE = "central_committee"  # of a party (or the body holding its powers)
    FRACTION = "fraction"  # a party's delegates in a council
    SECRETARIAT = "secretariat"  # a council's chair and secretaries
    CHECK_IN_DESK = "check_in_desk"  # a council's credentials and check-in desk
    COMMISSION_MEMBER = "commission_member"
    TRUSTEE = "trustee"  # of a council's key ceremony for its secret ballots
    ADMINISTRATOR = "administrator"  # of a federation
    OPERATOR = "operator"  # of the database: its own tools only


@dataclass(frozen=True, order=True)
class Grant:
    """One role held in one federation over one scope.

    The scope is the slug of what the role is over: a constituency (constituent), a council
    (delegate, secretariat, check-in desk), a party (central committee), COUNCIL/PARTY (a
    fraction), COUNCIL/NUMBER (a commission), and "" for the whole federation
    (administrator) or for the person herself.
    """

    role: Role
    federation: str
    scope: str = ""


@dataclass(frozen=True)
class Actor:
    """Who acts or reads: an account (None for the public), the person it is in each
    federation, and the roles it holds there."""

    account: str | None
    persons: Mapping[str, str] = field(default_factory=dict)
    grants: frozenset[Grant] = frozenset()
    is_operator: bool = False

    @property
    def name(self) -> str:
        """The account as the journal records it."""
        if self.is_operator:
            return SYSTEM_ACCOUNT
        return self.account or PUBLIC_ACCOUNT

    def holds(self, role: Role, federation: str, scope: str = "") -> bool:
        return Grant(role, federation, scope) in self.grants

    def roles_in(self, federation: str) -> frozenset[Role]:
        return frozenset(g.role for g in self.grants if g.federation == federation)

    def with_grants(self, grants: Iterable[Grant], persons: Mapping[str, str]) -> Actor:
        """The same account with what it was found to be (replacing what was known)."""
        return replace(self, grants=frozenset(grants), persons=dict(persons))


SYSTEM = Actor(SYSTEM_ACCOUNT, is_operator=True)
PUBLIC = Actor(None)


def account_actor(name: str, *, field_name: str = "account") -> Actor:
    """The actor of a named account, as a door hands it over; never the operator.

    An account is what the statute lists as administrators and party committees and what a
    member register binds to a member; a person's own account bears her slug.
    """
    text = name.strip() if isinstance(name, str) else ""
    if text in (SYSTEM_ACCOUNT, PUBLIC_ACCOUNT):
        raise Forbidden(f"{field_name}: '{text}' is reserved: no door may act in its name")
    return Actor(check_account(name, field_name))
