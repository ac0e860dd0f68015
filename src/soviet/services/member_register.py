"""A constituency's member register and who signed a recall petition, read by right: "an
administrator of one federation sees nothing of another" (DESIGN.md, invariant 7), and a
member sees her own record.

The register is private: names, birth dates, categories and the accounts bound to
members. The federation's administrators read all of it; a member on it reads only her
own record; anyone else is refused before anything of it is read. Who signed a petition
is the administrators' alone (the public sees how many signed: services.reads).
"""

from __future__ import annotations

from soviet.domain import limits
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.permissions import Action, Target
from soviet.domain.views import DEFAULT_LIMIT, check_limit, decode_cursor, page_from
from soviet.domain.views import registers as views
from soviet.errors import Forbidden
from soviet.services import context
from soviet.store import reads
from soviet.store.database import Database


def _reads_whole(ctx: context.Context, constituency: str) -> bool:
    """Whether the actor reads the whole register (else only her own record, or Forbidden)."""
    try:
        ctx.require(Action.READ_REGISTER, Target(constituency=constituency))
    except Forbidden:
        account = ctx.actor.account
        ctx.require(Action.READ_REGISTER, Target(constituency=constituency, account=account))
        return False
    return True


def member_register(
    db: Database,
    constituency: str,
    *,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    actor: Actor,
) -> views.MemberRegister:
    """A page of a constituency's register, by member key: all of it for the federation's
    administrators, her own record for a member."""
    check_limit(limit)
    after = None if cursor is None else str(decode_cursor(cursor, (str,))[0])
    with db.read() as connection:
        ctx = context.load(connection, db, federation, actor)
        is_whole = _reads_whole(ctx, constituency)
        found = reads.constituency(connection, ctx.federation.id, constituency)
        own = None if is_whole else actor.account
        rows = reads.register_after(connection, found.id, after, limit, account=own)
    members = [
        views.RegisteredMember(key, name, born, tuple(categories), account, since)
        for key, name, born, categories, account, since in rows
    ]
    page = page_from(members, lambda member: (member.key,), limit)
    return views.MemberRegister(constituency=found.slug, is_whole=is_whole, members=page)


def petition_signatures(
    db: Database,
    petition: int,
    *,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    actor: Actor,
) -> views.Signatures:
    """A page of who signed a recall petition, by member key, with any withdrawal."""
    limits.check_id(petition, "petition")
    check_limit(limit)
    after = None if cursor is None else str(decode_cursor(cursor, (str,))[0])
    with context.reading(db, federation, actor, Action.READ_SIGNATURES) as ctx:
        found = reads.petition(ctx.connection, ctx.federation.id, petition)
        rows = reads.signatures_after(ctx.connection, found.id, after, limit)
    signed = [views.Signature(*row) for row in rows]
    page = page_from(signed, lambda signature: (signature.member,), limit)
    return views.Signatures(
        petition=format_id(found.id), constituency=found.constituency, signatures=page
    )
