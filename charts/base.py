"""What every chart builder shares: the empty result, bars, gaps, event marks and the data behind a chart.

Public, so each chart module imports from here rather than from a sibling's private helpers.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS, add_event_markers, quarter_axis, quarter_x
from charts.figure import trace
from charts.options import ViewOptions
from charts.series import MISSING_TEXT, period_frame
from charts.spec import ChartSpec, empty_spec, plot_body
from charts.theme import MUTED
from loaders.calendar import compact_period, quarter_index, quarters_between

QUARTER = re.compile(r"FY\d{4}Q[1-4]")

HOVER = "<b>%{customdata[0]}</b><br>%{y:,.2f} UNIT<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"

# the columns of a chart's CSV: each value with its period labels, unit, basis and citation
DATA_COLUMNS = [
    "metric", "period", "fiscal_label", "calendar_label", "value", "unit", "yoy_pct", "basis", "source", "publisher",
    "source_title", "grade_label", "evidence", "evidence_label", "url", "link_to_quote", "quote", "recipe", "inputs",
    "input_citations",
]  # fmt: skip
# how a derived value (loaders.recipes) is drawn wherever it appears: a hatched bar, a hollow point
DERIVED_PATTERN = "/"
DERIVED_WORD = "derived"


def derived_flags(rows: pd.DataFrame | pd.Series) -> list[bool]:
    """Which rows are derived, from a frame's `derived` column or a column of flags; a gap row's NaN is not."""
    flags = rows if isinstance(rows, pd.Series) else rows.get("derived", pd.Series(False, index=rows.index))
    return [isinstance(d, bool | np.bool_) and bool(d) for d in flags]


def derived_pattern(rows: pd.DataFrame | pd.Series) -> dict[str, object]:
    """A bar trace's marker pattern: hatched where the value is derived, plain where stated."""
    return dict(shape=[DERIVED_PATTERN if f else "" for f in derived_flags(rows)])


def derived_symbols(rows: pd.DataFrame | pd.Series, symbol: str = "circle") -> list[str]:
    """A line's point symbols: hollow where the value is derived."""
    return [f"{symbol}-open" if f else symbol for f in derived_flags(rows)]


def derived_notes(frame: pd.DataFrame) -> list[str]:
    """The chart note naming a series' derived quarters, where it has any."""
    flags = derived_flags(frame)
    if not any(flags):
        return []
    named = frame["label"] if "label" in frame else frame["period"]  # in the reader's labels where the chart set them
    periods = ", ".join(str(p) for p, f in zip(named, flags, strict=True) if f)
    return [f"Hatched or hollow: derived from the stated year and its other quarters, never stated ({periods})"]


def derived_hover(recipe: object) -> str:
    """What a tooltip says of a derived value: that it is derived, and how."""
    return f"{DERIVED_WORD}: {recipe}" if isinstance(recipe, str) and recipe else DERIVED_WORD


def empty_result(slug: str, title: str, message: str) -> ChartSpec:
    """A chart with nothing to draw: the page says `message` instead of drawing an empty frame."""
    return empty_spec(slug, title, message)


USD_EMPTY = "No US$ figure is stated, nor a cited RMB/US$ rate, for these quarters: switch off US$ to see RMB"


def nothing_to_draw(slug: str, title: str, frame: pd.DataFrame, what: str, currency: str) -> ChartSpec | None:
    """The empty result a chart shows when none of its values can be drawn, saying why; None when some can.

    In US$, RMB figures with no stated US$ amount and no cited rate have no value to draw: the chart
    says so, rather than that the store has none.
    """
    if not frame.empty and frame["value"].notna().any():
        return None
    if not frame.empty and currency == "USD":
        return empty_result(slug, title, USD_EMPTY)
    return empty_result(slug, title, f"No {what} stated by any source")


def add_events(fig: go.Figure, frame: pd.DataFrame, events: pd.DataFrame | None) -> None:
    """The strategy's events over the frame's span (none when the reader turned them off: events is None)."""
    if events is not None and not frame.empty:
        add_event_markers(fig, events, frame["period_start"].min(), frame["period_end"].max())


