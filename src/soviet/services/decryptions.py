"""The trustees' decryption of a closed sealed poll's tally (services.sealed): each trustee
of the poll's key ceremony computes her share of the decryption with the share of the key
she keeps (never sent), proves it correct against her public verification key, and gives
it; the server checks the proof. Once the threshold have given theirs the tally can be
counted: at once, when the statute shows results at the close, else when the chair
publishes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from soviet.crypto import board as crypto_board
from soviet.crypto import group
from soviet.crypto.elgamal import Ciphertext
from soviet.crypto.proofs import DecryptionProof, verify_decryption
from soviet.domain.events.trustees import TallyDecryptionShared
from soviet.domain.identity import Actor
from soviet.domain.ids import format_id
from soviet.domain.journal import format_time
from soviet.domain.permissions import Action, Target
from soviet.domain.sessions import CHOICES
from soviet.domain.views import ballots as views
from soviet.errors import Conflict, InvalidInput, Problem, RuleViolation
from soviet.services import context, poll_results, sealed_tally
from soviet.services.journal import Clock, utc_now
from soviet.services.motions import motion_of
from soviet.services.sealed import poll_id
from soviet.services.unit_of_work import perform
from soviet.store import motions as store
from soviet.store import trustees as store_trustees
from soviet.store.database import Database


@dataclass(frozen=True)
class ToDecrypt:
    """What a trustee needs to give her share of a sealed poll's decryption: the poll, the
    ceremony, the first half (alpha, hex) of each choice's encrypted tally, and which
    trustees have given theirs."""

    poll: str
    motion: str
    ceremony: int
    threshold: int
    alphas: tuple[str, ...]
    given: tuple[int, ...]

    def view(self) -> views.ToDecrypt:
        """As the doors show it."""
        return views.ToDecrypt(
            poll=self.poll,
            motion=self.motion,
            ceremony=format_id(self.ceremony),
            threshold=self.threshold,
            alphas=self.alphas,
            given=self.given,
        )


def _closed_sealed(ctx: context.Context, address: str) -> tuple[store.Motion, store.Vote]:
    motion = motion_of(ctx, address)
    vote = store.vote(ctx.connection, motion.id)
    if vote is None or vote.ceremony_id is None:
        raise RuleViolation(f"the vote on '{address}' is not sealed: no trustee decrypts it")
    if vote.closed_at is None:
        raise RuleViolation(
            f"the vote on '{address}' is open: its tally is decrypted after the close",
            code="poll_not_open",
        )
    return motion, vote


def to_decrypt(
    db: Database, address: str, *, federation: str | None = None, actor: Actor
) -> ToDecrypt:
    """The encrypted tally of a closed sealed poll, for its trustees (public)."""
    with context.reading(db, federation, actor) as ctx:
        motion, vote = _closed_sealed(ctx, address)
        ceremony = sealed_tally.ceremony_of(ctx, vote.ceremony_id)
        tally, _ = sealed_tally.encrypted_tally(ctx, motion, vote)
        given = store_trustees.decryptions_of(ctx.connection, motion.id)
        return ToDecrypt(
            poll_id(ctx.federation.slug, address),
            address,
            ceremony.id,
            ceremony.threshold,
            tuple(c.alpha.hex() for c in tally),
            tuple(d.trustee for d in given),
        )


def _refused(path: str, reason: str) -> InvalidInput:
    return InvalidInput(f"{path}: {reason}", problems=[Problem(path, reason)])


def _scalar(value: str, path: str) -> int:
    try:
        data = bytes.fromhex(value)
    except ValueError:
        raise _refused(path, "must be hexadecimal") from None
    if len(data) != 32:
        raise _refused(path, f"must be 32 bytes, got {len(data)}")
    number = int.from_bytes(data, "little")
    if number >= group.ORDER:
        raise _refused(path, "must be a scalar below the group's order")
    return number


def parsed_shares(
    shares: Sequence[str],
    challenges: Sequence[str],
    responses: Sequence[str],
    count: int,
    *,
    at: str = "",
) -> tuple[list[bytes], list[DecryptionProof]]:
    """A trustee's shares of a tally's decryption as points, with their proofs, one per
    choice (`count`), or InvalidInput naming the field (under `at`) and the reason."""
    for field, values in (("shares", shares), ("challenges", challenges), ("responses", responses)):
        if len(values) != count:
            raise _refused(f"{at}{field}", f"must be one per choice ({count}), got {len(values)}")
    points = []
    for i, value in enumerate(shares):
        try:
            point = bytes.fromhex(value)
        except ValueError:
            raise _refused(f"{at}shares[{i}]", "must be hexadecimal") from None
        if len(point) != 32:
            raise _refused(f"{at}shares[{i}]", f"must be 32 bytes, got {len(point)}")
        points.append(point)
    proofs = [
        DecryptionProof(_scalar(c, f"{at}challenges[{i}]"), _scalar(r, f"{at}responses[{i}]"))
        for i, (c, r) in enumerate(zip(challenges, responses, strict=True))
    ]
    return points, proofs


def check_shares(
    poll: str,
    trustee: int,
    verification_key: str,
    tally: Sequence[Ciphertext],
    shares: tuple[list[bytes], list[DecryptionProof]],
    names: Sequence[str],
    *,
    at: str = "",
) -> None:
    """Refuse, naming the field (under `at`) and the choice (`names`), a trustee's share of
    a tally's decryption whose proof fails against her verification key."""
    context_of = crypto_board.decryption_context(poll, trustee)
    key = bytes.fromhex(verification_key)
    points, proofs = shares
    for i, (ciphertext, share, proof) in enumerate(zip(tally, points, proofs, strict=True)):
        if not verify_decryption(context_of, key, ciphertext.alpha, share, proof):
            raise _refused(f"{at}shares[{i}]", f"its proof fails for '{names[i]}': not her share")


