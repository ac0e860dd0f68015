"""Ids on the command line: typed and printed in their public form (domain.ids)."""

from __future__ import annotations

from collections.abc import Callable


def id_parser(field: str) -> Callable[[str], int]:
    """The parser of an id argument or option: its public form (`11`, `11.3`) to the stored
    id; anything else is an InvalidInput naming `field`."""

    def parse(text: str) -> int:
        from soviet.domain.ids import parse_id

        return parse_id(text, field)

    return parse
