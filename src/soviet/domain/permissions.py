"""Who may do what: every act and every read, against every role the statute knows.

"Nobody acts where they have no right: a voter votes only in her own constituency, a
delegate only in her own council, a party replaces only its own delegates, an
administrator of one federation sees nothing of another" (DESIGN.md, invariant 7).

`decide` answers before any rule of the act is checked or any detail is read, so that a
stranger learns only that she may not act. `RULES` is the whole table; docs/permissions.md
is generated from it (`python -m soviet.domain.permissions`) and checked by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from soviet.domain.identity import Actor, Role


class Action(StrEnum):
    """Every act and every read a door can ask for."""

    # the operator's
    INITIALISE = "database.initialise"
    VERIFY = "database.verify"
    SIGN_HEAD = "journal.sign_head"
    FOUND_FEDERATION = "federation.found"
    MANAGE_ACCOUNTS = "account.manage"
    # the federation's
    AMEND_STATUTE = "statute.amend"
    ADMIT_CONSTITUENCIES = "constituency.admit"
    COUNT_ELECTORATE = "constituency.count"
    REGISTER_MEMBERS = "members.register"
    INVITE_MEMBERS = "account.invite"
    REGISTER_PERSONS = "person.register"
    REGISTER_PARTY = "party.register"
    # parties
    ADMIT_PARTY_MEMBERS = "party.admit_members"
    SET_CANDIDATE_LISTS = "party.set_lists"
    LEAVE_PARTY = "party.leave"
    DECLINE_CANDIDACY = "party.decline_candidacy"
    REPLACE_DELEGATE = "delegate.replace"
    # elections and recall
    OPEN_ELECTION = "election.open"
    ENTER_COUNTS = "election.count"
    CLOSE_ELECTION = "election.close"
    CAST_BALLOT = "election.ballot"
    SIGN_RECALL = "recall.sign"
    WITHDRAW_RECALL = "recall.withdraw"
    ENTER_PAPER_SIGNATURES = "recall.enter_paper"
    CAST_RECALL_VOTE = "recall.vote"
    CLOSE_RECALL_VOTE = "recall.close"
    RESIGN = "mandate.resign"
    END_MANDATE = "mandate.end"
    # bodies formed from councils
    CONVENE_BODY = "body.convene"
    DESIGNATE = "body.designate"
    CO_OPT = "body.co_opt"
    # plenary
    CONVENE_SESSION = "session.convene"
    CLOSE_SESSION = "session.close"
    CHECK_IN = "session.check_in"
    LEAVE_SESSION = "session.leave"
    ASSIGN_BADGES = "desk.badges"
    CHECK_IN_BY_BADGE = "desk.check_in"
    READ_DESK = "desk.read"
    WALK_OUT = "fraction.walk_out"
    RETURN_FRACTION = "fraction.return"
    SEAT_ALTERNATE = "fraction.seat_alternate"
    GIVE_PROXY = "proxy.give"
    MOVE_MOTION = "motion.move"
    MOVE_FOR_FRACTION = "motion.move_for_fraction"
    MOVE_FOR_EXECUTIVE = "motion.move_for_executive"
    SUBMIT_REQUEST = "factory.submit_request"
    TAKE_POSITION = "fraction.take_position"
    OPEN_VOTE = "vote.open"
    CAST_VOTE = "vote.cast"
    CLOSE_VOTE = "vote.close"
    ASK_TO_SPEAK = "speakers.ask"
    LEAVE_SPEAKERS = "speakers.leave"
    CHAIR_SPEAKERS = "speakers.chair"
    CHAIR_AGENDA = "agenda.chair"
    ACT_FOR_COMMISSION = "commission.act"
    ACT_FOR_EXECUTIVE = "executive.act"
    # secret ballots
    APPOINT_TRUSTEES = "trustees.appoint"
    ACT_AS_TRUSTEE = "trustees.act"
    # reads
    READ_PUBLIC = "read.public"
    READ_REGISTER = "read.register"
    READ_SIGNATURES = "read.signatures"
    READ_JOURNAL = "read.journal"


@dataclass(frozen=True)
class Allowance:
    """One role that may do an act: over the act's own scope, and, if `in_own_name`,
    only for the account's own person or member record."""

    role: Role
    in_own_name: bool = False


