from decimal import Decimal

import pytest

from modgraph.pipeline.amounts import AmountError, parse_amount
from modgraph.pipeline.dates import DateError, parse_date


@pytest.mark.parametrize(
    "written, value, status, unit, base",
    [
        ("113,5 T€", Decimal("113.5"), "stated", "T€", Decimal("113500")),
        ("1.233,5 T€", Decimal("1233.5"), "stated", "T€", Decimal("1233500")),
        ("rund 2,9 Millionen Euro", Decimal("2.9"), "approximate", "Millionen Euro", Decimal("2900000")),
        ("rund vier Millionen Euro", Decimal("4"), "approximate", "Millionen Euro", Decimal("4000000")),
        ("insgesamt rund 974.000 Euro", Decimal("974000"), "approximate", "Euro", Decimal("974000")),
        ("602.734,79€", Decimal("602734.79"), "stated", "€", Decimal("602734.79")),
        ("über 1.600", Decimal("1600"), "lower-bound", "", Decimal("1600")),
        ("99,9 %", Decimal("99.9"), "stated", "%", Decimal("99.9")),
    ],
)
def test_amounts_keep_value_unit_and_scale(written, value, status, unit, base):
    a = parse_amount(written)
    assert (a.value, a.status, a.unit, a.base_value) == (value, status, unit, base)


def test_unknown_is_never_zero():
    a = parse_amount("*?*")
    assert a.value is None and a.status == "unknown"


def test_a_bare_unit_is_a_blank_cell():
    a = parse_amount("T€")
    assert a.value is None and a.status == "blank" and a.scale == 1000


def test_unknown_unit_is_an_error():
    with pytest.raises(AmountError, match="unknown unit"):
        parse_amount("12 Äpfel")


@pytest.mark.parametrize(
    "text, precision, earliest, latest",
    [
        ("2017-08-29", "day", "2017-08-29", "2017-08-29"),
        ("2017-09", "month", "2017-09-01", "2017-09-30"),
        ("2016", "year", "2016-01-01", "2016-12-31"),
        ("2024-02", "month", "2024-02-01", "2024-02-29"),
    ],
)
def test_dates_keep_their_precision(text, precision, earliest, latest):
    d = parse_date(text)
    assert d.precision == precision
    assert (d.earliest.isoformat(), d.latest.isoformat()) == (earliest, latest)


def test_a_date_without_year_stays_partial():
    d = parse_date("--05-16")
    assert (d.precision, d.year, d.month, d.day) == ("day-no-year", None, 5, 16)
    assert d.earliest is None and d.latest is None


def test_end_of_month_keeps_bound_and_wording():
    d = parse_date({"date": "2017-09", "bound": "end", "text": "Ende September 2017"})
    assert (d.bound, d.slug, d.text) == ("end", "end-2017-09", "Ende September 2017")


@pytest.mark.parametrize("bad", ["2017-02-30", "29.08.2017", "next year", {"date": "2017", "bound": "middle"}])
def test_malformed_dates_are_errors(bad):
    with pytest.raises(DateError):
        parse_date(bad)
