"""Reads of a constituency, a recall petition, a person, a party and an election, as
`soviet ... show` prints them and the API will serve them: typed read models, with long
lists a page at a time."""

from __future__ import annotations

from datetime import datetime

from soviet.domain import limits
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id, parse_id
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action
from soviet.domain.views import DEFAULT_LIMIT, Page, check_limit, decode_cursor, page_from
from soviet.domain.views import elections as election_views
from soviet.domain.views import registers as views
from soviet.domain.views.journal import JournalEntry, journal_entry
from soviet.services import context, identity
from soviet.services.journal import Clock, require_current, utc_now
from soviet.store import councils, election_reads, reads
from soviet.store.database import Database


def _after_id(cursor: str | None) -> int | None:
    return None if cursor is None else int(decode_cursor(cursor, (int,))[0])


def _progress(row: reads.PetitionRow) -> views.PetitionProgress:
    missing, share = views.progress_of(row.signatures, row.threshold)
    return views.PetitionProgress(
        petition=format_id(row.id),
        council=row.council,
        constituency=row.constituency,
        delegate=row.person,
        state=views.petition_state(row.outcome),
        signatures=row.signatures,
        threshold=row.threshold,
        missing=missing,
        progress=share,
        opened_at=row.opened_at,
        closed_at=row.closed_at,
    )


def _election_line(row: election_reads.ElectionRow) -> views.ElectionLine:
    return views.ElectionLine(
        format_id(row.id), row.council, row.constituency, row.mode, row.opened_at, row.closed_at
    )


def constituency_view(
    db: Database,
    slug: str,
    *,
    as_of: datetime | None = None,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    now: Clock = utc_now,
    actor: Actor,
) -> views.Constituency:
    """A constituency at `as_of` (default: now): its delegates, the petitions open against
    them with their progress to the threshold, and a page of its elections, oldest first."""
    check_limit(limit)
    moment = format_time(as_of or now())
    after = _after_id(cursor)
    with context.reading(db, federation, actor) as ctx:
        found = reads.constituency(ctx.connection, ctx.federation.id, slug)
        council_id = councils.council_id(ctx.connection, ctx.federation.id, found.council)
        held = reads.delegates_in(ctx.connection, found.id, council_id, moment)
        petitions = reads.open_petitions_in(ctx.connection, found.id)
        rows = election_reads.elections_in(ctx.connection, found.id, council_id, after, limit)
    return views.Constituency(
        constituency=found.slug,
        name=found.name,
        council=found.council,
        kind=found.kind,
        electorate=found.electorate,
        tags=found.tags,
        admitted_at=found.admitted_at,
        as_of=moment,
        delegates=tuple(views.Delegate(m.person, m.party, m.seat, m.since) for m in held),
        petitions=tuple(_progress(p) for p in petitions),
        elections=page_from(
            [_election_line(r) for r in rows], lambda e: (parse_id(e.election, "cursor"),), limit
        ),
    )


def petition_view(
    db: Database, petition: int, *, federation: str | None = None, actor: Actor
) -> views.Petition:
    """A recall petition: the delegate, signatures against the threshold, its state, and
    the recall vote's count if it was put to one. Never who signed."""
    limits.check_id(petition, "petition")
    with context.reading(db, federation, actor) as ctx:
        found = reads.petition(ctx.connection, ctx.federation.id, petition)
        voted = reads.recall_vote_counts(ctx.connection, found.id)
    was_put = found.outcome in ("voting", "kept") or sum(voted.values()) > 0
    count = views.RecallVoteCount(voted["recall"], voted["keep"]) if was_put else None
    return views.Petition(_progress(found), count)


def person_view(
    db: Database,
    slug: str,
    *,
    as_of: datetime | None = None,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    now: Clock = utc_now,
    actor: Actor,
) -> views.Person:
    """A person: her parties, the constituencies that elected her, and a page of her
    mandates, past and present, in the order they began."""
    check_limit(limit)
    moment = format_time(as_of or now())
    after = _after_id(cursor)
    with context.reading(db, federation, actor) as ctx:
        found = reads.person(ctx.connection, ctx.federation.id, slug)
        parties = reads.parties_of(ctx.connection, found.id)
        places = reads.constituencies_of_person(ctx.connection, found.id)
        rows = reads.mandates_of(ctx.connection, found.id, after, limit)
    lines = [
        views.MandateLine(
            mandate=format_id(m.id),
            council=m.council,
            constituency=m.constituency,
            seat=m.seat,
            party=m.party,
            since=m.since,
            until=m.until,
            end_cause=m.end_cause,
            is_held=m.since <= moment and (m.until is None or m.until > moment),
        )
        for m in rows
    ]
    return views.Person(
        person=found.slug,
        name=found.name,
        as_of=moment,
        parties=tuple(views.Membership(p, since) for p, since in parties),
        constituencies=tuple(places),
        mandates=page_from(lines, lambda m: (parse_id(m.mandate, "cursor"),), limit),
    )