@dataclass(frozen=True)
class Target:
    """What an act or a read is on: its federation and the scopes it touches.

    `account` is the account of the person or member the act is done for (a signer, a
    voter, a delegate resigning), so that acting in one's own name can be told apart;
    `at` is the moment the act takes effect, at which a mandate must be held (None: now).
    """

    federation: str | None = None
    constituency: str | None = None
    council: str | None = None
    party: str | None = None
    commission: str | None = None
    account: str | None = None
    at: str | None = None

    def scope_of(self, role: Role) -> str | None:
        """The scope a role must be held over for this target (None: it cannot be)."""
        match role:
            case Role.CONSTITUENT:
                return self.constituency
            case Role.DELEGATE | Role.SECRETARIAT | Role.CHECK_IN_DESK | Role.TRUSTEE:
                return self.council
            case Role.CENTRAL_COMMITTEE:
                return self.party
            case Role.FRACTION:
                if self.council is None or self.party is None:
                    return None
                return f"{self.council}/{self.party}"
            case Role.COMMISSION_MEMBER:
                return self.commission
            case _:
                return ""


@dataclass(frozen=True)
class Refusal:
    """Why an actor may not act: a reason code, and the words of the refusal."""

    reason: str
    action: Action
    target: Target = Target()

    @property
    def message(self) -> str:
        """ "may not ...", naming only what the actor named herself."""
        named = [
            f"{what} '{slug}'"
            for what, slug in (
                ("council", self.target.council),
                ("constituency", self.target.constituency),
                ("party", self.target.party),
                ("commission", self.target.commission),
            )
            if slug is not None
        ]
        where = f" ({', '.join(named)})" if named else ""
        return f"may not {DESCRIPTIONS[self.action]}{where}"


A = Allowance
R = Role
_ADMIN = A(R.ADMINISTRATOR)
_SECRETARIAT = (A(R.SECRETARIAT), _ADMIN)

