"""Founding is the operator's act, and a second federation in one database is founded only
on purpose; a read that names no federation where several are lists them, on both engines."""

from __future__ import annotations

import pytest
import yaml

from soviet.domain.identity import SYSTEM, account_actor
from soviet.errors import Forbidden, NotFound, Problem, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.composition import composition
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

from .federation import STATUTE

MOSCOW = STATUTE.replace("petrograd-1917", "moscow-1917").replace("Petrograd 1917", "Moscow")


def test_a_second_federation_is_founded_only_on_purpose(federation_db: Database) -> None:
    head = journal_service.tail(federation_db, 1, actor=SYSTEM)
    for account in ("chkheidze", "nogin"):
        with pytest.raises(Forbidden, match=f"^{account} may not found the federation"):
            apply_statute(
                federation_db,
                yaml.safe_load(MOSCOW),
                actor=account_actor(account),
                is_another_federation=True,
            )
    with pytest.raises(RuleViolation) as refused:
        apply_statute(federation_db, yaml.safe_load(MOSCOW), actor=SYSTEM, only_found=True)
    reason = (
        "'moscow-1917' would found another federation in a database that holds "
        "'petrograd-1917'; found it only on purpose (confirm a new federation), or correct "
        "the slug to amend one of these"
    )
    assert refused.value.message == f"federation.slug: {reason}"
    assert refused.value.problems == (Problem("federation.slug", reason),)
    assert journal_service.tail(federation_db, 1, actor=SYSTEM) == head
    founded = apply_statute(
        federation_db, yaml.safe_load(MOSCOW), actor=SYSTEM, is_another_federation=True
    )
    assert (founded.federation, founded.is_applied) == ("moscow-1917", True)
    with pytest.raises(NotFound) as unnamed:
        composition(federation_db, "petrograd-soviet", actor=SYSTEM)
    assert unnamed.value.message == (
        "federation: the database holds several federations, name one; "
        "known: moscow-1917, petrograd-1917"
    )
