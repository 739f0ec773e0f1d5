"""Overview: the headline figures of Alibaba's AI bet, each with its period and source."""

import streamlit as st

from charts.registry import plan_row, plan_start
from dashboard.data import derived
from dashboard.page import charts, context, draw
from dashboard.render import value_card
from loaders.calendar import label as label_of
from loaders.derive import in_currency, latest_observation, plan_progress, share_of, trailing_four_quarters
from loaders.units import format_value

frames, opts = context()
obs = frames.observations
label = opts.label_column

st.title("Alibaba's AI strategy in numbers")
st.caption(
    "Cloud growth, AI infrastructure spending against the RMB 380 billion plan, and AI adoption; every figure cited."
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
        [(m, row) for m, row in adoption if row is not None],
    )


cloud, share, capex, ttm, stated_ttm, streak, plan, start, progress, adoption = derived(
    frames, "overview-cards", cards, opts.currency, opts.plan_start
)

c1, c2, c3, c4 = st.columns(4)
with c1:
    delta = f"{cloud['yoy_pct']:+.0f}% YoY" if cloud is not None and cloud["yoy_pct"] == cloud["yoy_pct"] else None
    value_card("Cloud revenue, latest quarter", cloud, label, delta)
    if cloud is not None and cloud["fx_note"] and cloud["value"] != cloud["value"]:
        st.caption(str(cloud["fx_note"]))  # US$ chosen, but no rate is cited for that quarter
with c2, st.container(border=True):
    if share.empty:
        st.metric("Cloud share of group revenue", "–")
    else:
        last = share.iloc[-1]
        st.metric("Cloud share of group revenue", f"{last['share_pct']:.1f}%")
        from loaders.calendar import parse_period

        st.caption(f"{getattr(parse_period(last['period']), label)} · computed from cited cloud and group revenue")
with c3:
    value_card("Capex, latest stated quarter", capex, label)
    if capex is not None and capex["fx_note"] and capex["value"] != capex["value"]:
        st.caption(str(capex["fx_note"]))
with c4, st.container(border=True):
    if not ttm.empty:
        last = ttm.iloc[-1]
        st.metric("Capex, trailing four quarters", format_value(last["ttm_value"], "RMB_bn"))
        st.caption(f"Sum of four stated quarters {last['first_period']}–{last['period']}")
    elif stated_ttm is not None:
        st.metric("Capex, trailing four quarters", format_value(stated_ttm["value"], stated_ttm["unit"]))
        st.caption(f"{stated_ttm[label]} · as stated by the source")
        with st.popover("Source"):
            from dashboard.render import citation_block

            citation_block(stated_ttm)
    else:
        st.metric("Capex, trailing four quarters", "–")
        st.caption("Not stated, and fewer than four consecutive quarters in the store")

c5, c6, c7, c8 = st.columns(4)
with c5, st.container(border=True):
    if plan is None:
        st.metric("RMB 380 bn plan deployed", "–")
    else:
        st.metric(
            f"Plan deployed (RMB {plan['amount']:,.0f} bn)",
            f"{progress.share_deployed_pct:.0f}%",
            help="Cumulative stated capex since the plan-start quarter, over the plan amount",
        )
        missing = f"; {len(progress.missing_quarters)} quarter(s) not stated" if progress.missing_quarters else ""
        st.caption(
            f"{progress.share_time_elapsed_pct:.0f}% of the time elapsed, counting from {label_of(start, opts.labels)}{missing}"
        )
with c6:
    value_card("AI-product triple-digit growth streak", streak, label)
for col, (metric, row) in zip((c7, c8), adoption, strict=False):
    with col:
        value_card(str(row["name"]) if row is not None else metric, row, label)

results = charts(frames, "overview", opts)
draw(results, "cloud-vs-capex")
