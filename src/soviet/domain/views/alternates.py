"""Read models of alternates and proxies: a constituency's alternates in list order, who
sits for whom in a session, and whose votes its delegates carry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PartyAlternates:
    """A party's alternates for its seats in a constituency, in list order."""

    party: str
    delegates: tuple[str, ...]
    alternates: tuple[str, ...]


@dataclass(frozen=True)
class ConstituencyAlternates:
    """A constituency's alternates, per party holding seats there now."""

    constituency: str
    council: str
    parties: tuple[PartyAlternates, ...]
    at: str


@dataclass(frozen=True)
class AlternateSeating:
    """An alternate on a delegate's mandate in a session, while seated or since unseated."""

    delegate: str
    alternate: str
    fraction: str | None
    seated_at: str
    unseated_at: str | None
    reason: str | None  # return | unseated (None while seated)


@dataclass(frozen=True)
class SessionAlternates:
    """Every alternate seated in a session, oldest first."""

    session: str
    seatings: tuple[AlternateSeating, ...]


@dataclass(frozen=True)
class ProxyHeld:
    """A delegate's vote carried by another for a session."""

    giver: str
    holder: str
    fraction: str | None
    given_at: str


@dataclass(frozen=True)
class SessionProxies:
    """The proxies standing in a session, oldest first, and the statute's rule."""

    session: str
    is_allowed: bool
    max_held: int | None
    is_same_fraction: bool | None
    proxies: tuple[ProxyHeld, ...]
