"""`soviet allocate --method` lists the methods of the registry, by their own names."""

from __future__ import annotations

from soviet.cli.allocate import METHOD_NAMES
from soviet.methods import METHODS


def test_the_help_names_every_method_of_the_registry_in_order() -> None:
    assert tuple(sorted(METHODS)) == METHOD_NAMES
