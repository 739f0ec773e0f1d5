"""Fiscal calendars: the one place that knows when a company's fiscal year ends and what its codes mean.

Every period notation the store accepts resolves here to explicit start and end dates and to a
fiscal and a calendar label, so no other module does date arithmetic on period codes. Fiscal codes
(FY2026Q1, FY2026, 'TTM to FY2026Q1') are read in the terms of a company's fiscal year, named by
the calendar year it ends in: for a year ending in June, FY2026Q1 is Jul–Sep 2025; for one ending
in March, Apr–Jun 2025. Each quarter is also placed in the calendar quarter holding its midpoint,
so companies with different years line up; a quarter that straddles two calendar quarters (Dec–Feb)
says so. Every function taking a code reads it in the default subject's calendar unless given the
company's `year_end_month` (a store's `fiscal_year_end_month`).
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import operator
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from loaders.errors import short_repr

PeriodKind = Literal["quarter", "fiscal_year", "ttm", "date", "month", "calendar_year"]

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# ASCII digits only, and \Z rather than $ (which also matches before a trailing newline), so that
# "FY２０２６Q2" or "FY2026Q2\n" is not taken for FY2026Q2.
_QUARTER = re.compile(r"^FY(\d{4})Q(\d+)\Z", re.ASCII)
_FY = re.compile(r"^FY(\d{4})\Z", re.ASCII)
_TTM = re.compile(r"^TTM to FY(\d{4})Q(\d+)\Z", re.ASCII)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\Z", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})\Z", re.ASCII)
_CY = re.compile(r"^CY(\d{4})\Z", re.ASCII)
_CALENDAR_QUARTER = re.compile(r"^CY(\d{4})Q([1-4])\Z", re.ASCII)

# The month the default subject's fiscal year ends in (Alibaba's ends 31 March): what a code means
# where no company is named. The store's default subject must agree (loaders.checks), so a page
# that reads codes without naming a company reads them in its subject's terms.
DEFAULT_YEAR_END_MONTH = 3

FIRST_FISCAL_YEAR = 1990
LAST_FISCAL_YEAR = 2100

# A quarter's results are expected by the longest reporting lag (results day minus quarter end) of the
# company's last RESULTS_HISTORY results days for the same quarter of the fiscal year, plus
# RESULTS_MARGIN_DAYS: Alibaba reports each quarter of its year at a steady lag (the September quarter
# 46 to 56 days on in 2023-2025, the March quarter later, with the annual report). Where no such day is
# held, RESULTS_DUE_DAYS after quarter end: Alibaba reported 6 to 11 weeks after quarter end in 2024-2026.
RESULTS_DUE_DAYS = 80
RESULTS_HISTORY = 3
RESULTS_MARGIN_DAYS = 7
TODAY_ENV = "ALIBABA_AI_TODAY"


class PeriodError(ValueError):
    """A period string that does not name a real period."""


@dataclass(frozen=True)
class Period:
    code: str
    kind: PeriodKind
    start: dt.date
    end: dt.date
    fiscal_label: str
    calendar_label: str
    # the month the fiscal year the code is read in ends (3 for a year ending 31 March, 6 for 30 June)
    year_end_month: int = DEFAULT_YEAR_END_MONTH
    # a quarter's place on the calendar: the calendar quarter holding its midpoint (CY2025Q3)
    calendar_quarter: str | None = None
    # a quarter whose months are not one calendar quarter's (Dec–Feb): placed by its midpoint
    straddles: bool = False

    @property
    def is_quarter(self) -> bool:
        return self.kind == "quarter"

    @property
    def placement(self) -> str:
        """Where a quarter stands on the calendar, in words: what a reader is told about a straddling quarter."""
        if self.calendar_quarter is None:
            return ""
        placed = calendar_quarter_label(self.calendar_quarter)
        if not self.straddles:
            return placed
        return f"{self.calendar_label}, placed in {placed} by its midpoint"


def _month_span(start: dt.date, end: dt.date) -> str:
    if start.year == end.year:
        return f"{MONTH_ABBR[start.month - 1]}–{MONTH_ABBR[end.month - 1]} {end.year}"
    return f"{MONTH_ABBR[start.month - 1]} {start.year}–{MONTH_ABBR[end.month - 1]} {end.year}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def _check_year_end_month(year_end_month: int) -> int:
    """The month as an int (a frame's column gives numpy integers), or PeriodError."""
    try:
        month = operator.index(year_end_month) if not isinstance(year_end_month, bool) else 0
    except TypeError:
        month = 0
    if not 1 <= month <= 12:
        raise PeriodError(f"a fiscal year ends in a month 1–12, not {short_repr(year_end_month)}")
    return month


def _month_at(index: int) -> tuple[int, int]:
    """(year, month) of a running month number (year * 12 + month - 1)."""
    return index // 12, index % 12 + 1


def quarter_bounds(fiscal_year: int, quarter: int, year_end_month: int = DEFAULT_YEAR_END_MONTH) -> tuple[dt.date, dt.date]:
    """Fiscal year N ends in `year_end_month` of calendar year N: with March, FY2026Q1 starts 1 April 2025;
    with June, 1 July 2025; with December, 1 January 2026."""
    first = (fiscal_year - 1) * 12 + (year_end_month - 1) + 1 + 3 * (quarter - 1)
    start = dt.date(*_month_at(first), 1)
    return start, _month_end(*_month_at(first + 2))


def fiscal_year_bounds(fiscal_year: int, year_end_month: int = DEFAULT_YEAR_END_MONTH) -> tuple[dt.date, dt.date]:
    return quarter_bounds(fiscal_year, 1, year_end_month)[0], quarter_bounds(fiscal_year, 4, year_end_month)[1]


def quarter_code(fiscal_year: int, quarter: int) -> str:
    return f"FY{fiscal_year}Q{quarter}"


def fiscal_quarter_of(day: dt.date, year_end_month: int = DEFAULT_YEAR_END_MONTH) -> tuple[int, int]:
    """The fiscal (year, quarter) a calendar date falls in."""
    # months since the start of fiscal year 0 (which starts the month after year_end_month of year -1)
    months = day.year * 12 + day.month - 1 - year_end_month
    return months // 12 + 1, months % 12 // 3 + 1


def calendar_quarter_of(day: dt.date) -> str:
    """The calendar quarter a date falls in, as a code: CY2025Q3."""
    return f"CY{day.year}Q{(day.month - 1) // 3 + 1}"


# asked for every point of every company's line on the Peers page: worked out once per code
@lru_cache(maxsize=4096)
def calendar_quarter_label(code: str) -> str:
    """CY2025Q3 -> Jul–Sep 2025."""
    m = _CALENDAR_QUARTER.match(code)
    if not m:
        raise PeriodError(f"{short_repr(code)} is not a calendar quarter such as CY2025Q3")
    year, q = int(m[1]), int(m[2])
    return _month_span(dt.date(year, 3 * q - 2, 1), dt.date(year, 3 * q, 1))


@lru_cache(maxsize=4096)
def calendar_quarter_index(code: str) -> int:
    """A running number for a calendar quarter code, so companies' quarters can share one axis."""
    m = _CALENDAR_QUARTER.match(code)
    if not m:
        raise PeriodError(f"{short_repr(code)} is not a calendar quarter such as CY2025Q3")
    return int(m[1]) * 4 + int(m[2]) - 1


def _midpoint(start: dt.date, end: dt.date) -> dt.date:
    return start + (end - start) / 2


def _check_year(year: int, text: str) -> None:
    if not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
        raise PeriodError(f"period {short_repr(text)}: year {year} is out of range {FIRST_FISCAL_YEAR}–{LAST_FISCAL_YEAR}")


def _check_quarter(q: int, text: str) -> None:
    if not 1 <= q <= 4:
        raise PeriodError(f"period {short_repr(text)}: a fiscal year has quarters Q1–Q4, not Q{q}")


# keyed on the code and the year-end month: one code names different months for different companies
@lru_cache(maxsize=4096)
def parse_period(text: str, year_end_month: int = DEFAULT_YEAR_END_MONTH) -> Period:
    """Resolve a period notation (see docs/store-format.md), fiscal codes in the terms of a year ending in
    `year_end_month`, or raise PeriodError saying why not."""
    if not isinstance(text, str):
        raise PeriodError(f"period must be a string such as FY2026Q2, got {short_repr(text)}")
    month = _check_year_end_month(year_end_month)
    if m := _QUARTER.match(text):
        fy, q = int(m[1]), int(m[2])
        _check_year(fy, text)
        _check_quarter(q, text)
        start, end = quarter_bounds(fy, q, month)
        return Period(
            text, "quarter", start, end, f"FY{fy % 100:02d} Q{q}", _month_span(start, end), month,
            calendar_quarter_of(_midpoint(start, end)), start.month % 3 != 1,
        )  # fmt: skip
    if m := _TTM.match(text):
        fy, q = int(m[1]), int(m[2])
        _check_year(fy, text)
        _check_quarter(q, text)
        end_q = quarter_bounds(fy, q, month)
        first_fy, first_q = shift_quarter(fy, q, -3)
        start = quarter_bounds(first_fy, first_q, month)[0]
        return Period(text, "ttm", start, end_q[1], f"TTM to FY{fy % 100:02d} Q{q}", _month_span(start, end_q[1]), month)
    if m := _FY.match(text):
        fy = int(m[1])
        _check_year(fy, text)
        start, end = fiscal_year_bounds(fy, month)
        return Period(text, "fiscal_year", start, end, f"FY{fy % 100:02d}", _month_span(start, end), month)
    if m := _CY.match(text):
        year = int(m[1])
        _check_year(year, text)
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return Period(text, "calendar_year", start, end, f"CY{year}", str(year), month)
    if m := _DATE.match(text):
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise PeriodError(f"period {short_repr(text)} is not a real date ({exc})") from None
        _check_year(day.year, text)
        label = f"{day.day} {MONTH_ABBR[day.month - 1]} {day.year}"
        return Period(text, "date", day, day, label, label, month)
    if m := _MONTH.match(text):
        year, month_of_year = int(m[1]), int(m[2])
        if not 1 <= month_of_year <= 12:
            raise PeriodError(f"period {short_repr(text)}: month {month_of_year} does not exist")
        _check_year(year, text)
        label = f"{MONTH_ABBR[month_of_year - 1]} {year}"
        return Period(text, "month", dt.date(year, month_of_year, 1), _month_end(year, month_of_year), label, label, month)
    raise PeriodError(
        f"period {short_repr(text)} is not one of FY2026Q2, FY2026, 'TTM to FY2026Q2', CY2025, 2025-11 or 2025-11-25"
    )


def year_end_words(year_end_month: int = DEFAULT_YEAR_END_MONTH) -> str:
    """How a company's fiscal year end reads in a title or help text: "year ends 31 March"."""
    month = _check_year_end_month(year_end_month)
    day = "28 or 29" if month == 2 else str(_cal.monthrange(2001, month)[1])
    return f"year ends {day} {_cal.month_name[month]}"


def fiscal_quarter_axis_title(year_end_month: int = DEFAULT_YEAR_END_MONTH) -> str:
    """A quarterly axis's title in fiscal labels: "Fiscal quarter (year ends 31 March)"."""
    return f"Fiscal quarter ({year_end_words(year_end_month)})"


def fiscal_year_axis_title(year_end_month: int = DEFAULT_YEAR_END_MONTH) -> str:
    """A yearly axis's title in fiscal labels: "Fiscal year (ends 31 March)"."""
    return f"Fiscal year ({year_end_words(year_end_month).removeprefix('year ')})"


def today() -> dt.date:
    """The day figures are measured against: the real date, or the one ALIBABA_AI_TODAY names.

    Read once at the edge (a page view, a command) and passed on, never inside a computation, so
    tests and a reproduced view fix it.
    """
    fixed = os.environ.get(TODAY_ENV, "").strip()
    day = _fixed_day(fixed) if fixed else dt.date.today()
    if day > last_day():
        named = f"{TODAY_ENV}={fixed}" if fixed else f"today, {day.isoformat()},"
        raise PeriodError(
            f"{named} is past the last day the dashboard's calendar covers, {last_day().isoformat()} "
            f"(the results of FY{LAST_FISCAL_YEAR}, its last fiscal year, are due then): choose an earlier day"
        )
    return day


@lru_cache(maxsize=1)
def last_day() -> dt.date:
    """The last day figures can be measured against: the day the last fiscal year's results are due.

    After it, the next quarter's due date (the overdue check) would lie in a year the calendar does not have."""
    return results_due(quarter_code(LAST_FISCAL_YEAR, 4))


@lru_cache(maxsize=16)
def _fixed_day(fixed: str) -> dt.date:
    """The day ALIBABA_AI_TODAY names, parsed once per value: today() is asked on every page view."""
    if _DATE.match(fixed):
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            pass
    raise PeriodError(f"{TODAY_ENV}={short_repr(fixed)} is not a date in the form YYYY-MM-DD")


def results_due(
    quarter: str, results_days: Mapping[str, dt.date] | None = None, year_end_month: int = DEFAULT_YEAR_END_MONTH
) -> dt.date:
    """The day a quarter's results are expected by, from the company's own history of results days.

    `results_days` maps each quarter code the company has reported to its results day (see
    `loaders.results_days`); only earlier quarters of the same quarter of the fiscal year count, so a
    late annual report does not move the other quarters' dates. Without one, RESULTS_DUE_DAYS. The
    codes are the company's own, read with its `year_end_month`.
    """
    end = parse_period(quarter, year_end_month).end
    index = quarter_index(quarter)
    same = sorted(
        (code for code in results_days or {} if index > quarter_index(code) and (index - quarter_index(code)) % 4 == 0),
        key=quarter_index,
    )[-RESULTS_HISTORY:]
    if not same:
        return end + dt.timedelta(days=RESULTS_DUE_DAYS)
    lag = max((results_days[code] - parse_period(code, year_end_month).end).days for code in same)  # type: ignore[index]
    return end + dt.timedelta(days=lag + RESULTS_MARGIN_DAYS)


def quarter_has_ended(quarter: str, today: dt.date, year_end_month: int = DEFAULT_YEAR_END_MONTH) -> bool:
    return parse_period(quarter, year_end_month).end < today


def long_date(day: dt.date) -> str:
    """30 June 2026: how a date reads in a sentence."""
    return f"{day.day} {_cal.month_name[day.month]} {day.year}"


def period_of_date(day: dt.date) -> str:
    return day.isoformat()


def shift_quarter(fiscal_year: int, quarter: int, n: int) -> tuple[int, int]:
    index = fiscal_year * 4 + (quarter - 1) + n
    return index // 4, index % 4 + 1


def quarter_index(code: str) -> int:
    """A running number for a quarter code, so quarters can be subtracted and ranged."""
    p = parse_period(code)
    if p.kind != "quarter":
        raise PeriodError(f"{code!r} is not a fiscal quarter")
    m = _QUARTER.match(code)
    assert m
    return int(m[1]) * 4 + int(m[2]) - 1


def quarter_from_index(index: int) -> str:
    return quarter_code(index // 4, index % 4 + 1)


def prior_year_quarter(code: str) -> str:
    return quarter_from_index(quarter_index(code) - 4)


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter code from first to last, both included."""
    return [quarter_from_index(i) for i in range(quarter_index(first), quarter_index(last) + 1)]


def quarter_of_date(day: dt.date, year_end_month: int = DEFAULT_YEAR_END_MONTH) -> str:
    return quarter_code(*fiscal_quarter_of(day, year_end_month))


def label(code: str, style: Literal["fiscal", "calendar"], year_end_month: int = DEFAULT_YEAR_END_MONTH) -> str:
    p = parse_period(code, year_end_month)
    return p.fiscal_label if style == "fiscal" else p.calendar_label


def compact_period(code: str, year_end_month: int = DEFAULT_YEAR_END_MONTH) -> str:
    """A period code as it reads in a file name: FY26Q2, FY25, TTM-FY26Q2, CY2025, 202511, 20251124."""
    p = parse_period(code, year_end_month)
    if p.kind == "quarter":
        return short_quarter(code)
    if p.kind == "fiscal_year":
        return f"FY{p.end.year % 100:02d}"
    if p.kind == "ttm":
        return "TTM-" + short_quarter(quarter_of_date(p.end, year_end_month))
    if p.kind == "calendar_year":
        return code
    if p.kind == "month":
        return f"{p.start:%Y%m}"
    return f"{p.start:%Y%m%d}"


def short_quarter(code: str) -> str:
    """FY2026Q2 -> FY26Q2, the compact form used in file names."""
    m = _QUARTER.match(code)
    if not m:
        return code
    return f"FY{int(m[1]) % 100:02d}Q{m[2]}"
