"""Sources & data: every value as its source states it, with its citation; the checks; downloads.

One table at a time (the selector above it): each st.dataframe is paid on every rerun, in the
script and in the browser, and five of them made this the slowest page of the app.
"""

import contextlib

import pandas as pd
import pyarrow as pa
import streamlit as st

from charts.result import csv_bytes
from dashboard.data import derived
from dashboard.page import charts, context, draw
from dashboard.render import LINK_COLUMN, arrow_table
from loaders.cli import DUMP_COLUMNS
from loaders.curation import gaps_frame
from loaders.derive import conflicts, rounding_twins, yoy_check

# flagged rows first, then those explained by their basis (the unmapped status), then agreement, then unchecked
STATUS_ORDER = {"differs": 0, "ok": 2, "no reported YoY": 3, "no prior-year value in store": 4}
VIEWS = {
    "values": "Values and quotes",
    "conflicts": "Where sources disagree",
    "yoy": "Stated YoY checked",
    "gaps": "What is missing",
    "sources": "Sources",
}
VALUE_COLUMNS = ["name", "fiscal_label", "calendar_label", "value", "unit", "value_usd", "basis", "yoy_pct", "preferred",
                 "publisher", "grade_label", "source_title", "url", "quote", "note", "line"]  # fmt: skip
GRADE_HELP = (
    "How much the source's word counts: Alibaba release (its own release or filing, or a verbatim copy), major outlet, "
    "other site, machine-written. The best grade decides which value is shown."
)
SEARCHED = ["metric", "name", "category", "period", "fiscal_label", "calendar_label", "publisher", "source_title", "quote"]

frames, opts = context()
obs = frames.observations
st.title("Sources & data")
st.caption(
    "Every value in the store as its source states it, in the source's own unit (US$ only where the source states it), "
    "with the verbatim quote it was read from."
)
view = st.segmented_control(
    "Table", list(VIEWS), format_func=VIEWS.__getitem__, default="values", required=True, key="src_view",
    label_visibility="collapsed",
)  # fmt: skip


def values_view() -> None:
    text = st.text_input(
        "Filter the values", key="src_search", label_visibility="collapsed",
        placeholder="Filter: words that must all appear in the metric, category, period, publisher, source or quote",
    )  # fmt: skip
    table = derived(frames, "values_table", lambda: arrow_table(obs[VALUE_COLUMNS]))
    shown = obs
    words = text.lower().split()
    if words:
        haystack = derived(frames, "values_haystack", lambda: obs[SEARCHED].astype(str).agg(" ".join, axis=1).str.lower())
        keep = pd.Series(True, index=obs.index)
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
        shown = obs[keep]
        table = table.filter(pa.array(keep.to_numpy()))
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "name": "Metric",
            "fiscal_label": "Quarter (fiscal)",
            "calendar_label": "Period (calendar)",
            "value": st.column_config.NumberColumn("Value", format="localized"),
            "unit": "Unit",
            "value_usd": st.column_config.NumberColumn("US$ bn, as stated", format="localized"),
            "basis": "Basis",
            "yoy_pct": st.column_config.NumberColumn("YoY stated (%)", format="%.1f"),
            "preferred": st.column_config.CheckboxColumn("Shown", help="The value charts and cards show (see the rule below)"),
            "publisher": "Publisher",
            "grade_label": st.column_config.TextColumn("Grade", help=GRADE_HELP),
            "source_title": "Source",
            "url": LINK_COLUMN,
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "note": "Note",
            "line": st.column_config.NumberColumn("metrics.yaml line", format="%d"),
        },
    )
    # the CSV is written when the button is clicked, not on every rerun; unfiltered, the rows are the store.
    # The buttons say how many rows the filter keeps.
    with st.container(horizontal=True) if words else contextlib.nullcontext():
        if words:
            st.download_button(
                f"Download these {len(shown)} of {len(obs)} values (CSV)", lambda shown=shown: csv_bytes(shown[DUMP_COLUMNS]),
                file_name="alibaba-ai-metrics-filtered.csv", mime="text/csv", key="csv-filtered", on_click="ignore",
            )  # fmt: skip
        st.download_button(
            f"Download all {len(obs)} values (CSV)", lambda: csv_bytes(obs[DUMP_COLUMNS]),
            file_name="alibaba-ai-metrics-all.csv", mime="text/csv", key="csv-all", on_click="ignore",
        )  # fmt: skip


