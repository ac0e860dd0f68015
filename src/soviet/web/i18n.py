"""The page's language and its translations: English and German catalogues kept as .po
files beside this module, compiled in memory when first needed (no build step)."""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).parent / "locale"
#: The languages a page can be in, the first being the default.
LANGUAGES = ("en", "de")


@cache
def translations(language: str) -> gettext.GNUTranslations:
    """The compiled catalogue of `language` (one of LANGUAGES)."""
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _ranges(header: str) -> list[tuple[float, int, str]]:
    found: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:32]):
        tag, _, parameters = part.strip().partition(";")
        weight = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        if tag:
            found.append((-weight, index, tag.strip().lower()))
    return sorted(found)


def negotiate(accept_language: str | None) -> str:
    """The language of LANGUAGES that an Accept-Language header prefers (RFC 9110: by
    weight, then order; a tag such as de-AT matches de); the default when none does."""
    for weight, _index, tag in _ranges(accept_language or ""):
        if weight >= 0:
            continue  # q=0: not acceptable
        primary = tag.split("-")[0]
        if primary in LANGUAGES:
            return primary
    return LANGUAGES[0]
