"""Electoral mathematics: apportionment, list PR, biproportional, disproportionality.

Pure and exact: every comparison that decides a seat is made between ints or Fractions;
floats and numpy only estimate. Imports nothing from the other layers.
"""

from soviet.methods.apportionment import allocate
from soviet.methods.biproportional import biproportional
from soviet.methods.indices import gallagher, loosemore_hanby, sainte_lague_index
from soviet.methods.registry import METHODS, Method
from soviet.methods.result import Allocation, Draw, Tie

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
