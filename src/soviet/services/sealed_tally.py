"""The tallies of sealed polls (services.sealed): the ballots as the board shows them, their
encrypted tally (each ballot raised to its weight), and the counts the trustees' shares of
its decryption give once the threshold have given theirs."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence

from soviet.crypto import ballot as crypto_ballot
from soviet.crypto import board as crypto_board
from soviet.crypto import group
from soviet.crypto import trustees as crypto_trustees
from soviet.crypto.elgamal import Ciphertext, discrete_log, product
from soviet.domain.ids import format_id
from soviet.domain.sessions import CHOICES, Tally
from soviet.domain.trustees import Ceremony
from soviet.errors import NotFound, RuleViolation
from soviet.services import context
from soviet.store import motions as store
from soviet.store import trustees as store_trustees

#: A ballot marks exactly one choice.
LEAST = MOST = 1


def ballots_of(
    ctx: context.Context, motion: store.Motion
) -> tuple[list[crypto_ballot.Ballot], list[int]]:
    """A sealed poll's ballots as the board shows them, and the weight of each."""
    found = store_trustees.sealed_ballots_of(ctx.connection, motion.id)
    parsed = [
        crypto_ballot.ballot_from_json(json.loads(b.ballot), len(CHOICES), LEAST, MOST)
        for b in found
    ]
    return parsed, [b.weight for b in found]


def ciphertexts_of(document: str) -> list[Ciphertext]:
    """A stored ballot's ciphertexts alone: its points were checked as it was cast."""
    choices = json.loads(document)["choices"]
    return [Ciphertext(bytes.fromhex(c["alpha"]), bytes.fromhex(c["beta"])) for c in choices]


def tally_of(documents: Sequence[str], choices: int) -> list[Ciphertext]:
    """The encrypted tally of stored ballots that count one vote each, per choice: the
    product of their ciphertexts (a sealed election's constituency, a sealed recall vote)."""
    found = [ciphertexts_of(d) for d in documents]
    return [product([c[i] for c in found]) for i in range(choices)]


#: Encrypted tallies of closed sealed polls, by the journal's head at the close and the
#: motion: once closed, a poll's ballots never change, and each trustee's share is checked
#: against its tally. The newest few are kept.
_CLOSED: OrderedDict[tuple[str, int], tuple[list[Ciphertext], int]] = OrderedDict()
_CLOSED_MAX = 32
_CLOSED_LOCK = threading.Lock()


def encrypted_tally(
    ctx: context.Context, motion: store.Motion, vote: store.Vote | None = None
) -> tuple[list[Ciphertext], int]:
    """The encrypted tally of a sealed poll, per choice (each ballot raised to its weight),
    and how many votes were cast (no count can pass it); kept once `vote` is closed."""
    key = None if vote is None or vote.closed_hash is None else (vote.closed_hash, motion.id)
    if key is not None:
        with _CLOSED_LOCK:
            if key in _CLOSED:
                _CLOSED.move_to_end(key)
                return _CLOSED[key]
    found = store_trustees.sealed_ballots_of(ctx.connection, motion.id)
    weighed = [[crypto_board.weighed(c, b.weight) for c in ciphertexts_of(b.ballot)] for b in found]
    tally = [product([w[i] for w in weighed]) for i in range(len(CHOICES))]
    counted = (tally, sum(b.weight for b in found))
    if key is not None:
        with _CLOSED_LOCK:
            _CLOSED[key] = counted
            while len(_CLOSED) > _CLOSED_MAX:
                _CLOSED.popitem(last=False)
    return counted


def ceremony_of(ctx: context.Context, ceremony_id: int | None) -> Ceremony:
    """The key ceremony a sealed poll's, election's or recall vote's ballots are
    encrypted to."""
    assert ceremony_id is not None
    found = store_trustees.by_id(ctx.connection, ceremony_id)
    if found is None:
        raise NotFound(f"key ceremony {format_id(ceremony_id)} does not exist")
    return found


def decrypt_counts(
    tally: list[Ciphertext], cast: int, chosen: list[store_trustees.Decryption]
) -> list[int] | None:
    """Each choice's count in an encrypted tally of `cast` votes, from the threshold's
    shares of its decryption (`chosen`, each checked when it was given); None when one
    decrypts to no count of 0..cast (the ballots are not those the trustees decrypted)."""
    counts = []
    for position, ciphertext in enumerate(tally):
        combined = crypto_trustees.combine(
            {d.trustee: bytes.fromhex(d.shares[position]) for d in chosen}
        )
        count = discrete_log(group.sub(ciphertext.beta, combined), cast)
        if count is None:
            return None
        counts.append(count)
    return counts


def decrypted_tally(ctx: context.Context, motion: store.Motion, vote: store.Vote) -> Tally:
    """The tally of a closed sealed poll, from the trustees' shares of its decryption
    (each checked when it was given); refused while fewer than the threshold have given
    theirs."""
    ceremony = ceremony_of(ctx, vote.ceremony_id)
    shared = store_trustees.decryptions_of(ctx.connection, motion.id)
    if len(shared) < ceremony.threshold:
        raise RuleViolation(
            f"the tally of the vote on '{motion.address}' is decrypted by {ceremony.threshold} "
            f"of its trustees; {len(shared)} have given their share"
        )
    tally, cast = encrypted_tally(ctx, motion, vote)
    counts = decrypt_counts(tally, cast, shared[: ceremony.threshold])
    if counts is None:  # every share's proof held: the tally itself was tampered with
        raise RuleViolation(
            f"the tally of the vote on '{motion.address}' does not decrypt to a count of "
            f"0..{cast}: its ballots are not those the trustees decrypted"
        )
    return Tally(*counts)
