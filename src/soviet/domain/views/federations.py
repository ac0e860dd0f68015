"""The federations a database holds: which organisations this server serves."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FederationLine:
    """A federation by its slug (how every address names it) and its name."""

    federation: str
    name: str
