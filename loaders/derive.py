"""Figures computed from the store, never typed into it.

YoY growth, cumulative spend and run-rates against a plan, shares and currency
conversion are all recomputed here from cited values, so that each can be cross-checked against
what the company reported and none can drift from its inputs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from loaders.authority import distinct_figures
from loaders.calendar import (
    fiscal_quarter_of,
    parse_period,
    prior_year_quarter,
    quarter_code,
    quarter_from_index,
    quarter_has_ended,
    quarter_index,
    quarter_of_date,
    quarters_between,
    results_due,
)
from loaders.curation import company_of, store_latest_quarter, year_end_month_of
from loaders.due import OVERDUE, quarter_state
from loaders.recipes import is_derived, recipe_disagreements, stated_only
from loaders.rows import positions, rows_where

YOY_TOLERANCE_PP = 1.5
FX_METRIC = "usd_rmb_rate"


def quarterly(obs: pd.DataFrame, metric: str, basis: str = "reported") -> pd.DataFrame:
    """One row per fiscal quarter: the preferred value of `metric` on `basis`, in period order."""
    if obs.empty:
        return obs
    rows = rows_where(obs, metric=metric, basis=basis, period_kind="quarter", preferred=True)
    return rows.sort_values("period_end").reset_index(drop=True)


# the columns growth_statements reads of a record
GROWTH_RANKED = ("metric", "growth_of", "basis", "period", "value", "yoy_pct", "preferred", "grade", "published")


def stated_growth(obs: pd.DataFrame, metric: str, basis: str = "reported") -> pd.DataFrame:
    """The year-on-year growth a source states for each quarter of `metric`, one row per quarter: the growth
    stated with the value shown first, else the best other statement, as `growth_statements` ranks them. A quarter
    no source states a growth for has no row: growth is never worked out here. Columns: period, yoy_pct and the
    source's columns of `obs`.
    """
    columns = ["period", "yoy_pct", "source", "publisher", "source_title", "published", "grade", "grade_label", "quote"]
    if obs.empty:
        return pd.DataFrame(columns=columns)
    own = positions(obs, metric=metric)
    stating = own[pd.notna(obs["yoy_pct"].to_numpy()[own])]
    if "growth_of" in obs:
        stating = np.union1d(stating, positions(obs, growth_of=metric))  # in the frame's order, as a mask keeps it
    kinds, bases = obs["period_kind"].to_numpy()[stating], obs["basis"].to_numpy()[stating]
    rows = obs.take(stating[(kinds == "quarter") & (bases == basis)])
    records = rows[[c for c in GROWTH_RANKED if c in rows]].assign(position=range(len(rows))).to_dict("records")
    chosen = rows.iloc[[int(r["position"]) for r in growth_statements(records, (metric,)).values()]]
    first = chosen.assign(yoy_pct=chosen["yoy_pct"].where(chosen["metric"] == metric, chosen["value"]))
    return first.sort_values("period_end")[columns].reset_index(drop=True)


def growth_statements(records: Iterable[dict[str, Any]], metrics: Collection[str]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The statement of growth each quarter of each of `metrics` is shown with, keyed (metric, basis, period):
    the growth stated with the value shown first; else the best-graded, then newest, other source stating a growth
    for the same quarter; else, in the same order, a value of a metric whose `growth_of` is this one (a source
    stating the growth without the amount). Among equals the first record wins. Each chosen record is given
    `stated`, the growth it states.

    `records`: observations as plain records (GROWTH_RANKED, at least), of quarters. One rule for one metric
    (`stated_growth`) and for every company's cloud revenue at once (loaders.peers), in one pass over plain
    records: per metric, a frame sort costs more than the chart it feeds.
    """
    best: dict[tuple[str, str, str], tuple[tuple[object, ...], dict[str, Any]]] = {}
    for r in records:
        if r["metric"] in metrics and pd.notna(r["yoy_pct"]):
            kind, metric, stated = 0, r["metric"], r["yoy_pct"]
        elif r.get("growth_of") in metrics:
            kind, metric, stated = 1, r["growth_of"], r["value"]
        else:
            continue
        published = r.get("published")
        dated = published is not None and not pd.isna(published)
        rank = (kind, not bool(r["preferred"]), r["grade"], not dated, -pd.Timestamp(published).value if dated else 0)
        key = (str(metric), str(r["basis"]), str(r["period"]))
        if key not in best or rank < best[key][0]:
            best[key] = (rank, {**r, "stated": stated})
    return {key: record for key, (_, record) in best.items()}


