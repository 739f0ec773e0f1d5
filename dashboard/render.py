"""Putting charts, cards and citations on a page.

Store text (titles, quotes, publishers) reaches Streamlit as table cells, or as Markdown with
every character Markdown or HTML would read escaped (`escape_md`), never as HTML, so nothing in a
hand-edited file can run in the reader's browser or turn into formatting; links are only the
http(s) URLs the schema has already checked, percent-encoded where they go into Markdown.
"""

from __future__ import annotations

import functools
import urllib.parse
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import streamlit as st

from charts.result import ChartResult
from charts.series import is_true
from dashboard.png import INSTALL_HINT, figure_png, find_chromium, modebar_config
from loaders.units import format_value


@functools.lru_cache(maxsize=4096)
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


# how a table shows a source's URL (the URL itself is checked by the schema and safe_link)
LINK_COLUMN = st.column_config.LinkColumn("Link", display_text="open")


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


def markdown_url(url: str) -> str:
    """An http(s) URL as a Markdown link target: a ')', space or '<' in it cannot end the link early
    and turn what follows into Markdown."""
    return urllib.parse.quote(url, safe=":/?#&=%+,;@!$*~.-_")


def source_text(row: pd.Series) -> str:
    """'Publisher, title (grade in words)', and where a value is machine-written, that nothing better states it."""
    grade = row.get("grade_label")
    text = f"{row['publisher']}, {row['source_title']}" + (f" ({grade})" if isinstance(grade, str) else "")
    if is_true(row.get("machine_only")):
        text += "; machine-written, and no better source states this figure"
    return text


def citation_text(row: pd.Series) -> str:
    """Source, grade, quote and the other sources of the same figure as plain text (for a tooltip):
    every character inert."""
    parts = [f"Source: {source_text(row)}"]
    if isinstance(row.get("quote"), str):
        parts.append(f"“{row['quote']}”")
    if isinstance(row.get("also_stated_by"), str) and row["also_stated_by"]:
        parts.append(f"Also stated by: {row['also_stated_by']}")
    return "\n\n".join(escape_md(part) for part in parts)


def citation_markdown(cited: list[tuple[str, pd.Series]]) -> str:
    """Where a page's headline figures come from, as one caption: figure, source, quote, link.

    One element for all of them, where a popover per card cost four (popover, two texts and a
    button) on every rerun; the cards carry the same citation in their tooltip.
    """
    lines = []
    for name, row in cited:
        line = f"**{escape_md(name)}**: {escape_md(source_text(row))}"
        if isinstance(row.get("quote"), str):
            line += f" · “{escape_md(row['quote'])}”"
        if isinstance(row.get("also_stated_by"), str) and row["also_stated_by"]:
            line += f" · also stated by {escape_md(row['also_stated_by'])}"
        link = safe_link(row.get("url"))
        line += f" · [open source]({markdown_url(link)})" if link else " · no public URL recorded"
        lines.append(line)
    return "  \n".join(lines)


@dataclass(frozen=True)
class Card:
    """A headline figure, worked out once per store and options (pages keep cards in `derived`) and
    drawn by `show_card` on every rerun. `label`, `help_text` and `detail` are Markdown: store
    text in them is escaped where the card is made."""

    label: str
    value: str
    help_text: str | None
    detail: str | None = None  # its period, or what it counts: grey, under the value
    delta: str | None = None  # a change (e.g. "+34% YoY"), with `detail` beside it
    note: str | None = None  # a caption under the card, e.g. why a US$ value is missing


def show_card(card: Card) -> None:
    """One bordered st.metric, where a container with a metric, a caption and a popover was seven
    elements on every rerun."""
    if card.delta is None:
        st.metric(card.label, card.value, delta=card.detail, delta_color="off", delta_arrow="off",
                  help=card.help_text, border=True)  # fmt: skip
    else:
        st.metric(card.label, card.value, delta=card.delta, delta_description=card.detail, help=card.help_text,
                  border=True)  # fmt: skip
    if card.note:
        st.caption(card.note)


def value_card(label: str, row: pd.Series | None, period_style: str, delta: str | None = None) -> Card:
    """A headline figure from the store, with its period, and its source and quote in the tooltip.

    `label` may be store text (a metric's name), and st.metric renders its label as Markdown, so it
    is escaped: `**x**` or `[x](…)` in metrics.yaml shows as typed, never as bold text or a link.
    """
    if row is None:
        return Card(escape_md(label), "–", "Not in the store", "No value in the store")
    value = format_value(float(row["value"]), str(row["unit"]))
    detail = str(row[period_style]) + (" · machine-written source" if is_true(row.get("machine_only")) else "")
    return Card(escape_md(label), value, citation_text(row), escape_md(detail), delta)


def single_values_table(rows: list[pd.Series], period_style: str) -> pa.Table:
    """Figures a single source states once, each with its value, date, source, quote and link: a
    table, not a card each, so the quote and link are on screen beside the number."""
    return arrow_table(
        pd.DataFrame(
            {
                "figure": [str(r["name"]) for r in rows],
                "value": [format_value(float(r["value"]), str(r["unit"])) for r in rows],
                "period": [str(r[period_style]) for r in rows],
                "source": [source_text(r) for r in rows],
                "quote": [r["quote"] if isinstance(r.get("quote"), str) else "" for r in rows],
                "url": [safe_link(r.get("url")) for r in rows],
            }
        )
    )
