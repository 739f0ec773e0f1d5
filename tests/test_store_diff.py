"""`python -m loaders diff OLD NEW`: values added, changed and removed, derived growth and shown values."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders import cli

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small_store.yaml"

NEW_SOURCE = """
  tfp_other:
    title: Fixture article
    issuer: Fixture Times
    kind: article
    url: https://example.com/fixture-article
    published: '2025-11-20'
    accessed: '2025-11-21'
    grade: 2
"""


def _edited(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "old.yaml"
    shutil.copyfile(SMALL, old)
    text = old.read_text(encoding="utf-8")
    # a value corrected, a value removed, a new quarter added, and a better-graded source beside a figure
    cloud = (
        "      value: {}\n      yoy_pct: {}\n      source: tfp_results_fy26\n      quote: Fixture cloud revenue was RMB{} million"
    )
    text = text.replace(cloud.format(16.1, 40, "16,100"), cloud.format(16.2, 41, "16,200"))
    text = text.replace(
        cloud.format(16.2, 41, "16,200") + ", an increase of 40%", cloud.format(16.2, 41, "16,200") + ", an increase of 41%"
    )
    group = (
        "    - period: FY2026Q2\n      value: 140\n      source: tfp_results_fy26\n"
        "      quote: Fixture group revenue was RMB140,000 million\n"
    )
    text = text.replace(group, "")
    text = text.replace(
        "      quote: Fixture group revenue was RMB130,000 million\n",
        "      quote: Fixture group revenue was RMB130,000 million\n"
        "    - period: FY2025Q1\n      value: 101\n      source: tfp_other\n      quote: group revenue of RMB101 billion\n",
    )
    text = text.replace("\nmetrics:\n", NEW_SOURCE + "\nmetrics:\n", 1)
    new = tmp_path / "new.yaml"
    new.write_text(text, encoding="utf-8")
    return old, new


def test_the_changelog_names_every_kind_of_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _edited(tmp_path)
    assert cli.main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "Values added (1):\n  + group_revenue FY2025Q1 from tfp_other: 101 RMB_bn" in out
    assert "  ~ cloud_revenue FY2026Q2 from tfp_results_fy26: value 16.1 -> 16.2; yoy_pct 40 -> 41; quote reworded" in out
    assert "Values removed (1):\n  - group_revenue FY2026Q2 from tfp_results_fy26: 140 RMB_bn" in out
    assert "  * group_revenue FY2026Q2: no longer shown (was 140 from tfp_results_fy26)" in out
    # cloud FY2026Q2 over FY2025Q2: 16.1/11.5 -> 16.2/11.5
    assert "  = cloud_revenue FY2026Q2 growth on a year before (derived): +40.0% -> +40.9%" in out
    # group FY2026Q2 over FY2025Q2 is no longer worked out
    assert "  = group_revenue FY2026Q2 growth on a year before (derived): no longer worked out (was +27.3%)" in out


def test_a_better_graded_new_source_changes_the_value_shown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _edited(tmp_path)
    own = NEW_SOURCE.replace("Fixture Times\n    kind: article", "alibaba\n    kind: results_announcement").replace(
        "grade: 2", "grade: 1"
    )
    text = new.read_text(encoding="utf-8").replace(NEW_SOURCE, own)
    new.write_text(text, encoding="utf-8")
    assert cli.main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "  * group_revenue FY2025Q1: shows 101 from tfp_other instead of 100 from tfp_results_fy25" in out
    assert "  = group_revenue FY2026Q1 growth on a year before (derived): +30.0% -> +28.7%" in out


def test_the_same_store_has_no_change_and_a_bad_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["diff", str(SMALL), str(SMALL)]) == 0
    assert "no change in any value" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 2\nsources: [\n", encoding="utf-8")
    assert cli.main(["diff", str(SMALL), str(bad)]) == 1
    assert "bad.yaml" in capsys.readouterr().err
