"""The cloud revenue CSV: each quarter's growth stands with the source and the quote that state it, never
one document's growth beside another's quote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from charts.options import ViewOptions
from loaders import build_frames, open_store
from loaders.quotes import quote_contains
from pagemodels.registry import build_page

STORE = Path(__file__).parent / "fixtures" / "frozen_store.yaml"


def test_each_growth_is_cited_with_its_own_source_and_quote() -> None:
    frames = build_frames(open_store(STORE, dt.date.today()))
    [spec] = [s for s in build_page(frames, "cloud", ViewOptions(), dt.date(2026, 12, 1)).charts if s.slug == "cloud-revenue"]
    data = spec.data
    grown = data[data["yoy_pct"].notna()]
    assert len(grown) >= 8
    for row in grown.itertuples():
        assert quote_contains(row.growth_quote, row.yoy_pct, "pct"), (row.period, row.yoy_pct, row.growth_quote)
    # the Jul–Sep 2023 quarter: its amount from one document, its growth (2%) from another, each with its quote
    fy24q2 = data.set_index("period").loc["FY2024Q2"]
    assert fy24q2["yoy_pct"] == 2 and fy24q2["source"] != fy24q2["growth_source_id"]
    header = spec.csv.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[-4:] == ["Growth stated (%)", "Growth source", "Growth source id", "Growth quote"]
