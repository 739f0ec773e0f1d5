"""Page models: every page built by one pure function from the registry, without a browser.

Hostile links are normalised against the store (never an error), and what a page draws is decided
by the store: a colour or a segment added to metrics.yaml shows without a change to Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from charts.options import ViewOptions
from loaders import build_frames, open_store
from loaders.calendar import TODAY_ENV
from pagemodels import sources
from pagemodels.model import Cards, Chart, Control, Row, Table, Text
from pagemodels.registry import PAGES, build_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
TODAY = dt.date(2025, 12, 1)
# links a reader may be sent: far-off quarters, unknown ids, malformed and overlong values
HOSTILE_LINKS = [
    {"plan_start": "FY2099Q1"},
    {"plan_start": "FY1000Q1"},
    {"quarter": "FY1000Q1"},
    {"quarter": "FY2030Q1"},
    {"segments": "no_such_segment,cloud_revenue"},
    {"segments": "x" * 5000},
    {"categories": "results,no_such_category"},
    {"table": "drop_tables"},
    {"currency": "EUR", "labels": "lunar", "events": "maybe"},
    {"quarter": "FY2026Q2\n", "plan_start": "FY２０２６Q1"},
]


@pytest.fixture(scope="module")
def frames():  # type: ignore[no-untyped-def]
    return build_frames(open_store(FIXTURE, dt.date.today()))


def controls(model) -> dict[str, Control]:  # type: ignore[no-untyped-def]
    found = {}
    for block in model.blocks:
        for control in block.controls if isinstance(block, Row) else (block,) if isinstance(block, Control) else ():
            found[control.option] = control
    return found


def test_options_from_outside_the_store_fall_back_to_the_defaults(frames) -> None:  # type: ignore[no-untyped-def]
    raw = ViewOptions(plan_start="FY2099Q1", segment_quarter="FY2030Q1", segments=("nope", "aidc_revenue"),
                      categories=("results", "nope"), table="nope", words="a\x00b" + "c" * 500)  # fmt: skip
    segments = build_page(frames, "segments", raw, TODAY)
    assert segments.options.segment_quarter is None and segments.options.segments == ("aidc_revenue",)
    assert (segments.options.categories, segments.options.table) == (("results",), "values")
    assert segments.options.words == "ab" + "c" * 198  # control characters dropped, at most 200 characters
    # the widget and the chart agree: the latest quarter with segment growth, FY26 Q2
    assert controls(segments)["quarter"].value == "FY2026Q2"
    assert segments.charts[0].file_stem == "segment-growth_FY26Q2"
    capex = build_page(frames, "capex", raw, TODAY)
    assert capex.options.plan_start is None
    assert controls(capex)["plan_start"].value == "FY2025Q4"  # the announcement quarter
    assert capex.charts[0].file_stem == "capex-vs-plan_FY25Q4-FY28Q3"


def test_every_page_is_built_from_the_registry_without_a_browser(frames) -> None:  # type: ignore[no-untyped-def]
    for spec in PAGES:
        model = build_page(frames, spec.slug, ViewOptions(), TODAY)
        assert model.slug == spec.slug and model.title and model.today == TODAY
        assert any(isinstance(b, Chart) for b in model.blocks), spec.slug
        assert model.sidebar[-1].startswith("Data as of Jul–Sep 2025 (FY26 Q2), no results day held; sources checked 2025-12-01")
        assert model.notice is None  # on the fixed today nothing is overdue
    late = build_page(frames, "overview", ViewOptions(), dt.date(2026, 4, 1))
    assert late.notice is not None and late.notice.startswith(
        "Results overdue for Alibaba Group: the quarter ended 31 December 2025"
    )


@pytest.fixture
def app(fixture_store: Path, fresh_caches: None, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    monkeypatch.setenv(TODAY_ENV, TODAY.isoformat())

    def start(page: str, **query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page != "overview":
            at.switch_page(f"pages/{page}.py").run()
        return at

    return start


@pytest.mark.parametrize("query", HOSTILE_LINKS, ids=[",".join(q) for q in HOSTILE_LINKS])
def test_a_hostile_link_opens_every_page_cleanly(app: Callable[..., AppTest], query: dict[str, str]) -> None:
    for spec in PAGES:
        at = app(spec.slug, **query)
        assert not at.exception, (spec.slug, [e.value for e in at.exception])
        assert not at.error, (spec.slug, [e.value for e in at.error])
        assert at.title[0].value, spec.slug


def test_a_quarter_the_store_lacks_leaves_widget_chart_and_url_on_the_latest(app: Callable[..., AppTest]) -> None:
    at = app("segments", quarter="FY2030Q1", plan_start="FY2099Q1")
    assert at.selectbox(key="w_quarter").value == "FY2026Q2"
    assert any("FY26 Q2" in c.proto.spec for c in at.get("plotly_chart"))
    assert "quarter" not in at.query_params and "plan_start" not in at.query_params


def test_a_colour_and_a_segment_are_store_edits(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace(
        "  aidc_revenue:\n    name: International Digital Commerce Group revenue\n",
        "  aidc_revenue:\n    display:\n      color: '#123456'\n    name: International Digital Commerce Group revenue\n",
    )
    text = text.replace(
        "  segments: [cloud_revenue, aidc_revenue]",
        "  segments: [cloud_revenue, aidc_revenue, robots_revenue]",
    )
    text = text.replace(
        "\nplans:",
        """
  robots_revenue:
    name: Robots Group revenue
    unit: RMB_bn
    category: segment
    description: A segment added in the store only.
    observations:
    - period: FY2026Q2
      value: 7
      source: tfp_results_fy26
      quote: Fixture robots revenue was RMB7,000 million
