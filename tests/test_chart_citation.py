"""A chart's sources in words: the footnote's clause (named, or summarised by grade), the short and long citation."""

from __future__ import annotations

import pandas as pd

from loaders.chart_citation import (
    CLAUSE_CHARS,
    NAMED_CLAUSE_CHARS,
    PRODUCT,
    long_citation,
    short_citation,
    source_entry,
    sources_clause,
)

QUARTERS = [("FY2024Q1", "FY24 Q1", "Apr–Jun 2023"), ("FY2024Q2", "FY24 Q2", "Jul–Sep 2023"),
            ("FY2024Q3", "FY24 Q3", "Oct–Dec 2023"), ("FY2027Q1", "FY27 Q1", "Apr–Jun 2026")]  # fmt: skip


START = pd.Timestamp(2023, 4, 1)


def value(source: str, publisher: str, grade: int, quarter: int = 0, kind: str = "article", **more: object) -> dict:
    period, fiscal, calendar = QUARTERS[quarter]
    return {
        "source": source, "publisher": publisher, "source_title": f"{source} title", "grade": grade,
        "published": pd.Timestamp(2024, 1, 1) + pd.Timedelta(days=quarter), "source_kind": kind, "period": period,
        "fiscal_label": fiscal, "calendar_label": calendar, "period_start": START + pd.DateOffset(months=3 * quarter),
        **more,
    }  # fmt: skip


def many() -> pd.DataFrame:
    """Alibaba's results announcements for three quarters, CNBC, Reuters, two other sites, a machine-written page."""
    rows = [value(f"ali_{q}", "Alibaba Group", 1, q, "results_announcement") for q in (2, 0, 3)]
    rows += [value("cnbc", "CNBC", 2, 1), value("reuters", "Reuters", 2, 3), value("blog_a", "Blog A", 3, 0),
             value("blog_a2", "Blog A", 3, 1), value("blog_b", "Blog B", 3, 2), value("robot", "Robot Press", 4, 2)]  # fmt: skip
    return pd.DataFrame(rows)


def test_up_to_three_sources_are_each_named_best_grade_first_with_the_copy_after_the_document() -> None:
    rows = pd.DataFrame([
        value("robot", "Robot Press", 4, 1),
        value("ali", "Alibaba Group", 1, 0, "results_announcement",
              source_title="September Quarter 2024 results (copy in Sina Guba)", read_at_host="Sina Guba"),
        value("cnbc", "CNBC", 2, 2),
    ])  # fmt: skip
    assert sources_clause(rows) == (
        "Sources: Alibaba Group, September Quarter 2024 results (copy in Sina Guba), 2024-01-01; cnbc title, "
        "2024-01-03; Robot Press, robot title, 2024-01-02 (machine-written)"
    )
    assert sources_clause(rows.iloc[[2]]) == "Source: cnbc title, 2024-01-03"
    assert sources_clause(rows.iloc[0:0]) == "Source: none stated"


def test_named_sources_share_two_lines_each_title_cut_before_the_copys_host() -> None:
    title = "Alibaba Group Holding Limited Fiscal Year 2025 Annual Report, Markdown copy of the whole filing"
    host = "GitHub repository o/r"
    row = value("ali", "Alibaba Group", 1, source_title=f"{title} (copy in {host})", read_at_host=host)
    alone = sources_clause(pd.DataFrame([row]))
    assert alone == f"Source: {title} (copy in {host}), 2024-01-01"  # room enough for one whole
    three = pd.DataFrame([row, value("cnbc", "CNBC", 2, 1, source_title="x" * 150), value("b", "Blog", 3, 2)])
    three.loc[0, "source_title"] = f"{title}, and more words of a title that runs on (copy in {host})"
    clause = sources_clause(three)
    assert (
        clause.startswith("Sources: Alibaba Group Holding Limited Fiscal Year 2025 Annual Report, Markdow… (copy in")
        and f"… (copy in {host}), 2024-01-01; " in clause
    )
    assert "; CNBC, xxx" in clause and "x…, 2024-01-02; Blog, b title, 2024-01-03" in clause
    assert len(clause) <= NAMED_CLAUSE_CHARS  # the copy's host is never cut