#: Who may do each act, besides the operator (who may do all, for its own tools).
RULES: dict[Action, tuple[Allowance, ...]] = {
    Action.INITIALISE: (),
    Action.VERIFY: (),
    Action.SIGN_HEAD: (),
    Action.FOUND_FEDERATION: (),
    Action.MANAGE_ACCOUNTS: (),
    Action.AMEND_STATUTE: (_ADMIN,),
    Action.ADMIT_CONSTITUENCIES: (_ADMIN,),
    Action.COUNT_ELECTORATE: (_ADMIN,),
    Action.REGISTER_MEMBERS: (_ADMIN,),
    # The registrar: whoever keeps a constituency's register hands out its codes.
    Action.INVITE_MEMBERS: (_ADMIN,),
    Action.REGISTER_PERSONS: (_ADMIN,),
    Action.REGISTER_PARTY: (_ADMIN,),
    Action.ADMIT_PARTY_MEMBERS: (A(R.CENTRAL_COMMITTEE), _ADMIN),
    Action.SET_CANDIDATE_LISTS: (A(R.CENTRAL_COMMITTEE), _ADMIN),
    # A member leaves, or the party expels her; a candidate declines, or is withdrawn.
    Action.LEAVE_PARTY: (A(R.PERSON, in_own_name=True), A(R.CENTRAL_COMMITTEE), _ADMIN),
    Action.DECLINE_CANDIDACY: (A(R.PERSON, in_own_name=True), A(R.CENTRAL_COMMITTEE), _ADMIN),
    Action.REPLACE_DELEGATE: (A(R.CENTRAL_COMMITTEE), _ADMIN),
    Action.OPEN_ELECTION: (_ADMIN,),
    Action.ENTER_COUNTS: (_ADMIN,),
    Action.CLOSE_ELECTION: (_ADMIN,),
    # A secret ballot is cast by the voter alone: nobody may cast it for her.
    Action.CAST_BALLOT: (A(R.CONSTITUENT, in_own_name=True),),
    # A signature is the member's own act: nobody may sign or withdraw it for her. Where
    # the statute allows signatures on paper, the secretariat enters the sheets as such.
    Action.SIGN_RECALL: (A(R.CONSTITUENT, in_own_name=True),),
    Action.WITHDRAW_RECALL: (A(R.CONSTITUENT, in_own_name=True),),
    Action.ENTER_PAPER_SIGNATURES: _SECRETARIAT,
    Action.CAST_RECALL_VOTE: (A(R.CONSTITUENT, in_own_name=True),),
    Action.CLOSE_RECALL_VOTE: (_ADMIN,),
    Action.RESIGN: (A(R.DELEGATE, in_own_name=True), _ADMIN),
    Action.END_MANDATE: (_ADMIN,),
    Action.CONVENE_BODY: (_ADMIN,),
    Action.DESIGNATE: (A(R.CENTRAL_COMMITTEE), _ADMIN),
    # A party fills the seats a body offers it; other organisations' by the administrators.
    Action.CO_OPT: (A(R.CENTRAL_COMMITTEE), _ADMIN),
    Action.CONVENE_SESSION: _SECRETARIAT,
    Action.CLOSE_SESSION: _SECRETARIAT,
    Action.CHECK_IN: (A(R.DELEGATE, in_own_name=True), A(R.CHECK_IN_DESK), *_SECRETARIAT),
    Action.LEAVE_SESSION: (A(R.DELEGATE, in_own_name=True), A(R.CHECK_IN_DESK), *_SECRETARIAT),
    # The desk hands out the badges and checks delegates in and out by number; its board
    # names the clerk who checked each delegate in, an account: the desk's own read.
    Action.ASSIGN_BADGES: (A(R.CHECK_IN_DESK), *_SECRETARIAT),
    Action.CHECK_IN_BY_BADGE: (A(R.CHECK_IN_DESK), *_SECRETARIAT),
    Action.READ_DESK: (A(R.CHECK_IN_DESK), *_SECRETARIAT),
    # A fraction walks out and returns as one: any of its delegates declares it.
    Action.WALK_OUT: (A(R.FRACTION), A(R.CENTRAL_COMMITTEE), _ADMIN),
    Action.RETURN_FRACTION: (A(R.FRACTION), A(R.CENTRAL_COMMITTEE), _ADMIN),
    # The fraction seats (and unseats) an alternate for its absent delegate.
    Action.SEAT_ALTERNATE: (A(R.FRACTION), A(R.CENTRAL_COMMITTEE), _ADMIN),
    # A delegate's vote is her own: only she transfers it, or takes it back.
    Action.GIVE_PROXY: (A(R.DELEGATE, in_own_name=True),),
    Action.MOVE_MOTION: (A(R.DELEGATE, in_own_name=True), _ADMIN),
    Action.MOVE_FOR_FRACTION: (A(R.CENTRAL_COMMITTEE), _ADMIN),
    Action.MOVE_FOR_EXECUTIVE: (A(R.DELEGATE), _ADMIN),
    Action.SUBMIT_REQUEST: _SECRETARIAT,
    Action.TAKE_POSITION: (A(R.CENTRAL_COMMITTEE), _ADMIN),
    Action.OPEN_VOTE: _SECRETARIAT,
    # A delegate's vote is her own: nobody may cast it for her.
    Action.CAST_VOTE: (A(R.DELEGATE, in_own_name=True),),
    Action.CLOSE_VOTE: _SECRETARIAT,
    # A delegate asks for the floor herself; the chair takes anyone off and calls them.
    Action.ASK_TO_SPEAK: (A(R.DELEGATE, in_own_name=True),),
    Action.LEAVE_SPEAKERS: (A(R.DELEGATE, in_own_name=True), *_SECRETARIAT),
    Action.CHAIR_SPEAKERS: _SECRETARIAT,
    # The chair calls the items and attaches motions; the plenary alone amends the agenda.
    Action.CHAIR_AGENDA: _SECRETARIAT,
    Action.ACT_FOR_COMMISSION: (A(R.COMMISSION_MEMBER, in_own_name=True), _ADMIN),
    Action.ACT_FOR_EXECUTIVE: (A(R.DELEGATE, in_own_name=True), _ADMIN),
    Action.APPOINT_TRUSTEES: _SECRETARIAT,
    Action.ACT_AS_TRUSTEE: (A(R.TRUSTEE),),
    Action.READ_PUBLIC: (A(R.PUBLIC),),
    Action.READ_REGISTER: (A(R.CONSTITUENT, in_own_name=True), _ADMIN),
    Action.READ_SIGNATURES: (_ADMIN,),
    # Entries name members and signers: the operator's alone (the public reads notices).
    Action.READ_JOURNAL: (),
}

