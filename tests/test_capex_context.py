"""Capex in context on the capex page: as a share of revenue, and against operating and free cash flow.

Every expected number is written out by hand from the quotes in metrics.yaml (the real store) or in
tests/fixtures/small_store.yaml (fictional), never recomputed with the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.capex import CONTEXT_COLUMNS, capex_cash_flow_figure, capex_share_figure
from charts.options import USD_NOTE, ViewOptions
from charts.spec import ChartSpec
from loaders import Frames, build_frames, open_store
from pagemodels.capex import NO_CASH_FLOW
from pagemodels.model import Chart, Text
from pagemodels.registry import build_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
TODAY = dt.date(2026, 12, 1)
NAN = math.nan
RMB, USD = ViewOptions(), ViewOptions(currency="USD")

# metrics.yaml, the preferred reported value of each quarter (RMB bn), with the words it is read from
CAPEX = {
    "FY2025Q1": 11.939,  # "资本开支为119.39亿元"
    "FY2025Q3": 31.78,  # "资本开支高达317.8亿元"
    "FY2025Q4": 24.612,  # "資本開(kāi)支就達246.12億元"
    "FY2026Q1": 38.676,  # "compared to RMB38,676 million in the same quarter of 2025": more exact than Zacks' RMB 38.7 billion
    "FY2026Q2": 31.501,  # "单季投入达315.01亿元"
    "FY2026Q4": 26.9,  # "totaling 26.9 billion RMB in the most recent quarter"
    "FY2027Q1": 67.678,  # "RMB 67,678 m (US$9,975 m)"
}
REVENUE = {
    "FY2025Q1": 243.236,  # "Revenue was RMB243,236 million"
    "FY2025Q2": 236.503,
    "FY2025Q3": 280.154,
    "FY2025Q4": 236.454,
    "FY2026Q1": 247.652,
    "FY2026Q2": 247.795,  # "Revenue was RMB247,795 million (US$34,808 million)"
    "FY2026Q3": 284.843,
    "FY2026Q4": 243.38,
    "FY2027Q1": 268.953,
}
# no source states these two quarters; loaders.recipes derives them from the fiscal year's stated total and
# its other three quarters, to the decimals of the coarsest input (FY2026's "RMB 126B": whole billions)
DERIVED_CAPEX = {
    "FY2025Q2": 17.64,  # 85.972 - 11.939 - 31.78 - 24.612
    "FY2026Q3": 29.0,  # 126 - 38.676 - 31.501 - 26.9 = 28.923
}
SHARE_QUARTERS = ["FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4", "FY2026Q1", "FY2026Q2", "FY2026Q3", "FY2026Q4", "FY2027Q1"]
# fiscal years: "capital expenditures totaled RMB34,330 million, RMB32,087 million and RMB85,972 million
# (US$11,847 million)"; the FY2026 20-F's "RMB126,063 million (US$18,275 million)"; "RMB199,752 million,
# RMB182,593 million and RMB163,509 million (US$22,532 million) of cash from operating activities";
# "FY2026 free cash flow turned NEGATIVE for the first time (-RMB46,609m)"
YEARS = ["FY23", "FY24", "FY25", "FY26"]
YEAR_CAPEX = [34.33, 32.087, 85.972, 126.063]
YEAR_OCF = [
    199.752,
    182.593,
    163.509,
    76.21,
]  # FY26 derived: the sum of its four stated quarters, never worked back from free cash flow and capex
YEAR_FCF = [NAN, NAN, NAN, -46.609]


@pytest.fixture(scope="module")
def frames() -> Frames:
    # validation checks dates against the real date (sources read today are not in the future); TODAY is the view's day
    return build_frames(open_store(ROOT / "metrics.yaml", today=dt.date.today()))


@pytest.fixture(scope="module")
def obs(frames: Frames) -> pd.DataFrame:
    return frames.observations


@pytest.fixture(scope="module")
def stated(obs: pd.DataFrame) -> pd.DataFrame:
    """The values sources state, without the derived ones: what the charts draw where nothing is derivable."""
    return obs[~obs["derived"]]


def values(data: object) -> np.ndarray:
    return np.array([NAN if v is None else v for v in data], dtype=float)


def trace(fig: go.Figure, name: str) -> go.Bar | go.Scatter:
    found = [t for t in fig.data if t.name == name]
    assert len(found) == 1, f"expected one trace named {name!r}, got {[t.name for t in fig.data]}"
    return found[0]


def gap_labels(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.name == "gap"]


def footnote_text(spec: ChartSpec, as_of: str = "") -> str:
    """What a chart's footnote says: its notes and sources clause, then the store's date where given."""
    return " ".join(spec.footnote(as_of))


def title_text(spec: ChartSpec) -> str:
    """The chart's title and subtitle, as the painters show them one above the other."""
    return " · ".join(t for t in (spec.title, spec.subtitle) if t)


