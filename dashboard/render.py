"""Drawing a page model: one renderer for every page.

Store text (titles, quotes, publishers) reaches Streamlit as table cells, or as Markdown with
every character Markdown or HTML would read escaped (`escape_md`), never as HTML, so nothing in a
hand-edited file can run in the reader's browser or turn into formatting; links are only the
http(s) URLs the schema has already checked, percent-encoded where they go into Markdown.
Nothing here computes: the page model says what to show.
"""

from __future__ import annotations

import functools
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager

import plotly.graph_objects as go
import streamlit as st

from dashboard import state
from dashboard.data import MAX_MODELS
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


# A page is drawn by a plan: the Streamlit calls its model stands for, with every argument escaped,
# formatted and bound once per model, run in order on every rerun. Working the arguments out again
# on each rerun cost the lightest pages about 5% of their run, for the same calls.
Step = Callable[[], None]
MAX_PLANS = MAX_MODELS  # one plan for each page model dashboard.data keeps
_PLANS: OrderedDict[tuple[int, bool], tuple[PageModel, tuple[Step, ...]]] = OrderedDict()
_PLANS_LOCK = threading.Lock()


def _run(steps: Sequence[Step]) -> None:
    for step in steps:
        step()


def _inside(open_block: Callable[[], AbstractContextManager[object]], steps: Sequence[Step]) -> Step:
    """The steps drawn inside a container (a horizontal row, a popover, an expander)."""

    def step() -> None:
        with open_block():
            _run(steps)

    return step


def _in_a_row(steps: Sequence[Step]) -> Step:
    return _inside(functools.partial(st.container, horizontal=True), steps)


def _download(label: str, data: object, file_name: str, mime: str, key: str, help_text: str | None = None) -> Step:
    """A download button whose file is made when it is pressed (`data` a callable) or is at hand."""
    return functools.partial(
        st.download_button, label, data, file_name=file_name, mime=mime, key=key, on_click="ignore", help=help_text
    )


LINK_ICON = ":material/open_in_new:"  # what a table's link cell shows

# in place of a button that draws an image, where this machine has no Chromium to draw it
INSTALL_STEP: Step = functools.partial(st.caption, INSTALL_HINT)


def _card_steps(card: Card) -> list[Step]:
    """One bordered st.metric, where a container with a metric, a caption and a popover was seven
    elements on every rerun."""
    label, detail = escape_md(card.label), escape_md(card.detail) if card.detail else None
    help_text = escape_lines(card.help) if card.help else None
    if card.delta is None:
        metric = functools.partial(
            st.metric, label, card.value, delta=detail, delta_color="off", delta_arrow="off", help=help_text, border=True
        )
    else:
        metric = functools.partial(
            st.metric, label, card.value, delta=card.delta, delta_description=detail, help=help_text, border=True
        )
    steps: list[Step] = [metric]
    if card.note:
        steps.append(functools.partial(st.caption, escape_md(card.note)))
    return steps


def _chart_steps(block: Chart, chromium: bool) -> list[Step]:
    """Title and subtitle as page text, the figure, its footnote as a caption (all of which wrap on a phone),
    and one compact control with its downloads and a citation to paste."""
    result = block.result
    if result.is_empty:
        return [functools.partial(st.info, escape_md(result.empty_message or "Nothing to show"))]
    key = result.slug
    screen = result.screen
    title = f"**{escape_md(screen.title)}**" + (f"  \n{escape_md(screen.subtitle)}" if screen.subtitle else "")
    steps: list[Step] = [
        functools.partial(st.markdown, title),
        functools.partial(
            st.plotly_chart, screen.figure, theme=None, config=modebar_config(result.file_stem, screen.figure), key=f"chart-{key}"
        ),
    ]
    if screen.footnote:
        steps.append(functools.partial(st.caption, "  \n".join(escape_md(line) for line in screen.footnote)))
    figure = result.frozen_figure  # the exported image: title and footnote inside
    png = _download("Download PNG", lambda: figure_png(figure), f"{result.file_stem}.png", "image/png", f"png-{key}",
                    "Rendered on the server at 2x, white background, with title and sources inside the image")  # fmt: skip
    csv = _download("Download CSV", lambda: result.csv, f"{result.file_stem}.csv", "text/csv", f"csv-{key}")
    actions: list[Step] = [_in_a_row([png if chromium else INSTALL_STEP, csv])]
    if block.citation:
        actions.append(functools.partial(st.caption, "Cite this chart"))
        actions.append(functools.partial(st.code, block.citation, language=None, wrap_lines=True))
    if block.full_citation:
        actions.append(functools.partial(st.caption, "With every source and its link"))
        actions.append(functools.partial(st.code, block.full_citation, language=None, wrap_lines=True))
    steps.append(_inside(functools.partial(st.popover, "Download or cite", key=f"actions-{key}"), actions))
    return steps


def _slide_pngs(figures: Sequence[go.Figure]) -> Iterator[bytes]:
    """Each figure drawn for a slide, one at a time, by the same renderer as the PNG buttons."""
    from dashboard.deck import SLIDE_CSS_WIDTH, SLIDE_SCALE

    for fig in figures:
        yield figure_png(fig, SLIDE_SCALE, SLIDE_CSS_WIDTH)


