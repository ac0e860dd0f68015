"""The static files under content-hashed names (`site.3f2a9c1b0d4e.css`), so that each
can be cached for a year: a changed file is a new name."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STATIC = Path(__file__).parent / "static"
#: What a hashed name may be cached for: a year, never revalidated.
CACHE_CONTROL = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    path: Path
    media_type: str


def _hashed(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"{path.stem}.{digest}{path.suffix}"


@cache
def names() -> dict[str, str]:
    """Each static file's name → its hashed name."""
    return {path.name: _hashed(path) for path in sorted(STATIC.iterdir()) if path.is_file()}


@cache
def by_hashed_name() -> dict[str, Asset]:
    found: dict[str, Asset] = {}
    for name, hashed in names().items():
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        found[hashed] = Asset(STATIC / name, media_type)
    return found


def url(name: str) -> str:
    """The address of static file `name` under its hashed name."""
    return f"/static/{names()[name]}"
