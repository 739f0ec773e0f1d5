"""Sources & data: every value as its source states it, with its citation; the checks; downloads.

One table at a time (the selector above it): each table is paid on every rerun, in the script and
in the browser, and five of them made this the slowest page of the app.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from charts.coverage import coverage_figure
from charts.options import ViewOptions
from charts.result import csv_bytes
from loaders.cli import DUMP_COLUMNS
from loaders.curation import gaps_frame
from loaders.derive import YOY_TOLERANCE_PP, conflicts, rounding_twins, yoy_check
from loaders.frames import Frames
from pagemodels.common import chart
from pagemodels.model import Block, Column, Control, Download, Downloads, PageModel, Table, Text
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
    "How much the source's word counts: Alibaba release (its own release or filing, or a verbatim copy), major outlet, "
    "other site, machine-written. The best grade decides which value is shown."
)
GRADE = Column("Grade", help=GRADE_HELP)
LINK = Column("Link", "link")
VALUE_COLUMNS = {
    "name": Column("Metric"), "fiscal_label": Column("Quarter (fiscal)"), "calendar_label": Column("Period (calendar)"),
    "value": Column("Value", "number", "localized"), "unit": Column("Unit"),
    "value_usd": Column("US$ bn, as stated", "number", "localized"), "basis": Column("Basis"),
    "yoy_pct": Column("YoY stated (%)", "number", "%.1f"),
    "preferred": Column("Shown", "checkbox", help="The value charts and cards show (see the rule under Where sources disagree)"),
    "publisher": Column("Publisher"), "grade_label": GRADE, "source_title": Column("Source"), "url": LINK,
    "quote": Column("Quote", wide=True), "note": Column("Note"), "line": Column("metrics.yaml line", "number", "%d"),
}  # fmt: skip
SEARCHED = ["metric", "name", "category", "period", "fiscal_label", "calendar_label", "publisher", "source_title", "quote"]
# flagged rows first, then those explained by their basis (the unmapped status), then agreement, then unchecked
STATUS_ORDER = {"differs": 0, "ok": 2, "no reported YoY": 3, "no prior-year value in store": 4}


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


def values_view(obs: pd.DataFrame, opts: ViewOptions) -> list[Block]:
    shown = filtered(obs, opts.words)
    blocks: list[Block] = [
        Control("words", "text", "Filter the values", value=opts.words, hide_label=True, widget="src_search",
                placeholder="Filter: words that must all appear in the metric, category, period, publisher, source or quote"),
        Table("values", shown[list(VALUE_COLUMNS)], VALUE_COLUMNS),
    ]  # fmt: skip
    # written when a button is clicked, not on every rerun; unfiltered, the rows are the store
    downloads = []
    if opts.words.split():
        downloads.append(
            Download(
                f"Download these {len(shown)} of {len(obs)} values (CSV)",
                "alibaba-ai-metrics-filtered.csv",
                "text/csv",
                lambda: csv_bytes(shown[DUMP_COLUMNS]),
                "csv-filtered",
            )
        )
    downloads.append(
        Download(
            f"Download all {len(obs)} values (CSV)",
            "alibaba-ai-metrics-all.csv",
            "text/csv",
            lambda: csv_bytes(obs[DUMP_COLUMNS]),
            "csv-all",
        )
    )
    return [*blocks, Downloads(tuple(downloads))]


def conflicts_view(obs: pd.DataFrame) -> list[Block]:
    columns = ["kind", "name", "period", "basis", "value", "unit", "yoy_pct", "preferred", "publisher", "grade_label", "quote"]
    found = conflicts(obs)[columns]
    twins = rounding_twins(obs).drop(columns=["metric"])
    blocks: list[Block] = [
        Text(
            "Same metric, period and basis, stated differently by different sources: every value is kept. The value "
            "shown on charts and cards is ticked: the best-graded source's figure (Alibaba release, then major outlet, "
            "then other site, then machine-written), then the newest."
        )
    ]
    if found.empty:
        blocks.append(Text("No two sources state different figures or growth rates for the same metric, period and basis."))
    else:
        blocks.append(
            Table(
                "conflicts", found,
                {"kind": Column("Disagreement", help="values differ: two different figures; growth differs: one figure, "
                                "two stated growth rates"),
                 "name": Column("Metric"), "period": Column("Period"), "basis": Column("Basis"),
                 "value": Column("Value", "number", "localized"), "unit": Column("Unit"),
                 "yoy_pct": Column("YoY stated (%)", "number", "%.1f"), "preferred": Column("Shown", "checkbox"),
                 "publisher": Column("Publisher"), "grade_label": GRADE, "quote": Column("Quote", wide=True)},
            )
        )  # fmt: skip
    if not twins.empty:
        blocks += [
            Text(
                f"Rounding twins, {len(twins)} figures: the same figure at another precision (26.5 and 26.549) is one "
                "figure, shown at its most exact value from a source graded above machine-written, with every source cited."
            ),
            Table(
                "twins", twins,
                {"name": Column("Metric"), "period": Column("Period"), "basis": Column("Basis"), "unit": Column("Unit"),
                 "value": Column("Value shown", "number", "localized"), "other_values": Column("Also stated as"),
                 "sources": Column("Sources, best grade first"), "shown": Column("Shown figure", "checkbox")},
            ),
        ]  # fmt: skip
    return blocks


def yoy_view(obs: pd.DataFrame) -> list[Block]:
    check = yoy_check(obs).sort_values("status", key=lambda s: s.map(STATUS_ORDER).fillna(1), kind="stable")
    if check.empty:
        return [Text("No value has both a stated YoY and a cited year-earlier value.")]
    flagged = int(check["status"].eq("differs").sum())
    number = {
        "metric": Column("Metric"), "period": Column("Period"), "basis": Column("Basis"),
        "value": Column("Value", "number", "localized"), "prior_period": Column("Year-earlier period"),
        "prior_value": Column("Year-earlier value", "number", "localized"),
        "computed_yoy_pct": Column("Growth recomputed (%)", "number", "%.2f"),
        "reported_yoy_pct": Column("Growth stated (%)", "number", "%.2f"),
        "difference_pp": Column("Difference (pp)", "number", "%.2f"), "status": Column("Check"), "source": Column("Source"),
    }  # fmt: skip
    return [
        Text(
            f"Stated growth against growth recomputed from the cited values: {flagged} of {len(check)} differ by more than "
            f"{YOY_TOLERANCE_PP:g} percentage points without a basis that explains it."
        ),
        Table("yoy", check, number),
    ]


def gaps_view(obs: pd.DataFrame) -> list[Block]:
    shown = gaps_frame(obs)
    if shown.empty:
        return [Text("No quarterly metric has a missing quarter.")]
    shown = shown.copy()
    for col in ("missing_inside", "missing_to_latest"):
        shown[col] = shown[col].map(lambda v: ", ".join(v) if isinstance(v, list | tuple) else v)
    return [
        Text(
            "Quarters with no cited value, between a metric's first and last value and up to the newest quarter any metric has."
        ),
        Table("gaps", shown),
    ]


def sources_view(frames: Frames) -> list[Block]:
    columns = {
        "title": Column("Title"), "publisher": Column("Publisher"), "grade_label": GRADE, "kind": Column("Kind"),
        "published": Column("Published", "date", "YYYY-MM-DD"), "accessed": Column("Accessed", "date", "YYYY-MM-DD"),
        "url": LINK, "note": Column("Note"),
    }  # fmt: skip
    return [
        Text(f"{len(frames.sources)} sources; every value above names one of them."),
        Table("sources", frames.sources[list(columns)], columns),
    ]


def build(frames: Frames, opts: ViewOptions, today: dt.date) -> PageModel:
    obs = frames.observations
    view = {
        "values": lambda: values_view(obs, opts),
        "conflicts": lambda: conflicts_view(obs),
        "yoy": lambda: yoy_view(obs),
        "gaps": lambda: gaps_view(obs),
        "sources": lambda: sources_view(frames),
    }[opts.table]()
    blocks = (
        Text(
            "Every value in this dashboard as its source states it, in the source's own unit (US$ only where the source "
            "states it), with the verbatim quote it was read from."
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
        chart(frames, coverage_figure(obs, opts)),
    )
    return PageModel("sources", TITLE, blocks, opts, today)