#: Each action in the words of a refusal ("may not ...") and of docs/permissions.md.
DESCRIPTIONS: dict[Action, str] = {
    Action.INITIALISE: "initialise or upgrade the database",
    Action.VERIFY: "verify the whole journal and rebuild every table",
    Action.SIGN_HEAD: "sign the journal's head with the server's key",
    Action.FOUND_FEDERATION: "found the federation",
    Action.MANAGE_ACCOUNTS: "create, list, disable or reset accounts",
    Action.AMEND_STATUTE: "amend the statute of",
    Action.ADMIT_CONSTITUENCIES: "admit constituencies",
    Action.COUNT_ELECTORATE: "count electorates",
    Action.REGISTER_MEMBERS: "register members",
    Action.INVITE_MEMBERS: "invite members to make their accounts",
    Action.REGISTER_PERSONS: "register persons",
    Action.REGISTER_PARTY: "register parties",
    Action.ADMIT_PARTY_MEMBERS: "admit members to the party",
    Action.SET_CANDIDATE_LISTS: "set the party's candidate lists",
    Action.LEAVE_PARTY: "take this person off the party's members",
    Action.DECLINE_CANDIDACY: "take this candidate off the party's list",
    Action.REPLACE_DELEGATE: "replace the party's delegates",
    Action.OPEN_ELECTION: "open elections",
    Action.ENTER_COUNTS: "enter election counts",
    Action.CLOSE_ELECTION: "close elections",
    Action.CAST_BALLOT: "cast a ballot in another's name",
    Action.SIGN_RECALL: "sign a recall petition for this member",
    Action.WITHDRAW_RECALL: "withdraw a recall signature for this member",
    Action.ENTER_PAPER_SIGNATURES: "enter recall signatures collected on paper",
    Action.CAST_RECALL_VOTE: "vote on a recall in another's name",
    Action.CLOSE_RECALL_VOTE: "close recall votes",
    Action.RESIGN: "end this mandate by resignation",
    Action.END_MANDATE: "end mandates",
    Action.CONVENE_BODY: "convene bodies",
    Action.DESIGNATE: "designate the party's members of a body",
    Action.CO_OPT: "co-opt members",
    Action.CONVENE_SESSION: "convene sessions",
    Action.CLOSE_SESSION: "close sessions",
    Action.CHECK_IN: "check in others than herself",
    Action.LEAVE_SESSION: "record others leaving",
    Action.ASSIGN_BADGES: "assign the council's badges",
    Action.CHECK_IN_BY_BADGE: "check delegates in and out by badge",
    Action.READ_DESK: "read the check-in desk's board",
    Action.WALK_OUT: "walk out for the fraction",
    Action.RETURN_FRACTION: "return for the fraction",
    Action.SEAT_ALTERNATE: "seat or unseat an alternate for the fraction",
    Action.GIVE_PROXY: "give or revoke a proxy in another's name",
    Action.MOVE_MOTION: "move a motion in another's name",
    Action.MOVE_FOR_FRACTION: "move a motion for the fraction",
    Action.MOVE_FOR_EXECUTIVE: "move a motion for the executive",
    Action.SUBMIT_REQUEST: "put requests before the factory committee",
    Action.TAKE_POSITION: "take the fraction's position",
    Action.OPEN_VOTE: "open votes",
    Action.CAST_VOTE: "vote in another's name",
    Action.CLOSE_VOTE: "close votes",
    Action.ASK_TO_SPEAK: "ask for the floor in another's name",
    Action.LEAVE_SPEAKERS: "take others off the list of speakers",
    Action.CHAIR_SPEAKERS: "call, stop and move speakers",
    Action.CHAIR_AGENDA: "call agenda items and attach motions to them",
    Action.ACT_FOR_COMMISSION: "act for the commission in this name",
    Action.ACT_FOR_EXECUTIVE: "act for the executive in this name",
    Action.APPOINT_TRUSTEES: "appoint the trustees of the council's secret ballots",
    Action.ACT_AS_TRUSTEE: "take a trustee's part in the council's key ceremony",
    Action.READ_PUBLIC: "read what is public",
    Action.READ_REGISTER: "read the member register",
    Action.READ_SIGNATURES: "read who signed recall petitions",
    Action.READ_JOURNAL: "read the journal's entries in full",
}


