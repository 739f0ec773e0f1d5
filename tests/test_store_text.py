"""Links and text that leave the app (links, CSV, slide notes, workbooks) hold only what a reader sees.

A source's url has its scheme in lower case (HTTPS://… is linked like https://…) and at most 2,000
characters; no url or text field may hold a control or format character (U+202E turns what follows
right to left, U+200B hides inside a word, DEL); and a link a spreadsheet cannot hold is written as
its text, never as an empty cell.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import openpyxl
import pytest
import xlsxwriter

from loaders import StoreError
from loaders.schema import _HIDDEN, MAX_URL
from loaders.store import load_store_bytes
from pagemodels.common import safe_link
from tests.test_hostile import VALID

URL = "https://www.alibabagroup.com/en-US/ir-financial-reports"
TODAY = dt.date(2026, 12, 1)


def load(text: str):  # type: ignore[no-untyped-def]
    return load_store_bytes(text.encode("utf-8"), "metrics.yaml", TODAY)


def problems(text: str) -> list[str]:
    with pytest.raises(StoreError) as info:
        load(text)
    return [str(p) for p in info.value.problems]


def test_an_upper_case_scheme_is_read_as_https_and_linked() -> None:
    store = load(VALID.replace(f"url: {URL}", "url: HTTPS://www.alibabagroup.com/en-US/ir-financial-reports"))
    url = store.sources["ali_fy26q2"].url
    assert url == URL and safe_link(url) == URL


def test_a_url_over_two_thousand_characters_is_refused() -> None:
    long = URL + "?q=" + "a" * (MAX_URL - len(URL) - 3 + 1)
    assert len(long) == MAX_URL + 1
    [found] = problems(VALID.replace(f"url: {URL}", f"url: {long}"))
    assert "sources.ali_fy26q2.url: url 'https://www.alibabagroup.com/" in found
    assert found.endswith(f"is longer than {MAX_URL:,} characters")
    assert load(VALID.replace(f"url: {URL}", f"url: {long[:-1]}")).sources["ali_fy26q2"].url == long[:-1]


@pytest.mark.parametrize(
    ("char", "name"),
    [("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\u200b", "ZERO WIDTH SPACE"), ("\x7f", "a control character")],
)
def test_an_invisible_character_in_a_url_is_refused(char: str, name: str) -> None:
    escaped = char.encode("unicode_escape").decode("ascii")  # as YAML writes it in double quotes: \u202e
    text = VALID.replace(f"url: {URL}", f'url: "{URL}/{escaped}gpj.exe"')
    [found] = problems(text)
    assert f"contains the invisible character U+{ord(char):04X} ({name}), which a link may not have" in found


@pytest.mark.parametrize(
    ("field", "old"),
    [
        ("sources.ali_fy26q2.title", 'title: "Alibaba Group Announces September Quarter 2025 Results"'),
        ("metrics.cloud_revenue.observations[0].quote", 'quote: "Cloud Intelligence Group revenue was'),
        ("events[0].title", 'title: "September quarter 2025 results"'),
    ],
)
@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\x7f", "\u2028"])
def test_an_invisible_character_in_text_is_refused(field: str, old: str, char: str) -> None:
    escaped = {"\u202e": "\\u202E", "\u200b": "\\u200B", "\x7f": "\\x7F", "\u2028": "\\u2028"}[char]
    at = old.index('"') + 2  # inside the text, where stripping the ends cannot remove it
    new = old[:at] + escaped + old[at:]
    found = problems(VALID.replace(old, new))
    assert len(found) == 1, found
    assert f"{field}: contains the invisible character U+{ord(char):04X}" in found[0]
    assert found[0].endswith(": retype the text without it")


def test_line_breaks_and_tabs_are_text() -> None:
    text = VALID.replace('title: "September quarter 2025 results"', 'title: "September quarter\\t2025 results"')
    assert load(text).events[0].title == "September quarter\t2025 results"


def test_the_list_of_hidden_characters_is_every_control_and_format_character() -> None:
    missing = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp")
        and chr(code) not in "\n\t"
        and not _HIDDEN.match(chr(code))
    ]
    assert not missing
    assert not _HIDDEN.search("Alibaba 阿里巴巴 — 39,824 million (US$5,594) é ñ 🚀\n\t")


def test_a_link_a_spreadsheet_cannot_hold_is_written_as_its_text() -> None:
    from dashboard.workbook import _Writer

    long = URL + "?q=" + "b" * 2100
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    writer = _Writer(book)
    sheet = book.add_worksheet("Sources")
    with pytest.warns(UserWarning):  # XlsxWriter says it cannot write the link
        writer.cell(sheet, 0, 0, long, "url")
    writer.cell(sheet, 1, 0, URL, "url")
    book.close()
    cells = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["Sources"]
    assert cells["A1"].value == long and cells["A1"].hyperlink is None
    assert cells["A2"].value == URL and cells["A2"].hyperlink.target == URL
