"""Overview: the headline figures of Alibaba's AI bet, each with its period and source."""

import dataclasses

import pandas as pd
import streamlit as st

from charts.options import ViewOptions
from charts.registry import plan_row, plan_start
from dashboard.data import derived, options_key
from dashboard.page import charts, context, draw
from dashboard.render import Card, citation_markdown, escape_md, show_card, value_card
from loaders.calendar import label as label_of
from loaders.calendar import parse_period
from loaders.derive import (
    in_currency,
    latest_observation,
    plan_progress,
    plan_remarks,
    share_of,
    trailing_four_quarters,
)
from loaders.frames import Frames
from loaders.units import format_value


def plan_phrase(plan: pd.Series | None) -> str:
    """How the caption names the plan: its amount and horizon from the store, never a number typed here."""
    if plan is None:
        return "the company's plans"
    return f"the RMB {plan['amount']:,.0f} billion {int(plan['horizon_years'])}-year plan"


def money_card(name: str, row: pd.Series | None, period_style: str, delta: str | None = None) -> Card:
    """A card in the chosen currency: says so when US$ was chosen but the quarter has no US$ figure."""
    card = value_card(name, row, period_style, delta)
    if row is not None and row["fx_note"] and row["value"] != row["value"]:
        card = dataclasses.replace(card, note=str(row["fx_note"]))
    return card


def overview_cards(frames: Frames, opts: ViewOptions) -> tuple[list[Card], str]:
    """The eight cards and the citations listed under them, worked out once per store content and
    options (dashboard.data.derived), so a rerun only draws them."""
    obs = frames.observations
    label = opts.label_column
    # money cards follow the chosen currency (US$ as stated, else at a cited rate); plan and TTM cards say RMB
    money = in_currency(obs, opts.currency)
    cited: list[tuple[str, pd.Series]] = []  # (figure, row): listed with quote and link under the cards
    cards = []

    cloud = latest_observation(money, "cloud_revenue", "quarter")
    yoy = cloud["yoy_pct"] if cloud is not None else float("nan")
    cards.append(money_card("Cloud revenue, latest quarter", cloud, label, f"{yoy:+.0f}% YoY" if yoy == yoy else None))
    if cloud is not None:
        cited.append(("Cloud revenue, latest quarter", cloud))

    share = share_of(obs, "cloud_revenue", "group_revenue")
    if share.empty:
        cards.append(Card("Cloud share of group revenue", "–", "Cloud or group revenue is not in the store", "Not in the store"))
    else:
        last = share.iloc[-1]
        period = escape_md(getattr(parse_period(last["period"]), label))
        cards.append(Card("Cloud share of group revenue", f"{last['share_pct']:.1f}%",
                          "Computed from the cited cloud and group revenue of the quarter", f"{period} · computed"))  # fmt: skip

    capex = latest_observation(money, "capex", "quarter")
    cards.append(money_card("Capex, latest stated quarter", capex, label))
    if capex is not None:
        cited.append(("Capex, latest stated quarter", capex))

    ttm = trailing_four_quarters(obs, "capex")
    stated_ttm = latest_observation(obs, "capex", "ttm")
    if not ttm.empty:
        last = ttm.iloc[-1]
        span = f"{label_of(last['first_period'], opts.labels)}–{label_of(last['period'], opts.labels)}"
        cards.append(Card("Capex, trailing four quarters", format_value(last["ttm_value"], "RMB_bn"),
                          "The sum of four consecutive stated quarters", f"Sum of {span}"))  # fmt: skip
    elif stated_ttm is not None:
        cards.append(value_card("Capex, trailing four quarters", stated_ttm, label))
        cited.append(("Capex, trailing four quarters", stated_ttm))
    else:
        cards.append(Card("Capex, trailing four quarters", "–",
                          "Not stated, and fewer than four consecutive quarters in the store", "Not in the store"))  # fmt: skip

    plan = plan_row(frames)
    if plan is None:
        cards.append(Card("Plan deployed", "–", "The store has no plan", "Not in the store"))
    else:
        start = plan_start(frames, opts) or ""
        progress = plan_progress(obs, plan, start, opts.today)
        missing = f"; {len(progress.missing_quarters)} ended quarter(s) without stated capex" if progress.missing_quarters else ""
        cards.append(
            Card(
                f"Plan deployed (RMB {plan['amount']:,.0f} bn)",
                f"{progress.share_deployed_pct:.0f}%",
                f"Cumulative stated capex since the plan-start quarter, over the plan amount{missing}",
                f"{progress.share_time_elapsed_pct:.0f}% of the time ({progress.quarters_elapsed} of "
                f"{progress.horizon_quarters} quarters ended)",
            )
        )
        cited.append((f"Plan (RMB {plan['amount']:,.0f} bn)", plan))
        remarks = plan_remarks(frames.events, plan)
        if not remarks.empty:
            last = remarks.iloc[-1]
            cited.append((f"Latest said about the plan, {last['start']:%d %b %Y}: {last['title']}", last))

    streak = latest_observation(obs, "ai_product_triple_digit_streak", "quarter")
    cards.append(value_card("AI-product triple-digit growth streak", streak, label))
    if streak is not None:
        cited.append(("AI-product triple-digit growth streak", streak))

    for metric in ("qwen_app_downloads", "qwen_model_downloads"):
        row = latest_observation(obs, metric)
        if row is not None:
            cards.append(value_card(str(row["name"]), row, label))
            cited.append((str(row["name"]), row))
    return cards, citation_markdown(cited)


frames, opts = context()
st.title("Alibaba's AI strategy in numbers")
plan_words = derived(frames, "plan_words", lambda: plan_phrase(plan_row(frames)))
st.caption(
    f"Cloud growth, AI infrastructure spending against {plan_words}, and AI adoption; every figure cited. "
    "Hover over a figure's ? for its source and its grade; quotes and links are listed under the figures."
)
cards, citations = derived(frames, "overview-cards", lambda: overview_cards(frames, opts), *options_key(opts))
with st.container(horizontal=True):
    for card in cards:
        show_card(card)
if citations:
    st.caption(citations)
draw(charts(frames, "overview", opts), "cloud-vs-capex")