def party_view(
    db: Database,
    slug: str,
    *,
    as_of: datetime | None = None,
    federation: str | None = None,
    now: Clock = utc_now,
    actor: Actor,
) -> views.Party:
    """A party: its programme, the seats its delegates hold per council at `as_of`, how
    many members it has, and its candidate lists."""
    moment = format_time(as_of or now())
    with context.reading(db, federation, actor) as ctx:
        found = reads.party(ctx.connection, ctx.federation.id, slug)
        members = reads.party_member_count(ctx.connection, found.id)
        seats = reads.party_seats(ctx.connection, found.id, moment)
        lists = reads.party_lists(ctx.connection, found.id)
    return views.Party(
        party=found.slug,
        name=found.name,
        programme=found.programme,
        committee=found.committee,
        members=members,
        as_of=moment,
        seats=seats,
        lists=tuple(views.CandidateList(c, where, tuple(names)) for c, where, names in lists),
    )


def party_positions(
    db: Database,
    slug: str,
    *,
    federation: str | None = None,
    limit: int = DEFAULT_LIMIT,
    actor: Actor,
) -> tuple[views.FractionPosition, ...]:
    """The positions the party's fractions took on motions, the latest `limit` first."""
    check_limit(limit)
    with context.reading(db, federation, actor) as ctx:
        found = reads.party(ctx.connection, ctx.federation.id, slug)
        rows = reads.party_positions(ctx.connection, found.id, limit)
    return tuple(
        views.FractionPosition(f"{council}/{motion}", title, position, taken_at)
        for council, motion, title, position, taken_at in rows
    )


def election_list(
    db: Database,
    *,
    council: str | None = None,
    is_open: bool = False,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    actor: Actor,
) -> Page[views.ElectionLine]:
    """A page of the federation's elections, oldest first: of one council, or every
    council's; all of them, or only those still open (to be counted and closed)."""
    check_limit(limit)
    after = _after_id(cursor)
    with context.reading(db, federation, actor) as ctx:
        council_id = (
            None
            if council is None
            else councils.council_id(ctx.connection, ctx.federation.id, council)
        )
        rows = election_reads.elections_of(
            ctx.connection, ctx.federation.id, council_id, is_open=is_open, after=after, limit=limit
        )
    lines = [_election_line(r) for r in rows]
    return page_from(lines, lambda e: (parse_id(e.election, "cursor"),), limit)


def _draws(found: election_reads.ElectionRow) -> tuple[election_views.DrawByLot, ...]:
    return tuple(
        election_views.DrawByLot(
            tied=tuple(election_views.draw_key(k) for k in draw["tied"]),
            seats=int(draw["seats"]),
            winners=tuple(election_views.draw_key(k) for k in draw["winners"]),
            seed=draw["seed"],
        )
        for draw in found.draw
    )


def election_view(
    db: Database,
    election: int,
    *,
    federation: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    actor: Actor,
) -> election_views.Election:
    """An election: its state, votes and seats per party, the ties drawn by lot, and a
    page of its constituencies' results by slug. A secret ballot's votes only once closed."""
    limits.check_id(election, "election")
    check_limit(limit)
    after = None if cursor is None else str(decode_cursor(cursor, (str,))[0])
    with context.reading(db, federation, actor) as ctx:
        found = election_reads.election(ctx.connection, ctx.federation.id, election)
        is_secret = found.mode == "ballots"
        cast = election_reads.ballots_cast(ctx.connection, found.id) if is_secret else None
        votes = election_reads.votes_per_party(ctx.connection, found.id)
        seats = election_reads.seats_per_party(ctx.connection, found.id)
        rows = election_reads.results_of(ctx.connection, found.id, after, limit)
    results = [
        election_views.ConstituencyResult(r.constituency, r.seats, r.votes, r.won) for r in rows
    ]
    return election_views.Election(
        election=format_id(found.id),
        council=found.council,
        constituency=found.constituency,
        mode=found.mode,
        state="open" if found.closed_at is None else "closed",
        opened_at=found.opened_at,
        closed_at=found.closed_at,
        ballots_cast=cast,
        votes=votes,
        seats=seats,
        draws=_draws(found),
        constituencies=page_from(results, lambda r: (r.constituency,), limit),
        sealed=found.sealed,
        ballots_closed_at=found.ballots_closed_at,
    )


def journal_page(
    db: Database, *, cursor: str | None = None, limit: int = DEFAULT_LIMIT, actor: Actor
) -> Page[JournalEntry]:
    """A page of the journal, oldest first from the cursor: every entry, once, in order,
    however long the journal grows while it is read (in full: the operator's read; the
    public reads its notices)."""
    identity.require_operator_or(actor, Action.READ_JOURNAL)
    check_limit(limit)
    after = _after_id(cursor)
    with db.read() as connection:
        require_current(connection, db)
        entries = reads.journal_after(connection, after, limit)
    return page_from([journal_entry(e) for e in entries], lambda e: (e.seq,), limit)
