"""Timeline: the dated, cited events of Alibaba's AI strategy."""

from __future__ import annotations

import datetime as dt

from charts.options import ViewOptions
from charts.timeline import timeline_figure
from loaders.frames import Frames
from loaders.vocab import EVENT_CATEGORIES
from pagemodels.common import chart
from pagemodels.model import Column, Control, Expander, PageModel, Text
from pagemodels.sources import shown_table

TITLE = "Strategy timeline"
COLUMNS = {
    "start": Column("Date", "date", "YYYY-MM-DD"),
    "until": Column("Until", help="The last day of an event that runs over a span; blank for a one-day event"),
    "title": Column("Event"),
    "category": Column("Category"),
    "publisher": Column("Publisher"),
    "grade_label": Column("Grade"),
    "source_title": Column("Source"),
    "quote": Column("Quote"),
    "link_to_quote": Column("Link", "link", help="Opens the source at the quoted words where the browser can"),
}


def build(frames: Frames, opts: ViewOptions, today: dt.date) -> PageModel:
    events = frames.subject_events
    chosen = opts.categories or tuple(EVENT_CATEGORIES)
    rows = events[events["category"].isin(chosen)].sort_values("start", ascending=False)
    rows = rows.assign(
        category=rows["category"].map(EVENT_CATEGORIES),
        until=[f"{e:%Y-%m-%d}" if e > s else "" for s, e in zip(rows["start"], rows["end"], strict=True)],
    )
    blocks = (
        Text("Plans, model releases, launches, reorganisations and results days, each with its source."),
        # pills, not a multiselect: six categories read at a glance
        Control(
            "categories",
            "pills",
            "Categories",
            tuple(EVENT_CATEGORIES),
            chosen,
            tuple(EVENT_CATEGORIES.items()),
            widget="timeline_categories",
        ),
        chart(frames, timeline_figure(events, opts, chosen, today)),
        # the table opens on demand: drawn at once, its grid held up the chart above it
        Expander(
            f"All {len(rows)} events, each with its source, quote and link", (shown_table("timeline-events", rows, COLUMNS),)
        ),
    )
    return PageModel("timeline", TITLE, blocks, opts, today)
