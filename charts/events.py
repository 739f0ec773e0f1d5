"""Headline events on a time chart: carried by the spec as data, drawn by each medium its own way.

Which events are headline events is the store's word (an event's `chart_label`). A builder records
them on its figure (`record`, through charts.axes.add_event_markers) and charts.spec.finish takes
them out of the plot into the spec, so no medium inherits another's drawing. The server does not
know the reader's screen: a text label that reads in a 1,000 px image runs into its neighbours on
a phone. On screen each event is a small number above the plot, with a key under the chart giving
its date and label (`paint_numbers`, `key_lines`); a PNG or a slide, drawn at a known width, keeps
the label as text on a dotted line (`paint_labels`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.theme import EVENT_COLOR
from loaders.vocab import MARKED_EVENT_CATEGORIES

META_KEY = "events"  # where a builder's figure holds its events (layout.meta) until the spec takes them

# The image's labels run vertically, about 12 px wide at 10 px type; on a chart of a few years across
# 900 px that is under two weeks, so labels closer than this would touch (the later one is left out).
LABEL_MIN_GAP = pd.Timedelta(days=21)
EVENT_LABEL_ROOM = 0.42  # the share of an image's plot height kept above the data for the vertical labels

# On screen: numbers are placed for the narrowest plot a phone gives (390 px less the axis and margins),
# each number's box about NUMBER_PX wide with NUMBER_GAP_PX clear between two in one row; numbers
# that would touch there go on a row above. Wider screens keep the same rows, with more air.
NARROWEST_PLOT_PX = 290
NUMBER_PX = 20
NUMBER_GAP_PX = 4
ROW_PX = 18  # one row of numbers above the plot
NUMBER_FONT = 10


@dataclass(frozen=True)
class ChartEvent:
    """One event as a chart shows it: its day (ISO date), the words of its key (the store's short label),
    its title and source for the hover, and the words an image writes on its line (none: the line alone)."""

    day: str
    label: str
    title: str
    source: str
    image_label: str | None = None

    @property
    def when(self) -> pd.Timestamp:
        return pd.Timestamp(self.day)

    @property
    def date_text(self) -> str:
        return f"{self.when.day} {self.when:%b %Y}"


def headline_events(events: pd.DataFrame | None, start: pd.Timestamp, end: pd.Timestamp) -> tuple[ChartEvent, ...]:
    """The headline events inside [start, end], oldest first. Results days are left out: every quarter
    has one, and its label is the quarter's own name, which the axis already shows."""
    if events is None or events.empty or "chart_label" not in events:
        return ()
    inside = events[
        (events["start"] >= start)
        & (events["start"] <= end)
        & events["category"].isin(MARKED_EVENT_CATEGORIES)
        & events["chart_label"].notna()
    ].sort_values("start", kind="stable")
    return tuple(_event(e) for e in inside.itertuples())


def statements(rows: pd.DataFrame) -> tuple[ChartEvent, ...]:
    """Statements made on a plan, every one marked on the plan's chart: the key gives the store's short label,
    else the statement's title; an image writes only the short labels (a title is too long to stand on a line)."""
    return tuple(_event(e) for e in rows.sort_values("start", kind="stable").itertuples())


def _event(e: Any) -> ChartEvent:
    short = getattr(e, "chart_label", None)
    short = str(short) if _given(short) else None
    return ChartEvent(
        day=pd.Timestamp(e.start).date().isoformat(),
        label=short or str(e.title),
        title=str(e.title),
        source=", ".join(str(s) for s in (getattr(e, "publisher", None), getattr(e, "source_title", None)) if _given(s)),
        image_label=short,
    )


def _esc(text: str) -> str:
    """Store words as plotly shows them: "<" and "&" as written, never read as markup."""
    return html.escape(text, quote=False)


def _given(value: object) -> bool:
    return value is not None and value == value and str(value) != ""


def record(fig: go.Figure, chosen: Sequence[ChartEvent]) -> None:
    """The events kept on the figure, as plain values, for charts.spec.finish to take into the spec."""
    if not chosen:
        return
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    held = [*meta.get(META_KEY, []), *(vars(e) for e in chosen)]
    fig.layout.meta = {**meta, META_KEY: held}


def take(body: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[ChartEvent, ...]]:
    """The plot's JSON body without the events a builder recorded (a new dict where it had any), and the events."""
    layout = body.get("layout", {})
    meta = layout.get("meta") if isinstance(layout, dict) else None
    if not isinstance(meta, dict) or META_KEY not in meta:
        return dict(body), ()
    rest = {k: v for k, v in meta.items() if k != META_KEY}
    kept = {k: v for k, v in layout.items() if k != "meta"} | ({"meta": rest} if rest else {})
    unique = {(e["day"], e["title"]): ChartEvent(**e) for e in meta[META_KEY]}
    return {**body, "layout": kept}, tuple(sorted(unique.values(), key=lambda e: (e.day, e.title)))


def _line(e: ChartEvent) -> dict[str, Any]:
    return dict(
        type="line", x0=e.day, x1=e.day, xref="x", y0=0, y1=1, yref="y domain",
        line=dict(color=EVENT_COLOR, width=1, dash="dot"), layer="below", name="event",
    )  # fmt: skip


def _x_range(layout: Mapping[str, Any], events: Sequence[ChartEvent]) -> tuple[pd.Timestamp, pd.Timestamp]:
    axis = layout.get("xaxis", {})
    stated = axis.get("range") if isinstance(axis, dict) else None
    if stated and len(stated) == 2:
        return pd.Timestamp(stated[0]), pd.Timestamp(stated[1])
    days = [e.when for e in events]
    pad = max((max(days) - min(days)) / 10, pd.Timedelta(days=30))
    return min(days) - pad, max(days) + pad


def number_rows(events: Sequence[ChartEvent], start: pd.Timestamp, end: pd.Timestamp) -> list[int]:
    """Each event's row of numbers above the plot (0 the lowest): the first row where its number clears
    the one before it at the narrowest plot."""
    days_per_px = max((end - start) / pd.Timedelta(days=1), 1.0) / NARROWEST_PLOT_PX
    room = pd.Timedelta(days=(NUMBER_PX + NUMBER_GAP_PX) * days_per_px)
    free_from: list[pd.Timestamp] = []
    rows = []
    for e in events:
        row = next((i for i, free in enumerate(free_from) if e.when >= free), len(free_from))
        if row == len(free_from):
            free_from.append(e.when + room)
        else:
            free_from[row] = e.when + room
        rows.append(row)
    return rows


def paint_numbers(fig: dict[str, Any], events: Sequence[ChartEvent]) -> int:
    """Each event as a dotted line and a small boxed number above the plot (its title on hover); returns
    the pixels the numbers need above the plot."""
    if not events:
        return 0
    layout = fig["layout"]
    start, end = _x_range(layout, events)
    rows = number_rows(events, start, end)
    numbers = [
        dict(
            x=e.day, xref="x", y=1, yref="paper", xanchor="center", yanchor="bottom", yshift=3 + ROW_PX * row,
            text=str(n), showarrow=False, font=dict(size=NUMBER_FONT, color=EVENT_COLOR), bgcolor="white",
            bordercolor=EVENT_COLOR, borderwidth=1, borderpad=1, name="event",
            hovertext=f"{e.date_text}: {_esc(e.title)}" + (f"<br>Source: {_esc(e.source)}" if e.source else ""),
        )
        for n, (e, row) in enumerate(zip(events, rows, strict=True), start=1)
    ]  # fmt: skip
    layout["shapes"] = [*layout.get("shapes", []), *(_line(e) for e in events)]
    layout["annotations"] = [*layout.get("annotations", []), *numbers]
    return ROW_PX * (max(rows) + 1) + 4


def key_lines(events: Sequence[ChartEvent]) -> tuple[str, ...]:
    """The key under a chart on screen: one line per numbered event, its date and label, in plain words."""
    return tuple(f"{n} · {e.date_text} · {e.label}" for n, e in enumerate(events, start=1))


def paint_labels(fig: dict[str, Any], events: Sequence[ChartEvent], values: Mapping[str, Sequence[float]]) -> None:
    """Each event as a dotted line with its label running down from the plot's top edge, for an image of
    known width; a label closer than LABEL_MIN_GAP to the one before it is left to the line alone. The
    y-axes (`values`: the numbers drawn on each) get room above the data so no label covers it."""
    if not events:
        return
    layout = fig["layout"]
    start, end = _x_range(layout, events)
    labels: list[dict[str, Any]] = []
    last: pd.Timestamp | None = None
    for e in events:
        if e.image_label is None or (last is not None and e.when - last < LABEL_MIN_GAP):
            continue
        last = e.when
        # text on the later side of its line, except near the right edge, so no label runs into an axis
        near_end = e.when > end - (end - start) / 10
        labels.append(
            dict(
                x=e.day, y=1, yref="paper", yanchor="top", xanchor="right" if near_end else "left", text=_esc(e.image_label),
                showarrow=False, textangle=-90, font=dict(size=10, color=EVENT_COLOR), name="event",
            )
        )  # fmt: skip
    layout["shapes"] = [*layout.get("shapes", []), *(_line(e) for e in events)]
    layout["annotations"] = [*layout.get("annotations", []), *labels]
    for axis, drawn in values.items():
        if axis in layout or drawn:
            _headroom(layout.setdefault(axis, {}), drawn)


def y_values(plot: go.Figure) -> dict[str, list[float]]:
    """The numbers each y-axis ("yaxis", "yaxis2") draws, for the room above them."""
    out: dict[str, list[float]] = {"yaxis": [], "yaxis2": []}
    for drawn in plot.data:
        axis = {"y": "yaxis", "y2": "yaxis2"}.get(getattr(drawn, "yaxis", None) or "y")
        if axis is None or drawn.y is None:
            continue
        out[axis] += [v for v in map(_number, drawn.y) if v is not None]
    return out


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number == number else None


def _headroom(axis: dict[str, Any], drawn: Sequence[float], share: float = EVENT_LABEL_ROOM) -> None:
    """The axis's top raised so that `share` of the plot lies above its data (or above its stated range)."""
    if axis.get("type") in ("log", "category"):
        return
    stated = axis.get("range")
    if stated and len(stated) == 2 and all(isinstance(v, int | float) for v in stated):
        bottom, top = float(stated[0]), float(stated[1])
    elif drawn:
        top, bottom = max(0.0, max(drawn)), min(0.0, min(drawn))
        bottom = bottom - 0.05 * (top - bottom) if bottom < 0 else 0.0
    else:
        return
    if top <= bottom:
        return
    axis["range"] = [bottom, bottom + (top - bottom) / (1 - share)]
    axis["autorange"] = False