def csv_rows(result: ChartSpec) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(result.csv.decode("utf-8-sig"))))


def row(result: ChartSpec, period: str, measure: str) -> pd.Series:
    data = result.data
    found = data[(data["Period"] == period) & (data["Measure"] == measure)]
    assert len(found) == 1, (period, measure)
    return found.iloc[0]


def mid_quarter(start: str, end: str) -> pd.Timestamp:
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    return first + (last - first) / 2


# --- capex as a share of revenue --------------------------------------------------------------------------


def test_capex_share_is_stated_capex_over_stated_revenue_of_the_same_quarter(obs: pd.DataFrame) -> None:
    result = capex_share_figure(obs, RMB)
    line = trace(result.plot, "Capex / group revenue")
    expected = [100 * (CAPEX | DERIVED_CAPEX)[q] / REVENUE[q] for q in SHARE_QUARTERS]
    np.testing.assert_allclose(values(line.y), expected, equal_nan=True)
    # a share resting on a derived capex is a hollow point, and the footnote says which
    assert [s == "circle-open" for s in line.marker.symbol] == [q in DERIVED_CAPEX for q in SHARE_QUARTERS]
    assert "Hollow: computed from a derived value (FY25 Q2, FY26 Q3)" in footnote_text(result)
    # FY26 Q2 by hand: 31.501 / 247.795 = 12.71%
    assert values(line.y)[5] == pytest.approx(12.7125, abs=1e-4)
    assert list(line.text)[5] == "12.7%"
    assert pd.Timestamp(line.x[5]) == mid_quarter("2025-07-01", "2025-09-30")
    assert result.file_stem == "capex-share_FY25Q1-FY27Q1"
    assert "FY27 Q1: capex 25.2% of group revenue (computed)" in title_text(result)  # 67.678 / 268.953
    assert result.plot.layout.yaxis.title.text == "Capex / group revenue (%)"


def test_quarters_without_both_amounts_are_labelled_gaps_not_a_line_across(stated: pd.DataFrame) -> None:
    obs = stated
    result = capex_share_figure(obs, RMB)
    fig = result.plot
    line = trace(fig, "Capex / group revenue")
    assert line.connectgaps is False
    assert np.isnan(values(line.y)[[1, 6]]).all()  # FY25 Q2 and FY26 Q3: no capex stated
    assert gap_labels(fig) == ["capex not stated", "capex not stated"]
    marks = trace(fig, "Not stated")
    assert [pd.Timestamp(x) for x in marks.x] == [
        mid_quarter("2024-07-01", "2024-09-30"),
        mid_quarter("2025-10-01", "2025-12-31"),
    ]
    assert "quarters where either amount is not stated by any source (no share computed)" in footnote_text(result)
    # a quarter with capex but no revenue says which is missing
    no_revenue = obs[~((obs["metric"] == "group_revenue") & (obs["period"] == "FY2026Q2"))]
    assert gap_labels(capex_share_figure(no_revenue, RMB).plot) == [
        "capex not stated",
        "revenue not stated",
        "capex not stated",
    ]


