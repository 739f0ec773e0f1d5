"""The app under streamlit's AppTest, over a temporary copy of the small fixture store.

Each test gets its own copy (its own path and, where edited, its own content hash) and cleared
caches, so no run sees frames or pages cached by another test.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from loaders.calendar import TODAY_ENV

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"

PAGES = {
    "pages/overview.py": "Alibaba's AI strategy in numbers",
    "pages/latest.py": "Latest quarter: what the results changed",
    "pages/cloud.py": "Alibaba Cloud: revenue and growth",
    "pages/capex.py": "Capital expenditure against the AI and cloud plan",
    "pages/peers.py": "Peers: capital spending and cloud growth on one calendar",
    "pages/segments.py": "Segment growth",
    "pages/adoption.py": "AI adoption",
    "pages/timeline.py": "Strategy timeline",
    "pages/sources.py": "Sources & data",
}
CHARTS_PER_PAGE = {
    "pages/overview.py": 1,
    "pages/latest.py": 1,
    "pages/cloud.py": 3,
    "pages/capex.py": 3,
    "pages/peers.py": 4,
    "pages/segments.py": 3,
    "pages/adoption.py": 2,
    "pages/timeline.py": 1,
    "pages/sources.py": 1,
}
# the view pills each page's sidebar offers: only the options that change something on the page
ALL_VIEW = ["currency", "labels", "events"]
SIDEBAR_VIEW = {
    "pages/overview.py": ALL_VIEW,
    "pages/latest.py": ALL_VIEW,
    "pages/cloud.py": ALL_VIEW,
    "pages/capex.py": ALL_VIEW,
    "pages/peers.py": [],
    "pages/segments.py": ALL_VIEW,
    "pages/adoption.py": ["labels"],
    "pages/timeline.py": [],
    "pages/sources.py": ["labels"],
}
TODAY = "2025-12-01"  # the fixture's newest quarter, FY26 Q2, is reported and FY26 Q3 not yet due
LATEST_CLOUD_QUOTE = "Fixture cloud revenue was RMB16,100 million, an increase of 40% year-over-year"


pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def store(fixture_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the fixture store, named by ALIBABA_AI_STORE, on the fixture's day."""
    monkeypatch.setenv(TODAY_ENV, TODAY)
    return fixture_store


@pytest.fixture
def app(store: Path) -> Callable[..., AppTest]:
    """A started app; query parameters, if any, are set before its first run."""

    def start(**query: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=30)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        return at

    return start


def open_page(at: AppTest, page: str) -> AppTest:
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(markdown: str) -> str:
    """Markdown text as the reader sees it (labels from the store are backslash-escaped)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def metrics(at: AppTest) -> dict[str, str]:
    return {shown(m.label): m.value for m in at.metric}


def captions(at: AppTest) -> list[str]:
    return [shown(c.value) for c in at.caption]


def view(at: AppTest) -> list[str]:
    """The view pills switched on."""
    return list(at.sidebar.pills(key="w_view").value)


def set_view(at: AppTest, *on: str) -> AppTest:
    at.sidebar.pills(key="w_view").set_value(list(on)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def details(at: AppTest) -> dict[str, str]:
    """What each card shows under its value: its period or what it counts (st.metric's grey delta,
    or the description beside a real delta)."""
    return {shown(m.label): shown(m.proto.delta_description or m.proto.delta) for m in at.metric}


def tooltips(at: AppTest) -> dict[str, str]:
    return {shown(m.label): shown(m.proto.help) for m in at.metric}


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def figure(at: AppTest, title_start: str) -> dict:
    found = [f for f in figures(at) if f["layout"]["meta"]["title"].startswith(title_start)]
    assert len(found) == 1, [f["layout"]["meta"]["title"] for f in figures(at)]
    return found[0]


def trace(fig: dict, name: str) -> dict:
    found = [t for t in fig["data"] if t.get("name") == name]
    assert len(found) == 1, [t.get("name") for t in fig["data"]]
    return found[0]


def numbers(data: object) -> np.ndarray:
    """Plotly's JSON arrays: a plain list, or base64 typed data {'dtype': 'f8', 'bdata': ...}."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"])).astype(float)
    return np.array([np.nan if v is None else v for v in data], dtype=float)


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- every page -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_with_its_title_and_charts(app: Callable[..., AppTest], page: str) -> None:
    at = open_page(app(), page)
    assert [t.value for t in at.title] == [PAGES[page]]
    assert len(at.get("plotly_chart")) == CHARTS_PER_PAGE[page]
    assert not at.error, [e.value for e in at.error]
    # no chart of the fixture is empty; the Peers page says the fixture has no peers
    no_peers = [r"No peer company\'s figures are in the store yet\: the charts show Alibaba Group alone\."]
    assert [i.value for i in at.info] == (no_peers if page == "pages/peers.py" else [])
    # the sidebar is drawn on every page, from the store, with the options that change the page
    pills = at.sidebar.get("button_group")
    assert [p.key for p in pills] == (["w_view"] if SIDEBAR_VIEW[page] else [])
    if SIDEBAR_VIEW[page]:
        assert [o.content for o in pills[0].proto.options] == [
            {"currency": "US$", "labels": "Calendar quarters", "events": "Events on charts"}[name] for name in SIDEBAR_VIEW[page]
        ]
    assert not at.sidebar.radio and not at.sidebar.toggle
    as_of = "Data as of Jul–Sep 2025 (FY26 Q2), no results day held; sources checked 2025-12-01"
    assert as_of in " ".join(shown(c.value) for c in at.sidebar.caption)
    assert "36 cited values from 5 sources" in " ".join(shown(c.value) for c in at.sidebar.caption)


