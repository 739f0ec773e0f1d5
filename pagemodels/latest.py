"""The newest quarter on results day: its headline figures and what changed, capex against the plan's
needed pace, each provider's consensus against the actual, and what management said about the plan.

Changes are worked out here from cited values (derived, and marked so); a year-on-year growth a
source states is used as stated. Estimates are never averaged: each provider's, with its date, is
set against the actual on its own line.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection
from typing import Any

import pandas as pd

from charts.capex import capex_vs_plan_figure, progress_summary
from charts.options import ViewOptions
from loaders import roles
from loaders.calendar import label, parse_period, prior_year_quarter, quarter_from_index, quarter_index
from loaders.curation import store_latest_quarter
from loaders.derive import plan_progress, quarterly, stated_growth
from loaders.due import results_days
from loaders.frames import Frames
from loaders.roles import metric_for_role
from loaders.units import format_value
from pagemodels.common import chart, citation, events_for, safe_link, source_text, the_plan
from pagemodels.model import Block, Card, Cards, Citation, Citations, Column, Expander, PageModel, Table, Text
from pagemodels.options import plan_default
from pagemodels.view import ViewFrames

TITLE = "Latest quarter: what the results changed"
# the headline figures, in the order an analyst reads them on results day: (role, name on the page); the
# store says which metric plays each role (loaders.roles)
HEADLINES: tuple[tuple[str, str], ...] = (
    (roles.GROUP_REVENUE, "Group revenue"),
    (roles.CLOUD_REVENUE, "Cloud revenue"),
    (roles.AI_PRODUCT_REVENUE, "AI-related product revenue"),
    (roles.AI_PRODUCT_SHARE_OF_CLOUD, "AI-related share of external cloud revenue"),
    (roles.GROUP_ADJUSTED_EBITA, "Adjusted EBITA"),
    (roles.CAPEX, "Capex"),
    (roles.GROUP_FREE_CASH_FLOW, "Free cash flow"),
)
# figures where more is not better for the reader of a consensus line: above or below, never beat or miss
NEUTRAL_AGAINST_CONSENSUS = frozenset({roles.CAPEX})


def headline_metrics(obs: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(metric, name on the page, role) of each headline figure, its metric the one the store gives the role."""
    return [(metric_for_role(obs, role), name, role) for role, name in HEADLINES]


NO_CONSENSUS = "no cited consensus"
SAME_DAY_DAYS = 1  # a results day's remarks reported the next day (Hong Kong evening, US morning) count
DERIVED = "derived"

CHANGE_COLUMNS: dict[str, Column] = {
    "figure": Column("Figure"),
    "quarter": Column("Quarter"),
    "value": Column("Value"),
    "vs_prior_quarter": Column(
        "On the prior quarter",
        help="Worked out from the two quarters' cited values (derived); a change in points for a share, and in the "
        "amount where the earlier value is zero or below",
    ),
    "vs_year_ago": Column(
        "On a year ago", help="As the source states it where it does (stated); else worked out from cited values (derived)"
    ),
    "growth_change": Column(
        "Change in growth",
        help="This quarter's growth on a year ago minus the prior quarter's, in percentage points: acceleration "
        "or deceleration (derived)",
    ),
    "source": Column("Source", wide=True),
    "quote": Column("Quote", wide=True),
    "url": Column("Link", "link"),
}
CONSENSUS_COLUMNS: dict[str, Column] = {
    "figure": Column("Figure"),
    "provider": Column("Provider"),
    "estimated_on": Column("Estimated on"),
    "estimate": Column("Estimate"),
    "actual": Column("Actual"),
    "difference": Column("Actual against estimate", help="Actual minus the provider's estimate, over the estimate (derived)"),
    "verdict": Column("Beat or miss"),
    "source": Column("Source of the estimate", wide=True),
    "quote": Column("Quote", wide=True),
    "url": Column("Link", "link"),
}


def _change(now: float, before: float, unit: str) -> float | None:
    """Percent change, or the change in points for a percentage; None where no base (missing, zero or negative)."""
    if math.isnan(now) or math.isnan(before):
        return None
    if unit == "pct":
        return now - before
    return 100 * (now / before - 1) if before > 0 else None


