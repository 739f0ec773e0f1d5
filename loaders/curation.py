"""Curation helpers: which quarters are missing, a stub block for the next quarter, how fresh the data is.

Everything here is a pure function over the tidy frames of `loaders.frames`, so the command line
(`python -m loaders gaps`, `python -m loaders new-quarter`) and the app show the same report.
Nothing here writes to the store: the curator copies stubs into metrics.yaml by hand.

Conventions:
- a *quarterly metric* is one with at least one observation whose period is a fiscal quarter;
- a quarter is *present* for a metric when any observation (any basis, any source) states it;
- the store's *latest quarter* is the newest fiscal quarter with a non-estimate observation, so
  an analyst's forecast for a future quarter does not make every other metric look stale; with more
  than one company, each has its own (`subject`), in its own fiscal calendar: market and exchange-rate
  figures count towards the default subject, in whose terms they are written (the frames' `company`);
- a quarter after it is *overdue* once the day its results were expected by has passed, that day
  worked out from the company's own results days (`loaders.due`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from loaders.calendar import (
    DEFAULT_YEAR_END_MONTH,
    LAST_FISCAL_YEAR,
    RESULTS_DUE_DAYS,
    RESULTS_HISTORY,
    RESULTS_MARGIN_DAYS,
    PeriodError,
    long_date,
    parse_period,
    quarter_code,
    quarter_from_index,
    quarter_index,
    quarters_between,
    results_due,
    short_quarter,
    year_end_words,
)
from loaders.due import is_overdue, results_days
from loaders.recipes import is_derived, stated_only
from loaders.vocab import FORWARD_BASES, QUARTER_STATES

GAP_COLUMNS = [
    "metric", "name", "first_period", "last_period", "observed", "missing_inside", "missing_to_latest", "stale",
]  # fmt: skip


class QuarterCodeError(ValueError):
    """A quarter code given on the command line that is not a fiscal quarter."""


def check_quarter_code(code: str) -> str:
    """Return `code` if it names a fiscal quarter such as FY2026Q3, else raise QuarterCodeError saying why."""
    try:
        period = parse_period(code)
    except PeriodError as exc:
        if re.fullmatch(r"FY\d{4}Q\d+", str(code), re.ASCII):
            raise QuarterCodeError(f"{exc}; a quarter is written like FY2026Q3") from None
        raise QuarterCodeError(
            f"{code!r} is not a fiscal quarter code: write FY<fiscal year>Q<1-4>, e.g. FY2026Q3 for "
            f"{parse_period('FY2026Q3').calendar_label} (the default subject's fiscal {year_end_words()})"
        ) from None
    if not period.is_quarter:
        raise QuarterCodeError(
            f"{code!r} is a {period.kind.replace('_', ' ')} ({period.fiscal_label}), not a fiscal quarter; "
            "a quarter is written like FY2026Q3"
        )
    return code


def _quarter_rows(observations: pd.DataFrame) -> pd.DataFrame:
    if observations.empty or "period_kind" not in observations:
        return observations.iloc[0:0]
    quarters = observations[observations["period_kind"] == "quarter"]
    # what is missing is what no source states: a quarter derived from the year still wants its figure
    return stated_only(quarters)


def _metric_order(quarters: pd.DataFrame) -> list[str]:
    """Quarterly metrics in the order they appear in the store file (by first observation line)."""
    if quarters.empty:
        return []
    first_line = quarters.groupby("metric")["line"].min()
    return sorted(first_line.index, key=lambda m: (first_line[m], m))


def _is_company(rows: pd.DataFrame, subject: str) -> pd.Series:
    """Which rows' figures count towards a company: a mask, for the callers that read one column or two."""
    return rows["company" if "company" in rows else "subject"] == subject


def _of_company(rows: pd.DataFrame, subject: str | None) -> pd.DataFrame:
    """The rows whose figures count towards a company (all rows where `subject` is None)."""
    if subject is None or rows.empty:
        return rows
    return rows[_is_company(rows, subject)]


