"""Public notices: what each committed journal entry tells the world.

The journal is the whole record, and part of it is nobody's business but the person's and
her federation's administrators': who is on a member register, who signed a recall
petition, accounts, birth dates, and how anyone voted in a secret ballot. A notice is the
entry made fit to publish: its kind, sequence number, hash, time and federation, and only
the fields the kind's policy below names public. Compositions, results, resolutions,
drift and hashes are public; of a secret ballot, only that one was cast.

Each policy names every field of its kind's payload: shown as it is, counted (a list
published as how many it holds), shown in part (an object with a policy of its own), or
private. A field a policy does not name is not published, so a field added to a payload
stays private until someone decides otherwise (and the tests ask them to).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from soviet.domain.ids import format_id
from soviet.domain.journal import Entry, JsonValue


@dataclass(frozen=True)
class Notice:
    """A committed entry as the public may read it; `seq` is its place in the stream."""

    kind: str
    seq: int
    hash: str
    recorded_at: str
    federation: str | None
    fields: Mapping[str, JsonValue]

    def as_json(self) -> dict[str, JsonValue]:
        """The notice as one JSON object."""
        return {
            "kind": self.kind,
            "seq": self.seq,
            "hash": self.hash,
            "recorded_at": self.recorded_at,
            "federation": self.federation,
            "fields": dict(self.fields),
        }


@dataclass(frozen=True)
class Part:
    """Which fields of a JSON object a notice publishes, and which it keeps private."""

    shown: frozenset[str] = frozenset()
    counted: frozenset[str] = frozenset()
    parts: Mapping[str, Part] = field(default_factory=dict)
    private: frozenset[str] = frozenset()
    #: The object has no fixed fields (a free note): nothing of it is published.
    is_free_form: bool = False
    #: Paths (`session`, `resolution.council`) of published fields holding stored ids, or
    #: lists of them: published in their public form (`11`, `11.3`), as every door shows
    #: ids. The journal keeps the stored numbers: its payloads are hashed.
    ids: frozenset[str] = frozenset()
    #: Shown fields left out while the object's own `withheld` field is true (a ballot in
    #: a poll whose results the chair has not yet published).
    withheld: frozenset[str] = frozenset()

    def named(self) -> frozenset[str]:
        """Every field this part decides on."""
        return self.shown | self.counted | frozenset(self.parts) | self.private

    def publish(self, value: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
        """The public fields of `value`; a counted field is published as its length."""
        if self.is_free_form:
            return {}
        published: dict[str, JsonValue] = {}
        hidden = self.withheld if value.get("withheld") is True else frozenset()
        for name, item in value.items():
            if name in hidden:
                continue
            if name in self.shown:
                published[name] = item
            elif name in self.counted:
                published[name] = len(item) if isinstance(item, list | dict) else None
            elif name in self.parts and isinstance(item, Mapping):
                published[name] = self.parts[name].publish(item)
        for path in self.ids:
            _publish_ids(published, path.split("."))
        return published


def _public_ids(value: JsonValue) -> JsonValue:
    if isinstance(value, int) and not isinstance(value, bool):
        return format_id(value)
    if isinstance(value, list):
        return [_public_ids(item) for item in value]
    return value


def _publish_ids(published: dict[str, JsonValue], path: list[str]) -> None:
    """Rewrite the stored ids at `path` in `published` (a missing or null step is left)."""
    name, rest = path[0], path[1:]
    value = published.get(name)
    if value is None:
        return
    if not rest:
        published[name] = _public_ids(value)
    elif isinstance(value, dict):
        _publish_ids(value, rest)


@dataclass(frozen=True)
class Policy:
    """The policy of one kind of entry: the part of its payload published, and why."""

    part: Part
    why: str


def _policy(
    shown: str = "",
    *,
    counted: str = "",
    private: str = "",
    parts: Mapping[str, Part] | None = None,
    ids: str = "",
    withheld: str = "",
    why: str = "all public",
) -> Policy:
    return Policy(
        Part(
            shown=frozenset(shown.split()),
            counted=frozenset(counted.split()),
            parts=dict(parts or {}),
            private=frozenset(private.split()),
            ids=frozenset(ids.split()),
            withheld=frozenset(withheld.split()),
        ),
        why,
    )


_STATUTE_FEDERATION = Part(shown=frozenset({"slug", "name"}), private=frozenset({"administrators"}))

#: The policy of every kind of entry the journal holds. The `federation` slug at the top of
#: a payload is the notice's own field, public for every kind.
POLICIES: Mapping[str, Policy] = {
    "DatabaseInitialised": _policy("from_revision to_revision"),
    "DatabaseUpgraded": _policy("from_revision to_revision"),
    "NoteRecorded": Policy(
        Part(is_free_form=True), "a note's payload is free: nothing of it is published"
    ),
    "StatuteApplied": _policy(
        "version effective_at new_federation new_councils",
        parts={
            "document": Part(
                shown=frozenset({"constituency_kinds", "councils"}),
                parts={"federation": _STATUTE_FEDERATION},
            )
        },
        why="the statute is public but its list of administrators, which names accounts",
    ),
    "ConstituenciesAdmitted": _policy("admitted_at constituencies"),
    "ElectorateCounted": _policy("constituency electorate counted_at"),
    "MembersRegistered": _policy(
        "constituency registered_at",
        counted="members",
        why="a member register is private (keys, names, accounts, birth dates, categories): "
        "only how many were registered",
    ),
    "PersonsRegistered": _policy(
        "joined_at",
        counted="persons",
        why="a party's roll is a register: only how many joined; candidates and delegates "
        "are published by their lists and mandates",
    ),
    "PartyRegistered": _policy(
        "party name programme committee_body",
        private="committee",
        why="the central committee is given as accounts",
    ),
    "PartyMembersJoined": _policy(
        "party joined_at", counted="persons", why="a party's roll is a register"
    ),
    "PartyMemberLeft": _policy(
        "party left_at", private="person", why="a party's roll is a register"
    ),
    "CandidateListsSet": _policy("lists"),
    "CandidateDeclined": _policy("party council constituency person declined_at"),
    "ElectionOpened": _policy(
        "council constituency mode opened_at ceremony parties", ids="ceremony"
    ),
    "VotesCounted": _policy("election votes", ids="election"),
    "BallotCast": _policy(
        "election",
        private="member receipt",
        why="nothing of a secret ballot but that one was cast",
        ids="election",
    ),
    "ElectionClosed": _policy(
        "election closed_at constituency_seats seats votes mandates ended draws expires_at",
        ids="election ended",
    ),
    "BodyRefreshed": _policy("council at reason ended started draws", ids="ended"),
    "DriftMeasured": _policy("drifts"),
    "CoOptionsSet": _policy("council organisation persons"),
    "RecallSigned": _policy(
        "petition opens mandate threshold signed_at",
        private="member again",
        why="who signed is private: only that a signature was added",
        ids="petition mandate",
    ),
    "PaperSignaturesEntered": _policy(
        "petition opens mandate threshold sheet entered_by signed_at",
        counted="members",
        private="again",
        why="who signed is private: only how many signatures a sheet added, which sheet, and "
        "who entered it",
        ids="petition mandate",
    ),
    "RecallWithdrawn": _policy(
        "petition withdrawn_at",
        private="member",
        why="who withdrew is private: only that a signature was taken back",
        ids="petition",
    ),
    "RecallVoteOpened": _policy("petition opened_at ceremony", ids="petition ceremony"),
    "RecallVoteCast": _policy(
        "petition cast_at",
        private="member choice receipt",
        why="the member is private, and her choice, even unnamed, would be named by its "
        "moment: only that a vote was cast (the counts come with the close)",
        ids="petition",
    ),
    "RecallRejected": _policy("petition closed_at recall keep", ids="petition"),
    "DelegateRecalled": _policy(
        "petition mandate recalled_at successor expires_at", ids="petition mandate"
    ),
    "DelegateReplaced": _policy("mandate replaced_at successor expires_at", ids="mandate"),
    "MandateEnded": _policy("mandate ended_at cause successor expires_at", ids="mandate"),
    "SessionConvened": _policy("council section agenda convened_at", ids="council"),
    "SessionClosed": _policy("session at", ids="session"),
    "AttendanceCheckedIn": _policy("session attendees at", ids="session attendees"),
    "AttendanceLeft": _policy("session mandates at", ids="session mandates"),
    "BadgesAssigned": _policy(
        "council persons numbers at",
        ids="council persons",
        why="a badge number is worn in the plenary: who wears which is public",
    ),
    "FractionWalkedOut": _policy("session party mandates at", ids="session party mandates"),
    "FractionReturned": _policy("session party attendees at", ids="session party attendees"),
    "MotionMoved": _policy(
        "council session slug kind title text mover_kind mover amends decision terms moved_at",
        ids="council session amends terms.amends_resolution terms.annuls",
    ),
    "FractionPositionTaken": _policy("motion party position at", ids="motion party"),
    "VoteOpened": _policy(
        "motion mode at present seats practice results",
        counted="register",
        ids="motion",
        why="the register is published as how many are entitled (who attends is public)",
    ),
    "VoteCast": _policy(
        "motion person party choice cast_at withheld",
        why="a roll-call vote is public, delegate by delegate; its choice only once the "
        "results are published (`withheld`: the choice is left out)",
        ids="motion person party",
        withheld="choice",
    ),
    "SecretBallotCast": _policy(
        "motion",
        private="person receipt",
        why="nothing of a secret ballot but that one was cast",
        ids="motion",
    ),
    "PollClosed": _policy(
        "motion at",
        private="counts",
        ids="motion",
        why="the results are withheld until the chair publishes them (a VoteClosed)",
    ),
    "VoteClosed": _policy(
        "motion at yes no abstain outcome amended_motion resolution published_at",
        ids="motion amended_motion.id resolution.council resolution.amends resolution.annuls "
        "resolution.commission.members",
    ),
    "ActAuthorised": _policy(
        "resolution commission executive power text person at",
        ids="resolution commission executive person",
    ),
    "AlternateSeated": _policy(
        "session mandate alternate at",
        ids="session mandate alternate",
        why="who sits on a mandate in the plenary is public",
    ),
    "AlternateUnseated": _policy(
        "session mandate alternate reason at", ids="session mandate alternate"
    ),
    "ProxyGiven": _policy(
        "session mandate giver holder at",
        ids="session mandate giver holder",
        why="whose vote a delegate carries is announced to the plenary",
    ),
    "ProxyRevoked": _policy("session mandate giver holder at", ids="session mandate giver holder"),
    "ProxyVoteCast": _policy(
        "motion person party holder choice cast_at withheld",
        why="a roll-call vote is public, delegate by delegate, with who cast it; its choice "
        "only once the results are published (`withheld`: the choice is left out)",
        ids="motion person party holder",
        withheld="choice",
    ),
    "SpeakerRequested": _policy(
        "session motion person party kind stance at item",
        ids="session motion person party",
        why="a list of speakers is read out in the plenary, name by name",
    ),
    "SpeakerWithdrawn": _policy("session speaker by at", ids="session speaker"),
    "SpeakerMoved": _policy("session speaker before at", ids="session speaker before"),
    "SpeechStarted": _policy("session speaker at", ids="session speaker"),
    "SpeechEnded": _policy("session speaker at", ids="session speaker"),
    "AgendaItemCalled": _policy("session item at", ids="session"),
    "MotionAttached": _policy("session motion item at", ids="session motion"),
    "AgendaAmended": _policy("session motion change at", ids="session motion"),
    "TrusteesAppointed": _policy(
        "council threshold trustees at",
        ids="council",
        why="who holds the keys of a council's secret ballots is announced to it",
    ),
    "TrusteeEnrolled": _policy("ceremony trustee transport_key at", ids="ceremony"),
    "TrusteeDealt": _policy(
        "ceremony trustee commitments at",
        private="sealed_shares",
        ids="ceremony",
        why="each share is sealed to one trustee; the commitments that check them are public",
    ),
    "TrusteeConfirmed": _policy("ceremony trustee verification_key at", ids="ceremony"),
    "KeyCeremonyCompleted": _policy("ceremony public_key at", ids="ceremony"),
    "SealedBallotCast": _policy(
        "motion credential weight",
        private="ballot",
        ids="motion",
        why="an encrypted ballot is on its poll's board, by credential; the notice says only "
        "that one was cast",
    ),
    "TallyDecryptionShared": _policy(
        "motion trustee at",
        private="shares challenges responses",
        ids="motion",
        why="a trustee's share of the decryption is on the poll's board with its proof",
    ),
    "SealedElectionBallotCast": _policy(
        "election constituency credential",
        private="ballot",
        ids="election",
        why="an encrypted ballot is on its constituency's board, by credential; the notice "
        "says only that one was cast",
    ),
    "ElectionBallotsClosed": _policy("election at", ids="election"),
    "ElectionDecryptionShared": _policy(
        "election constituency trustee at",
        private="shares challenges responses",
        ids="election",
        why="a trustee's share of the decryption is on the constituency's board with its proof",
    ),
    "SealedRecallBallotCast": _policy(
        "petition credential",
        private="ballot",
        ids="petition",
        why="an encrypted ballot is on the recall vote's board, by credential; the notice "
        "says only that one was cast",
    ),
    "RecallBallotsClosed": _policy("petition at", ids="petition"),
    "RecallDecryptionShared": _policy(
        "petition trustee at",
        private="shares challenges responses",
        ids="petition",
        why="a trustee's share of the decryption is on the recall vote's board with its proof",
    ),
}

#: A kind no policy names publishes only that it happened.
_NOTHING = Policy(Part(is_free_form=True), "no policy")


def notice_of(entry: Entry) -> Notice:
    """The public notice of a committed entry."""
    data: Any = entry.data()
    policy = POLICIES.get(entry.kind, _NOTHING)
    federation = data.get("federation") if isinstance(data, dict) else None
    fields = policy.part.publish(data) if isinstance(data, dict) else {}
    return Notice(
        kind=entry.kind,
        seq=entry.seq,
        hash=entry.hash,
        recorded_at=entry.recorded_at,
        federation=federation if isinstance(federation, str) else None,
        fields=fields,
    )


def unnamed_fields(kind: str, payload: JsonValue) -> list[str]:
    """The paths of the fields of a payload that its kind's policy does not decide on."""
    policy = POLICIES.get(kind)
    if policy is None:
        return ["(no policy)"]
    return _unnamed(policy.part, payload, "", top=True)


