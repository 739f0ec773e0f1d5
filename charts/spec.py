"""A chart as data: its words, its plot and the rows it draws with their citations.

A builder draws the plot (traces and axes, gaps and derived marks) and records its words with
`finish`; nothing more is written into the plot after that. Each medium has a painter that composes
title, notes, the sources clause (loaders.chart_citation, from the rows cited) and the store's
"data as of" line when it draws: charts.screen for the app, charts.image for a PNG and a slide.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from charts.events import ChartEvent, take
from charts.figure import new_figure
from charts.result import csv_bytes
from charts.theme import MUTED
from loaders.chart_citation import sources_clause

HEIGHT = 520  # the exported image's height in CSS pixels, where a chart does not set its own
NO_DATA = "No data for this view"


@dataclass(frozen=True, eq=False)
class ChartSpec:
    """What a chart shows, in plain values: painted late, once per medium, and never changed once made."""

    slug: str  # e.g. "cloud-revenue"
    span: str  # the periods drawn, for file names: "FY24Q1-FY26Q2"
    title: str  # words, never markup
    body: Mapping[str, Any]  # the plot as plotly JSON values ({"data": [...], "layout": {...}}): no title, no footnote
    data: pd.DataFrame  # the rows drawn, with the citation columns of each (the CSV, the workbook, the deck's notes)
    subtitle: str | None = None
    notes: tuple[str, ...] = ()  # what the footnote says before the sources
    x_title: str | None = None
    y_title: str | None = None
    y2_title: str | None = None
    citations: pd.DataFrame | None = None  # the rows the sources clause names (loaders.chart_citation.sources_clause)
    labels: str | None = None  # the period labels the clause uses: "fiscal", "calendar", or the rows' own "label"
    source_note: str | None = None  # where a chart counts rather than cites: said instead of the sources clause
    empty_message: str | None = None  # set when there is nothing to draw: the page says this instead
    height: int = HEIGHT  # the image's height, CSS pixels
    plot_height: int | None = None  # where set, the image is this plus its margins tall (panels of a fixed height)
    top_extra: int = 0  # pixels above the plot beyond the title's, for a legend between title and plot
    side_margins: tuple[int, int] = (70, 70)
    wrap: int = 140  # the image's footnote, in lines of about this many characters
    # where the CSV is in plain words (capex in context): the stated values drawn, in the store's columns (source id,
    # period, value, citation), for the chart's citation and the deck's notes
    cited: pd.DataFrame | None = None
    # the headline events on its time axis, oldest first: each painter draws them for its medium (charts.events)
    events: tuple[ChartEvent, ...] = ()

    @property
    def file_stem(self) -> str:
        return f"{self.slug}_{self.span}"

    @property
    def csv(self) -> bytes:
        return csv_bytes(self.data)

    @property
    def is_empty(self) -> bool:
        return self.empty_message is not None

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The sources of the values drawn: each row's source, a growth line's own, a derived value's inputs."""
        data = self.cited_rows
        columns = [c for c in ("source", "growth_source_id") if c in data]
        ids = list(dict.fromkeys(data[columns].stack().dropna())) if columns else []
        if "inputs" in data:
            ids += [i for text in data["inputs"] if isinstance(text, str) for i in text.split()]
        return tuple(dict.fromkeys(str(i) for i in ids))

    @property
    def cited_rows(self) -> pd.DataFrame:
        """The values drawn in the store's columns: the data, or where its CSV is in plain words, `cited`."""
        return self.cited if self.cited is not None else self.data

    @cached_property
    def sources(self) -> str:
        """The footnote's sources clause, from the rows cited, in the chart's period labels: worked out once, as
        every painting (screen, image, slide) and the citation end with it."""
        if self.source_note is not None:
            return self.source_note
        return sources_clause(self.citations, self.labels)

    def footnote(self, as_of: str) -> tuple[str, ...]:
        """The footnote's paragraphs: the notes and the sources as one, then the data's date and version."""
        text = " · ".join([*self.notes, self.sources])
        return (text, as_of) if as_of else (text,)

    def plot_dict(self) -> dict[str, Any]:
        """The plot as every painter starts from it: a copy of the body with the axis titles on its axes."""
        fig = json.loads(json.dumps(self.body, default=_plain))  # a copy of plain JSON values, faster than deepcopy
        layout = fig.setdefault("layout", {})
        for axis, text in (("yaxis", self.y_title), ("yaxis2", self.y2_title), ("xaxis", self.x_title)):
            if text and (axis != "yaxis2" or axis in layout):
                layout.setdefault(axis, {}).setdefault("title", {})["text"] = text
        return fig

    @property
    def plot(self) -> go.Figure:
        """The plot as a plotly figure (no title, no footnote), made afresh on each call (charts.figure): for
        reading traces and axes, or redrawing them into a new spec, never for drawing (a painter does that)."""
        return new_figure(_arrays(self.plot_dict()))