def quarterly_values(obs: pd.DataFrame, metric: str, basis: str = "reported") -> pd.Series:
    frame = quarterly(obs, metric, basis)
    return pd.Series(frame["value"].to_numpy(), index=frame["period"].to_numpy(), dtype=float)


def with_gaps(frame: pd.DataFrame, since: str | None = None) -> pd.DataFrame:
    """Insert an empty row for every quarter missing between the first and last (or from `since`, where
    that is earlier: the first quarter of the page the chart is on), so a chart draws a gap.

    `frame` is one series in period order (`quarterly`): each quarter's row is placed at its position in the
    run of quarters, so the cost grows with the quarters, not with a concatenation and a sort of every column."""
    if frame.empty:
        return frame
    first = frame["period"].iloc[0]
    if since is not None and quarter_index(since) < quarter_index(first):
        first = since
    codes = quarters_between(first, frame["period"].iloc[-1])
    position = {code: i for i, code in enumerate(frame["period"])}
    rows = [position.get(code, -1) for code in codes]
    if len(rows) == len(frame) and -1 not in rows:
        return frame.assign(missing=False)
    # the missing quarters of the company whose series this is, in its calendar
    year_end_month = year_end_month_of(frame)
    gaps = {i: parse_period(code, year_end_month) for i, (code, row) in enumerate(zip(codes, rows, strict=True)) if row < 0}
    out = frame.reindex(rows).reset_index(drop=True)
    out["period"] = pd.Series(codes, index=out.index, dtype=frame["period"].dtype)
    for column, of_gap in _GAP_COLUMNS.items():
        known = frame[column].tolist() if column in frame else [None] * len(frame)
        values = [known[row] if row >= 0 else of_gap(gaps[i]) for i, row in enumerate(rows)]
        out[column] = pd.Series(values, index=out.index, dtype=frame[column].dtype if column in frame else None)
    out["missing"] = [row < 0 for row in rows]
    return out


# what a gap row says of its quarter: the same words and dates as a stated quarter's row
_GAP_COLUMNS: dict[str, Any] = {
    "period_end": lambda p: pd.Timestamp(p.end),
    "period_start": lambda p: pd.Timestamp(p.start),
    "fiscal_label": lambda p: p.fiscal_label,
    "calendar_label": lambda p: p.calendar_label,
}


def yoy_check(obs: pd.DataFrame) -> pd.DataFrame:
    """Every quarterly value with a stated YoY, beside the YoY recomputed from the store."""
    columns = [
        "metric", "period", "basis", "value", "prior_period", "prior_value", "computed_yoy_pct",
        "reported_yoy_pct", "difference_pp", "status", "source",
    ]  # fmt: skip
    if obs.empty:
        return pd.DataFrame(columns=columns)
    # a check of what sources state: a derived quarter is neither checked nor the prior year
    quarters = stated_only(obs[obs["period_kind"] == "quarter"])
    prior_lookup = {
        (m, p): v
        for m, p, v in quarters[quarters["preferred"] & (quarters["basis"] == "reported")][
            ["metric", "period", "value"]
        ].itertuples(index=False)
    }
    rows = []
    for r in quarters.itertuples(index=False):
        if r.unit not in ("RMB_bn", "USD_bn"):  # growth of money amounts; counts such as streaks have none
            continue
        prior = prior_year_quarter(r.period)
        prior_value = prior_lookup.get((r.metric, prior))
        computed = (r.value / prior_value - 1) * 100 if prior_value else math.nan
        reported = r.yoy_pct if r.yoy_pct is not None and not pd.isna(r.yoy_pct) else math.nan
        diff = computed - reported if not (math.isnan(computed) or math.isnan(reported)) else math.nan
        if math.isnan(reported) and math.isnan(computed):
            continue
        if math.isnan(computed):
            status = "no prior-year value in store"
        elif math.isnan(reported):
            status = "no reported YoY"
        elif abs(diff) <= YOY_TOLERANCE_PP:
            status = "ok"
        elif r.basis != "reported":
            status = f"differs, explained by basis ({r.basis})"
        else:
            status = "differs"
        rows.append((r.metric, r.period, r.basis, r.value, prior, prior_value, computed, reported, diff, status, r.source))
    return pd.DataFrame.from_records(rows, columns=columns)


