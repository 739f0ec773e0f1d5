"""The curation workflow: gaps report, new-quarter stubs (printed, never written) and freshness."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from loaders.calendar import TODAY_ENV
from loaders.curation import (
    GAP_COLUMNS,
    QuarterCodeError,
    check_quarter_code,
    data_as_of,
    freshness,
    freshness_line,
    gaps_frame,
    new_quarter_notes,
    new_quarter_template,
    overdue_quarters,
    staleness_notice,
    store_latest_quarter,
)
from loaders.frames import build_frames
from loaders.paths import STORE_ENV
from loaders.store import open_store

ROOT = Path(__file__).resolve().parents[1]
HOLES = Path(__file__).parent / "curation_data" / "holes.yaml"
CLI_TODAY = "2026-04-01"  # the day the CLI tests measure against: FY2026Q3 overdue, FY2026Q4 not yet due
QUARTERLY = ["group_revenue", "cloud_revenue", "capex", "cloud_revenue_consensus"]  # in file order


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A copy of the small store with known holes, in a fresh directory as metrics.yaml."""
    path = tmp_path / "metrics.yaml"
    shutil.copyfile(HOLES, path)
    return path


@pytest.fixture
def frames(store_path: Path):
    return build_frames(open_store(store_path, dt.date.today()))


def run_cli(*args: str, cwd: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), TODAY_ENV: CLI_TODAY}
    env.pop(STORE_ENV, None)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


# --- gaps ---------------------------------------------------------------------------------------


def test_latest_quarter_ignores_estimates(frames):
    assert store_latest_quarter(frames.observations) == "FY2026Q2"


def test_gaps_frame_finds_the_known_holes(frames):
    gaps = gaps_frame(frames.observations).set_index("metric")
    assert list(gaps.reset_index().columns) == GAP_COLUMNS
    assert list(gaps.index) == QUARTERLY  # the point-in-time metric is not quarterly

    cloud = gaps.loc["cloud_revenue"]
    assert (cloud.first_period, cloud.last_period, cloud.observed) == ("FY2025Q1", "FY2026Q1", 4)
    assert cloud.missing_inside == ["FY2025Q3"]
    assert cloud.missing_to_latest == ["FY2026Q2"]
    assert cloud.stale

    capex = gaps.loc["capex"]
    assert capex.missing_inside == ["FY2025Q2", "FY2025Q3"]
    assert capex.missing_to_latest == ["FY2026Q1", "FY2026Q2"]
    assert capex.stale

    group = gaps.loc["group_revenue"]
    assert (group.first_period, group.last_period) == ("FY2025Q3", "FY2026Q2")
    assert group.missing_inside == [] and group.missing_to_latest == [] and not group.stale

    estimate = gaps.loc["cloud_revenue_consensus"]
    assert estimate.last_period == "FY2026Q3" and not estimate.stale and estimate.missing_to_latest == []
    assert gaps["name"].loc["capex"] == "Capital expenditure"


def test_gaps_frame_against_a_given_latest_quarter(frames):
    gaps = gaps_frame(frames.observations, latest="FY2026Q3").set_index("metric")
    assert gaps.loc["group_revenue"].missing_to_latest == ["FY2026Q3"]
    assert gaps.loc["group_revenue"].stale


def test_gaps_frame_of_an_empty_store():
    empty = pd.DataFrame(columns=["metric", "name", "period", "period_kind", "basis", "line"])
    gaps = gaps_frame(empty)
    assert gaps.empty and list(gaps.columns) == GAP_COLUMNS
    assert store_latest_quarter(empty) is None


def test_gaps_cli_reports_and_exits_zero(store_path):
    result = run_cli("gaps", cwd=store_path.parent)  # default path: metrics.yaml in the working directory
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "latest quarter in the store is FY2026Q2" in out
    cloud_block = out[out.index("cloud_revenue ") : out.index("capex ")]
    assert "missing inside its span: FY2025Q3" in cloud_block
    assert "STALE" in cloud_block and "FY2026Q2" in cloud_block
    assert "missing inside its span: FY2025Q2, FY2025Q3" in out
    assert "2 metric(s) with holes, 2 stale, 6 missing metric-quarter(s)" in out
    assert "qwen_downloads" not in out
    assert "Data as of Jul–Sep 2025 (FY26 Q2), no results day held; sources checked 2025-12-01" in out
    # on the fixed today, FY2026Q3's results (due by 21 Mar 2026: the store holds no results day, so
    # 80 days after quarter end) are overdue and said so
    assert "OVERDUE: FY2026Q3 (FY26 Q3, Oct–Dec 2025): results overdue, expected by 2026-03-21 (80 days after" in out
    assert "OVERDUE: FY2026Q4" not in out  # due by 19 Jun 2026, after the fixed today


