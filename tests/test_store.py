"""Loading a valid store, its tidy frames, and every derived figure against values worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loaders import StoreError, build_frames, load_store, open_store
from loaders.derive import (
    conflicts,
    cumulative_against_plan,
    in_currency,
    plan_progress,
    plan_start_default,
    quarterly,
    quarterly_values,
    rounding_twins,
    share_of,
    with_gaps,
    yoy_check,
)
from loaders.frames import OBSERVATION_COLUMNS
from loaders.recipes import RECIPE_COLUMNS
from loaders.store import load_store_bytes

ROOT = Path(__file__).resolve().parent.parent

STORE_YAML = """\
# A small store with known figures: illustrative values and abridged quotes, checked by hand below.
version: 2

default_subject: alibaba   # the company a metric or event is about where it does not say

companies:
  alibaba:
    name: Alibaba Group
    tickers: [BABA, 9988.HK]
    fiscal_year_end_month: 3   # the fiscal year ends 31 March: FY2026Q1 = Apr-Jun 2025
    currency: RMB

sources:
  ali_fy25q1:
    title: "Alibaba Group Announces June Quarter 2024 Results"
    issuer: alibaba
    url: https://www.alibabagroup.com/en-US/ir-fy25q1
    published: 2024-08-15
    accessed: 2026-11-20
    kind: results_announcement
    grade: 1
  ali_fy25q2:
    title: "Alibaba Group Announces September Quarter 2024 Results"
    issuer: alibaba
    url: https://www.alibabagroup.com/en-US/ir-fy25q2
    published: 2024-11-15
    accessed: 2026-11-20
    kind: results_announcement
    grade: 1
  ali_fy25q3:
    title: "Alibaba Group Announces December Quarter 2024 Results"
    issuer: alibaba
    url: https://www.alibabagroup.com/en-US/ir-fy25q3
    published: 2025-02-20
    accessed: 2026-11-20
    kind: results_announcement
    grade: 1
  ali_fy25q4:
    title: "Alibaba Group Announces March Quarter 2025 and Fiscal Year 2025 Results"
    issuer: alibaba
    url: https://www.alibabagroup.com/en-US/ir-fy25q4
    published: 2025-05-15
    accessed: 2026-11-20
    kind: results_announcement
    grade: 1
  ali_fy26q1:
    title: "Alibaba Group Announces June Quarter 2025 Results"
    issuer: alibaba
    url: https://www.alibabagroup.com/en-US/ir-fy26q1
    published: 2025-08-29
    accessed: 2026-11-20
    kind: results_announcement
    grade: 1
  ali_fy26q2:
    title: "Alibaba Group Announces September Quarter 2025 Results"
    issuer: alibaba
    url: https://www.alibabagroup.com/en-US/ir-fy26q2
    published: 2025-11-25
    accessed: 2026-11-20
    kind: results_announcement
    grade: 1
  wire_fy26q2:
    title: "Alibaba cloud revenue jumps on AI demand"
    issuer: "Example Wire"
    url: https://news.example.com/alibaba-cloud-q2
    published: 2025-11-26
    accessed: 2026-11-20
    kind: article
    grade: 2
  plan_2025:
    title: "Alibaba to invest RMB380 billion in cloud and AI infrastructure"
    issuer: "Example News Agency"
    offline_copy: seeds/plan_2025.txt
    published: 2025-02-24
    accessed: 2026-11-20
    kind: article
    grade: 2

