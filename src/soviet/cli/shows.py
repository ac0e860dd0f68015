"""`soviet constituency|person|party|election|recall|commission|resolution show`: one read
model each, as a table by default and exactly its JSON with `--json`."""

from __future__ import annotations

from typing import Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    AsOfOption,
    DbOption,
    FederationOption,
    JsonOption,
    db_url,
    operating,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.constituencies import constituency_app
from soviet.cli.councils import council_app, recall_app
from soviet.cli.elections import ElectionArgument, election_app
from soviet.cli.grid import Grid
from soviet.cli.ids import id_parser
from soviet.cli.journal import journal_app, render_entries
from soviet.cli.motions import commission_app, commissions_table, resolution_app
from soviet.cli.parties import PartyArgument, party_app, person_app
from soviet.cli.rows import moment
from soviet.cli.views import (
    DEFAULT,
    CursorOption,
    LimitOption,
    echo_view,
    more_line,
    print_page,
)
from soviet.domain.journal import Entry, canonical_json
from soviet.domain.views import elections as election_views
from soviet.domain.views import registers as views

console = output_console()

SlugArgument = Annotated[str, typer.Argument(help="Its slug.", show_default=False)]
PetitionArgument = Annotated[
    int,
    typer.Argument(help="The petition's id.", show_default=False, parser=id_parser("petition")),
]


def _petitions_table(petitions: tuple[views.PetitionProgress, ...]) -> Grid:
    table = Grid("petition", "delegate", "state", "signatures", "threshold", "missing")
    for p in petitions:
        table.add_row(
            str(p.petition),
            p.delegate,
            p.state,
            str(p.signatures),
            str(p.threshold),
            str(p.missing),
        )
    return table


def _render_constituency(shown: views.Constituency) -> None:
    console.print(
        f"{shown.name} ({shown.constituency}), {shown.kind} of '{shown.council}': "
        f"{shown.electorate} voters, as of {shown.as_of}",
        style="bold",
    )
    delegates = Grid("seat", "delegate", "party", "since", title="delegates")
    for d in shown.delegates:
        delegates.add_row(str(d.seat), d.person, d.party or "", d.since)
    console.print(delegates)
    if shown.petitions:
        console.print(_petitions_table(shown.petitions))
    elections = Grid("election", "council", "mode", "opened", "closed", title="elections")
    for e in shown.elections.items:
        elections.add_row(str(e.election), e.council, e.mode, e.opened_at, e.closed_at or "open")
    print_page(console, elections, shown.elections, "elections")


