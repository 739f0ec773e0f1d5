"""Sources & data: every value as its source states it, with its citation; the checks; downloads.

One table at a time (the selector above it): each table is paid on every rerun, in the script and
in the browser, and five of them made this the slowest page of the app.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pandas as pd

from charts.coverage import coverage_figure
from charts.options import ViewOptions
from charts.result import csv_bytes
from loaders.authority import grade_order
from loaders.calendar import label
from loaders.cli import DUMP_COLUMNS
from loaders.curation import gaps_frame, store_latest_quarter
from loaders.derive import YOY_TOLERANCE_PP, conflicts, rounding_twins, yoy_check
from loaders.frames import Frames
from loaders.product import FILE_PREFIX
from loaders.units import format_value, unit_label
from loaders.vocab import BASES, SOURCE_KINDS
from pagemodels.common import chart
from pagemodels.model import Block, Column, Control, Download, Downloads, PageModel, Row, Table, Text
from pagemodels.options import SOURCES_TABLES

TITLE = "Sources & data"
TABLE_NAMES = {
    "values": "Values and quotes",
    "conflicts": "Where sources disagree",
    "yoy": "Stated YoY checked",
    "gaps": "What is missing",
    "sources": "Sources",
}
GRADE_HELP = (
    f"How much the source's word counts: {grade_order(', ')} (a verbatim copy of a company's document counts as it). "
    "The best grade decides which value is shown."
)
GRADE = Column("Grade", help=GRADE_HELP)
LINK = Column("Link", "link")
QUOTE_LINK = Column("Link", "link", help="Opens the source at the quoted words where the browser can (not in PDFs)")
EVIDENCE = Column(
    "Evidence", help="Stated in the document; a copy, and where it was read; or the original a copy names, not opened here"
)
VALUE_COLUMNS = {
    "name": Column("Metric"), "fiscal_label": Column("Quarter (fiscal)"), "calendar_label": Column("Period (calendar)"),
    "value": Column("Value", "number", "localized"), "unit": Column("Unit"),
    "value_usd": Column("US$ bn, as stated", "number", "localized"), "basis": Column("Basis"),
    "yoy_pct": Column("YoY stated (%)", "number", "%.1f"),
    "preferred": Column("Shown", "checkbox", help="The value charts and cards show (see the rule under Where sources disagree)"),
    "publisher": Column("Publisher"), "grade_label": GRADE, "source_title": Column("Source"),
    "evidence_label": EVIDENCE, "link_to_quote": QUOTE_LINK, "quote": Column("Quote", wide=True), "note": Column("Note"),
    "line": Column("metrics.yaml line", "number", "%d"),
}  # fmt: skip
SEARCHED = ["metric", "name", "category", "period", "fiscal_label", "calendar_label", "publisher", "source_title", "quote"]
# flagged rows first, then those explained by their basis (the unmapped status), then agreement, then unchecked
STATUS_ORDER = {"differs": 0, "ok": 2, "no reported YoY": 3, "no prior-year value in store": 4}
STATUS_WORDS = {
    "differs": "Differs",
    "ok": "Agrees",
    "no reported YoY": "No growth stated",
    "no prior-year value in store": "No year-earlier value",
}
EXPLAINED = "Differs, explained by basis"
NOT_STATED = "–"  # a number no source states, in a column of numbers that has gaps
# Rows of a table shown at once. Streamlit sends the whole table to the browser on every rerun, so a
# table of one row per value made the page's rerun grow with the store (2.5x at ten times the
# values); a longer table is shown a page at a time, and its downloads still hold every row.
PAGE_ROWS = 1000
PAGE_OPTION = "table_page"
KIND_WORDS = {"values differ": "Two figures", "recipe differs": "Year against its quarters", "growth differs": "Two growth rates"}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def _number_text(value: float, fmt: str | None) -> str:
    if fmt and fmt.startswith("%"):
        return fmt % value
    return f"{value:,.10g}"


def shown_table(key: str, frame: pd.DataFrame, columns: dict[str, Column]) -> Table:
    """A table as a reader sees it: the named columns only, in their order, and no empty cell that the
    grid would print as "None". Text and links with nothing to say are blank; a column of numbers with
    gaps becomes text, each gap a dash, since the grid has no other way to show "not stated"."""
    out = frame[list(columns)].copy()
    shown = dict(columns)
    for name, column in columns.items():
        cells = out[name]
        if column.kind in ("text", "link"):
            out[name] = ["" if _missing(v) else str(v) for v in cells]
        elif column.kind == "number" and cells.isna().any():
            out[name] = [NOT_STATED if _missing(v) else _number_text(float(v), column.format) for v in cells]
            shown[name] = dataclasses.replace(column, kind="text", format=None)
    return Table(key, out.reset_index(drop=True), shown)


def source_counts(frames: Frames) -> tuple[int, int, int]:
    """How many sources state at least one value, how many more only an event or a plan, and how many are
    listed without either (named in a note, or kept for a figure that was taken out)."""
    listed = set(frames.sources["source"])
    of_values = set(frames.observations["source"]) & listed
    of_events = set(frames.events["source"]) | set(frames.plans.get("source", ())) | set(frames.plans.get("amount_source", ()))
    only_events = (of_events & listed) - of_values
    return len(of_values), len(only_events), len(listed - of_values - only_events)


def source_names(frames: Frames) -> dict[str, str]:
    """Each source as readers know it: 'Publisher, title'."""
    return dict(zip(frames.sources["source"], frames.sources["source_label"], strict=True))


def period_words(code: object, opts: ViewOptions) -> str:
    return label(str(code), opts.labels) if isinstance(code, str) and code else ""


def words_of(frame: pd.DataFrame, opts: ViewOptions) -> pd.DataFrame:
    """Units, bases and periods of a table's rows in the words the charts use (ids stay in the CSV)."""
    out = frame.copy()
    if "unit" in out:
        out["unit"] = out["unit"].map(unit_label)
    if "basis" in out:
        out["basis"] = out["basis"].map(lambda b: BASES.get(b, b))
    for col in ("period", "prior_period", "first_period", "last_period"):
        if col in out:
            out[col] = out[col].map(lambda c: period_words(c, opts))
    return out


