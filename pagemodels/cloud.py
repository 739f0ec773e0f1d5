"""Cloud revenue: growth, profitability and weight in the group, with the AI-product streak as a figure."""

from __future__ import annotations

import datetime as dt

from charts.base import share_quarter_span
from charts.breaks import declared_breaks
from charts.cloud import ai_revenue_figure, cloud_ebita_figure, cloud_revenue_figure, cloud_share_figure
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
    breaks = declared_breaks(frames.structures)  # the store's changes of perimeter, a break on every chart they touch
    revenue, ebita, share = share_quarter_span([make(obs, opts, events, frames.money, breaks) for make in CHARTS], opts)
    # over the quarters it is stated for, not the page's span: first disclosed years after the page's first quarter;
    # a store that holds no such metric has no such chart, as the overview has no such card
    ai = (ai_revenue_figure(obs, opts, events, frames.money, breaks),) if _holds(frames, roles.AI_PRODUCT_REVENUE) else ()
    blocks = (
        Text(
            "Cloud Intelligence Group, quarterly. Growth as reported by the company; margins and shares computed "
            "from cited values; the AI-related product revenue's share of external cloud revenue as stated."
        ),
        Cards(headline_cards(frames, opts)),
        *(chart(frames, result) for result in (revenue, *ai, ebita, share)),
    )
    return PageModel("cloud", TITLE, blocks, opts, today)


def _holds(frames: ViewFrames, role: str) -> bool:
    """Whether the store has any observation of the metric playing `role` for the page's company."""
    obs = frames.observations
    return bool((obs["metric"] == metric_for_role(obs, role)).any())
