"""The tables. The journal is the record; every other table is a projection of it."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
    }
)

#: The append-only, hash-chained record of every act.
journal = sa.Table(
    "journal",
    metadata,
    sa.Column(
        "seq",
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("recorded_at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(100), nullable=False),
    sa.Column("payload", sa.Text(), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
)

#: One row: the newest entry. Its row lock orders concurrent writers, and it remembers
#: the head so that a journal cut short at its end is noticed.
journal_head = sa.Table(
    "journal_head",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.CheckConstraint("id = 1", name="single_row"),
)


# Every time below is an ISO 8601 UTC text ("1917-10-25T21:40:00.000000Z"), as in the
# journal: equal on both engines, exact, and ordered as text the way it is in time.
def _time(name: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(32), nullable=nullable)


def _id() -> sa.Column[int]:
    # Ids are made from the journal entry that created the row (see store.acts.entity_id),
    # so that rebuilding the projections from the journal gives the same ids.
    return sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=False)


def _ref(name: str, table: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), sa.ForeignKey(f"{table}.id"), nullable=nullable)


def _tally_ref(name: str) -> sa.Column[int]:
    """The id of an election, constituency or party in an election's tally, held without a
    foreign key (migration 0021).

    A tally's rows are written only by their projections, which read every id they write
    from its own table in the same transaction, under the journal's lock; no row a tally
    names is ever deleted; and `verify` rebuilds every tally from the journal and names
    any row that differs. A foreign key checked each row again, one lookup of its own: on
    PostgreSQL six times the insert itself (800 counts: 11.6 ms, 1.6 ms without), a sixth
    of an election day's time (docs/benchmarks.md).
    """
    return sa.Column(name, sa.BigInteger(), nullable=False)


#: The organisations whose systems of councils soviet keeps; nothing crosses between them.
federations = sa.Table(
    "federations",
    metadata,
    _id(),
    sa.Column("slug", sa.String(100), nullable=False, unique=True),
    sa.Column("name", sa.String(300), nullable=False),
    _time("created_at"),
    # The journal entry that last changed an electorate in the federation (0: none yet):
    # what a process checks the electorates it remembers against (services.bodies).
    sa.Column("electorates_seq", sa.BigInteger(), nullable=False, server_default="0"),
    # The journal entry that last changed a list of candidates or a co-option (0: none):
    # what a process checks the designations of bodies it remembers against.
    sa.Column("designations_seq", sa.BigInteger(), nullable=False, server_default="0"),
)

#: Each application of a statute, with the document in force from `effective_at`.
statutes = sa.Table(
    "statutes",
    metadata,
    _ref("federation_id", "federations"),
    sa.Column("version", sa.Integer(), nullable=False),
    _time("effective_at"),
    sa.Column("document", sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint("federation_id", "version"),
)

councils = sa.Table(
    "councils",
    metadata,
    _id(),
    _ref("federation_id", "federations"),
    sa.Column("slug", sa.String(100), nullable=False),
    sa.Column("name", sa.String(300), nullable=False),
    _time("created_at"),
    # The voters of its constituencies, kept as they are admitted and counted, so that a
    # congress sizes a delegation without adding up thousands of constituencies.
    sa.Column("electorate", sa.BigInteger(), nullable=False, server_default="0"),
    sa.UniqueConstraint("federation_id", "slug"),
)

constituencies = sa.Table(
    "constituencies",
    metadata,
    _id(),
    _ref("federation_id", "federations"),
    _ref("council_id", "councils"),
    sa.Column("slug", sa.String(100), nullable=False),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("kind", sa.String(100), nullable=False),
    sa.Column("electorate", sa.BigInteger(), nullable=False),
    sa.Column("tags", sa.Text(), nullable=False),  # canonical JSON object
    _time("admitted_at"),
    sa.UniqueConstraint("federation_id", "slug"),
    sa.Index("ix_constituencies_council", "council_id"),
)

#: The registered members of a constituency (its voters when it keeps a registry).
members = sa.Table(
    "members",
    metadata,
    _id(),
    _ref("constituency_id", "constituencies"),
    sa.Column("key", sa.String(100), nullable=False),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("birth_date", sa.String(10), nullable=True),
    sa.Column("categories", sa.Text(), nullable=False),  # canonical JSON list
    sa.Column("account", sa.String(200), nullable=True),
    _time("since"),
    sa.UniqueConstraint("constituency_id", "key"),
)

persons = sa.Table(
    "persons",
    metadata,
    _id(),
    _ref("federation_id", "federations"),
    sa.Column("slug", sa.String(100), nullable=False),
    sa.Column("name", sa.String(300), nullable=False),
    sa.UniqueConstraint("federation_id", "slug"),
)

parties = sa.Table(
    "parties",
    metadata,
    _id(),
    _ref("federation_id", "federations"),
    sa.Column("slug", sa.String(100), nullable=False),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("programme", sa.Text(), nullable=False),
    # The body of the party's own democracy whose members hold its central committee's
    # powers (for example the executive elected by its conference), if it has one.
    _ref("committee_council_id", "councils", nullable=True),
    sa.UniqueConstraint("federation_id", "slug"),
)

party_members = sa.Table(
    "party_members",
    metadata,
    _ref("party_id", "parties"),
    _ref("person_id", "persons"),
    _time("since"),
    sa.PrimaryKeyConstraint("party_id", "person_id"),
)

#: The accounts that hold a party's power to designate and replace its delegates.
central_committees = sa.Table(
    "central_committees",
    metadata,
    _ref("party_id", "parties"),
    sa.Column("account", sa.String(200), nullable=False),
    sa.PrimaryKeyConstraint("party_id", "account"),
)

#: A party's ordered list for a council: council-wide (constituency null) or for one
#: constituency. `position` orders it; a candidate who declined is passed over.
candidates = sa.Table(
    "candidates",
    metadata,
    _ref("party_id", "parties"),
    _ref("council_id", "councils"),
    sa.Column("constituency_key", sa.BigInteger(), nullable=False),  # 0: council-wide
    sa.Column("position", sa.Integer(), nullable=False),
    _ref("person_id", "persons"),
    _time("declined_at", nullable=True),
    sa.PrimaryKeyConstraint("party_id", "council_id", "constituency_key", "position"),
    sa.Index("ix_candidates_council", "council_id", "constituency_key"),
)

elections = sa.Table(
    "elections",
    metadata,
    _id(),
    _ref("federation_id", "federations"),
    _ref("council_id", "councils"),
    _ref("constituency_id", "constituencies", nullable=True),  # null: pooled over the council
    sa.Column("mode", sa.String(10), nullable=False),  # counts | ballots
    _time("opened_at"),
    _time("closed_at", nullable=True),
    sa.Column("draw", sa.Text(), nullable=True),  # canonical JSON of a tie broken by lot
    # A sealed ballot election's: the key ceremony its ballots are encrypted to, the parties
    # on its ballots (a JSON list, in the ballots' order, fixed at the opening), and when
    # its ballot box closed with the journal's head then (null: still taking ballots).
    sa.Column("ceremony_id", sa.BigInteger(), nullable=True),
    sa.Column("sealed_parties", sa.Text(), nullable=True),
    _time("ballots_closed_at", nullable=True),
    sa.Column("ballots_closed_hash", sa.String(64), nullable=True),
)

#: The constituencies an election covered, and how many delegates each sends by it.
election_constituencies = sa.Table(
    "election_constituencies",
    metadata,
    _tally_ref("election_id"),
    _tally_ref("constituency_id"),
    sa.Column("seats", sa.Integer(), nullable=False),
    _time("closed_at"),
    sa.PrimaryKeyConstraint("election_id", "constituency_id"),
    sa.Index("ix_election_constituencies_constituency", "constituency_id", "closed_at"),
)

#: Votes per constituency and party: entered counts, or the tally of a ballot box.
election_votes = sa.Table(
    "election_votes",
    metadata,
    _tally_ref("election_id"),
    _tally_ref("constituency_id"),
    _tally_ref("party_id"),
    sa.Column("votes", sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint("election_id", "constituency_id", "party_id"),
)

#: Who has cast a ballot: one row per member and election, enforced by the key.
ballot_voters = sa.Table(
    "ballot_voters",
    metadata,
    _ref("election_id", "elections"),
    _ref("member_id", "members"),
    # A sealed election's: her encrypted ballot's receipt, for her to find on the board.
    sa.Column("receipt", sa.String(64), nullable=True),
    sa.PrimaryKeyConstraint("election_id", "member_id"),
)

#: The encrypted ballots of a sealed election, by constituency and the pseudonymous
#: credential that cast each (never the member: who voted is in ballot_voters), as their
#: canonical JSON, in the order of their entries.
election_sealed_ballots = sa.Table(
    "election_sealed_ballots",
    metadata,
    _ref("election_id", "elections"),
    _ref("constituency_id", "constituencies"),
    sa.Column("credential", sa.String(64), nullable=False),
    sa.Column("ballot", sa.Text(), nullable=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint("election_id", "credential"),
    sa.Index("ix_election_sealed_ballots_constituency", "election_id", "constituency_id", "seq"),
)

#: The trustees' parts of the decryption of each constituency's tally of a sealed
#: election, with proofs (JSON lists of hex, one per party on the ballot).
election_decryptions = sa.Table(
    "election_decryptions",
    metadata,
    _ref("election_id", "elections"),
    _ref("constituency_id", "constituencies"),
    sa.Column("trustee", sa.Integer(), nullable=False, autoincrement=False),
    sa.Column("shares", sa.Text(), nullable=False),
    sa.Column("challenges", sa.Text(), nullable=False),
    sa.Column("responses", sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint("election_id", "constituency_id", "trustee"),
)

#: The secret tally of an open ballot election: counters only, so no row, id, order or
#: time links a ballot to the member who cast it. Not a projection: the journal records
#: who voted (BallotCast) and, at the close, the counts; verify checks that the counters
#: add up to the ballots journaled.
ballot_box = sa.Table(
    "ballot_box",
    metadata,
    _ref("election_id", "elections"),
    _ref("constituency_id", "constituencies"),
    _ref("party_id", "parties"),
    sa.Column("ballots", sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint("election_id", "constituency_id", "party_id"),
)

#: Seats won per constituency and party when an election closed.
election_seats = sa.Table(
    "election_seats",
    metadata,
    _tally_ref("election_id"),
    _tally_ref("constituency_id"),
    _tally_ref("party_id"),
    sa.Column("seats", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("election_id", "constituency_id", "party_id"),
)

#: Who holds which seat, since when, until when, and why it ended. Never rewritten.
mandates = sa.Table(
    "mandates",
    metadata,
    _id(),
    _ref("council_id", "councils"),
    # Null in a body formed from councils (an executive, a congress), which has no
    # constituencies of its own: its seats are numbered across the body.
    _ref("constituency_id", "constituencies", nullable=True),
    sa.Column("seat", sa.Integer(), nullable=False),
    # Null for a co-opted member who belongs to no party.
    _ref("party_id", "parties", nullable=True),
    _ref("person_id", "persons"),
    _ref("election_id", "elections", nullable=True),
    _ref("delegation_id", "councils", nullable=True),  # a congress seat's member council
    sa.Column("co_opted_for", sa.String(100), nullable=True),  # the inviting organisation
    sa.Column("is_voting", sa.Boolean(), nullable=False, server_default=sa.true()),
    _time("since"),
    _time("until", nullable=True),
    sa.Column("end_cause", sa.String(30), nullable=True),
    _time("expires_at", nullable=True),  # the end of a fixed term, if the statute sets one
    sa.Index("ix_mandates_seat", "constituency_id", "seat", "until"),
    sa.Index("ix_mandates_person", "person_id", "council_id", "until"),
)

#: The end of a mandate still held, for comparing times: later than any time journaled.
OPEN_END: sa.ColumnClause[str] = sa.literal_column("'9999-12-31T23:59:59.999999Z'")

#: A council's mandates by when they end, an open one last: the seats held at a time are
#: found by a range, however many mandates the council held before (its history grows with
#: every change below a body formed from councils).
mandates_held = sa.func.coalesce(mandates.c.until, OPEN_END)
sa.Index("ix_mandates_council_held", mandates.c.council_id, mandates_held)
#: A congress's seats of one member council's delegation, by when they end: refreshing one
#: delegation of a national congress reads its 40 seats, not the 4,000 of the congress.
#: Migration 0020 makes it partial, of the seats that have a delegation only; it is not
#: declared so here, as SQLAlchemy declares a partial index only through dialect options,
#: which would load PostgreSQL's dialect into every command run on SQLite.
sa.Index("ix_mandates_delegation_held", mandates.c.delegation_id, mandates_held)

#: The persons an organisation named to the co-opted seats of a body, in order.
co_options = sa.Table(
    "co_options",
    metadata,
    _ref("council_id", "councils"),
    sa.Column("organisation", sa.String(100), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    _ref("person_id", "persons"),
    sa.PrimaryKeyConstraint("council_id", "organisation", "position"),
)

#: How far each body stood from its base after each act that moved it or its base: the
#: `DriftMeasured` entry that said so (`seq`), when, and by how much.
drifts = sa.Table(
    "drifts",
    metadata,
    _ref("council_id", "councils"),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    _time("measured_at"),
    sa.Column("seats_off", sa.Integer(), nullable=False),
    sa.Column("gallagher", sa.Float(), nullable=False),
    sa.Column("reference", sa.String(100), nullable=False),
    # Of an elected council: the seats, seats won and votes per party it was measured from
    # (canonical JSON), from which a change of a few seats is measured without recounting.
    sa.Column("basis", sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint("council_id", "seq"),
    sa.Index("ix_drifts_council_time", "council_id", "measured_at"),
)

recall_petitions = sa.Table(
    "recall_petitions",
    metadata,
    _id(),
    _ref("mandate_id", "mandates"),
    sa.Column("threshold", sa.BigInteger(), nullable=False),
    _time("opened_at"),
    _time("closed_at", nullable=True),
    sa.Column("outcome", sa.String(20), nullable=True),  # voting, recalled or kept
    # A sealed recall vote's: the key ceremony its ballots are encrypted to, when its ballot
    # box closed with the journal's head then, and the counts its trustees decrypted.
    sa.Column("ceremony_id", sa.BigInteger(), nullable=True),
    _time("ballots_closed_at", nullable=True),
    sa.Column("ballots_closed_hash", sa.String(64), nullable=True),
    sa.Column("recall_count", sa.BigInteger(), nullable=True),
    sa.Column("keep_count", sa.BigInteger(), nullable=True),
    sa.Index("ix_recall_petitions_mandate", "mandate_id"),
)

recall_signatures = sa.Table(
    "recall_signatures",
    metadata,
    _ref("petition_id", "recall_petitions"),
    _ref("member_id", "members"),
    _time("signed_at"),
    _time("withdrawn_at", nullable=True),
    sa.PrimaryKeyConstraint("petition_id", "member_id"),
)

#: The vote held when a petition reaches its threshold and the statute asks for a vote.
recall_votes = sa.Table(
    "recall_votes",
    metadata,
    _ref("petition_id", "recall_petitions"),
    _ref("member_id", "members"),
    # recall | keep; `sealed` in a sealed vote, whose ballot is encrypted (its receipt here).
    sa.Column("choice", sa.String(10), nullable=False),
    _time("cast_at"),
    sa.Column("receipt", sa.String(64), nullable=True),
    sa.PrimaryKeyConstraint("petition_id", "member_id"),
)

#: The encrypted ballots of a sealed recall vote, by the pseudonymous credential that cast
#: each (never the member: who voted is in recall_votes), in the order of their entries.
recall_sealed_ballots = sa.Table(
    "recall_sealed_ballots",
    metadata,
    _ref("petition_id", "recall_petitions"),
    sa.Column("credential", sa.String(64), nullable=False),
    sa.Column("ballot", sa.Text(), nullable=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint("petition_id", "credential"),
)

#: The trustees' parts of the decryption of a sealed recall vote's tally, with proofs.
recall_decryptions = sa.Table(
    "recall_decryptions",
    metadata,
    _ref("petition_id", "recall_petitions"),
    sa.Column("trustee", sa.Integer(), nullable=False, autoincrement=False),
    sa.Column("shares", sa.Text(), nullable=False),
    sa.Column("challenges", sa.Text(), nullable=False),
    sa.Column("responses", sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint("petition_id", "trustee"),
)

#: Plenary sessions of a council, or of one of its sections, with their agenda.
sessions = sa.Table(
    "sessions",
    metadata,
    _id(),
    _ref("council_id", "councils"),
    sa.Column("section", sa.String(100), nullable=True),
    sa.Column("agenda", sa.Text(), nullable=False),  # canonical JSON list of items
    _time("convened_at"),
    _time("closed_at", nullable=True),
    sa.Index("ix_sessions_council", "council_id"),
)

#: Who checked in to a session on which mandate; attendance ends when the delegate leaves,
#: her fraction walks out, or her mandate ends (read with the mandate, never rewritten).
attendance = sa.Table(
    "attendance",
    metadata,
    _ref("session_id", "sessions"),
    _ref("mandate_id", "mandates"),
    _ref("person_id", "persons"),
    _time("checked_in_at"),
    _time("left_at", nullable=True),
    sa.Column("left_by", sa.String(20), nullable=True),  # left | walk-out
    sa.PrimaryKeyConstraint("session_id", "mandate_id"),
    sa.Index("ix_attendance_person", "session_id", "person_id"),
)

#: The participant numbers (badges) of a council's delegates: one number per person in a
#: council, worn at every session of it (domain.events.desk).
badges = sa.Table(
    "badges",
    metadata,
    _ref("council_id", "councils"),
    sa.Column("number", sa.Integer(), nullable=False, autoincrement=False),
    _ref("person_id", "persons"),
    _time("assigned_at"),
    sa.PrimaryKeyConstraint("council_id", "number"),
    sa.UniqueConstraint("council_id", "person_id"),
)

#: Every change of attendance, one row per delegate, with the account that recorded it:
#: the desk's audit trail (who checked whom in or out, when). `change`: in, out,
#: walk-out, return.
attendance_log = sa.Table(
    "attendance_log",
    metadata,
    sa.Column("seq", sa.BigInteger(), nullable=False, autoincrement=False),
    _ref("session_id", "sessions"),
    _ref("mandate_id", "mandates"),
    sa.Column("change", sa.String(10), nullable=False),
    _time("at"),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.PrimaryKeyConstraint("seq", "mandate_id"),
    sa.Index("ix_attendance_log_session", "session_id", "seq"),
)

#: An alternate seated on an absent delegate's mandate for one session, until unseated
#: (the delegate returned, or the fraction ended it).
alternate_seats = sa.Table(
    "alternate_seats",
    metadata,
    _ref("session_id", "sessions"),
    _ref("mandate_id", "mandates"),
    _ref("person_id", "persons"),
    _time("seated_at"),
    _time("unseated_at", nullable=True),
    sa.Column("reason", sa.String(20), nullable=True),  # return | unseated
    sa.PrimaryKeyConstraint("session_id", "mandate_id", "seated_at"),
    sa.Index("ix_alternate_seats_person", "person_id"),
)

#: A delegate's vote transferred to another delegate for one session, until revoked.
proxies = sa.Table(
    "proxies",
    metadata,
    _ref("session_id", "sessions"),
    _ref("mandate_id", "mandates"),
    _ref("giver_id", "persons"),
    _ref("holder_id", "persons"),
    _time("given_at"),
    _time("revoked_at", nullable=True),
    sa.PrimaryKeyConstraint("session_id", "mandate_id", "given_at"),
    sa.Index("ix_proxies_holder", "session_id", "holder_id"),
)

#: Who cast a roll-call vote for a delegate as the holder of her proxy.
proxy_votes = sa.Table(
    "proxy_votes",
    metadata,
    _ref("motion_id", "motions"),
    _ref("person_id", "persons"),
    _ref("holder_id", "persons"),
    sa.PrimaryKeyConstraint("motion_id", "person_id"),
)

#: A fraction leaving a session together, and its return.
walk_outs = sa.Table(
    "walk_outs",
    metadata,
    _ref("session_id", "sessions"),
    _ref("party_id", "parties"),
    _time("walked_out_at"),
    _time("returned_at", nullable=True),
    sa.PrimaryKeyConstraint("session_id", "party_id", "walked_out_at"),
)

#: Motions, amendments (`amends` their motion) and a factory committee's requests.
motions = sa.Table(
    "motions",
    metadata,
    _id(),
    _ref("council_id", "councils"),
    _ref("session_id", "sessions"),
    sa.Column("slug", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(30), nullable=False),  # motion | amendment | a request kind
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("mover_kind", sa.String(20), nullable=False),  # delegate | fraction | ...
    sa.Column("mover", sa.String(200), nullable=False),
    _ref("amends_id", "motions", nullable=True),
    sa.Column("decision", sa.String(30), nullable=True),  # null: the statute's rule
    sa.Column("terms", sa.Text(), nullable=False),  # canonical JSON: what adoption does
    _time("moved_at"),
    sa.Column("outcome", sa.String(10), nullable=True),  # adopted | rejected
    _time("decided_at", nullable=True),
    sa.UniqueConstraint("council_id", "slug"),
)

#: The vote on a motion: its mode, and once closed its tally and attendance.
motion_votes = sa.Table(
    "motion_votes",
    metadata,
    sa.Column(
        "motion_id",
        sa.BigInteger(),
        sa.ForeignKey("motions.id"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("mode", sa.String(10), nullable=False),  # roll-call | counted | secret
    _time("opened_at"),
    sa.Column("present", sa.Integer(), nullable=False),
    sa.Column("seats", sa.Integer(), nullable=False),
    _time("closed_at", nullable=True),
    sa.Column("yes", sa.Integer(), nullable=True),
    sa.Column("no", sa.Integer(), nullable=True),
    sa.Column("abstain", sa.Integer(), nullable=True),
    # How many its register holds (null: opened before registers were kept).
    sa.Column("entitled", sa.Integer(), nullable=True),
    sa.Column("practice", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("results", sa.String(20), nullable=False, server_default="at-close"),
    _time("published_at", nullable=True),
    # The key ceremony a sealed secret poll's ballots are encrypted to (null: not sealed).
    sa.Column("ceremony_id", sa.BigInteger(), nullable=True),
    # The journal's head when a poll closed with its results withheld (its board's).
    sa.Column("closed_hash", sa.String(64), nullable=True),
)

#: The register of a poll, frozen at its opening: who is entitled to vote in it, by
#: mandate, and how many votes her ballot counts for.
poll_register = sa.Table(
    "poll_register",
    metadata,
    _ref("motion_id", "motions"),
    _ref("mandate_id", "mandates"),
    _ref("person_id", "persons"),
    sa.Column("weight", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("motion_id", "mandate_id"),
    sa.Index("ix_poll_register_motion_id_person_id", "motion_id", "person_id"),
)

#: Each delegate's vote in a roll call, with her fraction at the time.
roll_call = sa.Table(
    "roll_call",
    metadata,
    _ref("motion_id", "motions"),
    _ref("person_id", "persons"),
    _ref("party_id", "parties", nullable=True),
    sa.Column("choice", sa.String(10), nullable=False),
    _time("cast_at"),
    sa.PrimaryKeyConstraint("motion_id", "person_id"),
)

#: Who has cast a secret ballot on a motion: one row per delegate, enforced by the key.
secret_voters = sa.Table(
    "secret_voters",
    metadata,
    _ref("motion_id", "motions"),
    _ref("person_id", "persons"),
    # A sealed vote's: her encrypted ballot's receipt, for her to find on the board.
    sa.Column("receipt", sa.String(64), nullable=True),
    sa.PrimaryKeyConstraint("motion_id", "person_id"),
)

#: The encrypted ballots of a sealed poll, by the pseudonymous credential that cast each
#: (never the person: who voted is in secret_voters), as their canonical JSON, with the
#: votes each counts for.
sealed_ballots = sa.Table(
    "sealed_ballots",
    metadata,
    _ref("motion_id", "motions"),
    sa.Column("credential", sa.String(64), nullable=False),
    sa.Column("ballot", sa.Text(), nullable=False),
    sa.Column("weight", sa.Integer(), nullable=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),  # its entry: the board's order
    sa.PrimaryKeyConstraint("motion_id", "credential"),
)

#: The trustees' parts of the decryption of a closed sealed poll's tally, with proofs
#: (JSON lists of hex, one per choice).
tally_decryptions = sa.Table(
    "tally_decryptions",
    metadata,
    _ref("motion_id", "motions"),
    sa.Column("trustee", sa.Integer(), nullable=False, autoincrement=False),
    sa.Column("shares", sa.Text(), nullable=False),
    sa.Column("challenges", sa.Text(), nullable=False),
    sa.Column("responses", sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint("motion_id", "trustee"),
)

#: The secret tally of a motion: counters only, so no row, id, order or time links a
#: ballot to its caster. Not a projection: the journal records who voted
#: (SecretBallotCast) and, at the close, the counts; verify checks that they add up.
secret_box = sa.Table(
    "secret_box",
    metadata,
    _ref("motion_id", "motions"),
    sa.Column("choice", sa.String(10), nullable=False),
    sa.Column("ballots", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("motion_id", "choice"),
)

#: A fraction's binding position on a motion, taken before the vote.
fraction_positions = sa.Table(
    "fraction_positions",
    metadata,
    _ref("motion_id", "motions"),
    _ref("party_id", "parties"),
    sa.Column("position", sa.String(10), nullable=False),
    _time("taken_at"),
    sa.PrimaryKeyConstraint("motion_id", "party_id"),
)

#: Adopted motions, numbered per council; amended or annulled by later resolutions.
resolutions = sa.Table(
    "resolutions",
    metadata,
    _id(),
    _ref("council_id", "councils"),
    sa.Column("number", sa.Integer(), nullable=False),
    _ref("motion_id", "motions"),
    sa.Column("text", sa.Text(), nullable=False),
    _time("adopted_at"),
    _ref("amended_by", "resolutions", nullable=True),
    _ref("annulled_by", "resolutions", nullable=True),
    # Why an adopted resolution did nothing (None: it was carried out).
    sa.Column("not_carried_out", sa.Text(), nullable=True),
    sa.UniqueConstraint("council_id", "number"),
)

#: Bodies created by a resolution with a written mandate, its powers and a deadline.
commissions = sa.Table(
    "commissions",
    metadata,
    _id(),
    _ref("council_id", "councils"),
    sa.Column("slug", sa.String(100), nullable=False),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("mandate", sa.Text(), nullable=False),
    sa.Column("powers", sa.Text(), nullable=False),  # canonical JSON list of slugs
    _time("deadline"),
    _ref("resolution_id", "resolutions"),
    sa.UniqueConstraint("council_id", "slug"),
)

commission_members = sa.Table(
    "commission_members",
    metadata,
    _ref("commission_id", "commissions"),
    _ref("person_id", "persons"),
    _ref("party_id", "parties", nullable=True),
    sa.PrimaryKeyConstraint("commission_id", "person_id"),
)

#: Acts of an executive or a commission, each naming the resolution that authorises it.
authorised_acts = sa.Table(
    "authorised_acts",
    metadata,
    _id(),
    _ref("resolution_id", "resolutions"),
    _ref("commission_id", "commissions", nullable=True),  # null: the executive acted
    _ref("executive_id", "councils", nullable=True),
    sa.Column("power", sa.String(100), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    _ref("person_id", "persons"),
    _time("acted_at"),
)

#: Lists of speakers: each request for the floor in a session (on one of its motions, or
#: the session's own list), and what became of it; the order is computed on every read.
speakers = sa.Table(
    "speakers",
    metadata,
    _id(),
    _ref("session_id", "sessions"),
    _ref("motion_id", "motions", nullable=True),
    _ref("person_id", "persons"),
    _ref("party_id", "parties", nullable=True),
    sa.Column("kind", sa.String(20), nullable=False),  # speech | point-of-order | reply
    sa.Column("stance", sa.String(10), nullable=False),  # pro | contra | neutral
    _time("requested_at"),
    _time("started_at", nullable=True),
    _time("ended_at", nullable=True),
    _time("removed_at", nullable=True),
    sa.Column("removed_by", sa.String(10), nullable=True),  # self | chair
    sa.Column("is_moved", sa.Boolean(), nullable=False),
    sa.Column("before_id", sa.BigInteger(), nullable=True),  # moved in front of
    sa.Column("moved_seq", sa.BigInteger(), nullable=True),  # the journal entry of the move
    sa.Index("ix_speakers_session", "session_id", "motion_id"),
    sa.Column("item", sa.Integer(), nullable=True),  # the agenda item whose list it is
)

#: The agenda of each session: its items by number, their place in the order (null once
#: removed) and which one is current (domain.agenda).
agenda_items = sa.Table(
    "agenda_items",
    metadata,
    sa.Column("session_id", sa.BigInteger(), sa.ForeignKey("sessions.id"), primary_key=True),
    sa.Column("number", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("title", sa.Text(), nullable=False),
    sa.Column("position", sa.Integer(), nullable=True),
    sa.Column("is_current", sa.Boolean(), nullable=False),
)

#: The agenda item each attached motion belongs to.
agenda_motions = sa.Table(
    "agenda_motions",
    metadata,
    sa.Column("motion_id", sa.BigInteger(), sa.ForeignKey("motions.id"), primary_key=True),
    _ref("session_id", "sessions"),
    sa.Column("item", sa.Integer(), nullable=False),
    _time("attached_at"),
)

#: The key ceremonies of councils' secret ballots (domain.events.trustees): the newest of a
#: council is the one its new ballots are encrypted under, once it has a public key.
key_ceremonies = sa.Table(
    "key_ceremonies",
    metadata,
    _id(),
    _ref("council_id", "councils"),
    sa.Column("threshold", sa.Integer(), nullable=False),
    _time("appointed_at"),
    sa.Column("public_key", sa.String(64), nullable=True),
    _time("completed_at", nullable=True),
    sa.Index("ix_key_ceremonies_council", "council_id", "id"),
)

#: The trustees of a ceremony, numbered from 1, and what each has published: a transport
#: key, then commitments and shares sealed to each trustee (JSON lists of hex), then the
#: verification key of her share. Their shares themselves are never here.
ceremony_trustees = sa.Table(
    "ceremony_trustees",
    metadata,
    _ref("ceremony_id", "key_ceremonies"),
    sa.Column("number", sa.Integer(), nullable=False, autoincrement=False),
    sa.Column("account", sa.String(200), nullable=False),
    sa.Column("transport_key", sa.String(64), nullable=True),
    sa.Column("commitments", sa.Text(), nullable=True),
    sa.Column("sealed_shares", sa.Text(), nullable=True),
    sa.Column("verification_key", sa.String(64), nullable=True),
    sa.PrimaryKeyConstraint("ceremony_id", "number"),
    sa.UniqueConstraint("ceremony_id", "account"),
)

#: Tables rebuilt from the journal by `verify`, in an order that respects foreign keys.
PROJECTIONS = [
    federations,
    statutes,
    councils,
    constituencies,
    members,
    persons,
    parties,
    party_members,
    central_committees,
    candidates,
    elections,
    election_constituencies,
    election_votes,
    ballot_voters,
    election_sealed_ballots,
    election_decryptions,
    election_seats,
    mandates,
    co_options,
    drifts,
    recall_petitions,
    recall_signatures,
    recall_votes,
    recall_sealed_ballots,
    recall_decryptions,
    sessions,
    attendance,
    badges,
    attendance_log,
    walk_outs,
    alternate_seats,
    proxies,
    motions,
    motion_votes,
    poll_register,
    roll_call,
    proxy_votes,
    secret_voters,
    sealed_ballots,
    tally_decryptions,
    fraction_positions,
    agenda_items,
    agenda_motions,
    speakers,
    resolutions,
    commissions,
    commission_members,
    authorised_acts,
    key_ceremonies,
    ceremony_trustees,
]


# The doors' own records. None is a projection or journaled: they hold secrets (always as
# hashes), and an account, a session or a retry key is not an act of any federation.
# Account names are those the statute and the member registers name (`Actor.account`).

#: Who may sign in, with the argon2id hash of the password.
accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    _time("created_at"),
    _time("disabled_at", nullable=True),
    # When every credential of the account was last closed at once (disabled, reset).
    _time("closed_at", nullable=True),
    # The language its pages are shown in (None: the browser's Accept-Language decides).
    sa.Column("language", sa.String(10), nullable=True),
    sa.Index("ix_accounts_closed_at", "closed_at"),
)

#: A signed-in browser: the SHA-256 of its cookie's secret, never the secret itself.
account_sessions = sa.Table(
    "account_sessions",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("client", sa.String(300), nullable=False),  # the user agent, as a reminder
    _time("created_at"),
    _time("seen_at"),
    _time("expires_at"),
    _time("revoked_at", nullable=True),
    sa.Index("ix_account_sessions_revoked_at", "revoked_at"),
)

#: A script's bearer token, scoped and expiring: the SHA-256 of the token only.
account_tokens = sa.Table(
    "account_tokens",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("scopes", sa.Text(), nullable=False),  # canonical JSON list
    _time("created_at"),
    _time("expires_at"),
    _time("used_at", nullable=True),
    _time("revoked_at", nullable=True),
    # Polled every second by each worker for the event streams to close (closed_since).
    sa.Index("ix_account_tokens_revoked_at", "revoked_at"),
)

#: One code per member of a register, handed out by its registrar, redeemed once.
invitations = sa.Table(
    "invitations",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("federation", sa.String(100), nullable=False),
    sa.Column("constituency", sa.String(100), nullable=False),
    sa.Column("member_key", sa.String(100), nullable=False),
    sa.Column("account", sa.String(200), nullable=False),  # the account it creates
    sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("issued_by", sa.String(200), nullable=False),
    _time("issued_at"),
    _time("expires_at"),
    _time("redeemed_at", nullable=True),
    sa.UniqueConstraint("federation", "constituency", "member_key"),
)

#: Counters of a fixed window per bucket (a login target, a client, an account's acts),
#: shared by every worker.
rate_limits = sa.Table(
    "rate_limits",
    metadata,
    sa.Column("bucket", sa.String(400), primary_key=True),
    sa.Column("window", sa.BigInteger(), nullable=False),  # seconds since the epoch
    sa.Column("count", sa.Integer(), nullable=False),
)

#: An act's retry key per account, with the answer first given: a retry gets it again.
idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("account", sa.String(200), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer(), nullable=True),  # null while the first is in flight
    sa.Column("response", sa.Text(), nullable=True),
    _time("created_at"),
    _time("expires_at"),
    # Expired keys are purged a few at a time by the claims of new ones.
    sa.Index("ix_idempotency_keys_expires_at", "expires_at"),
)
