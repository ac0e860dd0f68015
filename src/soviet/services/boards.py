"""The public board of a sealed poll (soviet.crypto.board, format `soviet-board/1`): its
key ceremony's commitments, every encrypted ballot beside its pseudonymous credential (never
a person) with its weight, the encrypted tally, the trustees' shares of its decryption with
their proofs, the result once published, and the journal's head at its close. Anyone can
check it with `soviet recount` or verifier/soviet_recount.py.

An open vote's board (format `soviet-open-board/1`) holds what a show of hands shows: a
roll-call vote's names, fractions and choices with the votes each counts for, or a counted
vote's three numbers; the result once shown; the journal's head at its close. The same
verifier adds the roll call up. A secret vote counted in the clear (a council without a
key) has no board: nothing on it could prove its count."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from soviet.crypto import board as crypto_board
from soviet.crypto.proofs import DecryptionProof
from soviet.domain.identity import Actor
from soviet.domain.sessions import CHOICES
from soviet.domain.trustees import Ceremony
from soviet.domain.views import ballots as views
from soviet.errors import RuleViolation
from soviet.services import context, poll_results, sealed_tally
from soviet.services.motions import motion_of
from soviet.services.sealed import poll_id
from soviet.store import motions as store
from soviet.store import trustees as store_trustees
from soviet.store.database import Database


def _scalar(text: str) -> int:
    return int.from_bytes(bytes.fromhex(text), "little")


def partials_of(
    given: Sequence[store_trustees.Decryption],
) -> dict[int, list[tuple[bytes, DecryptionProof]]]:
    """The trustees' shares of a tally's decryption, with their proofs, as a board holds
    them: by trustee, per choice."""
    return {
        d.trustee: [
            (bytes.fromhex(share), DecryptionProof(_scalar(c), _scalar(r)))
            for share, c, r in zip(d.shares, d.challenges, d.responses, strict=True)
        ]
        for d in given
    }


def commitments_of(ceremony: Ceremony) -> list[tuple[bytes, ...]]:
    """A key ceremony's trustees' commitments, as a board holds them."""
    return [tuple(bytes.fromhex(c) for c in t.commitments or ()) for t in ceremony.trustees]


def board(
    db: Database, address: str, *, federation: str | None = None, actor: Actor
) -> dict[str, Any]:
    """The board of the poll on a motion as it stands (public): a sealed poll's ballots so
    far and, once published, its result and everything that proves it; an open vote's roll
    call or counts (see the module)."""
    with context.reading(db, federation, actor) as ctx:
        motion = motion_of(ctx, address)
        vote = store.vote(ctx.connection, motion.id)
        if vote is None:
            raise RuleViolation(f"the motion '{address}' has not been put to the vote")
        if vote.ceremony_id is None:
            return _open_board(ctx, motion, vote)
        ceremony = sealed_tally.ceremony_of(ctx, vote.ceremony_id)
        ballots, weights = sealed_tally.ballots_of(ctx, motion)
        given = store_trustees.decryptions_of(ctx.connection, motion.id)
        published = vote.published_at is not None
        result = [vote.yes or 0, vote.no or 0, vote.abstain or 0] if published else []
        partials = partials_of(given)
        return crypto_board.build_board(
            poll=poll_id(ctx.federation.slug, address),
            candidates=list(CHOICES),
            least=sealed_tally.LEAST,
            most=sealed_tally.MOST,
            threshold=ceremony.threshold,
            commitments=commitments_of(ceremony),
            ballots=ballots,
            partials=partials,
            result=result,
            journal_head=vote.closed_hash,
            weights=weights,
        )


OPEN_FORMAT = "soviet-open-board/1"


def _open_board(ctx: context.Context, motion: store.Motion, vote: store.Vote) -> dict[str, Any]:
    """The board of an open vote: its roll call (names, fractions, choices and weights) or
    its counted numbers, once its results may be shown; before, only who has voted."""
    if vote.mode == "secret":
        raise RuleViolation(
            f"the vote on '{motion.address}' is secret and counted in the clear (its council "
            "had no key when it opened): no board can prove its count"
        )
    shown = poll_results.describe_poll(ctx, motion)
    is_shown = shown.yes is not None
    rows = store.roll_call_weighed(ctx.connection, motion.id) if vote.mode == "roll-call" else []
    board: dict[str, Any] = {
        "format": OPEN_FORMAT,
        "poll": poll_id(ctx.federation.slug, motion.address),
        "mode": vote.mode,
        "candidates": list(CHOICES),
        "votes": [
            {
                "person": person,
                "fraction": fraction,
                "choice": choice if is_shown else None,
                "weight": weight,
            }
            for person, fraction, choice, weight in rows
        ],
        "result": [shown.yes, shown.no, shown.abstain] if is_shown else [],
        "journal_head": vote.closed_hash,
    }
    board["board_hash"] = crypto_board.board_hash(board)
    return board


def _steps(steps: list[dict[str, str]]) -> tuple[views.ProofStep, ...]:
    return tuple(views.ProofStep(s["challenge"], s["response"]) for s in steps)


def board_view(board: dict[str, Any]) -> views.Board | views.OpenBoard:
    """A board as the API serves it: the same document, typed (its JSON is the board's
    own, so its hash holds)."""
    if board["format"] == OPEN_FORMAT:
        return views.OpenBoard(
            format=board["format"],
            poll=board["poll"],
            mode=board["mode"],
            candidates=tuple(board["candidates"]),
            votes=tuple(
                views.BoardVote(v["person"], v["fraction"], v["choice"], v["weight"])
                for v in board["votes"]
            ),
            result=tuple(board["result"]),
            journal_head=board["journal_head"],
            board_hash=board["board_hash"],
        )
    allocated = board.get("allocation")
    return views.Board(
        format=board["format"],
        poll=board["poll"],
        candidates=tuple(board["candidates"]),
        least=board["least"],
        most=board["most"],
        trustees=views.BoardTrustees(
            board["trustees"]["threshold"],
            tuple(tuple(c) for c in board["trustees"]["commitments"]),
        ),
        public_key=board["public_key"],
        ballots=tuple(
            views.BoardBallot(
                credential=b["credential"],
                choices=tuple(
                    views.EncryptedChoice(c["alpha"], c["beta"], _steps(c["proof"]))
                    for c in b["choices"]
                ),
                sum_proof=_steps(b["sum_proof"]),
                receipt=b["receipt"],
                weight=b.get("weight"),
            )
            for b in board["ballots"]
        ),
        tally=tuple(views.Cipher(c["alpha"], c["beta"]) for c in board["tally"]),
        partial_decryptions=tuple(
            views.PartialDecryption(
                p["trustee"],
                tuple(
                    views.ShareOfChoice(s["share"], s["challenge"], s["response"])
                    for s in p["shares"]
                ),
            )
            for p in board["partial_decryptions"]
        ),
        result=tuple(board["result"]),
        allocation=None
        if allocated is None
        else views.BoardAllocation(
            allocated["method"], allocated["seats"], tuple(allocated["allocation"])
        ),
        journal_head=board["journal_head"],
        board_hash=board["board_hash"],
    )
