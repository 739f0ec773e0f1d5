"""The screen painter: a chart as the app shows it, its title and footnote page text around the figure.

Plotly does not wrap text and the server does not know the reader's screen, so a title or footnote
inside the figure is clipped on a phone. The exported image keeps them inside (charts.image); on
screen they are text the browser wraps, and the figure keeps only what scales: the plot, its axes,
a legend along the foot, and single-line tick labels that Plotly turns upright where a narrow plot
has no room for them side by side. Headline events are small numbers above the plot, with a key
under the chart (their dates and labels as text the browser wraps), where labels would collide.
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass
from typing import Any

import pandas as pd

from charts.events import NARROWEST_PLOT_PX, NUMBER_FONT, NUMBER_GAP_PX, key_lines, paint_numbers
from charts.image import TEMPLATE_JSON, footnote_lines, frame
from charts.spec import ChartSpec

SCREEN_MARGIN = dict(l=8, r=8, t=16, b=8)  # automargin grows these to fit axis titles, ticks and the legend
SCREEN_HEIGHT = 460
AXIS_ROOM = 120  # px under and beside the plot for tick labels, the axis title and a legend row
IMAGE_LABEL = "event-label"  # an annotation's name: a label placed for the image's width (charts.timeline)
VALUE_CHAR_PX = 7.5  # a value written beside a point (13 px type), per character, a little generous
UPRIGHT_WORD_PX = 14  # an upright gap word (9 px type) across, with a little air
NOTE_CHARS = 24  # words on the plot wrap at this many characters
NOTE_LINE_PX = 16  # a line of them
# annotations placed or sized already: a reorganisation's label is wrapped and stacked by its builder
KEEP_WHOLE = {"event", IMAGE_LABEL, "gap", "today", "footnote", "reorganisation"}


@dataclass(frozen=True)
class ScreenChart:
    title: str
    subtitle: str | None
    footnote: tuple[str, ...]  # its paragraphs: the notes and sources, then the data's date and version
    figure: dict[str, Any]  # a plain plotly dict, built without validation
    key: tuple[str, ...] = ()  # the events the figure numbers: one line each, "1 · 24 Feb 2025 · its label"


def screen_height(spec: ChartSpec, as_of: str) -> int:
    """The exported image's plot height with room for ticks and legend, at least SCREEN_HEIGHT where the image is
    as tall: the title and footnote leave the figure on screen, so a chart of many rows keeps its rows' height."""
    height, margin = frame(spec, len(footnote_lines(spec, as_of)))
    plot = height - margin["t"] - margin["b"]
    return max(min(height, SCREEN_HEIGHT), plot + AXIS_ROOM)


def paint_screen(spec: ChartSpec, as_of: str) -> ScreenChart:
    """The figure without title or footnote, with a legend along its foot, one-line tick labels and the events
    numbered above the plot; the title, subtitle, the events' key and the footnote (notes, the sources clause,
    `as_of`) as text."""
    fig = spec.plot_dict()
    layout = fig["layout"]
    legend = layout.get("legend", {})
    # a legend title above its entries, not beside them, lets the entries wrap on a phone
    legend.update(orientation="h", xanchor="left", x=0, yref="container", yanchor="bottom", y=0)
    legend.setdefault("title", {})["side"] = "top"
    layout.update(
        template=TEMPLATE_JSON,
        paper_bgcolor="white",
        plot_bgcolor="white",
        meta={"title": spec.title},  # which chart this is, for whoever reads the figure's JSON
        margin=dict(SCREEN_MARGIN),
        height=screen_height(spec, as_of),
        legend=legend,
    )
    layout["margin"]["t"] += paint_numbers(fig, spec.events)
    placed_key = _number_placed_labels(layout, first=len(spec.events) + 1)
    for drawn in fig.get("data", []):
        _thin_point_labels(drawn, layout)
    _thin_gap_words(layout)
    _wrap_plot_notes(layout)
    if any(a.get("name") == "reorganisation" for a in layout.get("annotations", [])):
        # its labels stack above a band kept for them in the image's taller plot: a line more on screen
        layout["margin"]["t"] += NOTE_LINE_PX
    for name, axis in layout.items():
        if name.startswith("xaxis") and isinstance(axis, dict):
            if axis.get("ticktext") is not None:
                axis["ticktext"] = [str(t).replace("<br>", " ") for t in axis["ticktext"]]
            axis.pop("tickangle", None)
            axis["autotickangles"] = [0, 90]  # level where labels fit, upright where they do not: never slanted
            axis.setdefault("tickfont", {})["size"] = 11
    return ScreenChart(spec.title, spec.subtitle, spec.footnote(as_of), fig, (*key_lines(spec.events), *placed_key))


