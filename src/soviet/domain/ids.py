"""Ids as a person reads and types them: the journal entry that made the thing, and which.

Every row an act creates is numbered from its journal entry: `seq << ORDINAL_BITS | ordinal`
(store.registry.entity_id), the same on every rebuild. That stored number (184549376 for
the 11th entry) is kept in journal payloads, but nobody should have to read or type it. Its
public form is the entry's sequence number, `11`, and for the second and later rows one
entry creates, `11.3`: short, stable, and it says which act made the thing, so `journal
show 11` finds it. Every door formats with `format_id` and parses with `parse_id`.
"""

from __future__ import annotations

import re

from soviet.errors import InvalidInput, Problem

#: Bits of a stored id left for the rows one entry creates.
ORDINAL_BITS = 24
#: Stored ids are signed 64-bit integers on both engines.
MAX_ID = (1 << 63) - 1

_PUBLIC = re.compile(r"([0-9]{1,19})(?:\.([0-9]{1,8}))?")


def format_id(stored: int) -> str:
    """The public form of a stored id: `SEQ`, or `SEQ.ORDINAL` when the ordinal is not 0."""
    seq, ordinal = stored >> ORDINAL_BITS, stored & ((1 << ORDINAL_BITS) - 1)
    return str(seq) if ordinal == 0 else f"{seq}.{ordinal}"


def format_optional_id(stored: int | None) -> str | None:
    """The public form of an id that may be absent."""
    return None if stored is None else format_id(stored)


def parse_id(text: str, field: str) -> int:
    """The stored id of a public id (`11` or `11.3`); anything else is refused, naming the
    field (`field` is how the caller names it: `election`, `--session`)."""
    found = _PUBLIC.fullmatch(text.strip())
    if found is not None:
        seq, ordinal = int(found.group(1)), int(found.group(2) or 0)
        if seq > 0 and ordinal < 1 << ORDINAL_BITS and seq << ORDINAL_BITS | ordinal <= MAX_ID:
            return seq << ORDINAL_BITS | ordinal
    shown = text if len(text) <= 40 else text[:40] + "..."
    message = (
        f"{field}: {shown!r} is not an id: an id is the number of the journal entry that "
        "made it, such as 11, or 11.3 for another thing that entry made"
    )
    raise InvalidInput(message, problems=[Problem(field, message.partition(": ")[2])])