def _allowed(actor: Actor, allowance: Allowance, target: Target) -> bool:
    if allowance.role is Role.PUBLIC:
        return True
    if target.federation is None:
        return False
    if allowance.in_own_name and (actor.account is None or actor.account != target.account):
        return False
    scope = target.scope_of(allowance.role)
    return scope is not None and actor.holds(allowance.role, target.federation, scope)


def decide(actor: Actor, action: Action, target: Target) -> Refusal | None:
    """None if `actor` may do `action` on `target`, else the refusal and its reason.

    Reasons: `not_signed_in` (the public may only read what is public), `operator_only`
    (acts of the database's operator), `not_in_own_name` (a role that may act only for
    its own person or member, acting for another), `no_role` (no role that may do it).
    """
    if actor.is_operator:
        return None
    allowances = RULES[action]
    if any(_allowed(actor, allowance, target) for allowance in allowances):
        return None
    if not allowances:
        return Refusal("operator_only", action, target)
    if actor.account is None:
        return Refusal("not_signed_in", action, target)
    own_name = [a for a in allowances if a.in_own_name]
    if own_name and target.account != actor.account and len(own_name) == len(allowances):
        return Refusal("not_in_own_name", action, target)
    return Refusal("no_role", action, target)


#: The columns of the permissions table, in order.
ROLES = tuple(Role)
#: Roles held over the whole federation, whatever else an act touches.
FEDERATION_WIDE = frozenset({Role.PUBLIC, Role.PERSON, Role.ADMINISTRATOR, Role.OPERATOR})


def cell(action: Action, role: Role) -> str:
    """What `role` may do of `action`: "yes", "own" (over its own constituency, council,
    party, commission; for administrators, their federation), "own name" (there, and only
    for the account's own person or member), or "-"."""
    if role is Role.OPERATOR or Allowance(Role.PUBLIC) in RULES[action]:
        return "yes"  # what is public is open to every role too
    for allowance in RULES[action]:
        if allowance.role is role:
            if allowance.in_own_name:
                return "own name"
            return "yes" if role is Role.PUBLIC else "own"
    return "-"


def table() -> str:
    """docs/permissions.md: every act and read against every role, from RULES."""
    header = ["act or read", *[role.value for role in ROLES]]
    lines = [
        "# Permissions",
        "",
        "Generated from `soviet.domain.permissions.RULES` by `python scripts/docs.py`; a test",
        "fails when this file and the code differ. Every act and every read names its actor;",
        "the domain decides before any rule of the act is checked, and a refusal says only",
        "that the actor may not (code `forbidden`, with a reason: "
        "`no_role`, `not_in_own_name`, `not_signed_in`, `operator_only`).",
        "",
        '"own": over its own constituency, council, party or commission (an administrator:',
        'over her own federation, never another). "own name": there, and only for her own',
        'person or member record. "yes": anyone holding the role. "-": never. The operator is',
        "the database's own tools (init, migrations, the replay, tests), never named by a door.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for action in Action:
        cells = [cell(action, role) for role in ROLES]
        lines.append(f"| `{action.value}` {DESCRIPTIONS[action]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