@constituency_app.command("show")
def show_constituency(
    ctx: typer.Context,
    slug: SlugArgument,
    as_of: AsOfOption = None,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A constituency: its delegates, petitions open against them with their progress to
    the threshold, and a page of its elections (--cursor, --limit)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import constituency_view

    when = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        shown = constituency_view(
            db,
            slug,
            as_of=when,
            federation=federation,
            cursor=cursor,
            limit=limit,
            actor=reading(actor),
        )
    if as_json:
        echo_view(shown)
        return
    _render_constituency(shown)


@recall_app.command("show")
def show_petition(
    ctx: typer.Context,
    petition: PetitionArgument,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A recall petition: signatures against its threshold, its state, its recall vote."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import petition_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = petition_view(db, petition, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    console.print(_petitions_table((shown.progress,)))
    if shown.recall_vote is not None:
        vote = shown.recall_vote
        console.print(f"recall vote: recall {vote.recall}, keep {vote.keep}")


@recall_app.command("signatures")
def show_signatures(
    ctx: typer.Context,
    petition: PetitionArgument,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Who signed a recall petition, and who withdrew (the administrators' read only)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.member_register import petition_signatures

    with open_database(db_url(ctx, db_option)) as db:
        shown = petition_signatures(
            db, petition, federation=federation, cursor=cursor, limit=limit, actor=reading(actor)
        )
    if as_json:
        echo_view(shown)
        return
    table = Grid("member", "name", "signed", "withdrawn")
    for signature in shown.signatures.items:
        table.add_row(
            signature.member, signature.name, signature.signed_at, signature.withdrawn_at or ""
        )
    print_page(console, table, shown.signatures, "signatures")


@person_app.command("show")
def show_person(
    ctx: typer.Context,
    slug: SlugArgument,
    as_of: AsOfOption = None,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A person: her parties, the constituencies that elected her, and a page of her
    mandates, past and present (--cursor, --limit)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import person_view

    when = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        shown = person_view(
            db,
            slug,
            as_of=when,
            federation=federation,
            cursor=cursor,
            limit=limit,
            actor=reading(actor),
        )
    if as_json:
        echo_view(shown)
        return
    parties = ", ".join(f"{m.party} (since {m.since[:10]})" for m in shown.parties) or "none"
    console.print(f"{shown.name} ({shown.person})", style="bold")
    console.print(f"parties: {parties}")
    console.print(f"constituencies: {', '.join(shown.constituencies) or 'none'}")
    table = Grid("council", "constituency", "seat", "party", "since", "until", "ended by")
    for m in shown.mandates.items:
        table.add_row(
            m.council,
            m.constituency or "",
            str(m.seat),
            m.party or "",
            m.since,
            m.until or ("held" if m.is_held else ""),
            m.end_cause or "",
        )
    print_page(console, table, shown.mandates, "mandates")


@party_app.command("show")
def show_party(
    ctx: typer.Context,
    party: PartyArgument,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A party: its programme, members, seats per council, and candidate lists."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import party_view

    when = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        shown = party_view(db, party, as_of=when, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    console.print(f"{shown.name} ({shown.party}): {shown.members} members", style="bold")
    console.print(shown.programme)
    seats = Grid("council", "seats", title=f"seats as of {shown.as_of}")
    for council, count in shown.seats.items():
        seats.add_row(council, str(count))
    console.print(seats)
    lists = Grid("council", "constituency", "candidates", title="candidate lists")
    for listed in shown.lists:
        lists.add_row(listed.council, listed.constituency or "", str(len(listed.candidates)))
    console.print(lists)


def _render_election(shown: election_views.Election) -> None:
    where = shown.constituency or "the whole council"
    console.print(
        f"election {shown.election} of '{shown.council}' in {where}: {shown.mode}, "
        f"{shown.state} (opened {shown.opened_at}, closed {shown.closed_at or '-'})",
        style="bold",
    )
    if shown.ballots_cast is not None:
        console.print(f"ballots cast: {shown.ballots_cast}")
    totals = Grid("party", "votes", "seats")
    for party in sorted(set(shown.votes) | set(shown.seats)):
        totals.add_row(party, str(shown.votes.get(party, "")), str(shown.seats.get(party, "")))
    console.print(totals)
    for draw in shown.draws:
        console.print(
            f"drawn by lot (seed {draw.seed}): {', '.join(draw.winners)} of "
            f"{', '.join(draw.tied)} for {draw.seats} seat(s)"
        )
    cells = Grid("constituency", "seats", "won")
    for r in shown.constituencies.items:
        won = ", ".join(f"{p} {n}" for p, n in r.won.items())
        cells.add_row(r.constituency, "" if r.seats is None else str(r.seats), won)
    print_page(console, cells, shown.constituencies, "constituencies")


@election_app.command("show")
def show_election(
    ctx: typer.Context,
    election: ElectionArgument,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """An election: state, votes and seats per party, ties drawn by lot, and a page of
    its constituencies' results (--cursor, --limit)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import election_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = election_view(
            db, election, federation=federation, cursor=cursor, limit=limit, actor=reading(actor)
        )
    if as_json:
        echo_view(shown)
        return
    _render_election(shown)


@commission_app.command("show")
def show_commission(
    ctx: typer.Context,
    commission: Annotated[str, typer.Argument(help="COUNCIL/COMMISSION.", show_default=False)],
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A commission: the resolution that created it, mandate, powers, deadline, members."""
    from soviet.services.bootstrap import open_database
    from soviet.services.resolutions import commission_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = commission_view(db, commission, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    console.print(f"{shown.name}, created by resolution {shown.resolution}", style="bold")
    console.print(commissions_table((shown,)))


@resolution_app.command("show")
def show_resolution(
    ctx: typer.Context,
    resolution: Annotated[str, typer.Argument(help="COUNCIL/NUMBER.", show_default=False)],
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A resolution: its text, the motion and session that adopted it, what amended or
    annulled it."""
    from soviet.services.bootstrap import open_database
    from soviet.services.resolutions import resolution_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = resolution_view(db, resolution, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    console.print(f"resolution {shown.council}/{shown.number}", style="bold")
    console.print(shown.text)
    console.print(f"adopted {shown.adopted_at} on motion {shown.motion} in session {shown.session}")
    for what, by in (("amended", shown.amended_by), ("annulled", shown.annulled_by)):
        if by is not None:
            console.print(f"{what} by {by}")
    if shown.not_carried_out is not None:
        console.print(f"not carried out: {shown.not_carried_out}")


@journal_app.command("page")
def show_journal_page(
    ctx: typer.Context,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of the journal, oldest first: from the first entry, or after --cursor."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import journal_page

    with open_database(db_url(ctx, db_option)) as db:
        shown = journal_page(db, cursor=cursor, limit=limit, actor=operating(actor))
        title = f"journal of {db.target.display}"
    if as_json:
        echo_view(shown)
        return
    entries = [
        Entry(e.seq, e.recorded_at, e.actor, e.kind, canonical_json(e.payload), e.prev_hash, e.hash)
        for e in shown.items
    ]
    console.print(render_entries(entries, title), soft_wrap=False)
    more = more_line(shown, "entries")
    if more is not None:
        console.print(more)


@council_app.command("members")
def show_members(
    ctx: typer.Context,
    council: Annotated[str, typer.Argument(help="The council's slug.", show_default=False)],
    as_of: AsOfOption = None,
    section: Annotated[
        str | None,
        typer.Option(help="The members of one section of the council.", show_default=False),
    ] = None,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of who sits in a council at a moment, by constituency and seat."""
    from soviet.services.bootstrap import open_database
    from soviet.services.composition import council_members

    when = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        shown = council_members(
            db,
            council,
            as_of=when,
            section=section,
            federation=federation,
            cursor=cursor,
            limit=limit,
            actor=reading(actor),
        )
    if as_json:
        echo_view(shown)
        return
    table = Grid("constituency", "seat", "person", "party", "since")
    for m in shown.items:
        table.add_row(m.constituency or "", str(m.seat), m.person, m.party or "", m.since)
    print_page(console, table, shown, "members")
