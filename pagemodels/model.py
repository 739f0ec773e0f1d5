"""What a page shows, as plain data: built by a page's `build`, drawn by `dashboard.render.render_page`.

Everything here is plain text and pandas frames, never Markdown or Streamlit objects: the
renderer escapes store text where it goes into Markdown, so a page model can be built, compared
and tested without a browser, and the export can reuse it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from charts.image import SlideChart, paint_image, paint_slide
from charts.options import ViewOptions
from charts.screen import ScreenChart, paint_screen
from charts.spec import ChartSpec

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True)
class Citation:
    """Where one shown figure comes from: a line under the cards, a tooltip, a deck note."""

    label: str  # what is cited, e.g. "Cloud revenue, latest quarter"
    source: str  # "Publisher, title (grade)"
    quote: str | None = None
    url: str | None = None  # http(s) only: checked by the schema; opens at the quote where it can
    also: str | None = None  # the other sources of the same figure, best grade first

    @property
    def tooltip(self) -> str:
        parts = [f"Source: {self.source}"]
        if self.quote:
            parts.append(f"“{self.quote}”")
        if self.also:
            parts.append(f"Also stated by: {self.also}")
        return "\n\n".join(parts)


@dataclass(frozen=True)
class Card:
    """A headline figure: its value, what it is (period or detail), and where it comes from."""

    label: str
    value: str
    detail: str | None = None  # its period, or what it counts: grey, under the value
    delta: str | None = None  # a change, e.g. "+34% YoY"
    help: str | None = None  # the tooltip: the citation, or how the figure is computed
    note: str | None = None  # a line under the card, e.g. why a US$ value is missing


@dataclass(frozen=True)
class Column:
    """How a table column is shown: its header in words, and what kind of value it holds."""

    label: str
    kind: Literal["text", "number", "link", "date", "checkbox"] = "text"
    format: str | None = None
    help: str | None = None
    wide: bool = False


@dataclass(eq=False)
class Table:
    key: str
    frame: pd.DataFrame
    columns: dict[str, Column] = field(default_factory=dict)

    @cached_property
    def arrow(self) -> pa.Table:
        """The frame as Arrow, converted once per built model: st.dataframe converts a pandas frame
        on every rerun, which cost a table-heavy page more than everything else it did."""
        import pyarrow as pa

        return pa.Table.from_pandas(self.frame, preserve_index=False)


@dataclass(frozen=True)
class Text:
    text: str
    kind: Literal["caption", "subheader", "info"] = "caption"


@dataclass(frozen=True)
class Cards:
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class Citations:
    citations: tuple[Citation, ...]
    small: bool = True  # a caption under cards; False: a list in the page's own type


def names_a_source(rows: pd.DataFrame) -> pd.Series:
    """Which of a chart's rows are cited: those naming their source. The one rule for the values a chart lists
    (pagemodels.common.chart_values, the deck's notes) and for whether it has any (Chart.has_values)."""
    if "source" not in rows:
        return pd.Series(False, index=rows.index, dtype=bool)
    return rows["source"].notna()


@dataclass(eq=False)
class Chart:
    spec: ChartSpec  # what the chart shows; painted for the screen here, for a PNG or a slide by charts.image
    citation: str = ""  # "Cite this chart", short: title, dashboard, data as of, store version, sources clause
    as_of: str = ""  # the store's "data as of" and version: the last line of every painting's footnote
    # the store's metrics and sources (the frames' own, not copies): the table's words for a metric, a growth's source
    metrics: pd.DataFrame | None = None
    sources: pd.DataFrame | None = None
    quote_links: Mapping[tuple[str, str], str] | None = None  # the store's link to each quote (Frames.quote_links)

    @cached_property
    def values(self) -> pd.DataFrame | None:
        """Every value drawn, with period, source, grade, URL and quote (the deck's notes): worked out when asked
        for, once per built model; a chart without a citation has none."""
        from pagemodels.common import chart_values

        if not self.citation or self.sources is None:
            return None
        return chart_values(self.sources, self.quote_links or {}, self.spec)

    @cached_property
    def full_citation(self) -> str:
        """The short citation, then every source with its link, one a line: written when a reader opens the
        chart's "Download or cite" or an export asks, once per built model."""
        from loaders.chart_citation import long_citation
        from pagemodels.common import chart_sources

        if not self.citation or self.sources is None:
            return ""
        return long_citation(self.citation, chart_sources(self.sources, self.spec))

    @property
    def has_values(self) -> bool:
        """Whether the chart draws any cited value (its table has rows), known without working them out."""
        return bool(self.citation) and bool(names_a_source(self.spec.cited_rows).any())

    @cached_property
    def screen(self) -> ScreenChart:
        """The chart as the app shows it, painted once per built model: a page is drawn again on every rerun."""
        return paint_screen(self.spec, self.as_of)

    @cached_property
    def table(self) -> Table:
        """The numbers the chart draws, with their periods, sources and derived marks: made only when a reader
        opens the chart's table, once per built model, so a page build pays nothing for it."""
        from pagemodels.chart_table import chart_table

        return chart_table(self.spec, self.metrics, self.sources)

    @property
    def image(self) -> dict[str, Any]:
        """The chart as its PNG draws it (a plotly dict, title and footnote inside), painted afresh."""
        return paint_image(self.spec, self.as_of)

    @property
    def slide(self) -> SlideChart:
        """The chart for a slide: its title as text, the picture under it, painted afresh."""
        return paint_slide(self.spec, self.as_of)


@dataclass(frozen=True)
class Control:
    """A widget that sets one view option (`option`, the URL parameter) or a page's own choice."""

    option: str
    kind: Literal["select", "multiselect", "pills", "segmented", "text"]
    label: str
    choices: tuple[str, ...] = ()
    value: object = None
    labels: tuple[tuple[str, str], ...] = ()  # choice -> words shown
    help: str | None = None
    placeholder: str | None = None
    hide_label: bool = False
    widget: str | None = None  # the widget's own key, where it is not w_<option>

    @property
    def key(self) -> str:
        return self.widget or f"w_{self.option}"

    def label_of(self, choice: str) -> str:
        return dict(self.labels).get(choice, choice)


@dataclass(frozen=True)
class Row:
    """Controls side by side, with relative widths."""

    controls: tuple[Control, ...]
    widths: tuple[int, ...]


@dataclass(eq=False)
class Download:
    label: str
    file_name: str
    mime: str
    data: Callable[[], bytes]  # made when the button is pressed, not on every rerun
    key: str


@dataclass(eq=False)
class Downloads:
    downloads: tuple[Download, ...]


@dataclass(eq=False)
class Expander:
    label: str
    blocks: tuple[Block, ...]


Block = Text | Cards | Citations | Chart | Control | Row | Table | Downloads | Expander


@dataclass(eq=False)
class PageModel:
    slug: str
    title: str
    blocks: tuple[Block, ...]
    options: ViewOptions  # as applied: normalised against the store
    today: dt.date
    notice: str | None = None  # results that should be out and are not: said at the top
    sidebar: tuple[str, ...] = ()  # plain lines under the view options: how fresh the store is
    file_stem: str = ""  # the page's deck and workbook name: page, data as of and store version

    @property
    def charts(self) -> list[ChartSpec]:
        """Every chart of the page, in order, expanders included."""
        return [b.spec for b in self.chart_blocks]

    @property
    def chart_blocks(self) -> list[Chart]:
        return [b for b in _walk(self.blocks) if isinstance(b, Chart)]


def _walk(blocks: tuple[Block, ...]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        out.append(block)
        if isinstance(block, Expander):
            out.extend(_walk(block.blocks))
    return out
