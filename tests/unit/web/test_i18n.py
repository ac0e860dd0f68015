"""Every string the pages show is translated: each message of the templates and of
soviet.web.pages has its German translation, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from soviet.web import hemicycle, i18n, pages

WEB = Path(pages.__file__).resolve().parent
MESSAGE = re.compile(r"""(?:\b_|\bgettext)\(\s*(["'])(.*?)\1""", re.DOTALL)


def messages() -> list[str]:
    found: list[str] = []
    sources = [*sorted((WEB / "templates").glob("*.html")), WEB / "pages.py"]
    for path in sources:
        for match in MESSAGE.finditer(path.read_text(encoding="utf-8")):
            found.append(match.group(2))
    found += [*pages.HEADINGS.values(), "That cannot be done"]
    found += list(hemicycle.PATTERNS)
    return sorted(set(found))


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_pages_have_messages_to_translate() -> None:
    assert len(messages()) > 40


@pytest.mark.parametrize("message", messages())
def test_every_message_has_its_german_translation(message: str) -> None:
    german = i18n.CATALOGUES["de"].get(message)
    assert german, f"no German for {message!r} in locale/de/LC_MESSAGES/messages.po"
    assert fields(german) == fields(message)


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("fr-FR, en;q=0.5, de;q=0.9", "de"),
        ("en-GB,de;q=0.5", "en"),
        ("de;q=0", "en"),
        ("de;q=abc, en", "en"),
        ("ru, fr", "en"),
    ],
)
def test_the_language_is_the_browsers_first_choice_spoken(
    header: str | None, language: str
) -> None:
    assert i18n.negotiate(header) == language
