"""The store is shared and hand-edited: whatever bytes it holds, loading returns a Store or raises
StoreError (never another exception), quickly, and never constructs or runs anything."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import StoreError, open_store
from loaders.errors import Problem
from loaders.schema import Store
from loaders.store import load_store_bytes
from loaders.yaml_source import MAX_BYTES, MAX_DEPTH, MAX_NODES

ROOT = Path(__file__).resolve().parent.parent

VALID = """\
version: 2

default_subject: alibaba   # the company a metric or event is about where it does not say

companies:
  alibaba:
    name: Alibaba Group
    tickers: [BABA, 9988.HK]
    fiscal_year_end_month: 3   # the fiscal year ends 31 March: FY2026Q1 = Apr-Jun 2025
    currency: RMB

sources:
  ali_fy26q2:
    title: "Alibaba Group Announces September Quarter 2025 Results"
    issuer: alibaba
    url: https://www.alibabagroup.com/en-US/ir-financial-reports
    published: 2025-11-25
    accessed: 2026-11-20
    kind: results_announcement
    grade: 1

metrics:
  cloud_revenue:
    name: "Cloud Intelligence Group revenue"
    unit: RMB_bn
    category: cloud
    description: "Revenue of the Cloud Intelligence Group."
    observations:
      - period: FY2026Q2
        value: 39.824
        yoy_pct: 34
        source: ali_fy26q2
        quote: "Cloud Intelligence Group revenue was RMB39,824 million (US$5,594 million), an increase of 34%"

plans:
  ai_capex_plan:
    metric: cloud_revenue
    tracks: cloud_revenue
    horizon_years: 3
    announced: 2025-02-24
    source: ali_fy26q2
    quote: "over the next three years"

events:
  - id: results_fy26q2
    date: 2025-11-25
    title: "September quarter 2025 results"
    category: results
    reports: FY2026Q2
    source: ali_fy26q2
    quote: "Alibaba Group Announces September Quarter 2025 Results"
