"""Numbers and amounts of money as a German or English reader writes them.

>>> number(1233500, "de"), number(1233500, "en"), number(3.5, "de"), number(-60.7, "en")
('1.233.500', '1,233,500', '3,5', '−60.7')
>>> euro(787400, "de"), euro(787400, "en"), euro(0.5, "de")
('787.400 €', '€787,400', '0,50 €')
>>> number(None, "de")
''
"""

from __future__ import annotations

from decimal import Decimal

MINUS = "\u2212"


def number(value: float | Decimal | None, lang: str, places: int | None = None) -> str:
    """``value`` with the language's group and decimal separators ("" for no value); ``places``: fixed
    decimals, else as many as the value has (at most 3)."""
    if value is None:
        return ""
    text = f"{abs(value):,.{places}f}" if places is not None else f"{abs(value):,.3f}".rstrip("0").rstrip(".")
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return (MINUS if value < 0 else "") + text


def euro(value: float | Decimal | None, lang: str) -> str:
    """An amount in euro: whole euros without decimals, cents otherwise ("" for no value)."""
    if value is None:
        return ""
    places = 0 if float(value).is_integer() else 2
    shown = number(value, lang, places)
    return f"{shown} €" if lang == "de" else f"€{shown}"
