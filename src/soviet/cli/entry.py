"""The `soviet` command's entry point: `soviet --version` answers before anything else is
imported; every other command line goes to `soviet.cli.app.main`."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the CLI (see `soviet.cli.app.main`)."""
    if sys.argv[1:] == ["--version"]:
        from soviet import __version__

        sys.stdout.write(f"soviet {__version__}\n")
        return
    from soviet.cli.app import main as run

    run()
