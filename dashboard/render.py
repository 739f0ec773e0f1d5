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
from typing import Any

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


@functools.lru_cache(maxsize=1024)
def escape_lines(text: str) -> str:
    """Like escape_md, keeping paragraphs (a blank line) and line breaks as Markdown has them."""
    return "\n\n".join("  \n".join(escape_md(line) for line in part.split("\n")) for part in text.split("\n\n"))


def markdown_url(url: str) -> str:
    """An http(s) URL as a Markdown link target: a ')', space or '<' in it cannot end the link early
    and turn what follows into Markdown."""
    return urllib.parse.quote(url, safe=":/?#&=%+,;@!$*~.-_")


def citation_markdown(citations: tuple[Citation, ...]) -> str:
    """Where a page's headline figures come from, as one caption: figure, source (the link to its quote), quote.

    One element for all of them, where a popover per card cost four on every rerun; the cards
    carry the same citation in their tooltip.
    """
    lines = []
    for c in citations:
        source = f"[{escape_md(c.source)}]({markdown_url(c.url)})" if c.url else escape_md(c.source)
        line = f"**{escape_md(c.label)}**: {source}"
        if c.quote:
            line += f" · “{escape_md(c.quote)}”"
        if c.also:
            line += f" · also stated by {escape_md(c.also)}"
        if not c.url:
            line += " · no public URL recorded"
        lines.append(line)
    return "  \n".join(lines)


LINK_ICON = ":material/open_in_new:"  # what a table's link cell shows
TABLE_LABEL = "Table: the numbers in this chart"  # the fold under each chart


def _download(label: str, data: object, file_name: str, mime: str, key: str, help_text: str | None = None) -> None:
    """A download button whose file is made when it is pressed (`data` a callable) or is at hand."""
    st.download_button(label, data, file_name=file_name, mime=mime, key=key, on_click="ignore", help=help_text)  # type: ignore[arg-type]


def _install_hint() -> None:
    """In place of a button that draws an image, where this machine has no Chromium to draw it."""
    st.caption(INSTALL_HINT)


def _card(card: Card) -> None:
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


class SentAsPainted(go.Figure):
    """A painted screen dict that Streamlit sends as it is.

    Handed a dict, `st.plotly_chart` validates it into a Plotly figure and writes that out again on every
    rerun; handed a figure, it takes the figure's `to_dict()` as already valid. The painted dict is valid
    (the screen painter builds it from a validated figure), so this figure answers `to_dict()` with it.
    Measured on the real store (2 cores): the segments page's reruns 47 ms with dicts, 3 ms with this;
    capex 30 ms against 4. tests/test_library_edges.py fails if Streamlit stops taking a figure's dict so.
    """

    def __init__(self, painted: dict[str, Any]) -> None:
        super().__init__()
        self._painted = painted

    def to_dict(self) -> dict[str, Any]:
        return self._painted


def _chart(block: Chart, chromium: bool) -> None:
    """Title and subtitle as page text, the figure, its footnote as a caption (all of which wrap on a phone),
    and one compact control with its downloads and a citation to paste."""
    spec = block.spec
    if spec.is_empty:
        st.info(escape_md(spec.empty_message or "Nothing to show"))
        return
    key = spec.slug
    screen = block.screen
    st.markdown(f"**{escape_md(screen.title)}**" + (f"  \n{escape_md(screen.subtitle)}" if screen.subtitle else ""))
    config = modebar_config(spec.file_stem, screen.figure)
    st.plotly_chart(SentAsPainted(screen.figure), theme=None, config=config, key=f"chart-{key}")
    if screen.key:  # the events numbered on the figure: each one's date and label, as plain text
        st.caption("Events marked  \n" + "  \n".join(escape_md(line) for line in screen.key))
    if screen.footnote:
        st.caption("  \n".join(escape_md(line) for line in screen.footnote))
    # opening it reruns the page: the long citation, one line per source, is written only while it is open
    actions = st.popover("Download or cite", key=f"actions-{key}", on_change="rerun")
    with actions:
        with st.container(horizontal=True):
            if chromium:  # the exported image: title and footnote inside
                _download("Download PNG", lambda: figure_png(block.image), f"{spec.file_stem}.png",
                          "image/png", f"png-{key}",
                          "Rendered on the server at 2x, white background, with title and sources inside the image")  # fmt: skip
            else:
                _install_hint()
            _download("Download CSV", lambda: spec.csv, f"{spec.file_stem}.csv", "text/csv", f"csv-{key}")
        if block.citation:
            st.caption("Cite this chart")
            st.code(block.citation, language=None, wrap_lines=True)
        if actions.open and block.full_citation:
            st.caption("With every source and its link")
            st.code(block.full_citation, language=None, wrap_lines=True)
    _chart_table(block)


def _chart_table(block: Chart) -> None:
    """The numbers the chart draws under it, folded: built and sent only while a reader has it open (the
    expander reruns the page when opened), so a page costs no more for its tables."""
    if not block.has_values:
        return
    shown = st.expander(TABLE_LABEL, key=f"table-{block.spec.slug}", on_change="rerun")
    if shown.open:
        with shown:
            _table(block.table)


