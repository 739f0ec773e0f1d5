"""The Peers page's charts: Alibaba beside its peers by calendar quarter, each company a line of its own colour.

Calendar quarters lead the axis whatever the reader's label choice, since companies' fiscal years end in
different months; each point's tooltip gives the company's own fiscal quarter and, for a quarter that
straddles two calendar quarters (Oracle's Dec–Feb), where it was placed. A quarter without a figure is a
break in a company's line, never a bridge. The figures come from loaders.peers, marked derived where a
conversion or a ratio made them.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.axes import iso_date
from charts.base import derived_symbols
from charts.breaks import Break, break_notes, breaks_of, mark_breaks
from charts.figure import new_figure, trace
from charts.options import ViewOptions
from charts.series import citations
from charts.spec import HEIGHT, ChartSpec, empty_spec, finish, plot_body
from charts.theme import PLAN_COLOR
from loaders.aligned import quarter_midpoint
from loaders.calendar import calendar_quarter_index, calendar_quarter_label, quarter_index
from loaders.derive import FX_METRIC
from loaders.peers import CONVERTED, GUIDANCE_YEAR, NO_RATE, PlanPerYear
from loaders.units import unit_label

CALENDAR_AXIS = "Calendar quarter"  # short enough for a phone; the notes say how a straddling quarter is placed
MAX_TICKS = 12
CALENDAR_LABELS = ViewOptions(labels="calendar")  # the page's labels: calendar quarters lead
DERIVED_EVIDENCE, STATED_EVIDENCE = "derived", "stated"
# a company's series over its span of calendar quarters: a list per column, None where a quarter has no figure
Line = dict[str, list[Any]]


def esc(text: object) -> str:
    """Store text (a company's or a business's name) for a legend or a hover, which plotly reads as markup: shown
    as written."""
    return html.escape(str(text), quote=False)


def _quarters(codes: Iterable[str]) -> list[str]:
    """Every calendar quarter from the first to the last of `codes`, in order: the shared axis."""
    indices = [calendar_quarter_index(c) for c in codes]
    if not indices:
        return []
    return [f"CY{i // 4}Q{i % 4 + 1}" for i in range(min(indices), max(indices) + 1)]


def _span(quarters: list[str]) -> str:
    """'CY25Q3-CY26Q1' for file names."""
    short = [f"CY{q[4:6]}{q[6:]}" for q in (quarters[0], quarters[-1])] if quarters else ["empty"]
    return short[0] if len(set(short)) == 1 else f"{short[0]}-{short[1]}"


def _calendar_axis(fig: go.Figure, quarters: list[str]) -> None:
    """Ticks at the calendar quarters' midpoints, labelled by their months."""
    step = max(1, -(-len(quarters) // MAX_TICKS))
    shown = quarters[::step]
    x = [quarter_midpoint(q) for q in quarters]
    pad = pd.Timedelta(days=50)
    fig.update_xaxes(
        type="date", tickmode="array", tickvals=[quarter_midpoint(q) for q in shown],
        ticktext=[calendar_quarter_label(q).replace(" ", "<br>", 1) for q in shown], range=[min(x) - pad, max(x) + pad],
    )  # fmt: skip


def _company_lines(rows: pd.DataFrame, quarters: list[str], value: str, columns: Iterable[str]) -> Iterator[tuple[str, Line]]:
    """Each company's rows over every calendar quarter from its first to its last, as lists by column, the company's
    first-drawn first: an absent quarter holds None, so its line breaks there. `value` is read as "value".

    The rows are read once as plain records: a company's series is a few dozen points, and a frame operation
    per company cost the Peers page more than drawing its charts."""
    read = list(dict.fromkeys(["company", "calendar_quarter", "fiscal_label", "placement", value, *columns]))
    held: dict[str, dict[str, dict[str, Any]]] = {}
    for record in rows[read].to_dict("records"):
        held.setdefault(str(record["company"]), {})[str(record["calendar_quarter"])] = record
    order = {q: i for i, q in enumerate(quarters)}
    for company, by_quarter in held.items():
        first, last = (f(order[q] for q in by_quarter) for f in (min, max))
        span = quarters[first : last + 1]
        line: Line = {c: [by_quarter.get(q, {}).get(c) for q in span] for c in read}
        line["value"] = line.pop(value) if value != "value" else line["value"]
        # the midpoints as plotly writes dates in JSON: its writer would convert each date on its own
        line["calendar_quarter"], line["x"] = span, [iso_date(quarter_midpoint(q)) for q in span]
        yield company, line


def _hover_words(line: Line, company: str, names: Mapping[str, str]) -> list[str]:
    """'Microsoft FY26 Q2 (Oct–Dec 2025)', with where a straddling quarter was placed."""
    name = esc(names.get(company, company))
    words = []
    for fiscal, placement in zip(line["fiscal_label"], line["placement"], strict=True):
        if not isinstance(fiscal, str):
            words.append("")
            continue
        place = f" · {placement}" if isinstance(placement, str) and "placed in" in placement else ""
        words.append(f"{name} {fiscal}{place}")
    return words


def _cited(obs: pd.DataFrame, rows: pd.DataFrame, source_columns: Iterable[str], metrics: Iterable[str]) -> pd.DataFrame:
    """The observations of `metrics` whose sources the drawn rows cite (a value's own, a derived value's inputs),
    for the footnote's sources clause."""
    ids = {str(s) for c in source_columns if c in rows for s in rows[c].dropna()}
    wanted = set(metrics)
    growth_of = obs["growth_of"].isin(wanted) if "growth_of" in obs else False  # growth stated without the amount
    return citations(
        obs[obs["source"].isin(ids) & (obs["metric"].isin(wanted) | growth_of)].drop_duplicates(["source", "period"])
    )


def _csv(rows: pd.DataFrame, names: Mapping[str, str], value: str, unit: str, extra: list[str]) -> pd.DataFrame:
    """The rows drawn in the CSV's columns: company, both quarter labels, the value, how it was reached, source."""
    out = pd.DataFrame(
        {
            "company": [names.get(str(c), c) for c in rows["company"]],
            "calendar_label": [calendar_quarter_label(q) for q in rows["calendar_quarter"]],
            "fiscal_label": rows["fiscal_label"], "placement": rows["placement"], "period": rows["period"],
            "value": rows[value], "unit": unit,
        }
    )  # fmt: skip
    for column in extra:
        out[column] = rows[column].to_numpy() if column in rows else None
    for column in ("source", "source_label", "quote", "link_to_quote", "url"):
        if column in rows:
            out[column] = rows[column].to_numpy()
    return out.reset_index(drop=True)


def _named(data: pd.DataFrame, obs: pd.DataFrame) -> pd.DataFrame:
    """The rows with each source's publisher and title beside its id, as every chart's CSV and deck notes give them."""
    for column in ("publisher", "source_title", "source_label"):
        named = dict(zip(obs["source"], obs[column], strict=True))
        data[column] = [named.get(s) if isinstance(s, str) else None for s in data["source"]]
    return data


def _line(line: Line, name: str, color: str, text: list[str], hover: str, symbols: list[str] | None = None) -> dict[str, Any]:
    """A company's line, its points filled circles unless `symbols` says otherwise (hollow: derived)."""
    symbols = symbols or ["circle"] * len(line["x"])
    return trace("scatter",
        x=line["x"], y=line["value"], name=name, mode="lines+markers", connectgaps=False,
        line=dict(color=color, width=2), marker=dict(color=color, size=8, symbol=symbols, line=dict(color=color, width=2)),
        customdata=[[t] for t in text], hovertemplate="<b>%{customdata[0]}</b><br>" + hover + "<extra></extra>",
    )  # fmt: skip


def capex_usd_figure(obs: pd.DataFrame, capex: pd.DataFrame, names: Mapping[str, str], colors: Mapping[str, str]) -> ChartSpec:
    """Quarterly capex in US$ bn, a line per company: stated US$, else the US$ an RMB figure's own release
    states, else converted at the calendar quarter's cited rate (hollow, derived); no rate, no point."""
    slug, title = "peers-capex", "Capital expenditure by calendar quarter, US$"
    if capex.empty:
        return empty_spec(slug, title, "No capital expenditure stated by any source")
    quarters = _quarters(capex["calendar_quarter"])
    fig = new_figure()  # its layout; the lines are plain dicts (charts.spec.plot_body)
    traces: list[dict[str, Any]] = []
    for company, line in _company_lines(capex, quarters, "value", ("stated_value", "fx_rate", "usd_how")):
        words = [
            f"{h}<br>US$ {v:,.2f} bn" + (f" (RMB {s:,.1f} bn at RMB {r:.4f} per US$)<br>{how}" if how == CONVERTED else "")
            if pd.notna(v) else f"{h}<br>{how}" if isinstance(how, str) else h
            for h, v, s, r, how in zip(
                _hover_words(line, company, names), line["value"], line["stated_value"], line["fx_rate"], line["usd_how"],
                strict=True,
            )
        ]  # fmt: skip
        symbols = derived_symbols(pd.Series([h == CONVERTED for h in line["usd_how"]]))
        traces.append(_line(line, esc(names.get(company, company)), colors[company], words, "%{y:,.2f} US$ bn", symbols))
    _calendar_axis(fig, quarters)
    fig.update_yaxes(rangemode="tozero")
    converted = capex[capex["usd_how"] == CONVERTED]
    unconverted = capex[capex["usd_how"] == NO_RATE]
    notes = []
    if (capex["stated_unit"] == "RMB_bn").any():
        notes.append(
            "RMB figures in US$ as the company's own release states them beside the RMB figure; otherwise derived, "
            "converted at the cited RMB/US$ rate of the calendar quarter (hollow points"
            + (
                ": " + "; ".join(f"{names.get(c, c)} {calendar_quarter_label(q)} at RMB {r:.4f}"
                for c, q, r in zip(converted["company"], converted["calendar_quarter"], converted["fx_rate"], strict=True))
                if not converted.empty else ""
            )
            + ")"
        )  # fmt: skip
    if not unconverted.empty:
        notes.append("Not drawn, no US$ figure stated and no cited rate: " + _quarters_missing(unconverted, names))
    notes += _straddle_notes(capex, names)
    data = _csv(
        capex,
        names,
        "value",
        "USD_bn",
        ["stated_value", "stated_unit", "usd_how", "fx_rate", "rate_source", "evidence", "inputs"],
    )
    data["evidence"] = [DERIVED_EVIDENCE if h == CONVERTED else STATED_EVIDENCE for h in capex["usd_how"]]
    data["inputs"] = [" ".join(i) for i in capex["inputs"]]
    sources = _cited(obs, capex, ["source", "rate_source"], {*capex["metric"], FX_METRIC})
    return finish(
        plot_body(fig, traces), slug, _span(quarters), _named(data, obs), title, sources, "US$ bn", x_title=CALENDAR_AXIS,
        subtitle=_latest_words(capex.dropna(subset=["value"]), names, lambda v: f"US$ {v:,.1f} bn"), notes=notes,
        labels="calendar",
    )  # fmt: skip


def _quarters_missing(rows: pd.DataFrame, names: Mapping[str, str]) -> str:
    """'Tencent Jan–Mar 2026', or for more than two a company's count and span: 'Alibaba Group 7 quarters, Apr–Jun 2024
    to Jan–Mar 2026' (every one is in the CSV), so the note stays short on a store with few cited rates."""
    parts = []
    for company, own in rows.groupby("company", sort=False):
        quarters = sorted(own["calendar_quarter"], key=calendar_quarter_index)
        labels = [calendar_quarter_label(q) for q in quarters]
        name = names.get(str(company), str(company))
        span = f"{len(labels)} quarters, {labels[0]} to {labels[-1]}"
        parts.append(f"{name} {' and '.join(labels) if len(labels) <= 2 else span}")
    return "; ".join(parts)


def _straddle_notes(rows: pd.DataFrame, names: Mapping[str, str]) -> list[str]:
    """What a chart says of a company whose quarters straddle calendar quarters: placed by their midpoints."""
    straddling = rows[rows["placement"].astype(str).str.contains("placed in", regex=False)]
    if straddling.empty:
        return []
    companies = ", ".join(dict.fromkeys(names.get(c, c) for c in straddling["company"]))
    example = straddling.iloc[-1]["placement"]
    return [f"Quarters straddling two calendar quarters ({companies}) are placed by their midpoint, e.g. {example}"]


def _latest_words(rows: pd.DataFrame, names: Mapping[str, str], value_words) -> str | None:  # type: ignore[no-untyped-def]
    """'Oct–Dec 2025: Microsoft US$ 22.0 bn, Alibaba Group US$ 4.0 bn': the latest calendar quarter drawn, largest first."""
    if rows.empty:
        return None
    quarter = max(rows["calendar_quarter"], key=calendar_quarter_index)
    last = rows[rows["calendar_quarter"] == quarter].sort_values("value", ascending=False)
    shown = [f"{names.get(c, c)} {value_words(v)}" for c, v in zip(last["company"], last["value"], strict=True)][:4]
    more = len(last) - len(shown)
    return f"{calendar_quarter_label(quarter)}: " + ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def intensity_figure(
    obs: pd.DataFrame, intensity: pd.DataFrame, names: Mapping[str, str], colors: Mapping[str, str]
) -> ChartSpec:
    """Capex as a share of revenue by calendar quarter, a line per company: derived from two cited figures of
    the same quarter in the company's own currency, so no conversion enters it."""
    slug, title = "peers-capex-intensity", "Capex intensity: capital expenditure as a share of revenue"
    if intensity.empty:
        return empty_spec(slug, title, "No company has both capex and revenue stated for the same quarter")
    quarters = _quarters(intensity["calendar_quarter"])
    fig = new_figure()  # its layout; the lines are plain dicts (charts.spec.plot_body)
    traces: list[dict[str, Any]] = []
    for company, line in _company_lines(intensity, quarters, "intensity_pct", ("capex", "revenue", "unit")):
        words = [
            f"{h}<br>{v:.1f}% (derived: capex {c:,.1f} / revenue {r:,.1f}, {unit_label(str(u))})" if pd.notna(v) else h
            for h, v, c, r, u in zip(
                _hover_words(line, company, names), line["value"], line["capex"], line["revenue"], line["unit"], strict=True
            )
        ]  # fmt: skip
        traces.append(_line(line, esc(names.get(company, company)), colors[company], words, "%{y:.1f}% of revenue"))
    _calendar_axis(fig, quarters)
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    data = _csv(intensity, names, "intensity_pct", "pct", ["capex", "revenue", "evidence", "recipe", "inputs"])
    data["unit"] = "pct"
    data["capex_unit"] = intensity["unit"].to_numpy()
    data["evidence"] = DERIVED_EVIDENCE
    data["recipe"] = "capex / revenue of the same quarter, both stated"
    data["inputs"] = [" ".join(i) for i in intensity["inputs"]]
    notes = ["Derived: each quarter's stated capex divided by its stated revenue, both cited, in the company's own currency"]
    sources = _cited(obs, intensity, ["source", "revenue_source"], {*intensity["metric"], *intensity["revenue_metric"]})
    return finish(
        plot_body(fig, traces), slug, _span(quarters), _named(data, obs), title, sources, "Capex / revenue (%)",
        x_title=CALENDAR_AXIS,
        subtitle=_latest_words(intensity.rename(columns={"intensity_pct": "value"}), names, lambda v: f"{v:.1f}%"),
        notes=[*notes, *_straddle_notes(intensity, names)], labels="calendar",
    )  # fmt: skip


def _cut_at(line: Line, drawn: Sequence[Break], words: list[str]) -> None:
    """A point without a value at each break of the store's declarations inside the line (a company's cloud changing
    its perimeter): the line stops before it and starts again after, never joining two perimeters."""
    for b in drawn:
        at = next(
            (i for i, p in enumerate(line["period"]) if isinstance(p, str) and quarter_index(p) >= quarter_index(b.first)), None
        )
        if not at:  # the break is not inside the line: nothing before it, or nothing from it on
            continue
        for column, values in line.items():
            values.insert(at, b.at if column == "x" else None)
        words.insert(at, "")


def cloud_growth_figure(
    obs: pd.DataFrame,
    growth: pd.DataFrame,
    names: Mapping[str, str],
    colors: Mapping[str, str],
    breaks: Sequence[Break] = (),
) -> ChartSpec:
    """Year-on-year growth of each company's cloud as stated, by calendar quarter: a line per cloud, the growth in
    constant currency in the tooltip where stated; a quarter without a stated growth breaks the line, and so does a
    change of perimeter the store declares (`breaks`), marked with a dashed line and said in the notes."""
    slug, title = "peers-cloud-growth", "Cloud revenue growth by calendar quarter, year on year, as stated"
    if growth.empty:
        return empty_spec(slug, title, "No cloud growth stated by any source")
    quarters = _quarters(growth["calendar_quarter"])
    fig = new_figure()  # its layout; the lines are plain dicts (charts.spec.plot_body)
    traces: list[dict[str, Any]] = []
    break_words: list[str] = []
    for company, line in _company_lines(growth, quarters, "yoy_pct", ("business", "cc_pct", "metric", "period")):
        business = next(str(b) for b in line["business"] if isinstance(b, str))
        own = pd.DataFrame({"period": [p for p in line["period"] if isinstance(p, str)]})
        drawn = breaks_of(breaks, {m for m in line["metric"] if isinstance(m, str)})
        drawn = mark_breaks(fig, own, drawn) if drawn else ()
        words = [
            f"{h}<br>{esc(b)}: {v:+.0f}% YoY as stated" + (f" ({cc:+.0f}% in constant currency)" if pd.notna(cc) else "")
            if pd.notna(v) else h
            for h, b, v, cc in zip(
                _hover_words(line, company, names), line["business"], line["value"], line["cc_pct"], strict=True
            )
        ]  # fmt: skip
        _cut_at(line, drawn, words)
        break_words += [f"{names.get(company, company)}: {n}" for n in break_notes(drawn, CALENDAR_LABELS)]
        name = esc(names.get(company, company))
        traces.append({**_line(line, name, colors[company], words, "%{y:.0f}% YoY"), "legendgroup": business})
    _calendar_axis(fig, quarters)
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    clouds = "; ".join(
        f"{names.get(c, c)}: {b}" for c, b in dict.fromkeys(zip(growth["company"], growth["business"], strict=True))
    )
    notes = [f"Growth as each company states it, never worked out here ({clouds})"]
    if growth["cc_pct"].notna().any():
        notes.append("Growth in constant currency, where stated, is in the tooltip beside the reported growth")
    data = _csv(growth, names, "yoy_pct", "pct", ["business", "cc_pct", "cc_source"])
    sources = _cited(obs, growth, ["source", "cc_source"], set(growth["metric"]))
    return finish(
        plot_body(fig, traces), slug, _span(quarters), _named(data, obs), title, sources, "YoY growth (%)",
        x_title=CALENDAR_AXIS, subtitle=_latest_words(growth.rename(columns={"yoy_pct": "value"}), names, lambda v: f"{v:+.0f}%"),
        notes=[*notes, *break_words, *_straddle_notes(growth, names)], labels="calendar",
    )  # fmt: skip


def guidance_figure(
    obs: pd.DataFrame,
    steps: pd.DataFrame,
    names: Mapping[str, str],
    colors: Mapping[str, str],
    plan: PlanPerYear | None,
) -> ChartSpec:
    """Each company's guidance for the year as steps, one per dated statement (x: the statement's date, y: the
    amount, a stated range as a bar up to its top), and the subject's plan a year and its actual pace a year
    as level lines, in US$ at the newest cited rate."""
    slug, title = "peers-capex-guidance", "Capital expenditure guidance for 2026, each dated revision a step"
    has_plan = plan is not None and not math.isnan(plan.rate)
    if steps.empty and not has_plan:
        return empty_spec(slug, title, "No guidance for 2026 stated by any source, and no plan with a cited rate")
    fig = new_figure()  # its layout; the lines are plain dicts (charts.spec.plot_body)
    traces: list[dict[str, Any]] = []
    # a statement stands until revised: each step runs on to the chart's last date
    right = max([*steps["published"], *([plan.announced, plan.pace_until] if has_plan and plan is not None else [])])
    for (company, _period), rows in steps.groupby(["company", "period"], sort=False):
        label = esc(f"{names.get(str(company), company)}, {rows['period_label'].iloc[0]}")
        span = list((rows["value_high"] - rows["value"]).fillna(0))
        symbols = derived_symbols(rows["derived"])
        words = [
            f"{label}<br>stated {d:%d %b %Y}: "
            + (f"US$ {v:,.0f}–{h:,.0f} bn" if pd.notna(h) else f"US$ {v:,.0f} bn")
            + (f" (derived from RMB {sv:,.0f} bn at RMB {r:.4f} per US$)" if der else "")
            for d, v, h, sv, r, der in zip(
                rows["published"], rows["value"], rows["value_high"], rows["stated_value"], rows["fx_rate"], rows["derived"],
                strict=True,
            )
        ]  # fmt: skip
        x, y, sizes = list(rows["published"]), list(rows["value"]), [9] * len(rows)
        if right > x[-1]:  # the latest statement held to the right edge, without a point of its own
            x, y, sizes, span = [*x, right], [*y, y[-1]], [*sizes, 0], [*span, 0]
            symbols, words = [*symbols, symbols[-1]], [*words, f"{words[-1]}<br>(the latest statement)"]
        traces.append(
            trace("scatter",
                x=x, y=y, name=label, mode="lines+markers", line=dict(color=colors[str(company)], width=2, shape="hv"),
                marker=dict(color=colors[str(company)], size=sizes, symbol=symbols),
                error_y=dict(type="data", symmetric=False, array=span, arrayminus=[0] * len(span), width=6,
                             color=colors[str(company)], visible=any(v > 0 for v in span)),
                customdata=[[w] for w in words], hovertemplate="%{customdata[0]}<extra></extra>",
            )
        )  # fmt: skip
    notes = [
        "Each point is a dated statement, newest last, held until the next; a stated range is drawn from its bottom "
        "(the point) to its top"
    ]
    if steps["derived"].any():
        notes.append("RMB guidance converted at the newest cited RMB/US$ rate (hollow, derived)")
    cited, metrics = [steps], {*steps["metric"], FX_METRIC}
    if has_plan and plan is not None:
        dates = [*steps["published"], plan.announced, plan.pace_until]
        x = [min(dates), max(dates)]
        for name, value, dash, how in (
            (f"Alibaba plan a year (RMB {plan.amount:,.0f} bn / {plan.horizon_years} years)", plan.per_year_usd, "dash",
             f"RMB {plan.per_year:,.1f} bn a year"),
            ("Alibaba's actual pace a year (trailing 4 quarters × 4)", plan.pace_per_year_usd, "dot",
             f"RMB {plan.pace_per_year:,.1f} bn a year"),
        ):  # fmt: skip
            if math.isnan(value):
                continue
            traces.append(
                trace("scatter",
                    x=x, y=[value, value], name=name, mode="lines", line=dict(color=PLAN_COLOR, width=2, dash=dash),
                    hovertemplate=f"{name}<br>US$ %{{y:,.1f}} bn (derived: {how} at RMB {plan.rate:.4f} per US$, "
                    f"{plan.rate_quarter} rate)<extra></extra>",
                )
            )  # fmt: skip
        notes.append(
            f"Alibaba's plan and pace a year are derived: RMB amounts converted at the newest cited rate, RMB {plan.rate:.4f} "
            f"per US$ ({plan.rate_quarter}); the pace is the capex page's trailing run-rate over four quarters"
        )
        cited.append(pd.DataFrame({"source": [*plan.inputs, *plan.pace_inputs]}))
        metrics |= set(plan.metrics)
    elif plan is not None:
        notes.append("Alibaba's plan is not drawn: no cited RMB/US$ rate to convert it at")
    fig.update_xaxes(type="date", tickformat="%b %Y")
    fig.update_yaxes(rangemode="tozero")
    data = _named(_guidance_csv(steps, names, plan), obs)
    sources = _cited(obs, pd.concat(cited, ignore_index=True), ["source", "rate_source"], metrics)
    return finish(
        plot_body(fig, traces), slug, str(GUIDANCE_YEAR), data, title, sources,
        "US$ bn", x_title="Date of the statement", subtitle=_guidance_subtitle(steps, names), notes=notes, labels="calendar",
        top_extra=GUIDANCE_LEGEND_ROOM, height=HEIGHT + GUIDANCE_LEGEND_ROOM,
    )  # fmt: skip


SUBTITLE_COMPANIES = 3  # a subtitle of more ran past the image's right edge
GUIDANCE_LEGEND_ROOM = 120  # px under the subtitle for the key: four rows (companies, the plan and the pace)


def _guidance_subtitle(steps: pd.DataFrame, names: Mapping[str, str]) -> str | None:
    """'Latest: Alphabet US$ 180–190 bn (29 Apr 2026), Amazon US$ 200 bn (05 Feb 2026)'."""
    if steps.empty:
        return "No company's guidance for 2026 is in the store yet"
    latest = steps.groupby(["company", "period"], sort=False).tail(1)
    words = [
        f"{names.get(c, c)} US$ {v:,.0f}" + (f"–{h:,.0f}" if pd.notna(h) else "") + f" bn ({d:%d %b %Y})"
        for c, v, h, d in zip(latest["company"], latest["value"], latest["value_high"], latest["published"], strict=True)
    ]
    shown = SUBTITLE_COMPANIES
    return "Latest: " + ", ".join(words[:shown]) + (f" and {len(words) - shown} more" if len(words) > shown else "")


def _guidance_csv(steps: pd.DataFrame, names: Mapping[str, str], plan: PlanPerYear | None) -> pd.DataFrame:
    """One row per statement, then the plan a year and the pace a year (derived), with their inputs."""
    out = pd.DataFrame(
        {
            "company": [names.get(str(c), c) for c in steps["company"]], "period": steps["period"],
            "calendar_label": steps["period_label"], "stated_on": [f"{d:%Y-%m-%d}" for d in steps["published"]],
            "value": steps["value"], "value_high": steps["value_high"], "unit": steps["unit"],
            "stated_value": steps["stated_value"], "stated_value_high": steps["stated_value_high"],
            "stated_unit": steps["stated_unit"], "fx_rate": steps["fx_rate"],
            "evidence": [DERIVED_EVIDENCE if d else STATED_EVIDENCE for d in steps["derived"]],
            "inputs": [" ".join(i) for i in steps["inputs"]], "source": steps["source"], "source_label": steps["source_label"],
            "quote": steps["quote"], "link_to_quote": steps["link_to_quote"], "url": steps["url"],
        }
    )  # fmt: skip
    if plan is None or math.isnan(plan.rate):
        return out
    extra = pd.DataFrame(
        {
            "company": ["Alibaba plan a year", "Alibaba actual pace a year"], "period": ["plan", "trailing 4 quarters"],
            "value": [plan.per_year_usd, plan.pace_per_year_usd], "unit": "USD_bn",
            "stated_value": [plan.per_year, plan.pace_per_year], "stated_unit": "RMB_bn", "fx_rate": plan.rate,
            "evidence": DERIVED_EVIDENCE, "recipe": [f"RMB {plan.amount:,.0f} bn / {plan.horizon_years} years",
            "capex page's trailing run-rate (mean of the latest 4 quarters) x 4"],
            "inputs": [" ".join(plan.inputs), " ".join(plan.pace_inputs)], "source": plan.rate_source, "quote": plan.rate_quote,
        }
    )  # fmt: skip
    return pd.concat([out, extra], ignore_index=True)
