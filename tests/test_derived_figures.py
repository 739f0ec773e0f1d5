"""Derived figures on tests/fixtures/derived_store.yaml (fictional): the two recipes, their marks, the
disagreements they find, the quarter states and the capex plan's lower bound.

Expected values are worked out by hand from the fixture's figures, never with the code under test.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from charts.capex import capex_vs_plan_figure, progress_summary
from charts.cloud import cloud_revenue_figure
from charts.options import ViewOptions
from loaders import Frames, build_frames, open_store
from loaders.cli import main as loaders_main
from loaders.derive import conflicts, plan_progress, quarterly
from loaders.recipes import quarter_state, stated_count, stated_only
from loaders.vocab import QUARTER_STATES
from pagemodels.common import chart_sources

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "derived_store.yaml"
TODAY = dt.date(2026, 12, 1)
OPTS = ViewOptions()


@pytest.fixture(scope="module")
def frames() -> Frames:
    return build_frames(open_store(FIXTURE, TODAY))


@pytest.fixture(scope="module")
def obs(frames: Frames) -> pd.DataFrame:
    return frames.observations


def with_store_edit(old: str, new: str) -> Frames:
    """The fixture's frames with one line of the store changed."""
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "derived_store.yaml"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return build_frames(open_store(path, TODAY))


def shown(obs: pd.DataFrame, metric: str, period: str) -> pd.DataFrame:
    return obs[(obs["metric"] == metric) & (obs["period"] == period) & obs["preferred"]]


def test_the_count_of_cited_values_leaves_out_the_derived_ones(obs: pd.DataFrame) -> None:
    derived = int(obs["derived"].sum())
    assert derived > 0, "the fixture derives figures"
    assert stated_count(obs) == len(obs) - derived == len(stated_only(obs))
    assert stated_count(obs.drop(columns="derived")) == len(obs)


def test_a_quarter_no_source_states_is_derived_from_its_year_with_recipe_precision_and_weakest_grade(obs: pd.DataFrame) -> None:
    [row] = shown(obs, "cloud_revenue", "FY2026Q3").to_dict("records")
    # 160.3 - 35.1 - 40.27 - 42.05 = 42.88, to the one decimal of the coarsest inputs (160.3, 35.1)
    assert row["value"] == 42.9
    assert row["derived"] and row["evidence"] == "derived" and row["source"] == "derived"
    assert row["recipe"] == (
        "FY2026 total (annual report or Form 20-F) − Q1, Q2, Q4 (results announcement, article and site page)"
    )
    assert row["note"] == "FY2026 160.3 − Q1 35.1 − Q2 40.27 − Q4 42.05 = 42.9"
    # the weakest input is the grade-3 blog's Q4
    assert (row["grade"], row["grade_label"]) == (3, "other site")
    assert row["inputs"] == ("fx_annual_fy26", "fx_results_q1", "wire_q2", "blog_q4")
    assert (
        "Test Fixture Blog, Fixture Corp's March quarter in five numbers (fictional) (other site): FY2026Q4 42.05"
        in (row["input_citations"])
    )
    # the only two figures derived: the quarter above and one year (below); stated rows say so
    assert sorted(obs.loc[obs["derived"], "period"]) == ["FY2026", "FY2026Q3"]
    assert set(obs.loc[~obs["derived"], "evidence"]) == {"stated"}


def test_a_year_no_source_states_is_the_sum_of_its_four_stated_quarters(obs: pd.DataFrame) -> None:
    [row] = shown(obs, "group_adjusted_ebita", "FY2026").to_dict("records")
    assert row["value"] == 34.1  # 8.1 + 8.27 + 8.3 + 9.4 = 34.07, to one decimal
    assert row["recipe"] == "Q1 + Q2 + Q3 + Q4 of FY2026 (results announcements, article and site page)"
    assert row["grade"] == 3 and row["derived"]


def test_a_derived_figure_is_never_shown_over_a_stated_one(obs: pd.DataFrame) -> None:
    # group revenue states all five figures: nothing derived, the stated year shown though its quarters sum to 407.0
    for period in ("FY2026", "FY2026Q1", "FY2026Q2", "FY2026Q3", "FY2026Q4"):
        rows = obs[(obs["metric"] == "group_revenue") & (obs["period"] == period)]
        assert not rows["derived"].any()
    assert shown(obs, "group_revenue", "FY2026")["value"].tolist() == [408.0]
    # stating the derived quarter replaces the derived row: only the stated one is left
    frames = with_store_edit(
        "    - {period: FY2026Q4, value: 42.05,",
        "    - {period: FY2026Q3, value: 42.9, source: fx_results_q3, quote: Cloud revenue was RMB42.9 billion}\n"
        "    - {period: FY2026Q4, value: 42.05,",
    )
    rows = frames.observations[(frames.observations["metric"] == "cloud_revenue") & (frames.observations["period"] == "FY2026Q3")]
    assert rows[["source", "derived"]].values.tolist() == [["fx_results_q3", False]]


