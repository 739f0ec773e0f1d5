"""Alibaba's fiscal calendar: the fiscal year ends on 31 March, so FY2026 runs April 2025 to March 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.calendar import (
    PeriodError,
    fiscal_quarter_of,
    label,
    parse_period,
    prior_year_quarter,
    quarter_bounds,
    quarter_index,
    quarter_of_date,
    quarters_between,
    shift_quarter,
    short_quarter,
)

D = dt.date


# --- fiscal quarters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "start", "end", "fiscal", "calendar"),
    [
        ("FY2026Q1", D(2025, 4, 1), D(2025, 6, 30), "FY26 Q1", "Apr–Jun 2025"),
        ("FY2026Q2", D(2025, 7, 1), D(2025, 9, 30), "FY26 Q2", "Jul–Sep 2025"),
        ("FY2026Q3", D(2025, 10, 1), D(2025, 12, 31), "FY26 Q3", "Oct–Dec 2025"),
        ("FY2026Q4", D(2026, 1, 1), D(2026, 3, 31), "FY26 Q4", "Jan–Mar 2026"),
        ("FY2025Q4", D(2025, 1, 1), D(2025, 3, 31), "FY25 Q4", "Jan–Mar 2025"),
        ("FY2025Q1", D(2024, 4, 1), D(2024, 6, 30), "FY25 Q1", "Apr–Jun 2024"),
        ("FY2000Q4", D(2000, 1, 1), D(2000, 3, 31), "FY00 Q4", "Jan–Mar 2000"),
    ],
)
def test_fiscal_quarter_resolves_to_dates_and_labels(code, start, end, fiscal, calendar) -> None:
    p = parse_period(code)
    assert (p.code, p.kind, p.start, p.end) == (code, "quarter", start, end)
    assert p.fiscal_label == fiscal
    assert p.calendar_label == calendar
    assert p.is_quarter
    assert label(code, "fiscal") == fiscal
    assert label(code, "calendar") == calendar


def test_quarter_bounds_of_a_leap_year_february_quarter() -> None:
    assert quarter_bounds(2024, 4) == (D(2024, 1, 1), D(2024, 3, 31))
    assert parse_period("FY2024Q4").end == D(2024, 3, 31)


# --- which quarter a day falls in: both sides of every boundary -------------------------------


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (D(2025, 3, 31), "FY2025Q4"),  # last day of the fiscal year
        (D(2025, 4, 1), "FY2026Q1"),  # first day of the next one
        (D(2025, 6, 30), "FY2026Q1"),
        (D(2025, 7, 1), "FY2026Q2"),
        (D(2025, 9, 30), "FY2026Q2"),
        (D(2025, 10, 1), "FY2026Q3"),
        (D(2025, 12, 31), "FY2026Q3"),
        (D(2026, 1, 1), "FY2026Q4"),  # a new calendar year, the same fiscal year
        (D(2026, 3, 31), "FY2026Q4"),
        (D(2026, 4, 1), "FY2027Q1"),
        (D(2024, 2, 29), "FY2024Q4"),
        (D(2025, 2, 24), "FY2025Q4"),  # the day the three-year AI capex plan was announced
    ],
)
def test_quarter_of_date_on_both_sides_of_each_boundary(day, quarter) -> None:
    assert quarter_of_date(day) == quarter
    p = parse_period(quarter)
    assert p.start <= day <= p.end


def test_fiscal_quarter_of_returns_year_and_quarter() -> None:
    assert fiscal_quarter_of(D(2025, 3, 31)) == (2025, 4)
    assert fiscal_quarter_of(D(2025, 4, 1)) == (2026, 1)


@given(st.dates(min_value=D(1991, 1, 1), max_value=D(2099, 12, 31)))
def test_every_day_lies_in_the_quarter_it_is_assigned(day: dt.date) -> None:
    p = parse_period(quarter_of_date(day))
    assert p.start <= day <= p.end
    # quarters tile the calendar: the day after a quarter's end starts the next quarter
    nxt = parse_period(quarter_of_date(p.end + dt.timedelta(days=1)))
    assert nxt.start == p.end + dt.timedelta(days=1)
    assert quarter_index(nxt.code) == quarter_index(p.code) + 1


# --- fiscal year, TTM, calendar year, date, month ----------------------------------------------


def test_fiscal_year() -> None:
    p = parse_period("FY2025")
    assert (p.kind, p.start, p.end) == ("fiscal_year", D(2024, 4, 1), D(2025, 3, 31))
    assert p.fiscal_label == "FY25"
    assert p.calendar_label == "Apr 2024–Mar 2025"
    assert not p.is_quarter


def test_trailing_twelve_months_are_the_four_quarters_ending_with_the_one_named() -> None:
    p = parse_period("TTM to FY2026Q2")
    assert (p.kind, p.start, p.end) == ("ttm", D(2024, 10, 1), D(2025, 9, 30))
    assert p.fiscal_label == "TTM to FY26 Q2"
    assert p.calendar_label == "Oct 2024–Sep 2025"
    # ending with a Q4 it is exactly the fiscal year
    q4 = parse_period("TTM to FY2025Q4")
    fy = parse_period("FY2025")
    assert (q4.start, q4.end) == (fy.start, fy.end)


def test_calendar_year() -> None:
    p = parse_period("CY2025")
    assert (p.kind, p.start, p.end) == ("calendar_year", D(2025, 1, 1), D(2025, 12, 31))
    assert p.fiscal_label == "CY2025"
    assert p.calendar_label == "2025"


def test_point_in_time() -> None:
    p = parse_period("2025-11-25")
    assert (p.kind, p.start, p.end) == ("date", D(2025, 11, 25), D(2025, 11, 25))
    assert p.fiscal_label == p.calendar_label == "25 Nov 2025"


@pytest.mark.parametrize(
    ("code", "start", "end", "text"),
    [
        ("2025-11", D(2025, 11, 1), D(2025, 11, 30), "Nov 2025"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "Feb 2024"),  # leap year
        ("2025-02", D(2025, 2, 1), D(2025, 2, 28), "Feb 2025"),
        ("2025-12", D(2025, 12, 1), D(2025, 12, 31), "Dec 2025"),
    ],
)
def test_calendar_month(code, start, end, text) -> None:
    p = parse_period(code)
    assert (p.kind, p.start, p.end, p.fiscal_label, p.calendar_label) == ("month", start, end, text, text)


# --- periods that do not exist ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("FY2026Q5", "period 'FY2026Q5': a fiscal year has quarters Q1–Q4, not Q5"),
        ("FY2026Q0", "period 'FY2026Q0': a fiscal year has quarters Q1–Q4, not Q0"),
        ("TTM to FY2026Q7", "period 'TTM to FY2026Q7': a fiscal year has quarters Q1–Q4, not Q7"),
        ("2025-02-30", "period '2025-02-30' is not a real date (day is out of range for month)"),
        ("2025-13", "period '2025-13': month 13 does not exist"),
        ("2025-00", "period '2025-00': month 0 does not exist"),
        ("FY1850Q1", "period 'FY1850Q1': year 1850 is out of range 1990–2100"),
        ("FY9999", "period 'FY9999': year 9999 is out of range 1990–2100"),
    ],
)
def test_impossible_periods_say_why(code: str, message: str) -> None:
    with pytest.raises(PeriodError) as info:
        parse_period(code)
    assert str(info.value) == message


GRAMMAR = "is not one of FY2026Q2, FY2026, 'TTM to FY2026Q2', CY2025, 2025-11 or 2025-11-25"


@pytest.mark.parametrize(
    "code",
    [
        "",
        "garbage",
        "Q2 2025",  # a calendar quarter: must be written as a fiscal quarter
        "FY26Q2",  # two-digit year
        "fy2026q2",
        "FY2026 Q2",
        " FY2026Q2",
        "FY2026Q2\n",  # a trailing newline is not the same period
        "FY２０２６Q2",  # full-width digits
        "2025/11/25",
        "25-11-2025",
        "TTM FY2026Q2",
    ],
)
def test_unknown_notations_are_refused_with_the_accepted_forms(code: str) -> None:
    with pytest.raises(PeriodError) as info:
        parse_period(code)
    assert str(info.value) == f"period {code!r} {GRAMMAR}"


def test_a_non_string_period_is_refused() -> None:
    with pytest.raises(PeriodError, match="must be a string"):
        parse_period(2026)  # type: ignore[arg-type]


def test_period_error_is_a_value_error() -> None:
    assert issubclass(PeriodError, ValueError)


# --- quarter arithmetic -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "prior"),
    [("FY2026Q2", "FY2025Q2"), ("FY2026Q1", "FY2025Q1"), ("FY2026Q4", "FY2025Q4"), ("FY2000Q1", "FY1999Q1")],
)
def test_prior_year_quarter(code: str, prior: str) -> None:
    assert prior_year_quarter(code) == prior
    # the same months one calendar year earlier
    p, q = parse_period(code), parse_period(prior)
    assert (q.start.replace(year=q.start.year + 1), q.end.month) == (p.start, p.end.month)


def test_prior_year_quarter_of_a_year_is_refused() -> None:
    with pytest.raises(PeriodError, match="'FY2026' is not a fiscal quarter"):
        prior_year_quarter("FY2026")


def test_quarters_between_crosses_the_fiscal_year_end() -> None:
    assert quarters_between("FY2025Q3", "FY2026Q2") == ["FY2025Q3", "FY2025Q4", "FY2026Q1", "FY2026Q2"]
    assert quarters_between("FY2026Q2", "FY2026Q2") == ["FY2026Q2"]
    assert quarters_between("FY2026Q2", "FY2026Q1") == []
    assert len(quarters_between("FY2025Q4", "FY2028Q3")) == 12  # a three-year plan from Feb 2025


def test_quarter_index_and_shift() -> None:
    assert quarter_index("FY2026Q1") - quarter_index("FY2025Q4") == 1
    assert quarter_index("FY2026Q2") - quarter_index("FY2025Q2") == 4
    assert shift_quarter(2026, 2, -3) == (2025, 3)
    assert shift_quarter(2025, 4, 1) == (2026, 1)
    assert shift_quarter(2026, 1, -1) == (2025, 4)
    with pytest.raises(PeriodError):
        quarter_index("2025-11")


def test_short_quarter() -> None:
    assert short_quarter("FY2026Q2") == "FY26Q2"
    assert short_quarter("FY2026") == "FY2026"


@given(st.integers(min_value=1991, max_value=2099), st.integers(min_value=1, max_value=4))
def test_quarter_codes_round_trip_through_arithmetic(fy: int, q: int) -> None:
    code = f"FY{fy}Q{q}"
    p = parse_period(code)
    assert quarter_of_date(p.start) == code
    assert quarter_of_date(p.end) == code
    assert prior_year_quarter(code) == f"FY{fy - 1}Q{q}"
    assert len(quarters_between(prior_year_quarter(code), code)) == 5
    assert 89 <= (p.end - p.start).days + 1 <= 92
