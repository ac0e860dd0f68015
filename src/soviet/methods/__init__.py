"""Electoral mathematics: apportionment, list PR, biproportional, disproportionality.

Pure and exact: every comparison that decides a seat is made between ints or Fractions;
floats and numpy only estimate. Imports nothing from the other layers.

`allocate` and `biproportional` are imported on first use (with numpy, which costs a
command that allocates nothing, such as a read, several times its own start; issue 18).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from soviet.methods.indices import gallagher, loosemore_hanby, sainte_lague_index
from soviet.methods.registry import METHODS, Method
from soviet.methods.result import Allocation, Draw, Tie

if TYPE_CHECKING:
    from soviet.methods.apportionment import allocate
    from soviet.methods.biproportional import biproportional

#: The functions imported on first use, and their modules.
_LAZY = {
    "allocate": "soviet.methods.apportionment",
    "biproportional": "soviet.methods.biproportional",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "METHODS",
    "Allocation",
    "Draw",
    "Method",
    "Tie",
    "allocate",
    "biproportional",
    "gallagher",
    "loosemore_hanby",
    "sainte_lague_index",
]