metrics:
  cloud_revenue:
    name: "Cloud Intelligence Group revenue"
    unit: RMB_bn
    category: cloud
    description: "Revenue of the Cloud Intelligence Group."
    observations:
      - period: FY2026Q2
        value: 39.8
        source: wire_fy26q2
        quote: "cloud revenue rose 34% to 39.8 billion yuan"
      - period: FY2025Q1
        value: 26.549
        source: ali_fy25q1
        quote: "Cloud Intelligence Group revenue was RMB26,549 million"
      - period: FY2025Q2
        value: 29.610
        source: ali_fy25q2
        quote: "Cloud Intelligence Group revenue was RMB29,610 million"
      - period: FY2025Q3
        value: 31.742
        source: ali_fy25q3
        quote: "Cloud Intelligence Group revenue was RMB31,742 million"
      - period: FY2025Q4
        value: 30.127
        yoy_pct: 18
        source: ali_fy25q4
        quote: "Cloud Intelligence Group revenue was RMB30,127 million, an increase of 18%"
      - period: FY2026Q1
        value: 33.398
        yoy_pct: 26
        source: ali_fy26q1
        quote: "Cloud Intelligence Group revenue was RMB33,398 million, an increase of 26%"
      - period: FY2026Q2
        value: 39.824
        yoy_pct: 34
        source: ali_fy26q2
        quote: "Cloud Intelligence Group revenue was RMB39,824 million (US$5,594 million), an increase of 34%"

  group_revenue:
    name: "Group revenue"
    unit: RMB_bn
    category: group
    description: "Total revenue of Alibaba Group."
    observations:
      - period: FY2025Q2
        value: 236.503
        source: ali_fy25q2
        quote: "Revenue was RMB236,503 million"
      - period: FY2026Q2
        value: 247.795
        yoy_pct: 5
        source: ali_fy26q2
        quote: "Revenue was RMB247,795 million (US$34,807 million), an increase of 5% year-over-year"
      - period: FY2026Q2
        value: 247.795
        yoy_pct: 15
        basis: like_for_like
        source: ali_fy26q2
        quote: "Revenue was RMB247,795 million; excluding disposed businesses, revenue grew 15% on a like-for-like basis"

  capex:
    name: "Capital expenditure"
    unit: RMB_bn
    category: capex
    description: "Purchases of property and equipment."
    observations:
      - period: FY2025Q1
        value: 7.3
        source: ali_fy25q1
        quote: "capital expenditure of RMB7.3 billion"
      - period: FY2025Q2
        value: 17.0
        source: ali_fy25q2
        quote: "capital expenditure of RMB17.0 billion"
      - period: FY2025Q3
        value: 31.8
        source: ali_fy25q3
        quote: "capital expenditure of RMB31.8 billion"
      - period: FY2025Q4
        value: 24.6
        source: ali_fy25q4
        quote: "capital expenditure of RMB24.6 billion"
      - period: FY2026Q2
        value: 31.4
        yoy_pct: 80
        source: ali_fy26q2
        quote: "capital expenditure of RMB31.4 billion, up 80% year-over-year"

  free_cash_flow:
    name: "Free cash flow"
    unit: RMB_bn
    category: group
    can_be_negative: true
    description: "Non-GAAP free cash flow."
    observations:
      - period: FY2026Q2
        value: -21.84
        source: ali_fy26q2
        quote: "free cash flow was an outflow of RMB21,840 million"

  ai_capex_plan:
    name: "Announced AI and cloud infrastructure investment"
    unit: RMB_bn
    category: capex
    description: "The three-year plan announced in February 2025."
    observations:
      - period: 2025-02-24
        value: 380
        source: plan_2025
        quote: "Alibaba will invest more than RMB380 billion over the next three years"

  usd_rmb_rate:
    name: "RMB per US$ used in the results"
    unit: RMB_per_USD
    category: fx
    subject: fx
    description: "The convenience translation rate stated in each results announcement."
    observations:
      - period: FY2026Q2
        value: 7.1190
        source: ali_fy26q2
        quote: "translations of RMB into US$ were made at RMB7.1190 to US$1.00"

plans:
  ai_capex_plan:
    metric: ai_capex_plan
    tracks: capex
    horizon_years: 3
    announced: 2025-02-24
    source: plan_2025
    quote: "over the next three years"

events:
  - id: qwen3_launch
    date: 2025-04-29
    title: "Qwen3 model family released"
    category: model_release
    metrics: [cloud_revenue]
    source: ali_fy26q1
    quote: "On April 29, 2025, Alibaba launched the Qwen3 series"
  - id: results_q2
    start: 2025-11-25
    end: 2025-11-26
    title: "September quarter results"
    category: results
    reports: FY2026Q2
    source: ali_fy26q2
    quote: "Cloud Intelligence Group revenue was RMB39,824 million"
