"""Acts of elections: opening one, entering its counts, and closing it to give seats.

Closing allocates seats with `soviet.methods` by the council's statute, and gives them to
the parties' list candidates in order, skipping those who declined or are no longer party
members. The mandates of the constituencies elected anew end at the close.
"""

from __future__ import annotations

import secrets
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from soviet.domain import limits
from soviet.domain.elections import (
    Cell,
    Outcome,
    allocate_seats,
    designate,
    seats_per_constituency,
    tie_refused,
)
from soviet.domain.events.elections import (
    BallotCast,
    CountedVotes,
    ElectionClosed,
    ElectionOpened,
    LotDrawn,
    MandateBegun,
    SeatsWon,
    Tied,
    VotesCounted,
)
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, format_time
from soviet.domain.permissions import Action
from soviet.domain.statute import SEED_LIMIT
from soviet.errors import Conflict, InvalidInput, NotFound, Problem, RuleViolation, problems_of
from soviet.methods import Draw, Tie
from soviet.services import context, sealed_election_tally
from soviet.services.journal import Clock, utc_now
from soviet.services.unit_of_work import perform
from soviet.store import ballots, councils, queries
from soviet.store import trustees as store_trustees
from soviet.store.database import Database
from soviet.store.registry import entity_id

MODES = ("counts", "ballots")


def open_election(
    db: Database,
    council: str,
    *,
    constituency: str | None = None,
    mode: str = "counts",
    federation: str | None = None,
    actor: Actor,
    opened_at: datetime | None = None,
    now: Clock = utc_now,
) -> int:
    """Open an election of one constituency, or of every constituency of a council.

    Returns the election's id. A council that pools its party seats elects as a whole.
    """
    if mode not in MODES:
        raise InvalidInput(f"mode: must be one of {', '.join(MODES)}, got {mode!r}")

    def act(ctx: context.Context) -> int:
        ctx.require(Action.OPEN_ELECTION)
        ctx.require_council(council)
        rule = ctx.statute.councils[council]
        if rule.election.allocation == "pooled" and constituency is not None:
            raise RuleViolation(
                f"council '{council}' pools its seats over all its constituencies: "
                "it elects as a whole, not constituency by constituency"
            )
        council_id = councils.council_id(ctx.connection, ctx.federation.id, council)
        if constituency is not None and not councils.constituencies_of(
            ctx.connection, council_id, constituency
        ):
            raise NotFound(f"constituency '{constituency}' does not elect to '{council}'")
        for other in councils.open_elections(ctx.connection, council_id):
            if other.constituency in (None, constituency) or constituency is None:
                raise Conflict(
                    f"election {format_id(other.id)} of '{council}' "
                    f"({other.constituency or 'all constituencies'}) is still open"
                )
        event = ElectionOpened(
            federation=ctx.federation.slug,
            council=council,
            constituency=constituency,
            mode=mode,
            opened_at=format_time(opened_at or now()),
        )
        if mode == "ballots":
            event = _sealing(ctx, council, council_id, event)
        entry = ctx.record(at=now(), actor=ctx.account, event=event)
        return entity_id(entry.seq)

    return perform(db, federation, actor, act)


def _sealing(
    ctx: context.Context, council: str, council_id: int, event: ElectionOpened
) -> ElectionOpened:
    """A ballot election opened once its council has a key is sealed (services.
    sealed_elections): its ballots are encrypted to that key, and mark one of the parties
    with a list in the council now. A statute that seals secret ballots refuses to open
    one without the key."""
    ceremony = store_trustees.current(ctx.connection, council_id)
    if ceremony is None or ceremony.public_key is None:
        if ctx.statute.councils[council].sessions.secret_ballots == "sealed":
            raise RuleViolation(
                f"the statute of '{ctx.federation.slug}' seals the secret ballots of "
                f"'{council}', and its trustees have made no key yet: appoint them "
                "(soviet trustee appoint) and let them make it (soviet trustee keygen)"
            )
        return event
    lists = councils.candidate_lists(ctx.connection, council_id)
    parties = tuple(sorted({party for (_, party) in lists}))
    if not parties:
        raise RuleViolation(
            f"no party has a list in '{council}': a sealed ballot marks one party, so set "
            "the lists (soviet party list) before the election opens"
        )
    return replace(event, ceremony=ceremony.id, parties=parties)


def covered(ctx: context.Context, election: councils.Election) -> list[str]:
    """The slugs of the constituencies an election covers."""
    return [
        c.slug
        for c in councils.constituencies_of(
            ctx.connection, election.council_id, election.constituency
        )
    ]


