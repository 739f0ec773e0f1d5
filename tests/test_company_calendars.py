"""Fiscal calendars of companies whose years end in other months, placed on one calendar by quarter midpoints."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.calendar import (
    PeriodError,
    calendar_quarter_index,
    calendar_quarter_label,
    compact_period,
    fiscal_quarter_axis_title,
    fiscal_quarter_of,
    fiscal_year_axis_title,
    label,
    parse_period,
    quarter_of_date,
    results_due,
    year_end_words,
)

D = dt.date
MARCH, MAY, JUNE, DECEMBER = 3, 5, 6, 12


@pytest.mark.parametrize(
    ("code", "month", "start", "end", "fiscal", "calendar", "placed", "straddles"),
    [
        # Alibaba, the default subject: the year ends 31 March
        ("FY2026Q1", MARCH, D(2025, 4, 1), D(2025, 6, 30), "FY26 Q1", "Apr–Jun 2025", "CY2025Q2", False),
        ("FY2026Q2", MARCH, D(2025, 7, 1), D(2025, 9, 30), "FY26 Q2", "Jul–Sep 2025", "CY2025Q3", False),
        # Microsoft: the year ends 30 June, so its first quarter of FY2026 is Alibaba's second
        ("FY2026Q1", JUNE, D(2025, 7, 1), D(2025, 9, 30), "FY26 Q1", "Jul–Sep 2025", "CY2025Q3", False),
        ("FY2026Q4", JUNE, D(2026, 4, 1), D(2026, 6, 30), "FY26 Q4", "Apr–Jun 2026", "CY2026Q2", False),
        # Oracle: the year ends 31 May; every quarter straddles two calendar quarters
        ("FY2026Q1", MAY, D(2025, 6, 1), D(2025, 8, 31), "FY26 Q1", "Jun–Aug 2025", "CY2025Q3", True),
        ("FY2026Q2", MAY, D(2025, 9, 1), D(2025, 11, 30), "FY26 Q2", "Sep–Nov 2025", "CY2025Q4", True),
        ("FY2026Q3", MAY, D(2025, 12, 1), D(2026, 2, 28), "FY26 Q3", "Dec 2025–Feb 2026", "CY2026Q1", True),
        ("FY2026Q4", MAY, D(2026, 3, 1), D(2026, 5, 31), "FY26 Q4", "Mar–May 2026", "CY2026Q2", True),
        # a calendar fiscal year: FY2025Q1 is Jan–Mar 2025
        ("FY2025Q1", DECEMBER, D(2025, 1, 1), D(2025, 3, 31), "FY25 Q1", "Jan–Mar 2025", "CY2025Q1", False),
        ("FY2025Q4", DECEMBER, D(2025, 10, 1), D(2025, 12, 31), "FY25 Q4", "Oct–Dec 2025", "CY2025Q4", False),
    ],
)  # fmt: skip
def test_a_fiscal_quarter_resolves_in_its_companys_calendar(code, month, start, end, fiscal, calendar, placed, straddles):
    p = parse_period(code, month)
    assert (p.kind, p.start, p.end, p.fiscal_label, p.calendar_label) == ("quarter", start, end, fiscal, calendar)
    assert (p.calendar_quarter, p.straddles, p.year_end_month) == (placed, straddles, month)
    assert label(code, "calendar", month) == calendar


def test_alibaba_is_the_default_calendar() -> None:
    assert parse_period("FY2026Q1") == parse_period("FY2026Q1", MARCH)
    assert parse_period("FY2026Q1").calendar_label == "Apr–Jun 2025"


def test_a_straddling_quarter_says_where_it_is_placed_and_why() -> None:
    dec_feb = parse_period("FY2026Q3", MAY)
    assert dec_feb.placement == "Dec 2025–Feb 2026, placed in Jan–Mar 2026 by its midpoint"
    assert parse_period("FY2026Q1", JUNE).placement == "Jul–Sep 2025"


def test_the_cache_tells_one_code_of_two_companies_apart() -> None:
    """FY2026Q1 is Apr–Jun 2025 for Alibaba and Jul–Sep 2025 for a June year: the cache is keyed on both."""
    assert parse_period("FY2026Q1", MARCH).start == D(2025, 4, 1)
    assert parse_period("FY2026Q1", JUNE).start == D(2025, 7, 1)
    assert parse_period("FY2026Q1").start == D(2025, 4, 1)


@pytest.mark.parametrize(
    ("code", "month", "start", "end", "fiscal"),
    [
        ("FY2026", MARCH, D(2025, 4, 1), D(2026, 3, 31), "FY26"),
        ("FY2026", JUNE, D(2025, 7, 1), D(2026, 6, 30), "FY26"),
        ("FY2026", MAY, D(2025, 6, 1), D(2026, 5, 31), "FY26"),
        ("FY2025", DECEMBER, D(2025, 1, 1), D(2025, 12, 31), "FY25"),
        ("TTM to FY2026Q1", JUNE, D(2024, 10, 1), D(2025, 9, 30), "TTM to FY26 Q1"),
    ],
)
def test_fiscal_years_and_trailing_years_end_in_their_month(code, month, start, end, fiscal) -> None:
    p = parse_period(code, month)
    assert (p.start, p.end, p.fiscal_label, p.calendar_quarter) == (start, end, fiscal, None)


def test_calendar_periods_do_not_depend_on_the_company() -> None:
    for code in ("CY2025", "2025-11", "2025-11-25"):
        a, b = parse_period(code, MARCH), parse_period(code, JUNE)
        assert (a.start, a.end, a.calendar_label) == (b.start, b.end, b.calendar_label)


@pytest.mark.parametrize(
    ("day", "month", "quarter"),
    [
        (D(2025, 6, 30), JUNE, "FY2025Q4"),
        (D(2025, 7, 1), JUNE, "FY2026Q1"),
        (D(2025, 12, 1), MAY, "FY2026Q3"),
        (D(2026, 2, 28), MAY, "FY2026Q3"),
        (D(2026, 3, 1), MAY, "FY2026Q4"),
        (D(2025, 1, 1), DECEMBER, "FY2025Q1"),
        (D(2025, 12, 31), DECEMBER, "FY2025Q4"),
    ],
)
def test_the_quarter_a_day_falls_in_depends_on_the_year_end(day, month, quarter) -> None:
    assert quarter_of_date(day, month) == quarter


@given(st.integers(1, 12), st.integers(1991, 2099), st.integers(1, 4))
def test_every_calendar_tiles_time_and_places_each_quarter_at_its_midpoint(month: int, year: int, q: int) -> None:
    p = parse_period(f"FY{year}Q{q}", month)
    assert fiscal_quarter_of(p.start, month) == (year, q) == fiscal_quarter_of(p.end, month)
    assert (p.end + dt.timedelta(days=1)) == parse_period(_next(year, q), month).start
    midpoint = p.start + (p.end - p.start) / 2
    assert p.calendar_quarter == f"CY{midpoint.year}Q{(midpoint.month - 1) // 3 + 1}"
    assert p.straddles == (p.start.month not in (1, 4, 7, 10))
    assert parse_period(f"FY{year}", month).end.month == month
    assert parse_period(f"FY{year}", month).end.year == year


def _next(year: int, q: int) -> str:
    return f"FY{year + 1}Q1" if q == 4 else f"FY{year}Q{q + 1}"


def test_calendar_quarters_label_and_order() -> None:
    assert calendar_quarter_label("CY2025Q3") == "Jul–Sep 2025"
    assert calendar_quarter_index("CY2026Q1") - calendar_quarter_index("CY2025Q4") == 1
    with pytest.raises(PeriodError):
        calendar_quarter_label("FY2026Q1")


def test_the_year_end_in_words_comes_from_the_month() -> None:
    assert year_end_words(MARCH) == "year ends 31 March"
    assert year_end_words(JUNE) == "year ends 30 June"
    assert year_end_words(2) == "year ends 28 or 29 February"
    assert fiscal_quarter_axis_title() == "Fiscal quarter (year ends 31 March)"
    assert fiscal_quarter_axis_title(DECEMBER) == "Fiscal quarter (year ends 31 December)"
    assert fiscal_year_axis_title(MAY) == "Fiscal year (ends 31 May)"


@pytest.mark.parametrize("month", [0, 13, "6", None])
def test_a_year_end_that_is_no_month_is_refused(month: object) -> None:
    with pytest.raises(PeriodError, match="month 1–12"):
        parse_period("FY2026Q1", month)  # type: ignore[arg-type]


def test_results_are_due_after_the_companys_own_quarter_end() -> None:
    # without a history: RESULTS_DUE_DAYS (80) after the quarter's end in the company's calendar
    assert results_due("FY2026Q1", None, JUNE) == D(2025, 9, 30) + dt.timedelta(days=80)
    assert results_due("FY2026Q1") == D(2025, 6, 30) + dt.timedelta(days=80)
    # with one: the lag of last year's same quarter, read in the same calendar, plus the margin
    assert results_due("FY2026Q1", {"FY2025Q1": D(2024, 10, 30)}, JUNE) == D(2025, 9, 30) + dt.timedelta(days=30 + 7)


def test_file_names_read_a_trailing_year_in_its_calendar() -> None:
    assert compact_period("TTM to FY2026Q1", JUNE) == "TTM-FY26Q1"
    assert compact_period("FY2025", DECEMBER) == "FY25"
