"""`python -m loaders merge`: a draft added by inserting lines, validated first, the old file backed up,
written in one rename; refusals and differing values."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from loaders import cli, merge
from loaders.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small_store.yaml"

DRAFT = """\
sources:
  tfp_results_fy26_q3:
    title: Fixture results for the December quarter 2025
    issuer: alibaba
    kind: results_announcement
    url: https://example.com/fixture-results-q3
    published: '2026-02-20'
    accessed: '2026-02-21'
    grade: 1
metrics:
  cloud_revenue:
    observations:
    - period: FY2026Q3
      value: 18.2
      yoy_pct: 43
      source: tfp_results_fy26_q3
      quote: Fixture cloud revenue was RMB18,200 million, an increase of 43% year-over-year
  group_revenue:
    observations:
    - period: FY2026Q3
      value: 150
      source: tfp_results_fy26_q3
      quote: "Fixture group revenue was RMB150,000 million"
"""


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "metrics.yaml"
    shutil.copyfile(SMALL, path)
    return path


def _draft(tmp_path: Path, text: str = DRAFT) -> Path:
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _today():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date.today()


def test_merge_only_adds_lines_and_the_store_holds_the_draft(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = store.read_text(encoding="utf-8")
    assert cli.main(["merge", str(_draft(tmp_path)), "--store", str(store)]) == 0
    after = store.read_text(encoding="utf-8")
    ops = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} == {"equal", "insert"}  # every old line is there, in order
    loaded = open_store(store, _today()).model
    cloud = loaded.metrics["cloud_revenue"].observations[-1]
    assert (cloud.period, cloud.value, cloud.yoy_pct, cloud.source) == ("FY2026Q3", 18.2, 43, "tfp_results_fy26_q3")
    assert loaded.sources["tfp_results_fy26_q3"].grade == 1
    assert "added 2 observation(s), 1 source(s)" in capsys.readouterr().out


def test_the_old_store_is_kept_in_data_backups(store: Path, tmp_path: Path) -> None:
    before = store.read_bytes()
    assert cli.main(["merge", str(_draft(tmp_path)), "--store", str(store)]) == 0
    backups = list((store.parent / "data" / "backups").iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == before


def test_a_write_killed_halfway_leaves_the_old_store_intact(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = store.read_bytes()
    real_fsync = os.fsync

    def killed(fd: int) -> None:  # the new text is half on disk when the process dies
        real_fsync(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(merge.os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        merge.merge(store, _draft(tmp_path), _today(), __import__("datetime").datetime(2026, 12, 7, 6, 0))
    assert store.read_bytes() == before
    assert [p.name for p in store.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_an_observation_already_in_the_store_is_refused_and_nothing_written(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = _draft(tmp_path)
    assert cli.main(["merge", str(draft), "--store", str(store)]) == 0
    once = store.read_bytes()
    assert cli.main(["merge", str(draft), "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert "cloud_revenue: FY2026Q3 (reported) from tfp_results_fy26_q3 is already in the store" in err
    assert "nothing written" in err
    assert store.read_bytes() == once


def test_a_differing_value_is_listed_and_kept_beside_the_stored_one(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = DRAFT.replace("FY2026Q3\n      value: 18.2", "FY2026Q2\n      value: 18.2")
    assert cli.main(["merge", str(_draft(tmp_path, text)), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "differs: cloud_revenue FY2026Q2 (reported): draft 18.2 from tfp_results_fy26_q3 beside stored 16.1" in out
    values = sorted(
        o.value for o in open_store(store, _today()).model.metrics["cloud_revenue"].observations if o.period == "FY2026Q2"
    )
    assert values == [16.1, 18.2]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("RMB18,200 million", "RMB18,900 million"), "does not contain"),  # a quote without its value
        (("  cloud_revenue:\n", "  cloud_revenue_typo:\n"), "the store has no metric 'cloud_revenue_typo'"),
        (("source: tfp_results_fy26_q3\n      quote: Fixture cloud", "source: nowhere\n      quote: Fixture cloud"), "nowhere"),
    ],
)
def test_an_invalid_draft_is_refused_with_the_reason(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], message: str
) -> None:
    before = store.read_bytes()
    assert cli.main(["merge", str(_draft(tmp_path, DRAFT.replace(*change))), "--store", str(store)]) == 1
    assert message in capsys.readouterr().err
    assert store.read_bytes() == before
    assert not (store.parent / "data" / "backups").exists()


def test_a_new_metric_with_its_definition_is_appended_whole(store: Path, tmp_path: Path) -> None:
    text = DRAFT + (
        "  fixture_new_metric:\n    name: Fixture new metric\n    unit: RMB_bn\n    category: group\n"
        "    description: A metric first defined in a draft.\n    observations:\n    - period: FY2026Q3\n"
        "      value: 1.5\n      source: tfp_results_fy26_q3\n      quote: Fixture new metric was RMB1,500 million\n"
    )
    assert cli.main(["merge", str(_draft(tmp_path, text)), "--store", str(store)]) == 0
    assert open_store(store, _today()).model.metrics["fixture_new_metric"].observations[0].value == 1.5
