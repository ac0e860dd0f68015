"""The pages' texts: every one in the templates and the code has a German translation,
the English catalogue holds every one too, and the language follows Accept-Language."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import soviet.web
from soviet.web import i18n

WEB = Path(soviet.web.__file__).parent


def _extracted() -> set[str]:
    found = extract_from_dir(
        str(WEB),
        method_map=[("templates/**.html", "jinja2"), ("**.py", "python")],
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_text_is_in_each_catalogue_and_translated(language: str) -> None:
    with (i18n.LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale=language)
    texts = _extracted()
    assert len(texts) > 40
    missing = sorted(text for text in texts if text not in catalog or not catalog[text].string)
    assert missing == [], f"not in the {language} catalogue: {missing}"
    stale = sorted(
        str(m.id)
        for m in catalog
        if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in texts
    )
    assert stale == [], f"in the {language} catalogue but used nowhere: {stale}"


def test_the_german_catalogue_translates() -> None:
    german = i18n.translations("de")
    assert german.gettext("Sign in") == "Anmelden"
    assert german.ngettext("%(num)d seat off", "%(num)d seats off", 2) == "%(num)d Sitze abweichend"
    assert i18n.translations("en").gettext("Sign in") == "Sign in"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("de", "de"),
        ("de-AT,de;q=0.9,en;q=0.8", "de"),
        ("en-GB,en;q=0.9,de;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,de;q=0.5", "de"),
        ("fr, en;q=0.1, de;q=0.2", "de"),
        ("de;q=0, en;q=0.5", "en"),
        ("de;q=0", "en"),
        ("ru", "en"),
        ("de;q=zero", "en"),
    ],
)
def test_the_language_follows_accept_language(header: str | None, language: str) -> None:
    assert i18n.negotiate(header) == language


def test_an_account_chooses_among_the_languages_of_the_pages() -> None:
    from soviet.services import accounts

    assert accounts.LANGUAGES == i18n.LANGUAGES
