"""Workbooks (.xlsx): one sheet per chart with the numbers behind it, every value with its citation, the sources.

Numbers are stored as numbers with the unit in the header, periods in both fiscal and calendar
words, source URLs as working hyperlinks, header rows frozen. Store text is written as string
cells, which no spreadsheet evaluates, so a quote that starts with '=' stays a quote.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence

import pandas as pd
import xlsxwriter

from charts.columns import header, single_unit
from loaders.chart_citation import PRODUCT
from loaders.frames import Frames
from loaders.units import unit_label
from pagemodels.common import chart_title, safe_link, version_line
from pagemodels.model import PageModel

VALUE_COLUMNS = [
    ("name", "Metric", 34), ("period", "Period", 14), ("fiscal_label", "Fiscal quarter", 14),
    ("calendar_label", "Calendar period", 18), ("value", "Value", 12), ("unit", "Unit", 10), ("basis", "Basis", 12),
    ("yoy_pct", "Growth stated (%)", 12), ("preferred", "Shown", 8), ("source_label", "Source (opens at the quote)", 60),
    ("grade_label", "Grade", 16), ("evidence_label", "Evidence", 30), ("recipe", "Derived as", 40),
    ("url", "Address as stored", 40), ("quote", "Quote", 80),
]  # fmt: skip
SOURCE_COLUMNS = [
    ("source", "Id", 28), ("source_label", "Source", 70), ("grade_label", "Grade", 16),
    ("evidence_label", "Evidence", 30), ("kind", "Kind", 16), ("published", "Published", 12),
    ("accessed", "Accessed", 12), ("url", "Address", 50), ("note", "Note", 60),
]  # fmt: skip
# a column written as a link whose text is the source's label: its target's column
VALUE_LINKS = {"source_label": "link_to_quote"}
SOURCE_LINKS = {"source_label": "url"}
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name of at most 31 characters."""
    base = _SHEET_CHARS.sub(" ", text).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        name = f"{base[:25]} ({n})"
        n += 1
    taken.add(name.lower())
    return name


class _Writer:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.header = book.add_format({"bold": True, "bg_color": "#f3f4f6", "text_wrap": True, "valign": "top"})
        self.number = book.add_format({"num_format": "#,##0.000"})
        self.percent = book.add_format({"num_format": "0.0"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.link = book.add_format({"font_color": "#1d4ed8", "underline": 1})
        self.wrap = book.add_format({"text_wrap": False})

    def cell(self, sheet: object, row: int, col: int, value: object, kind: str = "") -> None:
        if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
            sheet.write_blank(row, col, None)  # type: ignore[attr-defined]
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value)  # type: ignore[attr-defined]
        elif isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(row, col, float(value), self.percent if kind == "pct" else self.number)  # type: ignore[attr-defined]
        elif isinstance(value, pd.Timestamp):
            sheet.write_datetime(row, col, value.to_pydatetime(), self.date)  # type: ignore[attr-defined]
        elif kind == "url" and safe_link(value) and sheet.write_url(row, col, str(value), self.link, string=str(value)) == 0:  # type: ignore[attr-defined]
            pass  # a link; one a spreadsheet cannot hold (over 2,079 characters) is written below as its text
        elif kind.startswith("http") and safe_link(kind) and sheet.write_url(row, col, kind, self.link, string=str(value)) == 0:  # type: ignore[attr-defined]
            pass  # text linking to the address in `kind`; written below as text where the link cannot be held
        else:  # a unit as people write it ("RMB bn"), every other text as typed
            sheet.write_string(row, col, unit_label(str(value)) if kind == "unit" else str(value))  # type: ignore[attr-defined]

    def table(
        self,
        name: str,
        frame: pd.DataFrame,
        columns: Sequence[tuple[str, str, int]],
        intro: str,
        links: Mapping[str, str] | None = None,
    ) -> None:
        """A sheet of the frame's columns; a column in `links` is written as a link to the address in its
        target column (a source's label opening the page at the quote), plain text where there is none."""
        sheet = self.book.add_worksheet(name)
        sheet.write_string(0, 0, intro)
        for col, (_, title, width) in enumerate(columns):
            sheet.write_string(1, col, title, self.header)
            sheet.set_column(col, col, width)
        for row, record in enumerate(frame.itertuples(index=False), start=2):
            values = record._asdict()
            for col, (key, _, _) in enumerate(columns):
                kind = "url" if key == "url" else "pct" if key.endswith("_pct") else "unit" if key == "unit" else ""
                if links and key in links:
                    target = values.get(links[key])
                    kind = str(target) if safe_link(target) else ""
                self.cell(sheet, row, col, values.get(key), kind)
        sheet.freeze_panes(2, 0)
        sheet.autofilter(1, 0, max(1, len(frame) + 1), len(columns) - 1)


def _chart_columns(data: pd.DataFrame) -> list[tuple[str, str, int]]:
    unit = single_unit(data)
    return [(key, header(key, unit), 60 if key == "quote" else 40 if key in ("url", "publisher") else 14) for key in data.columns]


def workbook_bytes(frames: Frames, models: Sequence[PageModel], values: pd.DataFrame | None = None) -> bytes:
    """A workbook of the pages' charts, the values they use (or `values`: the whole store's), and the sources."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    writer = _Writer(book)
    taken: set[str] = set()
    stamp = f"{PRODUCT} · {version_line(frames)}"
    used: set[str] = set()
    for model in models:
        for block in model.chart_blocks:
            result = block.spec
            if result.is_empty:
                continue
            data = result.data.drop(columns=[c for c in ("cited_by",) if c in result.data])
            writer.table(_sheet_name(chart_title(result), taken), data, _chart_columns(data),
                         f"{chart_title(result)} · {stamp}")  # fmt: skip
            if "metric" in data:
                used.update(data["metric"].dropna())
    obs = frames.observations
    if values is None:
        values = obs[obs["metric"].isin(used)]
    title = f"Every value these charts use, as its source states it or derived from stated ones (see Evidence) · {stamp}"
    writer.table(_sheet_name("Values", taken), values, VALUE_COLUMNS, title, VALUE_LINKS)
    ids = set(values["source"]) if "source" in values else set()
    sources = frames.sources[frames.sources["source"].isin(ids)] if values is not obs else frames.sources
    writer.table(_sheet_name("Sources", taken), sources.sort_values(["grade", "published"], ascending=[True, False]),
                 SOURCE_COLUMNS, f"The sources of these values, best grade first, each linked · {stamp}",
                 SOURCE_LINKS)  # fmt: skip
    book.close()
    return out.getvalue()
