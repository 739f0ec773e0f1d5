"""The Latest quarter page, built without a browser: on a small fixture store that holds two providers'
estimates (tests/fixtures/latest_store.yaml, fictional) and on the real store.

Expected numbers are written out by hand from the fixture: cloud revenue RMB 16.1 bn in FY2026Q2
(stated +40% on a year ago), RMB 14.35 bn in FY2026Q1 (stated +40%); LSEG expected RMB 15.8 bn on
17 Nov 2025, Visible Alpha RMB 16.4 bn on 14 Nov 2025.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from charts.options import ViewOptions
from loaders.frames import build_frames
from loaders.store import open_store
from pagemodels.latest import HEADLINES, NO_CONSENSUS
from pagemodels.model import Cards, Citations, Table, Text
from pagemodels.registry import build_page, page_spec

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "latest_store.yaml"
TODAY = dt.date(2025, 12, 1)


def table(model, key: str):
    return next(b for b in model.blocks if isinstance(b, Table) and b.key == key).frame


def texts(model) -> str:
    return "\n".join(b.text for b in model.blocks if isinstance(b, Text))


@pytest.fixture(scope="module")
def frames():
    return build_frames(open_store(FIXTURE, TODAY))


@pytest.fixture(scope="module")
def page(frames):
    return build_page(frames, "latest", ViewOptions(), TODAY)


def test_the_page_is_one_registry_line():
    assert page_spec("latest").nav_title == "Latest quarter" and page_spec("latest").script == "pages/latest.py"
    assert (HERE.parent / "pages" / "latest.py").read_text().count('show("latest")') == 1


def test_headline_figures_with_their_changes(page):
    assert "Newest quarter held: Jul–Sep 2025 (FY26 Q2), results of 20 Nov 2025." in texts(page)
    rows = table(page, "latest-changes").set_index("figure")
    assert list(rows.index) == [name for _, name in HEADLINES]
    cloud = rows.loc["Cloud revenue"]
    assert cloud["value"] == "RMB 16.1 bn"
    assert cloud["vs_prior_quarter"] == f"{100 * (16.1 / 14.35 - 1):+.1f}%"  # +12.2%, derived
    assert cloud["vs_year_ago"] == "+40.0% (stated)"
    assert cloud["growth_change"] == "+0.0 pp, unchanged"  # 40% after 40%
    # group revenue states no growth: worked out from 140 (FY26 Q2), 110 (FY25 Q2), 130 (FY26 Q1), 100 (FY25 Q1)
    group = rows.loc["Group revenue"]
    assert group["vs_year_ago"] == f"{100 * (140 / 110 - 1):+.1f}% (derived)"  # +27.3%
    assert group["growth_change"] == f"{100 * (140 / 110 - 1) - 30:+.1f} pp, deceleration"  # 27.3% after 30%
    assert cloud["source"].startswith("Alibaba Group") and "16,100 million" in cloud["quote"]
    assert cloud["url"] == "https://example.com/fixture/results-fy2026q2"
    assert rows.loc["Free cash flow", "value"] == "not stated by any source held"
    cards = next(b for b in page.blocks if isinstance(b, Cards)).cards
    assert (cards[1].label, cards[1].value, cards[1].delta) == ("Cloud revenue", "RMB 16.1 bn", "+40% YoY")
    assert "Fixture cloud revenue was RMB16,100 million" in (cards[1].help or "")


def test_each_provider_on_its_own_line_never_averaged(page):
    consensus = table(page, "latest-consensus")
    cloud = consensus[consensus["figure"] == "Cloud revenue"].set_index("provider")
    assert list(cloud.index) == ["LSEG", "Visible Alpha"]
    assert cloud.loc["LSEG", ["estimated_on", "estimate", "actual", "verdict"]].tolist() == [
        "2025-11-17", "RMB 15.8 bn", "RMB 16.1 bn", "beat",
    ]  # fmt: skip
    assert cloud.loc["Visible Alpha", ["estimated_on", "estimate", "verdict"]].tolist() == ["2025-11-14", "RMB 16.4 bn", "miss"]
    assert cloud.loc["LSEG", "difference"] == f"{100 * (16.1 / 15.8 - 1):+.1f}%"
    assert "RMB 16.1 bn" not in consensus["estimate"].tolist()  # no averaged line (15.8 and 16.4 average 16.1)
    assert cloud.loc["LSEG", "url"] == "https://example.com/fixture/preview"
    others = consensus[consensus["figure"] != "Cloud revenue"]
    assert set(others["provider"]) == {NO_CONSENSUS} and len(others) == len(HEADLINES) - 1
    cited = [c.label for b in page.blocks if isinstance(b, Citations) for c in b.citations]
    assert "Cloud revenue, LSEG estimate of 2025-11-17" in cited


def test_capex_against_the_needed_pace_and_what_was_said_that_day(page, frames):
    words = texts(page)
    # RMB 120 bn plan from FY25 Q4; stated capex 8.5 (FY25 Q4) and 10.5 (FY26 Q2); on 1 Dec 2025 three of its
    # twelve quarters have ended: (120 - 19) / 9 = 11.2 a quarter still needed
    assert "FY26 Q2 capex of RMB 10.5 bn is 94% of the RMB 11.2 bn a quarter the RMB 120 bn plan" in words
    said = [c for b in page.blocks if isinstance(b, Citations) and not b.small for c in b.citations]
    assert [c.label for c in said] == ["20 Nov 2025 · Fixture keeps its three-year plan"]
    assert said[0].quote == "Fixture Corp keeps its plan to invest more than RMB120 billion over three years"
    assert [r.slug for r in page.charts] == ["capex-vs-plan"]


def test_in_us_dollars_and_calendar_labels(frames):
    model = build_page(frames, "latest", ViewOptions(currency="USD", labels="calendar"), TODAY)
    cloud = table(model, "latest-changes").set_index("figure").loc["Cloud revenue"]
    assert cloud["quarter"] == "Jul–Sep 2025" and cloud["value"].startswith("US$ ")


def test_on_the_real_store_the_newest_quarter_and_no_consensus_unless_cited():
    frames = build_frames(open_store(HERE.parent / "metrics.yaml", dt.date(2026, 12, 7)))
    model = build_page(frames, "latest", ViewOptions(), dt.date(2026, 12, 7))
    rows = table(model, "latest-changes").set_index("figure")
    assert set(rows.index) == {name for _, name in HEADLINES}
    assert all(v for v in rows["value"])  # every headline figure is stated or says it is not
    consensus = table(model, "latest-consensus")
    estimates = frames.observations[frames.observations["basis"] == "estimate"]
    for _, line in consensus.iterrows():  # a provider's line only where the store cites an estimate
        if line["provider"] != NO_CONSENSUS:
            assert ((estimates["provider"] == line["provider"]) & (estimates["source"].notna())).any()
    assert model.charts and not model.charts[0].is_empty
