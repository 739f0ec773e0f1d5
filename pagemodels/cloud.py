"""Cloud revenue: growth, profitability and weight in the group, with the AI-product streak as a figure."""

from __future__ import annotations

import datetime as dt

from charts.base import share_quarter_span
from charts.cloud import cloud_ebita_figure, cloud_revenue_figure, cloud_share_figure
from charts.options import ViewOptions
from loaders import roles
from loaders.derive import latest_observation
from loaders.product import CLOUD_BUSINESS
from loaders.roles import metric_for_role
from pagemodels.common import chart, events_for, money_card, streak_card
from pagemodels.model import Card, Cards, PageModel, Text
from pagemodels.view import ViewFrames

TITLE = f"{CLOUD_BUSINESS}: revenue and growth"
CHARTS = (cloud_revenue_figure, cloud_ebita_figure, cloud_share_figure)


def headline_cards(frames: ViewFrames, opts: ViewOptions) -> tuple[Card, ...]:
    """The latest quarter's revenue with its growth, and the AI-product streak: one number each, where a
    chart of a count that rises by one a quarter said no more than its last bar."""
    obs = frames.observations
    revenue = latest_observation(frames.money, metric_for_role(obs, roles.CLOUD_REVENUE), "quarter")
    yoy = revenue["yoy_pct"] if revenue is not None else float("nan")
    streak = latest_observation(obs, metric_for_role(obs, roles.AI_PRODUCT_STREAK), "quarter")
    return (
        money_card("Cloud revenue, latest quarter", revenue, opts.label_column, f"{yoy:+.0f}% YoY" if yoy == yoy else None),
        streak_card(streak, opts.label_column),
    )


def build(frames: ViewFrames, opts: ViewOptions, today: dt.date) -> PageModel:
    obs, events = frames.observations, events_for(frames, opts)
    results = share_quarter_span([make(obs, opts, events, frames.money) for make in CHARTS], opts)
    blocks = (
        Text(
            "Cloud Intelligence Group, quarterly. Growth as reported by the company; margins and shares computed "
            "from cited values."
        ),
        Cards(headline_cards(frames, opts)),
        *(chart(frames, result) for result in results),
    )
    return PageModel("cloud", TITLE, blocks, opts, today)
