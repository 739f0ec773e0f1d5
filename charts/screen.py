"""A chart as the app shows it: title and footnote as page text around the figure, which wrap at any width.

Plotly does not wrap text and the server does not know the reader's screen, so a title or footnote
inside the figure is clipped on a phone. The exported image keeps them inside (a pasted PNG must
carry its title and sources); on screen they become text the browser wraps, and the figure keeps
only what scales: the plot, its axes, a legend along the foot, and single-line tick labels that
Plotly turns upright where a narrow plot has no room for them side by side.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import plotly.graph_objects as go

TAGS = re.compile(r"<[^>]+>")
SCREEN_MARGIN = dict(l=8, r=8, t=16, b=8)  # automargin grows these to fit axis titles, ticks and the legend
SCREEN_HEIGHT = 460
AXIS_ROOM = 120  # px under and beside the plot for tick labels, the axis title and a legend row


@dataclass(frozen=True)
class ScreenChart:
    title: str
    subtitle: str | None
    footnote: tuple[str, ...]  # its lines: notes, sources, data as of
    figure: go.Figure


def plain(text: str) -> str:
    """Plotly's HTML-like label text as words: tags dropped, entities of the few characters plotly escapes restored."""
    return TAGS.sub("", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def split_title(fig: go.Figure) -> tuple[str, str | None]:
    """The title and the grey subtitle that charts.theme.finish puts under it."""
    text = str(fig.layout.title.text or "")
    head, _, rest = text.partition("<br>")
    return plain(head), (plain(rest) or None)


def footnote_lines(fig: go.Figure) -> tuple[str, ...]:
    """The footnote's paragraphs: the notes and sources as one, the data's date and version as the last.

    finish() wraps the footnote at a fixed width for the exported image; on screen those breaks are
    noise, so only the break stamp_footnote adds before "Data as of" is kept.
    """
    for ann in fig.layout.annotations:
        if ann.name == "footnote":
            parts = str(ann.text).split("<br>")
            if len(parts) > 1 and plain(parts[-1]).startswith("Data as of"):
                return (plain(" ".join(parts[:-1])), plain(parts[-1]))
            return (plain(" ".join(parts)),)
    return ()


def screen_height(fig: go.Figure) -> int:
    """The exported image's plot height with room for ticks and legend, at least SCREEN_HEIGHT where the image is
    as tall: the title and footnote leave the figure on screen, so a chart of many rows keeps its rows' height."""
    height = int(fig.layout.height or SCREEN_HEIGHT)
    margin = fig.layout.margin
    plot = height - int(margin.t or 0) - int(margin.b or 0)
    return max(min(height, SCREEN_HEIGHT), plot + AXIS_ROOM)


def for_screen(fig: go.Figure) -> ScreenChart:
    """The figure without its title and footnote, with a legend along its foot and one-line tick labels."""
    title, subtitle = split_title(fig)
    footnote = footnote_lines(fig)
    screen = go.Figure(copy.deepcopy(fig.to_dict()), skip_invalid=True)
    screen.layout.annotations = [a for a in screen.layout.annotations if a.name != "footnote"]
    screen.update_layout(
        title=None,
        meta={"title": title},  # which chart this is, for whoever reads the figure's JSON
        margin=SCREEN_MARGIN,
        height=screen_height(fig),
        # a legend title above its entries, not beside them, lets the entries wrap on a phone
        legend=dict(orientation="h", xanchor="left", x=0, yref="container", yanchor="bottom", y=0, title_side="top"),
    )
    for name in screen.layout:
        if name.startswith("xaxis"):
            axis = screen.layout[name]
            if axis.ticktext is not None:
                axis.ticktext = [str(t).replace("<br>", " ") for t in axis.ticktext]
            axis.tickangle = None  # auto: level where labels fit, upright where they do not
            axis.tickfont.size = 11
    return ScreenChart(title, subtitle, footnote, screen)
