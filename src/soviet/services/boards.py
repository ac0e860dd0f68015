"""The public board of a sealed poll (soviet.crypto.board, format `soviet-board/1`): its
key ceremony's commitments, every encrypted ballot beside its pseudonymous credential (never
a person) with its weight, the encrypted tally, the trustees' shares of its decryption with
their proofs, the result once published, and the journal's head at its close. Anyone can
check it with `soviet recount` or verifier/soviet_recount.py."""

from __future__ import annotations

from typing import Any

from soviet.crypto import board as crypto_board
from soviet.crypto.proofs import DecryptionProof
from soviet.domain.identity import Actor
from soviet.domain.sessions import CHOICES
from soviet.domain.views import ballots as views
from soviet.errors import RuleViolation
from soviet.services import context, sealed_tally
from soviet.services.motions import motion_of
from soviet.services.sealed import poll_id
from soviet.store import motions as store
from soviet.store import trustees as store_trustees
from soviet.store.database import Database


def _scalar(text: str) -> int:
    return int.from_bytes(bytes.fromhex(text), "little")


def board(
    db: Database, address: str, *, federation: str | None = None, actor: Actor
) -> dict[str, Any]:
    """The board of the sealed poll on a motion as it stands (public): while it is open,
    its ballots so far; once published, its result and everything that proves it."""
    with context.reading(db, federation, actor) as ctx:
        motion = motion_of(ctx, address)
        vote = store.vote(ctx.connection, motion.id)
        if vote is None or vote.ceremony_id is None:
            raise RuleViolation(f"the vote on '{address}' is not sealed: it has no board")
        ceremony = sealed_tally.ceremony_of(ctx, vote.ceremony_id)
        ballots, weights = sealed_tally.ballots_of(ctx, motion)
        given = store_trustees.decryptions_of(ctx.connection, motion.id)
        published = vote.published_at is not None
        result = [vote.yes or 0, vote.no or 0, vote.abstain or 0] if published else []
        partials = {
            d.trustee: [
                (bytes.fromhex(share), DecryptionProof(_scalar(c), _scalar(r)))
                for share, c, r in zip(d.shares, d.challenges, d.responses, strict=True)
            ]
            for d in given
        }
        return crypto_board.build_board(
            poll=poll_id(ctx.federation.slug, address),
            candidates=list(CHOICES),
            least=sealed_tally.LEAST,
            most=sealed_tally.MOST,
            threshold=ceremony.threshold,
            commitments=[
                tuple(bytes.fromhex(c) for c in t.commitments or ()) for t in ceremony.trustees
            ],
            ballots=ballots,
            partials=partials,
            result=result,
            journal_head=vote.closed_hash,
            weights=weights,
        )


def _steps(steps: list[dict[str, str]]) -> tuple[views.ProofStep, ...]:
    return tuple(views.ProofStep(s["challenge"], s["response"]) for s in steps)


def board_view(board: dict[str, Any]) -> views.Board:
    """A board as the API serves it: the same document, typed (its JSON is the board's
    own, so its hash holds)."""
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
        allocation=None,
        journal_head=board["journal_head"],
        board_hash=board["board_hash"],
    )
