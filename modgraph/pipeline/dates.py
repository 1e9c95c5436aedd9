"""Dates as the sources give them, with their precision kept.

Record syntax (a string, or a mapping with ``date`` and optional ``bound`` / ``text``):

- ``2017-08-29`` a day · ``2017-09`` a month · ``2017`` a year
- ``--05-16`` a day whose year the document does not make certain (kept partial, flagged)
- ``--05`` a month without its year
- ``{date: 2017-09, bound: end, text: "Ende September 2017"}``: the end of that month

Each date has an earliest and latest possible day, so that "deadlines in a period" can be asked
of dates of any precision. A date without a year has neither.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^--(\d{2})-(\d{2})$"), "day-no-year"),
    (re.compile(r"^--(\d{2})$"), "month-no-year"),
]
BOUNDS = ("start", "end", "by")


class DateError(ValueError):
    pass


@dataclass(frozen=True)
class PartialDate:
    precision: str  # day | month | year | day-no-year | month-no-year
    year: int | None
    month: int | None
    day: int | None
    bound: str | None = None  # start | end | by ("Ende September 2017" = end of 2017-09)
    text: str | None = None  # the wording of the source, where given

    @property
    def has_year(self) -> bool:
        return self.year is not None

    @property
    def iso(self) -> str:
        """The lexical form: 2017-08-29, 2017-09, 2017, --05-16, --05."""
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "day-no-year":
            return f"--{self.month:02d}-{self.day:02d}"
        return f"--{self.month:02d}"

    @property
    def slug(self) -> str:
        core = self.iso.lstrip("-") if self.has_year else "x-" + self.iso.lstrip("-")
        return f"{self.bound}-{core}" if self.bound else core

    @property
    def earliest(self) -> date | None:
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date | None:
        if self.year is None:
            return None
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


def parse_date(value: object) -> PartialDate:
    """A date of a record, with its precision, bound and wording.

    >>> d = parse_date({"date": "2017-09", "bound": "end", "text": "Ende September 2017"})
    >>> d.precision, d.slug, d.earliest, d.latest
    ('month', 'end-2017-09', datetime.date(2017, 9, 1), datetime.date(2017, 9, 30))
    >>> parse_date("--05-16").slug, parse_date("--05-16").latest is None
    ('x-05-16', True)
    >>> parse_date("2017-02-30")
    Traceback (most recent call last):
      ...
    modgraph.pipeline.dates.DateError: not a calendar date: '2017-02-30' (day is out of range for month)

    :raises DateError: not one of the five forms, not a calendar date, or a bad mapping.
    """
    bound = text = None
    if isinstance(value, dict):
        unknown = set(value) - {"date", "bound", "text"}
        if unknown or "date" not in value:
            raise DateError(f"a date mapping has the keys date, bound, text; got {sorted(value)}")
        bound, text, value = value.get("bound"), value.get("text"), value["date"]
        if bound is not None and bound not in BOUNDS:
            raise DateError(f"bound must be one of {', '.join(BOUNDS)}; got {bound!r}")
    raw = str(value).strip()
    for pattern, precision in _PATTERNS:
        m = pattern.match(raw)
        if not m:
            continue
        parts = [int(g) for g in m.groups()]
        if precision == "day":
            y, mo, d = parts
        elif precision == "month":
            (y, mo), d = parts, None
        elif precision == "year":
            y, mo, d = parts[0], None, None
        elif precision == "day-no-year":
            y, (mo, d) = None, parts
        else:
            y, mo, d = None, parts[0], None
        try:
            date(y or 2000, mo or 1, d or 1)  # 2000 is a leap year: --02-29 stays possible
        except ValueError as exc:
            raise DateError(f"not a calendar date: {raw!r} ({exc})") from None
        return PartialDate(precision, y, mo, d, bound, text)
    raise DateError(f"not a date: {raw!r} (use 2017-08-29, 2017-09, 2017, --05-16 or --05)")