def company_of(observations: pd.DataFrame, metric: str) -> str | None:
    """The company a metric's figures count towards (None where the frame does not say)."""
    if observations.empty or "company" not in observations:
        return None
    rows = observations.loc[observations["metric"] == metric, "company"]
    return str(rows.iloc[0]) if not rows.empty else None


def year_end_month_of(observations: pd.DataFrame, subject: str | None = None) -> int:
    """The month a company's fiscal year ends, as its rows carry it (the default calendar's where none does)."""
    if observations.empty or "year_end_month" not in observations:
        return DEFAULT_YEAR_END_MONTH
    months = observations["year_end_month"]  # the one column, not the company's rows of every column
    if subject is not None:
        months = months[_is_company(observations, subject)]
    months = months.dropna()
    return int(months.iloc[0]) if not months.empty else DEFAULT_YEAR_END_MONTH


def store_latest_quarter(observations: pd.DataFrame, subject: str | None = None) -> str | None:
    """The newest fiscal quarter stated anywhere in the store (of the company `subject`, if given), ignoring
    estimates (None if no quarter)."""
    if observations.empty or "period_kind" not in observations:
        return None
    # masks over the columns it reads, not copies of every column of the rows (pages ask this often)
    quarters = observations["period_kind"] == "quarter"
    quarters &= ~is_derived(observations)
    if subject is not None:
        quarters &= _is_company(observations, subject)
    quarters = quarters.to_numpy()
    if not quarters.any():
        return None
    actual = quarters & ~observations["basis"].isin(FORWARD_BASES).to_numpy()
    pool = observations["period"].to_numpy()[actual if actual.any() else quarters]
    return quarter_from_index(max(quarter_index(p) for p in set(pool)))


def gaps_frame(observations: pd.DataFrame, latest: str | None = None) -> pd.DataFrame:
    """One row per quarterly metric: its span, the quarters missing inside it and up to the store's latest quarter.

    `missing_inside` lists quarters between the metric's first and last observed quarter with no
    observation; `missing_to_latest` lists quarters after its last one up to `latest` (default: the
    newest quarter of the metric's company, `store_latest_quarter`, as each company writes quarters in
    its own calendar); `stale` is true when its newest quarter is older than that.
    Both lists hold quarter codes such as "FY2025Q3", oldest first, in the metric's company's calendar.
    """
    quarters = _quarter_rows(observations)
    newest: dict[object, str | None] = {}
    rows = []
    for mid in _metric_order(quarters):
        rows_m = quarters[quarters["metric"] == mid]
        company = rows_m["company"].iloc[0] if "company" in rows_m else None
        if company not in newest:
            newest[company] = latest or store_latest_quarter(observations, company)  # type: ignore[arg-type]
        upto = newest[company]
        present = set(rows_m["period"])
        ordered = sorted(present, key=quarter_index)
        first, last = ordered[0], ordered[-1]
        inside = [q for q in quarters_between(first, last) if q not in present]
        to_latest: list[str] = []
        if upto is not None and quarter_index(upto) > quarter_index(last):
            to_latest = [quarter_from_index(i) for i in range(quarter_index(last) + 1, quarter_index(upto) + 1)]
        rows.append((mid, rows_m["name"].iloc[0], first, last, len(present), inside, to_latest, bool(to_latest)))
    return pd.DataFrame.from_records(rows, columns=GAP_COLUMNS)


