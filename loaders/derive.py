"""Figures computed from the store, never typed into it.

YoY growth, trailing-four-quarter sums, cumulative spend against a plan, shares and currency
conversion are all recomputed here from cited values, so that each can be cross-checked against
what the company reported and none can drift from its inputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from loaders.calendar import (
    parse_period,
    prior_year_quarter,
    quarter_from_index,
    quarter_index,
    quarter_of_date,
    quarters_between,
)

YOY_TOLERANCE_PP = 1.5
FX_METRIC = "usd_rmb_rate"


def quarterly(obs: pd.DataFrame, metric: str, basis: str = "reported") -> pd.DataFrame:
    """One row per fiscal quarter: the preferred value of `metric` on `basis`, in period order."""
    if obs.empty:
        return obs
    rows = obs[
        (obs["metric"] == metric) & (obs["basis"] == basis) & (obs["period_kind"] == "quarter") & obs["preferred"]
    ]
    return rows.sort_values("period_end").reset_index(drop=True)


def quarterly_values(obs: pd.DataFrame, metric: str, basis: str = "reported") -> pd.Series:
    frame = quarterly(obs, metric, basis)
    return pd.Series(frame["value"].to_numpy(), index=frame["period"].to_numpy(), dtype=float)


def with_gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """Insert an empty row for every quarter missing between the first and last, so a chart draws a gap."""
    if frame.empty:
        return frame
    codes = quarters_between(frame["period"].iloc[0], frame["period"].iloc[-1])
    present = set(frame["period"])
    missing = [c for c in codes if c not in present]
    if not missing:
        return frame.assign(missing=False)
    filler = pd.DataFrame({"period": missing})
    filler["period_end"] = [pd.Timestamp(parse_period(c).end) for c in missing]
    filler["period_start"] = [pd.Timestamp(parse_period(c).start) for c in missing]
    filler["fiscal_label"] = [parse_period(c).fiscal_label for c in missing]
    filler["calendar_label"] = [parse_period(c).calendar_label for c in missing]
    filler["missing"] = True
    out = pd.concat([frame.assign(missing=False), filler], ignore_index=True)
    return out.sort_values("period_end").reset_index(drop=True)


def yoy_check(obs: pd.DataFrame) -> pd.DataFrame:
    """Every quarterly value with a stated YoY, beside the YoY recomputed from the store."""
    columns = [
        "metric", "period", "basis", "value", "prior_period", "prior_value", "computed_yoy_pct",
        "reported_yoy_pct", "difference_pp", "status", "source",
    ]  # fmt: skip
    if obs.empty:
        return pd.DataFrame(columns=columns)
    quarters = obs[obs["period_kind"] == "quarter"]
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


def trailing_four_quarters(obs: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Sums of four consecutive reported quarters; a window with a missing quarter has no sum."""
    values = quarterly_values(obs, metric)
    rows = []
    for code in values.index:
        end = quarter_index(code)
        window = [quarter_from_index(i) for i in range(end - 3, end + 1)]
        if all(q in values.index for q in window):
            rows.append((code, float(values[window].sum()), window[0]))
    return pd.DataFrame.from_records(rows, columns=["period", "ttm_value", "first_period"])


def share_of(obs: pd.DataFrame, part: str, whole: str) -> pd.DataFrame:
    """part / whole per quarter where both are stated (e.g. cloud share of group revenue)."""
    p = quarterly_values(obs, part)
    w = quarterly_values(obs, whole)
    common = [q for q in p.index if q in w.index and w[q]]
    return pd.DataFrame({"period": common, "share_pct": [100 * p[q] / w[q] for q in common]})


def conflicts(obs: pd.DataFrame) -> pd.DataFrame:
    """Same metric, period and basis stated with different values by different sources: all kept, side by side."""
    cols = ["metric", "name", "period", "basis", "value", "unit", "source", "publisher", "quote", "preferred"]
    if obs.empty:
        return pd.DataFrame(columns=[*cols, "values"])
    groups = obs.groupby(["metric", "period", "basis"])["value"].transform(lambda s: s.round(9).nunique())
    out = obs.loc[groups > 1, cols].copy()
    out["values"] = out.groupby(["metric", "period", "basis"])["value"].transform("size")
    return out.sort_values(["metric", "period", "basis", "value"]).reset_index(drop=True)


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
    """Move `preferred` to a source that states the US$ amount of the same figure, where one does."""
    rmb = out[is_rmb]
    lacking = rmb[rmb["preferred"] & usd[is_rmb].isna()]
    for row in lacking.itertuples():
        same = rmb[
            (rmb["metric"] == row.metric) & (rmb["period"] == row.period) & (rmb["basis"] == row.basis)
            & usd[rmb.index].notna() & ((rmb["value"] - row.value).abs() < 5e-4)
        ]  # fmt: skip
        if not same.empty:
            out.loc[row.Index, "preferred"] = False
            out.loc[same.index[0], "preferred"] = True


