"""Write docs/journal.md, the table of every journal kind and its fields, from the code.

Run `python scripts/journal_doc.py` after changing an event class; the test suite fails
while the committed file differs from what this writes.
"""

from __future__ import annotations

from pathlib import Path

from soviet.domain.events.describe import journal_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "journal.md"

if __name__ == "__main__":
    DOC.write_text(journal_markdown(), encoding="utf-8")
    print(f"wrote {DOC}")