def filtered(obs: pd.DataFrame, words: str) -> pd.DataFrame:
    """The values whose metric, category, period, publisher, source or quote contain every word, in any case."""
    wanted = words.lower().split()
    if not wanted:
        return obs
    haystack = obs[SEARCHED].astype(str).agg(" ".join, axis=1).str.lower()
    keep = pd.Series(True, index=obs.index)
    for word in wanted:
        keep &= haystack.str.contains(word, regex=False)
    return obs[keep]


def page_of(frame: pd.DataFrame, opts: ViewOptions, what: str) -> tuple[pd.DataFrame, list[Block]]:
    """The rows of the reader's page of a long table, and the control that picks the page (none for a short
    table). A page past the end (the filter left fewer rows) is the last one."""
    pages = max(1, math.ceil(len(frame) / PAGE_ROWS))
    if pages == 1:
        return frame, []
    wanted = int(opts.table_page) if opts.table_page.isascii() and opts.table_page.isdigit() else 1
    page = min(max(wanted, 1), pages)
    choices = tuple(str(i) for i in range(1, pages + 1))
    words = tuple(
        (str(i), f"Rows {(i - 1) * PAGE_ROWS + 1:,}–{min(i * PAGE_ROWS, len(frame)):,} of {len(frame):,} {what}")
        for i in range(1, pages + 1)
    )
    control = Control(PAGE_OPTION, "select", "Rows shown", choices, str(page), words, hide_label=True, widget="src_page",
                      help=f"{PAGE_ROWS:,} rows at a time; the downloads hold every row")  # fmt: skip
    start = (page - 1) * PAGE_ROWS
    return frame.iloc[start : start + PAGE_ROWS], [control]


def applied_page(blocks: list[Block]) -> str:
    """The page a view shows (its page control's value), "1" when its table fits on one."""
    controls = [c for b in blocks for c in (b.controls if isinstance(b, Row) else (b,)) if isinstance(c, Control)]
    return next((str(c.value) for c in controls if c.option == PAGE_OPTION), "1")


def values_view(obs: pd.DataFrame, opts: ViewOptions) -> list[Block]:
    shown = filtered(obs, opts.words)
    rows, pager = page_of(shown, opts, "values")
    placeholder = "Filter: words that must all appear in the metric, category, period, publisher, source or quote"
    search = Control("words", "text", "Filter the values", value=opts.words, hide_label=True, widget="src_search",
                     placeholder=placeholder)  # fmt: skip
    blocks: list[Block] = [
        Row((search, *pager), (3, 1)) if pager else search,  # the page beside the filter, when there are pages
        shown_table("values", words_of(rows, opts), VALUE_COLUMNS),
    ]
    # written when a button is clicked, not on every rerun; unfiltered, the rows are the store
    downloads = []
    if opts.words.split():
        downloads.append(
            Download(
                f"Download these {len(shown)} of {len(obs)} values (CSV)",
                f"{FILE_PREFIX}-metrics-filtered.csv",
                "text/csv",
                lambda: csv_bytes(shown[DUMP_COLUMNS]),
                "csv-filtered",
            )
        )
    downloads.append(
        Download(
            f"Download all {len(obs)} values (CSV)",
            f"{FILE_PREFIX}-metrics-all.csv",
            "text/csv",
            lambda: csv_bytes(obs[DUMP_COLUMNS]),
            "csv-all",
        )
    )
    return [*blocks, Downloads(tuple(downloads))]


