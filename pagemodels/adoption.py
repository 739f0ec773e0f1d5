"""AI adoption: Qwen downloads, models, enterprises and market share, each value with its own source."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd

from charts.adoption import adoption_metric_figure, market_share_figure
from charts.options import ViewOptions
from loaders.derive import conflicts
from loaders.frames import Frames
from loaders.units import format_value
from pagemodels.common import chart, safe_link, source_text
from pagemodels.model import Block, Column, PageModel, Table, Text

TITLE = "AI adoption"
LINK = Column("Link", "link")


def adoption_metrics(frames: Frames) -> dict[str, int]:
    """Adoption metrics in the store's order (metrics.<id>.display.order), with how many values each has."""
    obs, metrics = frames.observations, frames.metrics
    present = Counter(obs.loc[obs["category"] == "ai_adoption", "metric"]) if not obs.empty else Counter()
    order = metrics[metrics["metric"].isin(present)].assign(_o=lambda m: m["order"].fillna(10**6))
    ranked = order.sort_values("_o", kind="stable")["metric"].tolist()
    return {m: present[m] for m in ranked}


def single_values_table(rows: list[pd.Series], period_style: str) -> pd.DataFrame:
    """Figures a single source states once, each with its value, date, source, quote and link: a table, not a
    card each, so the quote and link are on screen beside the number."""
    return pd.DataFrame(
        {
            "figure": [str(r["name"]) for r in rows],
            "value": [format_value(float(r["value"]), str(r["unit"])) for r in rows],
            "period": [str(r[period_style]) for r in rows],
            "source": [source_text(r) for r in rows],
            "quote": [r["quote"] if isinstance(r.get("quote"), str) else "" for r in rows],
            "url": [safe_link(r.get("url")) for r in rows],
        }
    )


def build(frames: Frames, opts: ViewOptions, today: dt.date) -> PageModel:
    obs = frames.observations
    counts = adoption_metrics(frames)
    singles = [obs[obs["metric"] == m].iloc[0] for m, n in counts.items() if n == 1]
    blocks: list[Block] = [
        Text("Where sources disagree, every value is shown beside the others with its source; nothing is averaged or picked.")
    ]
    if singles:
        blocks += [
            Text("Figures one source states", "subheader"),
            Table(
                "adoption-singles", single_values_table(singles, opts.label_column),
                {"figure": Column("Figure"), "value": Column("Value"), "period": Column("As of"),
                 "source": Column("Source"), "quote": Column("Quote", wide=True), "url": LINK},
            ),
        ]  # fmt: skip
    blocks.append(chart(frames, market_share_figure(obs, opts)))
    blocks += [chart(frames, adoption_metric_figure(obs, m, opts)) for m, n in counts.items() if n > 1]
    disagree = conflicts(obs[obs["category"].isin(["ai_adoption", "market"])])
    if not disagree.empty:
        blocks += [
            Text("Where sources disagree", "subheader"),
            Table(
                "adoption-conflicts", disagree[["name", "period", "value", "unit", "publisher", "grade_label", "quote"]],
                {"name": Column("Figure"), "period": Column("Period"), "value": Column("Value", "number", "localized"),
                 "unit": Column("Unit"), "publisher": Column("Publisher"), "grade_label": Column("Grade"),
                 "quote": Column("Quote", wide=True)},
            ),
        ]  # fmt: skip
    return PageModel("adoption", TITLE, tuple(blocks), opts, today)
