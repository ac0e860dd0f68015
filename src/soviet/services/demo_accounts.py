"""The demo's accounts (`soviet demo --serve`): a few people of the Petrograd scenario who
can sign in to the web application, each with a password made for that database.

The passwords are written to a file beside the database (readable by its owner alone),
never to the journal or a log line, so that a demo resumed later prints the same
sign-ins. Made once: a second call reads the file; if the file was removed, the accounts'
passwords are made anew.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from soviet.domain.identity import Actor
from soviet.domain.permissions import Action
from soviet.errors import StorageError
from soviet.services import accounts, identity
from soviet.services.bootstrap import Database
from soviet.services.composition import composition
from soviet.services.member_register import member_register
from soviet.services.members import MemberSpec, register_members

#: The factory whose deputy and worker sign in.
FACTORY = "putilov"
WORKER = MemberSpec("putilov-worker", "A worker of the Putilov works", account="putilov-worker")
ADMINISTRATOR = "chkheidze"
#: The secretariat of the Second Congress in the scenario's statute.
CHAIR = "kamenev"


@dataclass(frozen=True)
class DemoAccount:
    account: str
    password: str
    who: str


def _password() -> str:
    return secrets.token_urlsafe(12)


def _deputy(db: Database, actor: Actor) -> str:
    """The most senior Bolshevik deputy of the Putilov works in the Petrograd Soviet now."""
    shown = composition(db, "petrograd-soviet", actor=actor)
    found = [m for m in shown.members if m.constituency == FACTORY and m.party == "bolsheviks"]
    if not found:
        raise StorageError("the replay seated no Bolshevik deputy of the Putilov works")
    return min(found, key=lambda m: (m.since, m.person)).person


def demo_accounts(db: Database, path: Path, *, actor: Actor) -> list[DemoAccount]:
    """The demo's sign-ins: read from `path`, or made (and written there) the first time
    (the operator's act: it makes accounts and registers a member)."""
    identity.require_operator_or(actor, Action.MANAGE_ACCOUNTS)
    if path.exists():
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            return [DemoAccount(**entry) for entry in saved]
        except (OSError, ValueError, TypeError) as error:
            raise StorageError(
                f"demo accounts: cannot read {path}: {type(error).__name__}"
            ) from None
    wanted = [
        (_deputy(db, actor), "a Bolshevik deputy of the Putilov works in the Petrograd Soviet"),
        (WORKER.account or "", "a worker of the Putilov works, who may sign a recall"),
        (CHAIR, "the chair of the Second Congress of Soviets"),
        (ADMINISTRATOR, "the administrator of the federation"),
    ]
    registered = member_register(db, FACTORY, limit=500, actor=actor)
    if not any(m.key == WORKER.key for m in registered.members.items):
        register_members(db, FACTORY, [WORKER], actor=actor)
    known = {a.name for a in accounts.list_accounts(db, actor=actor)}
    made = []
    for account, who in wanted:
        password = _password()
        if account in known:
            accounts.reset_password(db, account, accounts.hash_password(password), actor=actor)
        else:
            accounts.create_account(db, account, password, actor=actor)
        made.append(DemoAccount(account, password, who))
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump([vars(a) for a in made], file, indent=2)
    return made
