"""One rule ranks the growth sources state for a quarter: the latest page and the cloud chart read it for one
metric (loaders.derive.stated_growth), the Peers page for every company's cloud revenue at once
(loaders.peers.cloud_growth); both must choose the same statement."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from loaders import build_frames, open_store
from loaders import peers as P
from loaders.derive import growth_statements, stated_growth
from loaders.frames import Frames

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["metric", "growth_of", "period", "period_kind", "period_end", "basis", "value", "yoy_pct", "preferred", "grade",
           "published", "source", "publisher", "source_title", "grade_label", "quote"]  # fmt: skip


def _row(
    metric: str,
    period: str,
    yoy: float,
    source: str,
    *,
    preferred: bool = False,
    grade: int = 1,
    published: str | None = "2026-02-01",
    growth_of: str | None = None,
    basis: str = "reported",
) -> list[object]:
    """One statement of a quarter's growth: with an amount of 100 where it states growth of the amount, else alone."""
    end = {"FY2026Q1": "2025-06-30", "FY2026Q2": "2025-09-30", "FY2026Q3": "2025-12-31", "FY2026Q4": "2026-03-31"}[period]
    value, yoy_pct = (yoy, math.nan) if growth_of else (100.0, yoy)
    return [metric, growth_of, period, "quarter", pd.Timestamp(end), basis, value, yoy_pct, preferred, grade,
            pd.Timestamp(published) if published else pd.NaT, source, source.title(), f"{source} title", f"grade {grade}",
            f"up {yoy}%"]  # fmt: skip


# statements of the same quarters that disagree in whether they go with the value shown, in grade and in date
STATEMENTS = pd.DataFrame(
    [
        # Q1: the growth stated with the value shown wins over a better-dated one and over growth stated alone
        _row("cloud", "FY2026Q1", 10.0, "release", preferred=True, published="2025-08-01"),
        _row("cloud", "FY2026Q1", 11.0, "outlet", published="2026-01-01"),
        _row("cloud_yoy", "FY2026Q1", 99.0, "note", growth_of="cloud", published="2026-03-01"),
        # Q2: the value shown states none: the best grade wins over the newer statement of a lower grade
        _row("cloud", "FY2026Q2", math.nan, "release", preferred=True),
        _row("cloud", "FY2026Q2", 20.0, "site", grade=3, published="2026-03-01"),
        _row("cloud", "FY2026Q2", 21.0, "outlet", grade=2, published="2026-01-01"),
        # Q3: the same grade: the newest wins, an undated statement last; a constant-currency growth apart
        _row("cloud", "FY2026Q3", 30.0, "early", grade=2, published="2026-01-01"),
        _row("cloud", "FY2026Q3", 32.0, "undated", grade=2, published=None),
        _row("cloud", "FY2026Q3", 31.0, "late", grade=2, published="2026-02-01"),
        _row("cloud", "FY2026Q3", 35.0, "release", grade=1, basis="constant_currency"),
        # Q4: no source states the amount's growth: a metric of growth alone; of two equal ones the first
        _row("cloud_yoy", "FY2026Q4", 40.0, "first", growth_of="cloud"),
        _row("cloud_yoy", "FY2026Q4", 41.0, "second", growth_of="cloud"),
        # another metric's statements are never taken
        _row("ads", "FY2026Q4", 50.0, "release", preferred=True),
    ],
    columns=COLUMNS,
)


def test_the_growth_shown_is_the_values_own_then_the_best_graded_then_the_newest_then_growth_stated_alone() -> None:
    growth = stated_growth(STATEMENTS, "cloud")
    assert list(growth["period"]) == ["FY2026Q1", "FY2026Q2", "FY2026Q3", "FY2026Q4"]
    assert list(growth["yoy_pct"]) == [10.0, 21.0, 31.0, 40.0]
    assert list(growth["source"]) == ["release", "outlet", "late", "first"]
    assert growth["yoy_pct"].dtype == float and growth["published"].dtype == STATEMENTS["published"].dtype
    constant = stated_growth(STATEMENTS, "cloud", basis="constant_currency")
    assert list(constant["yoy_pct"]) == [35.0]
    assert stated_growth(STATEMENTS, "no_such_metric").empty


def test_the_rule_over_plain_records_ranks_several_metrics_and_both_bases_at_once() -> None:
    records = STATEMENTS.to_dict("records")
    chosen = growth_statements(records, ("cloud", "ads"))
    stated = {key: (r["source"], r["stated"]) for key, r in chosen.items()}
    assert stated == {
        ("cloud", "reported", "FY2026Q1"): ("release", 10.0),
        ("cloud", "reported", "FY2026Q2"): ("outlet", 21.0),
        ("cloud", "reported", "FY2026Q3"): ("late", 31.0),
        ("cloud", "constant_currency", "FY2026Q3"): ("release", 35.0),
        ("cloud", "reported", "FY2026Q4"): ("first", 40.0),
        ("ads", "reported", "FY2026Q4"): ("release", 50.0),
    }
    # the order of the records decides only between equals
    backwards = growth_statements(records[::-1], ("cloud", "ads"))
    assert {k: r["source"] for k, r in backwards.items()} == {**{k: s for k, (s, _) in stated.items()},
                                                             ("cloud", "reported", "FY2026Q4"): "second"}  # fmt: skip


@pytest.fixture(scope="module")
def peers_frames() -> Frames:
    return build_frames(open_store(ROOT / "tests" / "fixtures" / "peers_store.yaml", dt.date(2026, 12, 1)))


def test_the_peers_page_and_a_single_metric_choose_the_same_statements(peers_frames: Frames) -> None:
    obs = peers_frames.observations
    # the store's statements of each quarter reversed in preference, grades shuffled and some undated: many disagree
    changed = obs.assign(preferred=~obs["preferred"].astype(bool), grade=obs["grade"] % 3 + 1)
    changed.loc[changed.index[::3], "published"] = pd.NaT
    companies = [str(c) for c in peers_frames.companies["company"]]
    for frame in (obs, changed):
        peers = P.cloud_growth(frame, companies)
        from_revenue = peers[peers["metric"].isin(set(frame.loc[frame["role"] == "cloud_revenue", "metric"]))]
        assert len(from_revenue) >= 3
        for metric, rows in from_revenue.groupby("metric"):
            own = stated_growth(frame, str(metric)).set_index("period")
            assert list(rows["yoy_pct"]) == list(own.loc[rows["period"], "yoy_pct"])
            assert list(rows["source"]) == list(own.loc[rows["period"], "source"])