def test_more_than_three_sources_are_summarised_by_grade_with_the_companys_documents_and_their_quarters() -> None:
    assert sources_clause(many()) == (
        "Sources: Alibaba Group results announcements, FY24 Q1–FY27 Q1 (3); Reuters; CNBC; 2 other sites; 1 machine-written"
    )  # outlets best grade first, then the newest
    # the quarters in the reader's words: charts set "label" from the fiscal or calendar choice
    calendar = many().assign(label=lambda f: f["calendar_label"])
    assert sources_clause(calendar).startswith("Sources: Alibaba Group results announcements, Apr–Jun 2023 to Apr–Jun 2026 (3);")
    # or as the chart says where its rows carry no chosen label
    assert sources_clause(many(), "calendar") == sources_clause(calendar)
    assert sources_clause(calendar, "fiscal") == sources_clause(many())
    # one document of a kind: its kind in the singular, no count
    rows = pd.concat([many(), pd.DataFrame([value("20f", "Alibaba Group", 1, 3, "annual_report_20f")])])
    assert "; Alibaba Group annual report or Form 20-F, FY27 Q1; Reuters" in sources_clause(rows)


def test_a_clause_too_long_for_two_lines_counts_outlets_then_the_companys_documents() -> None:
    outlets = [value(f"outlet_{i}", f"A Major Financial Newspaper Number {i}", 2, i % 4) for i in range(12)]
    rows = pd.concat([many(), pd.DataFrame(outlets)])
    clause = sources_clause(rows)
    assert clause == (
        "Sources: Alibaba Group results announcements, FY24 Q1–FY27 Q1 (3); 14 major outlets or data services; "
        "2 other sites; 1 machine-written"
    )
    kinds = [value(f"doc_{k}", f"Company {k}", 1, 0, k) for k in ("hkex_announcement", "sec_6k_exhibit", "earnings_call")]
    long_names = [
        value(f"co_{i}", f"Another Listed Company With A Long Name {i}", 1, i % 4, "results_announcement") for i in range(6)
    ]
    crowded = pd.concat([rows, pd.DataFrame(kinds + long_names)])
    clause = sources_clause(crowded)
    assert len(clause) <= CLAUSE_CHARS
    assert (
        clause == "Sources: 12 company releases or filings, FY24 Q1–FY27 Q1; 14 major outlets or data services; 2 other sites; "
        "1 machine-written"
    )


def test_derived_values_are_counted_not_named_as_sources() -> None:
    rows = many().assign(evidence="stated")
    derived = value("ali_2", "Alibaba Group", 1, 1, "results_announcement", evidence="derived")
    clause = sources_clause(pd.concat([rows, pd.DataFrame([derived])]))
    assert clause.endswith("; 1 machine-written; 1 value derived from them")
    assert "(3)" in clause  # the derived row's inputs are cited; the row itself adds no source


def test_the_short_citation_is_one_line_and_the_long_one_lists_every_source_with_its_link() -> None:
    clause = sources_clause(many())
    short = short_citation("Cloud revenue", "Data as of 2026-12-01 · store 1a2b3c4d5e6f", clause)
    assert short == f"Cloud revenue. {PRODUCT}. Data as of 2026-12-01 · store 1a2b3c4d5e6f. {clause}."
    assert "\n" not in short
    sources = pd.DataFrame([
        {"source": "robot", "source_label": "Robot Press, robot page", "published": pd.Timestamp(2025, 5, 1), "grade": 4,
         "grade_label": "machine-written", "url": "https://robot.example.com/p", "evidence": "stated"},
        {"source": "ali", "source_label": "Alibaba Group, Results (copy in Sina Guba)", "published": pd.Timestamp(2024, 11, 15),
         "grade": 1, "grade_label": "company release or filing", "url": "https://guba.example.com/post",
         "evidence": "stated_in_copy"},
        {"source": "sec", "source_label": "Alibaba Group, Exhibit 99.1 (copy in a repository note)", "grade": 1,
         "published": pd.Timestamp(2026, 8, 29), "grade_label": "company release or filing", "url": "https://www.sec.gov/ex99-1.htm",
         "evidence": "original_named_not_opened", "evidence_label": "original named by the copy, not opened here"},
        {"source": "paper", "source_label": "Beijing News, report", "published": pd.Timestamp(2025, 11, 26), "grade": 2,
         "grade_label": "major outlet or data service", "url": None, "offline_copy": "seeds/001.txt", "evidence": "stated"},
    ])  # fmt: skip
    assert long_citation(short, sources).split("\n") == [
        short,
        "- Alibaba Group, Exhibit 99.1 (copy in a repository note), 2026-08-29, company release or filing, "
        "original named by the copy, not opened here: https://www.sec.gov/ex99-1.htm",
        "- Alibaba Group, Results (copy in Sina Guba), 2024-11-15, company release or filing: https://guba.example.com/post",
        "- Beijing News, report, 2025-11-26, major outlet or data service: no public address (text kept in seeds/001.txt)",
        "- Robot Press, robot page, 2025-05-01, machine-written: https://robot.example.com/p",
    ]
    assert source_entry(sources.iloc[0].drop("url")) == "Robot Press, robot page, 2025-05-01, machine-written: no public address"
    assert long_citation(short, sources.iloc[0:0]) == short