"""
        + "\nplans:",
        1,
    )
    store = tmp_path / "metrics.yaml"
    store.write_text(text, encoding="utf-8")
    frames = build_frames(open_store(store, today=TODAY))
    charts = {r.slug: r for r in build_page(frames, "segments", ViewOptions(), TODAY).charts}
    revenue = {t.name: t for t in charts["segment-revenue"].plot.data}
    assert revenue["International Digital Commerce Group revenue"].line.color == "#123456"
    mix = {t.name: t for t in charts["revenue-mix"].plot.data}
    # the new segment completes FY26 Q2 only: its share is of the three segments' combined revenue
    assert list(mix["Robots Group revenue"].y) == pytest.approx([100 * 7 / (16.1 + 33 + 7)])
    assert mix["International Digital Commerce Group revenue"].marker.color == "#123456"


def test_the_overview_has_a_strip_of_segment_growth_for_the_latest_quarter(frames) -> None:  # type: ignore[no-untyped-def]
    blocks = build_page(frames, "overview", ViewOptions(), TODAY).blocks
    heading = next(i for i, b in enumerate(blocks) if isinstance(b, Text) and b.text.startswith("Revenue growth by segment"))
    assert blocks[heading].text == "Revenue growth by segment, FY26 Q2, year on year"
    strip = blocks[heading + 1]
    assert isinstance(strip, Cards)
    # the group first, then the segments in the order of the quarter's reporting structure
    assert [(c.label, c.value, c.detail) for c in strip.cards] == [
        ("Group", "+27%", "computed"),  # 140 / 110 - 1: no source states it
        ("Cloud Intelligence Group revenue", "+40%", "YoY"),
        ("International Digital Commerce Group revenue", "+19%", "YoY"),
    ]
    assert strip.cards[0].help.startswith("Computed from the cited revenue of this quarter and of a year before.")
    assert "Fixture cloud revenue was RMB16,100 million, an increase of 40%" in strip.cards[1].help
    # the strip comes after the chart, which stays above the fold under the headline cards
    assert isinstance(blocks[heading - 1], Chart)


def test_a_segment_without_stated_growth_keeps_its_place_in_the_strip(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "  segments: [cloud_revenue, aidc_revenue]", "  segments: [cloud_revenue, aidc_revenue, robots_revenue]"
    )
    text = text.replace(
        "\nplans:",
        "\n  robots_revenue:\n    name: Robots Group revenue\n    display:\n      short_name: Robots\n"
        "    unit: RMB_bn\n    category: segment\n    description: A segment with no value yet.\n"
        "    observations: []\n\nplans:",
        1,
    )
    store = tmp_path / "metrics.yaml"
    store.write_text(text, encoding="utf-8")
    model = build_page(build_frames(open_store(store, today=TODAY)), "overview", ViewOptions(), TODAY)
    strip = [b for b in model.blocks if isinstance(b, Cards)][-1]
    robots = strip.cards[-1]
    assert (robots.label, robots.value, robots.detail) == ("Robots", "–", "not stated")
    assert robots.help == "No source in this dashboard states its revenue growth for FY26 Q2"


QUARTERLY_CHARTS = {"cloud": ("cloud-revenue", "cloud-ebita", "cloud-share"), "capex": ("capex-quarterly", "capex-share")}


@pytest.mark.parametrize("slug", sorted(QUARTERLY_CHARTS))
def test_the_quarterly_charts_of_a_page_share_their_first_quarter(frames, slug: str) -> None:  # type: ignore[no-untyped-def]
    model = build_page(frames, slug, ViewOptions(), TODAY)
    charts = {r.slug: r for r in model.charts if r.slug in QUARTERLY_CHARTS[slug]}
    assert sorted(charts) == sorted(QUARTERLY_CHARTS[slug])
    firsts = {name: r.plot.layout.xaxis.ticktext[0] for name, r in charts.items()}
    assert len(set(firsts.values())) == 1, firsts
    assert len({r.span.split("-")[0] for r in charts.values()}) == 1  # and the file names say so
    assert len({r.file_stem.split("_")[1] for r in charts.values()}) == 1


def test_a_chart_that_starts_later_than_its_page_shows_the_earlier_quarters_as_gaps(frames) -> None:  # type: ignore[no-untyped-def]
    from charts.capex import capex_share_figure, first_quarter

    obs = frames.observations
    first = first_quarter(obs, ViewOptions())
    later = obs[~((obs["metric"] == "group_revenue") & (obs["period"] == first))]  # no share for the first quarter
    alone, shared = capex_share_figure(later, ViewOptions()), capex_share_figure(later, ViewOptions(), since=first)
    assert alone.plot.layout.xaxis.ticktext[0] != shared.plot.layout.xaxis.ticktext[0]
    assert shared.span.startswith(first.replace("FY20", "FY"))
    share = next(t for t in shared.plot.data if t.name == "Capex / group revenue")
    assert share.y[0] is None or share.y[0] != share.y[0]  # the first quarter is a gap, not a drawn share
    assert "not stated" in " ".join(str(a.text) for a in shared.plot.layout.annotations if a.name == "gap")


def _values_table(model) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return next(b for b in model.blocks if isinstance(b, Table) and b.key == "values").frame


def test_a_long_table_is_shown_a_page_at_a_time(frames, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    total = len(frames.observations)
    whole = build_page(frames, "sources", ViewOptions(), TODAY)
    assert "table_page" not in controls(whole) and len(_values_table(whole)) == total  # fits on one page
    monkeypatch.setattr(sources, "PAGE_ROWS", 10)
    pages = -(-total // 10)
    first = build_page(frames, "sources", ViewOptions(), TODAY)
    pager = controls(first)["table_page"]
    assert pager.choices == tuple(str(i) for i in range(1, pages + 1)) and pager.value == "1"
    assert pager.label_of("2") == f"Rows 11–20 of {total} values"
    assert pager.label_of(str(pages)) == f"Rows {(pages - 1) * 10 + 1}–{total} of {total} values"
    assert list(_values_table(first)["line"]) == list(whole_rows := _values_table(whole)["line"])[:10]
    second = build_page(frames, "sources", ViewOptions(table_page="2"), TODAY)
    assert list(_values_table(second)["line"]) == list(whole_rows)[10:20] and second.options.table_page == "2"
    # a page past the end, or not a page number, is the last page or the first
    beyond = build_page(frames, "sources", ViewOptions(table_page="999"), TODAY)
    assert beyond.options.table_page == str(pages) and list(_values_table(beyond)["line"]) == list(whole_rows)[(pages - 1) * 10 :]
    for odd in ("0", "-1", "²", "two", ""):
        assert build_page(frames, "sources", ViewOptions(table_page=odd), TODAY).options.table_page == "1", odd


def test_a_filter_that_leaves_one_page_drops_the_pager(frames, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sources, "PAGE_ROWS", 10)
    model = build_page(frames, "sources", ViewOptions(words="cloud revenue", table_page="3"), TODAY)
    rows = _values_table(model)
    assert 0 < len(rows) <= 10 and "table_page" not in controls(model) and model.options.table_page == "1"


def test_the_pager_pages_the_table_in_the_app(app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "PAGE_ROWS", 10)
    at = app("sources")
    first = at.dataframe[0].value
    assert len(first) == 10
    at.selectbox(key="src_page").select("2").run()
    assert not at.exception
    second = at.dataframe[0].value
    assert len(second) == 10 and list(second["line"]) != list(first["line"])
    assert at.selectbox(key="src_page").value == "2"


def test_a_page_converts_to_the_readers_currency_once(frames, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """build_page applies the currency once for all of a page's charts and cards (a capex page in US$ converted
    every series of every chart on its own before), and a page without money never converts."""
    import charts.series

    calls: list[str] = []
    real = charts.series.in_currency

    def counting(obs: pd.DataFrame, currency: str) -> pd.DataFrame:
        calls.append(currency)
        return real(obs, currency)

    monkeypatch.setattr(charts.series, "in_currency", counting)
    for slug, expected in (("capex", ["USD"]), ("segments", ["USD"]), ("latest", ["USD"]), ("timeline", [])):
        calls.clear()
        model = build_page(frames, slug, ViewOptions(currency="USD"), TODAY)
        assert calls == expected, slug
        assert all(not r.is_empty for r in model.charts), slug


def test_a_page_names_its_deck_and_workbook_once_when_it_is_built(frames) -> None:  # type: ignore[no-untyped-def]
    """The page's downloads are named by page, the data as of and the store's version, worked out with the model
    rather than on every rerun: the fixture's newest quarter is FY26 Q2, with no results day held."""
    for slug in ("cloud", "capex"):
        model = build_page(frames, slug, ViewOptions(), TODAY)
        assert model.file_stem == f"{slug}_FY26Q2_{frames.version}" and len(frames.version) == 12
