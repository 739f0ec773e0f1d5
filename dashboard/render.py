"""Drawing a page model: one renderer for every page.

Store text (titles, quotes, publishers) reaches Streamlit as table cells, or as Markdown with
every character Markdown or HTML would read escaped (`escape_md`), never as HTML, so nothing in a
hand-edited file can run in the reader's browser or turn into formatting; links are only the
http(s) URLs the schema has already checked, percent-encoded where they go into Markdown.
Nothing here computes: the page model says what to show.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Iterator, Sequence

import plotly.graph_objects as go
import streamlit as st

from dashboard import state
from dashboard.png import INSTALL_HINT, figure_png, find_chromium, modebar_config
from loaders.frames import Frames
from pagemodels.model import (
    Block,
    Card,
    Cards,
    Chart,
    Citation,
    Citations,
    Column,
    Control,
    Downloads,
    Expander,
    PageModel,
    Row,
    Table,
    Text,
)


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


def escape_lines(text: str) -> str:
    """Like escape_md, keeping paragraphs (a blank line) and line breaks as Markdown has them."""
    return "\n\n".join("  \n".join(escape_md(line) for line in part.split("\n")) for part in text.split("\n\n"))


def markdown_url(url: str) -> str:
    """An http(s) URL as a Markdown link target: a ')', space or '<' in it cannot end the link early
    and turn what follows into Markdown."""
    return urllib.parse.quote(url, safe=":/?#&=%+,;@!$*~.-_")


def citation_markdown(citations: tuple[Citation, ...]) -> str:
    """Where a page's headline figures come from, as one caption: figure, source, quote, link.

    One element for all of them, where a popover per card cost four on every rerun; the cards
    carry the same citation in their tooltip.
    """
    lines = []
    for c in citations:
        line = f"**{escape_md(c.label)}**: {escape_md(c.source)}"
        if c.quote:
            line += f" · “{escape_md(c.quote)}”"
        if c.also:
            line += f" · also stated by {escape_md(c.also)}"
        line += f" · [open source]({markdown_url(c.url)})" if c.url else " · no public URL recorded"
        lines.append(line)
    return "  \n".join(lines)


def show_card(card: Card) -> None:
    """One bordered st.metric, where a container with a metric, a caption and a popover was seven
    elements on every rerun."""
    label, detail = escape_md(card.label), escape_md(card.detail) if card.detail else None
    help_text = escape_lines(card.help) if card.help else None
    if card.delta is None:
        st.metric(label, card.value, delta=detail, delta_color="off", delta_arrow="off", help=help_text, border=True)
    else:
        st.metric(label, card.value, delta=card.delta, delta_description=detail, help=help_text, border=True)
    if card.note:
        st.caption(escape_md(card.note))


def show_chart(block: Chart) -> None:
    """Title and subtitle as page text, the figure, its footnote as a caption (all of which wrap on a phone),
    and one compact control with its downloads and a citation to paste."""
    result = block.result
    if result.is_empty:
        st.info(escape_md(result.empty_message or "Nothing to show"))
        return
    key = result.slug
    screen = result.screen
    st.markdown(f"**{escape_md(screen.title)}**" + (f"  \n{escape_md(screen.subtitle)}" if screen.subtitle else ""))
    st.plotly_chart(screen.figure, theme=None, config=modebar_config(result.file_stem, screen.figure), key=f"chart-{key}")
    if screen.footnote:
        st.caption("  \n".join(escape_md(line) for line in screen.footnote))
    figure = result.frozen_figure  # the exported image: title and footnote inside
    with st.popover("Download or cite", key=f"actions-{key}"):
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
        if block.citation:
            st.caption("Cite this chart")
            st.code(block.citation, language=None, wrap_lines=True)


def _slide_pngs(figures: Sequence[go.Figure]) -> Iterator[bytes]:
    """Each figure drawn for a slide, one at a time, by the same renderer as the PNG buttons."""
    from dashboard.deck import SLIDE_CSS_WIDTH, SLIDE_SCALE

    for fig in figures:
        yield figure_png(fig, SLIDE_SCALE, SLIDE_CSS_WIDTH)


def show_page_downloads(model: PageModel, frames: Frames) -> None:
    """The page as a deck (one slide per chart) and as a workbook, made when a button is pressed."""
    from dashboard.deck import deck_bytes
    from dashboard.workbook import workbook_bytes

    if not any(not r.is_empty for r in model.charts):
        return
    stem = f"{model.slug}_{frames.version or 'unversioned'}"
    with st.container(horizontal=True):
        if find_chromium() is None:
            st.caption(INSTALL_HINT)
        else:
            st.download_button(
                "Download deck (PowerPoint)",
                data=lambda: deck_bytes(frames, [model], _slide_pngs),
                file_name=f"{stem}.pptx",
                mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                key="page-deck",
                on_click="ignore",
                help="One 16:9 slide per chart; every value with its source, grade and quote in the speaker notes",
            )
        st.download_button(
            "Download workbook (Excel)",
            data=lambda: workbook_bytes(frames, [model]),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="page-workbook",
            on_click="ignore",
            help="One sheet per chart, every value the page uses with its source link, and the sources",
        )


def _column(column: Column) -> object:
    width = "large" if column.wide else None
    if column.kind == "link":
        return st.column_config.LinkColumn(column.label, display_text="open", help=column.help)
    if column.kind == "number":
        return st.column_config.NumberColumn(column.label, format=column.format, help=column.help)
    if column.kind == "date":
        return st.column_config.DateColumn(column.label, format=column.format or "YYYY-MM-DD", help=column.help)
    if column.kind == "checkbox":
        return st.column_config.CheckboxColumn(column.label, help=column.help)
    return st.column_config.TextColumn(column.label, help=column.help, width=width)


def show_table(table: Table) -> None:
    st.dataframe(
        table.arrow,
        hide_index=True,
        width="stretch",
        column_config={name: _column(column) for name, column in table.columns.items()} or None,
    )


def show_control(control: Control, where: object = st) -> None:
    """A widget bound to its option: it shows the option's applied value, and a change sets the option."""
    key, copy = state.bind(control.option, control.key)
    visibility = "collapsed" if control.hide_label else "visible"
    if control.kind == "select":
        st.session_state[key] = control.value
        where.selectbox(control.label, control.choices, key=key, on_change=copy, format_func=control.label_of,  # type: ignore[attr-defined]
                        help=control.help, label_visibility=visibility)  # fmt: skip
    elif control.kind == "multiselect":
        st.session_state[key] = list(control.value or ())  # type: ignore[call-overload]
        where.multiselect(control.label, control.choices, key=key, on_change=copy, format_func=control.label_of,  # type: ignore[attr-defined]
                          help=control.help, label_visibility=visibility)  # fmt: skip
    elif control.kind == "pills":
        st.session_state[key] = list(control.value or ())  # type: ignore[call-overload]
        where.pills(control.label, control.choices, selection_mode="multi", key=key, on_change=copy,  # type: ignore[attr-defined]
                    format_func=control.label_of, help=control.help, label_visibility=visibility)  # fmt: skip
    elif control.kind == "segmented":
        st.session_state[key] = control.value
        where.segmented_control(control.label, control.choices, key=key, on_change=copy, required=True,  # type: ignore[attr-defined]
                                format_func=control.label_of, label_visibility=visibility)  # fmt: skip
    else:
        st.session_state[key] = control.value
        where.text_input(control.label, key=key, on_change=copy, placeholder=control.placeholder,  # type: ignore[attr-defined]
                         label_visibility=visibility, max_chars=200)  # fmt: skip


