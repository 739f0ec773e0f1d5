"""The image painters: a chart as a PNG carries its title, units and sources inside, and a slide its title as text.

A PNG pasted into a note must say what it shows and where its figures come from, so the title, the
grey subtitle and the footnote (notes, sources, data as of) are drawn into the image, at the width
the export draws it. A slide's title and its sources line are the slide's own text (PowerPoint
lists, searches and edits them); its picture carries the subtitle, the notes and the data's date.
Both return plain plotly dicts made afresh from the spec, which is never changed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from charts.events import paint_labels, y_values
from charts.spec import ChartSpec
from charts.theme import MUTED, TEMPLATE

TEMPLATE_JSON: dict[str, Any] = TEMPLATE.to_plotly_json()  # the house style, as the painters put it into a dict
TITLE_ROOM = 90  # px above the plot for the title
SUBTITLE_ROOM = 20  # and for a subtitle under it
FOOT_LINE = 16  # px per footnote line
SLIDE_CSS_WIDTH = 1200  # the picture's width when drawn for a slide, in CSS pixels
SLIDE_TITLE_SHARE = 0.14  # the share of a 16:9 slide's height its title takes
SLIDE_SOURCE_SHARE = 0.07  # and its sources line, under the picture; the picture has the rest
SLIDE_CSS_HEIGHT = round(SLIDE_CSS_WIDTH * 9 / 16 * (1 - SLIDE_TITLE_SHARE - SLIDE_SOURCE_SHARE))


def esc(text: str) -> str:
    """Words for a label plotly draws: "<" and "&" shown as written, never read as markup."""
    return html.escape(text, quote=False)


def wrap(text: str, width: int) -> list[str]:
    """The text in lines of at most about `width` characters, broken at spaces."""
    lines, line = [], ""
    for word in text.split(" "):
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


def footnote_lines(spec: ChartSpec, as_of: str, sources: bool = True) -> list[str]:
    """The footnote as the image draws it: notes and sources wrapped at the spec's width, the data's date last
    (without `sources` where the sources line is written beside the picture, as on a slide)."""
    if not sources:
        notes = " · ".join(spec.notes)
        return [*(wrap(notes, spec.wrap) if notes else []), *([as_of] if as_of else [])]
    first, *rest = spec.footnote(as_of)
    return [*wrap(first, spec.wrap), *rest]


def frame(spec: ChartSpec, lines: int, title_room: int | None = None) -> tuple[int, dict[str, int]]:
    """The image's height and margins: room for the title above and `lines` of footnote below."""
    top = (TITLE_ROOM + (SUBTITLE_ROOM if spec.subtitle else 0) if title_room is None else title_room) + spec.top_extra
    bottom = 70 + FOOT_LINE * lines
    left, right = spec.side_margins
    height = spec.plot_height + top + bottom if spec.plot_height is not None else spec.height
    return height, dict(l=left, r=right, t=top, b=bottom)


def _picture(spec: ChartSpec, as_of: str, title_text: str | None, title_room: int | None, sources: bool = True) -> dict[str, Any]:
    fig = spec.plot_dict()
    layout = fig["layout"]
    lines = footnote_lines(spec, as_of, sources)
    height, margin = frame(spec, len(lines), title_room)
    layout.update(
        template=TEMPLATE_JSON,
        height=height,
        margin=margin,
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    if title_text:
        layout["title"] = {"text": title_text}
    footnote = dict(
        text="<br>".join(esc(line) for line in lines), xref="paper", yref="paper", x=0, y=0,
        yshift=-(64 + FOOT_LINE * len(lines)), xanchor="left", yanchor="bottom", showarrow=False, align="left",
        font=dict(size=10, color=MUTED), name="footnote",
    )  # fmt: skip
    layout["annotations"] = [*layout.get("annotations", []), footnote]
    if spec.events:  # labelled as text: an image's width is known
        paint_labels(fig, spec.events, y_values(spec.plot))
    return fig


def subtitle_markup(subtitle: str) -> str:
    return f"<span style='font-size:13px;color:{MUTED}'>{esc(subtitle)}</span>"


def paint_image(spec: ChartSpec, as_of: str) -> dict[str, Any]:
    """The chart as the exported PNG draws it: title and grey subtitle above the plot, the footnote under it
    (notes, the sources clause, `as_of`: the store's "data as of" and version)."""
    title = esc(spec.title) + (f"<br>{subtitle_markup(spec.subtitle)}" if spec.subtitle else "")
    return _picture(spec, as_of, title, None)


@dataclass(frozen=True)
class SlideChart:
    """A chart for a slide: its title as the slide's own text, and the picture under it."""

    title: str
    picture: dict[str, Any]  # a plotly dict at the slide's proportions: subtitle, plot and footnote


def paint_slide(spec: ChartSpec, as_of: str) -> SlideChart:
    """The title as text for the slide's title; the picture with the subtitle above the plot and the footnote's
    notes and date: the sources clause is the slide's own text under it (dashboard.deck)."""
    subtitle = subtitle_markup(spec.subtitle) if spec.subtitle else None
    picture = _picture(spec, as_of, subtitle, 50 if spec.subtitle else 30, sources=False)
    picture["layout"].update(width=SLIDE_CSS_WIDTH, height=SLIDE_CSS_HEIGHT)
    return SlideChart(spec.title, picture)
