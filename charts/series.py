"""From the observations frame to what one chart series needs: values, labels, citations, gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from charts.options import ViewOptions
from loaders.calendar import compact_period, parse_period
from loaders.citation import label_words
from loaders.derive import in_currency, quarterly, with_gaps
from loaders.units import unit_label

HOVER_QUOTE_CHARS = 120
MISSING_TEXT = "not stated by any source"


def in_view_currency(obs: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Every observation in the reader's currency (loaders.derive.in_currency), converted once for a page, with
    the value and unit as stated beside it (`stated_value`, `stated_unit`): a ratio of two amounts is worked
    out from those, the same in either currency."""
    stated = obs.assign(stated_value=obs["value"], stated_unit=obs["unit"]) if "value" in obs else obs
    return in_currency(stated, currency)


def money_of(obs: pd.DataFrame, opts: ViewOptions, money: pd.DataFrame | None) -> pd.DataFrame:
    """The observations in the chosen currency: as the page converted them once, else converted here once."""
    return in_view_currency(obs, opts.currency) if money is None else money


def quarterly_series(
    money: pd.DataFrame, metric: str, opts: ViewOptions, basis: str = "reported", since: str | None = None
) -> pd.DataFrame:
    """The preferred reported value per quarter, from observations already in the chosen currency
    (`in_view_currency`; as stated for RMB), with missing quarters (from `since`, where that is earlier than
    the first value) as gaps."""
    if money.empty:
        return money
    frame = with_gaps(quarterly(money, metric, basis), since)
    if frame.empty:
        return frame
    frame = frame.copy()
    frame["label"] = frame[opts.label_column]
    frame["hover_source"] = [
        MISSING_TEXT if missing else source_words(pub, title, grade, machine_only)
        for missing, pub, title, grade, machine_only in zip(
            frame["missing"],
            frame["publisher"],
            frame["source_title"],
            frame["grade_label"],
            frame["machine_only"],
            strict=True,
        )
    ]
    frame["hover_quote"] = [
        ""
        if missing or not isinstance(q, str)
        else "“" + (q if len(q) <= HOVER_QUOTE_CHARS else q[: HOVER_QUOTE_CHARS - 1] + "…") + "”"
        for missing, q in zip(frame["missing"], frame["quote"], strict=True)
    ]
    derived = [is_true(d) for d in frame["derived"]] if "derived" in frame else [False] * len(frame)
    if any(derived):  # "derived: <recipe> (weakest input: grade)", and its arithmetic where a quote would be
        recipes, grades = frame.loc[derived, "recipe"], frame.loc[derived, "grade_label"]
        frame.loc[derived, "hover_source"] = [f"derived: {r} (weakest input: {g})" for r, g in zip(recipes, grades, strict=True)]
        frame.loc[derived, "hover_quote"] = frame.loc[derived, "note"]
    return frame


def is_true(flag: object) -> bool:
    """A frame's flag as a bool: True or numpy's True; a gap row's NaN is not."""
    return isinstance(flag, bool | np.bool_) and bool(flag)


def source_words(publisher: str, title: str, grade: str, machine_only: object = False) -> str:
    """'Publisher, title (major outlet)': a source as every hover, tooltip and table names it, with its grade
    in words; a machine-written figure says that nothing better states it."""
    text = f"{label_words(str(publisher), str(title))} ({grade})"
    return text + "; no better source states this figure" if is_true(machine_only) else text


def axis_unit(unit: str) -> str:
    return unit_label(unit)


def citations(frame: pd.DataFrame) -> pd.DataFrame:
    """The sources behind the drawn values, one row per value (for the footnote's sources clause)."""
    if frame.empty or "source" not in frame:
        return frame
    # for the sources clause: grades, kinds, where copies were read, derived rows, the periods each source covers
    optional = ("grade", "source_kind", "read_at_host", "evidence", "label", "fiscal_label", "calendar_label", "period_start")
    cols = ["source", "publisher", "source_title", "published", *(c for c in optional if c in frame)]
    return frame[frame["source"].notna()][cols]


def period_span(frame: pd.DataFrame) -> str:
    """'FY24Q1-FY26Q2' (or '202511-20251124') for file names, from the first and last period drawn."""
    if frame.empty:
        return "empty"
    periods = frame.sort_values(["period_start", "period_end"])["period"]  # Nov 2025 before 24 Nov 2025
    first, last = compact_period(periods.iloc[0]), compact_period(periods.iloc[-1])
    return first if first == last else f"{first}-{last}"


def period_frame(codes: list[str], opts: ViewOptions) -> pd.DataFrame:
    """One row per period code, with its dates and both labels, in time order: a chart's x axis."""
    if not codes:
        return pd.DataFrame(columns=["period", "period_start", "period_end", "fiscal_label", "calendar_label", "label"])
    parsed = sorted((parse_period(c) for c in codes), key=lambda p: p.start)
    frame = pd.DataFrame(
        {
            "period": [p.code for p in parsed],
            "period_start": [pd.Timestamp(p.start) for p in parsed],
            "period_end": [pd.Timestamp(p.end) for p in parsed],
            "fiscal_label": [p.fiscal_label for p in parsed],
            "calendar_label": [p.calendar_label for p in parsed],
        }
    )
    frame["label"] = frame[opts.label_column]
    return frame
