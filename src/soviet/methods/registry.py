"""The registry of apportionment methods: each a small named function and where law uses it.

A divisor method is given by its divisor sequence d(0), d(1), ...: a key holding k seats
asks for its next one with priority weight / d(k). Each function below returns d(k) raised
to the method's `power` as a pair (numerator, denominator) of ints, for one k or for a
numpy array of them, so that every priority can be compared by cross-multiplying ints
(Huntington-Hill, whose divisors are square roots, is compared by squares).

A largest-remainder method is given by its quota: seats are the whole quotas of each key,
and the seats left over go to the largest remainders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from soviet.errors import InvalidInput

DivisorSequence = Callable[[Any], tuple[Any, Any]]
Quota = Callable[[Fraction, int], Fraction]


def dhondt(k: Any) -> tuple[Any, Any]:
    """D'Hondt (Jefferson): divisors 1, 2, 3, ...

    Used by law for the Spanish Congreso (LOREG art. 163), the Portuguese Assembleia,
    Finland, the Netherlands, Belgium, Austria, Israel and the US House of 1792-1832.
    """
    return k + 1, 1


def sainte_lague(k: Any) -> tuple[Any, Any]:
    """Sainte-Laguë (Webster), standard rounding: divisors 1, 3, 5, 7, ...

    Used by law for the German Bundestag (BWahlG § 6), New Zealand, Latvia, and the lower
    apportionment of the biproportional method in Zurich and other Swiss cantons.
    """
    return 2 * k + 1, 1


def modified_sainte_lague(k: Any) -> tuple[Any, Any]:
    """Modified Sainte-Laguë: divisors 1.4, 3, 5, 7, ...

    Used by law for the Norwegian Storting (valgloven § 11-4) with first divisor 1.4,
    and in Sweden (vallagen 14 kap.) with first divisor 1.2 (`first_divisor`).
    """
    numerator, denominator = 2 * k + 1, 1
    return numerator * 5 + (k == 0) * 2, denominator * 5


def huntington_hill(k: Any) -> tuple[Any, Any]:
    """Huntington-Hill (equal proportions): divisors sqrt(k(k+1)), compared by squares.

    d(0) = 0, so every unit gets a seat before any gets a second. Used by law for the
    US House of Representatives since 1941 (2 U.S.C. § 2a).
    """
    return k * (k + 1), 1


def adams(k: Any) -> tuple[Any, Any]:
    """Adams (smallest divisors): divisors 0, 1, 2, ...

    Proposed for the US House in 1832; used by the French Conseil constitutionnel's
    apportionment rule for the Assemblée nationale and by the EU Parliament's floor.
    """
    return k, 1


def dean(k: Any) -> tuple[Any, Any]:
    """Dean (harmonic mean): divisors 2k(k+1)/(2k+1), that is 0, 4/3, 12/5, ...

    Proposed for the US House by James Dean in 1832; one of the five historical
    divisor methods compared in Balinski and Young, *Fair Representation*.
    """
    return 2 * k * (k + 1), 2 * k + 1


def hare(total: Fraction, seats: int) -> Fraction:
    """Hare (Hamilton) quota: the total divided by the seats.

    Used by law for the seats of the Spanish provinces (LOREG art. 162), the US House
    of 1852-1900, and for list seats in Ukraine, Lithuania and Tunisia.
    """
    return total / seats


def droop(total: Fraction, seats: int) -> Fraction:
    """Droop quota: floor(total / (seats + 1)) + 1.

    Used with largest remainders in South Africa's National Assembly (Electoral Act
    1998, schedule 1A) and in the Irish and Maltese STV counts.
    """
    return Fraction(int(total // (seats + 1)) + 1)


@dataclass(frozen=True)
class Method:
    """One apportionment method: its name, its rule, and the constants its estimates use."""

    name: str
    divisors: DivisorSequence | None = None
    quota: Quota | None = None
    power: int = 1
    #: divisors grow by `slope` per seat; floor(q / slope + offset) estimates the seats
    slope: float = 1.0
    offset: float = 0.0

    @property
    def is_divisor(self) -> bool:
        """True for a divisor method, False for a largest-remainder method."""
        return self.divisors is not None


_ALL = (
    (Method("dhondt", dhondt), ("jefferson", "d'hondt")),
    (Method("sainte-lague", sainte_lague, slope=2.0, offset=0.5), ("webster",)),
    (Method("modified-sainte-lague", modified_sainte_lague, slope=2.0, offset=0.5), ()),
    (Method("huntington-hill", huntington_hill, power=2, offset=0.5), ("equal-proportions",)),
    (Method("adams", adams, offset=1.0), ()),
    (Method("dean", dean, offset=0.5), ()),
    (Method("hare", quota=hare), ("hamilton",)),
    (Method("droop", quota=droop), ()),
)

#: Every method by its name and by each alias.
METHODS: dict[str, Method] = {}
for _method, _aliases in _ALL:
    for _name in (_method.name, *_aliases):
        METHODS[_name] = _method


def method_named(name: object) -> Method:
    """The method of that name or alias; the error lists the known ones."""
    if type(name) is str and name in METHODS:  # the common call, spelled as registered
        return METHODS[name]
    if isinstance(name, Method):
        return name
    found = METHODS.get(str(name).lower().replace("_", "-")) if isinstance(name, str) else None
    if found is None:
        known = ", ".join(sorted(METHODS))
        raise InvalidInput(f"unknown method {name!r}; known methods: {known}")
    return found