def _plain(value: Any) -> Any:
    """A numpy number or array a builder set after writing its plot (an axis range), as the plain value it is."""
    if isinstance(value, np.generic | np.ndarray):
        return value.tolist()
    raise TypeError(f"not a plain JSON value: {type(value).__name__}")


def _arrays(value: Any) -> Any:
    """Plotly's JSON typed arrays ({"dtype": "f8", "bdata": base64}) back as numpy arrays, everything else as is."""
    if isinstance(value, dict):
        if set(value) in ({"dtype", "bdata"}, {"dtype", "bdata", "shape"}):
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            shape = value.get("shape")
            return array.reshape([int(n) for n in str(shape).split(",")]) if shape else array
        return {k: _arrays(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_arrays(v) for v in value]
    return value


def plot_body(fig: go.Figure | Mapping[str, Any], traces: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The figure as plain JSON values (str, float, list, dict), without plotly's default template: the
    painters give the house style, and plain values are written to JSON and compared cheaply.

    `fig` is a plotly figure or its plain dict; `traces`, plain trace dicts drawn after its own, are written
    by the same JSON writer without becoming plotly objects first: plotly's add_trace copies and wraps
    every value of a trace, which cost a chart of a few long lines more than the rest of its page."""
    plain = fig.to_dict() if isinstance(fig, go.Figure) else dict(fig)
    plain["data"] = [*plain.get("data", ()), *traces]
    body = json.loads(pio.to_json(plain, validate=False))
    body.setdefault("layout", {}).pop("template", None)
    body.setdefault("data", [])
    return body


def finish(
    fig: go.Figure | Mapping[str, Any],
    slug: str,
    span: str,
    data: pd.DataFrame,
    title: str,
    citations: pd.DataFrame | None,
    y_title: str | None = None,
    y2_title: str | None = None,
    x_title: str | None = None,
    subtitle: str | None = None,
    notes: Iterable[str] = (),
    labels: str | None = None,
    **layout: Any,
) -> ChartSpec:
    """The chart's spec: the plot as built, and its words recorded beside it (title, subtitle, notes, axis
    titles, the rows its sources clause cites); `layout` sets the image's frame (height, plot_height,
    top_extra, side_margins, wrap), `source_note` where it counts rather than cites,
    `cited` where its CSV is in plain words. `fig` is a plotly figure, or its plain JSON body already
    (`plot_body`), for a builder that styles many axes: plain values are set without plotly's checks.
    The headline events the builder marked (charts.axes.add_event_markers) leave the plot for the spec's
    `events`, so each painter draws them for its medium."""
    body, events = take(plot_body(fig) if isinstance(fig, go.Figure) else fig)
    return ChartSpec(
        slug=slug,
        span=span,
        title=title,
        events=events,
        body=body,
        data=data,
        subtitle=subtitle,
        notes=tuple(n for n in notes if n),
        x_title=x_title,
        y_title=y_title,
        y2_title=y2_title,
        citations=citations,
        labels=labels,
        **layout,
    )


def empty_spec(slug: str, title: str, message: str) -> ChartSpec:
    """A chart with nothing to draw: the page says `message`; an image of it says so in the middle."""
    fig = new_figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font=dict(size=14, color=MUTED))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return finish(fig, slug, "empty", pd.DataFrame(), title, None, source_note=NO_DATA, empty_message=message)