def gap_marks(
    x: list[object], periods: list[str], why: list[str], texts: list[str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """At the foot of each empty slot, a mark whose hover gives the period and why it is empty (the trace), and an
    upright label (`texts`, the annotations): a quarter's slot is a few pixels wide on a phone, and level labels of
    neighbouring gaps ran into each other there."""
    marks = trace("scatter",
        x=list(x), y=[0] * len(x), mode="markers", name="Not stated", showlegend=False,
        marker=dict(symbol="line-ew-open", size=14, color=MUTED, line=dict(width=2, color=MUTED)),
        customdata=list(zip(periods, why, strict=True)),
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
    )  # fmt: skip
    labels = [
        dict(x=at, y=0, yref="y", yanchor="bottom", yshift=6, text=text, textangle=-90, showarrow=False,
             font=dict(size=9, color=MUTED), name="gap")
        for at, text in zip(x, texts, strict=True)
    ]  # fmt: skip
    return marks, labels


def mark_gaps(fig: go.Figure, x: list[object], periods: list[str], why: list[str], texts: list[str]) -> None:
    """Each empty slot marked and labelled on a figure (`gap_marks`)."""
    if not len(x):
        return
    marks, labels = gap_marks(x, periods, why, texts)
    fig.add_trace(marks)
    fig.layout.annotations = (*fig.layout.annotations, *labels)


def _gaps_of(frame: pd.DataFrame) -> tuple[list[object], list[str], list[str], list[str]]:
    """The missing quarters of a frame as `gap_marks` takes them: each "not stated"."""
    gaps = frame[frame["missing"].fillna(False).astype(bool)] if "missing" in frame else frame.iloc[0:0]
    periods = list(gaps[next(c for c in ("label", "fiscal_label") if c in gaps)]) if not gaps.empty else []
    return list(quarter_x(gaps)), periods, [MISSING_TEXT] * len(gaps), ["not stated"] * len(gaps)


def add_gaps(fig: go.Figure, frame: pd.DataFrame) -> None:
    """Each missing quarter of the frame marked and labelled "not stated"."""
    mark_gaps(fig, *_gaps_of(frame))


def bar(frame: pd.DataFrame, name: str, color: str, unit: str) -> dict[str, Any]:
    """Quarterly bars with each value's period, source and quote on hover; a derived value's bar hatched."""
    return trace(
        "bar",
        x=quarter_x(frame),
        y=frame["value"],
        width=BAR_WIDTH_MS,
        name=name,
        marker=dict(color=color, pattern=derived_pattern(frame)),
        customdata=frame[["label", "hover_source", "hover_quote"]].to_numpy(),
        hovertemplate=HOVER.replace("UNIT", unit),
    )


def chart_data(frame: pd.DataFrame, extra: list[str] | None = None) -> pd.DataFrame:
    """The rows a chart draws, for its CSV: the data columns it has, and whether each quarter is a gap."""
    cols = [c for c in DATA_COLUMNS + (extra or []) if c in frame.columns]
    out = frame[cols].copy()
    if "inputs" in out:  # a derived value's input sources, as ids a spreadsheet can split on spaces
        out["inputs"] = [" ".join(i) if isinstance(i, tuple) else "" for i in out["inputs"]]
    if "missing" in frame:
        out["missing"] = frame["missing"].fillna(False).astype(bool)
    return out


def _quarter_codes(spec: ChartSpec) -> list[str]:
    data = spec.data
    if spec.is_empty or "period" not in data:
        return []
    return [p for p in data["period"].dropna().astype(str) if QUARTER.fullmatch(p)]


def share_quarter_span(specs: list[ChartSpec], opts: ViewOptions) -> list[ChartSpec]:
    """The quarterly charts of one page, each spanning the same quarters, first to last.

    A page whose revenue chart starts a quarter before its EBITA chart reads as if the two were
    misaligned; every chart here spans the earliest to the newest quarter any of them has, and a
    quarter a chart has no value for is drawn and labelled as a gap (and listed, as missing, in its
    CSV). Empty charts are left as they are; each other chart is a new spec, its plot redrawn with
    the shared axis, so no spec is changed once made.
    """
    codes = [c for s in specs for c in _quarter_codes(s)]
    if not codes:
        return list(specs)
    span = quarters_between(min(codes, key=quarter_index), max(codes, key=quarter_index))
    shared_span = compact_period(span[0]) if len(span) == 1 else f"{compact_period(span[0])}-{compact_period(span[-1])}"
    quarters = period_frame(span, opts)
    out = []
    for spec in specs:
        own = set(_quarter_codes(spec))
        if not own:
            out.append(spec)
            continue
        absent = quarters[~quarters["period"].isin(own)].assign(missing=True)
        if absent.empty:  # the chart spans the page's quarters already, its axis labelled for them
            out.append(dataclasses.replace(spec, span=shared_span))
            continue
        body, data = spec.plot_dict(), spec.data
        _redraw(body, absent, quarter_axis(quarters, opts))
        filler = absent[[c for c in absent.columns if c in DATA_COLUMNS or c == "missing"]]
        data = pd.concat([data, filler], ignore_index=True)
        order = data["period"].map(lambda p: quarter_index(p) if QUARTER.fullmatch(str(p)) else -1)
        data = data.iloc[order.argsort(kind="stable")].reset_index(drop=True)
        if "missing" in data:
            data["missing"] = data["missing"].fillna(False).astype(bool)
        # the file name says the quarters drawn
        out.append(dataclasses.replace(spec, body=body, data=data, span=shared_span))
    return out


def _redraw(body: dict[str, Any], absent: pd.DataFrame, axis: dict[str, Any]) -> None:
    """A plot's plain body with `absent`'s quarters (at least one) marked as gaps and every x axis set to `axis`, as plotly's
    add_trace and update_xaxes would: the body is changed as plain values, never made a plotly figure again."""
    marks, labels = gap_marks(*_gaps_of(absent))
    added = plot_body({"layout": {"annotations": labels, "xaxis": axis}}, [marks])
    body.setdefault("data", []).extend(added["data"])
    layout = body.setdefault("layout", {})
    layout["annotations"] = [*layout.get("annotations", []), *added["layout"]["annotations"]]
    for name in [k for k in layout if re.fullmatch(r"xaxis\d*", k)] or ["xaxis"]:
        _merge(layout.setdefault(name, {}), added["layout"]["xaxis"])


def _merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    """plotly's update of a property: nested properties merged, any other value replaced."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