def test_share_hover_gives_both_cited_values(obs: pd.DataFrame, stated: pd.DataFrame) -> None:
    derived_label, derived_hover = trace(capex_share_figure(obs, RMB).plot, "Capex / group revenue").customdata[1]
    assert derived_label == "FY25 Q2"
    assert "Capex RMB 17.6 bn<br>derived: FY2025 total (annual report or Form 20-F)" in derived_hover
    assert "FY2025 85.972 − Q1 11.939 − Q3 31.78 − Q4 24.612 = 17.64" in derived_hover  # the arithmetic
    line = trace(capex_share_figure(stated, RMB).plot, "Capex / group revenue")
    label, hover = line.customdata[5]
    assert label == "FY26 Q2"
    assert "Capex 12.7% of revenue (computed)" in hover
    assert "Capex RMB 31.5 bn<br>wwo.com.cn" in hover
    assert (
        "Revenue RMB 248 bn<br>Alibaba Group Announces September Quarter 2025 Results and Interim Results for the "
        "Six Months Ended September 30, 2025 (copy in The AI Journal, via Business Wire)" in hover
    )  # the company's document first, then where the copy was read
    assert "“Revenue was RMB247,795 million (US$34,808 million)" in hover  # the quote, verbatim
    gap_label, gap_hover = line.customdata[1]
    assert gap_label == "FY25 Q2" and "No share: capex not stated" in gap_hover and "Capex not stated by any source" in gap_hover


def test_in_us_dollars_the_share_is_the_same_and_the_chart_says_so(obs: pd.DataFrame) -> None:
    rmb, usd = capex_share_figure(obs, RMB), capex_share_figure(obs, USD)
    assert not usd.is_empty
    np.testing.assert_array_equal(
        values(trace(usd.plot, "Capex / group revenue").y), values(trace(rmb.plot, "Capex / group revenue").y)
    )
    assert "In US$ the share is the same: computed from the RMB amounts the sources state" in footnote_text(usd)
    assert "In US$" not in footnote_text(rmb)


def test_share_footnote_names_sources_of_both_amounts(obs: pd.DataFrame) -> None:
    foot = footnote_text(capex_share_figure(obs, RMB))
    assert foot.startswith("Computed: stated capex / stated group revenue of the same quarter")
    # more than three sources: summarised by grade, the company's own documents first with the quarters they cover
    clause = foot.split(" · ")[-1]
    assert clause.startswith("Sources: Alibaba Group results announcements, FY25 Q1–FY27 Q1 (8); ")
    assert clause.endswith("; 4 other sites; 1 machine-written; 2 values derived from them")


def test_share_csv_is_in_plain_words_with_each_amount_and_the_share(obs: pd.DataFrame, stated: pd.DataFrame) -> None:
    derived = row(capex_share_figure(obs, RMB), "FY25 Q2", "Capex")
    assert (derived["Value"], derived["Status"]) == (17.64, "derived") and derived["Source"].startswith("derived: FY2025 total")
    result = capex_share_figure(stated, RMB)
    assert list(result.data.columns) == CONTEXT_COLUMNS
    assert CONTEXT_COLUMNS == [
        "Period", "Calendar", "Measure", "Value", "Unit", "Status", "Source", "Grade", "Published", "Link", "Quote", "Note",
    ]  # fmt: skip
    header = result.csv.decode("utf-8-sig").splitlines()[0]
    assert header == ",".join(CONTEXT_COLUMNS) and "_" not in header
    capex = row(result, "FY26 Q2", "Capex")
    assert (capex["Value"], capex["Unit"], capex["Status"]) == (31.501, "RMB bn", "stated")
    assert capex["Calendar"] == "Jul–Sep 2025" and capex["Source"].startswith("wwo.com.cn")
    assert "315.01亿元" in capex["Quote"]
    revenue = row(result, "FY26 Q2", "Group revenue")
    assert revenue["Value"] == 247.795 and revenue["Link"].startswith("https://")
    share = row(result, "FY26 Q2", "Capex as a share of group revenue")
    assert share["Value"] == pytest.approx(100 * 31.501 / 247.795)
    assert (share["Unit"], share["Status"]) == ("%", "computed: capex / group revenue")
    missing = row(result, "FY25 Q2", "Capex")
    assert math.isnan(missing["Value"]) and missing["Status"] == "not stated"
    assert row(result, "FY25 Q2", "Capex as a share of group revenue")["Status"] == "capex not stated"
    assert len(csv_rows(result)) == 3 * len(SHARE_QUARTERS)
    assert not result.data["Unit"].str.contains("_").any()


# --- capex against cash flow ------------------------------------------------------------------------------


