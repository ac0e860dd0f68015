"""The static files (style sheet, script) served under names that carry a hash of their
content, so that a browser may keep each for a year and still never uses a stale one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from starlette.responses import Response

FOLDER = Path(__file__).resolve().parent / "static"
TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
FOREVER = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    name: str  # as the templates ask for it: soviet.css
    served: str  # as it is served: soviet.0123456789ab.css
    body: bytes
    media_type: str


def _load() -> dict[str, Asset]:
    found = {}
    for path in sorted(FOLDER.iterdir()):
        if path.suffix not in TYPES:
            continue
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:12]
        found[path.name] = Asset(
            path.name, f"{path.stem}.{digest}{path.suffix}", body, TYPES[path.suffix]
        )
    return found


ASSETS = _load()
BY_SERVED = {asset.served: asset for asset in ASSETS.values()}


def url(name: str) -> str:
    """The address of a static file, by its plain name."""
    return f"/static/{ASSETS[name].served}"


def response(served: str) -> Response | None:
    """The file served under `served` with its long cache headers, or None."""
    asset = BY_SERVED.get(served)
    if asset is None:
        return None
    return Response(asset.body, media_type=asset.media_type, headers={"Cache-Control": FOREVER})
