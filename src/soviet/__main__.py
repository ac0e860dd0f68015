"""`python -m soviet`: the same as the `soviet` command."""

from soviet.cli.app import main

main()