def _unnamed(part: Part, value: JsonValue, path: str, *, top: bool = False) -> list[str]:
    if part.is_free_form or not isinstance(value, Mapping):
        return []
    found = []
    for name, item in value.items():
        if top and name == "federation":
            continue
        if name not in part.named():
            found.append(f"{path}{name}")
        elif name in part.parts:
            found.extend(_unnamed(part.parts[name], item, f"{path}{name}."))
    return found


def _fields(names: frozenset[str]) -> str:
    return ", ".join(f"`{name}`" for name in sorted(names)) or "-"


def _describe(part: Part, prefix: str = "") -> tuple[list[str], list[str]]:
    shown = [f"`{prefix}{name}`" for name in sorted(part.shown)]
    shown += [f"`{prefix}{name}` (how many)" for name in sorted(part.counted)]
    private = [f"`{prefix}{name}`" for name in sorted(part.private)]
    for name, inner in sorted(part.parts.items()):
        more_shown, more_private = _describe(inner, f"{prefix}{name}.")
        shown += more_shown
        private += more_private
    shown = [
        f"{name} (not while `withheld`)" if name.strip("`") in part.withheld else name
        for name in shown
    ]
    return shown, private


def policy_table() -> str:
    """docs/notices.md: the policy of every kind, as a Markdown table."""
    lines = [
        "# Public notices",
        "",
        "Generated from `soviet.domain.notices.POLICIES` by `scripts/docs.py`; a test",
        "checks that this file equals what the script writes. Every committed journal entry",
        "yields a notice: `kind`, `seq`, `hash`, `recorded_at`, `federation` (the slug, or",
        "null for the database's own entries) and `fields`, the public fields of its payload",
        "listed here. A field not listed is never published. The acting account (the entry's",
        "`actor`) is never published. Ids are published in their public form, the number",
        "of the journal entry that made the thing (`11`, or `11.3`), as every door shows",
        "them; the journal's own payloads keep the stored numbers, which their hashes cover.",
        "`soviet journal follow` prints the notices after a sequence number, one JSON object",
        "a line with `--json`; `GET /api/v1/events` streams them as Server-Sent Events.",
        "",
        "| kind | published | private | why |",
        "|---|---|---|---|",
    ]
    for kind, policy in sorted(POLICIES.items()):
        if policy.part.is_free_form:
            shown, private = "-", "everything"
        else:
            found_shown, found_private = _describe(policy.part)
            shown, private = ", ".join(found_shown) or "-", ", ".join(found_private) or "-"
        lines.append(f"| `{kind}` | {shown} | {private} | {policy.why} |")
    return "\n".join(lines) + "\n"