def _open(ctx: context.Context, election_id: int) -> councils.Election:
    limits.check_id(election_id, "election")
    election = councils.election(ctx.connection, ctx.federation.id, election_id)
    if election.closed_at is not None:
        raise RuleViolation(
            f"election {format_id(election_id)} was closed at {election.closed_at}",
            code="poll_not_open",
        )
    return election


def enter_counts(
    db: Database,
    election_id: int,
    rows: Sequence[tuple[str, str, int]],
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> Entry:
    """Enter the counted votes (constituency, party, votes) of paper ballots.

    Counts for a constituency replace any entered before for it.
    """
    if not rows:
        raise InvalidInput("votes: no counts given")

    def act(ctx: context.Context) -> Entry:
        ctx.require(Action.ENTER_COUNTS)
        election = _counted(ctx, election_id)
        _check_counts(ctx, rows, set(covered(ctx, election)), election_id)
        event = VotesCounted(
            federation=ctx.federation.slug,
            election=election_id,
            votes=tuple(CountedVotes(c, p, v) for c, p, v in rows),
        )
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


def _count_problems(
    ctx: context.Context,
    rows: Sequence[tuple[str, str, int]],
    covered: set[str],
    election: int,
    lines: Sequence[int] = (),
) -> list[str]:
    """Every bad count, by the line of the file it came from (by row when there is none)."""
    problems: list[str] = []
    known = queries.existing_slugs(
        ctx.connection, ctx.federation.id, "parties", [p for _, p, _ in rows]
    )
    seen: set[Cell] = set()
    for index, (constituency, party, count) in enumerate(rows, start=1):
        place = f"line {lines[index - 1]}" if lines else f"row {index}"
        where = f"{place} ({constituency}, {party})"
        if constituency not in covered:
            problems.append(f"{where}: constituency is not in election {format_id(election)}")
        if party not in known:
            problems.append(f"{where}: party is not registered")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            problems.append(f"{where}: votes must be a whole number of at least 0, got {count!r}")
        if (constituency, party) in seen:
            problems.append(f"{where}: given twice")
        seen.add((constituency, party))
    return problems


def count_problems(
    db: Database,
    election_id: int,
    rows: Sequence[tuple[str, str, int]],
    *,
    lines: Sequence[int],
    federation: str | None = None,
    actor: Actor,
) -> list[str]:
    """What `enter_counts` would refuse in these counts, each by its line in the file,
    without entering any: so that a file's bad lines of every kind are named in one run.
    An election that takes no counts at all is refused as `enter_counts` refuses it."""
    with context.reading(db, federation, actor) as ctx:
        ctx.require(Action.ENTER_COUNTS)
        election = _counted(ctx, election_id)
        return _count_problems(ctx, rows, set(covered(ctx, election)), election_id, lines)


def _counted(ctx: context.Context, election_id: int) -> councils.Election:
    """The open election decided by counts, or a refusal."""
    election = _open(ctx, election_id)
    if election.mode != "counts":
        raise RuleViolation(f"election {format_id(election_id)} is decided by ballots, not counts")
    return election


def _check_counts(
    ctx: context.Context, rows: Sequence[tuple[str, str, int]], covered: set[str], election: int
) -> None:
    problems = _count_problems(ctx, rows, covered, election)
    if problems:
        raise InvalidInput(
            f"{len(problems)} bad counts:\n  " + "\n  ".join(problems[:50]),
            problems=problems_of(problems),
        )


def _tied(key: Hashable) -> Tied:
    """A key of the allocation as journaled: a party, or a (constituency, party) cell."""
    if isinstance(key, tuple):
        constituency, party = key
        return (str(constituency), str(party))
    return str(key)


def _draws(outcome: Outcome, seed: int | None) -> tuple[LotDrawn, ...]:
    return tuple(
        LotDrawn(
            tied=tuple(map(_tied, draw.tied)),
            seats=draw.seats,
            winners=tuple(map(_tied, draw.winners)),
            seed=seed,
        )
        for draw in outcome.draws
    )


def _seat_rows(outcome: Outcome, chosen: dict[Cell, list[str]]) -> tuple[MandateBegun, ...]:
    """Every filled seat; seats numbered per constituency in party order, vacant seats
    keeping their numbers."""
    rows: list[MandateBegun] = []
    next_seat: dict[str, int] = {}
    for (constituency, party), count in sorted(outcome.seats.items()):
        first = next_seat.get(constituency, 1)
        for offset, person in enumerate(chosen.get((constituency, party), [])):
            rows.append(MandateBegun(constituency, first + offset, party, person))
        next_seat[constituency] = first + count
    return tuple(rows)


def _close_event(
    ctx: context.Context,
    election: councils.Election,
    allocated: tuple[dict[str, int], Outcome, dict[Cell, int], int | None],
    closed_at: datetime,
) -> ElectionClosed:
    seats, outcome, tally, draw_seed = allocated
    covered = set(seats)  # every constituency the election covers has its seat count
    moment = format_time(closed_at)
    held = councils.open_mandates(ctx.connection, election.council_id, moment)
    seated = {m.person for m in held if m.constituency not in covered}
    lists = councils.candidate_lists(ctx.connection, election.council_id)
    cell_lists = {(c, p): lists.get((c, p)) or lists.get((None, p), []) for c, p in outcome.seats}
    chosen = designate(cell_lists, outcome.seats, seated)
    is_secret = election.mode == "ballots"
    return ElectionClosed(
        federation=ctx.federation.slug,
        election=election.id,
        closed_at=moment,
        constituency_seats=dict(sorted(seats.items())),
        seats=tuple(SeatsWon(c, p, n) for (c, p), n in sorted(outcome.seats.items())),
        mandates=_seat_rows(outcome, chosen),
        ended=tuple(sorted(m.id for m in held if m.constituency in covered)),
        expires_at=ctx.term_end(election.council, closed_at),
        votes=tuple(CountedVotes(c, p, v) for (c, p), v in sorted(tally.items()))
        if is_secret
        else (),
        draws=_draws(outcome, draw_seed),
    )


@dataclass(frozen=True)
class Closed:
    """What closing an election gave: seats per cell, mandates begun and ended."""

    election: int
    seats: dict[Cell, int]
    filled: int
    ended: int
    receipt: str
    draws: tuple[Draw, ...] = ()  # the ties broken by lot, each with its seed


def _allocate(
    ctx: context.Context, election: councils.Election, seed: int | None
) -> tuple[dict[str, int], Outcome, dict[Cell, int], int | None]:
    rule = ctx.statute.councils[election.council]
    covered = councils.constituencies_of(ctx.connection, election.council_id, election.constituency)
    seats = seats_per_constituency(rule, covered)
    if election.is_sealed:
        tally = sealed_election_tally.decrypted_votes(ctx, election)
    else:
        tally = councils.votes(ctx.connection, election.id, from_box=election.mode == "ballots")
    lot = rule.election.ties == "lot"
    announced = seed if seed is not None else rule.election.seed
    draw_seed = (announced if announced is not None else secrets.randbits(63)) if lot else None
    try:
        return seats, allocate_seats(rule, seats, tally, seed=draw_seed), tally, draw_seed
    except Tie as tie:
        raise RuleViolation(
            f"election {format_id(election.id)} cannot close: {tie_refused(tie)}; the statute "
            f"of '{ctx.federation.slug}' breaks no ties in '{election.council}' "
            "(election.ties: raise)"
        ) from None


def close_election(
    db: Database,
    election_id: int,
    *,
    federation: str | None = None,
    actor: Actor,
    closed_at: datetime | None = None,
    seed: int | None = None,
    now: Clock = utc_now,
) -> Closed:
    """Close an election: allocate seats by the statute and seat the list candidates.

    Ties are broken only by the statute's rule: by lot (with `seed`, or a fresh one,
    recorded in the journal), or not at all, and then the election stays open.
    """
    limits.check_id(election_id, "election")

    if seed is not None and not 0 <= seed < SEED_LIMIT:
        reason = f"must be a whole number from 0 to 2^63-1, got {seed}"
        raise InvalidInput(f"seed: {reason}", problems=[Problem("seed", reason)])

    def act(ctx: context.Context) -> Closed:
        ctx.require(Action.CLOSE_ELECTION)
        return _close(ctx, election_id, seed, closed_at or now(), now())

    return perform(db, federation, actor, act)


def _close(
    ctx: context.Context, election_id: int, seed: int | None, closed_at: datetime, at: datetime
) -> Closed:
    election = _open(ctx, election_id)
    allocated = _allocate(ctx, election, seed)
    event = _close_event(ctx, election, allocated, closed_at)
    entry = ctx.record(at=at, actor=ctx.account, event=event)
    filled, ended = len(event.mandates), len(event.ended)
    outcome = allocated[1]
    return Closed(election_id, outcome.seats, filled, ended, entry.hash, outcome.draws)


def close_elections(
    db: Database,
    election_ids: Sequence[int],
    *,
    federation: str | None = None,
    actor: Actor,
    closed_at: datetime | None = None,
    seed: int | None = None,
    now: Clock = utc_now,
) -> list[Closed]:
    """Close the elections of an election day in one act: each is closed as
    `close_election` closes it, in the order given, and journaled as its own entry; the
    bodies formed from their councils follow once, after the last, not after each.

    All or nothing: an election that cannot close (not open, a tie the statute does not
    break) refuses the act, naming it, and none is closed. A draw by lot in the i-th
    election uses `seed + i` when a seed is given.
    """
    if not election_ids:
        raise InvalidInput(
            "elections: name at least one", problems=[Problem("elections", "name at least one")]
        )
    limits.check_integer(len(election_ids), "elections", minimum=1, maximum=limits.PAGE_MAX)
    for index, election_id in enumerate(election_ids):
        limits.check_id(election_id, f"elections[{index}]")
    repeated = sorted({e for e in election_ids if election_ids.count(e) > 1})
    if repeated:
        named = ", ".join(format_id(e) for e in repeated)
        reason = f"each election is closed once; named twice: {named}"
        raise InvalidInput(f"elections: {reason}", problems=[Problem("elections", reason)])
    if seed is not None and not 0 <= seed <= SEED_LIMIT - len(election_ids):
        reason = f"must be a whole number from 0 to 2^63-1 less the elections, got {seed}"
        raise InvalidInput(f"seed: {reason}", problems=[Problem("seed", reason)])

    def act(ctx: context.Context) -> list[Closed]:
        ctx.require(Action.CLOSE_ELECTION)
        at, moment = now(), closed_at or now()
        return [
            _close(ctx, election_id, None if seed is None else seed + index, moment, at)
            for index, election_id in enumerate(election_ids)
        ]

    return perform(db, federation, actor, act)


def cast_ballot(
    db: Database,
    election_id: int,
    constituency: str,
    member_key: str,
    party: str,
    *,
    federation: str | None = None,
    actor: Actor,
    cast_at: datetime | None = None,
    now: Clock = utc_now,
) -> Entry:
    """A registered member casts her secret ballot for a party: once per election.

    The journal records that she voted; the choice goes only into the secret tally.
    """

    def act(ctx: context.Context) -> Entry:
        member = context.require_for_member(ctx, Action.CAST_BALLOT, constituency, member_key)
        election = _open(ctx, election_id)
        if election.mode != "ballots":
            raise RuleViolation(
                f"election {format_id(election_id)} is decided by counts, not ballots"
            )
        if election.is_sealed:
            raise RuleViolation(
                f"election {format_id(election_id)} is sealed: a ballot is encrypted by the "
                "member's own device, never sent as a choice"
            )
        if constituency not in covered(ctx, election):
            raise NotFound(
                f"constituency '{constituency}' is not in election {format_id(election_id)}"
            )
        moment = cast_at or now()
        ctx.require_franchise(
            election.council,
            member.birth_date,
            member.categories,
            on=moment.date(),
            who=f"member '{member_key}' cannot vote",
        )
        if not queries.existing_slugs(ctx.connection, ctx.federation.id, "parties", [party]):
            raise NotFound(f"party '{party}' is not registered")
        if ballots.has_voted(ctx.connection, election_id, member.id):
            raise Conflict(
                f"member '{member_key}' has already voted in election {format_id(election_id)}",
                code="already_voted",
            )
        ballots.drop_in_box(ctx.connection, election_id, ctx.federation.id, constituency, party)
        event = BallotCast(federation=ctx.federation.slug, election=election_id, member=member.id)
        return ctx.record(at=now(), actor=ctx.account, event=event)

    return perform(db, federation, actor, act)


@dataclass(frozen=True)
class BallotChoice:
    """A party a member of a constituency may vote for in an election, with its list there
    (its constituency's list where it has one, else its council-wide list)."""

    party: str
    candidates: tuple[str, ...]


def ballot_choices(
    db: Database,
    election_id: int,
    constituency: str,
    *,
    federation: str | None = None,
    actor: Actor,
) -> tuple[BallotChoice, ...]:
    """The parties on the ballot of an election in a constituency it covers, by slug."""
    limits.check_id(election_id, "election")
    with context.reading(db, federation, actor) as ctx:
        election = councils.election(ctx.connection, ctx.federation.id, election_id)
        if constituency not in covered(ctx, election):
            raise NotFound(
                f"constituency '{constituency}' is not in election {format_id(election_id)}"
            )
        lists = councils.candidate_lists(ctx.connection, election.council_id)
    parties = sorted({party for (place, party) in lists if place in (None, constituency)})
    return tuple(
        BallotChoice(
            party,
            tuple(
                c.person
                for c in lists.get((constituency, party)) or lists.get((None, party)) or []
                if c.is_eligible
            ),
        )
        for party in parties
    )
