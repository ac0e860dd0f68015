"""Copy the README's screenshots, made by the browser tests (tests/web/test_demo_pages.py,
`readme-*.png` in tests/web/artifacts), to docs/screenshots, where the README shows them.

Usage: python scripts/readme_screenshots.py   (after the browser tests have run)
Exits 1, copying nothing, if one of them is missing.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "web" / "artifacts"
TARGET = ROOT / "docs" / "screenshots"
#: The screenshots the README shows, as the browser tests name them.
SHOWN = [
    f"readme-{page}-{width}.png"
    for page in ("tree", "council", "constituency", "party", "session", "projector")
    for width in (1280, 390)
]


def main() -> int:
    missing = [name for name in SHOWN if not (ARTIFACTS / name).is_file()]
    if missing:
        print(
            f"missing in {ARTIFACTS}: {', '.join(missing)}; run "
            "`python -m pytest tests/web/test_demo_pages.py` first",
            file=sys.stderr,
        )
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in SHOWN:
        shutil.copyfile(ARTIFACTS / name, TARGET / name.removeprefix("readme-"))
    print(f"copied {len(SHOWN)} screenshots to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