def test_overview_cards_show_the_stores_values(app: Callable[..., AppTest]) -> None:
    at = app()
    assert metrics(at) == {
        "Cloud revenue, latest quarter": "RMB 16.1 bn",
        "Cloud share of group revenue": "11.5%",  # 16.1 / 140
        "Capex, latest stated quarter": "RMB 10.5 bn",
        "Plan deployed (RMB 120 bn)": "at least 16%",  # (8.5 + 10.5) / 120; FY26 Q1 has no figure, not counted
        "Capex pace, RMB bn/qtr": "8.2",  # (6.5 + 7.5 + 8.5 + 10.5) / 4 = 8.25, the latest four stated quarters
        "Triple-digit AI-product growth": "8 quarters",
        "Fixture assistant app downloads": "12.0 mn",
        "Capex intensity against the US hyperscalers": "–",  # no peer figures in the fixture
        # the strip of segment growth for the latest quarter
        "Group": "+27%",  # 140 / 110 - 1, computed
        "Cloud Intelligence Group revenue": "+40%",
        "International Digital Commerce Group revenue": "+19%",
    }
    cloud = next(m for m in at.metric if shown(m.label) == "Cloud revenue, latest quarter")
    assert cloud.proto.delta == "+40% YoY"
    assert details(at) == {
        "Cloud revenue, latest quarter": "FY26 Q2",
        "Cloud share of group revenue": "FY26 Q2 · computed",
        "Capex, latest stated quarter": "FY26 Q2",
        "Plan deployed (RMB 120 bn)": "25% of the time (3 of 12 quarters ended)",
        "Capex pace, RMB bn/qtr": "needed at most 11.2 to reach the plan",  # (120 - 19) / 9 quarters not yet ended
        "Triple-digit AI-product growth": "in a row, to FY26 Q2",
        "Fixture assistant app downloads": "24 Nov 2025",
        "Capex intensity against the US hyperscalers": "not enough figures",
        "Group": "computed",
        "Cloud Intelligence Group revenue": "YoY",
        "International Digital Commerce Group revenue": "YoY",
    }
    # the source and quote of a card are in its tooltip, as plain text
    assert tooltips(at)["Cloud revenue, latest quarter"] == (
        "Source: Alibaba Group, Fixture Corp September quarter results (fictional) (copy in Test Fixture Press) "
        "(company release or filing)"
        f"\n\n“{LATEST_CLOUD_QUOTE}”"
    )
    # and listed under the cards with a link to the source
    cited = next(c for c in captions(at) if c.startswith("**Cloud revenue, latest quarter**"))
    assert shown(LATEST_CLOUD_QUOTE) in shown(cited)
    # the source's words are the link, which opens the page at the quote
    assert (
        "(copy in Test Fixture Press) (company release or filing)](https://example.com/fixture/results-fy2026q2#:~:text=Fixture%20cloud"
        in cited
    )


