"""Proxies: a delegate transfers her vote to another delegate of the council for one
session, where the statute allows it.

A statute allows it under `sessions.proxies:` (absent: no proxies), with how many proxies
one delegate may hold (`max_held`) and whether only within her own fraction
(`same_fraction`). A proxy may be given or revoked until a poll of the session opens; a
holder may not pass a proxy on, and a ballot she casts counts once for every mandate she
holds (issue #15).
"""

from __future__ import annotations

from dataclasses import dataclass

from soviet.domain.reading import _int, _keys, _Problems, _shown
from soviet.domain.rules import ProxyRule

#: The most proxies a statute may let one delegate hold.
HELD_MAX = 1_000


def proxy_rule(value: object, path: str, p: _Problems) -> ProxyRule | None:
    """The `sessions.proxies:` entry: absent, no proxies; else `max_held` (default 1) and
    `same_fraction` (default true)."""
    if value is None:
        return None
    raw = _keys(value, path, ("max_held", "same_fraction"), p)
    same = raw.get("same_fraction", True)
    if not isinstance(same, bool):
        p.add(f"{path}.same_fraction", f"must be true or false, got {_shown(same)}")
        same = True
    held = _int(raw.get("max_held", 1), f"{path}.max_held", p, minimum=1, maximum=HELD_MAX)
    return ProxyRule(max_held=max(held, 1), same_fraction=same)


@dataclass(frozen=True)
class Delegate:
    """A delegate of the council as proxies see her: her fraction, whose proxies she holds
    and to whom she has given her own (in the session)."""

    person: str
    party: str | None
    holds: tuple[str, ...] = ()
    gave_to: str | None = None


def refuse_proxy(rule: ProxyRule | None, giver: Delegate, holder: Delegate | str) -> str | None:
    """Why `giver` may not give her proxy to `holder` (None: she may); `holder` is only a
    slug when that person holds no mandate of the council."""
    if rule is None:
        return "the statute allows no proxies in this council (sessions.proxies)"
    name = holder if isinstance(holder, str) else holder.person
    if name == giver.person:
        return "a delegate cannot give her proxy to herself"
    if isinstance(holder, str):
        return f"{holder} holds no mandate in the council: only its delegates hold proxies"
    if giver.gave_to is not None:
        return f"{giver.person} has given her proxy to {giver.gave_to} already: revoke it first"
    if rule.same_fraction and holder.party != giver.party:
        return (
            f"{holder.person} is not of {giver.person}'s fraction ({giver.party or 'none'}): "
            "the statute allows proxies within a fraction only"
        )
    if giver.holds:
        return (
            f"{giver.person} holds the proxies of {', '.join(giver.holds)}: a proxy cannot "
            "be passed on"
        )
    if holder.gave_to is not None:
        return (
            f"{holder.person} has given her own proxy to {holder.gave_to}: a proxy cannot be "
            "passed on"
        )
    if len(holder.holds) >= rule.max_held:
        count = len(holder.holds)
        return (
            f"{holder.person} holds {count} prox{'y' if count == 1 else 'ies'} already "
            f"({', '.join(holder.holds)}): the statute allows at most {rule.max_held}"
        )
    return None