def conflicts_view() -> None:
    columns = ["kind", "name", "period", "basis", "value", "unit", "yoy_pct", "preferred", "publisher", "grade_label", "quote"]
    conf = derived(frames, "conflicts_table", lambda: arrow_table(conflicts(obs)[columns]))
    twins = derived(frames, "twins_table", lambda: arrow_table(rounding_twins(obs).drop(columns=["metric"])))
    st.caption(
        "Same metric, period and basis, stated differently by different sources: every value is kept. "
        "The value shown on charts and cards is ticked: the best-graded source's figure (Alibaba release, then major "
        "outlet, then other site, then machine-written), then the newest."
    )
    if conf.num_rows:
        st.dataframe(
            conf, hide_index=True, width="stretch",
            column_config={
                "kind": st.column_config.TextColumn("Disagreement", help="values differ: two different figures; "
                                                    "growth differs: one figure, two stated growth rates"),
                "name": "Metric", "period": "Period", "basis": "Basis",
                "value": st.column_config.NumberColumn("Value", format="localized"), "unit": "Unit",
                "yoy_pct": st.column_config.NumberColumn("YoY stated (%)", format="%.1f"),
                "preferred": st.column_config.CheckboxColumn("Shown"), "publisher": "Publisher",
                "grade_label": st.column_config.TextColumn("Grade", help=GRADE_HELP),
                "quote": st.column_config.TextColumn("Quote", width="large"),
            },
        )  # fmt: skip
    else:
        st.caption("No two sources state different figures or growth rates for the same metric, period and basis.")
    if twins.num_rows:
        st.caption(
            f"Rounding twins, {twins.num_rows} figures: the same figure at another precision (26.5 and 26.549) is one "
            "figure, shown at its most exact value from a source graded above machine-written, with every source cited."
        )
        st.dataframe(
            twins, hide_index=True, width="stretch",
            column_config={"name": "Metric", "period": "Period", "basis": "Basis", "unit": "Unit",
                           "value": st.column_config.NumberColumn("Value shown", format="localized"),
                           "other_values": "Also stated as", "sources": "Sources, best grade first",
                           "shown": st.column_config.CheckboxColumn("Shown figure")},
        )  # fmt: skip


def yoy_view() -> None:
    check = derived(
        frames,
        "yoy_check",
        lambda: yoy_check(obs).sort_values("status", key=lambda s: s.map(STATUS_ORDER).fillna(1), kind="stable"),
    )
    if check.empty:
        st.caption("No value has both a stated YoY and a prior-year value in the store.")
        return
    flagged = int(check["status"].eq("differs").sum())
    st.caption(
        f"Stated YoY against YoY recomputed from the store: {flagged} of {len(check)} differ by more than "
        "1.5 percentage points without a basis that explains it."
    )
    st.dataframe(derived(frames, "yoy_check_table", lambda: arrow_table(check)), hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%.2f")
                                for c in ("computed_yoy_pct", "reported_yoy_pct", "difference_pp")})  # fmt: skip


def gaps_shown() -> pa.Table:
    shown = gaps_frame(obs)
    if not shown.empty:
        shown = shown.copy()
        for col in ("missing_inside", "missing_to_latest"):
            shown[col] = shown[col].map(lambda v: ", ".join(v) if isinstance(v, list | tuple) else v)
    return arrow_table(shown)


def gaps_view() -> None:
    shown = derived(frames, "gaps_table", gaps_shown)
    if not shown.num_rows:
        st.caption("No quarterly metric has a missing quarter.")
        return
    st.caption("Quarters with no cited value, between a metric's first and last value and up to the store's latest quarter.")
    st.dataframe(shown, hide_index=True, width="stretch")


def sources_view() -> None:
    columns = ["title", "publisher", "grade_label", "kind", "published", "accessed", "url", "note"]
    st.caption(f"{len(frames.sources)} sources; every value above names one of them.")
    st.dataframe(
        derived(frames, "sources_table", lambda: arrow_table(frames.sources[columns])),
        hide_index=True,
        width="stretch",
        column_config={
            "url": LINK_COLUMN,
            "grade_label": st.column_config.TextColumn("Grade", help=GRADE_HELP),
            "published": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "accessed": st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
    )


{"values": values_view, "conflicts": conflicts_view, "yoy": yoy_view, "gaps": gaps_view, "sources": sources_view}[
    view or "values"
]()
draw(charts(frames, "sources", opts), "coverage")
