"""The Peers page on a fictional store of Alibaba and its peers (tests/fixtures/peers_store.yaml), whose round
figures give every expected value by hand; and the same page on the real store, which has no peers yet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from benchmarks.harness import wait_for_page
from charts.options import ViewOptions
from charts.peer_charts import CALENDAR_AXIS
from dashboard.workbook import workbook_bytes
from loaders import aligned, build_frames, open_store, roles
from loaders import peers as P
from loaders.frames import Frames
from pagemodels import peers as page
from pagemodels.model import Cards, Chart, Citations, PageModel, Table, Text
from pagemodels.registry import PAGES, build_page
from tests.test_browser import assert_no_errors, full_page_screenshot
from tests.test_layout_browser import BOXES_JS, SLACK, TEXT_JS, inside

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "tests" / "fixtures" / "peers_store.yaml"
TODAY = dt.date(2026, 12, 1)
COMPANIES = ["alibaba", "microsoft", "alphabet", "amazon", "meta", "oracle", "tencent"]


@pytest.fixture(scope="module")
def frames() -> Frames:
    return build_frames(open_store(STORE, dt.date.today()))


@pytest.fixture(scope="module")
def model(frames: Frames) -> PageModel:
    return build_page(frames, "peers", ViewOptions(), TODAY)


def _gap(y: object) -> bool:
    """A point a line breaks at: no figure (plotly draws None and NaN alike as a gap)."""
    return y is None or (isinstance(y, float) and math.isnan(y))


def charts_of(model: PageModel) -> dict[str, Chart]:
    return {b.spec.slug: b for b in model.chart_blocks}


def trace(spec_block: Chart, name: str) -> go.Scatter:
    return next(t for t in spec_block.spec.plot.data if t.name == name)


def test_the_registry_places_the_page_after_capex_and_it_reads_no_view_option() -> None:
    slugs = [p.slug for p in PAGES]
    assert slugs.index("peers") == slugs.index("capex") + 1
    assert next(p for p in PAGES if p.slug == "peers").view == ()


def test_each_quarter_is_placed_on_the_calendar_and_a_straddling_one_says_so(frames: Frames) -> None:
    capex = P.capex_in_usd(frames.observations, COMPANIES).set_index(["company", "period"])
    # Microsoft's FY26 Q1 is Jul–Sep 2025, calendar Q3 2025; Alibaba's FY26 Q2 is the same calendar quarter
    assert capex.loc[("microsoft", "FY2026Q1"), ["fiscal_label", "calendar_quarter", "calendar_label"]].tolist() == [
        "FY26 Q1", "CY2025Q3", "Jul–Sep 2025",
    ]  # fmt: skip
    assert capex.loc[("alibaba", "FY2026Q2"), "calendar_quarter"] == "CY2025Q3"
    # Oracle's FY26 Q3 runs Dec 2025–Feb 2026: placed by its midpoint in Jan–Mar 2026, and said
    oracle = capex.loc[("oracle", "FY2026Q3")]
    assert oracle["calendar_quarter"] == "CY2026Q1"
    assert oracle["placement"] == "Dec 2025–Feb 2026, placed in Jan–Mar 2026 by its midpoint"
    assert capex.loc[("oracle", "FY2026Q2"), "calendar_quarter"] == "CY2025Q4"  # Sep–Nov 2025


def test_rmb_capex_is_in_us_dollars_as_stated_else_at_the_quarters_cited_rate_else_not_at_all(frames: Frames) -> None:
    capex = P.capex_in_usd(frames.observations, COMPANIES).set_index(["company", "period"])
    stated_beside = capex.loc[("alibaba", "FY2026Q2")]
    assert (stated_beside["value"], stated_beside["usd_how"], bool(stated_beside["derived"])) == (4.41, P.STATED_BESIDE, False)
    converted = capex.loc[("alibaba", "FY2026Q3")]  # RMB 28.0 bn at the cited RMB 7.00 of Oct–Dec 2025
    assert converted["value"] == pytest.approx(28.0 / 7.0)
    assert (converted["fx_rate"], converted["usd_how"], bool(converted["derived"])) == (7.0, P.CONVERTED, True)
    assert converted["inputs"] == ("ali_results_dec", "ali_results_dec")  # the capex's source, then the rate's
    tencent = capex.loc["tencent"]
    assert tencent.loc["FY2025Q3", "value"] == 1.83  # its own release states the US$ amount
    assert tencent.loc["FY2025Q4", "value"] == pytest.approx(2.0)  # RMB 14.0 bn at the Oct–Dec 2025 rate
    assert tencent.loc["FY2025Q4", "rate_source"] == "ali_results_dec"
    assert math.isnan(tencent.loc["FY2026Q1", "value"]) and tencent.loc["FY2026Q1", "usd_how"] == P.NO_RATE
    assert capex.loc[("microsoft", "FY2026Q2"), "usd_how"] == P.STATED_USD


def test_capex_in_usd_looks_each_companys_capex_metric_up_once(frames: Frames, monkeypatch: pytest.MonkeyPatch) -> None:
    real = P.metric_for_role
    asked: list[tuple[str, str | None]] = []

    def counted(obs: pd.DataFrame, role: str, company: str | None = None) -> str:
        asked.append((role, company))
        return real(obs, role, company)

    monkeypatch.setattr(P, "metric_for_role", counted)
    monkeypatch.setattr(aligned, "metric_for_role", counted)
    capex = P.capex_in_usd(frames.observations, COMPANIES)
    assert asked == [(roles.CAPEX, c) for c in COMPANIES]  # the rows are taken with the metric looked up to find them
    assert capex.groupby("company", sort=False)["metric"].unique().map(list).to_dict() == {
        "alibaba": ["capex"], **{c: [f"{c}_capex"] for c in COMPANIES[1:]},
    }  # fmt: skip


def test_by_calendar_quarter_reads_the_metrics_it_is_given(frames: Frames) -> None:
    obs = frames.observations
    looked_up = aligned.by_calendar_quarter(obs, roles.CAPEX, COMPANIES)
    given = {c: P.metric_for_role(obs, roles.CAPEX, c) for c in COMPANIES}
    pd.testing.assert_frame_equal(aligned.by_calendar_quarter(obs, roles.CAPEX, COMPANIES, metrics=given), looked_up)
    # a metric given is the one read, whatever the role says: Tencent's revenue in its capex's place
    swapped = aligned.by_calendar_quarter(obs, roles.CAPEX, ["tencent"], metrics={"tencent": "tencent_revenue"})
    revenue = aligned.by_calendar_quarter(obs, roles.GROUP_REVENUE, ["tencent"])
    assert set(swapped["metric"]) == {"tencent_revenue"}
    pd.testing.assert_frame_equal(swapped, revenue)


def test_the_capex_chart_draws_derived_points_hollow_and_never_a_quarter_without_a_rate(model: PageModel) -> None:
    block = charts_of(model)["peers-capex"]
    spec = block.spec
    tencent = trace(block, "Tencent")
    assert list(tencent.y[:2]) == pytest.approx([1.83, 2.0]) and _gap(tencent.y[2])
    assert list(tencent.marker.symbol) == ["circle", "circle-open", "circle"]
    alibaba = trace(block, "Alibaba Group")
    assert "derived: converted from RMB at the cited rate" in alibaba.customdata[1][0]
    assert "RMB 28.0 bn at RMB 7.0000 per US$" in alibaba.customdata[1][0]
    notes = " ".join(spec.notes)
    assert "Alibaba Group Oct–Dec 2025 at RMB 7.0000; Tencent Oct–Dec 2025 at RMB 7.0000" in notes
    assert "Not drawn, no US$ figure stated and no cited rate: Tencent Jan–Mar 2026" in notes
    assert "(Oracle) are placed by their midpoint, e.g. Dec 2025–Feb 2026, placed in Jan–Mar 2026 by its midpoint" in notes
    oracle = trace(block, "Oracle")
    assert "Oracle FY26 Q3 · Dec 2025–Feb 2026, placed in Jan–Mar 2026 by its midpoint" in oracle.customdata[1][0]
    rows = list(csv.DictReader(io.StringIO(spec.csv.decode("utf-8-sig"))))
    ali = next(r for r in rows if r["Company"] == "Alibaba Group" and r["Period"] == "FY2026Q3")
    assert ali["Evidence code"] == "derived" and ali["Derived from (source ids)"] == "ali_results_dec ali_results_dec"
    assert float(ali["Value (US$ bn)"]) == pytest.approx(4.0) and ali["RMB per US$ (cited rate)"] == "7.0"
    assert "ali_results_dec" in spec.source_ids


def test_calendar_labels_lead_whatever_the_readers_label_choice(frames: Frames) -> None:
    fiscal = build_page(frames, "peers", ViewOptions(labels="fiscal"), TODAY)
    calendar = build_page(frames, "peers", ViewOptions(labels="calendar", currency="USD"), TODAY)
    for a, b in zip(fiscal.charts, calendar.charts, strict=True):
        assert a.body == b.body and a.data.equals(b.data), a.slug
    axis = charts_of(fiscal)["peers-capex"].spec.plot.layout.xaxis
    assert list(axis.ticktext) == ["Jul–Sep<br>2025", "Oct–Dec<br>2025", "Jan–Mar<br>2026"]
    assert charts_of(fiscal)["peers-capex"].spec.x_title == CALENDAR_AXIS


def test_capex_intensity_is_derived_from_two_cited_figures_of_the_same_quarter(frames: Frames, model: PageModel) -> None:
    intensity = P.capex_intensity(frames.observations, COMPANIES).set_index(["company", "calendar_quarter"])
    assert intensity.loc[("alibaba", "CY2025Q4"), "intensity_pct"] == pytest.approx(10.0)  # 28.0 / 280.0
    assert intensity.loc[("oracle", "CY2026Q1"), "intensity_pct"] == pytest.approx(100 * 15 / 17)
    assert intensity.loc[("microsoft", "CY2025Q3"), "intensity_pct"] == pytest.approx(100 * 19.4 / 77.7)
    assert ("tencent", "CY2026Q1") not in intensity.index  # no revenue stated for it
    spec = charts_of(model)["peers-capex-intensity"].spec
    assert set(spec.data["evidence"]) == {"derived"}
    assert "msft_results_dec" in spec.source_ids
    assert spec.notes[0].startswith("Derived: each quarter's stated capex divided by its stated revenue")


def test_the_card_sets_alibaba_against_the_hyperscalers_median_in_the_latest_quarter_all_share(frames: Frames) -> None:
    comparison = page.intensity_comparison(frames)
    assert comparison is not None
    # Jan–Mar 2026 has all four hyperscalers but not Alibaba: the card takes Oct–Dec 2025
    assert comparison.calendar_quarter == "CY2025Q4"
    assert comparison.subject_pct == pytest.approx(10.0)
    assert comparison.median_pct == pytest.approx((25.0 + 27.5) / 2)  # of 27.5, 25.0, 20.0 and 40.0
    card, cited = page.intensity_card(frames)
    assert (card.value, card.detail) == ("10.0%", "Oct–Dec 2025 · median of 4: 26.2% · derived")
    assert len(cited) == 10 and all(c.url and c.url.startswith("https://example.com/") for c in cited)
    overview = build_page(frames, "overview", ViewOptions(), TODAY)
    cards = [c for b in overview.blocks if isinstance(b, Cards) for c in b.cards]
    assert any(c.label == page.INTENSITY_LABEL and c.value == "10.0%" for c in cards)


def test_cloud_growth_is_as_stated_with_constant_currency_beside_it_and_breaks_where_none_is_stated(
    frames: Frames, model: PageModel
) -> None:
    growth = P.cloud_growth(frames.observations, COMPANIES).set_index(["company", "calendar_quarter"])
    # Microsoft's line is Azure's stated growth (its cloud_growth metric), not Intelligent Cloud's 29%
    assert growth.loc[("microsoft", "CY2025Q4"), ["business", "yoy_pct", "cc_pct"]].tolist() == ["Azure", 39.0, 38.0]
    assert growth.loc[("alibaba", "CY2025Q4"), "yoy_pct"] == 36.0
    assert growth.loc[("oracle", "CY2026Q1"), "yoy_pct"] == 68.0
    block = charts_of(model)["peers-cloud-growth"]
    amazon = trace(block, "Amazon")  # AWS growth stated for Jul–Sep 2025 and Jan–Mar 2026, not between
    assert amazon.connectgaps is False
    assert amazon.y[0] == 20.0 and _gap(amazon.y[1]) and amazon.y[2] == 28.0
    azure = trace(block, "Microsoft")
    assert "Azure: +40% YoY as stated (+39% in constant currency)" in azure.customdata[0][0]


def test_guidance_revisions_are_steps_in_date_order_with_ranges_beside_the_plan_a_year(frames: Frames, model: PageModel) -> None:
    steps = P.guidance_steps(frames.observations, COMPANIES)
    alphabet = steps[steps["company"] == "alphabet"]
    assert [f"{d:%Y-%m-%d}" for d in alphabet["published"]] == ["2025-10-29", "2026-02-04", "2026-04-29"]
    assert alphabet[["value", "value_high"]].to_numpy().tolist() == [[91, 93], [175, 185], [180, 190]]
    assert set(steps["company"]) == {"microsoft", "alphabet", "amazon"}  # ByteDance is a note, not a series
    # a June-year company's two fiscal years with months in 2026, each its own series
    assert steps.loc[steps["company"] == "microsoft", "period_label"].tolist() == [
        "Jul 2025–Jun 2026 (FY26)", "Jul 2026–Jun 2027 (FY27)",
    ]  # fmt: skip
    block = charts_of(model)["peers-capex-guidance"]
    line = trace(block, "Alphabet, 2026 (CY2026)")
    assert line.line.shape == "hv" and list(line.y) == [91, 175, 180]  # its latest statement is the chart's last date
    assert list(line.error_y.array) == [2, 10, 10] and list(line.error_y.arrayminus) == [0, 0, 0]
    # a statement holds until revised: Amazon's one statement runs on to the chart's last date, without a point there
    amazon = trace(block, "Amazon, 2026 (CY2026)")
    assert [f"{pd.Timestamp(x):%Y-%m-%d}" for x in amazon.x] == ["2026-02-05", "2026-04-29"]
    assert list(amazon.y) == [200, 200] and list(amazon.marker.size) == [9, 0]
    plan = next(t for t in block.spec.plot.data if t.name.startswith("Alibaba plan a year"))
    assert list(plan.y) == pytest.approx([380 / 3 / 7.0] * 2)  # at the newest cited rate, Oct–Dec 2025
    pace = next(t for t in block.spec.plot.data if t.name.startswith("Alibaba's actual pace"))
    assert list(pace.y) == pytest.approx([(31.4 + 28.0) / 2 * 4 / 7.0] * 2)  # the capex page's trailing run-rate
    data = block.spec.data.set_index("company")
    assert data.loc["Alibaba plan a year", "evidence"] == "derived"
    assert data.loc["Alibaba plan a year", "inputs"] == "ali_plan ali_results_dec"
    assert "RMB 7.0000 per US$ (Oct–Dec 2025)" in " ".join(block.spec.notes)


def test_the_table_gives_each_companys_latest_quarter_with_links_to_the_quotes(model: PageModel) -> None:
    table = next(b for b in model.blocks if isinstance(b, Table)).frame.set_index("company")
    assert table.loc["Alibaba Group", ["calendar", "fiscal", "capex", "intensity", "growth"]].tolist() == [
        "Oct–Dec 2025", "FY26 Q3 (Oct–Dec 2025)", pytest.approx(4.0), pytest.approx(10.0), 36.0,
    ]  # fmt: skip
    assert table.loc["Alibaba Group", "capex_how"] == P.CONVERTED
    assert (table.loc["Alibaba Group", "capex_stated"], table.loc["Tencent", "capex_stated"]) == ("RMB 28.0 bn", "RMB 15.0 bn")
    assert table.loc["Alibaba Group", "capex_link"].startswith(
        "https://example.com/fixture/alibaba-results-fy2026q3#:~:text=capital%20expenditures"
    )
    assert table.loc["Alibaba Group", "revenue_link"].endswith(
        "Revenue%20was%20RMB280.0%20billion%20in%20the%20December%20quarter"
    )
    assert table.loc["Oracle", "fiscal"] == "FY26 Q3 (Dec 2025–Feb 2026, placed in Jan–Mar 2026 by its midpoint)"
    assert table.loc["Oracle", "intensity"] == pytest.approx(100 * 15 / 17)
    assert math.isnan(table.loc["Tencent", "capex"]) and table.loc["Tencent", "capex_how"] == P.NO_RATE
    assert list(table.index) == ["Alibaba Group", "Microsoft", "Alphabet", "Amazon", "Meta Platforms", "Oracle", "Tencent"]
    # a figure the store does not hold reads "–" in the table's words, never "None"
    words = table[["capex_stated", "capex_how", "cloud"]]
    assert not words.isna().any().any() and "None" not in words.astype(str).to_numpy()


def test_bytedance_and_huawei_are_dated_cited_notes(model: PageModel) -> None:
    notes = next(b for b in model.blocks if isinstance(b, Citations) and not b.small).citations
    assert [n.label for n in notes] == [
        "5 December 2025 · Huawei Cloud's share of China's cloud market, Jul–Sep 2025: 18.0% "
        "(Fixture research firm, China cloud infrastructure services, calendar Q3 2025.)",
        "23 December 2025 · ByteDance capital expenditure plan, 2026: RMB 160 bn",
    ]
    assert (notes[1].url or "").startswith("https://example.com/fixture/bytedance-2026-capex#:~:text=ByteDance")
    assert notes[1].quote == "ByteDance plans capital expenditure of RMB160 billion in 2026, people familiar said"


def test_every_chart_says_how_current_its_data_is_in_the_default_subjects_quarters(model: PageModel) -> None:
    """Quarter codes of companies with other year ends are not compared: the data is as of Alibaba's newest quarter."""
    for block in model.chart_blocks:
        assert block.as_of.startswith("Data as of Oct–Dec 2025 (FY26 Q3), results of 2026-02-20; sources checked 2026-05-20")
    assert model.file_stem.startswith("peers_FY26Q3-2026-02-20_")


