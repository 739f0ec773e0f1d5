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
from dataclasses import dataclass
from typing import Any

import pandas as pd

from charts.events import NUMBER_FONT, key_lines, paint_numbers
from charts.image import TEMPLATE_JSON, footnote_lines, frame
from charts.spec import ChartSpec

SCREEN_MARGIN = dict(l=8, r=8, t=16, b=8)  # automargin grows these to fit axis titles, ticks and the legend
SCREEN_HEIGHT = 460
AXIS_ROOM = 120  # px under and beside the plot for tick labels, the axis title and a legend row
IMAGE_LABEL = "event-label"  # an annotation's name: a label placed for the image's width (charts.timeline)
# values written beside the points of a line: more than this many on one line do not fit side by side on a
# phone (a value such as "10.7%" is about 30 px wide, a quarter of a three-year axis about 23 px there)
DENSE_POINT_LABELS = 8


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
        _stagger_point_labels(drawn)
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


def _stagger_point_labels(drawn: dict[str, Any]) -> None:
    """A line's values written alternately above and below its points where they are many, so that two
    neighbours never run into each other on a phone."""
    if drawn.get("type") != "scatter" or "text" not in str(drawn.get("mode", "")) or drawn.get("textposition") != "top center":
        return
    texts = drawn.get("text")
    if not isinstance(texts, list) or sum(1 for t in texts if t) <= DENSE_POINT_LABELS:
        return
    drawn["textposition"] = ["top center" if i % 2 == 0 else "bottom center" for i in range(len(texts))]
