"""Store text on its way into Markdown-rendering elements: the card tooltips and citation lists."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

from dashboard.render import citation_markdown, escape_md, markdown_url
from pagemodels.adoption import single_values_table
from pagemodels.common import citation

HOSTILE = "**bold** [click](javascript:alert(1)) <script>x</script> `code` _it_"


def row(**fields: object) -> pd.Series:
    base = {
        "name": "Cloud revenue",
        "value": 39.824,
        "unit": "RMB_bn",
        "publisher": "Alibaba Group",
        "source_title": "September Quarter 2025 Results",
        "quote": "revenue was RMB39,824 million",
        "url": "https://www.alibabagroup.com/en-US/ir",
        "fiscal_label": "FY26 Q2",
    }
    return pd.Series({**base, **fields})


def unescaped(markdown: str) -> str:
    """What a reader sees of escaped Markdown."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_escaped_text_has_no_live_markdown_character() -> None:
    escaped = escape_md(HOSTILE)
    assert unescaped(escaped) == HOSTILE
    assert re.search(r"(?<!\\)[*\[\]()<>`_]", escaped) is None


def test_a_url_cannot_end_its_link_early() -> None:
    assert markdown_url("https://example.com/a/b?x=1&y=2#top") == "https://example.com/a/b?x=1&y=2#top"
    assert markdown_url("https://example.com/a b)(**x**<y>") == "https://example.com/a%20b%29%28**x**%3Cy%3E"


def test_citation_list_links_only_checked_urls_and_escapes_the_rest() -> None:
    text = citation_markdown(
        (
            citation("Cloud revenue, latest quarter", row()),
            citation(HOSTILE, row(publisher=HOSTILE, quote=HOSTILE, url="https://example.com/x)[click](javascript:alert(1))")),
            citation("No link", row(url="javascript:alert(1)")),
        )
    )
    lines = text.split("  \n")
    # the source's publisher and title are the link's text
    assert lines[0] == (
        "**Cloud revenue, latest quarter**: [Alibaba Group, September Quarter 2025 Results]"
        "(https://www.alibabagroup.com/en-US/ir) · “revenue was RMB39,824 million”"
    )
    # one link per line, to the percent-encoded http(s) URL; the hostile text shows as typed
    assert re.findall(r"(?<!\\)\]\((.*?)\)", lines[1]) == ["https://example.com/x%29%5Bclick%5D%28javascript:alert%281%29%29"]
    assert unescaped(lines[1]).count(HOSTILE) == 3
    assert lines[2].endswith(" · no public URL recorded")
    assert "javascript" not in lines[2]


def test_a_citation_links_to_its_quote_where_the_row_has_such_a_link() -> None:
    at_quote = "https://www.alibabagroup.com/en-US/ir#:~:text=revenue%20was%20RMB39%2C824%20million"
    assert citation("Cloud revenue", row(link_to_quote=at_quote)).url == at_quote
    assert citation("Cloud revenue", row(link_to_quote=None)).url == "https://www.alibabagroup.com/en-US/ir"
    assert citation("Cloud revenue", row(link_to_quote="javascript:alert(1)", url=None)).url is None
    text = citation_markdown((citation("Cloud revenue", row(link_to_quote=at_quote)),))
    assert text.endswith(f"Results]({at_quote}) · “revenue was RMB39,824 million”")


def test_tooltip_is_source_then_quote() -> None:
    assert citation("Cloud revenue", row()).tooltip == (
        "Source: Alibaba Group, September Quarter 2025 Results\n\n“revenue was RMB39,824 million”"
    )
    assert citation("Cloud revenue", row(quote=None)).tooltip == "Source: Alibaba Group, September Quarter 2025 Results"


def test_single_values_table_keeps_value_period_quote_and_link() -> None:
    table = single_values_table([row(), row(url="ftp://example.com/x", value=5.0, unit="count")], "fiscal_label")
    assert list(table.columns) == ["figure", "value", "period", "source", "quote", "also", "note", "url"]
    assert table["value"].tolist() == ["RMB 39.8 bn", "5"]
    assert table["period"].tolist() == ["FY26 Q2", "FY26 Q2"]
    assert table["url"].iloc[0] == "https://www.alibabagroup.com/en-US/ir"
    # no link: an empty cell, which the Link column shows blank (a missing value it would show as "None")
    assert table["url"].iloc[1] == ""


LAZY_EXPORT_PROBE = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=60)
at.run()
at.switch_page("pages/cloud.py").run()
assert not at.exception, [e.value for e in at.exception]
print(",".join(sorted(m for m in ("pptx", "xlsxwriter", "lxml") if m in sys.modules)) or "none")
import datetime as dt
from charts.options import ViewOptions
from dashboard import data, render
frames, digest, _ = data.load_frames()
model = data.page_model(frames, digest, "cloud", ViewOptions(), dt.date(2025, 12, 1))
print(render._workbook(frames, model)[:2].decode(), "xlsxwriter" in sys.modules)
"""


def test_a_page_view_loads_no_deck_or_workbook_library_until_a_reader_asks_for_one(fixture_store: Path) -> None:
    """python-pptx, lxml and XlsxWriter cost the server 14 MB; they are imported when a reader downloads a deck
    or a workbook, and the workbook is then made as before."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", LAZY_EXPORT_PROBE, str(root / "app.py")], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    shown, made = done.stdout.split("\n")[-3:-1]
    assert shown == "none"
    assert made == "PK True"  # an .xlsx is a zip file
