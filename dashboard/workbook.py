"""Workbooks (.xlsx): one sheet per chart with the numbers behind it, the metrics across the quarters, every
value with its citation, the sources.

Numbers are stored as numbers, shown in their unit's format (money in bn to one decimal, a percentage
as stored, 34 meaning 34%, counts whole), with the unit in the header or beside the value; periods in
both fiscal and calendar words, source URLs as working hyperlinks, header rows and the first
columns frozen, so a sheet pastes into an analyst's model as it is. A ratio's sheet carries its
denominator beside it, read from the same series the chart divides by. Store text is written as
string cells, which no spreadsheet evaluates, so a quote that starts with '=' stays a quote.
"""

from __future__ import annotations

import io
import numbers
import re
from collections.abc import Mapping, Sequence

import pandas as pd
import xlsxwriter

from charts.columns import header, single_unit
from charts.options import ViewOptions
from charts.series import money_of, quarterly_series
from charts.spec import ChartSpec
from loaders import roles
from loaders.calendar import parse_period, quarters_between
from loaders.chart_citation import PRODUCT
from loaders.frames import Frames
from loaders.roles import metric_for_role
from loaders.units import UNITS, unit_label
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

# how a number in each unit is shown: the stored number is never rounded, only its display
UNIT_FORMATS = {
    "RMB_bn": "#,##0.0", "USD_bn": "#,##0.0", "pct": '0.0"%"', "pp": '+0.0" pp";-0.0" pp"', "count": "#,##0",
    "count_mn": "#,##0.0", "RMB_per_USD": "0.000",
}  # fmt: skip
OTHER_NUMBER = "#,##0.0##"  # a number of no known unit: up to three decimals, as stated
UNIT_IDS_BY_LABEL = {u.label: u.id for u in UNITS.values()}  # a frame in words names units as people write them
# columns in the row's own unit (its `unit`, or `capex_unit` where a peer's capex and revenue are in another)
IN_ROW_UNIT = {"value", "Value", "value_high", "stated", "cumulative", "plan_path", "group_revenue"}
IN_CAPEX_UNIT = {"capex", "revenue"}
IN_STATED_UNIT = {"stated_value", "stated_value_high"}
IN_UNIT = {"fx_rate": "RMB_per_USD"}
UNIT_COLUMNS = {"unit", "capex_unit", "stated_unit"}  # unit ids, written as people write them ("RMB bn")
# the leading columns that say what a row is: frozen with the header, at most FROZEN_COLUMNS of them
ROW_NAMES = (
    "metric", "name", "company", "segment", "period", "label", "fiscal_label", "calendar_label", "Period", "Calendar",
    "Measure", "event", "start",
)  # fmt: skip
FROZEN_COLUMNS = 3
# a ratio's chart: the denominator's role, written beside the ratio as `group_revenue` in the chart's currency
DENOMINATORS = {"cloud-share": roles.GROUP_REVENUE, "revenue-mix": roles.GROUP_REVENUE}
ACROSS = "Quarters across"
DERIVED_MARK = "Italic on grey"


def _sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name of at most 31 characters."""
    base = _SHEET_CHARS.sub(" ", text).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        name = f"{base[:25]} ({n})"
        n += 1
    taken.add(name.lower())
    return name


def unit_of(key: str, row: Mapping[str, object]) -> str | None:
    """The unit a column's number is in, for this row: its display format follows."""
    if key.endswith("_pct") or key.startswith("pct_"):  # "yoy_pct", "pct_of_group_revenue"
        return "pct"
    if key in IN_UNIT:
        return IN_UNIT[key]
    unit = None
    if key in IN_CAPEX_UNIT:
        unit = row.get("capex_unit") or row.get("unit")
    elif key in IN_ROW_UNIT:
        unit = row.get("unit", row.get("Unit"))
    elif key in IN_STATED_UNIT:
        unit = row.get("stated_unit")
    if not isinstance(unit, str):
        return None
    return UNIT_IDS_BY_LABEL.get(unit, unit)


def frozen_columns(keys: Sequence[str]) -> int:
    """How many leading columns name the row (metric, period, labels): frozen beside the numbers, at least one."""
    n = 0
    while n < min(len(keys), FROZEN_COLUMNS) and keys[n] in ROW_NAMES:
        n += 1
    return max(n, 1)


