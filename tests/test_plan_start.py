"""The plan's start quarter: offered from the announcement on, and no card reads "nan" for any start offered."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from charts.capex import progress_summary
from charts.options import ViewOptions
from loaders import build_frames, open_store
from loaders.derive import plan_progress, plan_start_choices
from pagemodels.common import the_plan
from pagemodels.model import Cards
from pagemodels.options import plan_default
from pagemodels.registry import build_page

STORE = Path(__file__).parent / "fixtures" / "frozen_store.yaml"
DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def frames():  # type: ignore[no-untyped-def]
    return build_frames(open_store(STORE, dt.date.today()))


def test_the_picker_starts_at_the_announcement_quarter(frames) -> None:  # type: ignore[no-untyped-def]
    default = plan_default(frames)
    assert default == "FY2025Q4"  # announced 24 Feb 2025
    assert plan_start_choices(default) == ["FY2025Q4", "FY2026Q1", "FY2026Q2", "FY2026Q3", "FY2026Q4"]


@pytest.mark.parametrize("slug", ["capex", "overview", "latest"])
def test_no_card_reads_nan_for_any_start_offered(frames, slug: str) -> None:  # type: ignore[no-untyped-def]
    for start in plan_start_choices(plan_default(frames)):
        model = build_page(frames, slug, ViewOptions(plan_start=start), DAY)
        cards = [c for b in model.blocks if isinstance(b, Cards) for c in b.cards]
        text = " ".join(f"{c.label} {c.value} {c.detail} {c.help}" for c in cards)
        assert cards and not re.search(r"\bnan\b", text, re.IGNORECASE), (slug, start, text)


def test_a_horizon_that_has_ended_says_so_in_words(frames) -> None:  # type: ignore[no-untyped-def]
    plan = the_plan(frames)
    progress = plan_progress(frames.observations, plan, "FY2025Q4", dt.date(2028, 6, 30), {})
    assert progress.quarters_remaining == 0
    needed = next(c for c in progress_summary(progress) if c[0].startswith("Needed"))
    assert needed[1:3] == ("–", "horizon ended")
    assert "has ended by 30 Jun 2028" in needed[3]
    ongoing = dataclasses.replace(
        progress, quarters_remaining=3, required_run_rate=40.0, not_stated=(), overdue=(), not_yet_reported=()
    )
    assert next(c for c in progress_summary(ongoing) if c[0].startswith("Needed"))[1:3] == ("40.0", "in the 3 quarters left")