def test_store_text_in_legends_and_hovers_is_shown_as_written(tmp_path: Path) -> None:
    text = STORE.read_text(encoding="utf-8").replace("    name: Meta Platforms\n", "    name: Meta <b>Platforms</b>\n", 1)
    (tmp_path / "store.yaml").write_text(text, encoding="utf-8")
    hostile = build_frames(open_store(tmp_path / "store.yaml", dt.date.today()))
    block = charts_of(build_page(hostile, "peers", ViewOptions(), TODAY))["peers-capex"]
    meta = trace(block, "Meta &lt;b&gt;Platforms&lt;/b&gt;")
    assert meta.customdata[0][0].startswith("Meta &lt;b&gt;Platforms&lt;/b&gt; FY25 Q4")
    assert "Meta <b>Platforms</b>" in set(block.spec.data["company"])  # the CSV keeps the words as written


def test_the_pages_charts_go_into_the_workbook_and_their_csvs_and_citations(frames: Frames, model: PageModel) -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(frames, [model])))
    text = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None)
    for title in ("Capital expenditure by calendar quarter", "Capex intensity", "Cloud revenue growth", "guidance for 2026"):
        assert title in text, title
    for block in model.chart_blocks:
        assert not block.spec.is_empty, block.spec.slug
        assert block.citation.startswith(block.spec.title) and "Sources:" in block.citation
        assert block.values is not None and not block.values.empty, block.spec.slug
        assert block.spec.file_stem.startswith(block.spec.slug + "_") and " " not in block.spec.file_stem