def test_cash_flow_by_fiscal_year_draws_only_stated_values(obs: pd.DataFrame) -> None:
    result = capex_cash_flow_figure(obs, RMB, "fiscal_year")
    fig = result.plot
    assert result.file_stem == "capex-cash-flow-annual_FY23-FY26"
    assert result.title == "Capex against cash flow by fiscal year" and result.subtitle
    assert list(fig.layout.xaxis.ticktext) == YEARS
    assert fig.layout.xaxis.title.text == "Fiscal year (ends 31 March)"
    np.testing.assert_array_equal(values(trace(fig, "Capex").y), YEAR_CAPEX)
    np.testing.assert_array_equal(values(trace(fig, "Operating cash flow").y), YEAR_OCF, strict=True)
    np.testing.assert_array_equal(values(trace(fig, "Free cash flow").y), YEAR_FCF)
    # missing values are labelled, never zero: free cash flow FY23-FY25
    assert gap_labels(fig) == ["not stated"] * 3
    assert 0 not in values(trace(fig, "Operating cash flow").y)
    assert fig.layout.yaxis.title.text == "RMB bn"
    # capex over operating cash flow, computed: FY26 126.063 / 76.21 (derived: the sum of its quarters) = 165%
    assert "FY26: capex RMB 126 bn, 165% of operating cash flow (RMB 76.2 bn derived)" in title_text(result)
    assert "FY26: capex RMB 126 bn" in title_text(result) and "free cash flow RMB -46.6 bn" in title_text(result)
    hover = trace(fig, "Capex").customdata[2][1]
    assert "Capex RMB 86.0 bn" in hover and "53% of operating cash flow (computed)" in hover
    assert "derived" in trace(fig, "Operating cash flow").customdata[3][1]


def test_cash_flow_by_quarter(obs: pd.DataFrame, stated: pd.DataFrame) -> None:
    # FY26 Q3 capex and free cash flow are derived from their fiscal years: hatched bars
    with_derived = capex_cash_flow_figure(obs, RMB, "quarter")
    k = list(with_derived.plot.layout.xaxis.ticktext).index("FY26<br>Q3")
    assert values(trace(with_derived.plot, "Capex").y)[k] == 29.0
    assert trace(with_derived.plot, "Capex").marker.pattern.shape[k] == "/"
    assert trace(with_derived.plot, "Operating cash flow").marker.pattern.shape[k] == ""
    assert row(with_derived, "FY26 Q3", "Capex")["Status"] == "derived"
    assert row(with_derived, "FY26 Q3", "Free cash flow")["Status"] == "stated"  # "freeCashFlowRmbMillions: 11346"
    result = capex_cash_flow_figure(stated, RMB, "quarter")
    fig = result.plot
    # the first and last quarters with any of the three stated: FY24 Q3 ("Net cash provided by operating
    # activities was RMB64,716 million") to FY27 Q1
    assert result.file_stem == "capex-cash-flow-quarterly_FY24Q3-FY27Q1"
    quarters = list(fig.layout.xaxis.ticktext)
    assert quarters[0] == "FY24<br>Q3" and quarters[-1] == "FY27<br>Q1" and len(quarters) == 11
    i = quarters.index("FY26<br>Q2")
    # "经营活动产生的现金流量净额为人民币 100.99 亿元"; "净流出人民币218.40亿元"; "单季投入达315.01亿元"
    assert values(trace(fig, "Operating cash flow").y)[i] == 10.099
    assert values(trace(fig, "Free cash flow").y)[i] == -21.84
    assert values(trace(fig, "Capex").y)[i] == 31.501
    # the newest quarter with capex and operating cash flow both stated: "totaling 26.9 billion RMB in the most
    # recent quarter"; "operatingCashFlowRmbMillions: 9410" (26.9 / 9.41 = 286%)
    assert "FY26 Q4: capex RMB 26.9 bn, 286% of operating cash flow (RMB 9.4 bn)" in title_text(result)
    marks = trace(fig, "Not stated")

    def marks_at(quarter: str) -> list[str]:
        """The labels drawn inside a quarter's slot (one mark per missing measure, or one for all three)."""
        slot = pd.Timestamp(fig.layout.xaxis.tickvals[quarters.index(quarter)]).to_period("Q")
        return [h for x, (_, h) in zip(marks.x, marks.customdata, strict=True) if pd.Timestamp(x).to_period("Q") == slot]

    # FY26 Q3: cash flows stated ("operatingCashFlowRmbMillions: 36032", "freeCashFlowRmbMillions: 11346"), capex not
    j = quarters.index("FY26<br>Q3")
    assert math.isnan(values(trace(fig, "Capex").y)[j])
    assert values(trace(fig, "Operating cash flow").y)[j] == 36.032
    assert values(trace(fig, "Free cash flow").y)[j] == 11.346
    assert marks_at("FY26<br>Q3") == ["Capex not stated by any source"]
    # FY24 Q4: nothing stated at all, one label in the middle of its slot
    k = quarters.index("FY24<br>Q4")
    assert all(math.isnan(values(trace(fig, name).y)[k]) for name in ("Capex", "Operating cash flow", "Free cash flow"))
    assert marks_at("FY24<br>Q4") == ["Capex and cash flow not stated by any source"]
    assert [pd.Timestamp(x) for x, (_, h) in zip(marks.x, marks.customdata, strict=True) if h.startswith("Capex and")] == [
        pd.Timestamp(fig.layout.xaxis.tickvals[k])
    ]
    share = row(result, "FY26 Q2", "Capex as a share of operating cash flow")
    assert share["Value"] == pytest.approx(100 * 31.501 / 10.099) and share["Status"] == "computed: capex / operating cash flow"


