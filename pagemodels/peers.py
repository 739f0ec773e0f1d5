"""Peers: Alibaba's capital spending and cloud growth beside the hyperscalers and its Chinese peers, on one calendar.

Calendar quarters lead here whatever the reader's label choice, since the companies' fiscal years end in
different months; each company's fiscal quarter is in the tooltips and the table. Money is in US$ (stated,
else converted at a cited rate, and said); intensity and growth need no conversion.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from charts.breaks import declared_breaks
from charts.options import ViewOptions
from charts.peer_charts import capex_usd_figure, cloud_growth_figure, guidance_figure, intensity_figure
from charts.theme import distinct_colors
from loaders import peers, roles
from loaders.calendar import long_date
from loaders.derive import plan_progress
from loaders.due import results_days
from loaders.frames import Frames
from loaders.roles import metric_for_role
from loaders.units import format_value
from pagemodels.common import chart, citation, safe_link, the_plan
from pagemodels.model import Block, Card, Cards, Citation, Citations, Column, Expander, PageModel, Table, Text
from pagemodels.options import plan_default
from pagemodels.view import ViewFrames

TITLE = "Peers: capital spending and cloud growth on one calendar"
INTENSITY_LABEL = "Capex intensity against the US hyperscalers"
NOT_ENOUGH = "not enough figures"

TABLE_COLUMNS = {
    "company": Column("Company"),
    "calendar": Column("Calendar quarter"),
    "fiscal": Column("Fiscal quarter", help="The company's own quarter and its months; a quarter straddling two calendar "
                     "quarters is placed in the one holding its midpoint"),
    "capex_stated": Column("Capex as stated"),
    "capex": Column("Capex, US$ bn", "number", "%.2f"),
    "capex_how": Column("US$ figure", help="Stated in US$, stated beside the RMB figure, or derived at a cited rate"),
    "capex_link": Column("Capex source", "link"),
    "intensity": Column("Capex / revenue, %", "number", "%.1f", help="Derived: capex over revenue, both stated"),
    "revenue_link": Column("Revenue source", "link"),
    "cloud": Column("Cloud"),
    "growth": Column("Cloud growth, % YoY", "number", "%.0f", help="As the company states it"),
    "growth_link": Column("Growth source", "link"),
}  # fmt: skip


def company_names(frames: Frames) -> dict[str, str]:
    return dict(zip(frames.companies["company"].astype(str), frames.companies["name"].astype(str), strict=True))


def company_colors(obs: pd.DataFrame, companies: list[str]) -> dict[str, str]:
    """One colour per company on every chart of the page: the store's colour of its capex metric where it gives
    one, kept apart from the others (charts.theme.distinct_colors)."""
    wanted = []
    for company in companies:
        rows = obs[(obs["metric"] == metric_for_role(obs, roles.CAPEX, company)) & (obs["company"] == company)]
        colors = rows["color"].dropna() if "color" in rows else pd.Series(dtype=object)
        wanted.append(colors.iloc[0] if not colors.empty else None)
    return dict(zip(companies, distinct_colors(wanted), strict=True))


def intensity_comparison(frames: Frames, intensity: pd.DataFrame | None = None) -> peers.IntensityComparison | None:
    """`intensity`: the page's own capex intensity of every company, where it has worked it out already."""
    if intensity is None:
        obs = peers.peer_rows(frames.observations)
        intensity = peers.capex_intensity(obs, [frames.default_subject or "", *peers.HYPERSCALERS])
    return peers.intensity_against_median(intensity, frames.default_subject or "")


def _quarter_words(frames: Frames, fiscal: str, calendar: str) -> str:
    """A company's quarter in a citation: its own fiscal quarter beside the calendar one, or the calendar quarter
    alone where the reader chose calendar labels (no fiscal code in any text then)."""
    return calendar if getattr(frames, "labels", "fiscal") == "calendar" else f"{fiscal} ({calendar})"