def test_the_real_store_without_peers_builds_with_clear_no_figures_states() -> None:
    real = build_frames(open_store(ROOT / "metrics.yaml", dt.date.today()))
    for opts in (ViewOptions(), ViewOptions(currency="USD", labels="calendar")):
        model = build_page(real, "peers", opts, TODAY)
        texts = [b.text for b in model.blocks if isinstance(b, Text)]
        if P.HYPERSCALERS[0] not in set(real.companies["company"]):
            assert any(t.startswith("No peer company's figures are in the store yet") for t in texts)
            card = next(b for b in model.blocks if isinstance(b, Cards)).cards[0]
            assert (card.value, card.detail) == ("–", page.NOT_ENOUGH)
            assert "Microsoft, Alphabet, Amazon, Meta" in (card.help or "")
        guidance = next(b for b in model.chart_blocks if b.spec.slug == "peers-capex-guidance").spec
        if "capex_guidance" not in set(real.observations["role"].dropna()):
            assert guidance.subtitle == "No company's guidance for 2026 is in the store yet"
        for block in model.chart_blocks:
            assert block.spec.is_empty or not block.spec.data.empty, block.spec.slug


def test_an_empty_store_of_peers_gives_empty_charts_that_say_why() -> None:
    empty = pd.DataFrame(columns=["company", "calendar_quarter"])
    assert P.intensity_against_median(empty.assign(intensity_pct=[]), "alibaba") is None
    frames = build_frames(open_store(STORE, dt.date.today()))
    obs = frames.observations
    bare = obs[~obs["role"].isin(["capex", "group_revenue", "cloud_revenue", "cloud_growth", "capex_guidance"])]
    assert P.capex_in_usd(bare, COMPANIES).empty and P.capex_intensity(bare, COMPANIES).empty
    assert P.cloud_growth(bare, COMPANIES).empty and P.guidance_steps(bare, COMPANIES).empty