def share_of(obs: pd.DataFrame, part: str, whole: str) -> pd.DataFrame:
    """part / whole per quarter where both are stated (e.g. cloud share of group revenue)."""
    p = quarterly_values(obs, part)
    w = quarterly_values(obs, whole)
    common = [q for q in p.index if q in w.index and w[q]]
    return pd.DataFrame({"period": common, "share_pct": [100 * p[q] / w[q] for q in common]})


DISAGREEMENT_KINDS = ("values differ", "recipe differs", "growth differs", "rounding twins")


def conflicts(obs: pd.DataFrame) -> pd.DataFrame:
    """Same metric, period and basis stated by several sources in ways that do not agree: all kept.

    `kind` says how: "values differ" (two figures, not one rounded from the other: a real
    disagreement), "growth differs" (one figure, two stated growth rates that are not rounding
    twins either: 80.1% and 87%, not 9.7% and 10%), "recipe differs" (a stated year and the sum of
    its four stated quarters, further apart than their rounding allows: the stated row, then the
    recipe's row, `loaders.recipes`). Rounding twins alone are one figure and not listed here (see
    `rounding_twins`).
    """
    cols = ["metric", "name", "period", "basis", "value", "unit", "yoy_pct", "source", "publisher", "grade_label", "quote"]
    if obs.empty:
        return pd.DataFrame(columns=[*cols, "preferred", "figure", "kind", "values"])
    keys = ["metric", "period", "basis"]
    # estimates by different providers are separate forecasts, each shown on its own line, never a
    # disagreement: only one provider's differing figures for one period are; and a company's guidance
    # stated on different days is a revision, not a disagreement: only one day's differing figures are
    provider = obs["provider"].fillna("") if "provider" in obs else pd.Series("", index=obs.index)
    revision = obs["published"].astype(str).where(obs["basis"] == "target", "")
    figures = (
        obs.assign(_provider=provider, _revision=revision)
        .groupby([*keys, "_provider", "_revision"])["figure"]
        .transform("nunique")
    )
    # only a metric, period and basis with two growth rates stated can disagree: those few are compared, not every
    # group of the store
    stated = obs.loc[obs["yoy_pct"].notna(), [*keys, "yoy_pct"]]
    several = stated[stated.duplicated(keys, keep=False)]
    differ = {key for key, s in several.groupby(keys, sort=False)["yoy_pct"] if distinct_figures(s.tolist()) > 1}
    kind = pd.Series("", index=obs.index)
    kind[[key in differ for key in zip(obs["metric"], obs["period"], obs["basis"], strict=True)]] = "growth differs"
    kind[figures > 1] = "values differ"
    out = obs.loc[kind != "", [*cols, "preferred", "figure"]].assign(kind=kind[kind != ""])
    recipes = recipe_disagreements(obs)
    if not recipes.empty:
        recipes = recipes[[*cols, "preferred"]].assign(figure=recipes["derived"].astype(int), kind="recipe differs")
        out = pd.concat([out, recipes], ignore_index=True)
    out["values"] = out.groupby(keys)["value"].transform("size")
    order = out["kind"].map({k: i for i, k in enumerate(DISAGREEMENT_KINDS)})
    return (
        out.assign(_order=order)
        .sort_values(["_order", "metric", "period", "basis", "figure", "grade_label"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def rounding_twins(obs: pd.DataFrame) -> pd.DataFrame:
    """One line per figure stated at more than one precision: the value shown, the others, its sources."""
    columns = ["metric", "name", "period", "basis", "unit", "value", "other_values", "sources", "shown"]
    if obs.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for (metric, period, basis, figure), group in obs.groupby(["metric", "period", "basis", "figure"], sort=False):
        if group["value"].round(9).nunique() < 2:
            continue
        shown = group[group["preferred"]]
        head = shown.iloc[0] if not shown.empty else group.iloc[0]
        others = sorted({float(v) for v in group["value"]} - {float(head["value"])})
        cited = group.sort_values(["grade", "published"], ascending=[True, False])
        sources = "; ".join(f"{p} ({g})" for p, g in cited[["publisher", "grade_label"]].itertuples(index=False))
        others_text = ", ".join(f"{v:g}" for v in others)
        rows.append((metric, head["name"], period, basis, head["unit"], float(head["value"]), others_text, sources, figure == 0))
    return pd.DataFrame.from_records(rows, columns=columns)


def fx_rates(obs: pd.DataFrame) -> pd.DataFrame:
    """The cited convenience rate (RMB per US$) of each quarter."""
    return quarterly(obs, FX_METRIC)[["period", "value", "source", "quote"]].rename(columns={"value": "rate"})


def in_currency(obs: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Observations with money in the chosen currency.

    In US$, an RMB figure shows the US$ amount its own source states beside it (`value_usd`).
    Where the preferred source of a figure states none but another source of the same figure
    does, that source becomes the preferred one, so the number shown and its citation agree.
    Failing both, it converts at the rate the results announcement states for the quarter the
    period ends in; with no cited rate the value becomes NaN with a note, never a guessed rate.
    USD-only figures are never converted back to RMB for the same reason of provenance.
    """
    out = obs.copy()
    out["fx_rate"] = math.nan
    out["fx_note"] = ""
    if currency != "USD" or obs.empty:
        return out
    is_rmb = out["unit"] == "RMB_bn"
    usd = out["value_usd"] if "value_usd" in out else pd.Series(math.nan, index=out.index)
    _prefer_stated_usd(out, is_rmb, usd)
    stated = is_rmb & usd.notna()
    rates = dict(fx_rates(obs)[["period", "rate"]].itertuples(index=False))
    quarters = pd.Series(
        [quarter_of_date(end.date()) if rmb else "" for end, rmb in zip(out["period_end"], is_rmb, strict=True)],
        index=out.index,
    )
    rate = pd.Series([rates.get(q, math.nan) for q in quarters], index=out.index)
    at_rate = is_rmb & ~stated & rate.notna()
    out.loc[stated, "value"] = usd[stated]
    out.loc[stated, "fx_note"] = "US$ as stated by the source"
    out.loc[at_rate, "fx_rate"] = rate[at_rate]
    out.loc[at_rate, "value"] = out.loc[at_rate, "value"] / rate[at_rate]
    out.loc[at_rate, "fx_note"] = [f"at RMB {r:.4f} per US$ ({q})" for r, q in zip(rate[at_rate], quarters[at_rate], strict=True)]
    unconverted = is_rmb & ~stated & rate.isna()
    out.loc[unconverted, "value"] = math.nan
    out.loc[unconverted, "fx_note"] = "no US$ figure stated and no cited RMB/US$ rate for this quarter"
    out.loc[is_rmb, "unit"] = "USD_bn"
    return out


def _prefer_stated_usd(out: pd.DataFrame, is_rmb: pd.Series, usd: pd.Series) -> None:
    """Move `preferred` to a source that states the US$ amount of the same figure (same metric, period, basis
    and value), where one does: the first such row in the frame's order. One join over the store, not a scan
    of every RMB row for each preferred row without a US$ amount."""
    keys = ["metric", "period", "basis"]
    rmb = out.loc[is_rmb, [*keys, "value", "preferred"]]
    has_usd = usd[rmb.index].notna()
    lacking = rmb[rmb["preferred"] & ~has_usd].dropna(subset=keys)
    if lacking.empty:
        return
    stating = rmb[has_usd].dropna(subset=keys)
    pairs = lacking.reset_index(names="row").merge(stating.reset_index(names="other"), on=keys, suffixes=("", "_other"))
    pairs = pairs[(pairs["value"] - pairs["value_other"]).abs() < 5e-4]
    order = {label: i for i, label in enumerate(out.index)}
    pairs = pairs.assign(at=pairs["other"].map(order)).sort_values("at").drop_duplicates("row")
    out.loc[pairs["row"].to_numpy(), "preferred"] = False
    out.loc[pairs["other"].to_numpy(), "preferred"] = True


# what a plan quarter is, measured against today: stated, derived from stated figures (counted, and
# said), or with no figure (ended: not yet reported, overdue or not stated; never counted as zero);
# OVERDUE (after the newest quarter held, past its expected date) is the word of loaders.vocab.QUARTER_STATES
STATED, DERIVED, TO_COME, NOT_YET_REPORTED, NOT_STATED = "stated", "derived", "to come", "not yet reported", "not stated"


@dataclass(frozen=True)
class PlanProgress:
    plan: str
    amount: float
    unit: str
    start_quarter: str
    end_quarter: str
    horizon_quarters: int
    today: dt.date
    latest_quarter: str | None  # the latest plan quarter with stated or derived capex
    cumulative: float  # stated and derived quarters; a lower bound when `at_least`
    quarters_elapsed: int  # plan quarters ended by today, stated or not
    quarters_remaining: int  # plan quarters not yet ended
    share_deployed_pct: float
    share_time_elapsed_pct: float
    required_run_rate: float  # per quarter not yet ended, to reach the amount by the end of the horizon
    trailing_run_rate: float  # mean of the latest four quarters with stated or derived capex
    projected_at_horizon: float  # cumulative + trailing run rate x quarters remaining
    not_yet_reported: tuple[str, ...]  # ended, results not due yet
    not_stated: tuple[str, ...]  # ended, results due, no stated capex found and none derivable
    overdue: tuple[str, ...] = ()  # after the newest quarter held, its results expected and not here
    derived: tuple[str, ...] = ()  # plan quarters counted at a derived figure (loaders.recipes)
    trailing_derived: tuple[str, ...] = ()  # derived quarters among the four of the trailing run-rate
    recipes: tuple[str, ...] = ()  # each derived quarter's recipe, in the order of `derived`

    @property
    def missing_quarters(self) -> tuple[str, ...]:
        """Ended quarters with neither stated nor derived capex: not counted in the cumulative, never taken as zero."""
        return tuple(sorted((*self.not_yet_reported, *self.not_stated, *self.overdue), key=quarter_index))

    @property
    def complete(self) -> bool:
        return not self.missing_quarters

    @property
    def at_least(self) -> bool:
        """The cumulative leaves out an ended quarter with no figure, so spending was at least this (and the
        pace still needed at most what is shown)."""
        return not self.complete


def plan_start_default(announced: pd.Timestamp) -> str:
    """By default the plan counts from the quarter it was announced in."""
    return quarter_of_date(announced.date())


def plan_start_choices(default_start: str) -> list[str]:
    """The quarters an analyst may count the plan from: the quarter it was announced in (the default) to the
    end of the next fiscal year. Never earlier: spending before the announcement was not spent on the plan,
    and a horizon counted from before it would end before the plan's did."""
    fiscal_year = fiscal_quarter_of(parse_period(default_start).start)[0]
    return quarters_between(default_start, quarter_code(fiscal_year + 1, 4))


def quarter_status(
    code: str,
    stated: bool,
    today: dt.date,
    days: Mapping[str, dt.date] | None = None,
    newest_held: str | None = None,
    derived: bool = False,
) -> str:
    if stated:
        return STATED
    if derived:
        return DERIVED
    if not quarter_has_ended(code, today):
        return TO_COME
    if today <= results_due(code, days):
        return NOT_YET_REPORTED
    return OVERDUE if quarter_state(code, False, today, days or {}, newest_held) == OVERDUE else NOT_STATED


def cumulative_against_plan(
    obs: pd.DataFrame, plan: pd.Series, start_quarter: str, today: dt.date, days: Mapping[str, dt.date] | None = None
) -> pd.DataFrame:
    """Quarter by quarter from the plan start: the quarter's capex (stated, else derived), cumulative spend,
    the straight-line path, and each quarter's status against today (stated, derived, to come, not yet
    reported, overdue, not stated). `days` are the company's results days (`loaders.due.results_days`),
    which say when a quarter is due.

    A quarter with no figure is never counted as zero: it has no cumulative point, and every
    cumulative after it is a lower bound (`at_least`)."""
    newest_held = store_latest_quarter(obs, company_of(obs, plan["tracks"]))
    horizon_q = int(plan["horizon_years"]) * 4
    start = quarter_index(start_quarter)
    codes = [quarter_from_index(i) for i in range(start, start + horizon_q)]
    frame = quarterly(obs, plan["tracks"])
    shown = dict(zip(frame["period"], zip(frame["value"], is_derived(frame), strict=True), strict=True)) if len(frame) else {}
    recipes = dict(zip(frame["period"], frame["recipe"], strict=True)) if "recipe" in frame else {}
    rows = []
    running = 0.0
    short = False
    for n, code in enumerate(codes, start=1):
        value, derived = shown.get(code, (math.nan, False))
        status = quarter_status(
            code, not math.isnan(value) and not derived, today, days, newest_held, derived=not math.isnan(value) and derived
        )
        counted = status in (STATED, DERIVED)
        if counted:
            running += float(value)
        missing = status in (NOT_YET_REPORTED, NOT_STATED, OVERDUE)
        short = short or missing
        # a quarter without a figure has no cumulative point: the line skips it rather than showing a flat quarter
        cumulative = running if counted else math.nan
        rows.append(
            (
                code, float(value) if counted else math.nan, cumulative, plan["amount"] * n / horizon_q, missing,
                status, pd.Timestamp(parse_period(code).end), status == DERIVED, short and counted,
                str(recipes.get(code, "")) if status == DERIVED else "",
            )
        )  # fmt: skip
    return pd.DataFrame.from_records(
        rows,
        columns=[
            "period", "stated", "cumulative", "plan_path", "missing", "status", "period_end", "derived", "at_least", "recipe",
        ],
    )  # fmt: skip


def plan_progress(
    obs: pd.DataFrame, plan: pd.Series, start_quarter: str, today: dt.date, days: Mapping[str, dt.date] | None = None
) -> PlanProgress:
    """Where spending stands against the plan on `today`: time elapsed is the plan's quarters
    ended by today over all its quarters, not the quarters the store happens to have."""
    path = cumulative_against_plan(obs, plan, start_quarter, today, days)
    horizon_q = len(path)
    counted = path[path["status"].isin((STATED, DERIVED))]
    latest = counted["period"].iloc[-1] if not counted.empty else None
    cumulative = float(counted["stated"].sum())
    n_elapsed = int((path["status"] != TO_COME).sum())
    remaining = horizon_q - n_elapsed
    frame = quarterly(obs, plan["tracks"])
    recent = frame.iloc[-4:]
    trailing = float(recent["value"].mean()) if len(recent) else math.nan
    amount = float(plan["amount"])
    derived = path[path["derived"]]
    return PlanProgress(
        plan=str(plan["plan"]),
        amount=amount,
        unit=str(plan["unit"]),
        start_quarter=start_quarter,
        end_quarter=path["period"].iloc[-1],
        horizon_quarters=horizon_q,
        today=today,
        latest_quarter=latest,
        cumulative=cumulative,
        quarters_elapsed=n_elapsed,
        quarters_remaining=remaining,
        share_deployed_pct=100 * cumulative / amount,
        share_time_elapsed_pct=100 * n_elapsed / horizon_q,
        required_run_rate=(amount - cumulative) / remaining if remaining else math.nan,
        trailing_run_rate=trailing,
        projected_at_horizon=cumulative + trailing * remaining,
        not_yet_reported=tuple(path.loc[path["status"] == NOT_YET_REPORTED, "period"]),
        not_stated=tuple(path.loc[path["status"] == NOT_STATED, "period"]),
        overdue=tuple(path.loc[path["status"] == OVERDUE, "period"]),
        derived=tuple(derived["period"]),
        trailing_derived=tuple(recent.loc[is_derived(recent), "period"]) if len(recent) else (),
        recipes=tuple(derived["recipe"]),
    )


def latest_observation(
    obs: pd.DataFrame, metric: str, period_kind: str | None = None, basis: str = "reported"
) -> pd.Series | None:
    """The preferred value of `metric` for its most recent period (optionally of one period kind) that a
    source states: a card's "latest" is never a derived figure."""
    if obs.empty:
        return None
    rows = stated_only(rows_where(obs, metric=metric, preferred=True, basis=basis))
    if period_kind is not None:
        rows = rows[rows["period_kind"] == period_kind]
    if rows.empty:
        return None
    return rows.sort_values(["period_end", "published"]).iloc[-1]


def best_statement_of(obs: pd.DataFrame, row: pd.Series) -> pd.Series:
    """The same figure as `row` (its metric, value, unit and basis) as the best-graded source states it, no later
    than `row`'s period: a card cites the company's own statement of a count, not a later page repeating it
    (a cumulative count restated is no newer information). `row` itself where no better-graded source states it."""
    same = obs[
        (obs["metric"] == row["metric"]) & (obs["value"] == row["value"]) & (obs["unit"] == row["unit"])
        & (obs["basis"] == row["basis"]) & (obs["period_end"] <= row["period_end"]) & (obs["grade"] < row["grade"])
    ]  # fmt: skip
    same = stated_only(same)
    if same.empty:
        return row
    return same.sort_values(["grade", "period_end", "published"], ascending=[True, False, False]).iloc[0]


def plan_remarks(events: pd.DataFrame, plan: pd.Series) -> pd.DataFrame:
    """What management said about the plan after announcing it: plan events that name the plan's metric."""
    if events.empty:
        return events
    names_plan = events["metrics"].str.split(",").map(lambda ms: plan["metric"] in ms)
    later = events["start"] > pd.Timestamp(plan["announced"])
    return events[events["category"].eq("plan") & names_plan & later]