def intensity_card(frames: Frames, intensity: pd.DataFrame | None = None) -> tuple[Card, tuple[Citation, ...]]:
    """The default subject's capex intensity beside the median of the four US hyperscalers' in the latest calendar
    quarter all five have figures for; "–" and why where no quarter has them all."""
    names = company_names(frames)
    peers_words = ", ".join(names.get(c, c.title()) for c in peers.HYPERSCALERS)
    subject = names.get(frames.default_subject or "", frames.default_subject or "")
    comparison = intensity_comparison(frames, intensity)
    if comparison is None:
        why = (
            f"Needs a calendar quarter in which {subject} and each of {peers_words} have both capex and revenue "
            "stated; the store has none yet."
        )
        return Card(INTENSITY_LABEL, "–", NOT_ENOUGH, help=why), ()
    detail = f"{comparison.label} · median of {len(peers.HYPERSCALERS)}: {comparison.median_pct:.1f}% · derived"
    each = "; ".join(
        f"{names.get(c, c)} {p:.1f}%" for c, p in zip(comparison.rows["company"], comparison.rows["intensity_pct"], strict=True)
    )
    why = (
        f"Derived: capex over revenue of the same quarter, both stated, for {subject} and the median of {peers_words} "
        f"in {comparison.label}, the latest calendar quarter all have figures for ({each})."
    )
    links = frames.quote_links
    cited = tuple(
        Citation(f"{names.get(r.company, r.company)}, {_quarter_words(frames, r.fiscal_label, comparison.label)}: {what}",
                 str(label), str(quote),
                 safe_link(links.get((source, quote))))
        for r in comparison.rows.itertuples(index=False)
        for what, source, quote, label in (("capex", r.source, r.quote, r.source_label),
                                           ("revenue", r.revenue_source, r.revenue_quote, r.revenue_source_label))
    )  # fmt: skip
    return Card(INTENSITY_LABEL, f"{comparison.subject_pct:.1f}%", detail, help=why), cited


def _plan_per_year(frames: ViewFrames, today: dt.date) -> peers.PlanPerYear | None:
    """The plan a year and the capex page's trailing pace a year (loaders.derive.plan_progress, as that page
    counts it from the plan's default start)."""
    plan = the_plan(frames)
    if plan is None:
        return None
    start = plan_default(frames) or ""
    progress = plan_progress(frames.observations, plan, start, today, results_days(frames.events, frames.default_subject))
    return peers.plan_per_year(plan, progress, frames.observations)


NOT_HELD = "–"


def latest_table(frames: Frames, table: pd.DataFrame) -> Table:
    """Each company's latest quarter, each figure with the link that opens its source at its quote."""
    names = company_names(frames)
    links = frames.quote_links
    pages = dict(zip(frames.sources["source"], frames.sources["url"], strict=True))

    def link(source: object, quote: object) -> str | None:
        if not isinstance(source, str):
            return None
        return safe_link(links.get((source, str(quote)))) or safe_link(pages.get(source))

    frame = pd.DataFrame(
        {
            "company": [names.get(c, c) for c in table["company"]],
            "calendar": table["calendar_label"],
            "fiscal": [f"{f} ({p})" for f, p in zip(table["fiscal_label"], table["placement"], strict=True)],
            "capex_stated": table["capex_as_stated"],
            "capex": table["capex_usd"],
            "capex_how": table["capex_how"],
            "capex_link": [link(s, q) for s, q in zip(table["capex_source"], table["capex_quote"], strict=True)],
            "intensity": table["intensity_pct"],
            "revenue_link": [link(s, q) for s, q in zip(table["revenue_source"], table["revenue_quote"], strict=True)],
            "cloud": table["cloud_business"],
            "growth": table["cloud_growth_pct"],
            "growth_link": [link(s, q) for s, q in zip(table["growth_source"], table["growth_quote"], strict=True)],
        }
    ) if not table.empty else pd.DataFrame(columns=list(TABLE_COLUMNS))  # fmt: skip
    words = ["capex_stated", "capex_how", "cloud"]  # a figure not held reads "–" in words, never "None"
    frame[words] = frame[words].astype(object).where(frame[words].notna(), NOT_HELD)
    return Table("peers-latest", frame, TABLE_COLUMNS)


