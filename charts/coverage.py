"""What the dashboard holds and what it lacks: metrics by quarter, each cell a count of cited values."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from charts.base import empty_result
from charts.figure import trace
from charts.options import ViewOptions
from charts.spec import ChartSpec, finish
from loaders.calendar import parse_period, quarters_between, short_quarter
from loaders.frames import CATEGORY_ORDER
from loaders.recipes import stated_only


def coverage_table(obs: pd.DataFrame) -> pd.DataFrame:
    """Cited values per metric (rows, by name) and quarter (columns, every quarter from the first to the
    last): counted as one array of cell numbers, since the grid grows with the store and a frame grouping
    cost five times as much."""
    q = obs[obs["period_kind"] == "quarter"]
    if q.empty:
        return pd.DataFrame()
    ends = q["period_end"].reset_index(drop=True)
    periods = q["period"].to_numpy(dtype=object)
    # the earliest quarter's code as first stated, the latest's as last stated
    codes = quarters_between(periods[ends.idxmin()], periods[ends[::-1].idxmax()])
    # metrics of one category together (group, cloud, capex, segments, ...), each category A to Z
    first = q.drop_duplicates("name")
    category = dict(zip(first["name"], first["category"], strict=True))
    rank = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    order = sorted(category, key=lambda n: (rank.get(category[n], len(rank)), n))
    row = _positions(q["name"].to_numpy(dtype=object), order)
    column = _positions(periods, codes)
    cells = row * len(codes) + column
    grid = np.bincount(cells[column >= 0], minlength=len(order) * len(codes))
    index, columns = pd.Index(order, name="name"), pd.Index(codes, name="period")
    return pd.DataFrame(grid.reshape(len(order), len(codes)), index=index, columns=columns)


def _positions(values: np.ndarray, ordered: list[str]) -> np.ndarray:
    """Each value's position in `ordered`, -1 where it is not there, each distinct value looked up once: a
    Categorical cost four times as much, as it makes its categories arrow strings first."""
    codes, distinct = pd.factorize(values)
    where = {v: i for i, v in enumerate(ordered)}
    # the last entry answers factorize's -1, a missing value
    return np.array([where.get(v, -1) for v in distinct] + [-1], dtype=np.int64)[codes]


COUNTED = ["name", "category", "period", "period_kind", "period_end", "source", "derived"]  # what the grid reads
ROW_LABEL_CHARS = 26  # a metric's name in lines of this many characters, at most two: a phone keeps room for the grid


def row_label(name: str) -> str:
    """A metric's name as a row label of at most two short lines, cut with "…" beyond; its hover gives it whole."""
    lines = textwrap.wrap(name, ROW_LABEL_CHARS)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: ROW_LABEL_CHARS - 1].rstrip() + "…"]
    return "<br>".join(lines)


def coverage_figure(obs: pd.DataFrame, opts: ViewOptions, company: str | None = None) -> ChartSpec:
    """The grid of `company`'s values (every value's where None): another company's fiscal quarters are other
    months, so one grid holds one company's."""
    title = "Coverage: cited values per metric and quarter"
    # a derived quarter is no cited value: its cell stays empty until a source states it; the columns counted
    # taken first, as the grid's work grows with the store
    obs = obs[[c for c in (*COUNTED, "company") if c in obs]]
    if company is not None and "company" in obs:
        obs = obs[obs["company"].to_numpy() == company]
    obs = stated_only(obs.drop(columns="company", errors="ignore"))
    table = coverage_table(obs)
    if table.empty:
        return empty_result("coverage", title, "No quarterly values stated by any source")
    labels = [getattr(parse_period(c), opts.label_column) for c in table.columns]
    grid = table.to_numpy()
    text = np.where(grid == 0, "", grid.astype(str)).tolist()
    rows = list(table.index)
    heatmap = trace("heatmap",
        z=grid.tolist(), x=labels, y=rows, text=text, texttemplate="%{text}",
        colorscale=[[0, "#fef2f2"], [0.001, "#e0f2fe"], [1, "#0369a1"]], showscale=False, xgap=2, ygap=2,
        hovertemplate="%{y}<br>%{x}: %{z} cited value(s)<extra></extra>",
    )  # fmt: skip
    layout = dict(
        # two-line tick labels, never rotated: rotated ones ran into the footnote
        xaxis=dict(type="category", tickangle=0, title=dict(text="Quarter"), tickmode="array", tickvals=labels,
                   ticktext=[t.replace(" ", "<br>", 1) for t in labels]),
        # the first metric at the top
        yaxis=dict(autorange="reversed", tickmode="array", tickvals=rows, ticktext=[row_label(r) for r in rows],
                   tickfont=dict(size=11)),
    )  # fmt: skip
    # written as plain JSON values already (lists of int and str): a grid of every metric and quarter is large, and
    # plotly's writer would only copy it
    body = {"data": [heatmap], "layout": layout}
    # the same count of values and of their sources as the sidebar gives; the grid holds the quarterly ones
    n_sources = obs["source"].nunique()
    n_quarterly = int(table.to_numpy().sum())
    foot = (
        f"Source: this dashboard's {len(obs)} cited values from {n_sources} sources; the grid counts the "
        f"{n_quarterly} stated for a quarter (the others are for a year or another period)"
    )
    span = f"{short_quarter(table.columns[0])}-{short_quarter(table.columns[-1])}"
    data = table.reset_index().rename(columns={"name": "metric"})
    return finish(
        body, "coverage", span, data, title, None, notes=["Empty (pink) cells: no source states that quarter"],
        source_note=foot, height=max(460, 30 * len(table) + 260),
    )  # fmt: skip