def gaps_report(gaps: pd.DataFrame, latest: str | None, store_name: str = "metrics.yaml") -> str:
    """The gaps frame as plain text, one block per metric that needs attention, for the terminal."""
    if latest is None or gaps.empty:
        return f"{store_name}: no quarterly metrics, nothing to check\n"
    p = parse_period(latest)
    lines = [
        f"{store_name}: latest quarter in the store is {latest} ({p.fiscal_label}, {p.calendar_label}); "
        f"{len(gaps)} quarterly metric(s)",
        "",
    ]
    width = max(len(m) for m in gaps["metric"])
    for r in gaps.itertuples(index=False):
        span = r.first_period if r.first_period == r.last_period else f"{r.first_period}–{r.last_period}"
        status = "complete" if not r.missing_inside and not r.stale else "needs attention"
        lines.append(f"{r.metric:<{width}}  {span:<17}  {r.observed:>3} quarter(s)  {status}  ({r.name})")
        if r.missing_inside:
            lines.append(f"{'':<{width}}  missing inside its span: {', '.join(r.missing_inside)}")
        if r.stale:
            lines.append(
                f"{'':<{width}}  STALE: newest is {r.last_period}; missing up to {latest}: {', '.join(r.missing_to_latest)}"
            )
    n_holes = int(gaps["missing_inside"].map(bool).sum())
    n_stale = int(gaps["stale"].sum())
    n_missing = int(gaps["missing_inside"].map(len).sum() + gaps["missing_to_latest"].map(len).sum())
    lines += [
        "",
        f"{n_holes} metric(s) with holes, {n_stale} stale, {n_missing} missing metric-quarter(s) in all",
    ]
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return format(float(value), ".15g")


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def _hint_row(rows_m: pd.DataFrame, target: str) -> pd.Series | None:
    """The metric's newest quarterly observation before `target`: preferred and reported where possible."""
    before = rows_m[rows_m["period"].map(quarter_index) < quarter_index(target)]
    if before.empty:
        return None
    newest = before[before["period"].map(quarter_index) == max(before["period"].map(quarter_index))]
    ranked = newest.assign(
        _reported=(newest["basis"] != "reported").astype(int), _pref=(~newest["preferred"].astype(bool)).astype(int)
    ).sort_values(["_reported", "_pref", "line"])
    return ranked.iloc[0]


def new_quarter_notes(observations: pd.DataFrame, quarter: str, today: dt.date) -> list[str]:
    """Warnings worth showing beside the template: a quarter not yet over, or one that skips quarters."""
    notes = []
    p = parse_period(check_quarter_code(quarter))
    if p.end > today:
        notes.append(f"{quarter} ends {p.end}, after today ({today}): only basis: estimate or target may be recorded for it")
    latest = store_latest_quarter(observations)
    if latest is not None and quarter_index(quarter) > quarter_index(latest) + 1:
        skipped = quarters_between(quarter_from_index(quarter_index(latest) + 1), quarter_from_index(quarter_index(quarter) - 1))
        notes.append(f"the store's latest quarter is {latest}; {', '.join(skipped)} would still be missing")
    return notes


def new_quarter_template(observations: pd.DataFrame, quarter: str, store_name: str = "metrics.yaml") -> str:
    """A YAML block in the store's own layout with one observation stub for `quarter` per quarterly metric.

    value, source and quote are null for the curator to fill from the release; each value carries
    the metric's previous quarter as a comment. The block parses with yaml.safe_load but does not
    validate until the nulls are filled, so a stub pasted and forgotten is caught by `validate`.
    """
    check_quarter_code(quarter)
    p = parse_period(quarter)
    quarters = _quarter_rows(observations)
    order = _metric_order(quarters)
    prior_year = quarter_from_index(quarter_index(quarter) - 4)
    out = [
        f"# Observation stubs for {quarter} ({p.fiscal_label}, {p.calendar_label}), generated from {store_name}.",
        "# For each metric: fill value and quote (verbatim, containing the value) from the release,",
        "# set source to the release's id under sources: (add it there first), then paste the",
        "# '- period: ...' item at the end of that metric's observations: list in the store.",
        "# Delete the stubs of metrics the release does not state. Then: python -m loaders validate",
        "metrics:",
    ]
    if not order:
        out[-1] = "metrics: {}  # the store has no quarterly metric"
    for mid in order:
        rows_m = quarters[quarters["metric"] == mid]
        name = _one_line(rows_m["name"].iloc[0])
        unit = rows_m["unit"].iloc[0]
        out.append(f"  {mid}:  # {name} ({unit})")
        out.append("    observations:")
        existing = rows_m[rows_m["period"] == quarter]
        if not existing.empty:
            stated = ", ".join(f"{_number(v)} ({s})" for v, s in zip(existing["value"], existing["source"], strict=True))
            out.append(f"      # already in the store for {quarter}: {stated}; add only a further source's figure")
        hint = _hint_row(rows_m, quarter)
        if hint is None:
            value_hint = f"no earlier quarter in the store; first is {min(rows_m['period'], key=quarter_index)}"
        else:
            value_hint = f"{hint['fiscal_label']}: {_number(hint['value'])} ({hint['source']})"
            if hint["basis"] != "reported":
                value_hint += f", basis {hint['basis']}"
        year_ago = rows_m[(rows_m["period"] == prior_year) & (rows_m["basis"] == "reported")]
        out.append(f"      - period: {quarter}")
        out.append(f"        value: null  # {value_hint}")
        if not year_ago.empty:
            r = year_ago.sort_values(["preferred", "line"], ascending=[False, True]).iloc[0]
            out.append(
                f"        # yoy_pct: null  # optional, growth the release states; "
                f"{r['fiscal_label']} was {_number(r['value'])} ({r['source']})"
            )
        last_source = "" if hint is None else f"; last quarter: {hint['source']}"
        out.append(f"        source: null  # id of the release under sources:{last_source}")
        out.append("        quote: null  # verbatim excerpt of the release containing the value")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class CompanyFacts:
    """What the store says of one company's quarters, whatever the day: its newest quarter held, the month its
    fiscal year ends and its results days. Worked out once per store (`Frames.company_facts`): the notices, the
    sidebar and every chart's "data as of" ask for it on each page, and the Peers page's sidebar for every company."""

    latest: str | None
    year_end_month: int
    days: dict[str, dt.date]


