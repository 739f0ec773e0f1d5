"""When a quarter's results are expected, and what a quarter without a figure is on a given day.

The expected date comes from the company's own results days (results events with `reports:`),
through the rule in `loaders.calendar.results_due`; a quarter is overdue only once it is newer than
the newest quarter the store holds and its expected date has passed. The states are the keys of
`loaders.vocab.QUARTER_STATES`, so the notices, `loaders gaps` and the plan's figures use one word
for each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from loaders.calendar import DEFAULT_YEAR_END_MONTH, quarter_has_ended, quarter_index, results_due
from loaders.vocab import QUARTER_STATES

STATED, DERIVED, OVERDUE, NOT_STATED, TO_COME = tuple(QUARTER_STATES)


def results_days(events: pd.DataFrame | None, subject: str | None = None) -> dict[str, dt.date]:
    """Each reported quarter's results day: the first day a results event of `subject` reports it.

    Several events may report one quarter (the release, a remark made on the call): the earliest is
    the results day. `subject` None takes every company's events (a store of one company); with more
    than one company, name the one asked about: each reports on its own calendar.
    """
    if events is None or events.empty or "reports" not in events:
        return {}
    wanted = events["category"].eq("results") & events["reports"].notna()
    if subject is not None:
        wanted &= events["subject"] == subject
    days: dict[str, dt.date] = {}
    for code, start in zip(events.loc[wanted, "reports"], events.loc[wanted, "start"], strict=True):
        day = pd.Timestamp(start).date()
        if code not in days or day < days[code]:
            days[code] = day
    return days


def is_overdue(
    quarter: str,
    today: dt.date,
    days: Mapping[str, dt.date],
    newest_held: str | None,
    year_end_month: int = DEFAULT_YEAR_END_MONTH,
) -> bool:
    """Newer than the newest quarter held, and past the day its results were expected by (the quarter,
    the days and the newest held all one company's, in its calendar: `year_end_month`)."""
    newer = newest_held is None or quarter_index(quarter) > quarter_index(newest_held)
    return newer and today > results_due(quarter, days, year_end_month)


def quarter_state(
    quarter: str,
    stated: bool,
    today: dt.date,
    days: Mapping[str, dt.date],
    newest_held: str | None,
    year_end_month: int = DEFAULT_YEAR_END_MONTH,
) -> str:
    """A quarter of one figure on `today`, as a key of QUARTER_STATES (derived figures are named by their maker)."""
    if stated:
        return STATED
    if not quarter_has_ended(quarter, today, year_end_month) or today <= results_due(quarter, days, year_end_month):
        return TO_COME
    return OVERDUE if is_overdue(quarter, today, days, newest_held, year_end_month) else NOT_STATED
