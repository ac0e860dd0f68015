"""Write the documents generated from the code: docs/permissions.md (who may do what),
docs/journal.md (every journal kind and its fields), docs/notices.md (what each kind
publishes), docs/limits.md (the limits of every value that enters) and docs/openapi.json
(the HTTP API).

Usage: python scripts/docs.py [--check]
With --check nothing is written; exits 1 naming each document that differs from the code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from soviet.api.app import openapi_text
from soviet.domain import limits, notices, permissions
from soviet.domain.events.describe import journal_markdown

ROOT = Path(__file__).resolve().parent.parent

#: Each generated document and the function that writes its text.
DOCUMENTS: dict[str, Callable[[], str]] = {
    "docs/permissions.md": permissions.table,
    "docs/journal.md": journal_markdown,
    "docs/notices.md": notices.policy_table,
    "docs/limits.md": limits.markdown,
    "docs/openapi.json": openapi_text,
}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name, generate in DOCUMENTS.items():
        path = ROOT / name
        text = generate()
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {name}")
    if check and stale:
        print(f"out of date (run python scripts/docs.py): {', '.join(stale)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