class _Writer:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.header = book.add_format({"bold": True, "bg_color": "#f3f4f6", "text_wrap": True, "valign": "top"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.link = book.add_format({"font_color": "#1d4ed8", "underline": 1})
        self.derived_text = book.add_format({"italic": True, "bg_color": "#e5e7eb"})
        self._numbers: dict[tuple[str, bool], object] = {}

    def number_format(self, unit: str | None, derived: bool = False) -> object:
        """The cell format of a number in `unit`: italic on grey where the value is derived (one format per pair)."""
        pattern = UNIT_FORMATS.get(unit or "", OTHER_NUMBER)
        if (pattern, derived) not in self._numbers:
            spec: dict[str, object] = {"num_format": pattern}
            if derived:
                spec.update(italic=True, bg_color="#e5e7eb")
            self._numbers[(pattern, derived)] = self.book.add_format(spec)
        return self._numbers[(pattern, derived)]

    def cell(self, sheet: object, row: int, col: int, value: object, kind: str = "", unit: str | None = None) -> None:
        if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
            sheet.write_blank(row, col, None)  # type: ignore[attr-defined]
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value)  # type: ignore[attr-defined]
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):  # numpy's integers too
            fmt = self.number_format(unit) if unit or not isinstance(value, numbers.Integral) else self.number_format("count")
            sheet.write_number(row, col, float(value), fmt)  # type: ignore[attr-defined]
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
        frozen: int | None = None,
    ) -> None:
        """A sheet of the frame's columns; a column in `links` is written as a link to the address in its
        target column (a source's label opening the page at the quote), plain text where there is none.
        The header row and the first `frozen` columns (else those naming the row) stay in view."""
        sheet = self.book.add_worksheet(name)
        sheet.write_string(0, 0, intro)
        for col, (_, title, width) in enumerate(columns):
            sheet.write_string(1, col, title, self.header)
            sheet.set_column(col, col, width)
        for row, record in enumerate(frame.itertuples(index=False), start=2):
            values = record._asdict()
            for col, (key, _, _) in enumerate(columns):
                kind = "url" if key == "url" else "unit" if key in UNIT_COLUMNS else ""
                if links and key in links:
                    target = values.get(links[key])
                    kind = str(target) if safe_link(target) else ""
                self.cell(sheet, row, col, values.get(key), kind, unit_of(key, values))
        sheet.freeze_panes(2, frozen_columns([key for key, _, _ in columns]) if frozen is None else frozen)
        sheet.autofilter(1, 0, max(1, len(frame) + 1), len(columns) - 1)


def _chart_columns(data: pd.DataFrame) -> list[tuple[str, str, int]]:
    unit = single_unit(data)

    def title(key: str) -> str:
        if key == "group_revenue":  # a denominator added here: its unit is the value's
            return f"Group revenue ({unit_label(unit)})" if unit else "Group revenue"
        return header(key, unit)

    return [(key, title(key), 60 if key == "quote" else 40 if key in ("url", "publisher") else 14) for key in data.columns]


def with_denominator(data: pd.DataFrame, spec: ChartSpec, frames: Frames, opts: ViewOptions) -> pd.DataFrame:
    """A ratio's data with its denominator beside it (`group_revenue`): the preferred value of each quarter from
    the same series, in the same currency, as the chart divides by; the data unchanged for any other chart."""
    role = DENOMINATORS.get(spec.slug)
    if role is None or "period" not in data:
        return data
    obs = frames.observations
    series = quarterly_series(money_of(obs, opts, None), metric_for_role(obs, role), opts)
    if series.empty:
        return data
    stated = series.dropna(subset=["value"])
    by_period = dict(zip(stated["period"], stated["value"], strict=True))
    out = data.copy()
    at = list(out.columns).index("value") + 1 if "value" in out else len(out.columns)
    out.insert(at, "group_revenue", out["period"].map(by_period))
    return out


def _chart_metrics(spec: ChartSpec) -> list[str]:
    """The metrics a chart draws or divides by, in the order its rows name them."""
    found: list[str] = []
    for rows in (spec.data, spec.cited_rows, spec.citations):
        if rows is not None and "metric" in rows:
            found += [str(m) for m in rows["metric"].dropna()]
    return list(dict.fromkeys(found))


