"""Sources & data: every value with its citation, what disagrees, what is missing, and downloads."""

import pandas as pd
import pyarrow as pa
import streamlit as st

from charts.result import csv_bytes
from dashboard.data import derived
from dashboard.page import charts, context, draw
from dashboard.render import arrow_table
from loaders.cli import DUMP_COLUMNS
from loaders.curation import gaps_frame
from loaders.derive import conflicts, in_currency, yoy_check

# flagged rows first, then those explained by their basis (the unmapped status), then agreement, then unchecked
STATUS_ORDER = {"differs": 0, "ok": 2, "no reported YoY": 3, "no prior-year value in store": 4}

frames, opts = context()
obs = frames.observations
st.title("Sources & data")
st.caption("Every value in the store with its source and the verbatim quote it was read from.")

f1, f2, f3, f4 = st.columns([2, 2, 2, 3])
metric_names, all_categories, all_publishers = derived(
    frames,
    "source_filters",
    lambda: (
        dict(zip(obs["metric"], obs["name"], strict=False)),
        sorted(obs["category"].unique()),
        sorted(obs["publisher"].unique()),
    ),
)
metrics = f1.multiselect("Metric", sorted(metric_names), format_func=metric_names.__getitem__, key="src_metrics")
categories = f2.multiselect("Category", all_categories, key="src_categories")
publishers = f3.multiselect("Publisher", all_publishers, key="src_publishers")
text = f4.text_input("Search quotes, sources and periods", key="src_search")

# shared between reruns and sessions (dashboard.data.derived): filtering makes new frames, never edits it
view = derived(frames, "in_currency", lambda: in_currency(obs, opts.currency), opts.currency)
TABLE_COLUMNS = ["name", opts.label_column, "value", "unit", "basis", "yoy_pct", "publisher", "source_title", "url",
                 "quote", "note", "line"]  # fmt: skip
table = derived(frames, "values_table", lambda: arrow_table(view[TABLE_COLUMNS]), opts.currency, opts.label_column)
keep = pd.Series(True, index=view.index)
if metrics:
    keep &= view["metric"].isin(metrics)
if categories:
    keep &= view["category"].isin(categories)
if publishers:
    keep &= view["publisher"].isin(publishers)
if text:
    needle = text.lower()
    haystack = (view["name"] + " " + view["period"] + " " + view["fiscal_label"] + " " + view["calendar_label"] + " "
                + view["publisher"] + " " + view["source_title"] + " " + view["quote"]).str.lower()  # fmt: skip
    keep &= haystack.str.contains(needle, regex=False)
if not keep.all():
    view = view[keep]
    table = table.filter(pa.array(keep.to_numpy()))

st.caption(f"{len(view)} of {len(obs)} values")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "name": "Metric",
        opts.label_column: "Period",
        "value": st.column_config.NumberColumn("Value", format="localized"),
        "unit": "Unit",
        "basis": "Basis",
        "yoy_pct": st.column_config.NumberColumn("YoY stated (%)", format="%.1f"),
        "publisher": "Publisher",
        "source_title": "Source",
        "url": st.column_config.LinkColumn("Link", display_text="open"),
        "quote": st.column_config.TextColumn("Quote", width="large"),
        "note": "Note",
        "line": st.column_config.NumberColumn("metrics.yaml line", format="%d"),
    },
)
d1, d2 = st.columns(2)
# the CSV is written when the button is clicked, not on every rerun
d1.download_button(
    "Download these rows (CSV)", lambda view=view: csv_bytes(view[DUMP_COLUMNS]),
    file_name="alibaba-ai-metrics-filtered.csv", mime="text/csv", key="csv-filtered", on_click="ignore",
)  # fmt: skip
d2.download_button(
    "Download the whole store (CSV)", lambda: csv_bytes(obs[DUMP_COLUMNS]),
    file_name="alibaba-ai-metrics-all.csv", mime="text/csv", key="csv-all", on_click="ignore",
)  # fmt: skip

st.subheader("Where sources disagree")
CONFLICT_COLUMNS = ["name", "period", "basis", "value", "unit", "publisher", "quote", "preferred"]
conf = derived(frames, "conflicts_table", lambda: arrow_table(conflicts(obs)[CONFLICT_COLUMNS]))
if not conf.num_rows:
    st.caption("No two sources state different values for the same metric, period and basis.")
else:
    st.caption(
        "Same metric, period and basis, different values: all kept. "
        "Charts use the company's own release first (marked preferred)."
    )
    st.dataframe(
        conf,
        hide_index=True,
        width="stretch",
    )

st.subheader("Reported YoY against YoY recomputed from the store")
check = derived(
    frames,
    "yoy_check",
    lambda: yoy_check(obs).sort_values("status", key=lambda s: s.map(STATUS_ORDER).fillna(1), kind="stable"),
)
if check.empty:
    st.caption("No value has both a stated YoY and a prior-year value in the store.")
else:
    flagged = check["status"].eq("differs")
    st.caption(
        f"{int(flagged.sum())} of {len(check)} differ by more than 1.5 percentage points without a basis that explains it."
    )
    check_table = derived(frames, "yoy_check_table", lambda: arrow_table(check))
    st.dataframe(check_table, hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%.2f")
                                for c in ("computed_yoy_pct", "reported_yoy_pct", "difference_pp")})  # fmt: skip

st.subheader("What is missing")


def gaps_shown() -> pa.Table:
    shown = gaps_frame(obs)
    if not shown.empty:
        shown = shown.copy()
        for col in ("missing_inside", "missing_to_latest"):
            shown[col] = shown[col].map(lambda v: ", ".join(v) if isinstance(v, list | tuple) else v)
    return arrow_table(shown)


shown = derived(frames, "gaps_table", gaps_shown)
if not shown.num_rows:
    st.caption("No quarterly metric has a missing quarter.")
else:
    st.caption(
        "Quarters with no cited value, between a metric's first and last value and up to the store's latest quarter."
    )
    st.dataframe(shown, hide_index=True, width="stretch")
results = charts(frames, "sources", opts)
draw(results, "coverage")

st.subheader("Sources")
SOURCE_COLUMNS = ["title", "publisher", "kind", "published", "accessed", "url", "note"]
st.dataframe(
    derived(frames, "sources_table", lambda: arrow_table(frames.sources[SOURCE_COLUMNS])),
    hide_index=True,
    width="stretch",
    column_config={
        "url": st.column_config.LinkColumn("Link", display_text="open"),
        "published": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "accessed": st.column_config.DateColumn(format="YYYY-MM-DD"),
    },
)