def test_cloud_page_chart_draws_the_stores_values(app: Callable[..., AppTest]) -> None:
    at = open_page(app(), "pages/cloud.py")
    fig = figure(at, "Alibaba Cloud revenue and year-on-year growth")
    np.testing.assert_array_equal(numbers(trace(fig, "Revenue")["y"]), [10.25, 11.5, 12.75, 13.1, 14.35, 16.1])
    np.testing.assert_array_equal(numbers(trace(fig, "YoY growth (reported)")["y"]), [3, 4, 5, 6, 40, 40])
    assert fig["layout"]["xaxis"]["ticktext"][-1] == "FY26 Q2"  # one line on screen: upright where narrow
    assert fig["layout"]["yaxis"]["title"]["text"] == "Revenue (RMB bn)"
    # title, subtitle and footnote are page text around the figure, which wraps at any width
    assert "title" not in fig["layout"] or not fig["layout"]["title"].get("text")
    assert not [a for a in fig["layout"].get("annotations", []) if a.get("name") == "footnote"]
    assert "**Alibaba Cloud revenue and year-on-year growth**" in [shown(m.value).split("  \n")[0] for m in at.markdown]
    footnote = next(c for c in captions(at) if "Sources: Alibaba Group, Fixture Corp" in shown(c))
    assert "Data as of Jul–Sep 2025 (FY26 Q2)" in footnote


def test_a_charts_cite_control_gives_the_short_citation_and_below_it_every_source_with_its_link(
    app: Callable[..., AppTest],
) -> None:
    at = open_page(app(), "pages/cloud.py")
    closed = [c.value for c in at.code]
    at.session_state["actions-cloud-revenue"] = True  # the reader opens the chart's "Download or cite"
    at.run()
    codes = [c.value for c in at.code]
    title = (
        "Alibaba Cloud revenue and year-on-year growth. Alibaba AI strategy in numbers. "
        "Data as of Jul–Sep 2025 (FY26 Q2), no results day held; sources checked 2025-12-01 · store "
    )
    short = next(c for c in codes if c.startswith(title))
    assert "\n" not in short
    assert short.endswith(
        "Sources: Alibaba Group, Fixture Corp September quarter results (fictional) (copy in Test Fixture Press), 2025-11-20; "
        "Alibaba Group, Fixture Corp full-year FY2025 results (fictional) (copy in Test Fixture Press), 2025-05-15."
    )  # the footnote's sources clause
    assert short in closed and not any(c.startswith(short + "\n") for c in closed)  # the long form: once opened
    full = next(c for c in codes if c.startswith(short + "\n"))
    assert full.split("\n")[1:] == [
        "- Alibaba Group, Fixture Corp September quarter results (fictional) (copy in Test Fixture Press), 2025-11-20, "
        "company release or filing: https://example.com/fixture/results-fy2026q2",
        "- Alibaba Group, Fixture Corp full-year FY2025 results (fictional) (copy in Test Fixture Press), 2025-05-15, "
        "company release or filing: https://example.com/fixture/results-fy2025",
    ]


def test_capex_page_shows_progress_against_the_plan(app: Callable[..., AppTest]) -> None:
    at = open_page(app(), "pages/capex.py")
    assert metrics(at) == {
        # FY26 Q1 has no stated capex and none derivable (no FY2026 total): never counted as zero, so
        # what was spent is at least the cumulative, and the pace still needed at most what is shown
        "Deployed, RMB bn": "at least 19.0",
        "Time elapsed": "25%",  # FY25 Q4 to FY26 Q2: 3 of 12 quarters
        "Needed, RMB bn/qtr": "at most 11.2",  # (120 - 19) / 9
        "Trailing, RMB bn/qtr": "8.2",  # (6.5 + 7.5 + 8.5 + 10.5) / 4 = 8.25
        "At trailing pace": "at least 93",  # 19 + 8.25 * 9
    }
    assert any(
        "3 of 12 quarters ended by today, 2 with stated capex; not stated (results due, no source found): FY26 Q1" in c
        for c in captions(at)
    )
    assert not at.warning  # on the fixed today nothing is overdue
    assert at.selectbox[0].value == "FY2025Q4"  # the quarter of the 24 Feb 2025 announcement
    plan = figure(at, "Capex against the RMB 120 billion 3-year")
    # FY26 Q1 is a gap in the cumulative line, never bridged
    np.testing.assert_array_equal(numbers(trace(plan, "Cumulative capex since plan start")["y"]), [8.5, np.nan, 19.0])