CONFLICT_COLUMNS = {
    "kind": Column("Disagreement", help="Two figures: the sources state different amounts. Year against its quarters: "
                   "a stated year and the sum of its four stated quarters differ by more than their rounding. Two growth "
                   "rates: one amount, with different stated growth."),
    "name": Column("Metric"), "period": Column("Period"), "basis": Column("Basis"),
    "value": Column("Value", "number", "localized"), "unit": Column("Unit"),
    "yoy_pct": Column("YoY stated (%)", "number", "%.1f"), "preferred": Column("Shown", "checkbox"),
    "publisher": Column("Publisher"), "grade_label": GRADE, "quote": Column("Quote", wide=True),
}  # fmt: skip
TWIN_COLUMNS = {
    "name": Column("Metric"), "period": Column("Period"), "basis": Column("Basis"), "unit": Column("Unit"),
    "value": Column("Value shown", "number", "localized"), "other_values": Column("Also stated as"),
    "sources": Column("Sources, best grade first"), "shown": Column("Shown figure", "checkbox"),
}  # fmt: skip


def conflicts_view(obs: pd.DataFrame, opts: ViewOptions) -> list[Block]:
    found = words_of(conflicts(obs), opts)
    found["kind"] = found["kind"].map(lambda k: KIND_WORDS.get(k, k))
    twins = words_of(rounding_twins(obs), opts)
    blocks: list[Block] = [
        Text(
            "Same metric, period and basis, stated differently by different sources: every value is kept. The value "
            f"shown on charts and cards is ticked: the best-graded source's figure ({grade_order()}), then the newest."
        )
    ]
    if found.empty:
        blocks.append(Text("No two sources state different figures or growth rates for the same metric, period and basis."))
    else:
        blocks.append(shown_table("conflicts", found, CONFLICT_COLUMNS))
    if not twins.empty:
        blocks += [
            Text(
                f"Rounding twins, {len(twins)} figures: the same figure at another precision (26.5 and 26.549) is one "
                "figure, shown at its most exact value from a source graded above machine-written, with every source cited."
            ),
            shown_table("twins", twins, TWIN_COLUMNS),
        ]
    return blocks


YOY_COLUMNS = {
    "name": Column("Metric"), "period": Column("Period"), "basis": Column("Basis"),
    "value": Column("Value", "number", "localized"), "unit": Column("Unit"), "prior_period": Column("Year-earlier period"),
    "prior_value": Column("Year-earlier value", "number", "localized"),
    "reported_yoy_pct": Column("Growth stated (%)", "number", "%.1f"),
    "computed_yoy_pct": Column("Growth recomputed (%)", "number", "%.1f"),
    "difference_pp": Column("Recomputed less stated (pp)", "number", "%+.1f"),
    "status": Column("Check", help=f"Differs: the stated growth and the growth recomputed from the cited values are "
                     f"more than {YOY_TOLERANCE_PP:g} percentage points apart, more than rounding explains."),
    "why": Column("What the check found", wide=True), "source": Column("Source"),
}  # fmt: skip


def yoy_finding(r: pd.Series) -> str:
    """The check of one stated growth rate in words: what differs from what, and by how much."""
    status = str(r["status"])
    unit = str(r["unit_id"])
    if status == "no prior-year value in store":
        return f"No value for {r['prior_period']} is cited, so this growth cannot be recomputed."
    recomputed = (
        f"{r['computed_yoy_pct']:+.1f}% recomputed from {format_value(float(r['prior_value']), unit)} in "
        f"{r['prior_period']} to {format_value(float(r['value']), unit)}"
    )
    if status == "no reported YoY":
        return f"No growth is stated with this value; {recomputed}."
    gap = float(r["difference_pp"])
    stated = f"{r['reported_yoy_pct']:+.1f}% stated"
    if status == "ok":
        return f"{stated}; {recomputed}: within {YOY_TOLERANCE_PP:g} pp."
    side = "above" if gap > 0 else "below"
    found = f"{stated}; {recomputed}, {abs(gap):.1f} pp {side} the stated growth."
    if status != "differs":  # the basis explains it: the value and the year-earlier one are measured differently
        found += f" The value is {r['basis']}, the year-earlier one as reported, which accounts for a difference."
    return found