def share_decryption(
    db: Database,
    address: str,
    shares: Sequence[str],
    challenges: Sequence[str],
    responses: Sequence[str],
    *,
    federation: str | None = None,
    actor: Actor,
    now: Clock = utc_now,
) -> poll_results.Result | None:
    """A trustee of the poll's ceremony gives her share of the decryption of a closed
    sealed poll's tally: per choice, the share (hex) and its proof's challenge and
    response (hex), checked against her verification key. The last share the threshold
    needs decides the poll at once when the statute shows results at the close (its
    result is returned); otherwise None, and the chair publishes."""
    points, proofs = parsed_shares(shares, challenges, responses, len(CHOICES))

    def act(ctx: context.Context) -> poll_results.Result | None:
        motion = motion_of(ctx, address)
        ctx.require(Action.ACT_AS_TRUSTEE, Target(council=motion.council))
        motion, vote = _closed_sealed(ctx, address)
        if vote.published_at is not None:
            raise Conflict(f"the vote on '{address}' is decided: its tally is published")
        ceremony = sealed_tally.ceremony_of(ctx, vote.ceremony_id)
        trustee = ceremony.trustee(ctx.account)
        if trustee is None or trustee.verification_key is None:
            raise RuleViolation(
                f"{ctx.account} is no trustee of ceremony {format_id(ceremony.id)}, whose key "
                f"seals the vote on '{address}'",
                code="not_entitled",
            )
        given = store_trustees.decryptions_of(ctx.connection, motion.id)
        if trustee.number in {d.trustee for d in given}:
            raise Conflict(
                f"trustee {trustee.number} has given her share of the vote on '{address}'"
            )
        tally, _ = sealed_tally.encrypted_tally(ctx, motion, vote)
        poll = poll_id(ctx.federation.slug, address)
        check_shares(
            poll, trustee.number, trustee.verification_key, tally, (points, proofs), CHOICES
        )
        moment = format_time(now())
        event = TallyDecryptionShared(
            federation=ctx.federation.slug,
            motion=motion.id,
            trustee=trustee.number,
            shares=tuple(p.hex() for p in points),
            challenges=tuple(group.scalar(p.challenge).hex() for p in proofs),
            responses=tuple(group.scalar(p.response).hex() for p in proofs),
            at=moment,
        )
        ctx.record(at=now(), actor=ctx.account, event=event)
        enough = len(given) + 1 == ceremony.threshold
        if enough and ctx.statute.councils[motion.council].sessions.results == "at-close":
            return poll_results.publishing(ctx, motion, vote, moment, now)
        return None

    return perform(db, federation, actor, act)