def _change_text(now: float, before: float, unit: str) -> str:
    change = _change(now, before, unit)
    if change is not None:
        return f"{change:+.1f} pp" if unit == "pct" else f"{change:+.1f}%"
    if math.isnan(now) or math.isnan(before):
        return "–"
    return f"{format_value(now - before, unit)} (amount)"  # no percentage on a base of zero or below


def _blank_gaps(table: pd.DataFrame) -> pd.DataFrame:
    """Empty text where a row has nothing to say (a figure not stated, no estimate); links stay None."""
    text = [c for c in table.columns if c != "url"]
    table[text] = table[text].astype(object).where(table[text].notna(), "")
    return table


def _values(frame: pd.DataFrame, metric: str, periods: Collection[str]) -> dict[str, dict[str, Any]]:
    """The shown row of `metric` for each of `periods` that has one, by period: a page reads a few quarters, and
    only by period, so only those become records."""
    rows = quarterly(frame, metric)
    rows = rows[rows["period"].isin(list(periods))]
    return {} if rows.empty else {str(r["period"]): r for r in rows.to_dict("records")}


def _value(rows: dict[str, dict[str, Any]], period: str) -> float:
    row = rows.get(period)
    return float(row["value"]) if row is not None else math.nan


def _yoy(rows: dict[str, dict[str, Any]], stated: dict[str, float], period: str, unit: str) -> tuple[float | None, str]:
    """A quarter's growth on a year ago: as a source states it, else worked out from the two cited values."""
    if period in stated and unit != "pct":
        return stated[period], "stated"
    return _change(_value(rows, period), _value(rows, prior_year_quarter(period)), unit), DERIVED


def headline_rows(frames: ViewFrames, opts: ViewOptions, quarter: str) -> tuple[pd.DataFrame, list[Citation], list[Citation]]:
    """One row per headline figure for `quarter`, with its changes; the citations of the figures shown and
    of the earlier quarters the changes are worked out from."""
    money = frames.money
    prior = quarter_from_index(quarter_index(quarter) - 1)
    records, shown, behind = [], [], []
    for metric, name, _role in headline_metrics(frames.observations):
        rows = _values(money, metric, (quarter, prior, prior_year_quarter(quarter), prior_year_quarter(prior)))
        row = rows.get(quarter)
        if row is None:
            records.append({"figure": name, "quarter": label(quarter, opts.labels), "value": "not stated by any source held"})
            continue
        unit = str(row["unit"])
        growth = stated_growth(frames.observations, metric)
        stated = dict(zip(growth["period"], growth["yoy_pct"].astype(float), strict=True)) if not growth.empty else {}
        now_growth, how = _yoy(rows, stated, quarter, unit)
        prior_growth, _ = _yoy(rows, stated, prior, unit)
        if now_growth is None:
            yoy_text = _change_text(_value(rows, quarter), _value(rows, prior_year_quarter(quarter)), unit)
        else:
            yoy_text = f"{now_growth:+.1f} pp" if unit == "pct" else f"{now_growth:+.1f}% ({how})"
        if now_growth is None or prior_growth is None or unit == "pct":
            growth_text = "–"
        else:
            points = now_growth - prior_growth
            trend = "acceleration" if points > 0 else "deceleration" if points < 0 else "unchanged"
            growth_text = f"{points:+.1f} pp, {trend}"
        records.append(
            {
                "figure": name,
                "quarter": label(quarter, opts.labels),
                "value": format_value(float(row["value"]), unit),
                "vs_prior_quarter": _change_text(_value(rows, quarter), _value(rows, prior), unit),
                "vs_year_ago": yoy_text,
                "growth_change": growth_text,
                "source": source_text(row),
                "quote": row.get("quote"),
                "url": safe_link(row.get("url")),
            }
        )
        shown.append(citation(f"{name}, {label(quarter, opts.labels)}", row))
        for earlier in (prior, prior_year_quarter(quarter), prior_year_quarter(prior)):
            if earlier in rows:
                behind.append(citation(f"{name}, {label(earlier, opts.labels)}", rows[earlier]))
    return _blank_gaps(pd.DataFrame.from_records(records, columns=list(CHANGE_COLUMNS))), shown, behind