def _number_placed_labels(layout: dict[str, Any], first: int) -> tuple[str, ...]:
    """Labels placed to fit the image's width (a timeline's headline labels) run into each other on a phone:
    on screen each is a number where the label was, counting on from `first` in order of date, and the key
    gives its date and words."""
    placed = sorted(
        (a for a in layout.get("annotations", []) if a.get("name") == IMAGE_LABEL), key=lambda a: pd.Timestamp(a["x"])
    )
    key = []
    for n, annotation in enumerate(placed, start=first):
        when = pd.Timestamp(annotation["x"])
        key.append(f"{n} · {when.day} {when:%b %Y} · {html.unescape(str(annotation['text']))}")
        annotation.update(text=str(n), hovertext=annotation["text"], font={**annotation.get("font", {}), "size": NUMBER_FONT})
    return tuple(key)


def _thin_point_labels(drawn: dict[str, Any], layout: dict[str, Any]) -> None:
    """A line's values written above its points, where they are too many to sit side by side on a phone's
    plot: every second (or third) value written, counting back from the newest, the rest on hover; none so
    near the plot's left edge that it would run over the y-axis's labels."""
    if drawn.get("type") != "scatter" or "text" not in str(drawn.get("mode", "")) or drawn.get("textposition") != "top center":
        return
    texts = drawn.get("text")
    if not isinstance(texts, list):
        return
    x = drawn.get("x")
    axis = layout.get("xaxis", {})
    if isinstance(x, list) and len(x) == len(texts) and isinstance(axis, dict) and axis.get("range"):
        # a value centred on a point near the plot's left edge runs over the y-axis's tick labels
        start, end = (pd.Timestamp(v) for v in axis["range"])
        widest = max((len(str(t)) for t in texts if t), default=0)
        half = (end - start) * (widest * VALUE_CHAR_PX / 2 / NARROWEST_PLOT_PX)
        texts = [t if t and pd.Timestamp(at) - start >= half else "" for at, t in zip(x, texts, strict=True)]
        drawn["text"] = texts
    written = [i for i, t in enumerate(texts) if t]
    widest = max((len(str(texts[i])) for i in written), default=0)
    step = math.ceil(len(written) * (widest * VALUE_CHAR_PX + NUMBER_GAP_PX) / NARROWEST_PLOT_PX)
    if step <= 1:
        return
    keep = set(written[::-1][::step])
    drawn["text"] = [t if i in keep else "" for i, t in enumerate(texts)]


def _thin_gap_words(layout: dict[str, Any]) -> None:
    """The upright "not stated" words at the foot of empty quarters, where quarters are too narrow on a phone
    for each to have its own: a word for the first of neighbours closer than a word's width, the mark and its
    hover for every one."""
    gaps = sorted((a for a in layout.get("annotations", []) if a.get("name") == "gap"), key=lambda a: pd.Timestamp(a["x"]))
    axis = layout.get("xaxis", {})
    if len(gaps) < 2 or not isinstance(axis, dict) or not axis.get("range"):
        return
    start, end = (pd.Timestamp(v) for v in axis["range"])
    room = (end - start) * (UPRIGHT_WORD_PX / NARROWEST_PLOT_PX)
    last = None
    for a in gaps:
        if last is not None and pd.Timestamp(a["x"]) - last < room:
            a["visible"] = False
        else:
            last = pd.Timestamp(a["x"])


def _wrap_plot_notes(layout: dict[str, Any]) -> None:
    """Level words written on the plot (a panel's title, where a reporting structure begins) wrapped to a
    phone's plot: plotly does not wrap, and a long line ran past the figure's edge."""
    for a in layout.get("annotations", []):
        text = a.get("text")
        if a.get("name") in KEEP_WHOLE or a.get("textangle") or not isinstance(text, str) or "<" in text:
            continue
        if len(text) > NOTE_CHARS:
            lines = textwrap.wrap(text, NOTE_CHARS)
            a["text"] = "<br>".join(lines)
            if a.get("yref") == "paper" and a.get("yanchor") == "bottom" and float(a.get("y", 0)) >= 0.98:
                layout["margin"]["t"] += NOTE_LINE_PX * (len(lines) - 1)  # a title over the top panel grows upward
