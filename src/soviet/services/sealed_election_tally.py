"""The tallies of sealed elections (services.sealed_elections): each constituency's
encrypted ballots, their encrypted tally (the product of the ballots, per party), and the
votes the trustees' shares of its decryption give once the threshold have given theirs.

An election's close (services.elections) counts these votes where an open election counts
its ballot box; nothing else of a sealed election's count is ever decrypted.
"""

from __future__ import annotations

import json

from soviet.crypto import ballot as crypto_ballot
from soviet.crypto.elgamal import Ciphertext
from soviet.domain.elections import Cell
from soviet.domain.ids import format_id
from soviet.errors import RuleViolation
from soviet.services import context
from soviet.services.sealed_tally import ceremony_of, decrypt_counts, tally_of
from soviet.store import councils
from soviet.store import trustees as store_trustees

#: A ballot marks exactly one party.
LEAST = MOST = 1


def poll_id(federation: str, election_id: int, constituency: str) -> str:
    """What a sealed election's proofs in one constituency are bound to."""
    return f"{federation}/elections/{format_id(election_id)}/{constituency}"


def ballots_of(
    ctx: context.Context, election: councils.Election
) -> dict[str, list[crypto_ballot.Ballot]]:
    """A sealed election's encrypted ballots by constituency, as its boards show them."""
    parties = len(election.sealed_parties)
    return {
        constituency: [
            crypto_ballot.ballot_from_json(json.loads(b), parties, LEAST, MOST) for b in found
        ]
        for constituency, found in store_trustees.election_ballots_of(
            ctx.connection, election.id
        ).items()
    }


def encrypted_tallies(
    ctx: context.Context, election: councils.Election
) -> dict[str, tuple[list[Ciphertext], int]]:
    """Per constituency holding a ballot: its encrypted tally per party, and how many
    ballots were cast there (no count can pass it)."""
    tallies = {}
    for constituency, found in store_trustees.election_ballots_of(
        ctx.connection, election.id
    ).items():
        tallies[constituency] = (tally_of(found, len(election.sealed_parties)), len(found))
    return tallies


def decrypted_votes(ctx: context.Context, election: councils.Election) -> dict[Cell, int]:
    """The votes of a sealed election per (constituency, party), from the trustees' shares
    of each constituency's tally (each checked when it was given); refused while its
    ballot box is open or a tally lacks the threshold's shares."""
    name = format_id(election.id)
    if election.ballots_closed_at is None:
        raise RuleViolation(
            f"election {name} is sealed and its ballot box is open: close the box "
            "(soviet election close-ballots), let its trustees decrypt, then close it"
        )
    ceremony = ceremony_of(ctx, election.ceremony_id)
    shared = store_trustees.election_decryptions_of(ctx.connection, election.id)
    votes: dict[Cell, int] = {}
    for constituency, (tally, cast) in sorted(encrypted_tallies(ctx, election).items()):
        given = shared.get(constituency, [])
        if len(given) < ceremony.threshold:
            raise RuleViolation(
                f"election {name} is sealed: the tally of '{constituency}' is decrypted by "
                f"{ceremony.threshold} of its trustees; {len(given)} have given their share"
            )
        counts = decrypt_counts(tally, cast, given[: ceremony.threshold])
        if counts is None:  # every share's proof held: the tally itself was tampered with
            raise RuleViolation(
                f"the tally of '{constituency}' in election {name} does not decrypt to a "
                f"count of 0..{cast}: its ballots are not those the trustees decrypted"
            )
        for party, count in zip(election.sealed_parties, counts, strict=True):
            if count:
                votes[(constituency, party)] = count
    return votes
