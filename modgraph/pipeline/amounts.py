"""Amounts as the sources write them ("113,5 T€", "rund 2,9 Millionen Euro", "*?*") → numbers with unit and scale.

Nothing is rounded or guessed: an unknown value stays unknown, an empty cell stays blank, "rund" and "ca."
mark the value approximate, "über"/"mehr als" make it a lower bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

UNKNOWN_MARKERS = {"*?*", "?"}

_NUMBER_WORDS = {
    "ein": 1,
    "eine": 1,
    "einen": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
}
_APPROXIMATE = {"rund", "ca.", "circa", "etwa", "ungefähr", "knapp"}
_LOWER_BOUND = {"über", "mehr als", "mind.", "mindestens"}
_FILLERS = {"insgesamt", "je"}

# written unit -> (kind, scale, currency, unit IRI)
UNITS: dict[str, tuple[str, int, str | None, str | None]] = {
    "T€": ("money", 1000, "EUR", None),
    "Tsd. €": ("money", 1000, "EUR", None),
    "Mio. €": ("money", 1_000_000, "EUR", None),
    "Mio. Euro": ("money", 1_000_000, "EUR", None),
    "Millionen Euro": ("money", 1_000_000, "EUR", None),
    "Million Euro": ("money", 1_000_000, "EUR", None),
    "Milliarden Euro": ("money", 1_000_000_000, "EUR", None),
    "Mrd. Euro": ("money", 1_000_000_000, "EUR", None),
    "Mrd. €": ("money", 1_000_000_000, "EUR", None),
    "Euro": ("money", 1, "EUR", None),
    "€": ("money", 1, "EUR", None),
    "EUR": ("money", 1, "EUR", None),
    "VZÄ": ("quantity", 1, None, "http://qudt.org/vocab/unit/NUM"),
    "%": ("quantity", 1, None, "http://qudt.org/vocab/unit/PERCENT"),
    "Anzahl": ("quantity", 1, None, "http://qudt.org/vocab/unit/NUM"),
    "": ("quantity", 1, None, None),
}


class AmountError(ValueError):
    pass


@dataclass(frozen=True)
class Amount:
    written: str  # exactly as in the record
    value: Decimal | None  # in the written scale (113.5 for "113,5 T€"); None when unknown or blank
    status: str  # stated | approximate | lower-bound | unknown | blank
    unit: str  # the written unit ("T€", "%", "VZÄ", "")
    kind: str  # money | quantity
    scale: int  # 1000 for T€
    currency: str | None
    unit_iri: str | None

    @property
    def base_value(self) -> Decimal | None:
        """The value in the base unit (euro for money)."""
        return None if self.value is None else self.value * self.scale


def _parse_number(token: str) -> Decimal:
    if token.lower() in _NUMBER_WORDS:
        return Decimal(_NUMBER_WORDS[token.lower()])
    if not re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?|\d+(,\d+)?", token):
        raise AmountError(f"not a German number: {token!r}")
    return Decimal(token.replace(".", "").replace(",", "."))


def parse_amount(written: str, default_unit: str = "") -> Amount:
    """Parse an amount as written in a source. ``default_unit`` applies when the text names none.

    >>> a = parse_amount("113,5 T€")
    >>> a.value, a.base_value, a.kind, a.currency
    (Decimal('113.5'), Decimal('113500.0'), 'money', 'EUR')
    >>> parse_amount("rund 2,9 Mio. €").status
    'approximate'
    >>> parse_amount("*?*", "VZÄ").status, parse_amount("T€").status
    ('unknown', 'blank')
    >>> parse_amount("12 Äpfel")
    Traceback (most recent call last):
      ...
    modgraph.pipeline.amounts.AmountError: unknown unit 'Äpfel' in '12 Äpfel'; known: ...

    :raises AmountError: an unknown unit or a number that is not written the German way.
    """
    text = " ".join(str(written).split())
    if text in UNKNOWN_MARKERS:
        return _make(written, None, "unknown", default_unit)
    status = "stated"
    rest = text
    stripped = True
    while stripped:  # "insgesamt rund 974.000 Euro": qualifiers in any order
        stripped = False
        for words, marker in ((_APPROXIMATE, "approximate"), (_LOWER_BOUND, "lower-bound"), (_FILLERS, None)):
            for word in sorted(words, key=len, reverse=True):
                if rest.lower().startswith(word + " "):
                    rest = rest[len(word) + 1 :]
                    status = marker or status
                    stripped = True
    # a bare unit ("T€") is an empty cell of a table whose unit is known
    if rest in UNITS and rest:
        return _make(written, None, "blank", rest)
    if rest == "":
        return _make(written, None, "blank", default_unit)
    number, _, unit = rest.partition(" ")
    if not unit and number[-1:] in {"%", "€"}:
        number, unit = number[:-1], number[-1]
    unit = unit or default_unit
    if unit not in UNITS:
        raise AmountError(f"unknown unit {unit!r} in {written!r}; known: {', '.join(u for u in UNITS if u)}")
    return _make(written, _parse_number(number), status, unit)


def _make(written: str, value: Decimal | None, status: str, unit: str) -> Amount:
    if unit not in UNITS:
        raise AmountError(f"unknown unit {unit!r} in {written!r}")
    kind, scale, currency, unit_iri = UNITS[unit]
    return Amount(str(written), value, status, unit, kind, scale, currency, unit_iri)
