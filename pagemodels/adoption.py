"""AI adoption: Qwen downloads, models, enterprises and market share, each value with its own source.

What an analyst reads here: each figure once, from its best-graded source, with the other outlets
that state it; each count as one line per source, since sources count differently; market shares one
market at a time, each labelled by the research firm its source names; and what
Alibaba says it aims for kept apart, as company targets, from what it has achieved.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from charts.adoption import achieved, adoption_metric_figure, as_stated, market_share_figure, stated_figures, targets
from charts.options import ViewOptions
from loaders.derive import conflicts
from loaders.frames import Frames
from loaders.product import SUBJECT
from loaders.units import unit_label
from pagemodels.common import chart, safe_link, source_text
from pagemodels.model import Block, Column, PageModel, Table, Text

TITLE = "AI adoption"
CATEGORIES = ("ai_adoption", "market")
LINK = Column("Link", "link", help="The source's own page, where it has one, opened at the quote where the browser can")
FIGURE_COLUMNS = {
    "figure": Column("Figure"),
    "value": Column("Value"),
    "period": Column("As of"),
    "source": Column("Source"),
    "quote": Column("Quote", wide=True),
    "also": Column("Also reported by", help="Other outlets stating the same figure, best grade first"),
    "note": Column("Note", wide=True),
    "url": LINK,
}
TARGET_COLUMNS = {
    "figure": Column("Target"),
    "value": Column("Value"),
    "period": Column("By"),
    "deadline": Column("Deadline", help="Whether the date the target names has passed"),
    "source": Column("Source"),
    "quote": Column("Quote", wide=True),
    "also": Column("Also reported by"),
    "note": Column("Note", wide=True),
    "url": LINK,
}
CONFLICT_COLUMNS = {
    "name": Column("Figure"),
    "period": Column("As of"),
    "value": Column("Value", "number", "localized"),
    "unit": Column("Unit"),
    "publisher": Column("Publisher"),
    "grade_label": Column("Grade"),
    "quote": Column("Quote", wide=True),
    "url": LINK,
}


def _ordered(frames: Frames, category: str, metrics: list[str]) -> list[str]:
    """The metrics in the store's order (metrics.<id>.display.order), then as the frames list them."""
    table = frames.metrics
    ranked = table[table["metric"].isin(metrics) & (table["category"] == category)]
    ranked = ranked.assign(_o=ranked["order"].fillna(10**6)).sort_values("_o", kind="stable")["metric"].tolist()
    return ranked + [m for m in metrics if m not in ranked]


def adoption_metrics(frames: Frames, figures: pd.DataFrame | None = None) -> dict[str, int]:
    """Adoption metrics in the store's order, with how many distinct figures each has achieved
    (one figure from several outlets counts once; a company target does not count). `figures`: the page's
    `stated_figures`, where it has worked them out already."""
    obs = frames.observations
    if obs.empty:
        return {}
    if figures is None:
        figures = stated_figures(achieved(obs[obs["category"] == "ai_adoption"]))
    shown = figures[figures["category"] == "ai_adoption"]
    counts = shown["metric"].value_counts()
    return {m: int(counts[m]) for m in _ordered(frames, "ai_adoption", list(dict.fromkeys(shown["metric"])))}


def _text(value: object) -> str:
    """A cell's text: empty, never "None" or "nan", where the store has nothing."""
    return value if isinstance(value, str) else ""


def single_values_table(rows: pd.DataFrame | list[pd.Series], period_style: str) -> pd.DataFrame:
    """Figures stated once (by one outlet, or by several that agree), each with its value, date, source,
    quote, the other outlets and link: a table, not a card each, so the quote and link are on screen beside
    the number. A value without a URL has an empty link cell."""
    records = [r for _, r in rows.iterrows()] if isinstance(rows, pd.DataFrame) else list(rows)
    return pd.DataFrame(
        {
            "figure": [str(r["name"]) for r in records],
            "value": [as_stated(float(r["value"]), str(r["unit"])) for r in records],
            "period": [str(r[period_style]) for r in records],
            "source": [source_text(r) for r in records],
            "quote": [_text(r.get("quote")) for r in records],
            "also": [_text(r.get("also_reported_by")) for r in records],
            "note": [_text(r.get("note")) for r in records],
            "url": [safe_link(r.get("link_to_quote")) or safe_link(r.get("url")) or "" for r in records],
        },
        columns=list(FIGURE_COLUMNS),
    )