def _slide_pngs(pictures: Sequence[dict[str, Any]]) -> Iterator[bytes]:
    """Each slide's picture drawn, one at a time, by the same renderer as the PNG buttons."""
    from dashboard.deck import SLIDE_CSS_WIDTH, SLIDE_SCALE

    for picture in pictures:
        yield figure_png(picture, SLIDE_SCALE, SLIDE_CSS_WIDTH)


def _deck(frames: Frames, model: PageModel) -> bytes:
    # imported when a reader asks for a deck: python-pptx and lxml cost the server 11 MB, most readers none
    from dashboard.deck import deck_bytes

    return deck_bytes(frames, [model], _slide_pngs)


def _workbook(frames: Frames, model: PageModel) -> bytes:
    from dashboard.workbook import workbook_bytes  # when asked for, as _deck

    return workbook_bytes(frames, [model])


def _page_downloads(model: PageModel, frames: Frames, chromium: bool) -> None:
    """The page as a deck (one slide per chart) and as a workbook, made when a button is pressed."""
    if not any(not r.is_empty for r in model.charts):
        return
    stem = model.file_stem
    with st.container(horizontal=True):
        if chromium:
            _download(
                "Download deck (PowerPoint)",
                lambda: _deck(frames, model),
                f"{stem}.pptx",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "page-deck",
                "One 16:9 slide per chart; every value with its source, grade and quote in the speaker notes",
            )
        else:
            _install_hint()
        _download(
            "Download workbook (Excel)",
            lambda: _workbook(frames, model),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "page-workbook",
            "One sheet per chart, every value the page uses with its source link, and the sources",
        )


def _column(column: Column) -> object:
    width = "large" if column.wide else None
    if column.kind == "link":
        # an icon beside the table's Source column: LinkColumn cannot take its text from another column
        return st.column_config.LinkColumn(column.label, display_text=LINK_ICON, help=column.help)
    if column.kind == "number":
        return st.column_config.NumberColumn(column.label, format=column.format, help=column.help)
    if column.kind == "date":
        return st.column_config.DateColumn(column.label, format=column.format or "YYYY-MM-DD", help=column.help)
    if column.kind == "checkbox":
        return st.column_config.CheckboxColumn(column.label, help=column.help)
    return st.column_config.TextColumn(column.label, help=column.help, width=width)


def _table(table: Table) -> None:
    st.dataframe(
        table.arrow,
        hide_index=True,
        width="stretch",
        column_config={name: _column(column) for name, column in table.columns.items()} or None,
    )


def _control(control: Control) -> None:
    """A widget bound to its option: it shows the option's applied value, and a change sets the option."""
    key, copy = state.bind(control.option, control.key)
    bound = {"key": key, "on_change": copy, "label_visibility": "collapsed" if control.hide_label else "visible"}
    choosing = {**bound, "format_func": control.label_of}
    label, choices = control.label, control.choices
    many = control.kind in ("multiselect", "pills")  # their session-state value is a list
    value = tuple(control.value or ()) if many else control.value  # type: ignore[arg-type]
    st.session_state[key] = list(value) if many else value  # type: ignore[call-overload,arg-type]
    if control.kind == "select":
        st.selectbox(label, choices, help=control.help, **choosing)
    elif control.kind == "multiselect":
        st.multiselect(label, choices, help=control.help, **choosing)
    elif control.kind == "pills":
        st.pills(label, choices, selection_mode="multi", help=control.help, **choosing)
    elif control.kind == "segmented":
        st.segmented_control(label, choices, required=True, **choosing)
    else:
        st.text_input(label, placeholder=control.placeholder, max_chars=200, **bound)


def _row(block: Row) -> None:
    for column, control in zip(st.columns(list(block.widths)), block.controls, strict=True):
        with column:
            _control(control)


def _block(block: Block, chromium: bool) -> None:
    if isinstance(block, Text):
        draw = {"subheader": st.subheader, "info": st.info}.get(block.kind, st.caption)
        draw(escape_md(block.text))
    elif isinstance(block, Cards):
        with st.container(horizontal=True):
            for card in block.cards:
                _card(card)
    elif isinstance(block, Citations):
        if block.citations:
            (st.caption if block.small else st.markdown)(citation_markdown(block.citations))
    elif isinstance(block, Chart):
        _chart(block, chromium)
    elif isinstance(block, Control):
        _control(block)
    elif isinstance(block, Row):
        _row(block)
    elif isinstance(block, Table):
        _table(block)
    elif isinstance(block, Downloads):
        with st.container(horizontal=True):
            for d in block.downloads:
                _download(d.label, d.data, d.file_name, d.mime, d.key)
    elif isinstance(block, Expander):
        with st.expander(escape_md(block.label)):
            for inner in block.blocks:
                _block(inner, chromium)
    else:
        raise TypeError(f"no renderer for {type(block).__name__}")


def render_page(model: PageModel, frames: Frames) -> None:
    """The page's title, every block of its model in order, and the page's deck and workbook."""
    chromium = find_chromium() is not None
    st.title(model.title)
    for block in model.blocks:
        _block(block, chromium)
    _page_downloads(model, frames, chromium)