def yoy_view(frames: Frames, opts: ViewOptions) -> list[Block]:
    obs = frames.observations
    check = yoy_check(obs).sort_values("status", key=lambda s: s.map(STATUS_ORDER).fillna(1), kind="stable")
    if check.empty:
        return [Text("No value has both a stated YoY and a cited year-earlier value.")]
    flagged = int(check["status"].eq("differs").sum())
    metrics = frames.metrics.set_index("metric")
    check = check.assign(
        name=check["metric"].map(metrics["name"]),
        unit_id=check["metric"].map(metrics["unit"]),
        source=check["source"].map(source_names(frames)),
    )
    check["unit"] = check["unit_id"]
    checked = len(check)
    check, pager = page_of(check, opts, "growth rates")
    check = words_of(check, opts)
    check["why"] = [yoy_finding(r) for _, r in check.iterrows()]
    check["status"] = check["status"].map(lambda v: STATUS_WORDS.get(v, EXPLAINED))
    return [
        Text(
            f"Each stated growth rate against the growth recomputed from the cited value and the cited value a year "
            f"earlier: {flagged} of {checked} differ by more than {YOY_TOLERANCE_PP:g} percentage points (more than "
            "rounding explains) without a basis that explains it. They are listed first, each with what differs."
        ),
        *pager,
        shown_table("yoy", check, YOY_COLUMNS),
    ]


GAP_COLUMNS = {
    "name": Column("Metric"), "first_period": Column("First quarter"), "last_period": Column("Latest quarter"),
    "observed": Column("Quarters with a value", "number", "%d"), "missing_inside": Column("Missing in between"),
    "missing_to_latest": Column("Missing since its latest"),
    "stale": Column("Behind the newest quarter", "checkbox"),
}  # fmt: skip


def gaps_view(frames: Frames, opts: ViewOptions) -> list[Block]:
    obs = frames.observations
    shown = gaps_frame(obs)
    if shown.empty:
        return [Text("No quarterly metric has a missing quarter.")]
    shown = words_of(shown, opts)
    for col in ("missing_inside", "missing_to_latest"):
        shown[col] = shown[col].map(lambda v: ", ".join(period_words(c, opts) for c in v) if len(v) else "none")
    newest = period_words(store_latest_quarter(obs, frames.default_subject), opts)
    return [
        Text(
            "Quarters with no cited value: between a metric's first and latest value, and after its latest up to "
            f"its company's newest quarter ({newest} for {frames.company_name()}), each in its company's own fiscal quarters."
        ),
        shown_table("gaps", shown, GAP_COLUMNS),
    ]


SOURCE_COLUMNS = {
    "title": Column("Title"), "publisher": Column("Publisher"), "grade_label": GRADE, "kind": Column("Kind"),
    "published": Column("Published", "date", "YYYY-MM-DD"), "accessed": Column("Accessed", "date", "YYYY-MM-DD"),
    "evidence_label": EVIDENCE, "url": LINK, "note": Column("Note"),
}  # fmt: skip


def sources_text(frames: Frames) -> str:
    """How many sources there are and what each group is cited for, so the counts here and in the sidebar agree."""
    of_values, only_events, neither = source_counts(frames)
    parts = [f"{of_values} state at least one value"]
    if only_events:
        parts.append(f"{only_events} more are cited only for an event or a plan")
    if neither:
        parts.append(f"{neither} are listed without a value or event of their own")
    return f"{len(frames.sources)} sources: " + "; ".join(parts) + "."


def sources_view(frames: Frames) -> list[Block]:
    listed = frames.sources.assign(kind=frames.sources["kind"].map(lambda k: SOURCE_KINDS.get(k, k)))
    return [Text(sources_text(frames)), shown_table("sources", listed, SOURCE_COLUMNS)]


def build(frames: Frames, opts: ViewOptions, today: dt.date) -> PageModel:
    obs = frames.observations
    view = {
        "values": lambda: values_view(obs, opts),
        "conflicts": lambda: conflicts_view(obs, opts),
        "yoy": lambda: yoy_view(frames, opts),
        "gaps": lambda: gaps_view(frames, opts),
        "sources": lambda: sources_view(frames),
    }[opts.table]()
    blocks = (
        Text(
            "Every value in this dashboard as its source states it, in the source's own unit (US$ only where the source "
            "states it), with the verbatim quote it was read from; a value derived from stated figures where no source "
            "states it says so, with its recipe."
        ),
        Control(
            "table",
            "segmented",
            "Table",
            SOURCES_TABLES,
            opts.table,
            tuple(TABLE_NAMES.items()),
            hide_label=True,
            widget="src_view",
        ),
        *view,
        chart(frames, coverage_figure(obs, opts, frames.default_subject)),
    )
    opts = dataclasses.replace(opts, table_page=applied_page(view))
    return PageModel("sources", TITLE, blocks, opts, today)
