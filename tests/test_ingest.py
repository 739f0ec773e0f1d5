"""`python -m loaders ingest`: the fixture announcements (verbatim sentences and table rows of the
releases the store quotes, with a scraped copy's quirks) read into the figures they state."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from loaders import cli
from loaders.announcement_text import AnnouncementError, read_announcement, text_lines
from loaders.ingest import quarter_of_text, read_announcement_figures
from loaders.store import open_store

ROOT = Path(__file__).resolve().parent.parent
ANNOUNCEMENTS = ROOT / "tests" / "fixtures" / "announcements"
FROZEN = ROOT / "tests" / "fixtures" / "frozen_store.yaml"
URL = "https://www.alibabagroup.com/en-US/document-id-test"

# (metric, period, basis) -> value, yoy_pct, value_usd as each fixture states them
EXPECTED: dict[str, dict[tuple[str, str, str], tuple[float, float | None, float | None]]] = {
    "march_quarter_2026.txt": {  # FT copy: words run together, a loss, a comparative, like-for-like growth
        ("group_revenue", "FY2026Q4", "reported"): (243.38, 3, 35.283),
        ("group_income_from_operations", "FY2026Q4", "reported"): (-0.848, None, -0.123),
        ("group_income_from_operations", "FY2025Q4", "reported"): (28.465, None, None),
        ("group_adjusted_ebita", "FY2026Q4", "reported"): (5.102, -84, 0.74),
        ("group_net_income", "FY2026Q4", "reported"): (23.502, 96, 3.407),
        ("group_revenue_like_for_like_yoy", "FY2026Q4", "reported"): (11, None, None),
        ("ai_product_triple_digit_streak", "FY2026Q4", "reported"): (11, None, None),
        ("customer_management_revenue_yoy", "FY2026Q4", "reported"): (1, None, None),
        ("customer_management_revenue_yoy", "FY2026Q4", "like_for_like"): (8, None, None),
    },
    "december_quarter_2024.txt": {
        ("group_revenue", "FY2025Q3", "reported"): (280.154, 8, 38.381),
        ("group_income_from_operations", "FY2025Q3", "reported"): (41.205, 83, 5.645),
        ("group_adjusted_ebita", "FY2025Q3", "reported"): (54.853, 4, 7.515),
        ("group_net_income", "FY2025Q3", "reported"): (46.434, 333, 6.361),
        ("group_non_gaap_net_income", "FY2025Q3", "reported"): (51.066, 6, 6.996),
        ("group_non_gaap_net_income", "FY2024Q3", "reported"): (47.951, None, None),
        ("customer_management_revenue", "FY2025Q3", "reported"): (100.79, 9, None),
        ("cloud_revenue", "FY2025Q3", "reported"): (31.742, 13, None),
    },
    "june_quarter_2024.txt": {
        ("group_revenue", "FY2025Q1", "reported"): (243.236, 4, 33.47),
        ("group_income_from_operations", "FY2025Q1", "reported"): (35.989, -15, 4.952),
        ("group_adjusted_ebita", "FY2025Q1", "reported"): (45.035, -1, None),
        ("group_net_income", "FY2025Q1", "reported"): (24.022, -27, 3.306),
        ("group_non_gaap_net_income", "FY2025Q1", "reported"): (40.691, -9, 5.599),
        ("group_non_gaap_net_income", "FY2024Q1", "reported"): (44.922, None, None),
        ("group_free_cash_flow", "FY2025Q1", "reported"): (17.372, -56, 2.39),
    },
    "march_quarter_2025.txt": {  # a copy whose US$ figures slipped out of their brackets
        ("group_adjusted_ebita", "FY2025Q4", "reported"): (32.616, None, None),
        ("group_net_income", "FY2025Q4", "reported"): (11.973, 1203, None),
        ("group_non_gaap_net_income", "FY2025Q4", "reported"): (29.847, None, None),
        ("group_non_gaap_net_income", "FY2024Q4", "reported"): (24.418, None, None),
        ("ai_product_triple_digit_streak", "FY2025Q4", "reported"): (7, None, None),
    },
    "december_quarter_2023.txt": {  # lines broken inside sentences
        ("group_revenue", "FY2024Q3", "reported"): (260.348, 5, 36.669),
        ("group_income_from_operations", "FY2024Q3", "reported"): (22.511, -36, 3.171),
        ("group_adjusted_ebita", "FY2024Q3", "reported"): (52.843, 2, 7.443),
        ("group_net_income", "FY2024Q3", "reported"): (10.717, -77, 1.509),
        ("group_operating_cash_flow", "FY2024Q3", "reported"): (64.716, -26, 9.115),
        ("group_operating_cash_flow", "FY2023Q3", "reported"): (87.37, None, None),
        ("group_free_cash_flow", "FY2024Q3", "reported"): (56.54, -31, 7.963),
    },
    "december_quarter_2025_6k.html": {  # the income statement's rows under their headers
        ("group_revenue", "FY2026Q3", "reported"): (284.843, None, None),
        ("group_revenue", "FY2025Q3", "reported"): (280.154, None, None),
        ("group_income_from_operations", "FY2026Q3", "reported"): (10.645, None, None),
        ("group_income_from_operations", "FY2025Q3", "reported"): (41.205, None, None),
    },
}
SEPTEMBER_2025 = {  # the same release as HTML and as a two-column PDF with a segment table
    ("group_revenue", "FY2026Q2", "reported"): (247.795, 5, 34.808),
    ("group_revenue_like_for_like_yoy", "FY2026Q2", "reported"): (15, None, None),
    ("group_income_from_operations", "FY2026Q2", "reported"): (5.365, -85, 0.754),
    ("group_adjusted_ebita", "FY2026Q2", "reported"): (9.073, -78, 1.274),
    ("group_net_income", "FY2026Q2", "reported"): (20.612, -53, 2.895),
    ("ai_product_triple_digit_streak", "FY2026Q2", "reported"): (9, None, None),
    ("cloud_revenue_yoy", "FY2026Q2", "reported"): (34, None, None),
    ("ai_cloud_infrastructure_spend", "TTM to FY2026Q2", "reported"): (120, None, None),
    ("china_ecommerce_revenue", "FY2026Q2", "reported"): (132.578, None, None),
    ("aidc_revenue", "FY2026Q2", "reported"): (34.799, None, None),
    ("cloud_revenue", "FY2026Q2", "reported"): (39.824, None, None),
}
EXPECTED["september_quarter_2025.html"] = SEPTEMBER_2025
EXPECTED["september_quarter_2025.pdf"] = SEPTEMBER_2025


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_announcement_gives_exactly_the_figures_it_states(name: str) -> None:
    reading = read_announcement_figures(ANNOUNCEMENTS / name)
    got = {(f.metric, f.period, f.basis): (f.value, f.yoy_pct, f.value_usd) for f in reading.findings}
    assert got == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_quote_is_the_documents_own_words(name: str) -> None:
    text = _squash(" ".join(line.text for line in read_announcement(ANNOUNCEMENTS / name)))
    for finding in read_announcement_figures(ANNOUNCEMENTS / name).findings:
        assert _squash(finding.quote) in text, finding


def test_a_fiscal_year_total_is_never_the_quarters_figure() -> None:
    reading = read_announcement_figures(ANNOUNCEMENTS / "march_quarter_2025.txt")
    assert not [f for f in reading.findings if f.metric == "cloud_revenue"]
    assert any("fiscal year" in c and "118,028" in c for c in reading.checks)


def test_a_us_dollar_figure_out_of_place_is_never_the_value_and_is_listed() -> None:
    reading = read_announcement_figures(ANNOUNCEMENTS / "march_quarter_2025.txt")
    net = next(f for f in reading.findings if f.metric == "group_net_income")
    assert net.value == 11.973 and net.value_usd is None
    assert any("group_net_income" in c and "US$" in c for c in reading.checks)


def test_a_trailing_four_quarter_sum_is_recorded_for_its_span_and_not_as_capex() -> None:
    reading = read_announcement_figures(ANNOUNCEMENTS / "september_quarter_2025.html")
    assert not [f for f in reading.findings if f.metric == "capex"]
    spend = next(f for f in reading.findings if f.metric == "ai_cloud_infrastructure_spend")
    assert spend.period == "TTM to FY2026Q2" and spend.value == 120


def test_a_recast_comparative_is_offered_as_restated() -> None:
    lines = text_lines(
        "Alibaba Group Announces September Quarter 2026 Results\n\n"
        "Revenue was RMB250,000 million, an increase of 1% compared to RMB247,795 million in the same quarter of 2025, "
        "recast to reflect the new segments."
    )
    from loaders.ingest import read_figures

    findings, _ = read_figures(lines, "FY2027Q2")
    prior = next(f for f in findings if f.period == "FY2026Q2")
    assert (prior.metric, prior.value, prior.basis) == ("group_revenue", 247.795, "restated")


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("financial results for the quarter ended September 30, 2026", "FY2027Q2"),
        ("Alibaba Group Announces September Quarter 2026 Results", "FY2027Q2"),
        ("for the quarter endedJune 30, 2024 and the same quarter of 2023", "FY2025Q1"),
        ("March Quarter 2026 and Fiscal Year 2026 Results", "FY2026Q4"),
        ("no quarter named here", None),
    ],
)
def test_the_quarter_comes_from_the_text(text: str, quarter: str | None) -> None:
    assert quarter_of_text(text_lines(text)) == quarter


def test_a_file_that_is_not_an_announcement_is_refused_with_a_message(tmp_path: Path) -> None:
    fake = tmp_path / "release.pdf"
    fake.write_bytes(b"not a pdf at all")
    with pytest.raises(AnnouncementError, match="not a PDF"):
        read_announcement(fake)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    with pytest.raises(AnnouncementError, match="readable PDF"):
        read_announcement(broken)


def test_the_draft_validates_and_merges_into_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "metrics.yaml"
    shutil.copyfile(FROZEN, store)
    draft = tmp_path / "draft.yaml"
    rc = cli.main(["ingest", str(ANNOUNCEMENTS / "march_quarter_2026.txt"), "--url", URL, "--store", str(store)])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "ali_results_2026_03_2:" in out and "grade: 1" in out and f"url: {URL}" in out
    draft.write_text(out, encoding="utf-8")
    assert cli.main(["merge", str(draft), "--store", str(store)]) == 0
    merged = open_store(store, dt.date.today()).model
    ops = [o for o in merged.metrics["group_income_from_operations"].observations if o.source == "ali_results_2026_03_2"]
    assert sorted((o.period, o.value) for o in ops) == [("FY2025Q4", 28.465), ("FY2026Q4", -0.848)]


def test_a_url_already_in_the_store_reuses_its_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    known = "https://markets.ft.com/data/announce/detail?dockey=600-202605130530BIZWIRE_USPRX____20260512_BW841182-1"
    rc = cli.main(["ingest", str(ANNOUNCEMENTS / "march_quarter_2026.txt"), "--url", known, "--store", str(FROZEN)])
    out, err = capsys.readouterr()
    assert rc == 0
    assert re.search(r"^  ali_results_2026_03:$", out, re.MULTILINE)
    # the store already holds these observations from that source: they are listed, not drafted
    assert "group_net_income" not in out.split("metrics:")[1]
    assert "already in the store" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "javascript:alert(1)"], "--url"),
        (["--url", URL, "--quarter", "FY2027Q5"], "--quarter"),
        (["--url", URL, "--published", "13 May 2026"], "--published"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ingest", str(ANNOUNCEMENTS / "march_quarter_2026.txt"), *args, "--store", str(FROZEN)]) == 2
    assert message in capsys.readouterr().err


def test_quarter_given_overrides_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    reading = read_announcement_figures(ANNOUNCEMENTS / "june_quarter_2024.txt", "FY2025Q2")
    assert reading.quarter == "FY2025Q2"
    assert any("FY2025Q1" in c for c in reading.checks)


def test_under_a_segments_heading_a_bare_line_is_the_segments() -> None:
    from loaders.ingest import read_figures

    lines = text_lines(
        "Summary\n\nRevenue was RMB247,795 million (US$34,808 million), an increase of 5% year-over-year.\n\n"
        "Cloud Intelligence Group\n\n"
        "Revenue from Cloud Intelligence Group was RMB39,824 million (US$5,594 million), an increase of 34%.\n"
        "Adjusted EBITA increased 35% year-over-year to RMB3,604 million.\n\n"
        "Alibaba E-commerce Group\n\nRevenue was RMB140,000 million.\n"
    )
    findings, checks = read_figures(lines, "FY2026Q2")
    got = {f.metric: (f.value, f.yoy_pct) for f in findings}
    assert got == {"group_revenue": (247.795, 5), "cloud_revenue": (39.824, 34), "cloud_adjusted_ebita": (3.604, 35)}
    assert any("alibaba_ecommerce" in c for c in checks)  # a segment with no metric to put it in: listed, never group revenue


def test_a_wire_copys_date_line_gives_the_date_and_without_any_the_command_asks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from loaders.ingest import _published

    assert _published(text_lines("November 25, 2025 05:30 AM Eastern Standard Time")) == dt.date(2025, 11, 25)
    undated = tmp_path / "undated.txt"
    undated.write_text("Results for the quarter ended June 30, 2024.\n\nRevenue was RMB243,236 million.\n", encoding="utf-8")
    assert cli.main(["ingest", str(undated), "--url", URL, "--store", str(FROZEN)]) == 1
    assert "pass --published" in capsys.readouterr().err
    assert cli.main(["ingest", str(undated), "--url", URL, "--store", str(FROZEN), "--published", "2024-08-15"]) == 0
    out = capsys.readouterr().out
    assert "published: '2024-08-15'" in out and "value: 243.236" in out


def test_an_outflow_is_negative_and_its_comparative_inflow_positive() -> None:
    from loaders.ingest import read_figures

    lines = text_lines(
        "Free cash flow, a non-GAAP measurement of liquidity, was an outflow of RMB21,840 million (US$3,068 million), "
        "compared to an inflow of RMB13,735 million in the same quarter of 2024."
    )
    findings, _ = read_figures(lines, "FY2026Q2")
    got = {(f.metric, f.period): (f.value, f.value_usd) for f in findings}
    assert got == {("group_free_cash_flow", "FY2026Q2"): (-21.84, -3.068), ("group_free_cash_flow", "FY2025Q2"): (13.735, None)}


@pytest.mark.parametrize(
    "sentence",
    [
        "We plan to invest capital expenditures of RMB380,000 million in AI and cloud infrastructure.",
        "Capital expenditures over the next three years will total RMB380 billion.",
        "Capital expenditures for the six months ended September 30, 2025 were RMB70,000 million.",
    ],
)
def test_a_plan_or_a_longer_periods_figure_is_never_the_quarters(sentence: str) -> None:
    from loaders.ingest import read_figures

    findings, checks = read_figures(text_lines(sentence), "FY2026Q2")
    assert findings == [] and len(checks) == 1


def test_a_segment_table_after_the_june_2026_reorganisation_reads_each_column_as_its_segment(tmp_path: Path) -> None:
    html = tmp_path / "segments.html"
    html.write_text(
        "<p>Results for the quarter ended June 30, 2026.</p><p>Three months ended June 30, 2026</p><table>"
        "<tr><td></td><td>Alibaba E-commerce Group</td><td>AI Cloud and Compute Services</td>"
        "<td>AI Labs and Applications</td><td>All others</td><td>Unallocated</td></tr>"
        "<tr><td>Revenue</td><td>-</td><td>48,437</td><td>3,338</td><td>28,803</td><td>-</td></tr>"
        "<tr><td>Adjusted EBITA</td><td>-</td><td>5,628</td><td>(13,861)</td><td>-</td><td>-</td></tr></table>",
        encoding="utf-8",
    )
    reading = read_announcement_figures(html)
    got = {(f.metric, f.period): f.value for f in reading.findings}
    assert got == {
        ("cloud_revenue", "FY2027Q1"): 48.437,
        ("ai_labs_applications_revenue", "FY2027Q1"): 3.338,
        ("all_others_revenue_from_fy2027", "FY2027Q1"): 28.803,
        ("cloud_adjusted_ebita", "FY2027Q1"): 5.628,
        ("ai_labs_applications_adjusted_ebita", "FY2027Q1"): -13.861,
    }
    assert reading.checks == []  # a dash is no figure; the Unallocated column is no segment


def test_a_source_the_store_would_refuse_gives_no_draft(capsys: pytest.CaptureFixture[str]) -> None:
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    args = ["ingest", str(ANNOUNCEMENTS / "june_quarter_2024.txt"), "--url", URL, "--published", future, "--store", str(FROZEN)]
    assert cli.main(args) == 1
    out, err = capsys.readouterr()
    assert out == "" and "is refused by the store" in err and "published" in err
