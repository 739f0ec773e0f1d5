"""The source-authority rule: which of several stated values is shown, and with which citations.

Each case is a small store written out below; the expected value, citations and flags are read off
by hand from it, never recomputed with the code under test.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from loaders.authority import Claim, are_twins, decimals, distinct_figures, rule
from loaders.derive import conflicts, rounding_twins
from loaders.frames import build_frames
from loaders.store import StoreError, load_store_bytes, open_store
from pagemodels.common import citation

SOURCES = {
    # id: (grade, published)
    "release": (1, "2025-02-20"),
    "outlet": (2, "2025-02-21"),
    "blog": (3, "2025-03-01"),
    "robot": (4, "2025-03-05"),
    "robot_two": (4, "2025-03-06"),
}
KINDS = {1: "results_announcement", 2: "article", 3: "site_page", 4: "machine_written_page"}


def store_text(observations: list[tuple[str, float, str, float | None]]) -> str:
    """A store with one capex metric for FY2025Q3; each observation is (source, value, quote, yoy)."""
    lines = ["version: 2", "default_subject: alibaba", "companies:", "  alibaba:", "    name: Alibaba Group",
             "    tickers: [BABA]", "    fiscal_year_end_month: 3", "    currency: RMB", "sources:"]  # fmt: skip
    for sid, (grade, published) in SOURCES.items():
        issuer = "alibaba" if grade == 1 else f"{sid.title()} Press"
        lines += [
            f"  {sid}:", f"    title: {sid} on the December quarter", f"    issuer: {issuer}",
            f"    url: https://example.com/{sid}", f"    published: {published}", "    accessed: 2026-11-30",
            f"    kind: {KINDS[grade]}", f"    grade: {grade}",
        ]  # fmt: skip
    lines += ["metrics:", "  capex:", "    name: Capital expenditure", "    unit: RMB_bn", "    category: capex",
              "    description: Quarterly capex.", "    observations:"]  # fmt: skip
    for sid, value, quote, yoy in observations:
        lines += ["      - period: FY2025Q3", f"        value: {value}", f"        source: {sid}", f'        quote: "{quote}"']
        if yoy is not None:
            lines.append(f"        yoy_pct: {yoy}")
    lines += ["plans:", "  capex_plan:", "    metric: capex", "    tracks: capex", "    horizon_years: 3",
              "    announced: 2025-02-20", "    source: release", '    quote: "over the next three years"',
              "events:", "  - id: results_day", "    date: 2025-02-20", "    title: December quarter results",
              "    category: plan", "    source: release", '    quote: "December quarter results"']  # fmt: skip
    return "\n".join(lines) + "\n"


def shown(observations: list[tuple[str, float, str, float | None]]) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "metrics.yaml"
        path.write_text(store_text(observations), encoding="utf-8")
        return build_frames(open_store(path, dt.date.today())).observations


def preferred(obs: pd.DataFrame) -> pd.Series:
    [row] = [r for _, r in obs.iterrows() if r["preferred"]]
    return row


def test_the_exact_twin_is_shown_and_every_source_of_the_figure_cited_best_grade_first() -> None:
    # the release rounds (31.8), another site states it exactly (31.782): one figure, shown exactly
    obs = shown([
        ("blog", 31.782, "capex was RMB31,782 million", None),
        ("release", 31.8, "capex of RMB31.8 billion", None),
        ("robot", 31.78, "capex 31.78 billion yuan", None),
    ])  # fmt: skip
    row = preferred(obs)
    assert (row["value"], row["source"]) == (31.782, "blog")
    assert row["cited_by"] == ("release", "blog", "robot")
    assert row["also_stated_by"] == "Alibaba Group (company release or filing); Robot Press (machine-written)"
    assert not row["machine_only"]
    assert conflicts(obs).empty  # twins are one figure, not a disagreement
    [twins] = rounding_twins(obs).to_dict("records")
    assert (twins["value"], twins["other_values"]) == (31.782, "31.78, 31.8")
    text = citation("Capex", row).tooltip
    assert "Source: Blog Press, blog on the December quarter (other site)" in text
    assert "Also stated by: Alibaba Group (company release or filing); Robot Press (machine-written)" in text


def test_a_release_beats_a_newer_blog_that_differs() -> None:
    obs = shown([("blog", 31.4, "capex reached 31.4 billion yuan", None), ("release", 31.78, "capex RMB31.78 billion", None)])
    row = preferred(obs)
    assert (row["value"], row["source"]) == (31.78, "release")
    found = conflicts(obs)
    assert found["kind"].tolist() == ["values differ", "values differ"]
    assert found["value"].tolist() == [31.78, 31.4]  # the shown figure first


def test_between_figures_of_one_grade_the_newer_source_wins() -> None:
    obs = shown([("robot", 30.0, "capex of 30 billion yuan", None), ("robot_two", 31.0, "capex of 31 billion yuan", None)])
    assert preferred(obs)["source"] == "robot_two"


def test_a_machine_written_figure_is_never_shown_over_a_better_sources_figure() -> None:
    # different figures: the outlet's wins though the machine-written one is newer and more exact
    obs = shown([("robot", 41.634, "capex of 41.634 billion yuan", None), ("outlet", 41.9, "capex of 41.9 billion yuan", None)])
    assert preferred(obs)["source"] == "outlet"
    # the same figure: the machine-written value is more exact, but a better source states it, so
    # the outlet's rounding is shown and the machine-written source is only cited with it
    obs = shown([("robot", 41.634, "capex of 41.634 billion yuan", None), ("outlet", 41.6, "capex of 41.6 billion yuan", None)])
    row = preferred(obs)
    assert (row["value"], row["source"], row["cited_by"]) == (41.6, "outlet", ("outlet", "robot"))
    assert not row["machine_only"]


def test_a_figure_only_machine_written_sources_state_is_shown_and_says_so() -> None:
    obs = shown([("robot", 26.9, "capex totaling 26.9 billion RMB", None)])
    row = preferred(obs)
    assert row["machine_only"] and row["grade_label"] == "machine-written"
    assert "machine-written, and no better source states this figure" in citation("Capex", row).tooltip


def test_twins_whose_growth_differs_are_one_figure_with_a_growth_disagreement() -> None:
    obs = shown([
        ("blog", 31.501, "capex of 31.501 billion yuan, up 80.1%", 80.1),
        ("outlet", 31.5, "capex of 31.5 billion yuan, up 87%", 87),
    ])  # fmt: skip
    found = conflicts(obs)
    assert set(found["kind"]) == {"growth differs"}
    assert preferred(obs)["value"] == 31.501
    # growth rates that are each other's rounding (9.7 and 10) are no disagreement
    calm = shown([("blog", 31.501, "capex 31.501 billion, up 9.7%", 9.7), ("outlet", 31.5, "capex 31.5 billion, up 10%", 10)])
    assert conflicts(calm).empty


@pytest.mark.parametrize(
    ("a", "b", "twins"),
    [(26.5, 26.549, True), (26.549, 26.5, True), (31.4, 31.78, False), (120.0, 126.5, False), (31.8, 31.78, True),
     (10.0, 10.0, True), (25.12, 25.123, True), (25.12, 25.126, False)],
)  # fmt: skip
def test_rounding_twins(a: float, b: float, twins: bool) -> None:
    assert are_twins(a, b) is twins


def test_decimals_and_distinct_figures() -> None:
    assert [decimals(v) for v in (26.549, 26.5, 380.0, 0.086)] == [3, 1, 0, 3]
    assert distinct_figures([80.1, 80, 87]) == 2
    assert distinct_figures([]) == 0


def test_rule_on_claims_directly() -> None:
    claims = [Claim(31.4, 3, 20, 1, 0), Claim(31.78, 2, 10, 2, 1), Claim(31.8, 4, 30, 3, 2)]
    ruling = rule(claims)
    assert ruling.preferred == 1
    assert ruling.figure_of == {1: 0, 2: 0, 0: 1}
    assert ruling.cited_by == {0: (1, 2), 1: (0,)}


@pytest.mark.parametrize(
    ("grade_line", "message"),
    [
        ("", "metrics.yaml:10:3: sources.release.grade: missing required key 'grade'"),
        (
            "    grade: 5",
            "grade must be one of 1 company release or filing, 2 major outlet or data service, 3 other site, "
            "4 machine-written; got 5",
        ),
        (
            "    grade: '1'",
            "grade must be one of 1 company release or filing, 2 major outlet or data service, 3 other site, "
            "4 machine-written; got '1'",
        ),
    ],
)
def test_every_source_needs_a_grade_from_the_list(grade_line: str, message: str) -> None:
    text = store_text([("release", 31.78, "capex RMB31.78 billion", None)]).replace("    grade: 1", grade_line, 1)
    with pytest.raises(StoreError) as info:
        load_store_bytes(text.encode(), "metrics.yaml", dt.date.today())
    assert any(message in str(p) for p in info.value.problems), [str(p) for p in info.value.problems]