def show_block(block: Block, index: int) -> None:
    if isinstance(block, Text):
        if block.kind == "subheader":
            st.subheader(escape_md(block.text))
        elif block.kind == "info":
            st.info(escape_md(block.text))
        else:
            st.caption(escape_md(block.text))
    elif isinstance(block, Cards):
        with st.container(horizontal=True):
            for card in block.cards:
                show_card(card)
    elif isinstance(block, Citations):
        if block.citations:
            (st.caption if block.small else st.markdown)(citation_markdown(block.citations))
    elif isinstance(block, Chart):
        show_chart(block)
    elif isinstance(block, Control):
        show_control(block)
    elif isinstance(block, Row):
        for column, control in zip(st.columns(list(block.widths)), block.controls, strict=True):
            show_control(control, column)
    elif isinstance(block, Table):
        show_table(block)
    elif isinstance(block, Downloads):
        with st.container(horizontal=True):
            for d in block.downloads:
                st.download_button(d.label, d.data, file_name=d.file_name, mime=d.mime, key=d.key, on_click="ignore")
    elif isinstance(block, Expander):
        with st.expander(escape_md(block.label)):
            for i, inner in enumerate(block.blocks):
                show_block(inner, index * 100 + i)


def render_page(model: PageModel, frames: Frames) -> None:
    """The page's title, every block of its model in order, and the page's deck and workbook."""
    st.title(model.title)
    for i, block in enumerate(model.blocks):
        show_block(block, i)
    show_page_downloads(model, frames)