def test_a_later_today_moves_the_plan_clock_and_says_what_is_overdue(
    app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    # on 1 Apr 2026 five plan quarters have ended (FY25 Q4 to FY26 Q4) though the store stops at FY26 Q2
    monkeypatch.setenv(TODAY_ENV, "2026-04-01")
    at = open_page(app(), "pages/capex.py")
    assert metrics(at)["Time elapsed"] == "42%"  # 5 of 12
    assert metrics(at)["Needed, RMB bn/qtr"] == "at most 14.4"  # (120 - 19) / 7 quarters not yet ended
    assert any("FY26 Q3" in c and "not stated (results due, no source found)" in c for c in captions(at))
    assert any("not yet reported (results not due yet): FY26 Q4" in c for c in captions(at))
    notice = (
        "Results overdue for Alibaba Group: the quarter ended 31 December 2025 was expected by 21 March 2026 and is not here yet"
    )
    for page in PAGES:  # every page says so at the top
        at = open_page(app(), page)
        assert [shown(w.value) for w in at.warning][:1] == [f"{notice}; newest quarter held: Jul–Sep 2025 (FY26 Q2)."], page


def test_sources_page_lists_every_value_with_its_quote(app: Callable[..., AppTest]) -> None:
    at = open_page(app(), "pages/sources.py")
    assert len(at.dataframe) == 1  # one table at a time
    values = at.dataframe[0].value
    assert len(values) == 36
    assert LATEST_CLOUD_QUOTE in list(values["quote"])
    # as stated: the source's own unit, whichever currency the other pages show
    latest = values[values["quote"] == LATEST_CLOUD_QUOTE].iloc[0]
    assert (latest["value"], latest["unit"], latest["fiscal_label"], latest["calendar_label"]) == (
        16.1,
        "RMB bn",
        "FY26 Q2",
        "Jul–Sep 2025",
    )
    assert at.get("download_button")[0].label == "Download all 36 values (CSV)"
    # filtering by words narrows the table, and a second button downloads just those rows
    at.text_input(key="src_search").set_value("RMB16,100").run()
    assert list(at.dataframe[0].value["quote"]) == [LATEST_CLOUD_QUOTE]
    assert [b.label for b in at.get("download_button")][:2] == [
        "Download these 1 of 36 values (CSV)",
        "Download all 36 values (CSV)",
    ]
    at.text_input(key="src_search").set_value("downloads WIRE").run()  # every word must appear, in any case
    assert list(at.dataframe[0].value["publisher"]) == ["Test Fixture Wire"]
    assert list(at.dataframe[0].value["value"]) == [12]
    # the other tables, one at a time
    at.segmented_control(key="src_view").set_value("conflicts").run()
    conflicts = at.dataframe[0].value
    assert sorted(conflicts["value"]) == [10, 12]
    assert set(conflicts["publisher"]) == {"Test Fixture Press", "Test Fixture Wire"}
    at.segmented_control(key="src_view").set_value("sources").run()
    sources = at.dataframe[0].value
    assert set(sources["publisher"]) == {"Alibaba Group", "Test Fixture Press", "Test Fixture Wire"}
    assert set(sources["evidence_label"]) == {"copy, read at Test Fixture Press", "stated in the document"}
    assert all(url.startswith("https://example.com/") for url in sources["url"])
    at.segmented_control(key="src_view").set_value("yoy").run()
    assert "computed_yoy_pct" in at.dataframe[0].value.columns
    at.segmented_control(key="src_view").set_value("gaps").run()
    assert "missing_inside" in at.dataframe[0].value.columns
    assert len(at.get("plotly_chart")) == 1  # the coverage chart is under every table


def test_adoption_and_timeline_pages_show_the_store(app: Callable[..., AppTest]) -> None:
    at = open_page(app(), "pages/adoption.py")
    downloads = figure(at, "Fixture assistant app downloads")
    np.testing.assert_array_equal(numbers(trace(downloads, "Test Fixture Press")["y"]), [10])
    np.testing.assert_array_equal(numbers(trace(downloads, "Test Fixture Wire")["y"]), [12])
    assert sorted(at.dataframe[0].value["value"]) == [10, 12]
    at = open_page(at, "pages/timeline.py")
    assert at.expander[-1].label == "All 4 events, each with its source, quote and link"  # under the chart's own table
    assert list(at.dataframe[0].value["title"]) == [
        "Fixture model v3 released",
        "Fixture full-year results",
        "Fixture three-year plan announced",
        "Fixture early model released (before the charts' range)",
    ]
    # the category pills filter the chart and the table, in the chart's order whatever the click order
    at.pills(key="timeline_categories").set_value(["results", "model_release"]).run()
    assert not at.exception
    assert list(at.dataframe[0].value["category"]) == ["Model release", "Results", "Model release"]
    assert at.expander[-1].label.startswith("All 3 events")
    rows = [t["y"] for t in figure(at, "Alibaba's AI strategy")["data"] if t.get("y") is not None]
    assert {y for ys in rows for y in ys} == {"Model release", "Results"}


def test_an_adoption_figure_stated_once_is_a_table_row_not_a_chart(app: Callable[..., AppTest], store: Path) -> None:
    rewrite(
        store,
        "\n  china_cloud_market_share:\n",
        """
  qwen_derivative_models:
    name: Fixture derivative models
    unit: count
    category: ai_adoption
    description: Fictional count for tests, stated by one source.
    observations:
    - period: 2025-11
      value: 1500
      source: tfp_downloads
      quote: Developers have built 1,500 fictional derivative models

  china_cloud_market_share:
""",
    )
    at = open_page(app(), "pages/adoption.py")
    stated_once = at.dataframe[0].value  # figure, value, date, source, quote and link on one row
    row = stated_once[stated_once["figure"] == "Fixture derivative models"].iloc[0]
    assert (row["value"], row["period"]) == ("1,500", "Nov 2025")
    assert row["quote"] == "Developers have built 1,500 fictional derivative models"
    assert row["url"].startswith("https://example.com/")
    titles = [f["layout"]["meta"]["title"] for f in figures(at)]
    assert "Fixture derivative models" not in titles
    assert "Fixture assistant app downloads" in titles  # stated twice: still a chart


# --- the store changes, the page changes ------------------------------------------------------------------


def test_an_edited_store_shows_on_the_next_rerun(app: Callable[..., AppTest], store: Path) -> None:
    at = app()
    assert metrics(at)["Cloud revenue, latest quarter"] == "RMB 16.1 bn"
    rewrite(store, "      value: 16.1\n", "      value: 17.2\n")
    rewrite(store, "RMB16,100 million", "RMB17,200 million")
    at.run()
    assert not at.exception
    assert metrics(at)["Cloud revenue, latest quarter"] == "RMB 17.2 bn"
    assert metrics(at)["Cloud share of group revenue"] == "12.3%"  # 17.2 / 140
    open_page(at, "pages/cloud.py")
    fig = figure(at, "Alibaba Cloud revenue and year-on-year growth")
    assert numbers(trace(fig, "Revenue")["y"])[-1] == 17.2
    open_page(at, "pages/sources.py")
    assert "Fixture cloud revenue was RMB17,200 million, an increase of 40% year-over-year" in list(
        at.dataframe[0].value["quote"]
    )


def test_an_invalid_store_shows_the_problems_page(app: Callable[..., AppTest], store: Path) -> None:
    # the value no longer matches its quote (which still says RMB16,100 million)
    rewrite(store, "      value: 16.1\n", "      value: 16.2\n")
    quote_line = 1 + store.read_text(encoding="utf-8").splitlines().index(f"      quote: {LATEST_CLOUD_QUOTE}")
    at = app()
    assert [t.value for t in at.title] == ["The metric store has problems"]
    assert not at.exception
    assert not at.get("plotly_chart")
    # readers see the store's file name, never the server's folders
    assert shown(at.error[0].value).startswith("1 problem(s) in metrics.yaml.")
    listing = at.code[0].value
    assert listing.startswith(f"metrics.yaml:{quote_line}:7: metrics.cloud_revenue.observations[5].quote: ")
    assert str(store.parent) not in listing and not any(str(store.parent) in shown(c) for c in captions(at))
    assert captions(at) == [
        "Fix the lines above, save the file, then reload this page to see the dashboard. "
        "The same list comes from: python -m loaders validate metrics.yaml"
    ]
    assert "quote does not contain the value 16.2 (RMB bn)" in listing
    assert re.fullmatch(r".+:\d+:\d+: .+", listing)
    # fixing the file brings the dashboard back on the next rerun
    rewrite(store, "      value: 16.2\n", "      value: 16.1\n")
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == [PAGES["pages/overview.py"]]


def test_a_store_that_is_not_yaml_shows_the_problems_page(app: Callable[..., AppTest], store: Path) -> None:
    store.write_text(store.read_text(encoding="utf-8") + "  - [unclosed\n", encoding="utf-8")
    at = app()
    assert [t.value for t in at.title] == ["The metric store has problems"]
    assert not at.exception
    assert re.match(r"metrics\.yaml:\d+:\d+: ", at.code[0].value)


# --- options in the URL -----------------------------------------------------------------------------------


def test_currency_from_the_url(app: Callable[..., AppTest]) -> None:
    at = app(currency="USD")
    cards = metrics(at)
    assert cards["Cloud revenue, latest quarter"] == "US$ 2.30 bn"  # 16.1 / 7.0, the FY26 Q2 rate
    assert cards["Capex, latest stated quarter"] == "US$ 1.50 bn"  # 10.5 / 7.0
    assert cards["Cloud share of group revenue"] == "11.5%"  # a ratio: the same in either currency
    assert view(at) == ["currency"]  # events are off unless a reader turns them on
    assert at.query_params["currency"] == "USD"
    open_page(at, "pages/cloud.py")
    fig = figure(at, "Alibaba Cloud revenue and year-on-year growth")
    assert fig["layout"]["yaxis"]["title"]["text"] == "Revenue (US$ bn)"
    np.testing.assert_allclose(
        numbers(trace(fig, "Revenue")["y"]), [np.nan, np.nan, np.nan, 13.1 / 7.25, 14.35 / 7.2, 16.1 / 7.0], equal_nan=True
    )


def test_usd_without_a_cited_rate_says_so(app: Callable[..., AppTest], store: Path) -> None:
    rewrite(
        store,
        "    - period: FY2026Q2\n      value: 7\n      source: tfp_results_fy26\n"
        "      quote: translations of RMB into US$ were made at RMB7.0000 to US$1.00\n",
        "",
    )
    at = app(currency="USD")
    cards = metrics(at)
    assert cards["Cloud revenue, latest quarter"] == "–"  # never converted at a guessed rate
    assert cards["Capex, latest stated quarter"] == "–"
    # each card keeps its place and its shape: why is said once, in the card, not in a loose line between cards
    assert details(at)["Cloud revenue, latest quarter"] == "FY26 Q2 · no US$ figure"
    assert details(at)["Capex, latest stated quarter"] == "FY26 Q2 · no US$ figure"
    assert tooltips(at)["Cloud revenue, latest quarter"].startswith(
        "No US$ figure stated and no cited RMB/US$ rate for this quarter; the RMB figure is shown in RMB mode."
    )
    assert not [c for c in captions(at) if "no US$ figure" in c]
    assert list(cards)[:3] == ["Cloud revenue, latest quarter", "Cloud share of group revenue", "Capex, latest stated quarter"]


def test_usd_shows_the_amount_the_source_states(app: Callable[..., AppTest], store: Path) -> None:
    # the cited rate (RMB7.0000) would give US$2.30 bn; the value's own quote states US$2.25 bn, which wins
    rewrite(
        store,
        "quote: Fixture cloud revenue was RMB16,100 million, an increase of 40% year-over-year",
        "value_usd: 2.25\n      quote: Fixture cloud revenue was RMB16,100 million (US$2,250 million), an increase of 40%",
    )
    at = app(currency="USD")
    assert metrics(at)["Cloud revenue, latest quarter"] == "US$ 2.25 bn"


def test_labels_from_the_url(app: Callable[..., AppTest]) -> None:
    at = app(labels="calendar")
    assert details(at)["Cloud revenue, latest quarter"] == "Jul–Sep 2025"
    assert "FY26 Q2" not in " ".join(details(at).values())
    open_page(at, "pages/cloud.py")
    fig = figure(at, "Alibaba Cloud revenue and year-on-year growth")
    assert fig["layout"]["xaxis"]["ticktext"][-1] == "Jul–Sep 2025"
    assert fig["layout"]["xaxis"]["title"]["text"] == "Calendar quarter"


def test_events_and_plan_start_from_the_url(app: Callable[..., AppTest]) -> None:
    at = open_page(app(plan_start="FY2026Q1"), "pages/capex.py")
    assert at.selectbox[0].value == "FY2026Q1"
    assert metrics(at)["Deployed, RMB bn"] == "at least 10.5"  # FY26 Q2 only, FY26 Q1 missing
    plan = figure(at, "Capex against the RMB 120 billion 3-year")
    assert not event_numbers(at) and not [c for c in captions(at) if c.startswith("Events marked")]  # off by default
    assert "Events" not in [t.get("name") for t in plan["data"]]
    assert any(
        shown(m.value).startswith("**Capex against the RMB 120 billion") and "Counting from FY26 Q1" in shown(m.value)
        for m in at.markdown
    )
    # a start before the announcement is not offered: a link carrying one opens at the announcement quarter
    at = open_page(app(plan_start="FY2025Q1"), "pages/capex.py")
    assert at.selectbox[0].value == "FY2025Q4"
    at = open_page(app(events="1", plan_start="FY2026Q1"), "pages/capex.py")
    # on: the plan announced on 24 Feb 2025 numbered above each quarterly capex chart, its key under each
    numbers = event_numbers(at)
    assert numbers and set(numbers) == {"1"}
    keys = [c for c in captions(at) if c.startswith("Events marked")]
    assert keys == ["Events marked  \n1 · 24 Feb 2025 · Fixture plan"] * len(numbers)


def event_numbers(at: AppTest) -> list[str]:
    """The event numbers drawn on the page's figures."""
    return [a["text"] for f in figures(at) for a in f["layout"].get("annotations", []) if a.get("name") == "event"]


@pytest.mark.parametrize(
    "query",
    [
        {"currency": "EUR", "labels": "lunar"},
        {"currency": "usd", "labels": "Calendar", "events": "yes", "plan_start": "2025Q1", "quarter": "FY2026Q9"},
        {"currency": "", "segments": "Not A Segment"},
    ],
)
def test_unknown_url_values_fall_back_to_the_defaults(app: Callable[..., AppTest], query: dict[str, str]) -> None:
    at = app(**query)
    assert metrics(at)["Cloud revenue, latest quarter"] == "RMB 16.1 bn"
    assert details(at)["Cloud revenue, latest quarter"] == "FY26 Q2"
    assert view(at) == []  # RMB, fiscal labels, no events
    # defaults are not written back: the bad values leave the URL
    assert at.query_params == {}


def test_changing_an_option_writes_it_to_the_url(app: Callable[..., AppTest]) -> None:
    at = app()
    assert at.query_params == {}
    set_view(at, "currency")
    assert not at.exception
    assert at.query_params == {"currency": "USD"}
    assert metrics(at)["Cloud revenue, latest quarter"] == "US$ 2.30 bn"
    set_view(at, "currency", "labels", "events")
    assert at.query_params == {"currency": "USD", "labels": "calendar", "events": "1"}
    # the options survive a page switch
    open_page(at, "pages/cloud.py")
    assert at.query_params == {"currency": "USD", "labels": "calendar", "events": "1"}
    fig = figure(at, "Alibaba Cloud revenue and year-on-year growth")
    assert fig["layout"]["xaxis"]["ticktext"][-1] == "Jul–Sep 2025"
    set_view(at, "labels")
    assert at.query_params == {"labels": "calendar"}


def test_a_page_switch_writes_the_options_to_the_new_pages_url(app: Callable[..., AppTest]) -> None:
    """A sidebar link opens the next page on a bare URL: the options go back into it."""
    at = set_view(app(), "currency", "events")
    at.switch_page("pages/capex.py")
    at.query_params.clear()
    at.run()
    assert not at.exception
    assert at.query_params == {"currency": "USD", "events": "1"}
    at.switch_page("pages/overview.py")
    at.query_params.clear()
    at.run()
    assert at.query_params == {"currency": "USD", "events": "1"}


def test_a_page_with_fewer_pills_keeps_the_other_options(app: Callable[..., AppTest]) -> None:
    at = open_page(app(currency="USD", events="1"), "pages/adoption.py")
    assert view(at) == []  # adoption offers calendar quarters only, and they are off
    set_view(at, "labels")
    assert at.query_params == {"currency": "USD", "labels": "calendar", "events": "1"}
    at.switch_page("pages/overview.py").run()
    assert view(at) == ["currency", "labels", "events"]
    assert metrics(at)["Cloud revenue, latest quarter"] == "US$ 2.30 bn"


# --- read only --------------------------------------------------------------------------------------------


def test_the_app_never_writes_to_the_store(app: Callable[..., AppTest], store: Path) -> None:
    before = (store.read_bytes(), store.stat().st_mtime_ns)
    listing = sorted(p.name for p in store.parent.iterdir())
    at = app(currency="USD", labels="calendar")
    for page in PAGES:
        open_page(at, page)
    open_page(at, "pages/segments.py")
    set_view(at, "events")
    assert (store.read_bytes(), store.stat().st_mtime_ns) == before
    assert sorted(p.name for p in store.parent.iterdir()) == listing


# --- a past day's view of today's store ---------------------------------------------------------------


def test_a_past_day_views_todays_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """ALIBABA_AI_TODAY moves the day the pages measure against, not the day validation checks dates
    against: the real store, whose sources go past June 2026, still loads as of 1 June 2026."""
    from loaders import StoreError, open_store
    from loaders.paths import STORE_ENV

    store = ROOT / "metrics.yaml"
    with pytest.raises(StoreError, match="is in the future"):  # what validating against that day would say
        open_store(store, dt.date(2026, 6, 1))
    monkeypatch.setenv(STORE_ENV, str(store))
    monkeypatch.setenv(TODAY_ENV, "2026-06-01")
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert [t.value for t in at.title] == ["Alibaba's AI strategy in numbers"]
    assert metrics(at)["Cloud revenue, latest quarter"] == "RMB 48.4 bn"


# --- the frame holds whatever fails ------------------------------------------------------------------


def test_a_page_whose_model_raises_keeps_the_navigation(app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import data

    real = data.build_page

    def build(frames, slug, options, today):  # type: ignore[no-untyped-def]
        if slug == "capex":
            raise RuntimeError("a page model that fails")
        return real(frames, slug, options, today)

    monkeypatch.setattr(data, "build_page", build)
    at = app()
    at.switch_page("pages/capex.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.sidebar.get("page_link")) == len(PAGES)  # every page can still be reached
    assert [shown(e.value) for e in at.error] == [
        "This page could not be built from the store (Capex vs plan). The other pages are not affected; "
        "`python -m loaders validate` checks the store."
    ]
    at.switch_page("pages/cloud.py").run()
    assert not at.exception and [t.value for t in at.title] == [PAGES["pages/cloud.py"]]


def test_a_day_past_the_calendar_gives_one_clear_message(app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_ENV, "2100-06-20")
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [shown(e.value) for e in at.error] == [
        "ALIBABA_AI_TODAY=2100-06-20 is past the last day the dashboard's calendar covers, 2100-06-19 "
        "(the results of FY2100, its last fiscal year, are due then): choose an earlier day"
    ]
    monkeypatch.setenv(TODAY_ENV, "2100-06-19")  # the last day it covers: every page builds
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception and not at.error


def test_a_url_that_lost_its_options_gets_them_back(app: Callable[..., AppTest]) -> None:
    """A run cut short by a quick leave-and-return never wrote its URL: the page returned to, on a
    bare URL, writes the reader's options again although this session wrote them there before."""
    at = open_page(app(currency="USD", labels="calendar", events="1"), "pages/capex.py")
    assert at.query_params == {"currency": "USD", "labels": "calendar", "events": "1"}
    at.query_params.clear()  # the browser's address after the cut-short visit elsewhere: bare /capex
    at.run()
    assert not at.exception
    assert at.query_params == {"currency": "USD", "labels": "calendar", "events": "1"}