"""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "metrics.yaml"
    path.write_text(STORE_YAML, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loaded(store_path: Path):
    return open_store(store_path, dt.date.today())


@pytest.fixture(scope="module")
def frames(loaded):
    return build_frames(loaded)


@pytest.fixture(scope="module")
def obs(frames) -> pd.DataFrame:
    return frames.observations


def line_of(text: str) -> int:
    """1-based line of the first line of `text` in the store."""
    return STORE_YAML[: STORE_YAML.index(text)].count("\n") + 1


def one(frame: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0]


# --- loading --------------------------------------------------------------------------------------


def test_valid_store_loads(store_path: Path, loaded) -> None:
    store = load_store(store_path, dt.date.today())
    assert store == loaded.model
    assert list(store.metrics) == ["cloud_revenue", "group_revenue", "capex", "free_cash_flow", "ai_capex_plan", "usd_rmb_rate"]
    assert len(store.sources) == 8
    assert sum(len(m.observations) for m in store.metrics.values()) == 18
    cloud = store.metrics["cloud_revenue"]
    assert cloud.unit == "RMB_bn"
    assert cloud.can_be_negative is False
    assert cloud.observations[6].value == 39.824
    assert cloud.observations[6].yoy_pct == 34
    assert cloud.observations[6].basis == "reported"  # the default
    assert store.metrics["free_cash_flow"].observations[0].value == -21.84
    assert store.sources["plan_2025"].url is None
    assert store.plans["ai_capex_plan"].horizon_years == 3
    assert [e.id for e in store.events] == ["qwen3_launch", "results_q2"]


def test_loaded_store_points_back_into_the_file(store_path: Path, loaded) -> None:
    assert loaded.path == str(store_path)
    assert loaded.digest == hashlib.sha256(store_path.read_bytes()).hexdigest()
    assert loaded.line_of(("sources", "ali_fy26q2")) == line_of("  ali_fy26q2:")
    assert loaded.line_of(("metrics", "capex")) == line_of("  capex:")
    # a path that does not exist points at the deepest part that does
    assert loaded.line_of(("metrics", "capex", "no_such_key")) == line_of("  capex:")


def test_the_same_bytes_load_the_same_store(loaded) -> None:
    assert load_store_bytes(STORE_YAML.encode("utf-8"), "metrics.yaml", dt.date.today()) == loaded.model


def test_a_store_with_any_problem_does_not_load_at_all() -> None:
    broken = STORE_YAML.replace("source: wire_fy26q2", "source: wire_fy26q3")
    with pytest.raises(StoreError) as info:
        load_store_bytes(broken.encode(), "metrics.yaml", dt.date.today())
    [problem] = info.value.problems
    assert problem.line == line_of("        source: wire_fy26q2")
    assert problem.column == 9
    assert problem.where == "metrics.cloud_revenue.observations[0].source"
    assert str(problem) == (
        f"metrics.yaml:{problem.line}:9: metrics.cloud_revenue.observations[0].source: "
        "unknown source 'wire_fy26q3' (not in sources:)"
    )


# --- frames ---------------------------------------------------------------------------------------


def test_observations_frame_columns_and_rows(obs: pd.DataFrame) -> None:
    # the stated values' columns, then what a derived row says about itself (loaders.recipes)
    assert [c for c in obs.columns if c not in RECIPE_COLUMNS] == [c for c in OBSERVATION_COLUMNS if c not in RECIPE_COLUMNS]
    assert set(RECIPE_COLUMNS) <= set(obs.columns)
    assert not obs["derived"].any()  # the small store states no year beside its quarters
    assert len(obs) == 18
    assert obs["value"].dtype == float
    assert str(obs["period_end"].dtype).startswith("datetime64")


def test_observation_row_carries_labels_dates_and_citation(obs: pd.DataFrame) -> None:
    row = one(obs, metric="cloud_revenue", period="FY2026Q2", source="ali_fy26q2")
    assert row["name"] == "Cloud Intelligence Group revenue"
    assert row["unit"] == "RMB_bn"
    assert row["category"] == "cloud"
    assert row["period_kind"] == "quarter"
    assert row["period_start"] == pd.Timestamp("2025-07-01")
    assert row["period_end"] == pd.Timestamp("2025-09-30")
    assert row["fiscal_label"] == "FY26 Q2"
    assert row["calendar_label"] == "Jul–Sep 2025"
    assert row["value"] == 39.824
    assert row["yoy_pct"] == 34.0
    assert row["basis"] == "reported"
    assert row["source_title"] == "Alibaba Group Announces September Quarter 2025 Results"
    assert row["publisher"] == "Alibaba Group"
    assert row["url"] == "https://www.alibabagroup.com/en-US/ir-fy26q2"
    assert row["published"] == pd.Timestamp("2025-11-25")
    assert row["source_kind"] == "results_announcement"
    assert row["quote"].startswith("Cloud Intelligence Group revenue was RMB39,824 million")
    assert row["line"] == line_of("      - period: FY2026Q2\n        value: 39.824")


def test_other_period_kinds_in_the_frame(obs: pd.DataFrame) -> None:
    plan = one(obs, metric="ai_capex_plan")
    assert plan["period_kind"] == "date"
    assert plan["period_start"] == plan["period_end"] == pd.Timestamp("2025-02-24")
    assert plan["fiscal_label"] == plan["calendar_label"] == "24 Feb 2025"
    assert math.isnan(plan["yoy_pct"])
    q4 = one(obs, metric="cloud_revenue", period="FY2025Q4")
    assert (q4["fiscal_label"], q4["calendar_label"]) == ("FY25 Q4", "Jan–Mar 2025")


def test_preferred_is_the_company_release_over_news(obs: pd.DataFrame) -> None:
    # the news observation comes first in the file and was published a day later; the company's own figure wins
    news = one(obs, metric="cloud_revenue", period="FY2026Q2", source="wire_fy26q2")
    company = one(obs, metric="cloud_revenue", period="FY2026Q2", source="ali_fy26q2")
    assert news["line"] < company["line"]
    assert not news["preferred"]
    assert company["preferred"]
    # exactly one preferred row per metric, period and basis
    counts = obs.groupby(["metric", "period", "basis"])["preferred"].sum()
    assert (counts == 1).all()
    # reported and like-for-like are different figures, each preferred on its own basis
    assert one(obs, metric="group_revenue", period="FY2026Q2", basis="like_for_like")["preferred"]
    assert one(obs, metric="group_revenue", period="FY2026Q2", basis="reported")["preferred"]


def test_the_newer_of_two_sources_of_the_same_grade_is_preferred_where_figures_differ(tmp_path: Path) -> None:
    # make the wire a grade-1 copy of the company's text and its figure a different one (39.9 is no
    # rounding of 39.824): of two figures at the same grade, the newer source's wins (the wire was
    # published a day later)
    text = STORE_YAML.replace("    kind: article\n    grade: 2\n  plan_2025:", "    kind: article\n    grade: 1\n  plan_2025:")
    text = text.replace('    issuer: "Example Wire"\n', "    issuer: alibaba\n")
    text = text.replace("value: 39.8\n", "value: 39.9\n").replace("rose 34% to 39.8 billion", "rose 34% to 39.9 billion")
    path = tmp_path / "metrics.yaml"
    path.write_text(text, encoding="utf-8")
    obs = build_frames(open_store(path, dt.date.today())).observations
    assert one(obs, metric="cloud_revenue", period="FY2026Q2", source="wire_fy26q2")["preferred"]
    assert not one(obs, metric="cloud_revenue", period="FY2026Q2", source="ali_fy26q2")["preferred"]


def test_other_frames(frames) -> None:
    assert list(frames.metrics["metric"]) == [
        "cloud_revenue", "group_revenue", "capex", "free_cash_flow", "ai_capex_plan", "usd_rmb_rate"
    ]  # fmt: skip
    assert one(frames.metrics, metric="cloud_revenue")["observations"] == 7
    assert one(frames.metrics, metric="free_cash_flow")["can_be_negative"]
    src = one(frames.sources, source="plan_2025")
    assert pd.isna(src["url"])
    assert src["line"] == line_of("  plan_2025:")
    assert src["published"] == pd.Timestamp("2025-02-24")
    events = frames.events
    assert list(events["event"]) == ["qwen3_launch", "results_q2"]
    assert (events["start"].iloc[0], events["end"].iloc[0]) == (pd.Timestamp("2025-04-29"), pd.Timestamp("2025-04-29"))
    assert (events["start"].iloc[1], events["end"].iloc[1]) == (pd.Timestamp("2025-11-25"), pd.Timestamp("2025-11-26"))
    assert events["metrics"].iloc[0] == "cloud_revenue"
    plan = one(frames.plans, plan="ai_capex_plan")
    assert plan["amount"] == 380
    assert plan["tracks"] == "capex"
    assert plan["amount_source"] == "plan_2025"
    assert plan["announced"] == pd.Timestamp("2025-02-24")


# --- derived figures ------------------------------------------------------------------------------


def test_quarterly_values_use_the_preferred_figure(obs: pd.DataFrame) -> None:
    cloud = quarterly_values(obs, "cloud_revenue")
    assert list(cloud.index) == ["FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4", "FY2026Q1", "FY2026Q2"]
    assert cloud["FY2026Q2"] == 39.824


def test_yoy_check(obs: pd.DataFrame) -> None:
    check = yoy_check(obs)
    by = {(r.metric, r.period, r.basis, r.source): r for r in check.itertuples(index=False)}

    q2 = by[("cloud_revenue", "FY2026Q2", "reported", "ali_fy26q2")]
    assert q2.prior_period == "FY2025Q2"
    assert q2.prior_value == 29.610
    assert q2.computed_yoy_pct == pytest.approx((39.824 / 29.610 - 1) * 100)
    assert q2.computed_yoy_pct == pytest.approx(34.4951, abs=1e-4)
    assert q2.reported_yoy_pct == 34
    assert q2.difference_pp == pytest.approx(0.4951, abs=1e-4)
    assert q2.status == "ok"

    q1 = by[("cloud_revenue", "FY2026Q1", "reported", "ali_fy26q1")]
    assert q1.computed_yoy_pct == pytest.approx((33.398 / 26.549 - 1) * 100)  # 25.80 against a stated 26
    assert q1.status == "ok"

    group = by[("group_revenue", "FY2026Q2", "reported", "ali_fy26q2")]
    assert group.computed_yoy_pct == pytest.approx((247.795 / 236.503 - 1) * 100)  # 4.77 against 5
    assert group.status == "ok"

    # like-for-like growth of 15% is far from the reported 4.77%: the basis explains it
    lfl = by[("group_revenue", "FY2026Q2", "like_for_like", "ali_fy26q2")]
    assert lfl.prior_value == 236.503  # the prior year is always the reported figure
    assert lfl.difference_pp == pytest.approx((247.795 / 236.503 - 1) * 100 - 15)
    assert lfl.status == "differs, explained by basis (like_for_like)"

    # capex 31.4 against 17.0 is +84.7%, not the stated 80%: flagged
    capex = by[("capex", "FY2026Q2", "reported", "ali_fy26q2")]
    assert capex.computed_yoy_pct == pytest.approx((31.4 / 17.0 - 1) * 100)
    assert capex.difference_pp == pytest.approx(4.7059, abs=1e-4)
    assert capex.status == "differs"

    no_prior = by[("cloud_revenue", "FY2025Q4", "reported", "ali_fy25q4")]
    assert no_prior.status == "no prior-year value in store"
    assert math.isnan(no_prior.computed_yoy_pct)

    news = by[("cloud_revenue", "FY2026Q2", "reported", "wire_fy26q2")]
    assert news.status == "no reported YoY"
    assert news.computed_yoy_pct == pytest.approx((39.8 / 29.610 - 1) * 100)

    # quarters with neither a stated YoY nor a prior year, the FX rate and the dated plan are not rows
    assert len(check) == 7
    assert "usd_rmb_rate" not in set(check["metric"])
    assert "ai_capex_plan" not in set(check["metric"])


def test_with_gaps_inserts_the_missing_quarter(obs: pd.DataFrame) -> None:
    gapped = with_gaps(quarterly(obs, "capex"))
    assert list(gapped["period"]) == ["FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4", "FY2026Q1", "FY2026Q2"]
    missing = gapped[gapped["missing"]]
    assert list(missing["period"]) == ["FY2026Q1"]
    assert math.isnan(missing["value"].iloc[0])
    assert missing["calendar_label"].iloc[0] == "Apr–Jun 2025"


def test_with_gaps_from_an_earlier_quarter_keeps_each_stated_row_in_place(obs: pd.DataFrame) -> None:
    stated = quarterly(obs, "capex")
    gapped = with_gaps(stated, since="FY2024Q3")
    assert list(gapped["period"][:3]) == ["FY2024Q3", "FY2024Q4", "FY2025Q1"]
    assert list(gapped["missing"]) == [True, True, False, False, False, False, True, False]
    assert gapped["period_end"].is_monotonic_increasing and gapped["period_end"].dtype == stated["period_end"].dtype
    assert gapped["fiscal_label"].iloc[0] == "FY24 Q3" and gapped["calendar_label"].iloc[0] == "Oct–Dec 2023"
    kept = gapped[~gapped["missing"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept.drop(columns="missing"), stated, check_dtype=False)  # a gap makes ints floats


def test_rows_are_picked_by_every_value_given_in_the_frames_order() -> None:
    from loaders.rows import positions, rows_where

    frame = pd.DataFrame(
        {"metric": ["a", "b", "a", "a", "c"], "basis": ["reported", "reported", "restated", "reported", None],
         "preferred": [True, True, True, False, True]},
        index=[10, 11, 12, 13, 14],
    )  # fmt: skip
    assert positions(frame, metric="a").tolist() == [0, 2, 3]
    assert positions(frame, metric="a", basis="reported").tolist() == [0, 3]
    assert positions(frame, metric="a", basis="reported", preferred=True).tolist() == [0]
    assert positions(frame, basis="reported", metric="a").tolist() == [0, 3]  # any order of tests, one answer
    assert positions(frame, metric="z").tolist() == [] and positions(frame.iloc[0:0], metric="a").tolist() == []
    assert rows_where(frame, metric="a", preferred=True).index.tolist() == [10, 12]  # the frame's own index kept


def test_share_of(obs: pd.DataFrame) -> None:
    share = share_of(obs, "cloud_revenue", "group_revenue")
    assert list(share["period"]) == ["FY2025Q2", "FY2026Q2"]  # only where both are stated
    assert share["share_pct"].tolist() == pytest.approx([100 * 29.610 / 236.503, 100 * 39.824 / 247.795])
    assert share["share_pct"].iloc[1] == pytest.approx(16.0713, abs=1e-4)


def test_rounding_twins_are_one_figure_not_a_conflict(obs: pd.DataFrame) -> None:
    # the wire's 39.8 is the release's 39.824 rounded: one figure, shown at the release's precision
    assert conflicts(obs).empty
    twins = rounding_twins(obs)
    assert len(twins) == 1
    row = twins.iloc[0]
    assert (row["metric"], row["period"], row["value"], row["other_values"]) == ("cloud_revenue", "FY2026Q2", 39.824, "39.8")
    assert row["sources"] == "Alibaba Group (company release or filing); Example Wire (major outlet or data service)"
    # both rows belong to the shown figure, cited best grade first
    rows = obs[(obs["metric"] == "cloud_revenue") & (obs["period"] == "FY2026Q2")]
    assert set(rows["figure"]) == {0}
    assert set(rows["cited_by"]) == {("ali_fy26q2", "wire_fy26q2")}


def test_conflicts_keep_both_values(tmp_path: Path) -> None:
    # the wire states a different figure (39.9): a real disagreement, both kept, the release shown
    text = STORE_YAML.replace("value: 39.8\n", "value: 39.9\n").replace("rose 34% to 39.8 billion", "rose 34% to 39.9 billion")
    path = tmp_path / "metrics.yaml"
    path.write_text(text, encoding="utf-8")
    found = conflicts(build_frames(open_store(path, dt.date.today())).observations)
    assert len(found) == 2
    assert set(found["metric"]) == {"cloud_revenue"}
    assert set(found["period"]) == {"FY2026Q2"}
    assert found["value"].tolist() == [39.824, 39.9]
    assert found["source"].tolist() == ["ali_fy26q2", "wire_fy26q2"]
    assert found["preferred"].tolist() == [True, False]
    assert found["kind"].tolist() == ["values differ", "values differ"]
    assert (found["values"] == 2).all()
    # a like-for-like figure beside a reported one is not a conflict
    assert "group_revenue" not in set(found["metric"])


def test_in_currency_converts_at_the_cited_rate_only(obs: pd.DataFrame) -> None:
    usd = in_currency(obs, "USD")
    q2 = one(usd, metric="cloud_revenue", period="FY2026Q2", source="ali_fy26q2")
    assert q2["unit"] == "USD_bn"
    assert q2["fx_rate"] == 7.119
    assert q2["value"] == pytest.approx(39.824 / 7.1190)  # 5.594, as the release's own US$5,594 million
    assert q2["value"] == pytest.approx(5.594, abs=5e-4)
    assert q2["fx_note"] == "at RMB 7.1190 per US$ (FY2026Q2)"
    fcf = one(usd, metric="free_cash_flow")
    assert fcf["value"] == pytest.approx(-21.84 / 7.119)
    # no rate is cited for FY2026Q1: no figure rather than a guessed one
    q1 = one(usd, metric="cloud_revenue", period="FY2026Q1")
    assert q1["unit"] == "USD_bn"
    assert math.isnan(q1["value"])
    assert math.isnan(q1["fx_rate"])
    assert q1["fx_note"] == "no US$ figure stated and no cited RMB/US$ rate for this quarter"
    plan = one(usd, metric="ai_capex_plan")  # dated 2025-02-24, in FY2025Q4, which has no rate
    assert math.isnan(plan["value"])
    # the rate itself is not money and is left alone
    rate = one(usd, metric="usd_rmb_rate")
    assert (rate["unit"], rate["value"], rate["fx_note"]) == ("RMB_per_USD", 7.119, "")
    # the input frame is not modified
    assert one(obs, metric="cloud_revenue", period="FY2026Q1")["value"] == 33.398


def _store_with(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = STORE_YAML
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "metrics.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_in_currency_shows_the_us_dollars_a_source_states(tmp_path: Path) -> None:
    path = _store_with(
        tmp_path,
        # FY2026Q1 has no cited rate, but its release states the US$ amount
        ('        quote: "Cloud Intelligence Group revenue was RMB33,398 million, an increase of 26%"',
         '        value_usd: 4.662\n'
         '        quote: "Cloud Intelligence Group revenue was RMB33,398 million (US$4,662 million), an increase of 26%"'),
        # FY2025Q1: the release (preferred) gives no US$; a news report of the same figure does
        ('        quote: "Cloud Intelligence Group revenue was RMB26,549 million"\n',
         '        quote: "Cloud Intelligence Group revenue was RMB26,549 million"\n'
         '      - period: FY2025Q1\n        value: 26.549\n        value_usd: 3.65\n        source: wire_fy26q2\n'
         '        quote: "cloud revenue of 26.549 billion yuan ($3.65 billion)"\n'),
    )  # fmt: skip
    obs = build_frames(open_store(path, dt.date.today())).observations
    usd = in_currency(obs, "USD")
    q1 = one(usd, metric="cloud_revenue", period="FY2026Q1")
    assert (q1["value"], q1["unit"], q1["fx_note"]) == (4.662, "USD_bn", "US$ as stated by the source")
    assert math.isnan(q1["fx_rate"])
    # the figure is the same in both sources, so the one stating US$ becomes the preferred in US$
    release = one(usd, metric="cloud_revenue", period="FY2025Q1", source="ali_fy25q1")
    wire = one(usd, metric="cloud_revenue", period="FY2025Q1", source="wire_fy26q2")
    assert one(obs, metric="cloud_revenue", period="FY2025Q1", source="ali_fy25q1")["preferred"]
    assert (bool(release["preferred"]), bool(wire["preferred"])) == (False, True)
    assert wire["value"] == 3.65 and math.isnan(release["value"])
    # in RMB nothing moves
    rmb = in_currency(obs, "RMB")
    assert one(rmb, metric="cloud_revenue", period="FY2025Q1", source="ali_fy25q1")["preferred"]
    assert one(rmb, metric="cloud_revenue", period="FY2026Q1")["value"] == 33.398


@pytest.mark.parametrize(
    ("value_usd", "message"),
    [
        ("5.594", None),
        ("5.6", None),  # rounds the stated US$5,594 million
        ("39.824", "quote does not state value_usd 39.824 (US$ bn) as a dollar amount"),  # the RMB figure
        ("5.595", "quote does not state value_usd 5.595 (US$ bn) as a dollar amount"),
    ],
)
def test_value_usd_must_be_a_dollar_amount_in_the_quote(tmp_path: Path, value_usd: str, message: str | None) -> None:
    line = '        quote: "Cloud Intelligence Group revenue was RMB39,824 million (US$5,594 million), an increase of 34%"'
    path = _store_with(tmp_path, (line, f"        value_usd: {value_usd}\n{line}"))
    if message is None:
        assert one(build_frames(open_store(path, dt.date.today())).observations, metric="cloud_revenue", source="ali_fy26q2",
                   period="FY2026Q2")["value_usd"] == float(value_usd)  # fmt: skip
        return
    with pytest.raises(StoreError) as caught:
        open_store(path, dt.date.today())
    assert [p.message for p in caught.value.problems] == [f"{message}: {line.split('quote: ')[1][1:-1]!r}"]


def test_value_usd_belongs_to_rmb_metrics_only(tmp_path: Path) -> None:
    first_rate = STORE_YAML.index("        value:", STORE_YAML.index("  usd_rmb_rate:\n"))
    path = tmp_path / "metrics.yaml"
    path.write_text(STORE_YAML[:first_rate] + "        value_usd: 1\n" + STORE_YAML[first_rate:], encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        open_store(path, dt.date.today())
    assert [p.message for p in caught.value.problems] == [
        "value_usd is the US$ figure stated beside an RMB one; metric 'usd_rmb_rate' is in RMB_per_USD"
    ]


def test_in_currency_rmb_is_unchanged(obs: pd.DataFrame) -> None:
    rmb = in_currency(obs, "RMB")
    assert rmb["value"].tolist() == obs["value"].tolist()
    assert rmb["unit"].tolist() == obs["unit"].tolist()


PLAN_TODAY = dt.date(2026, 2, 10)


@pytest.fixture(scope="module")
def plan(frames) -> pd.Series:
    return one(frames.plans, plan="ai_capex_plan")


def test_plan_starts_in_the_quarter_it_was_announced(plan: pd.Series) -> None:
    assert plan_start_default(plan["announced"]) == "FY2025Q4"


def test_cumulative_against_plan(obs: pd.DataFrame, plan: pd.Series) -> None:
    path = cumulative_against_plan(obs, plan, "FY2025Q4", PLAN_TODAY)
    assert len(path) == 12  # three years of quarters
    assert path["period"].iloc[0] == "FY2025Q4"
    assert path["period"].iloc[-1] == "FY2028Q3"
    rows = path.set_index("period")
    assert rows.loc["FY2025Q4", "stated"] == 24.6
    assert rows.loc["FY2025Q4", "cumulative"] == pytest.approx(24.6)
    # FY2026Q1 has no stated figure and its results were due by 18 Sep 2025: not stated, its stated
    # value NaN, not a zero
    assert rows.loc["FY2026Q1", "missing"]
    assert rows.loc["FY2026Q1", "status"] == "not stated"
    assert math.isnan(rows.loc["FY2026Q1", "stated"])
    assert rows.loc["FY2026Q2", "cumulative"] == pytest.approx(24.6 + 31.4)
    # FY2026Q3 ended on 31 Dec 2025 and its results are due by 21 Mar 2026: on 10 Feb 2026 it is
    # not yet reported; FY2026Q4 has not ended
    assert rows.loc["FY2026Q3", "status"] == "not yet reported"
    assert math.isnan(rows.loc["FY2026Q3", "cumulative"])
    assert rows.loc["FY2026Q4", "status"] == "to come"
    assert not rows.loc["FY2026Q4", "missing"]
    assert path["missing"].sum() == 2
    # the straight-line path reaches the full amount at the horizon
    assert rows.loc["FY2025Q4", "plan_path"] == pytest.approx(380 / 12)
    assert rows.loc["FY2028Q3", "plan_path"] == pytest.approx(380)
    assert rows.loc["FY2028Q3", "period_end"] == pd.Timestamp("2027-12-31")


def test_plan_progress(obs: pd.DataFrame, plan: pd.Series) -> None:
    p = plan_progress(obs, plan, "FY2025Q4", PLAN_TODAY)
    assert p.plan == "ai_capex_plan"
    assert (p.amount, p.unit) == (380, "RMB_bn")
    assert (p.start_quarter, p.end_quarter, p.horizon_quarters) == ("FY2025Q4", "FY2028Q3", 12)
    assert p.today == PLAN_TODAY
    assert p.latest_quarter == "FY2026Q2"
    assert p.cumulative == pytest.approx(24.6 + 31.4)  # 56.0
    # on 10 Feb 2026 four plan quarters have ended (FY25 Q4 to FY26 Q3), whatever the store holds
    assert (p.quarters_elapsed, p.quarters_remaining) == (4, 8)
    assert p.share_deployed_pct == pytest.approx(100 * 56.0 / 380)  # 14.74%
    assert p.share_time_elapsed_pct == pytest.approx(100 * 4 / 12)  # 4 of 12 quarters, not 3
    assert p.required_run_rate == pytest.approx((380 - 56.0) / 8)  # 40.5 a quarter
    # the mean of the latest four *stated* quarters: the missing FY2026Q1 is skipped, not averaged in as 0
    assert p.trailing_run_rate == pytest.approx((17.0 + 31.8 + 24.6 + 31.4) / 4)  # 26.2
    assert p.projected_at_horizon == pytest.approx(56.0 + 26.2 * 8)  # 265.6
    assert p.not_stated == ("FY2026Q1",)
    assert p.not_yet_reported == ("FY2026Q3",)
    assert p.missing_quarters == ("FY2026Q1", "FY2026Q3")
    assert not p.complete


def test_plan_time_runs_to_today_not_to_the_store(obs: pd.DataFrame, plan: pd.Series) -> None:
    # seven of twelve quarters ended by 1 Oct 2026: the plan reads 58%, not the 25% of three stated quarters
    p = plan_progress(obs, plan, "FY2025Q4", dt.date(2026, 10, 1))
    assert p.quarters_elapsed == 7
    assert p.share_time_elapsed_pct == pytest.approx(100 * 7 / 12)
    assert p.required_run_rate == pytest.approx((380 - 56.0) / 5)
    # FY2026Q3, FY2026Q4 and FY2027Q1 were due by then (21 Mar, 19 Jun and 18 Sep 2026), are newer
    # than the newest quarter held (FY2026Q2) and are missing: overdue; FY2026Q1, older, is not stated;
    # FY2027Q2 ended on 30 Sep 2026, a day before: not yet reported
    assert p.not_stated == ("FY2026Q1",)
    assert p.overdue == ("FY2026Q3", "FY2026Q4", "FY2027Q1")
    assert p.not_yet_reported == ("FY2027Q2",)
    # on FY2027Q1's due date itself it is still not yet reported
    assert plan_progress(obs, plan, "FY2025Q4", dt.date(2026, 9, 18)).not_yet_reported == ("FY2027Q1",)


# --- python -m loaders dump ------------------------------------------------------------------------

DUMP_REQUIRED = [
    "metric", "period", "period_end", "fiscal_label", "calendar_label", "value", "unit", "basis", "source", "url", "quote",
]  # fmt: skip


def test_dump_writes_the_observations_as_csv(store_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "dump", str(store_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    header = next(csv.reader(io.StringIO(result.stdout)))
    positions = [header.index(c) for c in DUMP_REQUIRED]
    assert positions == sorted(positions), f"columns out of order: {header}"
    assert len(rows) == 18
    [q2] = [r for r in rows if (r["metric"], r["period"], r["source"]) == ("cloud_revenue", "FY2026Q2", "ali_fy26q2")]
    assert q2["period_end"] == "2025-09-30"
    assert q2["fiscal_label"] == "FY26 Q2"
    assert q2["calendar_label"] == "Jul–Sep 2025"
    assert float(q2["value"]) == 39.824
    assert q2["unit"] == "RMB_bn"
    assert q2["basis"] == "reported"
    assert q2["url"] == "https://www.alibabagroup.com/en-US/ir-fy26q2"
    assert q2["quote"] == ("Cloud Intelligence Group revenue was RMB39,824 million (US$5,594 million), an increase of 34%")
    [plan] = [r for r in rows if r["metric"] == "ai_capex_plan"]
    assert (plan["period"], plan["period_end"], plan["url"]) == ("2025-02-24", "2025-02-24", "")
    [fcf] = [r for r in rows if r["metric"] == "free_cash_flow"]
    assert float(fcf["value"]) == -21.84
    # which value the charts show, and how much its source counts, so anyone can check
    assert (q2["preferred"], q2["grade"], q2["grade_label"]) == ("True", "1", "company release or filing")
    [wire] = [r for r in rows if (r["metric"], r["period"], r["source"]) == ("cloud_revenue", "FY2026Q2", "wire_fy26q2")]
    assert (wire["preferred"], wire["grade_label"]) == ("False", "major outlet or data service")
    # how each value is evidenced, where a copy was read, and the link that opens the page at the quote
    assert (q2["evidence"], q2["read_at_host"], q2["read_at_url"]) == ("stated", "", "")
    assert q2["link_to_quote"] == (
        "https://www.alibabagroup.com/en-US/ir-fy26q2#:~:text=Cloud%20Intelligence%20Group%20revenue,an%20increase%20of%2034%25"
    )
    assert {r["evidence"] for r in rows} <= {"stated", "stated_in_copy", "original_named_not_opened"}


def test_dump_of_a_broken_store_fails_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "dump", "tests/bad_stores/unknown_source.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "unknown source 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_remarks_are_later_plan_events_that_name_the_plan() -> None:
    from loaders.derive import plan_remarks

    events = pd.DataFrame(
        {
            "event": ["announce", "buyback", "topup", "gmv_target"],
            "start": pd.to_datetime(["2025-02-24", "2024-02-07", "2025-09-24", "2025-08-29"]),
            "category": ["plan", "plan", "plan", "plan"],
            "metrics": ["ai_capex_plan,capex", "", "ai_capex_plan,capex", "quick_commerce_revenue"],
        }
    )
    plan = pd.Series({"metric": "ai_capex_plan", "announced": pd.Timestamp("2025-02-24")})
    assert list(plan_remarks(events, plan)["event"]) == ["topup"]
