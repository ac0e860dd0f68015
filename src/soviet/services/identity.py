"""What an account is in a federation, found at the moment of the act, and the decision
whether it may act: the domain decides (`domain.permissions`), this module only reads.

Roles are read afresh inside every act's transaction, never trusted from the door: a
delegate recalled a second ago is no longer one, and an account's grants in one
federation say nothing of another.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy.engine import Connection

from soviet.domain.identity import Actor, Grant, Role
from soviet.domain.journal import format_time
from soviet.domain.permissions import RULES, Action, Target, decide
from soviet.domain.statute import Statute
from soviet.errors import Forbidden, Problem
from soviet.store import queries
from soviet.store.councils import council_id as find_council_id


def _council_grants(
    connection: Connection,
    federation: queries.Federation,
    statute: Statute,
    account: str,
    target: Target,
    *,
    as_trustee: bool,
) -> set[Grant]:
    council = target.council
    rule = statute.councils.get(council) if council else None
    if council is None or rule is None:
        return set()
    grants: set[Grant] = set()
    slug = federation.slug
    if account in rule.secretariat:
        grants.add(Grant(Role.SECRETARIAT, slug, council))
    if account in rule.check_in_desk:
        grants.add(Grant(Role.CHECK_IN_DESK, slug, council))
    # Loaded only to find a council's roles: a public read needs none (issue 18).
    from soviet.store import alternates as store_alternates
    from soviet.store import sessions as store_sessions
    from soviet.store import trustees as store_trustees

    council_id = find_council_id(connection, federation.id, council)
    if as_trustee and store_trustees.is_trustee(connection, council_id, account):
        grants.add(Grant(Role.TRUSTEE, slug, council))
    at = target.at or format_time(datetime.now(UTC))
    seats = store_sessions.seats_held_by_slug(connection, federation.id, council_id, at, account)
    for seat in seats:
        grants.add(Grant(Role.DELEGATE, slug, council))
        if seat.party is not None:
            grants.add(Grant(Role.FRACTION, slug, f"{council}/{seat.party}"))
    # An alternate seated in an open session acts in the delegate's place (not her fraction's).
    if not seats and store_alternates.is_seated_in_council(connection, council_id, account, at):
        grants.add(Grant(Role.DELEGATE, slug, council))
    return grants


def _scoped_grants(
    connection: Connection, federation: queries.Federation, account: str, target: Target
) -> set[Grant]:
    grants: set[Grant] = set()
    slug = federation.slug
    if target.constituency is not None and queries.is_member_account(
        connection, federation.id, target.constituency, account
    ):
        grants.add(Grant(Role.CONSTITUENT, slug, target.constituency))
    if target.party is not None:
        committee = queries.central_committee(connection, federation.id, target.party) or []
        if account in committee:
            grants.add(Grant(Role.CENTRAL_COMMITTEE, slug, target.party))
    if target.commission is not None:
        from soviet.store.resolutions import commission as find_commission

        council, _, name = target.commission.partition("/")
        members = find_commission(connection, federation.id, council, name).members
        if account in {person for person, _ in members}:
            grants.add(Grant(Role.COMMISSION_MEMBER, slug, target.commission))
    return grants


_COUNCIL_ROLES = frozenset(
    {Role.DELEGATE, Role.FRACTION, Role.SECRETARIAT, Role.CHECK_IN_DESK, Role.TRUSTEE}
)


def _scopes_for(target: Target, roles: frozenset[Role]) -> Target:
    """Only the scopes of `target` that the roles which may act are held over: an act
    looks up nothing more of its actor than could let it act."""
    return replace(
        target,
        constituency=target.constituency if Role.CONSTITUENT in roles else None,
        council=target.council if roles & _COUNCIL_ROLES else None,
        party=target.party if roles & {Role.CENTRAL_COMMITTEE, Role.FRACTION} else None,
        commission=target.commission if Role.COMMISSION_MEMBER in roles else None,
    )


def resolve(
    connection: Connection,
    federation: queries.Federation,
    statute: Statute,
    actor: Actor,
    target: Target,
    *,
    as_person: bool = True,
    as_trustee: bool = False,
) -> Actor:
    """The actor with the roles its account holds now over what `target` touches (and,
    with `as_person`, whether it is a person of the federation; with `as_trustee`,
    whether it is a trustee of the council's key ceremony)."""
    account = actor.account
    if actor.is_operator or account is None:
        return actor
    slug = federation.slug
    grants: set[Grant] = set()
    persons: dict[str, str] = {}
    if account in statute.administrators:
        grants.add(Grant(Role.ADMINISTRATOR, slug))
    if as_person and queries.existing_slugs(connection, federation.id, "persons", [account]):
        persons[slug] = account
        grants.add(Grant(Role.PERSON, slug))
    grants |= _council_grants(
        connection, federation, statute, account, target, as_trustee=as_trustee
    )
    grants |= _scoped_grants(connection, federation, account, target)
    return actor.with_grants(grants, persons)


def require(
    connection: Connection,
    federation: queries.Federation,
    statute: Statute,
    actor: Actor,
    action: Action,
    target: Target,
) -> Actor:
    """The actor resolved, if it may do `action` on `target`; else Forbidden, saying only
    that it may not (and the reason's code), nothing of the target."""
    if decide(actor, action, Target(federation=federation.slug)) is None:
        return actor  # the operator, or a read open to the public: nothing to look up
    placed = replace(target, federation=federation.slug)
    roles = frozenset(allowance.role for allowance in RULES[action])
    needed = _scopes_for(placed, roles)
    resolved = resolve(
        connection,
        federation,
        statute,
        actor,
        needed,
        as_person=Role.PERSON in roles,
        as_trustee=Role.TRUSTEE in roles,
    )
    refusal = decide(resolved, action, placed)
    if refusal is not None:
        raise Forbidden(
            f"{actor.name} {refusal.message} in '{federation.slug}'",
            problems=[Problem("actor", refusal.reason)],
        )
    return resolved


def require_operator_or(actor: Actor, action: Action) -> None:
    """Refuse an actor who may not do `action`, which concerns no one federation: the
    database's own tools (initialise, verify, the full journal) are its operator's alone;
    what is public (the notices of the journal) is anyone's."""
    refusal = decide(actor, action, Target())
    if refusal is not None:
        raise Forbidden(
            f"{actor.name} {refusal.message}", problems=[Problem("actor", refusal.reason)]
        )