def notes(frames: Frames) -> tuple[Citation, ...]:
    """Dated, cited lines: each private company's reported plans (no series of its own) and the market shares
    the page names, newest last."""
    obs = frames.observations
    names = company_names(frames)
    private = peers.private_companies(frames.companies)
    rows = obs[(obs["company"].isin(private) & (obs["subject"].isin(private))) | obs["metric"].isin(peers.MARKET_NOTE_METRICS)]
    lines = []
    for _, row in rows.sort_values(["published", "metric"]).iterrows():
        value = format_value(float(row["value"]), str(row["unit"]))
        if pd.notna(row.get("value_high")):
            value += f" to {format_value(float(row['value_high']), str(row['unit']))}"
        who = names.get(str(row["subject"]), "") if row["subject"] in private else ""
        what = f"{who}: {row['name']}" if who and not str(row["name"]).startswith(who) else str(row["name"])
        note = f" ({row['note']})" if isinstance(row.get("note"), str) and row["note"] else ""
        lines.append(citation(f"{long_date(row['published'].date())} · {what}, {row['calendar_label']}: {value}{note}", row))
    return tuple(lines)


def build(frames: ViewFrames, opts: ViewOptions, today: dt.date) -> PageModel:
    plan = the_plan(frames)
    obs = peers.peer_rows(frames.observations, (str(plan["metric"]), str(plan["tracks"])) if plan is not None else ())
    names = company_names(frames)
    companies = peers.listed_companies(frames.companies)
    colors = company_colors(obs, companies)
    capex = peers.capex_in_usd(obs, companies)
    intensity = peers.capex_intensity(obs, companies)
    growth = peers.cloud_growth(obs, companies)
    steps = peers.guidance_steps(obs, companies)
    others = [names[c] for c in companies if c != frames.default_subject]
    subject = names.get(frames.default_subject or "", "")
    blocks: list[Block] = [
        Text(
            f"{subject} beside {', '.join(others) if others else 'its peers'}: each company's fiscal quarter is placed in the "
            "calendar quarter holding its midpoint, so calendar quarters lead here and fiscal quarters are in the tooltips. "
            "Every figure is cited; converted and computed figures are marked derived."
        )
    ]
    if not others:
        blocks.append(Text(f"No peer company's figures are in the store yet: the charts show {subject} alone.", "info"))
    card, card_citations = intensity_card(frames, intensity)
    blocks.append(Cards((card,)))
    if card_citations:
        blocks.append(Expander("Where the card's figures come from: capex and revenue", (Citations(card_citations),)))
    blocks += [
        Text("Quarterly capital expenditure", "subheader"),
        chart(frames, capex_usd_figure(obs, capex, names, colors)),
        Text("Capex as a share of revenue", "subheader"),
        chart(frames, intensity_figure(obs, intensity, names, colors)),
        Text("Cloud growth", "subheader"),
        chart(frames, cloud_growth_figure(obs, growth, names, colors, declared_breaks(frames.structures))),
        Text("Guidance for 2026", "subheader"),
        Text(
            "How to read it: each step is a company's statement of its capital spending for 2026, dated when made; a "
            "range is drawn as a bar from its bottom to its top. The grey lines are Alibaba's plan a year and the pace "
            "its actual spending implies, in US$ at a cited rate."
        ),
        chart(frames, guidance_figure(obs, steps, names, colors, _plan_per_year(frames, today))),
        Text("Each company's latest quarter", "subheader"),
        latest_table(frames, peers.latest_quarters(capex, intensity, growth, companies)),
        Text("Notes", "subheader"),
    ]
    dated = notes(frames)
    blocks.append(Citations(dated, small=False) if dated else Text("No dated notes on private companies or market shares yet."))
    return PageModel("peers", TITLE, tuple(blocks), opts, today)