def quarters_across(obs: pd.DataFrame, metrics: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """The subject company's reported quarterly values of `metrics`, the preferred one per quarter (the one
    the charts show), one row per metric and unit in the order given; and every quarter from the first to
    the last, in order (a quarter with no value is an empty column, not a missing one)."""
    rows = obs[obs["preferred"].fillna(False).astype(bool) & obs["metric"].isin(list(metrics)) & obs["value"].notna()]
    rows = rows[(rows["period_kind"] == "quarter") & (rows["basis"] == "reported")]
    if "default_subject" in rows:  # another company's quarters fall on other months: its chart sheets hold them
        rows = rows[rows["default_subject"].fillna(False).astype(bool)]
    if rows.empty:
        return rows, []
    order = {m: i for i, m in enumerate(metrics)}
    rows = rows.assign(_order=rows["metric"].map(order)).sort_values(["_order", "unit", "period_start"], kind="stable")
    rows = rows.drop_duplicates(["metric", "unit", "period"])
    ordered = rows.sort_values("period_start")["period"]
    return rows, quarters_between(str(ordered.iloc[0]), str(ordered.iloc[-1]))


def _comment(row: pd.Series) -> str:
    """A cell's note: where its value comes from (the Values sheet has the link and the whole quote)."""
    if bool(row.get("derived")) is True:
        return f"Derived: {row.get('recipe') or row.get('note') or 'from other cited values'}"
    quote = str(row.get("quote") or "")
    quote = quote if len(quote) <= 300 else quote[:299] + "…"
    return f"{row.get('source_label') or row.get('publisher')} ({row.get('grade_label')}): “{quote}”"


def write_across(writer: _Writer, name: str, obs: pd.DataFrame, metrics: Sequence[str], stamp: str) -> None:
    """The "Quarters across" sheet: metrics as rows and quarters as columns, as an analyst's model lays them out,
    each quarter headed by its fiscal and its calendar label; derived values marked and explained."""
    rows, periods = quarters_across(obs, metrics)
    sheet = writer.book.add_worksheet(name)
    intro = "Each metric by quarter, the value the charts show (the best-graded source, then the newest)"
    sheet.write_string(0, 0, f"{intro} · {stamp}")
    sheet.write_string(1, 0, DERIVED_MARK, writer.derived_text)
    sheet.write_string(1, 1, "derived from other cited values, not stated by a source: the recipe is in the cell's note and "
                       "in the Values sheet's \"Derived as\" column. Every value's source, grade, link and quote: the cell's "
                       "note and the Values sheet.")  # fmt: skip
    head = 3  # the two header rows: fiscal quarter over calendar period
    sheet.write_string(head - 1, 0, "Fiscal quarter", writer.header)
    sheet.write_string(head, 0, "Calendar period", writer.header)
    sheet.write_string(head - 1, 1, "Unit", writer.header)
    sheet.write_blank(head, 1, None, writer.header)
    sheet.set_column(0, 0, 50)  # the longest segment names whole
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, 1 + max(len(periods), 1), 13)
    for col, period in enumerate(periods, start=2):
        quarter = parse_period(period)
        sheet.write_string(head - 1, col, quarter.fiscal_label, writer.header)
        sheet.write_string(head, col, quarter.calendar_label, writer.header)
    column = {p: i for i, p in enumerate(periods, start=2)}
    line = head
    for (_, unit), group in rows.groupby(["_order", "unit"], sort=False) if not rows.empty else []:
        line += 1
        first = group.iloc[0]
        sheet.write_string(line, 0, str(first["name"] if isinstance(first["name"], str) else first["metric"]))
        sheet.write_string(line, 1, unit_label(str(unit)))
        for _, value in group.iterrows():
            derived = bool(value.get("derived")) is True
            at = column[value["period"]]
            sheet.write_number(line, at, float(value["value"]), writer.number_format(str(unit), derived))
            sheet.write_comment(line, at, _comment(value), {"x_scale": 2, "y_scale": 2})
    sheet.freeze_panes(head + 1, 2)


def workbook_bytes(frames: Frames, models: Sequence[PageModel], values: pd.DataFrame | None = None) -> bytes:
    """A workbook of the pages' charts, the metrics they use across the quarters, the values they use (or
    `values`: the whole store's), and the sources."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    writer = _Writer(book)
    taken: set[str] = {ACROSS.lower()}
    stamp = f"{PRODUCT} · {version_line(frames)}"
    used: list[str] = []
    for model in models:
        for block in model.chart_blocks:
            result = block.spec
            if result.is_empty:
                continue
            data = result.data.drop(columns=[c for c in ("cited_by",) if c in result.data])
            data = with_denominator(data, result, frames, model.options)
            writer.table(_sheet_name(chart_title(result), taken), data, _chart_columns(data),
                         f"{chart_title(result)} · {stamp}")  # fmt: skip
            used += _chart_metrics(result)
    obs = frames.observations
    write_across(writer, ACROSS, obs, list(dict.fromkeys(used)), stamp)
    if values is None:
        values = obs[obs["metric"].isin(used)]
    title = f"Every value these charts use, as its source states it or derived from stated ones (see Evidence) · {stamp}"
    writer.table(_sheet_name("Values", taken), values, VALUE_COLUMNS, title, VALUE_LINKS, frozen=1)
    ids = set(values["source"]) if "source" in values else set()
    sources = frames.sources[frames.sources["source"].isin(ids)] if values is not obs else frames.sources
    writer.table(_sheet_name("Sources", taken), sources.sort_values(["grade", "published"], ascending=[True, False]),
                 SOURCE_COLUMNS, f"The sources of these values, best grade first, each linked · {stamp}",
                 SOURCE_LINKS, frozen=1)  # fmt: skip
    book.close()
    return out.getvalue()
