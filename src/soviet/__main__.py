"""`python -m soviet`: the same as the `soviet` command."""

from soviet.cli.entry import main

main()