"""
VALID_LINES = VALID.splitlines(keepends=True)


def line_no(text: str) -> int:
    return VALID[: VALID.index(text)].count("\n") + 1


def outcome(raw: bytes) -> Store | StoreError:
    """Load raw bytes; anything but a Store or a StoreError fails the test (pytest shows the exception)."""
    try:
        return load_store_bytes(raw, "metrics.yaml", dt.date.today())
    except StoreError as exc:
        assert exc.problems, "a StoreError must name at least one problem"
        for p in exc.problems:
            assert isinstance(p, Problem)
            assert p.file == "metrics.yaml"
            assert p.line >= 1
            assert p.column >= 1
            assert p.message
            assert "\n" not in str(p), "one problem, one line"
            assert len(str(p)) < 2_000
        return exc


def problems(raw: bytes | str) -> list[str]:
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    result = outcome(raw)
    assert isinstance(result, StoreError), "expected the store to be refused"
    return [str(p) for p in result.problems]


def timed(raw: bytes | str, limit: float = 2.0) -> list[str]:
    start = time.perf_counter()
    found = problems(raw)
    elapsed = time.perf_counter() - start
    assert elapsed < limit, f"took {elapsed:.2f}s"
    return found


def test_the_template_is_valid() -> None:
    assert isinstance(outcome(VALID.encode()), Store)


# --- property tests ---------------------------------------------------------------------------------

FAST = settings(deadline=2000, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2048))
def test_any_bytes_load_or_raise_store_error(raw: bytes) -> None:
    outcome(raw)


YAML_TOKENS = [
    "\n", "\n  ", "\n    ", " ", "  ", ": ", ":", "- ", "-", "? ", "[", "]", "{", "}", ",", "#", "'", '"', "|", ">",
    "|-", "&a ", "*a", "&b ", "*b", "!", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!timestamp ",
    "!!binary ", "!!set ", "!!omap ", "!!map ", "!!seq ", "!!python/object/apply:os.system ", "!!python/name:os.system ",
    "!<tag:yaml.org,2002:python/object/new:os.system> ", "!foo ", "%YAML 1.1\n", "%TAG ! tag:yaml.org,2002:\n", "---\n",
    "...\n", "<<", "=", "~", "null", "yes", "no", "on", "true", ".nan", ".inf", "-.inf", "0x1F", "0o17", "1:20", "1_000",
    "1e+999", "-1", "0", "39.824", "2025-11-25", "2025-02-30", "2025-11-25 10:00:00", "0000-01-01", "9999-12-31",
    "FY2026Q2", "FY2026Q5", "TTM to FY2026Q2", "CY2025", "version", "sources", "metrics", "plans", "events",
    "observations", "period", "value", "quote", "source", "unit", "RMB_bn", "\t", "\r", "\ufeff", "\x00", "\x01", "\x85",
    "\u2028", "\ud7ff", "😀", "亿", "\\", "\\x00", "%",
]  # fmt: skip


@FAST
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join))
def test_any_yaml_ish_text_loads_or_raises_store_error(text: str) -> None:
    outcome(text.encode("utf-8", "surrogatepass"))


@FAST
@given(
    st.integers(min_value=0, max_value=len(VALID_LINES)),
    st.integers(min_value=0, max_value=2),
    st.lists(st.sampled_from(YAML_TOKENS), max_size=12).map("".join),
)
def test_a_valid_store_with_any_splice_loads_or_raises_store_error(at: int, drop: int, insert: str) -> None:
    # replace 0-2 lines of a valid store with YAML-ish text: reaches the schema and whole-store checks
    text = "".join(VALID_LINES[:at]) + insert + "".join(VALID_LINES[at + drop :])
    outcome(text.encode("utf-8", "surrogatepass"))


ANY_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats()
    | st.text(max_size=30)
    | st.dates()
    | st.sampled_from(["FY2026Q2", "FY2030Q1", "2025-02-30", "ali_fy26q2", "RMB_bn", "cloud", "news", "https://x.org"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
OBSERVATION_KEYS = ["period", "value", "yoy_pct", "basis", "source", "quote", "note", "bogus"]


@FAST
@given(st.dictionaries(st.sampled_from(OBSERVATION_KEYS), ANY_VALUE, max_size=8), ANY_VALUE, ANY_VALUE)
def test_any_field_values_load_or_raise_store_error(observation: dict, published, unit) -> None:
    data = yaml.safe_load(VALID)
    data["metrics"]["cloud_revenue"]["observations"].append(observation)
    data["sources"]["ali_fy26q2"]["published"] = published
    data["metrics"]["cloud_revenue"]["unit"] = unit
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    outcome(raw)


# --- aliases, tags and code execution ----------------------------------------------------------------

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)


def test_billion_laughs_is_refused_quickly() -> None:
    assert timed(BILLION_LAUGHS, limit=1.0) == ["metrics.yaml:1:4: anchor &a is not allowed: the store does not use aliases"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: *a\n", "metrics.yaml:1:4: alias *a is not allowed: write the value out (aliases can expand without bound)"),
        (VALID.replace("kind: results_announcement", "kind: &k results_announcement"), "anchor &k is not allowed"),
        (VALID.replace("  ali_fy26q2:\n", "  ali_fy26q2: &src\n", 1), "anchor &src is not allowed"),
        ("a: {x: 1}\nb:\n  <<: {y: 2}\n", "metrics.yaml:3:3: merge key '<<' is not allowed: write the keys out"),
    ],
)
def test_anchors_aliases_and_merge_keys_are_refused(text: str, expected: str) -> None:
    [found] = timed(text)
    assert expected in found


def command_tags(marker: Path) -> list[str]:
    cmd = f'["touch {marker}"]'
    return [
        f"!!python/object/apply:os.system {cmd}",
        f"!!python/object/new:os.system {cmd}",
        f"!<tag:yaml.org,2002:python/object/apply:os.system> {cmd}",
        f"!!python/object/apply:subprocess.call [[touch, {marker}]]",
        "!!python/name:os.system",
        "!!python/module:os",
    ]


def test_python_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for tagged in command_tags(marker):
        for text in (
            f"{tagged}\n",  # the whole document
            VALID.replace('title: "Alibaba Group Announces September Quarter 2025 Results"', f"title: {tagged}"),
            f"version: 1\n? {tagged}\n: x\n",  # as a key
        ):
            found = timed(text)
            assert len(found) == 1
            assert "is not allowed: the store holds plain values only" in found[0]
            assert "!!python/" in found[0]
    # a %TAG directive that makes `!` mean a python tag, and a tagged mapping
    found = timed(f'%TAG ! tag:yaml.org,2002:python/object/apply:\n---\n!os.system ["touch {marker}"]\n')
    assert "!!python/object/apply:os.system is not allowed" in found[0]
    found = timed(f'a: !!python/object/apply:os.system {{args: ["touch {marker}"]}}\n')
    assert "!!python/object/apply:os.system is not allowed" in found[0]
    assert not marker.exists()


def test_python_tag_never_runs_through_the_cli(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    store = tmp_path / "metrics.yaml"
    store.write_text(f'version: 1\nsources: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "validate", str(store)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == (
        f"{store}:2:10: tag !!python/object/apply:os.system is not allowed: the store holds plain values only\n"
    )
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!foo bar", "!!str [1]"])
def test_other_constructing_tags_are_refused(tag: str) -> None:
    [found] = timed(f"a: {tag}\n")
    assert "is not allowed: the store holds plain values only" in found


@pytest.mark.parametrize("text", ["a: !!timestamp x\n", "a: !!bool x\n", "a: !!int x\n", "a: !!float x\n"])
def test_explicit_tags_on_bad_text_are_store_errors(text: str) -> None:
    [found] = timed(text)
    assert "is not a valid" in found


# --- nesting, size and long lines --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "[" * 10_000,  # never closed
        "{a: " * 10_000 + "}" * 10_000,
        "- " * 10_000 + "x",
        "".join(" " * i + "k:\n" for i in range(1_000)),  # block mappings, one level per line
    ],
    ids=["flow-lists", "unclosed", "flow-maps", "block-lists", "block-maps"],
)
def test_deep_nesting_is_a_store_error_not_a_recursion_error(text: str) -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # the reader must not recurse per level at all
    try:
        [found] = timed(text)
    finally:
        sys.setrecursionlimit(limit)
    assert found.endswith(f"nesting deeper than {MAX_DEPTH} levels")


def test_nesting_up_to_the_limit_is_read() -> None:
    # 29 nested lists under three levels of the store still parse (and then fail the schema, not the reader)
    text = VALID.replace("kind: results_announcement", "kind: " + "[" * (MAX_DEPTH - 3) + "]" * (MAX_DEPTH - 3))
    [found] = timed(text)
    assert "sources.ali_fy26q2.kind" in found
    assert "nesting" not in found


def test_a_one_megabyte_comment_line_is_fine() -> None:
    raw = ("# " + "x" * 1_000_000 + "\n" + VALID).encode()
    start = time.perf_counter()
    assert isinstance(outcome(raw), Store)
    assert time.perf_counter() - start < 2.0


def test_a_one_megabyte_quote_is_refused_with_a_short_message() -> None:
    text = VALID.replace('quote: "Cloud', 'quote: "' + "y" * 1_000_000 + " Cloud")
    assert timed(text) == [
        f"metrics.yaml:{line_no('        quote:')}:9: metrics.cloud_revenue.observations[0].quote: is longer than 2000 characters"
    ]


def test_a_one_megabyte_number_is_refused_with_a_short_message() -> None:
    [found] = timed(VALID.replace("value: 39.824", "value: " + "1" * 1_000_000))
    assert found.startswith(f"metrics.yaml:{line_no('        value:')}:16: '1111")
    assert "(1,000,002 characters) is not a valid int" in found


def test_many_tiny_nodes_are_cut_off_quickly() -> None:
    raw = b"[" + b"a," * (MAX_NODES + 10) + b"]"
    assert len(raw) < MAX_BYTES
    [found] = timed(raw, limit=5.0)
    assert f"document has more than {MAX_NODES:,} nodes" in found


def test_bytes_over_the_size_limit_are_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parsing(text: str):
        raise AssertionError("parsed a file over the size limit")

    monkeypatch.setattr("loaders.store.parse", no_parsing)
    found = timed(b"#" * (MAX_BYTES + 1))
    assert found == [f"metrics.yaml:1:1: file is {MAX_BYTES + 1:,} bytes, over the limit of {MAX_BYTES:,} bytes"]


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "metrics.yaml"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: MAX_BYTES + 1 NULs
    read_bytes = Path.read_bytes

    def guarded(self: Path) -> bytes:
        if self == big:
            raise AssertionError("read a file over the size limit")
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    with pytest.raises(StoreError) as info:
        open_store(big, dt.date.today())
    assert str(info.value) == f"{big}:1:1: file is {MAX_BYTES + 1:,} bytes, over the limit of {MAX_BYTES:,} bytes"


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "metrics.yaml"
    path.write_bytes(VALID.encode() + b"#" * (MAX_BYTES - len(VALID.encode())))
    assert path.stat().st_size == MAX_BYTES
    assert open_store(path, dt.date.today()).model.metrics["cloud_revenue"].observations[0].value == 39.824


def test_a_missing_file_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        open_store(tmp_path / "nope.yaml", dt.date.today())
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}:1:1: file not found"


# --- encodings -------------------------------------------------------------------------------------


def test_a_utf8_bom_is_accepted() -> None:
    with_bom = outcome(b"\xef\xbb\xbf" + VALID.encode())
    assert isinstance(with_bom, Store)
    assert with_bom == outcome(VALID.encode())
    # and lines still count from the first line of text
    found = problems(b"\xef\xbb\xbf" + VALID.replace("unit: RMB_bn", "unit: RMB_mn").encode())
    assert found[0].startswith(f"metrics.yaml:{line_no('    unit:')}:5: metrics.cloud_revenue.unit: unknown unit")


CONTROL = "is not allowed in YAML (control characters are not allowed)"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("title: café\n".encode("latin-1"), "metrics.yaml:1:11: file is not valid UTF-8 (byte 0xe9 at offset 10)"),
        ("version: 1".encode("utf-16"), "metrics.yaml:1:1: file is not valid UTF-8 (byte 0xff at offset 0)"),
        (b"a: b\nc: d\x00e\n", "metrics.yaml:2:5: file contains a NUL character: it is binary, not YAML"),
        (b"", "metrics.yaml:1:1: file is empty"),
        (b" \n\t\n", "metrics.yaml:1:1: file is empty"),
        (b"\xef\xbb\xbf", "metrics.yaml:1:1: file is empty"),
        (b"a: b\nc: d\x01e\n", f"metrics.yaml:2:5: character U+0001 {CONTROL}"),
        ("名前: 价\x7f".encode(), f"metrics.yaml:1:6: character U+007F {CONTROL}"),  # columns count characters
    ],
)
def test_bytes_that_are_not_yaml_text(raw: bytes, expected: str) -> None:
    assert timed(raw) == [expected]


# --- duplicate keys, at every level ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "duplicate", "where", "first"),
    [
        ("version: 2\n", "version: 2\n", "version", "version: 2"),
        ("    kind: results_announcement\n", "  ali_fy26q2:\n    title: x\n", "sources.ali_fy26q2", "  ali_fy26q2:"),
        ("    kind: results_announcement\n", "    title: again\n", "sources.ali_fy26q2.title", "    title:"),
        ('34%"\n', "  cloud_revenue:\n    name: x\n", "metrics.cloud_revenue", "  cloud_revenue:"),
        ("    unit: RMB_bn\n", "    unit: USD_bn\n", "metrics.cloud_revenue.unit", "    unit:"),
        ("        value: 39.824\n", "        value: 39.8\n", "metrics.cloud_revenue.observations[0].value", "        value:"),
        ("    horizon_years: 3\n", "    horizon_years: 4\n", "plans.ai_capex_plan.horizon_years", "    horizon_years:"),
    ],
    ids=["top", "sources", "a-source", "metrics", "a-metric", "an-observation", "a-plan"],
)
def test_duplicate_keys_are_refused_at_every_level(after: str, duplicate: str, where: str, first: str) -> None:
    assert VALID.count(after) == 1
    text = VALID.replace(after, after + duplicate)
    at = line_no(after) + 1  # the duplicate comes after the first
    key = duplicate.split(":")[0].strip()
    column = len(duplicate) - len(duplicate.lstrip()) + 1
    assert timed(text) == [f"metrics.yaml:{at}:{column}: {where}: duplicate key '{key}' (first at line {line_no(first)})"]


def test_quoted_and_plain_spellings_of_a_key_are_the_same_key() -> None:
    text = VALID.replace("    kind: results_announcement\n", '    kind: results_announcement\n    "kind": news\n')
    [found] = timed(text)
    assert "sources.ali_fy26q2.kind: duplicate key 'kind'" in found


def test_yaml_11_boolean_words_as_keys_stay_names() -> None:
    # `on:` would be True under YAML 1.1: reported as written, not as 'True'
    [found] = timed(VALID.replace("version: 2\n", "version: 2\non: 1\n"))
    assert found == "metrics.yaml:2:1: on: unknown key 'on'"


# --- numbers and dates must be numbers and dates ------------------------------------------------------


VALUE = "metrics.cloud_revenue.observations[0].value"


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("value: 39.824", 'value: "39.824"', VALUE, "expected a number, got text '39.824'"),
        ("yoy_pct: 34", "yoy_pct: '34'", "metrics.cloud_revenue.observations[0].yoy_pct", "expected a number, got text '34'"),
        ("value: 39.824", "value: 39,824", VALUE, "expected a number, got text '39,824'"),
        ("value: 39.824", "value: RMB39.8bn", VALUE, "expected a number, got text 'RMB39.8bn'"),
        ("value: 39.824", "value: true", VALUE, "expected a number, got true/false True"),
        ("value: 39.824", "value:", VALUE, "no value: expected a number"),
        ("horizon_years: 3", 'horizon_years: "3"', "plans.ai_capex_plan.horizon_years", "expected a number, got text '3'"),
    ],
)
def test_numbers_written_as_text_are_refused(old: str, new: str, where: str, message: str) -> None:
    [found] = timed(VALID.replace(old, new))
    key = old.split(":")[0]
    line = line_no(f"    {key}:") if key == "horizon_years" else line_no(f"        {key}:")
    assert found.endswith(f":{line}:{9 if where.startswith('metrics') else 5}: {where}: {message}"), found


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('"yesterday"', "'yesterday' is not a date in the form YYYY-MM-DD"),
        ('"2025-13-01"', "'2025-13-01' is not a date in the form YYYY-MM-DD"),
        ('"2025-02-30"', "'2025-02-30' is not a date in the form YYYY-MM-DD"),
        ("2025-02-30", "'2025-02-30' is not a date in the form YYYY-MM-DD"),  # unquoted: looks like a date, is not
        ('"2025-W01-1"', "'2025-W01-1' is not a date in the form YYYY-MM-DD"),  # an ISO week date
        ('"20251125"', "'20251125' is not a date in the form YYYY-MM-DD"),
        ("20251125", "20251125 is not a date in the form YYYY-MM-DD"),
        ("0", "0 is not a date in the form YYYY-MM-DD"),  # not 1970-01-01
        ('"25/11/2025"', "'25/11/2025' is not a date in the form YYYY-MM-DD"),
        ('""', "'' is not a date in the form YYYY-MM-DD"),
        ("", "no value: expected a date in the form YYYY-MM-DD"),
    ],
)
def test_dates_that_are_not_dates_are_refused(written: str, message: str) -> None:
    [found] = timed(VALID.replace("published: 2025-11-25", f"published: {written}".rstrip()))
    assert found == f"metrics.yaml:{line_no('    published:')}:5: sources.ali_fy26q2.published: {message}"


def test_a_quoted_real_date_is_a_date() -> None:
    store = outcome(VALID.replace("published: 2025-11-25", 'published: "2025-11-25"').encode())
    assert isinstance(store, Store)
    assert store.sources["ali_fy26q2"].published == dt.date(2025, 11, 25)


def test_a_date_and_time_is_refused() -> None:
    [found] = timed(VALID.replace("published: 2025-11-25", "published: 2025-11-25 10:00:00"))
    assert found == (
        f"metrics.yaml:{line_no('    published:')}:16: '2025-11-25 10:00:00': a date and time; write a date as YYYY-MM-DD"
    )


@pytest.mark.parametrize("period", ['"FY2026Q2\\n"', "FY２０２６Q2", "2025-02-30", "FY2026Q5", "2026"])
def test_periods_that_are_not_periods_are_refused(period: str) -> None:
    [found] = timed(VALID.replace("period: FY2026Q2", f"period: {period}"))
    assert f":{line_no('      - period:')}:9: metrics.cloud_revenue.observations[0].period: " in found