@dataclass(frozen=True)
class PlanProgress:
    plan: str
    amount: float
    unit: str
    start_quarter: str
    end_quarter: str
    horizon_quarters: int
    latest_quarter: str | None
    cumulative: float
    quarters_elapsed: int
    quarters_remaining: int
    share_deployed_pct: float
    share_time_elapsed_pct: float
    required_run_rate: float  # per quarter, to reach the amount by the end of the horizon
    trailing_run_rate: float  # mean of the latest four stated quarters
    projected_at_horizon: float  # cumulative + trailing run rate x quarters remaining
    missing_quarters: tuple[str, ...]  # quarters since start with no stated value

    @property
    def complete(self) -> bool:
        return not self.missing_quarters


def plan_start_default(announced: pd.Timestamp) -> str:
    """By default the plan counts from the quarter it was announced in."""
    return quarter_of_date(announced.date())


def cumulative_against_plan(obs: pd.DataFrame, plan: pd.Series, start_quarter: str) -> pd.DataFrame:
    """Quarter by quarter from the plan start: stated spend, cumulative spend and the straight-line path."""
    horizon_q = int(plan["horizon_years"]) * 4
    start = quarter_index(start_quarter)
    codes = [quarter_from_index(i) for i in range(start, start + horizon_q)]
    values = quarterly_values(obs, plan["tracks"])
    latest = max((quarter_index(q) for q in values.index), default=start - 1)
    rows = []
    running = 0.0
    for n, code in enumerate(codes, start=1):
        stated = float(values[code]) if code in values.index else math.nan
        elapsed = quarter_index(code) <= latest
        missing = elapsed and math.isnan(stated)
        if elapsed and not missing:
            running += stated
        # a missing quarter has no cumulative point: the line skips it rather than showing a flat quarter
        cumulative = running if elapsed and not missing else math.nan
        rows.append(
            (
                code, stated, cumulative, plan["amount"] * n / horizon_q, missing,
                pd.Timestamp(parse_period(code).end),
            )
        )  # fmt: skip
    return pd.DataFrame.from_records(
        rows, columns=["period", "stated", "cumulative", "plan_path", "missing", "period_end"]
    )


def plan_progress(obs: pd.DataFrame, plan: pd.Series, start_quarter: str) -> PlanProgress:
    path = cumulative_against_plan(obs, plan, start_quarter)
    horizon_q = len(path)
    stated = path[path["cumulative"].notna()]
    latest = stated["period"].iloc[-1] if not stated.empty else None
    cumulative = float(stated["cumulative"].iloc[-1]) if not stated.empty else 0.0
    # time elapsed runs to the latest stated quarter, missing quarters before it included
    n_elapsed = int(stated.index[-1]) + 1 if not stated.empty else 0
    remaining = horizon_q - n_elapsed
    values = quarterly_values(obs, plan["tracks"])
    recent = values.iloc[-4:] if len(values) else values
    trailing = float(recent.mean()) if len(recent) else math.nan
    amount = float(plan["amount"])
    return PlanProgress(
        plan=str(plan["plan"]),
        amount=amount,
        unit=str(plan["unit"]),
        start_quarter=start_quarter,
        end_quarter=path["period"].iloc[-1],
        horizon_quarters=horizon_q,
        latest_quarter=latest,
        cumulative=cumulative,
        quarters_elapsed=n_elapsed,
        quarters_remaining=remaining,
        share_deployed_pct=100 * cumulative / amount,
        share_time_elapsed_pct=100 * n_elapsed / horizon_q,
        required_run_rate=(amount - cumulative) / remaining if remaining else math.nan,
        trailing_run_rate=trailing,
        projected_at_horizon=cumulative + trailing * remaining,
        missing_quarters=tuple(path.loc[path["missing"], "period"]),
    )


def latest_observation(
    obs: pd.DataFrame, metric: str, period_kind: str | None = None, basis: str = "reported"
) -> pd.Series | None:
    """The preferred value of `metric` for its most recent period (optionally of one period kind)."""
    if obs.empty:
        return None
    rows = obs[(obs["metric"] == metric) & obs["preferred"] & (obs["basis"] == basis)]
    if period_kind is not None:
        rows = rows[rows["period_kind"] == period_kind]
    if rows.empty:
        return None
    return rows.sort_values(["period_end", "published"]).iloc[-1]


def plan_remarks(events: pd.DataFrame, plan: pd.Series) -> pd.DataFrame:
    """What management said about the plan after announcing it: plan events that name the plan's metric."""
    if events.empty:
        return events
    names_plan = events["metrics"].str.split(",").map(lambda ms: plan["metric"] in ms)
    later = events["start"] > pd.Timestamp(plan["announced"])
    return events[events["category"].eq("plan") & names_plan & later]