def test_cash_flow_in_us_dollars_keeps_its_place_and_says_once_what_has_no_us_figure(obs: pd.DataFrame) -> None:
    result = capex_cash_flow_figure(obs, USD, "fiscal_year")
    fig = result.plot
    assert not result.is_empty
    # US$ stated for FY25 ("RMB85,972 million (US$11,847 million)", "RMB163,509 million (US$22,532 million)") and
    # FY26 capex ("RMB126,063 million (US$18,275 million)"); FY24 converted at the cited "RMB7.2203 for US$ 1.00",
    # FY26's operating cash flow (derived, 76.21) and free cash flow (-46.609) at the 20-F's "US$1.00=RMB 6.8980"
    np.testing.assert_allclose(values(trace(fig, "Capex").y), [NAN, 32.087 / 7.2203, 11.847, 18.275])
    np.testing.assert_allclose(values(trace(fig, "Operating cash flow").y), [NAN, 182.593 / 7.2203, 22.532, 76.21 / 6.898])
    np.testing.assert_allclose(values(trace(fig, "Free cash flow").y), [NAN, NAN, NAN, -46.609 / 6.898])
    assert fig.layout.yaxis.title.text == "US$ bn"
    assert gap_labels(fig).count("no US$ figure") == 2  # capex FY23 and OCF FY23: no US$ figure, no cited rate
    assert gap_labels(fig).count("not stated") == 3
    foot = footnote_text(result)
    assert foot.count("no US$ figure") == 1 and USD_NOTE in foot
    # the newest year with both in US$: FY26, its operating cash flow converted at the 20-F's rate
    assert (
        "FY26: capex US$ 18.27 bn, 165% of operating cash flow (US$ 11.05 bn derived), free cash flow US$ -6.76 bn"
        in title_text(result)
    )
    capex = row(result, "FY23", "Capex")
    assert math.isnan(capex["Value"]) and capex["Unit"] == "US$ bn" and capex["Status"] == "no US$ figure"
    assert capex["Note"].endswith("stated: RMB 34.3 bn")
    # the ratio does not need US$ for both: the same 17.2% (34.33 / 199.752) in either currency
    assert row(result, "FY23", "Capex as a share of operating cash flow")["Value"] == pytest.approx(100 * 34.33 / 199.752)


def test_cash_flow_footnote_and_csv(obs: pd.DataFrame) -> None:
    result = capex_cash_flow_figure(obs, RMB, "fiscal_year")
    foot = footnote_text(result)
    assert foot.startswith("No cash flow figure is worked out from the others (free cash flow is never operating cash flow")
    assert "not stated: no source in this dashboard states the value (left blank, never zero)" in foot
    # three sources: each named best grade first, the document first and the copy's host after
    assert (
        "Sources: Alibaba Group Holding Limited Annual Rep… (copy in a stock-study note on GitHub, repository not found), "
        "2026-05-20; Alibaba Group Holding Limited Fiscal Year 2025… (copy in GitHub repository linroger/FinanceCompendium), "
        "2025-06-26; Research-database markdown file" in foot
    )
    assert list(result.data.columns) == CONTEXT_COLUMNS
    rows = csv_rows(result)
    fy26 = [(r["Measure"], r["Value"], r["Status"]) for r in rows if r["Period"] == "FY26"]
    assert fy26 == [
        ("Capex", "126.063", "stated"),
        ("Operating cash flow", "76.21", "derived"),
        ("Free cash flow", "-46.609", "stated"),
        ("Capex as a share of operating cash flow", str(100 * 126.063 / 76.21), "computed: capex / operating cash flow"),
    ]
    assert {r["Calendar"] for r in rows if r["Period"] == "FY26"} == {"Apr 2025–Mar 2026"}