def headline_cards(frames: ViewFrames, opts: ViewOptions, quarter: str) -> tuple[Card, ...]:
    """The headline figures as cards: value, quarter and growth on a year ago, the citation in the tooltip."""
    money = frames.money
    cards = []
    for metric, name, _role in headline_metrics(frames.observations):
        row = _values(money, metric, (quarter,)).get(quarter)
        if row is None:
            cards.append(Card(name, "–", f"{label(quarter, opts.labels)} · not stated", help="No source held states it"))
            continue
        yoy = row.get("yoy_pct")
        delta = f"{float(yoy):+.0f}% YoY" if yoy is not None and yoy == yoy else None
        cards.append(
            Card(name, format_value(float(row["value"]), str(row["unit"])), str(row[opts.label_column]), delta,
                 citation(name, row).tooltip)
        )  # fmt: skip
    return tuple(cards)


def consensus_rows(frames: ViewFrames, opts: ViewOptions, quarter: str) -> tuple[pd.DataFrame, list[Citation]]:
    """Each provider's estimate against the actual, one line per provider and date, never averaged; a
    figure without a cited estimate says so."""
    money = frames.money
    records, cited = [], []
    for metric, name, role in headline_metrics(frames.observations):
        actual_row = _values(money, metric, (quarter,)).get(quarter)
        estimates = money[(money["metric"] == metric) & (money["basis"] == "estimate") & (money["period"] == quarter)]
        if estimates.empty:
            records.append({"figure": name, "provider": NO_CONSENSUS})
            continue
        for _, est in estimates.sort_values(["provider", "estimated_on"]).iterrows():
            unit = str(est["unit"])
            estimate = float(est["value"])
            actual = float(actual_row["value"]) if actual_row is not None else math.nan
            diff = _change(actual, estimate, unit) if estimate > 0 or unit == "pct" else None
            if math.isnan(actual) or math.isnan(estimate):
                verdict = "no actual held" if math.isnan(actual) else "no estimate in this currency"
            elif actual == estimate:
                verdict = "in line"
            elif role in NEUTRAL_AGAINST_CONSENSUS:
                verdict = "above the estimate" if actual > estimate else "below the estimate"
            else:
                verdict = "beat" if actual > estimate else "miss"
            on = est["estimated_on"]
            records.append(
                {
                    "figure": name,
                    "provider": str(est["provider"]),
                    "estimated_on": on.isoformat() if isinstance(on, dt.date) else str(on),
                    "estimate": format_value(estimate, unit),
                    "actual": format_value(actual, unit),
                    "difference": "–" if diff is None else (f"{diff:+.1f} pp" if unit == "pct" else f"{diff:+.1f}%"),
                    "verdict": verdict,
                    "source": source_text(est),
                    "quote": est.get("quote"),
                    "url": safe_link(est.get("url")),
                }
            )
            cited.append(citation(f"{name}, {est['provider']} estimate of {on}", est))
    return _blank_gaps(pd.DataFrame.from_records(records, columns=list(CONSENSUS_COLUMNS))), cited


def plan_remarks_that_day(frames: Frames, plan: pd.Series, day: dt.date | None) -> pd.DataFrame:
    """What was said about the plan on the results day (or reported the day after): plan events, and
    events naming the plan's metric."""
    events = frames.events
    if day is None or events.empty:
        return events.iloc[0:0]
    start = pd.Timestamp(day)
    on_day = (events["start"] >= start) & (events["start"] <= start + pd.Timedelta(days=SAME_DAY_DAYS))
    names_plan = events["metrics"].str.split(",").map(lambda ms: plan["metric"] in ms)
    return events[on_day & (events["category"].eq("plan") | names_plan) & events["quote"].notna()]


