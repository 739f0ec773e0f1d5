"""A second company, added through the store alone, with a fiscal year ending in June: its quarters are read
in its own calendar, line up with Alibaba's by calendar quarter, and have their own freshness."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from charts.options import ViewOptions
from charts.peers import calendar_aligned_figure
from loaders import roles
from loaders.aligned import by_calendar_quarter
from loaders.curation import freshness, overdue_quarters
from loaders.derive import with_gaps
from loaders.errors import StoreError
from loaders.frames import Frames, build_frames
from loaders.roles import metric_for_role
from loaders.store import open_store, open_store_bytes
from pagemodels import registry
from pagemodels.model import Cards
from pagemodels.registry import PAGES, build_page, overdue_notice

STORE = Path(__file__).parent / "fixtures" / "two_companies_store.yaml"
REAL_DAY = dt.date(2026, 12, 1)
COMPANIES = {"alibaba": "Alibaba Group", "example_corp": "Example Corp"}


@pytest.fixture(scope="module")
def frames() -> Frames:
    return build_frames(open_store(STORE, REAL_DAY))


def test_each_row_carries_its_company_and_the_calendar_quarter_it_is_placed_in(frames: Frames) -> None:
    obs = frames.observations.set_index(["company", "period"])
    example = obs.loc[("example_corp", "FY2026Q1")]
    assert (example["period_start"], example["period_end"]) == (pd.Timestamp(2025, 7, 1), pd.Timestamp(2025, 9, 30))
    assert (example["calendar_label"], example["calendar_quarter"], example["fiscal_label"]) == (
        "Jul–Sep 2025", "CY2025Q3", "FY26 Q1",
    )  # fmt: skip
    alibaba = obs.loc[("alibaba", "FY2026Q2")]
    assert (alibaba["calendar_label"], alibaba["calendar_quarter"]) == ("Jul–Sep 2025", "CY2025Q3")
    assert obs.loc[("alibaba", "FY2026Q1"), "calendar_label"] == "Apr–Jun 2025"
    assert list(frames.companies["company"]) == ["alibaba", "example_corp"]
    assert frames.default_subject == "alibaba" and frames.company_name("example_corp") == "Example Corp"


def test_a_role_is_played_by_each_companys_own_metric(frames: Frames) -> None:
    obs = frames.observations
    assert metric_for_role(obs, roles.CLOUD_REVENUE) == "cloud_revenue"  # the default subject's
    assert metric_for_role(obs, roles.CLOUD_REVENUE, "example_corp") == "example_cloud_revenue"
    assert metric_for_role(obs, roles.CAPEX, "example_corp") == roles.CAPEX  # none plays it: no rows


def test_the_newcomers_first_quarter_is_drawn_beside_alibabas_july_to_september_quarter(frames: Frames) -> None:
    aligned = by_calendar_quarter(frames.observations, roles.CLOUD_REVENUE, list(COMPANIES)).set_index(["company", "period"])
    example, alibaba = aligned.loc[("example_corp", "FY2026Q1")], aligned.loc[("alibaba", "FY2026Q2")]
    assert example["calendar_label"] == alibaba["calendar_label"] == "Jul–Sep 2025"
    assert example["x"] == alibaba["x"] == pd.Timestamp(2025, 8, 15, 12)
    assert (example["value"], alibaba["value"]) == (30.9, 39.8)

    fig = calendar_aligned_figure(frames.observations, roles.CLOUD_REVENUE, COMPANIES, "Cloud revenue by calendar quarter")
    ali_bars, example_bars = fig.data
    ticks = dict(zip(fig.layout.xaxis2.tickvals or fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext, strict=True))
    ali_x = dict(zip((c[0] for c in ali_bars.customdata), ali_bars.x, strict=True))
    example_x = dict(zip((c[0] for c in example_bars.customdata), example_bars.x, strict=True))
    assert example_x["FY26 Q1"] == ali_x["FY26 Q2"]
    assert ticks[example_x["FY26 Q1"]] == "Jul–Sep 2025"
    assert example_x["FY25 Q4"] == ali_x["FY26 Q1"] and ticks[example_x["FY25 Q4"]] == "Apr–Jun 2025"
    assert [a.text for a in fig.layout.annotations] == ["Alibaba Group", "Example Corp"]
    assert (fig.layout.yaxis.title.text, fig.layout.yaxis2.title.text) == ("RMB bn", "US$ bn")


def test_freshness_and_the_overdue_notice_are_each_companys_own(frames: Frames) -> None:
    obs, sources, events = frames.observations, frames.sources, frames.events
    example = freshness(obs, sources, REAL_DAY, events, "example_corp")
    assert (example["latest_quarter"], example["latest_quarter_label"]) == ("FY2026Q2", "FY26 Q2 (Oct–Dec 2025)")
    assert example["results_day"] == dt.date(2026, 1, 28)
    alibaba = freshness(obs, sources, REAL_DAY, events, "alibaba")
    assert (alibaba["latest_quarter"], alibaba["results_day"]) == ("FY2026Q3", dt.date(2026, 2, 20))
    # on 1 July 2026 the March quarter is late for both (80 days, no history for that quarter): Alibaba's
    # FY2026Q4, Example Corp's FY2026Q3
    july = dt.date(2026, 7, 1)
    assert overdue_quarters(obs, july, events, "alibaba") == ["FY2026Q4"]
    assert overdue_quarters(obs, july, events, "example_corp") == ["FY2026Q3"]
    assert overdue_notice(frames, july) == (
        "Results overdue for Alibaba Group: the quarter ended 31 March 2026 was expected by 19 June 2026 and is not "
        "here yet; newest quarter held: Oct–Dec 2025 (FY26 Q3).\n\n"
        "Results overdue for Example Corp: the quarter ended 31 March 2026 was expected by 19 June 2026 and is not "
        "here yet; newest quarter held: Oct–Dec 2025 (FY26 Q2)."
    )
    # Example Corp's September quarter is due by its own history: 29 days after quarter end, plus the margin
    assert overdue_quarters(obs, dt.date(2026, 11, 6), events, "example_corp")[-1] == "FY2027Q1"
    assert overdue_quarters(obs, dt.date(2026, 11, 5), events, "example_corp")[-1] == "FY2026Q4"


def test_alibabas_pages_show_alibabas_figures_and_freshness_and_a_page_of_every_company_names_each(
    frames: Frames, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = build_page(frames, "cloud", ViewOptions(), REAL_DAY)
    [cards] = [b for b in model.blocks if isinstance(b, Cards)]
    revenue_card = cards.cards[0]
    assert (revenue_card.value, revenue_card.detail) == ("RMB 43.3 bn", "FY26 Q3")
    # a page about the default subject reports its freshness and overdue results alone, not every peer's
    freshness_lines = model.sidebar[-1].split("\n")
    assert freshness_lines[0].startswith("Data as of Oct–Dec 2025 (FY26 Q3), results of 2026-02-20")
    july = dt.date(2026, 7, 1)
    notice = build_page(frames, "cloud", ViewOptions(), july).notice or ""
    assert notice.startswith("Results overdue for Alibaba Group") and "Example Corp" not in notice
    # a page drawing every company names each one's
    every = [dataclasses.replace(p, every_company=True) if p.slug == "cloud" else p for p in PAGES]
    monkeypatch.setattr(registry, "PAGES", tuple(every))
    model = build_page(frames, "cloud", ViewOptions(), july)
    freshness_lines = model.sidebar[-1].split("\n")
    assert freshness_lines[0].startswith("Alibaba Group: Data as of Oct–Dec 2025 (FY26 Q3), results of 2026-02-20")
    assert freshness_lines[1].startswith("Example Corp: Data as of Oct–Dec 2025 (FY26 Q2), results of 2026-01-28")
    assert "Results overdue for Example Corp" in (model.notice or "")
    for page in PAGES:  # every page builds from a store of two companies
        build_page(frames, page.slug, ViewOptions(), REAL_DAY)


NEWCOMER_ROLE = "    subject: example_corp\n    role: cloud_revenue\n"
ALIBABA_CLOUD = "    name: Cloud revenue\n"


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        (((ALIBABA_CLOUD, ALIBABA_CLOUD + "    role: cloud_revenue\n"),), None),  # declared as well as by its id
        (((ALIBABA_CLOUD, ALIBABA_CLOUD + "    role: cloud_revenue\n"), (NEWCOMER_ROLE, "    role: cloud_revenue\n")),
         "metrics.example_cloud_revenue.role: role 'cloud_revenue' (cloud revenue) of 'alibaba' is already played by "
         "metric 'cloud_revenue': a company has one metric in each role"),
        (((NEWCOMER_ROLE, "    subject: example_corp\n    role: cloud_sales\n"),), "metrics.example_cloud_revenue.role: "),
    ],
    ids=["declared", "two-metrics-one-role", "unknown-role"],
)  # fmt: skip
def test_roles_are_checked(edits: tuple[tuple[str, str], ...], message: str | None) -> None:
    text = STORE.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    raw = text.encode("utf-8")
    if message is None:
        frames = build_frames(open_store_bytes(raw, "metrics.yaml", REAL_DAY))
        assert metric_for_role(frames.observations, roles.CLOUD_REVENUE) == "cloud_revenue"
        return
    with pytest.raises(StoreError) as exc:
        open_store_bytes(raw, "metrics.yaml", REAL_DAY)
    found = [f"{p.where}: {p.message}" for p in exc.value.problems]
    assert any(f.startswith(message) for f in found), found


def test_a_gap_in_a_companys_series_is_its_own_missing_quarter() -> None:
    """A June-year series missing FY2026Q2 gets a gap at Oct–Dec 2025, not at Alibaba's FY2026Q2 (Jul–Sep)."""
    series = pd.DataFrame(
        {"period": ["FY2026Q1", "FY2026Q3"], "period_end": pd.to_datetime(["2025-09-30", "2026-03-31"]),
         "year_end_month": [6, 6], "value": [30.9, 33.0]}
    )  # fmt: skip
    gap = with_gaps(series).set_index("period").loc["FY2026Q2"]
    assert (gap["missing"], gap["period_end"], gap["calendar_label"]) == (True, pd.Timestamp(2025, 12, 31), "Oct–Dec 2025")


def test_what_is_missing_is_counted_in_each_companys_own_quarters(frames: Frames) -> None:
    from loaders.curation import gaps_frame

    gaps = gaps_frame(frames.observations).set_index("metric")
    # Example Corp's newest quarter is its own FY2026Q2: Alibaba's FY2026Q3 (another calendar) is no gap of its
    assert gaps.loc["example_cloud_revenue", "missing_to_latest"] == []
    assert not gaps.loc["example_cloud_revenue", "stale"]
    assert gaps.loc["cloud_revenue", "missing_to_latest"] == []
    # and the Sources page's coverage grid, whose columns are fiscal quarters, holds the default subject's alone
    model = build_page(frames, "sources", ViewOptions(), REAL_DAY)
    [coverage] = [b for b in model.chart_blocks if b.spec.slug == "coverage"]
    assert set(coverage.spec.data["metric"]) == {"Cloud revenue", "Capital expenditure"}