def company_facts(observations: pd.DataFrame, events: pd.DataFrame | None, subject: str | None = None) -> CompanyFacts:
    """The facts of the company `subject`."""
    return CompanyFacts(
        store_latest_quarter(observations, subject),
        year_end_month_of(observations, subject),
        results_days(events, subject),
    )


@dataclass(frozen=True)
class SourceDates:
    """The dates of the store's sources a freshness line states. They are the store's, the same for every company
    in it, so they are worked out once per store (`Frames.source_dates`), not once per company."""

    checked: dt.date | None = None  # the newest `accessed` of any source: the day the store was last checked
    newest_source: str | None = None  # the source published last (id), and the day it was published
    newest_published: dt.date | None = None


def dates_of_sources(sources: pd.DataFrame | None) -> SourceDates:
    """The day the sources were last checked (their newest `accessed`), and the source published last with its day."""
    if sources is None or sources.empty:
        return SourceDates()
    checked = None
    if "accessed" in sources and sources["accessed"].notna().any():
        checked = pd.to_datetime(sources["accessed"]).max().date()
    if not sources["published"].notna().any():
        return SourceDates(checked)
    published = pd.to_datetime(sources["published"])
    i = published.idxmax()
    return SourceDates(checked, str(sources.loc[i, "source"]) if "source" in sources else None, published[i].date())


def overdue_quarters(
    observations: pd.DataFrame,
    today: dt.date,
    events: pd.DataFrame | None = None,
    subject: str | None = None,
    facts: CompanyFacts | None = None,
) -> list[str]:
    """Quarters after the store's latest whose results were expected (from the results days among
    `events`, see `loaders.calendar.results_due`) before today. `facts`: the company's, where worked out."""
    facts = facts or company_facts(observations, events, subject)
    latest, days, month = facts.latest, facts.days, facts.year_end_month
    if latest is None:
        return []
    out = []
    index = quarter_index(latest) + 1
    last = quarter_index(quarter_code(LAST_FISCAL_YEAR, 4))  # no quarter beyond the calendar is ever due
    while index <= last and is_overdue(code := quarter_from_index(index), today, days, latest, month):
        out.append(code)
        index += 1
    return out


def overdue_report(
    observations: pd.DataFrame, today: dt.date, events: pd.DataFrame | None = None, subject: str | None = None
) -> str:
    """The overdue quarters as lines for `loaders gaps` (empty when none is overdue)."""
    lines = []
    days = results_days(events, subject)
    newest = store_latest_quarter(observations, subject)
    month = year_end_month_of(observations, subject)
    for q in overdue_quarters(observations, today, events, subject):
        p = parse_period(q, month)
        lines.append(
            f"OVERDUE: {q} ({p.fiscal_label}, {p.calendar_label}): {QUARTER_STATES['overdue']}, expected by "
            f"{results_due(q, days, month)} ({expected_basis(q, days, month)}); no value for it is in the store, "
            f"newest held {newest}"
        )
    return "".join(line + "\n" for line in lines)