def test_empty_inputs_say_why(obs: pd.DataFrame) -> None:
    no_cash = obs[~obs["metric"].isin(["group_operating_cash_flow", "group_free_cash_flow"])]
    result = capex_cash_flow_figure(no_cash, RMB, "quarter")
    assert result.is_empty and result.empty_message == "No operating or free cash flow stated by any source, by quarter"
    share = capex_share_figure(obs[obs["metric"] != "capex"], RMB)
    assert share.is_empty and share.empty_message == "Capex and group revenue are not both stated for any quarter"


# --- the capex page ---------------------------------------------------------------------------------------


def test_capex_page_puts_the_context_after_the_existing_charts(frames: Frames) -> None:
    model = build_page(frames, "capex", RMB, TODAY)
    assert [r.slug for r in model.charts] == [
        "capex-vs-plan", "capex-quarterly", "capex-share", "capex-cash-flow-annual", "capex-cash-flow-quarterly",
    ]  # fmt: skip
    blocks = list(model.blocks)
    start = blocks.index(Text("Capex in context", "subheader"))
    context = blocks[start + 1 :]
    kinds = [type(b).__name__ for b in context]
    assert kinds == ["Text", "Chart", "Text", "Chart", "Text", "Chart"]  # each chart after a line on how to read it
    assert context[0].text.startswith("How to read it: each quarter's stated capex divided by group revenue")
    assert context[2].text.startswith("How to read it: where the capex bar is shorter than operating cash flow")
    assert all(isinstance(b, Text) and "\n" not in b.text for b in context[::2])
    share = context[1]
    assert isinstance(share, Chart)
    # the citation and deck notes name the stated values drawn, though the CSV is in plain words
    # the short citation ends with the footnote's sources clause; the long one lists every source with its link
    clause = share.spec.sources
    assert clause and share.citation.endswith(f"store {frames.version}. {clause}.") and clause in footnote_text(share.spec)
    assert "Sources: Alibaba Group results announcements, FY24 Q3–FY27 Q1 (9); " in share.citation
    listed = share.full_citation.split("\n")
    assert listed[0] == share.citation and len(listed) == 1 + 17  # every source of the stated values drawn
    assert listed[1].startswith("- Alibaba Group Announces June Quarter 2026 Results (copy in ")
    assert listed[1].endswith(
        ": https://data.alibabagroup.com/ecms-files/1532295521/fa5d65fc-9b3e-4e82-a8fc-4ce1c3e2c407/"
        "Alibaba%20Group%20Announces%20June%20Quarter%202026%20Results.pdf"
    )
    assert share.values is not None
    notes = share.values.set_index(["period", "what"])
    assert ("FY2026Q2", "Capex RMB 31.5 bn") in notes.index
    assert share.screen.footnote[-1].endswith(f"store {frames.version}")  # every painting ends with the data's date


def test_capex_page_on_a_store_without_cash_flow_says_so(tmp_path: Path) -> None:
    frames = build_frames(open_store(FIXTURE, dt.date.today()))
    model = build_page(frames, "capex", RMB, dt.date(2025, 12, 1))
    assert [r.slug for r in model.charts] == ["capex-vs-plan", "capex-quarterly", "capex-share"]
    assert model.blocks[-1] == Text(NO_CASH_FLOW)
    # the fixture's capex 5.5, 6.5, 7.5, 8.5, not stated, 10.5 over group revenue 100, 110, 120, 125, 130, 140
    share = trace(model.charts[2].plot, "Capex / group revenue")
    np.testing.assert_allclose(values(share.y), [5.5, 100 * 6.5 / 110, 6.25, 6.8, NAN, 7.5], equal_nan=True)
    assert gap_labels(model.charts[2].plot) == ["capex not stated"]
