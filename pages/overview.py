"""Overview: the headline figures of Alibaba's AI bet, each with its period and source."""

import streamlit as st

from charts.registry import plan_row, plan_start
from dashboard.data import derived
from dashboard.page import charts, context, draw
from dashboard.render import card, citation_markdown, escape_md, value_card
from loaders.calendar import label as label_of
from loaders.calendar import parse_period
from loaders.derive import in_currency, latest_observation, plan_progress, share_of, trailing_four_quarters
from loaders.units import format_value

frames, opts = context()
obs = frames.observations
label = opts.label_column

st.title("Alibaba's AI strategy in numbers")
st.caption(
    "Cloud growth, AI infrastructure spending against the RMB 380 billion plan, and AI adoption; every figure cited. "
    "Hover over a figure's ? for its source; quotes and links are listed under the figures."
)


def cards() -> tuple:  # type: ignore[type-arg]
    """What the cards show: worked out once per store content, currency and plan start (dashboard.data.derived)."""
    # money cards follow the chosen currency (US$ at each quarter's cited rate); the plan and TTM cards say RMB
    money = in_currency(obs, opts.currency)
    plan = plan_row(frames)
    start = (plan_start(frames, opts) or "") if plan is not None else ""
    adoption = [(m, latest_observation(obs, m)) for m in ("qwen_app_downloads", "qwen_model_downloads")]
    return (
        latest_observation(money, "cloud_revenue", "quarter"),
        share_of(obs, "cloud_revenue", "group_revenue"),
        latest_observation(money, "capex", "quarter"),
        trailing_four_quarters(obs, "capex"),
        latest_observation(obs, "capex", "ttm"),
        latest_observation(obs, "ai_product_triple_digit_streak", "quarter"),
        plan,
        start,
        plan_progress(obs, plan, start) if plan is not None else None,
        [row for _, row in adoption if row is not None],
    )


cloud, share, capex, ttm, stated_ttm, streak, plan, start, progress, adoption = derived(
    frames, "overview-cards", cards, opts.currency, opts.plan_start
)
cited = []  # (figure, row) listed with their quotes and links under the cards

c1, c2, c3, c4 = st.columns(4)
with c1:
    delta = f"{cloud['yoy_pct']:+.0f}% YoY" if cloud is not None and cloud["yoy_pct"] == cloud["yoy_pct"] else None
    value_card("Cloud revenue, latest quarter", cloud, label, delta)
    if cloud is not None:
        cited.append(("Cloud revenue, latest quarter", cloud))
        if cloud["fx_note"] and cloud["value"] != cloud["value"]:
            st.caption(str(cloud["fx_note"]))  # US$ chosen, but no rate is cited for that quarter
with c2:
    if share.empty:
        card("Cloud share of group revenue", "–", "Cloud or group revenue is not in the store", "Not in the store")
    else:
        last = share.iloc[-1]
        period = escape_md(getattr(parse_period(last["period"]), label))
        card("Cloud share of group revenue", f"{last['share_pct']:.1f}%",
             "Computed from the cited cloud and group revenue of the quarter", f"{period} · computed")  # fmt: skip
with c3:
    value_card("Capex, latest stated quarter", capex, label)
    if capex is not None:
        cited.append(("Capex, latest stated quarter", capex))
        if capex["fx_note"] and capex["value"] != capex["value"]:
            st.caption(str(capex["fx_note"]))
with c4:
    if not ttm.empty:
        last = ttm.iloc[-1]
        span = f"{label_of(last['first_period'], opts.labels)}–{label_of(last['period'], opts.labels)}"
        card("Capex, trailing four quarters", format_value(last["ttm_value"], "RMB_bn"),
             "The sum of four consecutive stated quarters", f"Sum of {span}")  # fmt: skip
    elif stated_ttm is not None:
        value_card("Capex, trailing four quarters", stated_ttm, label)
        cited.append(("Capex, trailing four quarters", stated_ttm))
    else:
        card("Capex, trailing four quarters", "–", "Not stated, and fewer than four consecutive quarters in the store",
             "Not in the store")  # fmt: skip

c5, c6, c7, c8 = st.columns(4)
with c5:
    if plan is None:
        card("RMB 380 bn plan deployed", "–", "The store has no plan", "Not in the store")
    else:
        missing = f"; {len(progress.missing_quarters)} quarter(s) not stated" if progress.missing_quarters else ""
        card(
            f"Plan deployed (RMB {plan['amount']:,.0f} bn)",
            f"{progress.share_deployed_pct:.0f}%",
            f"Cumulative stated capex since the plan-start quarter, over the plan amount{missing}",
            f"{progress.share_time_elapsed_pct:.0f}% of the time, from {label_of(start, opts.labels)}",
        )
        cited.append((f"Plan (RMB {plan['amount']:,.0f} bn)", plan))
with c6:
    value_card("AI-product triple-digit growth streak", streak, label)
    if streak is not None:
        cited.append(("AI-product triple-digit growth streak", streak))
for col, row in zip((c7, c8), adoption, strict=False):
    with col:
        value_card(str(row["name"]), row, label)
    cited.append((str(row["name"]), row))

if cited:
    st.caption(derived(frames, "overview-citations", lambda: citation_markdown(cited), opts.currency, opts.plan_start))
results = charts(frames, "overview", opts)
draw(results, "cloud-vs-capex")
