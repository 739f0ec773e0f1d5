"""Each broken store in tests/bad_stores/ against the exact lines `python -m loaders validate` prints for it.

A case is a pair: NAME.yaml (the broken store, with a comment saying what is wrong where the file
can carry one) and NAME.expected (stdout, one `FILE:LINE:COLUMN: where: message` per problem; a
warning reads `where: warning: message`, and a store with warnings only still validates).
Paths are relative because the command runs from the repository root, as a curator would run it. The
command's own `main` runs in this process; a test elsewhere runs it as a real `python -m loaders`.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from loaders.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "bad_stores"
CASES = sorted(CASES_DIR.glob("*.yaml"))

# Every kind of breakage the validator must report (each one has its own file).
REQUIRED = {
    "syntax_error", "empty", "not_utf8", "nul_byte", "unknown_key", "string_number", "nan_value", "inf_value",
    "duplicate_key_top", "duplicate_key_nested", "duplicate_observation", "unknown_source", "unknown_unit",
    "impossible_period", "impossible_date", "negative_value", "quote_lacks_value", "quote_lacks_yoy",
    "javascript_url", "ftp_url", "alias_bomb", "python_tag", "deep_nesting", "future_period",
    "event_unknown_source", "event_date_and_start", "event_label_too_long", "plan_unknown_metric", "growth_of_wrong",
    "format_1_store", "unknown_kind", "machine_written_graded_2", "source_without_link", "results_reports_not_quarter",
    "estimate_without_provider", "subject_not_a_company",
}  # fmt: skip
# cases whose problems are warnings: printed the same way, and the store still loads (exit 0);
# no rule is a warning today (a source without a link became an error once every source had one)
WARNING_ONLY: set[str] = set()


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_validate(relative: str) -> Run:
    """`python -m loaders validate PATH`, in this process: the command's own main, its own output."""
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["validate", relative])
    finally:
        os.chdir(cwd)
    return Run(code, out.getvalue(), err.getvalue())


def test_every_required_case_is_present_and_paired() -> None:
    names = {p.stem for p in CASES}
    assert not REQUIRED - names, f"missing bad stores: {sorted(REQUIRED - names)}"
    expected = {p.stem for p in CASES_DIR.glob("*.expected")}
    assert names == expected, f"unpaired files: {sorted(names ^ expected)}"


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_validate_prints_exactly_the_expected_problems(case: Path) -> None:
    relative = case.relative_to(ROOT).as_posix()
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    assert expected.strip(), "an .expected file must name at least one problem"
    assert all(line.startswith(f"{relative}:") for line in expected.splitlines())

    result = run_validate(relative)

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == (0 if case.stem in WARNING_ONLY else 1), (result.returncode, result.stdout, result.stderr)
    assert result.stdout == expected
    assert (": warning: " in expected) == (case.stem in WARNING_ONLY)


def test_python_tag_case_does_not_run_its_command() -> None:
    marker = Path("/tmp/bad_stores_pwned")  # the path the python_tag case tries to touch
    marker.unlink(missing_ok=True)
    result = run_validate("tests/bad_stores/python_tag.yaml")
    assert result.returncode == 1
    assert not marker.exists()


def test_a_valid_store_exits_zero(tmp_path: Path) -> None:
    """The other side of the pairs above: the template the cases are cut from is itself valid."""
    text = (CASES_DIR / "unknown_source.yaml").read_text(encoding="utf-8").replace("source: nope", "source: ali_fy26q2")
    store = tmp_path / "metrics.yaml"
    store.write_text(text, encoding="utf-8")
    result = run_validate(str(store))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith(f"{store}: valid: 1 metrics, 1 observations, 1 sources")