SHOTS = Path(os.environ.get("PEERS_SHOTS", "/tmp/peers-shots"))


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 390])
def test_the_page_renders_in_a_browser_at_desktop_and_phone_widths(browser, server_for, width: int) -> None:  # type: ignore[no-untyped-def]
    """Every chart drawn inside the screen's width with its ticks and legend inside the figure, the table and the
    notes shown, no error; a full-page screenshot is kept for a person to look at."""
    server = server_for(STORE)
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(f"{server.url}/peers")
        wait_for_page(page, 4, timeout_ms=90_000)
        page.wait_for_timeout(500)  # let Plotly finish its relayout at this width
        assert_no_errors(page, f"peers at {width}px")
        for i, chart in enumerate(page.evaluate(BOXES_JS)):
            figure = chart["figure"]
            assert figure[2] <= width + SLACK, (width, i, "figure wider than the screen", figure)
            for tick in chart["ticks"]:
                assert inside(tick, figure), (width, i, "tick label outside the figure", tick)
            if chart["legend"] is not None:
                assert inside(chart["legend"], figure), (width, i, "legend outside the figure", chart["legend"])
        for left, right, overflow in page.evaluate(TEXT_JS):
            assert left >= -SLACK and right <= width + SLACK and overflow <= 0, (width, left, right, overflow)
        body = page.locator('[data-testid="stMain"]').inner_text()
        for words in ("Capex intensity against the US hyperscalers", "Each company's latest quarter", "23 December 2025"):
            assert words in body, words
        assert page.locator('[data-testid="stDataFrame"]').count() == 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        full_page_screenshot(page, SHOTS / f"peers-{width}.png")
    finally:
        page.close()