def test_no_recipe_across_a_reorganisation_across_metrics_or_from_a_level(obs: pd.DataFrame) -> None:
    # segment A's FY2026 spans the reorganisation of FY2026Q3: its Q3 stays a gap
    assert shown(obs, "segment_a_revenue", "FY2026Q3").empty
    # capex FY2026Q2: no FY2026 total, and never revenue minus anything or any other metric's identity
    assert shown(obs, "capex", "FY2026Q2").empty
    assert not obs.loc[obs["derived"], "metric"].isin(["capex", "segment_a_revenue", "ai_capex_plan"]).any()


def test_a_stated_year_beyond_its_quarters_rounding_is_a_disagreement_and_within_it_is_not(obs: pd.DataFrame) -> None:
    found = conflicts(obs)
    recipe = found[found["kind"] == "recipe differs"]
    # group revenue: 408 against 100.1 + 101.2 + 102.3 + 103.4 = 407.0; rounding allows 0.5 + 4 x 0.05 = 0.7
    assert recipe[["metric", "period", "value", "figure"]].values.tolist() == [
        ["group_revenue", "FY2026", 408.0, 0],
        ["group_revenue", "FY2026", 407.0, 1],
    ]
    assert recipe["quote"].iloc[1].endswith("Q1 100.1 + Q2 101.2 + Q3 102.3 + Q4 103.4 = 407.0")
    # net income: 41.2 against 41.0, within 0.05 + 4 x 0.05 = 0.25: one figure, no disagreement
    assert "group_net_income" not in set(found["metric"])


def test_validate_counts_the_disagreement(capsys: pytest.CaptureFixture[str]) -> None:
    assert loaders_main(["validate", str(FIXTURE)]) == 0
    assert ", 1 conflicts" in capsys.readouterr().out


def test_quarter_states_are_the_one_enumeration(obs: pd.DataFrame) -> None:
    assert quarter_state(obs, "cloud_revenue", "FY2026Q1", TODAY) == "stated"
    assert quarter_state(obs, "cloud_revenue", "FY2026Q3", TODAY) == "derived"
    # results out (other figures of the quarter are stated), this one is not: not stated
    assert quarter_state(obs, "capex", "FY2026Q2", TODAY) == "not_stated"
    # Apr-Jun 2026: due 18 Sep 2026, nothing in the store: overdue, unless the results-day code decides otherwise
    assert quarter_state(obs, "capex", "FY2027Q1", TODAY) == "overdue"
    assert quarter_state(obs, "capex", "FY2027Q1", TODAY, overdue=False) == "not_stated"
    # Jul-Sep 2026: due 19 Dec 2026; Oct-Dec 2026 has not ended
    assert quarter_state(obs, "capex", "FY2027Q2", TODAY) == "to_come"
    assert quarter_state(obs, "capex", "FY2027Q3", TODAY) == "to_come"
    states = {quarter_state(obs, "capex", q, TODAY) for q in ("FY2026Q1", "FY2026Q2", "FY2027Q1", "FY2027Q2")}
    assert states <= set(QUARTER_STATES)


def test_an_underivable_gap_is_never_counted_as_zero_in_the_plan(frames: Frames) -> None:
    plan = frames.plans.iloc[0]
    progress = plan_progress(frames.observations, plan, "FY2026Q1", TODAY)
    assert progress.cumulative == pytest.approx(10.5 + 20.25 + 22.0)  # FY2026Q2 has no figure: left out, not zero
    assert progress.not_stated == ("FY2026Q2",) and progress.at_least and progress.derived == ()
    cards = {label: (value, detail) for label, value, detail, _ in progress_summary(progress)}
    assert cards["Deployed, RMB bn"] == ("at least 52.8", "at least 53% of the plan")
    assert cards["At trailing pace"][0] == "at least 53"  # no quarter left: the projection is the cumulative
    result = capex_vs_plan_figure(frames.observations, plan, "FY2026Q1", OPTS, TODAY)
    assert "at least 53% of the plan deployed in 100% of the time" in str(result.subtitle)
    gap = result.data[result.data["period"] == "FY2026Q2"].iloc[0]
    assert gap["status"] == "not stated" and pd.isna(gap["cumulative"])
    # the cumulative after the gap is a lower bound
    assert result.data.set_index("period")["at_least"].to_dict() == {
        "FY2026Q1": False, "FY2026Q2": False, "FY2026Q3": True, "FY2026Q4": True,
    }  # fmt: skip


