"""Progress bars for long work, on stderr so that stdout stays clean for --json."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

_console = Console(stderr=True)


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A bar that the work advances by calling the yielded function with its count so far.

    Shown only on a terminal, and only once the work has reported progress.
    """
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(
        *columns, console=_console, transient=True, disable=not _console.is_terminal
    ) as bar:
        task = bar.add_task(description, total=total)

        def advance(done: int) -> None:
            bar.update(task, completed=done)

        yield advance
