"""Key ceremonies: who the trustees of a council's secret ballots are, and where each of
them stands (the events are in domain.events.trustees, the cryptography in soviet.crypto).

A ceremony goes in three rounds, and a trustee takes a round's step only once every
trustee has taken the one before: enrol (a key to receive shares on), deal (commitments,
and shares sealed to each trustee), confirm (her shares checked). Whatever the order in
which trustees come, each is told what she can do now, or whom she waits for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from soviet.domain import limits
from soviet.domain.ids import format_id
from soviet.domain.views import ballots as views
from soviet.errors import InvalidInput, Problem

#: Most trustees of one ceremony (each deals a share to every other).
TRUSTEES_MAX = 25


class Step(StrEnum):
    """A trustee's next step in a ceremony."""

    ENROL = "enrol"
    DEAL = "deal"
    CONFIRM = "confirm"
    DONE = "done"


@dataclass(frozen=True)
class Trustee:
    """One trustee of a ceremony as the journal has her: her number and account, and
    what she has published so far."""

    number: int
    account: str
    transport_key: str | None = None
    commitments: tuple[str, ...] | None = None
    sealed_shares: tuple[str, ...] | None = None
    verification_key: str | None = None

    @property
    def step(self) -> Step:
        if self.transport_key is None:
            return Step.ENROL
        if self.commitments is None:
            return Step.DEAL
        if self.verification_key is None:
            return Step.CONFIRM
        return Step.DONE


@dataclass(frozen=True)
class Ceremony:
    """A council's key ceremony: its id (made from its appointment's seq), threshold, trustees,
    and the public key once every trustee has confirmed."""

    id: int
    council: str
    threshold: int
    trustees: tuple[Trustee, ...]
    appointed_at: str
    public_key: str | None = None
    completed_at: str | None = None

    def trustee(self, account: str) -> Trustee | None:
        return next((t for t in self.trustees if t.account == account), None)

    def waiting_for(self, step: Step) -> list[str]:
        """The accounts of the trustees who have not yet taken `step` (or a later one)."""
        order = list(Step)
        return [t.account for t in self.trustees if order.index(t.step) <= order.index(step)]

    def may_take(self, trustee: Trustee) -> tuple[bool, list[str]]:
        """Whether `trustee` may take her next step now, and if not whom she waits for:
        every trustee must have taken the step before it."""
        match trustee.step:
            case Step.ENROL | Step.DONE:
                return True, []
            case Step.DEAL:
                waiting = self.waiting_for(Step.ENROL)
            case Step.CONFIRM:
                waiting = self.waiting_for(Step.DEAL)
        return not waiting, waiting


def check_appointment(accounts: Sequence[str], threshold: int) -> tuple[tuple[str, ...], int]:
    """The trustees' accounts (checked, in order) and the threshold, or InvalidInput naming
    the field: 1 to TRUSTEES_MAX distinct accounts, a threshold from 1 to their number."""
    if not accounts:
        raise InvalidInput(
            "trustees: at least one account is needed",
            problems=[Problem("trustees", "at least one account is needed")],
        )
    if len(accounts) > TRUSTEES_MAX:
        reason = f"at most {TRUSTEES_MAX} trustees, got {len(accounts)}"
        raise InvalidInput(f"trustees: {reason}", problems=[Problem("trustees", reason)])
    checked = tuple(
        limits.check_account(account, f"trustees[{i}]") for i, account in enumerate(accounts)
    )
    twice = sorted({a for a in checked if checked.count(a) > 1})
    if twice:
        reason = f"an account may be one trustee only: {', '.join(twice)}"
        raise InvalidInput(f"trustees: {reason}", problems=[Problem("trustees", reason)])
    limits.check_integer(threshold, "threshold", minimum=1, maximum=len(checked))
    return checked, threshold


def ceremony_view(ceremony: Ceremony) -> views.Ceremony:
    """A ceremony as the doors show it (`--json`, the API): all of it is public, the
    shares being sealed each to its trustee."""
    return views.Ceremony(
        ceremony=format_id(ceremony.id),
        council=ceremony.council,
        threshold=ceremony.threshold,
        appointed_at=ceremony.appointed_at,
        public_key=ceremony.public_key,
        completed_at=ceremony.completed_at,
        trustees=tuple(
            views.TrusteeLine(
                number=t.number,
                account=t.account,
                next_step=str(t.step),
                transport_key=t.transport_key,
                commitments=t.commitments,
                sealed_shares=t.sealed_shares,
                verification_key=t.verification_key,
            )
            for t in ceremony.trustees
        ),
    )
