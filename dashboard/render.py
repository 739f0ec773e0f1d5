"""Putting charts, cards and citations on a page.

Store text (titles, quotes, publishers) is always handed to Streamlit as plain text or as table
cells, never as HTML or Markdown, so nothing in a hand-edited file can run in the reader's
browser; links are only the http(s) URLs the schema has already checked.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from charts.result import ChartResult
from dashboard.png import INSTALL_HINT, figure_png, find_chromium, modebar_config
from loaders.units import format_value


def escape_md(text: str) -> str:
    """Text shown through a Markdown-rendering widget, with every Markdown and HTML character inert."""
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()#+-.!|<>~$:&\"'":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out).replace("\n", " ")


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """A table for st.dataframe, converted once: pages keep it in `derived`, because handing
    st.dataframe a pandas frame converts it to Arrow on every rerun, which cost a table-heavy
    page more than everything else it does."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def safe_link(url: object) -> str | None:
    text = str(url) if isinstance(url, str) else ""
    return text if text.startswith(("https://", "http://")) else None


def show_chart(result: ChartResult, key: str) -> None:
    if result.is_empty:
        st.info(result.empty_message or "Nothing to show")
        return
    figure = result.frozen_figure
    st.plotly_chart(figure, theme=None, config=modebar_config(result.file_stem, figure), key=f"chart-{key}")
    with st.container(horizontal=True):
        if find_chromium() is None:
            st.caption(INSTALL_HINT)
        else:
            st.download_button(
                "Download PNG",
                data=lambda fig=figure: figure_png(fig),
                file_name=f"{result.file_stem}.png",
                mime="image/png",
                key=f"png-{key}",
                on_click="ignore",
                help="Rendered on the server at 2x, white background, with title and sources inside the image",
            )
        st.download_button(
            "Download CSV",
            data=lambda result=result: result.csv,
            file_name=f"{result.file_stem}.csv",
            mime="text/csv",
            key=f"csv-{key}",
            on_click="ignore",
        )


def citation_block(row: pd.Series) -> None:
    """Source, quote and link of one value, as plain text."""
    st.text(f"Source: {row['publisher']}, {row['source_title']}")
    if isinstance(row.get("quote"), str):
        st.text(f"“{row['quote']}”")
    link = safe_link(row.get("url"))
    if link:
        st.link_button("Open source", link)
    else:
        st.caption("No public URL recorded for this source")


def value_card(label: str, row: pd.Series | None, period_style: str, delta: str | None = None, key: str = "") -> None:
    """A headline figure with its period, and its citation one click away.

    `label` may be store text (a metric's name), and st.metric renders its label as Markdown, so it
    is escaped: `**x**` or `[x](…)` in metrics.yaml shows as typed, never as bold text or a link.
    """
    label = escape_md(label)
    with st.container(border=True):
        if row is None:
            st.metric(label, "–", help="Not in the store")
            st.caption("No value in the store")
            return
        st.metric(label, format_value(float(row["value"]), str(row["unit"])), delta=delta, delta_color="normal")
        st.caption(str(row[period_style]))
        with st.popover("Source"):
            citation_block(row)