def test_every_command_reads_the_store_named_by_the_environment(tmp_path):
    # one rule for the command line, the app and the export: $ALIBABA_AI_STORE before metrics.yaml here
    bad = tmp_path / "elsewhere.yaml"
    bad.write_text(
        "version: 2\ndefault_subject: a\ncompanies: {a: {name: A, tickers: [A], fiscal_year_end_month: 3, currency: RMB}}\n"
        "sources: {}\nmetrics: {}\nbogus: 1\n",
        encoding="utf-8",
    )
    here = tmp_path / "here"
    here.mkdir()
    shutil.copyfile(HOLES, here / "metrics.yaml")
    for command in ("validate", "gaps", "dump"):
        result = run_cli(command, cwd=here, extra_env={STORE_ENV: str(bad)})
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert f"{bad}:6:1: bogus: unknown key" in result.stdout + result.stderr, command
    assert run_cli("validate", cwd=here).returncode == 0  # without it, metrics.yaml in the working directory


def test_gaps_cli_invalid_store_exits_one_with_problems(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(HOLES.read_text(encoding="utf-8").replace("value: 12.1\n", "value: 12.7\n"), encoding="utf-8")
    result = run_cli("gaps", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and "quote does not contain the value 12.7" in result.stderr
    assert result.stdout == ""


# --- new-quarter ---------------------------------------------------------------------------------


def test_template_parses_and_names_every_quarterly_metric(frames):
    text = new_quarter_template(frames.observations, "FY2026Q3")
    data = yaml.safe_load(text)
    assert list(data) == ["metrics"]
    assert list(data["metrics"]) == QUARTERLY
    for mid in QUARTERLY:
        (stub,) = data["metrics"][mid]["observations"]
        assert stub == {"period": "FY2026Q3", "value": None, "source": None, "quote": None}


def test_template_hints_with_the_previous_quarter(frames):
    lines = new_quarter_template(frames.observations, "FY2026Q3").splitlines()
    hints = [line.strip() for line in lines if line.strip().startswith("value: null")]
    assert hints[0] == "value: null  # FY26 Q2: 247.795 (ali_results_2025_09)"  # group_revenue
    assert hints[1] == "value: null  # FY26 Q1: 33.398 (ali_results_2025_06)"  # cloud: newest before the quarter
    assert hints[2] == "value: null  # FY25 Q4: 24.6 (ali_results_2025_06)"  # capex
    assert "FY25 Q3 was 280.154" in "\n".join(lines)  # year-ago value for the YoY check


def test_template_flags_a_quarter_already_in_the_store(frames):
    text = new_quarter_template(frames.observations, "FY2026Q2")
    assert "# already in the store for FY2026Q2: 247.795 (ali_results_2025_09)" in text
    assert list(yaml.safe_load(text)["metrics"]) == QUARTERLY


def test_filled_template_validates_once_pasted(store_path, frames):
    """The stubs carry exactly the store's observation keys: filled in and pasted, the store validates."""
    stubs = yaml.safe_load(new_quarter_template(frames.observations, "FY2026Q3"))["metrics"]
    store = yaml.safe_load(store_path.read_text(encoding="utf-8"))
    stub = stubs["cloud_revenue"]["observations"][0]
    stub.update(value=39.824, source="ali_results_2025_09", quote="revenue was RMB39,824 million")
    store["metrics"]["cloud_revenue"]["observations"].append(stub)
    pasted = store_path.with_name("pasted.yaml")
    pasted.write_text(yaml.safe_dump(store, sort_keys=False, allow_unicode=True), encoding="utf-8")
    obs = build_frames(open_store(pasted, today=dt.date(2026, 11, 22))).observations
    assert ((obs["metric"] == "cloud_revenue") & (obs["period"] == "FY2026Q3")).sum() == 1


def test_new_quarter_cli_prints_and_never_writes(store_path):
    before_bytes = store_path.read_bytes()
    before_stat = store_path.stat()
    listing = sorted(p.name for p in store_path.parent.iterdir())

    result = run_cli("new-quarter", "FY2026Q3", str(store_path), cwd=store_path.parent)

    assert result.returncode == 0, result.stderr
    assert list(yaml.safe_load(result.stdout)["metrics"]) == QUARTERLY
    assert store_path.read_bytes() == before_bytes
    after_stat = store_path.stat()
    assert after_stat.st_mtime_ns == before_stat.st_mtime_ns
    assert after_stat.st_size == before_stat.st_size
    assert sorted(p.name for p in store_path.parent.iterdir()) == listing


def test_new_quarter_cli_default_path(store_path):
    result = run_cli("new-quarter", "FY2026Q3", cwd=store_path.parent)
    assert result.returncode == 0, result.stderr
    assert "generated from metrics.yaml" in result.stdout


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("FY2026Q5", "quarters Q1–Q4, not Q5"),
        ("FY2026", "not a fiscal quarter"),
        ("2026Q3", "not a fiscal quarter code"),
        ("Q3 2025", "not a fiscal quarter code"),
        ("TTM to FY2026Q2", "not a fiscal quarter"),
        ("fy2026q3", "not a fiscal quarter code"),
    ],
)
def test_bad_quarter_code_message(code, expected):
    with pytest.raises(QuarterCodeError, match=expected) as info:
        check_quarter_code(code)
    assert "FY2026Q3" in str(info.value)  # says how to write one


