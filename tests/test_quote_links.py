"""Links that open a source at its quote: the text fragment, its encoding, and where none is added."""

from __future__ import annotations

import datetime as dt
import urllib.parse

from loaders.quote_links import encode, link_to_quote, row_label, text_directive
from loaders.schema import ReadAt, Source

PAGE = "https://www.example.com/news/alibaba-results"
LONG = "Cloud Intelligence Group revenue grew 34% year-over-year to RMB39,824 million, driven by AI demand"


def source(url: str | None = PAGE, **fields: object) -> Source:
    return Source(
        title="Alibaba results", issuer="Example Wire", kind="article", url=url, published=dt.date(2025, 11, 25),
        accessed=dt.date(2026, 11, 20), grade=2, **fields,
    )  # fmt: skip


def terms(link: str) -> list[str]:
    """The decoded start and end of a link's text directive."""
    directive = link.split(":~:text=", 1)[1]
    return [urllib.parse.unquote(t) for t in directive.split(",")]


def test_a_long_quote_links_from_its_first_to_its_last_four_words() -> None:
    link = link_to_quote(source(), LONG)
    assert link == f"{PAGE}#:~:text=Cloud%20Intelligence%20Group%20revenue,driven%20by%20AI%20demand"
    assert terms(link) == ["Cloud Intelligence Group revenue", "driven by AI demand"]


def test_a_short_quote_is_matched_whole() -> None:
    assert link_to_quote(source(), "capex of RMB38.6 billion") == f"{PAGE}#:~:text=capex%20of%20RMB38.6%20billion"


def test_hyphens_commas_and_ampersands_are_percent_encoded() -> None:
    assert encode("year-over-year, R&D") == "year%2Dover%2Dyear%2C%20R%26D"
    link = link_to_quote(source(), "R&D spending, year-over-year, rose")
    assert link == f"{PAGE}#:~:text=R%26D%20spending%2C%20year%2Dover%2Dyear%2C%20rose"
    directive = link.split("#:~:", 1)[1]
    assert directive.count(",") == 0 and "&" not in directive and "-" not in directive  # one term, nothing read as syntax


def test_a_chinese_quote_is_percent_encoded_in_utf8_and_cut_at_clauses() -> None:
    short = "阿里云收入同比增长34%"
    assert link_to_quote(source(), short) == f"{PAGE}#:~:text={urllib.parse.quote(short, safe='')}"
    assert "%E9%98%BF" in link_to_quote(source(), short)  # 阿, as UTF-8 bytes
    long = "本季度，阿里云智能集团收入同比增长34%至398亿元，主要由人工智能相关产品收入三位数增长带动，公共云业务也在增长。"
    link = link_to_quote(source(), long)
    assert link is not None and link.isascii()
    assert terms(link) == ["本季度，", "公共云业务也在增长。"]


def test_an_existing_fragment_is_kept_before_the_directive() -> None:
    link = link_to_quote(source(f"{PAGE}#section-2"), "capex of RMB38.6 billion")
    assert link == f"{PAGE}#section-2:~:text=capex%20of%20RMB38.6%20billion"
    already = f"{PAGE}#:~:text=capex"
    assert link_to_quote(source(already), "capex of RMB38.6 billion") == already


def test_an_end_that_occurs_earlier_in_the_quote_is_lengthened_until_it_is_the_quotes_end() -> None:
    # "from a year ago" (and "up 5% from a year ago") also ends the first clause: the browser would stop there
    quote = "Revenue rose in the quarter, up 5% from a year ago; cloud revenue, up 5% from a year ago"
    assert terms(link_to_quote(source(), quote)) == ["Revenue rose in the", "revenue, up 5% from a year ago"]
    # an end the start already contains is not ambiguous: the browser looks for the end after the start
    quote = "Cloud revenue grew 20% year over year, and AI revenue grew 20% year over year"
    assert terms(link_to_quote(source(), quote)) == ["Cloud revenue grew 20%", "20% year over year"]
    # the same words three times: after the start, "and revenue grew fast" first occurs at the quote's end
    echo = "revenue grew fast and revenue grew fast and revenue grew fast"
    assert terms(link_to_quote(source(), echo)) == ["revenue grew fast and", "and revenue grew fast"]


def test_an_elided_quote_runs_from_its_first_part_to_its_last() -> None:
    quote = "Cloud revenue grew 34% … driven by AI-related product revenue"
    assert terms(link_to_quote(source(), quote)) == ["Cloud revenue grew 34%", "by AI-related product revenue"]
    assert text_directive("…") is None


def test_pdfs_get_the_plain_link() -> None:
    pdf = "https://data.alibabagroup.com/ecms-files/results.PDF"
    assert link_to_quote(source(pdf), LONG) == pdf
    assert link_to_quote(source(pdf + "?download=1"), LONG) == pdf + "?download=1"
    assert link_to_quote(source(pdf=True), LONG) == PAGE  # marked as a PDF whatever its address says


def test_machine_translated_quotes_get_the_plain_link() -> None:
    assert link_to_quote(source(machine_translated=True), LONG) == PAGE


def test_github_files_get_their_line_anchored_link() -> None:
    blob = "https://github.com/owner/repo/blob/0123456789abcdef0123456789abcdef01234567/notes/baba.md#L10-L12"
    assert link_to_quote(source(blob), LONG) == blob
    # a GitHub page that is not a file is running text like any other
    assert link_to_quote(source("https://github.com/owner/repo/discussions/1"), "capex of RMB38.6 billion").endswith(
        ":~:text=capex%20of%20RMB38.6%20billion"
    )


def test_a_table_row_links_to_its_label_or_to_the_page() -> None:
    row = "Cloud Intelligence Group | 26,549 | 29,610 | 11%"
    assert row_label(row) == "Cloud Intelligence Group"
    assert link_to_quote(source(), row) == f"{PAGE}#:~:text=Cloud%20Intelligence%20Group"
    assert link_to_quote(source(), "Capex | 38,676 | 31,650") == PAGE  # one word: too common to find the row
    assert link_to_quote(source(), "2025 | 38,676 | 31,650") == PAGE  # a number is no label


def test_the_link_is_the_copy_read_and_only_http() -> None:
    copy = source("https://www.alibabagroup.com/original", read_at=ReadAt(host="FT Markets", url="https://ft.example.com/c"))
    assert link_to_quote(copy, "capex of RMB38.6 billion") == "https://ft.example.com/c#:~:text=capex%20of%20RMB38.6%20billion"
    assert link_to_quote(source(None, offline_copy="seeds/a.txt"), LONG) is None
    assert link_to_quote(source(), None) == PAGE
    assert link_to_quote(source(), "   ") == PAGE
