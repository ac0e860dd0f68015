"""`soviet recount board.json`: the standalone verifier's checks (verifier/soviet_recount.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from soviet.cli.app import app
from soviet.errors import InvalidInput, Problem


@app.command()
def recount(
    board: Annotated[Path, typer.Argument(help="A poll's board (soviet-board/1 JSON).")],
    journal_head: Annotated[
        str | None,
        typer.Option(help="The journal head published at the close; the board must name it."),
    ] = None,
) -> None:
    """Check a poll's board: every proof, the tally, the decryptions, the result, the seats.

    The same checks as the standalone verifier/soviet_recount.py; each failure is named and
    the exit status is 1 on any.
    """
    import json

    from soviet.crypto.recount import check

    try:
        document = json.loads(board.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        reason = f"cannot read a board from {board}: {error}"
        raise InvalidInput(f"board: {reason}", problems=[Problem("board", reason)]) from None
    failures = check(document, journal_head)
    for failure in failures:
        typer.echo(f"FAIL {failure}")
    ballots = len(document.get("ballots", [])) if isinstance(document, dict) else 0
    status = "FAILED" if failures else "OK"
    result = document.get("result") if isinstance(document, dict) else None
    typer.echo(f"{status}: {ballots} ballots, {len(failures)} failures, result {result}")
    if failures:
        raise typer.Exit(1)
