"""When results are due: from Alibaba's own results days, and what a missing quarter is on a given day.

The history is the frozen store's results events (tests/fixtures/frozen_store.yaml): Alibaba reported
the September quarter on 16 Nov 2023, 15 Nov 2024 and 25 Nov 2025 (47, 46 and 56 days after quarter
end), and the store's newest quarter is FY2027Q1 (Apr–Jun 2026).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from charts.capex import missing_summary
from charts.options import ViewOptions
from dashboard.export import bundle_stem
from loaders.calendar import RESULTS_DUE_DAYS, TODAY_ENV, results_due
from loaders.curation import (
    data_as_of_text,
    freshness,
    freshness_line,
    overdue_quarters,
    overdue_report,
    staleness_notice,
    store_latest_quarter,
)
from loaders.derive import cumulative_against_plan, plan_progress
from loaders.due import OVERDUE, quarter_state, results_days
from loaders.frames import build_frames
from loaders.store import open_store
from loaders.vocab import QUARTER_STATES
from pagemodels.registry import build_page

ROOT = Path(__file__).resolve().parents[1]
FROZEN = ROOT / "tests" / "fixtures" / "frozen_store.yaml"
RESULTS_DAY_OVER = dt.date(2026, 12, 7)  # the September 2026 quarter was expected by 2 December
BEFORE_DUE = dt.date(2026, 12, 1)
SEPT_DAYS = {"FY2024Q2": dt.date(2023, 11, 16), "FY2025Q2": dt.date(2024, 11, 15), "FY2026Q2": dt.date(2025, 11, 25)}


@pytest.fixture(scope="module")
def frames():
    return build_frames(open_store(FROZEN, dt.date(2026, 12, 7)))


def test_expected_by_the_longest_of_the_last_three_lags_plus_a_week():
    # lags 47, 46 and 56 days: 30 Sep 2026 + 56 + 7 = 2 Dec 2026
    assert results_due("FY2027Q2", SEPT_DAYS) == dt.date(2026, 12, 2)
    # only the last three count: an older, later report (fictional here) does not move the date
    assert results_due("FY2027Q2", {**SEPT_DAYS, "FY2023Q2": dt.date(2022, 12, 30)}) == dt.date(2026, 12, 2)
    # and before the 56-day one, the three before set it: 48 days (17 Nov 2022) + 7
    older = {"FY2023Q2": dt.date(2022, 11, 17), "FY2024Q2": SEPT_DAYS["FY2024Q2"], "FY2025Q2": SEPT_DAYS["FY2025Q2"]}
    assert results_due("FY2026Q2", older) == dt.date(2025, 9, 30) + dt.timedelta(days=48 + 7)


def test_without_history_of_that_quarter_80_days():
    assert RESULTS_DUE_DAYS == 80
    assert results_due("FY2027Q2") == dt.date(2026, 12, 19)
    # results days of the other quarters of the year say nothing about the September quarter
    assert results_due("FY2027Q2", {"FY2027Q1": dt.date(2026, 8, 20), "FY2026Q3": dt.date(2026, 3, 19)}) == dt.date(2026, 12, 19)
    # nor does a later September quarter's day
    assert results_due("FY2026Q2", {"FY2027Q2": dt.date(2026, 11, 20)}) == dt.date(2025, 12, 19)


def test_results_days_from_the_store(frames):
    days = results_days(frames.events)
    assert {q: days[q] for q in SEPT_DAYS} == SEPT_DAYS
    assert days["FY2027Q1"] == dt.date(2026, 8, 20)
    # two events report FY2026Q2 on 25 Nov 2025 (the release and a remark): one results day
    assert (frames.events["reports"] == "FY2026Q2").sum() > 1
    assert results_days(frames.events, "alibaba") == days
    assert results_days(frames.events, "another_company") == {}
    assert results_days(None) == {}


def test_results_day_is_the_first_event_reporting_the_quarter():
    events = pd.DataFrame(
        {
            "category": ["results", "results", "plan"],
            "reports": ["FY2026Q2", "FY2026Q2", None],
            "start": pd.to_datetime(["2025-11-26", "2025-11-25", "2025-11-01"]),
            "subject": ["alibaba"] * 3,
        }
    )
    assert results_days(events) == {"FY2026Q2": dt.date(2025, 11, 25)}


def test_september_2026_quarter_overdue_on_7_december_not_on_1_december(frames):
    obs, events = frames.observations, frames.events
    assert store_latest_quarter(obs) == "FY2027Q1"
    assert results_due("FY2027Q2", results_days(events)) == dt.date(2026, 12, 2)
    assert overdue_quarters(obs, RESULTS_DAY_OVER, events) == ["FY2027Q2"]
    assert overdue_quarters(obs, BEFORE_DUE, events) == []
    assert overdue_quarters(obs, dt.date(2026, 12, 2), events) == []  # the expected day itself is not late
    assert staleness_notice(obs, BEFORE_DUE, events) is None
    assert staleness_notice(obs, RESULTS_DAY_OVER, events) == (
        "Results overdue: the quarter ended 30 September 2026 was expected by 2 December 2026 and is not here yet; "
        "newest quarter held: Apr–Jun 2026 (FY27 Q1)."
    )
    # without the store's history the old 80-day rule would still call it not due on 7 December
    assert overdue_quarters(obs, RESULTS_DAY_OVER) == []


def test_quarter_states_use_the_one_vocabulary():
    days, held = SEPT_DAYS, "FY2027Q1"
    assert quarter_state("FY2027Q2", False, RESULTS_DAY_OVER, days, held) == "overdue"
    assert quarter_state("FY2027Q2", False, BEFORE_DUE, days, held) == "to_come"  # ended, not yet expected
    assert quarter_state("FY2027Q3", False, RESULTS_DAY_OVER, days, held) == "to_come"  # not ended
    assert quarter_state("FY2026Q2", False, RESULTS_DAY_OVER, days, held) == "not_stated"  # a hole, not late
    assert quarter_state("FY2027Q2", True, RESULTS_DAY_OVER, days, held) == "stated"
    assert {"overdue", "to_come", "not_stated", "stated"} <= set(QUARTER_STATES)


def test_gaps_lists_the_overdue_quarter_with_its_expected_date(frames):
    report = overdue_report(frames.observations, RESULTS_DAY_OVER, frames.events)
    assert report == (
        "OVERDUE: FY2027Q2 (FY27 Q2, Jul–Sep 2026): results overdue, expected by 2026-12-02 (longest lag of the "
        "results days 2023-11-16 (47 days), 2024-11-15 (46 days), 2025-11-25 (56 days), plus 7 days); "
        "no value for it is in the store, newest held FY2027Q1\n"
    )
    assert overdue_report(frames.observations, BEFORE_DUE, frames.events) == ""


def test_gaps_command_at_both_days():
    def gaps(today: str) -> str:
        env = {**os.environ, "PYTHONPATH": str(ROOT), TODAY_ENV: today}
        done = subprocess.run(
            [sys.executable, "-m", "loaders", "gaps", str(FROZEN)], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "OVERDUE: FY2027Q2 (FY27 Q2, Jul–Sep 2026): results overdue, expected by 2026-12-02" in gaps("2026-12-07")
    assert "OVERDUE" not in gaps("2026-12-01")


def test_every_page_says_so_at_the_top(frames):
    late = build_page(frames, "cloud", ViewOptions(), RESULTS_DAY_OVER)
    assert late.notice is not None and "expected by 2 December 2026" in late.notice and "Apr–Jun 2026 (FY27 Q1)" in late.notice
    assert build_page(frames, "cloud", ViewOptions(), BEFORE_DUE).notice is None


def test_plan_figures_say_overdue_not_not_yet_reported(frames):
    plan = frames.plans.iloc[0]
    days = results_days(frames.events)
    late = plan_progress(frames.observations, plan, "FY2025Q4", RESULTS_DAY_OVER, days)
    assert late.overdue == ("FY2027Q2",)
    assert late.not_yet_reported == ()
    assert "FY2027Q2" in late.missing_quarters
    assert f"overdue ({QUARTER_STATES[OVERDUE]}): FY27 Q2" in missing_summary(late, "fiscal")
    path = cumulative_against_plan(frames.observations, plan, "FY2025Q4", RESULTS_DAY_OVER, days).set_index("period")
    assert path.loc["FY2027Q2", "status"] == OVERDUE and path.loc["FY2027Q2", "missing"]
    early = plan_progress(frames.observations, plan, "FY2025Q4", BEFORE_DUE, days)
    assert early.overdue == () and early.not_yet_reported == ("FY2027Q2",)
    page = build_page(frames, "capex", ViewOptions(), RESULTS_DAY_OVER)
    texts = " ".join(b.text for b in page.blocks if hasattr(b, "text"))
    assert "overdue (results overdue): FY27 Q2" in texts and "not yet reported" not in texts


def test_data_as_of_is_the_newest_quarter_and_its_results_day(frames):
    fresh = freshness(frames.observations, frames.sources, RESULTS_DAY_OVER, frames.events)
    assert fresh["results_day"] == dt.date(2026, 8, 20)
    checked = fresh["checked"]
    assert checked == frames.sources["accessed"].max().date()
    line = freshness_line(fresh)
    assert line.startswith(f"Data as of Apr–Jun 2026 (FY27 Q1), results of 2026-08-20; sources checked {checked.isoformat()}; ")
    assert "newest source published" in line
    assert data_as_of_text(frames.observations, frames.sources, frames.events) == (
        f"Data as of Apr–Jun 2026 (FY27 Q1), results of 2026-08-20; sources checked {checked.isoformat()}"
    )
    assert bundle_stem(frames) == f"alibaba-ai-strategy_FY27Q1-2026-08-20_{frames.version}"
