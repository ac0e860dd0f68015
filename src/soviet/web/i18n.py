"""Every string of the pages through gettext: English as written, German from its
catalogue (locale/de/LC_MESSAGES/messages.po, read with Babel when the module loads), the
language chosen by the browser's `Accept-Language`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locale"
#: The languages the pages speak, the first the default.
LANGUAGES = ("en", "de")


def _catalogue(language: str) -> dict[str, str]:
    path = LOCALES / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalogue = read_po(file, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalogue
        if message.id and message.string and not message.fuzzy
    }


CATALOGUES = {"en": {}, **{language: _catalogue(language) for language in LANGUAGES[1:]}}


def negotiate(header: str | None) -> str:
    """The language of `Accept-Language` the pages speak, by the browser's preference."""
    wanted: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = tag.strip().lower().split("-")[0]
        if language in LANGUAGES and quality > 0:
            wanted.append((-quality, index, language))
    return min(wanted)[2] if wanted else LANGUAGES[0]


def translator(language: str) -> Callable[..., str]:
    """gettext for `language`: a message's translation, or the message itself."""
    catalogue = CATALOGUES.get(language, {})

    def gettext(message: str, **values: object) -> str:
        text = catalogue.get(message, message)
        return text.format(**values) if values else text

    return gettext
