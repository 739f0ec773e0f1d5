"""Capital-spending guidance in the store: a stated range keeps both ends, each dated statement is a
revision rather than a disagreement, and a private company needs no ticker."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from loaders.derive import conflicts
from loaders.errors import StoreError
from loaders.frames import build_frames
from loaders.roles import CAPEX_GUIDANCE, metric_for_role
from loaders.store import open_store_bytes

STORE = Path(__file__).parent / "fixtures" / "two_companies_store.yaml"
DAY = dt.date(2026, 12, 1)
ANCHOR = "  capex:\n    name: Capital expenditure\n"
SOURCES_ANCHOR = "metrics:\n"
GUIDANCE = """  example_capex_guidance:
    name: Example Corp capital expenditure guidance
    subject: example_corp
    role: capex_guidance
    unit: USD_bn
    category: capex
    description: Example Corp's guidance for its calendar 2026 capital expenditure (fictional).
    observations:
      - period: CY2026
        value: 60
        value_high: 70
        basis: target
        source: example_results_sep
        quote: "we expect capital expenditures of $60 billion to $70 billion in 2026"
      - period: CY2026
        value: 75
        value_high: 80
        basis: target
        source: example_results_dec
        quote: "we now expect capital expenditures of $75 billion to $80 billion in 2026"
"""


def _store(guidance: str = GUIDANCE, extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    text = STORE.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    text = text.replace(ANCHOR, guidance + "\n" + ANCHOR)
    for old, new in extra:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode("utf-8")


def _problems(raw: bytes) -> list[str]:
    with pytest.raises(StoreError) as exc:
        open_store_bytes(raw, "metrics.yaml", DAY)
    return [f"{p.where}: {p.message}" for p in exc.value.problems]


def test_a_range_keeps_both_ends_and_each_revision_is_not_a_disagreement() -> None:
    frames = build_frames(open_store_bytes(_store(), "metrics.yaml", DAY))
    obs = frames.observations
    assert metric_for_role(obs, CAPEX_GUIDANCE, "example_corp") == "example_capex_guidance"
    rows = obs[obs["metric"] == "example_capex_guidance"].sort_values("published")
    assert rows[["value", "value_high"]].to_numpy().tolist() == [[60.0, 70.0], [75.0, 80.0]]
    # the newer statement is the one shown; the older stays as the revision it was
    assert rows["preferred"].tolist() == [False, True]
    assert conflicts(obs).query("metric == 'example_capex_guidance'").empty


def test_the_newest_revision_is_shown_even_where_an_older_one_has_the_better_grade() -> None:
    text = _store().decode("utf-8")
    start = text.index("  example_results_dec:")
    end = text.index("grade: 1", start)
    text = text[:end] + "grade: 3" + text[end + len("grade: 1") :]  # the newer statement read on another site
    frames = build_frames(open_store_bytes(text.encode("utf-8"), "metrics.yaml", DAY))
    rows = frames.observations.query("metric == 'example_capex_guidance'").sort_values("published")
    assert rows["preferred"].tolist() == [False, True]
    assert rows["grade"].tolist() == [1, 3]


def test_two_figures_stated_on_one_day_are_still_a_disagreement() -> None:
    same_day = GUIDANCE.replace("source: example_results_dec", "source: example_results_sep")
    frames = build_frames(open_store_bytes(_store(same_day), "metrics.yaml", DAY))
    assert len(conflicts(frames.observations).query("metric == 'example_capex_guidance'")) == 2


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("value_high: 70\n", "value_high: 72\n", "quote does not contain value_high 72"),
        ("value_high: 70\n", "value_high: 50\n", "value_high 50 is not above value 60"),
        ("value_high: 70\n        basis: target\n", "value_high: 70\n        basis: reported\n",
         "value_high (the top of a stated range) belongs to basis: target or estimate"),
    ],
    ids=["not-in-quote", "upside-down", "not-forward"],
)  # fmt: skip
def test_a_range_is_checked(old: str, new: str, message: str) -> None:
    found = _problems(_store(GUIDANCE.replace(old, new, 1)))
    assert any("metrics.example_capex_guidance.observations[0]" in f and message in f for f in found), found


def test_a_private_company_needs_no_ticker() -> None:
    raw = _store(extra=(("    tickers: [EXMP]\n", "    tickers: []\n"),))
    frames = build_frames(open_store_bytes(raw, "metrics.yaml", DAY))
    assert frames.companies.set_index("company").loc["example_corp", "tickers"] == ()
