"""The screen painter: a chart as the app shows it, its title and footnote page text around the figure.

Plotly does not wrap text and the server does not know the reader's screen, so a title or footnote
inside the figure is clipped on a phone. The exported image keeps them inside (charts.image); on
screen they are text the browser wraps, and the figure keeps only what scales: the plot, its axes,
a legend along the foot, and single-line tick labels that Plotly turns upright where a narrow plot
has no room for them side by side. Headline events are small numbers above the plot, with a key
under the chart (their dates and labels as text the browser wraps), where labels would collide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from charts.events import key_lines, paint_numbers
from charts.image import TEMPLATE_JSON, footnote_lines, frame
from charts.spec import ChartSpec

SCREEN_MARGIN = dict(l=8, r=8, t=16, b=8)  # automargin grows these to fit axis titles, ticks and the legend
SCREEN_HEIGHT = 460
AXIS_ROOM = 120  # px under and beside the plot for tick labels, the axis title and a legend row


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
    for name, axis in layout.items():
        if name.startswith("xaxis") and isinstance(axis, dict):
            if axis.get("ticktext") is not None:
                axis["ticktext"] = [str(t).replace("<br>", " ") for t in axis["ticktext"]]
            axis.pop("tickangle", None)  # auto: level where labels fit, upright where they do not
            axis.setdefault("tickfont", {})["size"] = 11
    return ScreenChart(spec.title, spec.subtitle, spec.footnote(as_of), fig, key_lines(spec.events))
