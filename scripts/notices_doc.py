"""Write docs/notices.md, the policy of public notices, from soviet.domain.notices.

Usage: python scripts/notices_doc.py [--check]
With --check it writes nothing and exits non-zero if the file differs from the policy.
"""

from __future__ import annotations

import sys
from pathlib import Path

from soviet.domain.notices import policy_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "notices.md"


def main() -> int:
    text = policy_table()
    if "--check" in sys.argv[1:]:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} differs from the policy: run python scripts/notices_doc.py")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
