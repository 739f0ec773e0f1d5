"""Cloud revenue: growth, profitability, weight in the group and the AI-product streak."""

from __future__ import annotations

import datetime as dt

from charts.cloud import ai_streak_figure, cloud_ebita_figure, cloud_revenue_figure, cloud_share_figure
from charts.options import ViewOptions
from loaders.frames import Frames
from pagemodels.common import chart, events_for
from pagemodels.model import PageModel, Text

TITLE = "Alibaba Cloud: revenue and growth"
CHARTS = (cloud_revenue_figure, cloud_ebita_figure, cloud_share_figure, ai_streak_figure)


def build(frames: Frames, opts: ViewOptions, today: dt.date) -> PageModel:
    obs, events = frames.observations, events_for(frames, opts)
    blocks = (
        Text(
            "Cloud Intelligence Group, quarterly. Growth as reported by the company; margins and shares computed "
            "from cited values."
        ),
        *(chart(frames, make(obs, opts, events)) for make in CHARTS),
    )
    return PageModel("cloud", TITLE, blocks, opts, today)