def _page_download_steps(model: PageModel, frames: Frames, chromium: bool) -> list[Step]:
    """The page as a deck (one slide per chart) and as a workbook, made when a button is pressed."""
    from dashboard.deck import deck_bytes
    from dashboard.workbook import workbook_bytes
    from loaders.curation import as_of_fields, as_of_stem

    if not any(not r.is_empty for r in model.charts):
        return []
    fresh = as_of_fields(frames.observations, frames.sources, frames.events)
    stem = f"{model.slug}_{as_of_stem(fresh)}_{frames.version or 'unversioned'}"
    deck = _download(
        "Download deck (PowerPoint)",
        lambda: deck_bytes(frames, [model], _slide_pngs),
        f"{stem}.pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "page-deck",
        "One 16:9 slide per chart; every value with its source, grade and quote in the speaker notes",
    )
    workbook = _download(
        "Download workbook (Excel)",
        lambda: workbook_bytes(frames, [model]),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "page-workbook",
        "One sheet per chart, every value the page uses with its source link, and the sources",
    )
    return [_in_a_row([deck if chromium else INSTALL_STEP, workbook])]


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


def _table_step(table: Table) -> Step:
    return functools.partial(
        st.dataframe,
        table.arrow,
        hide_index=True,
        width="stretch",
        column_config={name: _column(column) for name, column in table.columns.items()} or None,
    )


def _control_step(control: Control) -> Step:
    """A widget bound to its option: it shows the option's applied value, and a change sets the option."""
    key, copy = state.bind(control.option, control.key)
    bound = {"key": key, "on_change": copy, "label_visibility": "collapsed" if control.hide_label else "visible"}
    choosing = {**bound, "format_func": control.label_of}
    label, choices = control.label, control.choices
    if control.kind == "select":
        widget = functools.partial(st.selectbox, label, choices, help=control.help, **choosing)
    elif control.kind == "multiselect":
        widget = functools.partial(st.multiselect, label, choices, help=control.help, **choosing)
    elif control.kind == "pills":
        widget = functools.partial(st.pills, label, choices, selection_mode="multi", help=control.help, **choosing)
    elif control.kind == "segmented":
        widget = functools.partial(st.segmented_control, label, choices, required=True, **choosing)
    else:
        widget = functools.partial(st.text_input, label, placeholder=control.placeholder, max_chars=200, **bound)
    many = control.kind in ("multiselect", "pills")  # their session-state value is a list
    value = tuple(control.value or ()) if many else control.value  # type: ignore[arg-type]

    def step() -> None:
        st.session_state[key] = list(value) if many else value  # type: ignore[call-overload,arg-type]
        widget()

    return step


def _row_step(block: Row) -> Step:
    controls = [_control_step(control) for control in block.controls]
    widths = list(block.widths)

    def step() -> None:
        for column, control in zip(st.columns(widths), controls, strict=True):
            with column:
                control()

    return step


def _block_steps(block: Block, chromium: bool) -> list[Step]:
    if isinstance(block, Text):
        draw = {"subheader": st.subheader, "info": st.info}.get(block.kind, st.caption)
        return [functools.partial(draw, escape_md(block.text))]
    if isinstance(block, Cards):
        return [_in_a_row([s for c in block.cards for s in _card_steps(c)])]
    if isinstance(block, Citations):
        if not block.citations:
            return []
        return [functools.partial(st.caption if block.small else st.markdown, citation_markdown(block.citations))]
    if isinstance(block, Chart):
        return _chart_steps(block, chromium)
    if isinstance(block, Control):
        return [_control_step(block)]
    if isinstance(block, Row):
        return [_row_step(block)]
    if isinstance(block, Table):
        return [_table_step(block)]
    if isinstance(block, Downloads):
        return [_in_a_row([_download(d.label, d.data, d.file_name, d.mime, d.key) for d in block.downloads])]
    if isinstance(block, Expander):
        inner = [s for b in block.blocks for s in _block_steps(b, chromium)]
        return [_inside(functools.partial(st.expander, escape_md(block.label)), inner)]
    raise TypeError(f"no renderer for {type(block).__name__}")


def page_plan(model: PageModel, frames: Frames) -> tuple[Step, ...]:
    """The page's title, every block of its model in order, and the page's deck and workbook, as steps;
    made once per model (and per whether Chromium is here for the PNG buttons)."""
    chromium = find_chromium() is not None
    key = (id(model), chromium)
    with _PLANS_LOCK:
        known = _PLANS.get(key)
    if known is not None and known[0] is model:
        return known[1]
    steps: list[Step] = [functools.partial(st.title, model.title)]
    for block in model.blocks:
        steps.extend(_block_steps(block, chromium))
    steps.extend(_page_download_steps(model, frames, chromium))
    plan = tuple(steps)
    with _PLANS_LOCK:  # the model is kept with its plan, so its id is not reused while the plan is known
        _PLANS[key] = (model, plan)
        _PLANS.move_to_end(key)
        while len(_PLANS) > MAX_PLANS:
            _PLANS.popitem(last=False)
    return plan


def render_page(model: PageModel, frames: Frames) -> None:
    _run(page_plan(model, frames))