def test_bad_quarter_code_cli_exits_two(store_path):
    before = store_path.read_bytes()
    result = run_cli("new-quarter", "FY2026Q5", str(store_path), cwd=store_path.parent)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "new-quarter:" in result.stderr and "Q1–Q4, not Q5" in result.stderr
    assert store_path.read_bytes() == before


def test_new_quarter_notes(frames):
    obs = frames.observations
    assert new_quarter_notes(obs, "FY2026Q3", dt.date(2026, 11, 22)) == []
    (future,) = new_quarter_notes(obs, "FY2026Q3", dt.date(2025, 12, 1))
    assert "after today" in future
    (skip,) = new_quarter_notes(obs, "FY2026Q4", dt.date(2026, 11, 22))
    assert "FY2026Q3 would still be missing" in skip


# --- freshness -----------------------------------------------------------------------------------


def test_freshness_values(frames):
    fresh = freshness(frames.observations, frames.sources, dt.date(2026, 1, 10))
    assert fresh["latest_quarter"] == "FY2026Q2"
    assert fresh["latest_quarter_label"] == "FY26 Q2 (Jul–Sep 2025)"
    assert fresh["latest_quarter_end"] == dt.date(2025, 9, 30)
    assert fresh["days_since_quarter_end"] == 102
    assert fresh["newest_source"] == "ali_results_2025_09"
    assert fresh["newest_published"] == dt.date(2025, 11, 25)
    assert fresh["days_since_published"] == 46
    assert fresh["checked"] == dt.date(2025, 12, 1)  # the newest accessed date of any source
    assert fresh["results_day"] is None  # the store holds no results event
    assert fresh["overdue"] == []  # FY2026Q3's results are due by 21 Mar 2026
    line = freshness_line(fresh)
    assert line == (
        "Data as of Jul–Sep 2025 (FY26 Q2), no results day held; sources checked 2025-12-01; "
        "newest source published 2025-11-25, 46 days ago."
    )
    assert data_as_of(fresh) == "Data as of Jul–Sep 2025 (FY26 Q2), no results day held"


def test_staleness_notice_names_each_overdue_quarter(frames):
    obs = frames.observations
    assert staleness_notice(obs, dt.date(2026, 3, 21)) is None  # FY2026Q3 due that day: not late yet
    assert staleness_notice(obs, dt.date(2026, 3, 22)) == (
        "Results overdue: the quarter ended 31 December 2025 was expected by 21 March 2026 and is not here yet; "
        "newest quarter held: Jul–Sep 2025 (FY26 Q2)."
    )
    assert overdue_quarters(obs, dt.date(2026, 9, 19)) == ["FY2026Q3", "FY2026Q4", "FY2027Q1"]
    assert staleness_notice(obs, dt.date(2026, 9, 19)) == (
        "Results overdue: the quarters ended 31 December 2025, 31 March 2026 and 30 June 2026 are not here yet "
        "(expected by 21 March 2026 to 18 September 2026); newest quarter held: Jul–Sep 2025 (FY26 Q2)."
    )


def test_freshness_of_an_empty_store():
    empty_obs = pd.DataFrame(columns=["metric", "period", "period_kind", "basis"])
    empty_src = pd.DataFrame(columns=["source", "published"])
    fresh = freshness(empty_obs, empty_src, dt.date(2026, 1, 10))
    assert fresh["latest_quarter"] is None and fresh["newest_published"] is None
    assert fresh["overdue"] == []
    assert freshness_line(fresh) == "Data as of: no quarterly data."
