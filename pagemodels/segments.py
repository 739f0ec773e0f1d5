"""Segment growth: which businesses grow, each segment's revenue in a panel of its own, and the revenue mix."""

from __future__ import annotations

import datetime as dt

from charts.options import ViewOptions
from charts.segments import revenue_mix_figure, segment_growth_figure, segment_revenue_figure, short_names
from loaders.calendar import label
from pagemodels.common import chart
from pagemodels.model import Block, Control, PageModel, Row, Text
from pagemodels.segments_data import segment_choices
from pagemodels.view import ViewFrames

TITLE = "Segment growth"


def build(frames: ViewFrames, opts: ViewOptions, today: dt.date) -> PageModel:
    obs, structures = frames.observations, frames.structures
    quarters, latest, names, segments = segment_choices(frames)
    blocks: list[Block] = []
    quarter = opts.segment_quarter or latest
    if quarters:
        blocks.append(
            Row(
                (
                    Control("quarter", "select", "Quarter", tuple(quarters), quarter,
                            tuple((q, label(q, opts.labels)) for q in quarters)),
                    Control("segments", "multiselect", "Segments (none chosen: all)", tuple(segments), opts.segments,
                            tuple((m, names.get(m, m)) for m in segments)),
                ),
                (1, 2),
            )
        )  # fmt: skip
    blocks += [
        chart(frames, segment_growth_figure(obs, structures, quarter, opts, short_names(frames.metrics))),
        Text(
            "Reported and like-for-like growth are shown as separate bars where both are stated; "
            "* marks growth computed from the cited values."
        ),
        chart(frames, segment_revenue_figure(obs, structures, opts, frames.money)),
        Text(
            "Each segment has a panel of its own scale; the parts reported inside a segment, such as customer "
            "management revenue, are drawn dashed in its panel. Dotted lines mark the reorganisations."
        ),
        chart(frames, revenue_mix_figure(obs, structures, opts)),
    ]
    return PageModel("segments", TITLE, tuple(blocks), opts, today)