def expected_basis(quarter: str, days: dict[str, dt.date], year_end_month: int = DEFAULT_YEAR_END_MONTH) -> str:
    """Why a quarter is expected by its day, in words: the history it was worked out from, or the default."""
    index = quarter_index(quarter)
    same = [q for q in days if index > quarter_index(q) and (index - quarter_index(q)) % 4 == 0]
    if not same:
        return f"{RESULTS_DUE_DAYS} days after quarter end: no results day held for this quarter of the fiscal year"
    recent = sorted(same, key=quarter_index)[-RESULTS_HISTORY:]
    lags = ", ".join(f"{days[q].isoformat()} ({(days[q] - parse_period(q, year_end_month).end).days} days)" for q in recent)
    return f"longest lag of the results days {lags}, plus {RESULTS_MARGIN_DAYS} days"


def staleness_notice(
    observations: pd.DataFrame,
    today: dt.date,
    events: pd.DataFrame | None = None,
    subject: str | None = None,
    company_name: str | None = None,
    facts: CompanyFacts | None = None,
    labels: str = "fiscal",
) -> str | None:
    """One plain sentence when a company's results that should be out are not in the store, else None;
    naming the company where `company_name` is given.

    e.g. "Results overdue for Alibaba Group: the quarter ended 30 September 2026 was expected by
    2 December 2026 and is not here yet; newest quarter held: Jul–Sep 2026 (FY27 Q1)."
    """
    facts = facts or company_facts(observations, events, subject)
    overdue = overdue_quarters(observations, today, events, subject, facts)
    if not overdue:
        return None
    days, month = facts.days, facts.year_end_month
    latest = parse_period(facts.latest, month)  # type: ignore[arg-type]
    held = latest.calendar_label + (f" ({latest.fiscal_label})" if labels == "fiscal" else "")  # no fiscal code in calendar
    newest = f"newest quarter held: {held}."
    ends = [long_date(parse_period(q, month).end) for q in overdue]
    state = QUARTER_STATES["overdue"].capitalize() + (f" for {company_name}" if company_name else "")
    if len(overdue) == 1:
        due = long_date(results_due(overdue[0], days, month))
        return f"{state}: the quarter ended {ends[0]} was expected by {due} and is not here yet; {newest}"
    first, last = (long_date(results_due(q, days, month)) for q in (overdue[0], overdue[-1]))
    ended = f"{', '.join(ends[:-1])} and {ends[-1]}"
    return f"{state}: the quarters ended {ended} are not here yet (expected by {first} to {last}); {newest}"


def freshness(
    observations: pd.DataFrame,
    sources: pd.DataFrame,
    today: dt.date,
    events: pd.DataFrame | None = None,
    subject: str | None = None,
    facts: CompanyFacts | None = None,
    dates: SourceDates | None = None,
) -> dict[str, Any]:
    """How current the store is, for the "data as of" line.

    Returns latest_quarter (code or None), latest_quarter_label, latest_quarter_calendar,
    latest_quarter_fiscal, latest_quarter_end (date), days_since_quarter_end, results_day (the day the
    newest quarter's results came out, from the results events; None where none is held), checked (the
    newest `accessed` date of any source: the day the store was last checked against its sources),
    newest_source (id), newest_published (date), days_since_published and overdue (quarter codes whose
    results were expected and are missing); None where the store has nothing to measure. The quarters
    are those of the company `subject` where given (the whole store's otherwise). `facts`: the company's, and
    `dates`: the sources', where worked out.
    """
    facts = facts or company_facts(observations, events, subject)
    dates = dates or dates_of_sources(sources)
    out = as_of_fields(observations, sources, events, subject, facts, dates)
    latest = out["latest_quarter"]
    newest = dates.newest_published
    out.update(
        latest_quarter_label=None,
        latest_quarter_end=None,
        days_since_quarter_end=None,
        newest_source=dates.newest_source,
        newest_published=newest,
        days_since_published=(today - newest).days if newest is not None else None,
        overdue=overdue_quarters(observations, today, events, subject, facts),
    )
    if latest is not None:
        p = parse_period(latest, facts.year_end_month)
        out["latest_quarter_label"] = f"{p.fiscal_label} ({p.calendar_label})"
        out["latest_quarter_end"] = p.end
        out["days_since_quarter_end"] = (today - p.end).days
    return out


