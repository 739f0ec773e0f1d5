"""Alibaba beside its peers on one calendar: the figures the Peers page and the overview's peer card draw,
each worked out here from cited figures and marked derived wherever a conversion or a ratio made it.

Every company's quarter is placed in the calendar quarter holding its midpoint (loaders.calendar,
loaders.aligned). Money is compared in US$: a figure stated in US$ as it is, an RMB figure at the US$
amount its own source states beside it, else at the cited RMB/US$ rate of the calendar quarter it is
placed in (the store's `usd_rmb_rate`, whose periods are written in the default subject's fiscal calendar
and placed on the calendar like any quarter), and never at a guessed rate. Growth is only ever as stated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from loaders import roles
from loaders.aligned import by_calendar_quarter, quarter_midpoint
from loaders.calendar import calendar_quarter_index, calendar_quarter_label, parse_period
from loaders.derive import FX_METRIC, GROWTH_RANKED, PlanProgress, _prefer_stated_usd, growth_statements, quarterly
from loaders.roles import metric_for_role
from loaders.units import format_value

# The one place the page names companies: the four US hyperscalers the overview's card takes the median of
# (company ids as the store declares them under `companies:`), and the market metrics the page lists as notes.
HYPERSCALERS: tuple[str, ...] = ("microsoft", "alphabet", "amazon", "meta")
MARKET_NOTE_METRICS: tuple[str, ...] = ("huawei_cloud_china_market_share",)
# the year whose capital-spending guidance the page draws: the calendar year, or a fiscal year overlapping it
GUIDANCE_YEAR = 2026

# what a value in US$ is, in words: the chart notes, the hovers and the table say it
STATED_USD = "stated in US$"
STATED_BESIDE = "US$ as its source states it beside the RMB figure"
CONVERTED = "derived: converted from RMB at the cited rate"
NO_RATE = "no US$ figure stated and no cited RMB/US$ rate for this calendar quarter: not converted"

_ALIGNED_EXTRA = ("basis", "value_usd", "published", "grade_label", "url", "link_to_quote", "name", "short_name")


PEER_ROLES = (roles.CAPEX, roles.GROUP_REVENUE, roles.CLOUD_REVENUE, roles.CLOUD_GROWTH, roles.CAPEX_GUIDANCE)
# the columns the peer figures, their charts and their sources clauses read: every filter takes each column it keeps
PEER_COLUMNS = (
    "metric", "name", "short_name", "unit", "period", "period_kind", "period_start", "period_end", "fiscal_label",
    "calendar_label", "value", "basis", "yoy_pct", "note", "source", "source_title", "publisher", "url", "published",
    "source_kind", "quote", "line", "value_usd", "preferred", "grade", "grade_label", "color", "growth_of", "subject",
    "source_label", "evidence", "read_at_host", "link_to_quote", "company", "default_subject", "role", "year_end_month",
    "calendar_quarter", "placement", "value_high", "derived", "machine_only",
)  # fmt: skip


def peer_rows(obs: pd.DataFrame, metrics: tuple[str, ...] = ()) -> pd.DataFrame:
    """The observations the peer figures read, cut from the store once: the metrics playing the page's roles,
    growth stated without an amount (`growth_of`), the RMB/US$ rate and `metrics` (a plan's). Every filter
    after this one runs over a few hundred rows rather than the whole store."""
    if obs.empty:
        return obs
    wanted = obs["role"].isin(PEER_ROLES) | obs["metric"].isin((FX_METRIC, *metrics))
    if "growth_of" in obs:
        wanted |= obs["growth_of"].notna()
    return obs.loc[wanted, [c for c in PEER_COLUMNS if c in obs]]


def listed_companies(companies: pd.DataFrame) -> list[str]:
    """The companies drawn as series, the default subject first: those with tickers. A private company
    (no ticker, such as ByteDance) has reported plans only, which the page gives as dated notes."""
    return [str(c) for c, tickers in zip(companies["company"], companies["tickers"], strict=True) if len(tickers)]


def private_companies(companies: pd.DataFrame) -> list[str]:
    return [str(c) for c, tickers in zip(companies["company"], companies["tickers"], strict=True) if not len(tickers)]


def rates_by_calendar_quarter(obs: pd.DataFrame) -> pd.DataFrame:
    """The cited RMB/US$ rate of each calendar quarter, with its source and quote."""
    columns = ["calendar_quarter", "rate", "fiscal_label", "source", "source_label", "quote", "link_to_quote", "url"]
    if obs.empty:
        return pd.DataFrame(columns=columns)
    rows = obs[(obs["metric"] == FX_METRIC) & (obs["period_kind"] == "quarter") & obs["preferred"].astype(bool)]
    rows = rows[rows["basis"] == "reported"].sort_values("period_end")
    return rows.rename(columns={"value": "rate"})[columns].drop_duplicates("calendar_quarter", keep="last").reset_index(drop=True)


def newest_rate(obs: pd.DataFrame) -> pd.Series | None:
    """The newest cited RMB/US$ rate: what a yearly amount (a plan, a guidance in RMB) is converted at."""
    rates = rates_by_calendar_quarter(obs)
    if rates.empty:
        return None
    return rates.iloc[int(rates["calendar_quarter"].map(calendar_quarter_index).to_numpy().argmax())]


def _with_usd_stated_first(obs: pd.DataFrame) -> pd.DataFrame:
    """The observations with `preferred` moved to a source stating the US$ amount of the same RMB figure,
    where one does (loaders.derive), so the figure shown and its citation agree."""
    out = obs.copy()
    is_rmb = out["unit"] == "RMB_bn"
    _prefer_stated_usd(out, is_rmb, out["value_usd"])
    return out


def capex_in_usd(obs: pd.DataFrame, companies: list[str]) -> pd.DataFrame:
    """Each company's quarterly capex by calendar quarter in US$ bn, one row per company and quarter.

    `stated_value`/`stated_unit` keep the figure as stated; `usd_how` says how the US$ value was reached
    (STATED_USD, STATED_BESIDE, CONVERTED, NO_RATE); `derived` is true for a conversion, whose `fx_rate`,
    `rate_source` and `inputs` (the capex's and the rate's source ids) are given; `value` is NaN where
    there is neither a stated US$ amount nor a cited rate."""
    extra = (
        *_ALIGNED_EXTRA,
        "fx_rate",
        "rate_source",
        "rate_quote",
        "usd_how",
        "derived",
        "inputs",
        "stated_value",
        "stated_unit",
    )
    if obs.empty:
        return pd.DataFrame(columns=[*by_calendar_quarter(obs, roles.CAPEX, []).columns, *extra])
    # the capex metrics' own rows only (every source of each figure, so the US$ preference sees them all): a copy
    # of the whole store for them cost the Peers page most of its growth on a large store
    capex_metric = {company: metric_for_role(obs, roles.CAPEX, company) for company in companies}  # looked up once
    own = _with_usd_stated_first(obs[obs["metric"].isin(set(capex_metric.values()))])
    rows = by_calendar_quarter(own, roles.CAPEX, companies, extra=_ALIGNED_EXTRA, metrics=capex_metric)
    rates = rates_by_calendar_quarter(obs)
    rate_of = {q: (float(r), str(src), str(quote)) for q, r, src, quote in zip(
        rates["calendar_quarter"], rates["rate"], rates["source"], rates["quote"], strict=True)}  # fmt: skip
    rows["stated_value"], rows["stated_unit"] = rows["value"], rows["unit"]
    how, values, fx, rate_source, rate_quote, inputs = [], [], [], [], [], []
    for r in rows.itertuples(index=False):
        rate = rate_of.get(r.calendar_quarter)
        usd, converted_at, src, quote, words = float(r.value), math.nan, None, None, STATED_USD
        if r.unit == "RMB_bn":
            if pd.notna(r.value_usd):
                usd, words = float(r.value_usd), STATED_BESIDE
            elif rate is not None:
                converted_at, src, quote = rate
                usd, words = float(r.value) / converted_at, CONVERTED
            else:
                usd, words = math.nan, NO_RATE
        how.append(words)
        values.append(usd)
        fx.append(converted_at)
        rate_source.append(src)
        rate_quote.append(quote)
        inputs.append((str(r.source), src) if src else ())
    rows["value"] = values
    rows["unit"] = "USD_bn"
    rows["fx_rate"], rows["rate_source"], rows["rate_quote"] = fx, rate_source, rate_quote
    rows["usd_how"], rows["inputs"] = how, inputs
    rows["derived"] = [h == CONVERTED for h in how]
    return rows


def capex_intensity(obs: pd.DataFrame, companies: list[str]) -> pd.DataFrame:
    """Capex as a share of revenue, per company and calendar quarter, where both are stated for the same
    quarter in the same unit: derived from the two cited figures, both cited (`inputs`)."""
    columns = [
        "company", "metric", "revenue_metric", "calendar_quarter", "calendar_label", "fiscal_label", "period", "placement", "x",
        "capex", "revenue",
        "unit", "intensity_pct", "source", "revenue_source", "quote", "revenue_quote", "source_label",
        "revenue_source_label", "inputs", "derived",
    ]  # fmt: skip
    capex = by_calendar_quarter(obs, roles.CAPEX, companies) if not obs.empty else pd.DataFrame()
    revenue = by_calendar_quarter(obs, roles.GROUP_REVENUE, companies) if not obs.empty else pd.DataFrame()
    if capex.empty or revenue.empty:
        return pd.DataFrame(columns=columns)
    both = capex.merge(
        revenue[["company", "period", "metric", "value", "unit", "source", "quote", "source_label"]],
        on=["company", "period", "unit"],
        suffixes=("", "_revenue"),
    )
    both = both[both["value_revenue"] > 0]
    out = both.rename(
        columns={
            "value": "capex", "value_revenue": "revenue", "source_revenue": "revenue_source", "quote_revenue": "revenue_quote",
            "source_label_revenue": "revenue_source_label", "metric_revenue": "revenue_metric",
        }
    )  # fmt: skip
    out["intensity_pct"] = 100 * out["capex"] / out["revenue"]
    out["inputs"] = list(zip(out["source"], out["revenue_source"], strict=True))
    out["derived"] = True
    return out[columns].reset_index(drop=True)


def cloud_growth(obs: pd.DataFrame, companies: list[str]) -> pd.DataFrame:
    """Each company's cloud growth by calendar quarter, as stated and never worked out: its `cloud_growth`
    metric where it has one (growth stated without an amount, such as Azure's), else the growth stated with
    its cloud revenue, ranked as loaders.derive.stated_growth ranks it. `cc_pct` is the growth stated in
    constant currency."""
    columns = [
        "company", "metric", "business", "period", "fiscal_label", "calendar_quarter", "calendar_label", "placement", "x",
        "yoy_pct", "cc_pct", "source", "source_label", "quote", "cc_source",
    ]  # fmt: skip
    if obs.empty:
        return pd.DataFrame(columns=columns)
    # growth stated without an amount, in a metric of its own: every such company's quarters in one read
    own = [c for c in companies if (obs["metric"] == metric_for_role(obs, roles.CLOUD_GROWTH, c)).any()]
    stated = by_calendar_quarter(obs, roles.CLOUD_GROWTH, own, extra=("name", "short_name")).rename(columns={"value": "yoy_pct"})
    cc = by_calendar_quarter(obs, roles.CLOUD_GROWTH, own, basis="constant_currency")
    cc = cc.rename(columns={"value": "cc_pct", "source": "cc_source"})[["company", "period", "cc_pct", "cc_source"]]
    frames = [stated.merge(cc, on=["company", "period"], how="left")] if not stated.empty else []
    revenue = {c: metric_for_role(obs, roles.CLOUD_REVENUE, c) for c in companies if c not in own}
    revenue = {c: m for c, m in revenue.items() if ((obs["metric"] == m) & (obs["company"] == c)).any()}  # held: not a role id
    growth = _growth_with_revenue(obs, revenue)
    if growth:
        frames.append(pd.DataFrame(growth))
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)
    out["business"] = out["short_name"].where(out["short_name"].notna(), out["name"])
    order = {c: i for i, c in enumerate(companies)}
    out["_order"] = out["company"].map(order)
    return out.sort_values(["x", "_order"], kind="stable")[columns].reset_index(drop=True)


_GROWTH_READ = (*GROWTH_RANKED, "company", "period_end", "source", "source_label", "quote", "name", "short_name",
                "year_end_month")  # fmt: skip


def _growth_with_revenue(obs: pd.DataFrame, revenue: dict[str, str]) -> list[dict[str, object]]:
    """The growth stated for each quarter of each company's cloud revenue metric (`revenue`: company -> metric), one
    record per company and quarter, ranked by loaders.derive.growth_statements as stated_growth ranks one metric.
    Read from plain records in one pass: per company, the frame operations cost more than the page's charts."""
    company_of = {m: c for c, m in revenue.items()}
    quarters = (obs["period_kind"] == "quarter") & obs["basis"].isin(("reported", "constant_currency"))
    with_growth = obs["metric"].isin(company_of) & obs["yoy_pct"].notna()
    alone = obs["growth_of"].isin(company_of) if "growth_of" in obs else pd.Series(False, index=obs.index)
    rows = obs.loc[quarters & (with_growth | alone), [c for c in _GROWTH_READ if c in obs]].to_dict("records")
    named = {
        str(r["metric"]): r for r in obs.loc[obs["metric"].isin(company_of), ["metric", "name", "short_name", "year_end_month"]]
        .drop_duplicates("metric").to_dict("records")
    }  # fmt: skip
    best = growth_statements(rows, company_of)
    out = []
    for (metric, basis, period), r in sorted(best.items(), key=lambda item: item[1]["period_end"]):
        if basis != "reported":
            continue
        cc = best.get((metric, "constant_currency", period))
        info = named[metric]
        p = parse_period(period, int(info["year_end_month"]))
        out.append({
            "company": company_of[metric], "metric": metric, "name": info["name"], "short_name": info["short_name"],
            "period": period, "fiscal_label": p.fiscal_label, "calendar_quarter": p.calendar_quarter,
            "calendar_label": calendar_quarter_label(str(p.calendar_quarter)), "placement": p.placement,
            "x": quarter_midpoint(str(p.calendar_quarter)), "yoy_pct": r["stated"], "source": r["source"],
            "source_label": r["source_label"], "quote": r["quote"],
            "cc_pct": cc["stated"] if cc else math.nan, "cc_source": cc["source"] if cc else None,
        })  # fmt: skip
    return out


def _placed(rows: pd.DataFrame, year_end_month: int) -> pd.DataFrame:
    """Rows with a fiscal quarter `period` of a company whose year ends in `year_end_month`, placed on the
    calendar as loaders.aligned places them."""
    periods = [parse_period(str(p), year_end_month) for p in rows["period"]]
    return rows.assign(
        fiscal_label=[p.fiscal_label for p in periods],
        calendar_quarter=[p.calendar_quarter for p in periods],
        calendar_label=[calendar_quarter_label(str(p.calendar_quarter)) for p in periods],
        placement=[p.placement for p in periods],
        x=[quarter_midpoint(str(p.calendar_quarter)) for p in periods],
    )


def _guidance_year(period: str, kind: str, start: pd.Timestamp, end: pd.Timestamp) -> bool:
    """Guidance for GUIDANCE_YEAR: the calendar year, or a fiscal year with months in it (a June-year company's
    FY2026 and FY2027 both), each drawn as its own series, named by its months."""
    in_year = start.year <= GUIDANCE_YEAR <= end.year
    return (kind == "calendar_year" and period == f"CY{GUIDANCE_YEAR}") or (kind == "fiscal_year" and in_year)


def guidance_steps(obs: pd.DataFrame, companies: list[str]) -> pd.DataFrame:
    """Each company's dated statements of its capital spending for GUIDANCE_YEAR, by period, oldest first: one row a
    statement (a revision is a new row, never a disagreement), `value_high` the top of a stated range.
    RMB guidance is in US$ at the newest cited rate (derived, and said), else not drawn."""
    columns = [
        "company", "metric", "period", "period_label", "published", "value", "value_high", "unit", "stated_value",
        "stated_value_high", "stated_unit", "fx_rate", "rate_source", "derived", "inputs", "source", "source_label", "quote",
        "grade_label", "link_to_quote", "url",
    ]  # fmt: skip
    if obs.empty:
        return pd.DataFrame(columns=columns)
    frames = []
    rate = newest_rate(obs)
    for company in companies:
        metric = metric_for_role(obs, roles.CAPEX_GUIDANCE, company)
        rows = obs[(obs["metric"] == metric) & (obs["company"] == company) & (obs["basis"] == "target")]
        spans = zip(rows["period"], rows["period_kind"], rows["period_start"], rows["period_end"], strict=True)
        rows = rows[[_guidance_year(p, k, s, e) for p, k, s, e in spans]]
        frames.append(rows)
    rows = pd.concat(frames, ignore_index=True) if frames else obs.iloc[0:0]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    out = rows.assign(
        period_label=[f"{c} ({f})" if c != f else c for f, c in zip(rows["fiscal_label"], rows["calendar_label"], strict=True)],
        stated_value=rows["value"], stated_value_high=rows["value_high"], stated_unit=rows["unit"],
    )  # fmt: skip
    rmb = out["unit"] == "RMB_bn"
    out["fx_rate"] = float(rate["rate"]) if rate is not None else math.nan
    out.loc[~rmb, "fx_rate"] = math.nan
    out["rate_source"] = [str(rate["source"]) if r and rate is not None else None for r in rmb]
    out.loc[rmb, "value"] = out.loc[rmb, "value"] / out.loc[rmb, "fx_rate"]
    out.loc[rmb, "value_high"] = out.loc[rmb, "value_high"] / out.loc[rmb, "fx_rate"]
    out.loc[rmb, "unit"] = "USD_bn"
    out["derived"] = rmb & out["fx_rate"].notna()
    out["inputs"] = [(s, r) if d else () for s, r, d in zip(out["source"], out["rate_source"], out["derived"], strict=True)]
    order = {c: i for i, c in enumerate(companies)}
    out = out.assign(_order=out["company"].map(order)).sort_values(["_order", "period_end", "published", "line"], kind="stable")
    return out[columns].reset_index(drop=True)


@dataclass(frozen=True)
class PlanPerYear:
    """The default subject's plan a year, and its actual trailing pace a year, in RMB and in US$ at one cited rate."""

    amount: float  # the plan's amount, RMB bn
    horizon_years: int
    per_year: float  # amount / horizon_years, RMB bn a year
    pace_per_year: float  # the capex page's trailing run-rate (a quarter) x 4, RMB bn a year
    rate: float  # RMB per US$, the newest cited rate (NaN without one)
    rate_quarter: str  # the calendar quarter of that rate, in words
    rate_source: str | None
    rate_quote: str | None
    announced: pd.Timestamp  # the plan's announcement: where its level line starts
    pace_until: pd.Timestamp  # the end of the latest quarter of the pace: where the lines end
    inputs: tuple[str, ...]  # the plan's source and the rate's
    pace_inputs: tuple[str, ...]  # the trailing quarters' capex sources and the rate's
    metrics: tuple[str, ...]  # the plan's metric and the capex it tracks

    @property
    def per_year_usd(self) -> float:
        return self.per_year / self.rate

    @property
    def pace_per_year_usd(self) -> float:
        return self.pace_per_year / self.rate


def plan_per_year(plan: pd.Series, progress: PlanProgress, obs: pd.DataFrame) -> PlanPerYear:
    """The plan annualised and what its actual pace implies: the capex page's own trailing run-rate
    (loaders.derive.plan_progress) over a year, both at the newest cited RMB/US$ rate."""
    rate = newest_rate(obs)
    rate_source = str(rate["source"]) if rate is not None else None
    trailing = quarterly(obs, str(plan["tracks"])).iloc[-4:]  # the quarters plan_progress takes its run-rate from
    return PlanPerYear(
        amount=float(plan["amount"]),
        horizon_years=int(plan["horizon_years"]),
        per_year=float(plan["amount"]) / int(plan["horizon_years"]),
        pace_per_year=4 * progress.trailing_run_rate,
        rate=float(rate["rate"]) if rate is not None else math.nan,
        rate_quarter=calendar_quarter_label(str(rate["calendar_quarter"])) if rate is not None else "",
        rate_source=rate_source,
        rate_quote=str(rate["quote"]) if rate is not None else None,
        announced=pd.Timestamp(plan["announced"]),
        pace_until=pd.Timestamp(trailing["period_end"].max()) if len(trailing) else pd.Timestamp(plan["announced"]),
        inputs=tuple(str(s) for s in (plan["source"], rate_source) if s),
        pace_inputs=tuple(dict.fromkeys([*(str(s) for s in trailing["source"]), *([rate_source] if rate_source else [])])),
        metrics=(str(plan["metric"]), str(plan["tracks"])),
    )


@dataclass(frozen=True)
class IntensityComparison:
    """The subject's capex intensity beside the median of its peers' in one calendar quarter."""

    calendar_quarter: str
    subject_pct: float
    median_pct: float
    rows: pd.DataFrame  # the intensity rows compared: the subject's and each peer's, with their inputs

    @property
    def label(self) -> str:
        return calendar_quarter_label(self.calendar_quarter)


def intensity_against_median(
    intensity: pd.DataFrame, subject: str, peers: tuple[str, ...] = HYPERSCALERS
) -> IntensityComparison | None:
    """The latest calendar quarter for which the subject and every one of `peers` have a capex intensity,
    with the subject's and the peers' median; None where no quarter has them all."""
    wanted = {subject, *peers}
    rows = intensity[intensity["company"].isin(wanted)]
    complete = [q for q, group in rows.groupby("calendar_quarter") if set(group["company"]) >= wanted]
    if not complete:
        return None
    quarter = max(complete, key=calendar_quarter_index)
    shown = rows[rows["calendar_quarter"] == quarter]
    subject_pct = float(shown.loc[shown["company"] == subject, "intensity_pct"].iloc[0])
    median = float(shown.loc[shown["company"].isin(peers), "intensity_pct"].median())
    return IntensityComparison(quarter, subject_pct, median, shown.reset_index(drop=True))


def latest_quarters(capex: pd.DataFrame, intensity: pd.DataFrame, growth: pd.DataFrame, companies: list[str]) -> pd.DataFrame:
    """Per company, its latest calendar quarter with stated capex, else with stated cloud growth: its fiscal and
    calendar labels, capex in US$ (and how it was reached), intensity and cloud growth of that quarter, each
    with the link to its source."""

    def quarters_of(frame: pd.DataFrame) -> dict[str, list[str]]:
        held: dict[str, list[str]] = {}
        if not frame.empty:
            for company, quarter in zip(frame["company"], frame["calendar_quarter"], strict=True):
                held.setdefault(str(company), []).append(str(quarter))
        return held

    # each company's latest quarter with capex, else with cloud growth: only its rows become records
    with_capex, with_growth = quarters_of(capex), quarters_of(growth)
    latest = {c: max(with_capex.get(c) or with_growth[c], key=calendar_quarter_index) for c in {*with_capex, *with_growth}}

    def by_quarter(frame: pd.DataFrame, *columns: str) -> dict[tuple[str, str], dict[str, object]]:
        """Each company's first row of its latest quarter, as a plain record of the columns used."""
        read = [c for c in ("company", "calendar_quarter", "fiscal_label", "placement", *columns) if c in frame]
        out: dict[tuple[str, str], dict[str, object]] = {}
        if frame.empty:
            return out
        shown = [latest.get(str(c)) == str(q) for c, q in zip(frame["company"], frame["calendar_quarter"], strict=True)]
        for record in frame.loc[shown, read].to_dict("records"):
            out.setdefault((str(record["company"]), str(record["calendar_quarter"])), record)
        return out

    held_capex = by_quarter(capex, "value", "stated_value", "stated_unit", "usd_how", "source", "quote", "rate_source")
    held_intensity = by_quarter(intensity, "intensity_pct", "revenue_source", "revenue_quote")
    held_growth = by_quarter(growth, "yoy_pct", "business", "source", "quote")
    rows = []
    for company in companies:
        if company not in latest:
            continue
        quarter = latest[company]
        c, i, g = (held.get((company, quarter)) for held in (held_capex, held_intensity, held_growth))
        first = c if c is not None else g
        assert first is not None  # the quarter is one of the capex's or the growth's
        rows.append(
            {
                "company": company,
                "calendar_quarter": quarter,
                "calendar_label": calendar_quarter_label(quarter),
                "fiscal_label": str(first["fiscal_label"]),
                "placement": str(first["placement"]),
                "capex_usd": float(c["value"]) if c else math.nan,  # type: ignore[arg-type]
                "capex_stated": float(c["stated_value"]) if c else math.nan,  # type: ignore[arg-type]
                "capex_unit": str(c["stated_unit"]) if c else "",
                "capex_as_stated": format_value(float(c["stated_value"]), str(c["stated_unit"])) if c else "",  # type: ignore[arg-type]
                "capex_how": str(c["usd_how"]) if c else "not stated",
                "capex_source": c["source"] if c else None,
                "capex_quote": c["quote"] if c else None,
                "rate_source": c["rate_source"] if c else None,
                "intensity_pct": float(i["intensity_pct"]) if i else math.nan,  # type: ignore[arg-type]
                "revenue_source": i["revenue_source"] if i else None,
                "revenue_quote": i["revenue_quote"] if i else None,
                "cloud_growth_pct": float(g["yoy_pct"]) if g else math.nan,  # type: ignore[arg-type]
                "cloud_business": str(g["business"]) if g else "",
                "growth_source": g["source"] if g else None,
                "growth_quote": g["quote"] if g else None,
            }
        )
    return pd.DataFrame(rows)
