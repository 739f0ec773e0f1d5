"""One role's quarterly figures for every company, placed by calendar quarter so companies line up.

Each company writes its quarters in its own fiscal terms (a March-year company's FY2026Q2 and a June-year
company's FY2026Q1 are both Jul–Sep 2025); the frames place every quarter in the calendar quarter
holding its midpoint (loaders.calendar), and this is what a chart comparing companies draws from.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np
import pandas as pd

from loaders.calendar import calendar_quarter_index, calendar_quarter_label
from loaders.roles import metric_for_role
from loaders.rows import positions
from loaders.vocab import FORWARD_BASES

ALIGNED_COLUMNS = [
    "company", "metric", "period", "fiscal_label", "period_label", "calendar_quarter", "calendar_label", "placement",
    "x", "value", "unit", "source", "source_label", "quote",
]  # fmt: skip


@functools.cache
def quarter_midpoint(calendar_quarter: str) -> pd.Timestamp:
    """The middle of a calendar quarter: where every company's bar for it stands on a date axis."""
    index = calendar_quarter_index(calendar_quarter)
    start = pd.Timestamp(index // 4, index % 4 * 3 + 1, 1)
    end = start + pd.DateOffset(months=3) - pd.Timedelta(days=1)
    return start + (end - start) / 2


def by_calendar_quarter(
    obs: pd.DataFrame,
    role: str,
    companies: list[str],
    basis: str = "reported",
    extra: tuple[str, ...] = (),
    metrics: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The shown (preferred) quarterly value on `basis` of the metric playing `role` for each of `companies`,
    one row per company and quarter, with the calendar quarter it is placed in and that quarter's midpoint `x`.

    `period_label` is the company's own quarter as its months read ("Dec 2025–Feb 2026"); `calendar_label`
    the calendar quarter it is drawn at; `placement` says so where the two differ. `extra` names further
    columns of the observations to keep (a US$ amount stated beside the figure, the link to its quote). `metrics`:
    each company's metric playing `role` (loaders.roles.metric_for_role), where the caller has looked it up already."""
    # the rows wanted are picked first and only the columns read are taken: a frame of the store is wide
    shown = [] if basis in FORWARD_BASES else companies  # a forecast is never a quarter's shown value
    picked = [
        positions(
            obs, metric=metrics[c] if metrics is not None else metric_for_role(obs, role, c), company=c, basis=basis,
            period_kind="quarter", preferred=True,
        )
        for c in shown
    ]  # fmt: skip
    at = np.sort(np.concatenate(picked)) if picked else np.zeros(0, dtype=np.intp)  # in the frame's order
    read = ["company", "metric", "period", "fiscal_label", "calendar_label", "calendar_quarter", "placement", "value", "unit",
            "source", "source_label", "quote", *extra]  # fmt: skip
    rows = obs[list(dict.fromkeys(read))].take(at)
    if rows.empty:
        return pd.DataFrame(columns=[*ALIGNED_COLUMNS, *extra])
    out = pd.DataFrame(
        {
            "company": rows["company"], "metric": rows["metric"], "period": rows["period"],
            "fiscal_label": rows["fiscal_label"], "period_label": rows["calendar_label"],
            "calendar_quarter": rows["calendar_quarter"],
            "calendar_label": [calendar_quarter_label(q) for q in rows["calendar_quarter"]],
            "placement": rows["placement"], "x": [quarter_midpoint(q) for q in rows["calendar_quarter"]],
            "value": rows["value"], "unit": rows["unit"], "source": rows["source"],
            "source_label": rows["source_label"], "quote": rows["quote"], **{c: rows[c] for c in extra},
        }
    )  # fmt: skip
    order = {c: i for i, c in enumerate(companies)}
    out["_order"] = out["company"].map(order)
    return out.sort_values(["_order", "x"]).drop(columns="_order").reset_index(drop=True)