def test_a_declared_change_of_perimeter_breaks_that_companys_cloud_growth_line_only(frames: Frames) -> None:
    from charts.breaks import Break
    from charts.peer_charts import cloud_growth_figure

    obs = P.peer_rows(frames.observations)
    growth = P.cloud_growth(obs, COMPANIES)
    names, colors = page.company_names(frames), page.company_colors(obs, COMPANIES)
    change = Break("FY2026Q3", frozenset({"cloud_revenue"}), "New perimeter", "the cloud segment takes in a chip maker")
    spec = cloud_growth_figure(obs, growth, names, colors, (change,))
    alibaba = next(t for t in spec.plot.data if t.name == "Alibaba Group")
    # Jul–Sep 2025 at 34%, then the cut on 1 Oct 2025, then Oct–Dec 2025 at 36%: never joined across the change
    assert list(alibaba.y[:3]) == [34.0, None, 36.0] and alibaba.connectgaps is False
    assert pd.Timestamp(alibaba.x[1]) == pd.Timestamp("2025-10-01")
    microsoft = next(t for t in spec.plot.data if t.name == "Microsoft")
    assert not any(_gap(y) for y in microsoft.y)  # another company's line is not cut
    assert [a.text for a in spec.plot.layout.annotations if a.name == "break"] == ["New perimeter"]
    assert any(n.startswith("Alibaba Group: Dashed line: from Oct–Dec 2025 the cloud segment takes in") for n in spec.notes)