def test_the_plan_counts_a_derived_quarter_and_names_it() -> None:
    frames = with_store_edit(
        "    - {period: FY2026Q4, value: 22.0, source: blog_q4, quote: Capital expenditure was RMB22.0 billion}",
        "    - {period: FY2026Q4, value: 22.0, source: blog_q4, quote: Capital expenditure was RMB22.0 billion}\n"
        "    - {period: FY2026, value: 75.25, source: fx_annual_fy26, quote: Capex for the year was RMB75.25 billion}",
    )
    plan = frames.plans.iloc[0]
    progress = plan_progress(frames.observations, plan, "FY2026Q1", TODAY)
    # FY2026Q2 = 75.25 - 10.5 - 20.25 - 22.0 = 22.5, to whole billions (22.0 is written without decimals)
    assert progress.derived == ("FY2026Q2",) and not progress.at_least
    assert progress.cumulative == pytest.approx(10.5 + 22.0 + 20.25 + 22.0)
    cards = {label: (value, detail, why) for label, value, detail, why in progress_summary(progress)}
    assert cards["Deployed, RMB bn"][:2] == ("74.8", "75% of the plan")
    assert "derived (never stated, worked out from stated figures): FY26 Q2 = FY2026 total" in cards["Deployed, RMB bn"][2]
    assert cards["Trailing, RMB bn/qtr"][1] == "latest 4 quarters, 1 derived"
    result = capex_vs_plan_figure(frames.observations, plan, "FY2026Q1", OPTS, TODAY)
    bars = next(t for t in result.plot.data if t.type == "bar")
    assert list(bars.marker.pattern.shape) == ["", "/", "", ""]
    assert "derived: FY2026 total" in bars.customdata[1][1]
    line = next(t for t in result.plot.data if t.name == "Cumulative capex since plan start")
    assert list(line.marker.symbol) == ["circle", "circle-open", "circle", "circle"]
    assert "Derived from stated figures (hatched), counted: FY26 Q2 = FY2026 total" in " ".join(result.footnote(""))


def test_a_derived_quarter_is_marked_in_the_chart_its_tooltip_and_its_csv(frames: Frames) -> None:
    result = cloud_revenue_figure(frames.observations, OPTS)
    bars = next(t for t in result.plot.data if t.type == "bar")
    periods = list(result.data["period"])
    i = periods.index("FY2026Q3")
    assert bars.marker.pattern.shape[i] == "/" and bars.marker.pattern.shape[periods.index("FY2026Q1")] == ""
    assert bars.customdata[i][1].startswith("derived: FY2026 total (annual report or Form 20-F)")
    assert "(weakest input: other site)" in bars.customdata[i][1]
    assert bars.customdata[i][2] == "FY2026 160.3 − Q1 35.1 − Q2 40.27 − Q4 42.05 = 42.9"
    csv = result.data.set_index("period")
    assert csv.loc["FY2026Q3", "evidence"] == "derived" and csv.loc["FY2026Q1", "evidence"] == "stated"
    assert csv.loc["FY2026Q3", "inputs"] == "fx_annual_fy26 fx_results_q1 wire_q2 blog_q4"
    assert "Hatched or hollow: derived from the stated year and its other quarters, never stated (FY26 Q3)" in (
        " ".join(result.footnote(""))
    )
    # the chart's full citation names the derived quarter's inputs, the annual report among them
    assert "fx_annual_fy26" in set(chart_sources(frames.sources, result)["source"])


def test_quarterly_shows_the_derived_row_only_where_nothing_is_stated(obs: pd.DataFrame) -> None:
    rows = quarterly(obs, "cloud_revenue")
    assert rows[["period", "derived"]].values.tolist() == [
        ["FY2026Q1", False], ["FY2026Q2", False], ["FY2026Q3", True], ["FY2026Q4", False],
    ]  # fmt: skip
