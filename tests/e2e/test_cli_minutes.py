"""`soviet session minutes` through the real entrypoint, on SQLite and PostgreSQL: Markdown
printed, an HTML page written with --output, the read model with --json, and refusals of
a format, a file and a session that do not exist."""

from __future__ import annotations

import json
from pathlib import Path

from ..integration.sessions.plenary import SOVIET
from .test_cli_sessions import as_json, found, ok, refused


def test_the_minutes_of_a_session_through_the_command_line(db_url: str, tmp_path: Path) -> None:
    found(db_url)
    session = ok(db_url, "session", "convene", "petrograd-soviet", "--agenda", "Peace").split()[1]
    ok(db_url, "session", "check-in", session, *SOVIET)
    ok(db_url, "session", "walk-out", session, "sr", "--as", "chernov")
    ok(
        db_url,
        "motion",
        "move",
        "petrograd-soviet/peace",
        "--session",
        session,
        "--title",
        "Peace",
        "--text",
        "A just peace <now>.",
        "--by-fraction",
        "bolsheviks",
        "--as",
        "lenin",
    )
    ok(db_url, "vote", "open", "petrograd-soviet/peace")
    for person, choice in zip(SOVIET[:5], ["yes", "yes", "yes", "no", "abstain"], strict=True):
        ok(db_url, "vote", "cast", "petrograd-soviet/peace", person, choice, "--as", person)
    ok(db_url, "vote", "close", "petrograd-soviet/peace")
    text = ok(db_url, "session", "minutes", session)
    assert text.startswith(f"# Minutes of session {session} of the Petrograd Soviet\n")
    assert "the fraction Sr (1 delegate) walked out: S1" in text
    assert "> A just peace <now>." in text
    assert "- yes, Bolsheviks (3): B1; B2; B3" in text
    assert "Result (" in text
    assert ": 3 yes, 1 no, 1 abstain: adopted." in text
    page = tmp_path / "minutes.html"
    done = ok(db_url, "session", "minutes", session, "--format", "html", "--output", str(page))
    assert done == ""
    written = page.read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>")
    assert "A just peace &lt;now&gt;." in written
    shown = as_json(db_url, "session", "minutes", session)
    saved = tmp_path / "minutes.json"
    ok(db_url, "session", "minutes", session, "--json", "--output", str(saved))
    assert json.loads(saved.read_text(encoding="utf-8")) == shown
    assert shown["session"] == session
    assert shown["council"] == {"slug": "petrograd-soviet", "name": "Petrograd Soviet"}
    [motion] = shown["motions"]
    assert (motion["vote"]["yes"], motion["vote"]["outcome"]) == (3, "adopted")
    assert [b["person"]["slug"] for b in motion["vote"]["ballots"]] == SOVIET[:5]
    assert refused(db_url, 2, "session", "minutes", session, "--format", "pdf") == (
        "--format: must be one of markdown, html, got 'pdf'"
    )
    missing = tmp_path / "no-such-folder" / "minutes.md"
    assert refused(db_url, 2, "session", "minutes", session, "--output", str(missing)) == (
        f"--output: cannot write {str(missing)!r}: No such file or directory"
    )
    assert refused(db_url, 3, "session", "minutes", "1") == "session 1 does not exist"
