"""Dates as the sources give them, with their precision kept.

Record syntax (a string, or a mapping with ``date`` and optional ``bound`` / ``text``):

- ``2017-08-29`` a day · ``2017-09`` a month · ``2017`` a year
- ``--05-16`` a day whose year the document does not make certain (kept partial, flagged)
- ``--05`` a month without its year
- ``2018-xx-29`` a day of a known year whose month the source does not give ("am 29. und 30." in a report
  of 2018: the days and the year are known, the month is not)
- ``---29`` a day of the month only (neither month nor year given)
- ``{date: 2017-09, bound: end, text: "Ende September 2017"}``: the end of that month

Each date has an earliest and latest possible day, so that "deadlines in a period" can be asked
of dates of any precision (``2018-xx-29``: 2018-01-29 … 2018-12-29). A date without a year has neither.
``label`` reads the date in English as a person would write it ("29 September 2017", "end of
September 2017", "by 2022", "16 May (year not given)"); ``label_de`` in German.
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
    (re.compile(r"^(\d{4})-xx-(\d{2})$"), "day-no-month"),
    (re.compile(r"^---(\d{2})$"), "day-only"),
]
MONTHS_EN = ("January February March April May June July August September October November December").split()
MONTHS_DE = ("Januar Februar März April Mai Juni Juli August September Oktober November Dezember").split()
_BOUND_EN = {"start": "start of ", "end": "end of ", "by": "by "}
_BOUND_DE = {"start": "Anfang ", "end": "Ende ", "by": "bis "}
BOUNDS = ("start", "end", "by")


class DateError(ValueError):
    pass


@dataclass(frozen=True)
class PartialDate:
    precision: str  # day | month | year | day-no-year | month-no-year | day-no-month | day-only
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
        """The lexical form: 2017-08-29, 2017-09, 2017, --05-16, --05, 2018-xx-29, ---29."""
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "day-no-year":
            return f"--{self.month:02d}-{self.day:02d}"
        if self.precision == "day-no-month":
            return f"{self.year:04d}-xx-{self.day:02d}"
        if self.precision == "day-only":
            return f"---{self.day:02d}"
        return f"--{self.month:02d}"

    @property
    def slug(self) -> str:
        core = self.iso.lstrip("-") if self.has_year else "x-" + self.iso.lstrip("-")
        if self.precision == "day-only":  # not x-05, which is the month May without year
            core = f"x-x-{self.day:02d}"
        return f"{self.bound}-{core}" if self.bound else core

    @property
    def earliest(self) -> date | None:
        if self.year is None:
            return None
        if self.month is None and self.day is not None:  # the first month that has that day
            return min(date(self.year, m, self.day) for m in range(1, 13) if self.day <= _days(self.year, m))
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date | None:
        if self.year is None:
            return None
        if self.month is None and self.day is not None:  # the last month that has that day
            return max(date(self.year, m, self.day) for m in range(1, 13) if self.day <= _days(self.year, m))
        month = self.month or 12
        return date(self.year, month, self.day or _days(self.year, month))

    @property
    def label(self) -> str:
        """The date in English as the source gives it ("end of September 2017", "29 (month not given) 2018").

        >>> parse_date({"date": "2022", "bound": "by"}).label, parse_date({"date": "2017-09", "bound": "end"}).label
        ('by 2022', 'end of September 2017')
        >>> parse_date("2017-08-29").label, parse_date("--05-16").label, parse_date("2018-xx-29").label
        ('29 August 2017', '16 May (year not given)', 'the 29th, month not given, 2018')
        """
        return _BOUND_EN.get(self.bound or "", "") + self._core(MONTHS_EN, en=True)

    @property
    def label_de(self) -> str:
        """The date in German ("Ende September 2017", "29. (Monat nicht angegeben) 2018").

        >>> parse_date({"date": "2017-09", "bound": "end"}).label_de, parse_date("---29").label_de
        ('Ende September 2017', '29. (Monat und Jahr nicht angegeben)')
        """
        return _BOUND_DE.get(self.bound or "", "") + self._core(MONTHS_DE, en=False)

    def _core(self, months: list[str], en: bool) -> str:
        month = months[self.month - 1] if self.month else ""
        if self.precision == "day":
            return f"{self.day} {month} {self.year}" if en else f"{self.day}. {month} {self.year}"
        if self.precision == "month":
            return f"{month} {self.year}"
        if self.precision == "year":
            return str(self.year)
        if self.precision == "day-no-year":
            return f"{self.day} {month} (year not given)" if en else f"{self.day}. {month} (Jahr nicht angegeben)"
        if self.precision == "month-no-year":
            return f"{month} (year not given)" if en else f"{month} (Jahr nicht angegeben)"
        if self.precision == "day-no-month":
            return (
                f"the {_ordinal(self.day or 0)}, month not given, {self.year}"
                if en
                else f"{self.day}. (Monat nicht angegeben) {self.year}"
            )
        return (
            f"the {_ordinal(self.day or 0)} (month and year not given)"
            if en
            else f"{self.day}. (Monat und Jahr nicht angegeben)"
        )


def _days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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
        elif precision == "month-no-year":
            y, mo, d = None, parts[0], None
        elif precision == "day-no-month":
            (y, d), mo = parts, None
        else:
            y, mo, d = None, None, parts[0]
        try:
            date(y or 2000, mo or 1, d or 1)  # 2000 is a leap year: --02-29 stays possible
            if d is not None and d > 31:
                raise ValueError("day is out of range for month")
        except ValueError as exc:
            raise DateError(f"not a calendar date: {raw!r} ({exc})") from None
        return PartialDate(precision, y, mo, d, bound, text)
    raise DateError(f"not a date: {raw!r} (use 2017-08-29, 2017-09, 2017, --05-16, --05, 2018-xx-29 or ---29)")
