"""Overview: the headline figures of Alibaba's AI bet, each with its period and source."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from charts.breaks import declared_breaks
from charts.options import ViewOptions
from charts.overview import cloud_vs_capex_figure
from charts.segments import growth_table, latest_growth_quarter, short_names, structure_of
from loaders import roles
from loaders.calendar import label as label_of
from loaders.calendar import parse_period
from loaders.derive import best_statement_of, latest_observation, plan_progress, plan_remarks, share_of
from loaders.due import results_days
from loaders.frames import Frames
from loaders.product import SUBJECT
from loaders.roles import metric_for_role
from pagemodels.common import STREAK_LABEL, chart, citation, events_for, money_card, streak_card, the_plan, value_card
from pagemodels.model import Block, Card, Cards, Citation, Citations, Expander, PageModel, Text
from pagemodels.options import plan_default
from pagemodels.peers import intensity_card
from pagemodels.view import ViewFrames

TITLE = f"{SUBJECT}'s AI strategy in numbers"


def plan_phrase(plan: pd.Series | None) -> str:
    """How the caption names the plan: its amount and horizon from the store, never a number typed here."""
    if plan is None:
        return "the company's plans"
    return f"the RMB {plan['amount']:,.0f} billion {int(plan['horizon_years'])}-year plan"


def overview_cards(frames: ViewFrames, opts: ViewOptions, today: dt.date) -> tuple[list[Card], list[Citation]]:
    """The cards and the citations listed under them."""
    obs = frames.observations
    label = opts.label_column
    # money cards follow the chosen currency (US$ as stated, else at a cited rate); the plan's cards say RMB,
    # the plan's own currency. The plan's trailing run-rate stands for trailing capex: a sum of four
    # consecutive quarters would end before a missing quarter and read as the latest when it is not.
    money = frames.money
    cited: list[Citation] = []
    cards = []

    cloud = latest_observation(money, metric_for_role(obs, roles.CLOUD_REVENUE), "quarter")
    yoy = cloud["yoy_pct"] if cloud is not None else float("nan")
    cards.append(money_card("Cloud revenue, latest quarter", cloud, label, f"{yoy:+.0f}% YoY" if yoy == yoy else None))
    if cloud is not None:
        cited.append(citation("Cloud revenue, latest quarter", cloud))

    share = share_of(obs, metric_for_role(obs, roles.CLOUD_REVENUE), metric_for_role(obs, roles.GROUP_REVENUE))
    if share.empty:
        cards.append(Card("Cloud share of group revenue", "–", "Not stated", help="Cloud or group revenue is not stated"))
    else:
        last = share.iloc[-1]
        period = getattr(parse_period(last["period"]), label)
        cards.append(Card("Cloud share of group revenue", f"{last['share_pct']:.1f}%", f"{period} · computed",
                          help="Computed from the cited cloud and group revenue of the quarter"))  # fmt: skip

    capex = latest_observation(money, metric_for_role(obs, roles.CAPEX), "quarter")
    cards.append(money_card("Capex, latest stated quarter", capex, label))
    if capex is not None:
        cited.append(citation("Capex, latest stated quarter", capex))

    plan = the_plan(frames)
    if plan is None:
        cards.append(Card("Plan deployed", "–", "No plan", help="No capex plan is recorded"))
    else:
        start = opts.plan_start or plan_default(frames) or ""
        progress = plan_progress(obs, plan, start, today, results_days(frames.events, frames.default_subject))
        missing = (
            f"; {len(progress.missing_quarters)} ended quarter(s) with no figure, not counted, so at least this"
            if progress.missing_quarters
            else ""
        )
        derived = f"; derived from stated figures: {', '.join(progress.derived)}" if progress.derived else ""
        low = "at least " if progress.at_least else ""
        cards.append(
            Card(
                f"Plan deployed (RMB {plan['amount']:,.0f} bn)",
                f"{low}{progress.share_deployed_pct:.0f}%",
                f"{progress.share_time_elapsed_pct:.0f}% of the time ({progress.quarters_elapsed} of "
                f"{progress.horizon_quarters} quarters ended)",
                help=f"Cumulative capex since the plan-start quarter, over the plan amount{derived}{missing}",
            )
        )
        cards.append(
            Card(
                "Capex pace, RMB bn/qtr",
                f"{progress.trailing_run_rate:,.1f}",
                f"needed {'at most ' if progress.at_least else ''}{progress.required_run_rate:,.1f} to reach the plan",
                help="Mean of the latest four quarters with stated capex (derived where none is stated"
                + (f": {', '.join(progress.trailing_derived)}" if progress.trailing_derived else "")
                + "), beside what is left of the plan divided by its quarters not yet ended",
            )
        )
        cited.append(citation(f"Plan (RMB {plan['amount']:,.0f} bn)", plan))
        remarks = plan_remarks(frames.events, plan)
        if not remarks.empty:
            last = remarks.iloc[-1]
            cited.append(citation(f"Latest said about the plan, {last['start']:%d %b %Y}: {last['title']}", last))

    streak = latest_observation(obs, metric_for_role(obs, roles.AI_PRODUCT_STREAK), "quarter")
    cards.append(streak_card(streak, label))
    if streak is not None:
        cited.append(citation(STREAK_LABEL, streak))

    ai = latest_observation(money, metric_for_role(obs, roles.AI_PRODUCT_REVENUE), "quarter")
    if ai is not None:
        share = latest_observation(obs, metric_for_role(obs, roles.AI_PRODUCT_SHARE_OF_CLOUD), "quarter")
        share_words = (
            f"{share['value']:.0f}% of external cloud revenue"
            + ("" if share["period"] == ai["period"] else f" in {share[label]}")
            if share is not None
            else None
        )  # its own quarter, which may be an earlier one than the amount's
        card = money_card("AI-related product revenue, latest quarter", ai, label)
        # a share is no change on a year ago: said beside the quarter, never as a delta with its arrow
        cards.append(dataclasses.replace(card, detail=f"{card.detail} · {share_words}") if share_words else card)
        cited.append(citation("AI-related product revenue, latest quarter", ai))
        if share is not None:
            cited.append(citation("AI-related product revenue, share of external cloud revenue", share))

    # the app's reach as its newest users figure (the company's own where it differs from the press: the
    # store's authority rule), its downloads only where the store has no users figure; the model downloads
    app_users = latest_observation(obs, metric_for_role(obs, roles.AI_APP_USERS))
    app = app_users if app_users is not None else latest_observation(obs, metric_for_role(obs, roles.AI_APP_DOWNLOADS))
    for newest in (app, latest_observation(obs, metric_for_role(obs, roles.AI_MODEL_DOWNLOADS))):
        if newest is not None:
            row = best_statement_of(obs, newest)
            cards.append(value_card(str(row["short_name"] or row["name"]), row, label))
            cited.append(citation(str(row["name"]), row))
    return cards, cited


def segment_strip(frames: Frames, opts: ViewOptions) -> tuple[Block, ...]:
    """Year-on-year growth of the group and of each segment of the latest quarter with segment growth,
    in the order of that quarter's reporting structure. A segment of the structure with no stated or
    computable growth keeps its place with "–", so a missing segment is never a silent gap."""
    obs, structures = frames.observations, frames.structures
    quarter = latest_growth_quarter(obs, structures)
    if quarter is None:
        return ()
    structure = structure_of(structures, quarter)
    table = growth_table(obs, structures, quarter)
    reported = table[table["basis"] == "reported"].drop_duplicates("metric").set_index("metric")
    names = short_names(frames.metrics)  # every metric's, those without a value this quarter too
    when = label_of(quarter, opts.labels)
    order = [structure["total"], *structure["segments"]] if structure is not None else list(reported.index)
    cards = []
    for metric in order:
        if metric not in reported.index:
            name = names.get(metric, metric)
            cards.append(Card(name, "–", "not stated", help=f"No source in this dashboard states its revenue growth for {when}"))
            continue
        row = reported.loc[metric]
        name = "Group" if metric == (structure["total"] if structure is not None else None) else names.get(metric, metric)
        computed = row["how"] != "stated"
        help_text = citation(f"{row['segment']} revenue, {when}", row).tooltip
        if computed:
            help_text = "Computed from the cited revenue of this quarter and of a year before. " + help_text
        cards.append(Card(name, f"{row['yoy_pct']:+.0f}%", "computed" if computed else "YoY", help=help_text))
    title = f"Revenue growth by segment, {when}, year on year"
    return Text(title, "subheader"), Cards(tuple(cards))


def build(frames: ViewFrames, opts: ViewOptions, today: dt.date) -> PageModel:
    cards, cited = overview_cards(frames, opts, today)
    peer_card, peer_cited = intensity_card(frames)  # against the hyperscalers' median: the Peers page's card
    cited = [*cited, *peer_cited]
    caption = (
        f"Cloud growth, AI infrastructure spending against {plan_phrase(the_plan(frames))}, and AI adoption; "
        "every figure cited. Hover over a figure's ? for its source and its grade; sources, quotes and links are "
        "one click away under the chart."
    )
    # the figures, then the chart above the fold; where each figure comes from is one click away
    blocks = [
        Text(caption),
        Cards(tuple(cards)),
        Cards((peer_card,)),  # beside the peers, a row of its own
        chart(
            frames,
            cloud_vs_capex_figure(
                frames.observations, opts, events_for(frames, opts), frames.money, declared_breaks(frames.structures)
            ),
        ),
        *segment_strip(frames, opts),
        Expander("Where these figures come from: sources, grades and quotes", (Citations(tuple(cited)),)),
    ]
    return PageModel("overview", TITLE, tuple(blocks), opts, today)