def as_of_fields(
    observations: pd.DataFrame,
    sources: pd.DataFrame | None,
    events: pd.DataFrame | None,
    subject: str | None = None,
    facts: CompanyFacts | None = None,
    dates: SourceDates | None = None,
) -> dict[str, Any]:
    """The newest quarter (of the company `subject`, where given), its results day and the day the sources were
    last checked: nothing measured against today. `facts`: the company's, and `dates`: the sources', where worked
    out."""
    facts = facts or company_facts(observations, events, subject)
    dates = dates or dates_of_sources(sources)
    latest = facts.latest
    period = parse_period(latest, facts.year_end_month) if latest else None
    return {
        "latest_quarter": latest,
        "latest_quarter_calendar": period.calendar_label if period else None,
        "latest_quarter_fiscal": period.fiscal_label if period else None,
        "results_day": facts.days.get(latest) if latest else None,
        "checked": dates.checked,
    }


def data_as_of_text(
    observations: pd.DataFrame,
    sources: pd.DataFrame,
    events: pd.DataFrame | None = None,
    subject: str | None = None,
    facts: CompanyFacts | None = None,
    labels: str = "fiscal",
    dates: SourceDates | None = None,
) -> str:
    """The "data as of" words for a store (its company `subject`'s newest quarter, where given: each company
    writes quarters in its own calendar), with the day its sources were last checked stated apart.

    e.g. "Data as of Jan–Mar 2026 (FY26 Q4), results of 2026-05-13; sources checked 2026-12-01".
    """
    fresh = as_of_fields(observations, sources, events, subject, facts, dates)
    return data_as_of(fresh, labels) + (f"; sources checked {fresh['checked'].isoformat()}" if fresh["checked"] else "")


def data_as_of(fresh: dict[str, Any], labels: str = "fiscal") -> str:
    """The "data as of" words every page and exported chart carries: the newest quarter and its results day.

    e.g. "Data as of Jan–Mar 2026 (FY26 Q4), results of 2026-05-13"; in calendar labels "Data as of Jan–Mar 2026, ...".
    """
    if not fresh.get("latest_quarter_calendar"):
        return "Data as of: no quarterly data"
    text = f"Data as of {fresh['latest_quarter_calendar']}"
    text += f" ({fresh['latest_quarter_fiscal']})" if labels == "fiscal" else ""  # calendar labels: no fiscal code
    day = fresh.get("results_day")
    return text + (f", results of {day.isoformat()}" if day else ", no results day held")


def as_of_stem(fresh: dict[str, Any]) -> str:
    """The "data as of" in a file name, so files sort in time order: FY26Q4-2026-05-13, or "undated"."""
    if not fresh.get("latest_quarter"):
        return "undated"
    day = fresh.get("results_day")
    return short_quarter(fresh["latest_quarter"]) + (f"-{day.isoformat()}" if day else "")


def freshness_line(fresh: dict[str, Any], labels: str = "fiscal") -> str:
    """One sentence for the sidebar and the terminal: data as of, when the sources were last checked, and
    the newest source's age, each stated apart.

    e.g. "Data as of Jan–Mar 2026 (FY26 Q4), results of 2026-05-13; sources checked 2026-12-01; newest
    source published 2026-05-15, 200 days ago."
    """
    line = data_as_of(fresh, labels)
    if fresh.get("checked"):
        line += f"; sources checked {fresh['checked'].isoformat()}"
    days = fresh.get("days_since_published")
    if fresh.get("newest_published") is not None and days is not None:
        ago = "today" if days == 0 else f"{days} day{'s' if abs(days) != 1 else ''} ago"
        line += f"; newest source published {fresh['newest_published'].isoformat()}, {ago}"
    return line + "."