def targets_table(rows: pd.DataFrame, period_style: str, today: dt.date) -> pd.DataFrame:
    """The company's targets, each with the date it names and whether that date has passed."""
    aims = stated_figures(rows)
    table = single_values_table(aims, period_style)
    table.insert(3, "deadline", ["passed" if pd.Timestamp(end).date() < today else "ahead" for end in aims.get("period_end", [])])
    return table


def conflicts_table(obs: pd.DataFrame, period_style: str) -> pd.DataFrame:
    """Every value of a figure its sources disagree on, with its date as the page labels it and its link."""
    disagree = conflicts(obs)
    if disagree.empty:
        return pd.DataFrame(columns=list(CONFLICT_COLUMNS))
    labels = dict(zip(zip(obs["metric"], obs["period"], strict=True), obs[period_style], strict=True))
    links = obs["link_to_quote"].fillna(obs["url"]) if "link_to_quote" in obs else obs["url"]
    urls = dict(zip(zip(obs["source"], obs["quote"], strict=True), links, strict=True))
    return pd.DataFrame(
        {
            "name": disagree["name"].astype(str),
            "period": [str(labels.get((m, p), p)) for m, p in zip(disagree["metric"], disagree["period"], strict=True)],
            "value": disagree["value"].astype(float),
            "unit": [unit_label(str(u)) for u in disagree["unit"]],
            "publisher": disagree["publisher"].astype(str),
            "grade_label": [_text(g) for g in disagree["grade_label"]],
            "quote": [_text(q) for q in disagree["quote"]],
            "url": [safe_link(urls.get((s, q))) or "" for s, q in zip(disagree["source"], disagree["quote"], strict=True)],
        }
    )


def build(frames: Frames, opts: ViewOptions, today: dt.date) -> PageModel:
    obs = frames.observations
    ours = obs[obs["category"].isin(CATEGORIES)] if not obs.empty else obs
    adoption = ours[ours["category"] == "ai_adoption"] if not ours.empty else ours
    # every figure of the page worked out once: one count per figure however many outlets state it
    figures = stated_figures(achieved(ours))
    shown = figures[figures["category"] == "ai_adoption"]
    counts = adoption_metrics(frames, figures)
    once = [m for m, n in counts.items() if n == 1]
    singles = pd.concat([shown[shown["metric"] == m] for m in once]) if once else shown.iloc[0:0]
    blocks: list[Block] = [
        Text(
            "Each figure is shown once, from its best-graded source, with the other outlets that state it. "
            "Sources count differently, so each count is drawn as one line per source over the dates it states it: "
            "figures from different sources are not comparable with each other. "
            "Where sources disagree, every value is shown beside the others with its source; nothing is averaged or picked."
        )
    ]
    if not singles.empty:
        blocks += [
            Text("Figures with one stated value", "subheader"),
            Table("adoption-singles", single_values_table(singles, opts.label_column), FIGURE_COLUMNS),
        ]
    markets = list(dict.fromkeys(ours.loc[ours["category"] == "market", "metric"])) if not ours.empty else []
    blocks.append(chart(frames, market_share_figure(ours, opts, _ordered(frames, "market", markets), figures)))
    blocks += [chart(frames, adoption_metric_figure(adoption, m, opts, shown)) for m, n in counts.items() if n > 1]
    aims = targets(ours)
    if not aims.empty:
        blocks += [
            Text("Company targets", "subheader"),
            Text(f"What {SUBJECT} says it aims for, by the date it names: a target, not an achieved figure."),
            Table("adoption-targets", targets_table(aims, opts.label_column, today), TARGET_COLUMNS),
        ]
    disagree = conflicts_table(achieved(ours), opts.label_column)
    if not disagree.empty:
        blocks += [
            Text("Where sources disagree", "subheader"),
            Table("adoption-conflicts", disagree, CONFLICT_COLUMNS),
        ]
    return PageModel("adoption", TITLE, tuple(blocks), opts, today)