def pace_blocks(frames: ViewFrames, opts: ViewOptions, quarter: str, today: dt.date) -> list[Block]:
    """The quarter's capex against the pace the plan still needs, and the plan chart."""
    plan = the_plan(frames)
    if plan is None:
        return [Text("No capex plan is recorded, so capex is not set against a plan.", "info")]
    start = opts.plan_start or plan_default(frames) or ""
    days = results_days(frames.events, frames.default_subject)
    progress = plan_progress(frames.observations, plan, start, today, days)
    capex = _values(frames.observations, str(plan["tracks"]), (quarter,)).get(quarter)
    blocks: list[Block] = [Text("Capex against the plan's needed pace", "subheader")]
    if capex is None:
        blocks.append(Text(f"No source held states capex for {label(quarter, opts.labels)}."))
    else:
        spent = float(capex["value"])
        needed = progress.required_run_rate
        ratio = f"{100 * spent / needed:.0f}% of" if needed == needed and needed > 0 else "against"
        # the plan page's own pace cards, so "at most" and derived quarters read the same on both pages
        pace = [c for c in progress_summary(progress) if c[0] in ("Needed, RMB bn/qtr", "Trailing, RMB bn/qtr")]
        blocks += [
            Cards(
                (
                    Card(
                        f"Capex, {label(quarter, opts.labels)}, RMB bn",
                        f"{spent:,.1f}",
                        "stated",
                        help=citation("Capex", capex).tooltip,
                    ),
                    *(Card(name, value, detail, help=why) for name, value, detail, why in pace),
                )
            ),
            Text(
                f"{label(quarter, opts.labels)} capex of RMB {spent:,.1f} bn is {ratio} the RMB {needed:,.1f} bn "
                f"a quarter the RMB {progress.amount:,.0f} bn plan still needs to be spent by "
                f"{label(progress.end_quarter, opts.labels)}, "
                f"counting from {label(start, opts.labels)} (derived; the plan is in RMB whichever currency is chosen)."
                + (
                    " That pace is at most this: quarters with no figure are left out of the spending so far."
                    if progress.at_least
                    else ""
                )
            ),
        ]
    blocks.append(
        chart(
            frames,
            capex_vs_plan_figure(
                frames.observations, plan, start, opts, today, None, events_for(frames, opts), days, frames.money
            ),
        )
    )
    day = results_days(frames.events, frames.default_subject).get(quarter)
    remarks = plan_remarks_that_day(frames, plan, day)
    blocks.append(Text("What management said about the plan that day", "subheader"))
    if remarks.empty:
        when = f"on {day:%d %b %Y}" if day else "on the results day (none held)"
        blocks.append(Text(f"No statement on the plan {when} is held."))
    else:
        blocks.append(
            Citations(tuple(citation(f"{r['start']:%d %b %Y} · {r['title']}", r) for _, r in remarks.iterrows()), small=False)
        )
    return blocks


def build(frames: ViewFrames, opts: ViewOptions, today: dt.date) -> PageModel:
    quarter = store_latest_quarter(frames.observations, frames.default_subject)
    if quarter is None:
        return PageModel("latest", TITLE, (Text("The store holds no quarter yet.", "info"),), opts, today)
    day = results_days(frames.events, frames.default_subject).get(quarter)
    period = parse_period(quarter)
    reported = f"results of {day:%d %b %Y}" if day else "no results day held"
    changes, shown, behind = headline_rows(frames, opts, quarter)
    consensus, estimates = consensus_rows(frames, opts, quarter)
    blocks: list[Block] = [
        Text(
            f"Newest quarter held: {period.calendar_label}{'' if opts.labels == 'calendar' else f' ({period.fiscal_label})'}, "
            f"{reported}. Changes on the prior "
            "quarter and in growth are worked out from cited values (derived); growth on a year ago as the source "
            "states it where it does."
        ),
        Cards(headline_cards(frames, opts, quarter)),
        Table("latest-changes", changes, CHANGE_COLUMNS),
        Citations(tuple(shown)),
        Expander("The earlier quarters the changes are worked out from", (Citations(tuple(behind)),)),
        Text("Consensus against the actual", "subheader"),
        Text("Each provider's estimate on its own line with the day it was made; estimates are never averaged."),
        Table("latest-consensus", consensus, CONSENSUS_COLUMNS),
    ]
    if estimates:
        blocks.append(Citations(tuple(estimates)))
    blocks += pace_blocks(frames, opts, quarter, today)
    return PageModel("latest", TITLE, tuple(blocks), opts, today)
