"""Segment growth and mix: which businesses drive the group, quarter by quarter.

What the charts draw comes from the store: which segments make up group revenue and from when
(`structures:`), which metrics are parts reported inside a segment (`part_of:`), and each metric's
colour and short name (`display:`). A reorganisation or a new segment is a store edit.
"""

from __future__ import annotations

import dataclasses
import math
import textwrap
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.axes import BAR_WIDTH_MS, iso_date, label_quarter_axis, quarter_axis, quarter_x
from charts.base import chart_data, derived_pattern, derived_symbols, empty_result, mark_gaps, nothing_to_draw
from charts.breaks import breaks_of, declared_breaks, split_at_breaks
from charts.figure import new_figure, new_subplots, trace
from charts.options import ViewOptions
from charts.series import citations, money_of, period_frame, period_span, quarterly_series
from charts.spec import ChartSpec, finish, plot_body
from charts.theme import INK, MUTED, distinct_colors, tint
from loaders.calendar import label, parse_period, prior_year_quarter, quarter_index, quarters_between, short_quarter
from loaders.product import SUBJECT
from loaders.units import unit_label

# --- what the store says about segments ---------------------------------------------------------------------


def structure_of(structures: pd.DataFrame, quarter: str) -> dict[str, Any] | None:
    """The reporting structure a quarter was reported in (a row of loaders.frames.structures_frame, as a dict),
    if any."""
    return structures_of(structures, [quarter])[quarter]


def structures_of(structures: pd.DataFrame, quarters: Iterable[str]) -> dict[str, dict[str, Any] | None]:
    """Each quarter's reporting structure (structure_of), the structures read once for them all."""
    spans = [
        (quarter_index(row["first"]), quarter_index(row["last"]) if isinstance(row["last"], str) else math.inf, row)
        for row in structures.to_dict("records")
    ]
    out: dict[str, dict[str, Any] | None] = {}
    for quarter in quarters:
        index = quarter_index(quarter)
        out[quarter] = next((row for first, last, row in spans if first <= index <= last), None)
    return out


def mix_segments(structures: pd.DataFrame) -> list[str]:
    """Every segment of any structure, in the order the structures list them: the ones a mix may add up."""
    return list(dict.fromkeys(m for segments in structures["segments"] for m in segments)) if not structures.empty else []


def totals_of(structures: pd.DataFrame) -> set[str]:
    """The metrics the structures' segments add up to (group revenue)."""
    return set(structures["total"]) if not structures.empty else set()


def part_parents(obs: pd.DataFrame, segments: list[str]) -> dict[str, str]:
    """Each part reported inside one of `segments` (customer management in China E-commerce), with its segment."""
    if obs.empty or "part_of" not in obs:
        return {}
    pairs = obs[["metric", "part_of"]].drop_duplicates("metric")
    return {m: p for m, p in zip(pairs["metric"], pairs["part_of"], strict=True) if p in segments and m not in segments}


def growth_metrics(obs: pd.DataFrame, structures: pd.DataFrame) -> list[str]:
    """Segments, then the parts reported inside them (customer management, quick commerce), then the totals."""
    segments = mix_segments(structures)
    parts = list(part_parents(obs, segments))
    totals = list(dict.fromkeys(structures["total"])) if not structures.empty else []
    return [*segments, *parts, *[t for t in totals if t not in segments]]


def segment_metrics(obs: pd.DataFrame, structures: pd.DataFrame) -> list[str]:
    present = set(obs["metric"]) if not obs.empty else set()
    return [m for m in growth_metrics(obs, structures) if m in present]


def short_names(obs: pd.DataFrame) -> dict[str, str]:
    """Each metric's short name from the store (`display.short_name`, else its name): panel titles and legends."""
    if obs.empty:
        return {}
    column = "short_name" if "short_name" in obs else "name"
    pairs = obs.drop_duplicates("metric")
    return {m: str(s if isinstance(s, str) else n) for m, s, n in zip(pairs["metric"], pairs[column], pairs["name"], strict=True)}


def _store_colors(obs: pd.DataFrame) -> dict[str, str | None]:
    if obs.empty or "color" not in obs:
        return {}
    pairs = obs.drop_duplicates("metric")
    return {m: (c if isinstance(c, str) else None) for m, c in zip(pairs["metric"], pairs["color"], strict=True)}


# --- growth by segment ----------------------------------------------------------------------------------------


def latest_growth_quarter(obs: pd.DataFrame, structures: pd.DataFrame) -> str | None:
    metrics = growth_metrics(obs, structures)
    rows = obs[obs["metric"].isin(metrics) & (obs["period_kind"] == "quarter") & obs["yoy_pct"].notna()]
    if rows.empty:
        return None
    return rows.sort_values("period_end")["period"].iloc[-1]


def _growth_label(name: str, short: object) -> str:
    """The store's short name where it gives one, else the name without 'revenue' and its perimeter note."""
    if isinstance(short, str) and short != name:
        return short
    return name.split(",")[0].removesuffix(" revenue").removeprefix(f"{SUBJECT} ")


def growth_table(obs: pd.DataFrame, structures: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """YoY by segment for one quarter: stated where the source states it, else computed from the store."""
    rows = []
    in_quarter = obs[(obs["period"] == quarter) & obs["metric"].isin(growth_metrics(obs, structures))]
    q = in_quarter[in_quarter["preferred"]]
    # a growth rate stated by any source for the same metric and basis counts as stated
    with_yoy = in_quarter[in_quarter["yoy_pct"].notna()].sort_values("preferred", ascending=False)
    pairs = list(zip(zip(with_yoy["metric"], with_yoy["basis"], strict=True), with_yoy["yoy_pct"], strict=True))
    stated_yoy = dict(reversed(pairs))
    prior = obs[(obs["period"] == prior_year_quarter(quarter)) & obs["preferred"] & (obs["basis"] == "reported")]
    prior_values = dict(zip(prior["metric"], prior["value"], strict=True))
    for r in q.itertuples():
        stated = stated_yoy.get((r.metric, r.basis), math.nan)
        computed = (r.value / prior_values[r.metric] - 1) * 100 if prior_values.get(r.metric) else math.nan
        if math.isnan(stated) and math.isnan(computed):
            continue
        basis = "" if r.basis == "reported" else f" ({r.basis.replace('_', '-')})"
        short = _growth_label(r.name, getattr(r, "short_name", None))
        rows.append(
            {
                "metric": r.metric, "segment": f"{short}{basis}", "basis": r.basis, "period": quarter,
                "yoy_pct": stated if not math.isnan(stated) else computed,
                "how": "stated" if not math.isnan(stated) else "computed from cited values",
                "value": r.value, "unit": r.unit, "source": r.source, "publisher": r.publisher,
                "source_title": r.source_title, "published": r.published, "url": r.url, "quote": r.quote,
                "color": r.color,
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def unstated_segments(table: pd.DataFrame, structures: pd.DataFrame, quarter: str, opts: ViewOptions) -> list[str]:
    """The segments of the quarter's reporting structure (those chosen, where some are) with no growth in `table`."""
    structure = structure_of(structures, quarter)
    if structure is None:
        return []
    shown = set(table["metric"]) if not table.empty else set()
    return [m for m in structure["segments"] if m not in shown and (not opts.segments or m in opts.segments)]


def segment_growth_figure(
    obs: pd.DataFrame, structures: pd.DataFrame, quarter: str | None, opts: ViewOptions, names: dict[str, str] | None = None
) -> ChartSpec:
    """YoY growth by segment for one quarter; `names` (every metric's short name, from the metrics frame) names a
    segment of the quarter's structure that no source gives growth for, so its absence is said, not silent."""
    quarter = quarter or latest_growth_quarter(obs, structures)
    title = "Year-on-year revenue growth by segment"
    if quarter is None:
        return empty_result("segment-growth", title, "No segment growth stated by any source")
    table = growth_table(obs, structures, quarter)
    totals = totals_of(structures)
    if opts.segments and not table.empty:
        table = table[table["metric"].isin(opts.segments) | table["metric"].isin(totals)]
    if table.empty:
        return empty_result("segment-growth", title, f"No segment growth stated for {quarter}")
    table = table.sort_values("yoy_pct")
    period = getattr(parse_period(quarter), opts.label_column)
    fig = new_figure(
        trace("bar",
            x=table["yoy_pct"], y=table["segment"], orientation="h", marker_color=distinct_colors(table["color"]),
            text=[f"{v:+.0f}%" + ("*" if how != "stated" else "") for v, how in zip(table["yoy_pct"], table["how"], strict=True)],
            textposition="outside", cliponaxis=False,
            customdata=table[["how", "publisher", "source_title"]].to_numpy(),
            hovertemplate="<b>%{y}</b><br>%{x:+.1f}% YoY (%{customdata[0]})<br>%{customdata[1]}, %{customdata[2]}<extra></extra>",
            name="YoY growth",
        )
    )  # fmt: skip
    low, high = min(0.0, float(table["yoy_pct"].min())), max(0.0, float(table["yoy_pct"].max()))
    pad = 0.3 * (high - low or 1)  # room for "+45%" beside the longest bar on a phone, where the plot is 180 px wide
    fig.update_xaxes(range=[low - (pad if low < 0 else 0), high + pad])
    fig.update_xaxes(ticksuffix="%", zeroline=True, zerolinecolor="#9ca3af", title_text="Year-on-year growth (%)")
    notes = ["* computed from the cited values, not stated by the source"] if (table["how"] != "stated").any() else []
    missing = unstated_segments(table, structures, quarter, opts)
    if missing:
        known = names or short_names(obs)
        notes.append(f"Not stated by any source for {period}: " + ", ".join(known.get(m, m) for m in missing))
    fig.update_layout(showlegend=False)
    return finish(
        fig, "segment-growth", short_quarter(quarter), table.drop(columns=["published", "color"]), f"{title}, {period}",
        citations(table), notes=notes, wrap=110, height=max(420, 60 + 38 * len(table) + 160),
    )  # fmt: skip


# --- reorganisations -----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Reorganisation:
    """A reporting structure that begins inside a chart's quarters: where its first quarter starts, in words."""

    quarter: str
    start: pd.Timestamp
    text: str  # "Four segments from FY26 Q1"


def reorganisations(structures: pd.DataFrame, quarters: list[str], opts: ViewOptions) -> list[Reorganisation]:
    """The structures whose first quarter falls after the first of `quarters` and within them."""
    if structures.empty or not quarters:
        return []
    first, last = quarter_index(quarters[0]), quarter_index(quarters[-1])
    marks = []
    for row in structures.itertuples(index=False):
        if first < quarter_index(row.first) <= last:
            start = pd.Timestamp(parse_period(row.first).start)
            marks.append(Reorganisation(row.first, start, f"{row.name} from {label(row.first, opts.labels)}"))
    return marks


def _divider(start: pd.Timestamp, xref: str, yref: str) -> dict[str, object]:
    """A dotted vertical line where a reporting structure begins (what fig.add_vline adds, without its cost)."""
    return dict(
        type="line", x0=start, x1=start, xref=xref, y0=0, y1=1, yref=yref, layer="below",
        line=dict(color=MUTED, width=1, dash="dot"), name="reorganisation",
    )  # fmt: skip


def _quarters_frame(codes: list[str], opts: ViewOptions) -> pd.DataFrame:
    """Every quarter from the first to the last of `codes`, with its dates and labels: a chart's x axis."""
    return period_frame(quarters_between(min(codes, key=quarter_index), max(codes, key=quarter_index)) if codes else [], opts)


# --- segment revenue history: one small panel per segment -----------------------------------------------------

PANEL_COLUMNS = 2  # two panels a row: on a phone each keeps room for its title and its scale
PANEL_TITLE_CHARS = 20  # a panel's title wraps at this many characters, so it stays inside its panel on a phone
PANEL_HEIGHT = 170  # px per row of panels in the exported image
PART_DASHES = ("dash", "dot", "dashdot", "longdash", "longdashdot")
LEGEND_ROOM = 44  # px above the panels for the parts' key, under the subtitle
PART_TINTS = (0.3, 0.5, 0.65, 0.2, 0.75)  # shades of the segment's colour for parts the store gives no colour


@dataclasses.dataclass
class Panel:
    segment: str
    title: str
    series: list[tuple[str, pd.DataFrame]]  # the segment first, then its parts


def _panels(obs: pd.DataFrame, structures: pd.DataFrame, opts: ViewOptions) -> tuple[list[Panel], list[str]]:
    """The panels to draw (a segment with its parts) and the short names of chosen segments with no value to draw."""
    totals = totals_of(structures)
    segments = [m for m in mix_segments(structures) if m not in totals]
    parents = part_parents(obs, segments)
    chosen = set(opts.segments)
    names = short_names(obs)
    panels, blank = [], []
    for segment in segments:
        parts = [p for p, parent in parents.items() if parent == segment]
        if chosen:
            if segment not in chosen and not chosen & set(parts):
                continue
            if segment not in chosen:
                parts = [p for p in parts if p in chosen]
        series = [(m, f) for m in [segment, *parts] if not (f := quarterly_series(obs, m, opts)).empty]
        if not series:
            continue
        drawable = [(m, f) for m, f in series if f["value"].notna().any()]
        if drawable:
            panels.append(Panel(segment, names.get(segment, segment), drawable))
        else:
            blank.append(names.get(segment, segment))
    return panels, blank


def segment_revenue_figure(
    obs: pd.DataFrame, structures: pd.DataFrame, opts: ViewOptions, money: pd.DataFrame | None = None
) -> ChartSpec:
    """Each segment's revenue in a small panel of its own, its parts drawn inside it (dashed, in lighter shades).

    One panel per segment keeps a RMB 5 bn segment readable beside a RMB 140 bn one, and a part is
    shown inside its segment, never as a peer of it. Panels share the quarters; each has its own scale.
    """
    slug, title = "segment-revenue", "Segment revenue by quarter"
    money = money_of(obs, opts, money)
    panels, blank = _panels(money, structures, opts)
    frames = [f for p in panels for _, f in p.series]
    if not panels:
        tried = [f for m in mix_segments(structures) if not (f := quarterly_series(money, m, opts)).empty]
        stated = pd.concat(tried, ignore_index=True) if tried else pd.DataFrame()
        empty = nothing_to_draw(slug, title, stated, "segment revenue", opts.currency)
        return empty or empty_result(slug, title, "No segment revenue stated by any source")
    allf = pd.concat(frames, ignore_index=True)
    quarters = _quarters_frame(list(allf["period"]), opts)
    names, store_colors = short_names(obs), _store_colors(obs)

    n = len(panels)
    cols = min(PANEL_COLUMNS, n)
    rows = -(-n // cols)
    specs = [[({} if r * cols + c < n else None) for c in range(cols)] for r in range(rows)]
    titles = ["<br>".join(textwrap.wrap(p.title, PANEL_TITLE_CHARS)) for p in panels]
    fig = new_subplots(
        rows=rows, cols=cols, specs=specs, subplot_titles=titles,
        horizontal_spacing=0.07, vertical_spacing=min(0.14, 0.5 / rows),
    )  # fmt: skip

    wanted: list[str | None] = []
    for p in panels:
        parent = store_colors.get(p.segment)
        for k, (m, _) in enumerate(p.series):
            own = store_colors.get(m)
            if k and own is None and parent is not None:
                own = tint(parent, PART_TINTS[(k - 1) % len(PART_TINTS)])
            wanted.append(own)
    colors = iter(distinct_colors(wanted))

    unit = unit_label(allf["unit"].dropna().iloc[0])
    has_parts = False
    breaks, cut = declared_breaks(structures), False
    for i, p in enumerate(panels):
        row, col = i // cols + 1, i % cols + 1
        for k, (m, f) in enumerate(p.series):
            line = split_at_breaks(f, breaks_of(breaks, [m]))  # a series on a new perimeter is never joined to its past
            cut |= len(line) > len(f)
            f = line
            part = k > 0
            has_parts |= part
            fig.add_trace(
                trace("scatter",
                    x=quarter_x(f), y=f["value"], name=names.get(m, m), mode="lines+markers", connectgaps=False,
                    line=dict(color=next(colors), width=1.6 if part else 2.2,
                              dash=PART_DASHES[(k - 1) % len(PART_DASHES)] if part else "solid"),
                    marker=dict(size=4 if part else 5, symbol=derived_symbols(f)), showlegend=part, legendgroup=m,
                    customdata=f[["label", "hover_source"]].to_numpy(),
                    hovertemplate=(f"<b>%{{customdata[0]}}</b><br>%{{y:,.1f}} {unit}<br>%{{customdata[1]}}"
                                   f"<extra>%{{fullData.name}}{' (in ' + p.title + ')' if part else ''}</extra>"),
                ),
                row=row, col=col,
            )  # fmt: skip

    marks = reorganisations(structures, list(quarters["period"]), opts)
    body = _styled_panels(plot_body(fig), n, cols, quarters, marks, opts)
    notes = [
        "Each panel on its own scale, from zero",
        *(["Dashed: parts reported inside their segment"] if has_parts else []),
        *(["Dotted lines: " + "; ".join(m.text for m in marks)] if marks else []),
        *(["A line stops where its series changes perimeter, never joined across"] if cut else []),
        *([f"No value to draw for {', '.join(blank)}"] if blank else []),
        "Gaps: quarters not stated by any source",
        *opts.currency_notes,
    ]
    plot_height = rows * PANEL_HEIGHT
    body["layout"].update(
        showlegend=has_parts,
        # the parts' key sits between the subtitle and the first row of panel titles, clear of both
        legend=dict(orientation="h", x=0, xanchor="left", y=1 + 28 / plot_height, yanchor="bottom", font=dict(size=11),
                    title=dict(text="Inside their segment:", font=dict(size=11, color=MUTED))),
    )  # fmt: skip
    return finish(
        body, slug, period_span(allf), chart_data(allf), title, citations(allf), subtitle=f"Revenue ({unit})", notes=notes,
        plot_height=plot_height, top_extra=LEGEND_ROOM if has_parts else 0,
    )  # fmt: skip


def _styled_panels(
    body: dict[str, Any], n: int, cols: int, quarters: pd.DataFrame, marks: list[Reorganisation], opts: ViewOptions
) -> dict[str, Any]:
    """Shared quarters with ticks only under the lowest panel of each column, small left-aligned titles and a
    dotted line in every panel where a reorganisation begins: set on the plot's plain JSON body, as plotly's
    own updates would walk every axis of a dozen panels for each change."""
    layout = body["layout"]
    axis = quarter_axis(quarters, opts, max_ticks=4)
    axis_title = axis.pop("title", {}).get("text")
    shapes = list(layout.get("shapes", []))
    for i in range(n):
        suffix = "" if i == 0 else str(i + 1)
        lowest = i + cols >= n
        x = layout.setdefault(f"xaxis{suffix}", {})
        x.update(
            axis, showticklabels=lowest, tickfont={"size": 10}, title={"font": {"size": 11, "color": MUTED}},
            **({} if i == 0 else {"matches": "x"}),
        )  # fmt: skip
        if lowest and i % cols == 0:
            x["title"]["text"] = axis_title
        layout.setdefault(f"yaxis{suffix}", {}).update(rangemode="tozero", nticks=4, tickformat=",.0f", tickfont={"size": 10})
        shapes += [_divider(iso_date(m.start), f"x{suffix}", f"y{suffix} domain") for m in marks]
    layout["shapes"] = shapes
    for i, ann in enumerate(layout.get("annotations", [])[:n]):  # the subplot titles, in panel order
        suffix = "" if i == 0 else str(i + 1)
        ann.update(
            x=layout[f"xaxis{suffix}"]["domain"][0], xanchor="left", align="left", font={"size": 12, "color": INK},
            name="panel-title",
        )  # fmt: skip
    return body


# --- revenue mix: shares of the segments' combined revenue ----------------------------------------------------

NOT_COMPLETE = "not every segment stated"
SHARE_TICKS = (0, 25, 50, 75, 100)
NO_TOTAL = "group revenue not stated"


def mix_table(obs: pd.DataFrame, structures: pd.DataFrame, opts: ViewOptions) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quarters a mix can honestly be drawn for, and the others.

    A quarter is drawn when every segment of its reporting structure and the structure's total are
    stated; each segment's share is of the segments' combined revenue (before inter-segment
    eliminations, so the shares add up to 100), with its share of group revenue beside it. Shares
    do not depend on the currency: they are worked out from the RMB figures. Returns (drawn rows,
    one per segment and quarter plus the total's row; gap rows, one per quarter left out, saying why).
    """
    rmb = dataclasses.replace(opts, currency="RMB")
    segments = mix_segments(structures)
    totals = totals_of(structures)
    # the observations as stated: RMB
    series = {m: f for m in [*segments, *sorted(totals)] if not (f := quarterly_series(obs, m, rmb)).empty}
    stated = {m: f[f["value"].notna()].set_index("period") for m, f in series.items()}
    structure_at = structures_of(structures, dict.fromkeys(p for m in segments if m in stated for p in stated[m].index))
    covered = [p for p, structure in structure_at.items() if structure is not None]
    quarters = _quarters_frame(covered, opts)
    structure_at = structures_of(structures, quarters["period"])
    # the rows drawn, as (metric, its row in stated[metric], order, share, share of group), gathered first and
    # taken from each metric's frame in one selection: a selection per segment and quarter cost most of the page
    picks: list[tuple[str, int, int, float, float]] = []
    gaps = []
    for q in quarters.itertuples(index=False):
        structure = structure_at[q.period]
        if structure is None:
            gaps.append({**q._asdict(), "not_drawn": "no reporting structure in the store for this quarter"})
            continue
        expected = list(structure["segments"])
        here = [m for m in expected if m in stated and q.period in stated[m].index]
        total = stated.get(structure["total"])
        if len(here) < len(expected):
            gaps.append({**q._asdict(), "not_drawn": f"{NOT_COMPLETE} ({len(here)} of {len(expected)})"})
            continue
        if total is None or q.period not in total.index:
            gaps.append({**q._asdict(), "not_drawn": NO_TOTAL})
            continue
        at = {m: _first_row(stated[m], q.period) for m in expected}
        values = {m: float(stated[m]["value"].iloc[at[m]]) for m in expected}
        combined = sum(values.values())
        group = float(total["value"].iloc[_first_row(total, q.period)])
        for m in expected:
            picks.append((m, at[m], len(picks), 100 * values[m] / combined, 100 * values[m] / group))
        picks.append((structure["total"], _first_row(total, q.period), len(picks), math.nan, math.nan))
    return _picked_rows(stated, picks), pd.DataFrame(gaps)


def _first_row(frame: pd.DataFrame, period: str) -> int:
    """The position of a period's first row in a frame indexed by period."""
    return int(np.flatnonzero(frame.index == period)[0])


def _picked_rows(stated: dict[str, pd.DataFrame], picks: list[tuple[str, int, int, float, float]]) -> pd.DataFrame:
    """The rows drawn, in the order they were picked: segments with their shares, each quarter's total after them."""
    if not picks:
        return pd.DataFrame()
    parts = []
    for is_total in (False, True):  # the segments' rows first, so their share columns come first, as drawn
        for m in dict.fromkeys(p[0] for p in picks if math.isnan(p[3]) == is_total):
            mine = [p for p in picks if p[0] == m and math.isnan(p[3]) == is_total]
            part = stated[m].iloc[[p[1] for p in mine]].reset_index().assign(metric=m, _order=[p[2] for p in mine])
            if not is_total:
                part = part.assign(share_pct=[p[3] for p in mine], pct_of_group_revenue=[p[4] for p in mine])
            parts.append(part)
    rows = pd.concat(parts, ignore_index=True).sort_values("_order", kind="stable")
    return rows.drop(columns="_order").reset_index(drop=True)


def revenue_mix_figure(obs: pd.DataFrame, structures: pd.DataFrame, opts: ViewOptions) -> ChartSpec:
    """Each segment's share of the segments' combined revenue, 100% stacked, for the quarters where every
    segment of the reporting structure is stated; the other quarters are labelled gaps, and a dotted
    line marks where each reorganisation begins."""
    slug, title = "revenue-mix", "Revenue mix by segment"
    drawn, gaps = mix_table(obs, structures, opts)
    if drawn.empty and gaps.empty:
        return empty_result(slug, title, "No segment revenue stated by any source")
    totals = totals_of(structures)
    shares = drawn[~drawn["metric"].isin(totals)] if not drawn.empty else drawn
    codes = [*(list(drawn["period"]) if not drawn.empty else []), *(list(gaps["period"]) if not gaps.empty else [])]
    quarters = _quarters_frame(codes, opts)
    names = short_names(obs)
    order = [m for m in mix_segments(structures) if not shares.empty and m in set(shares["metric"])]
    colors = dict(zip(order, distinct_colors(_store_colors(obs).get(m) for m in order), strict=True))
    unit = unit_label("RMB_bn")
    fig = new_figure()
    for m in order:
        f = shares[shares["metric"] == m].sort_values("period_end")
        f = f.assign(label=f[opts.label_column])
        fig.add_trace(
            trace("bar",
                x=quarter_x(f), y=f["share_pct"], width=BAR_WIDTH_MS, name=names.get(m, m),
                marker=dict(color=colors[m], line=dict(color="white", width=0.5), pattern=derived_pattern(f)),
                text=[f"{s:.0f}%" if s >= 4 else "" for s in f["share_pct"]], textposition="inside",
                insidetextanchor="middle", textfont=dict(size=10),
                customdata=list(zip(f["label"], f["value"], f["pct_of_group_revenue"], f["publisher"], strict=True)),
                hovertemplate=(f"<b>%{{customdata[0]}}</b><br>%{{y:.1f}}% of segment revenue<br>%{{customdata[1]:,.1f}} {unit}, "
                               "%{customdata[2]:.1f}% of group revenue<br>%{customdata[3]}<extra>%{fullData.name}</extra>"),
            )
        )  # fmt: skip
    fig.update_layout(barmode="stack")
    _add_mix_gaps(fig, gaps, opts)
    label_quarter_axis(fig, quarters, opts)
    marks = reorganisations(structures, list(quarters["period"]), opts)
    top = _add_mix_dividers(fig, marks, quarters)
    fig.update_yaxes(
        range=[0, top], tickmode="array", tickvals=SHARE_TICKS, ticktext=[f"{v}%" for v in SHARE_TICKS],
        title_text="Share of segment revenue (%)",
    )  # fmt: skip
    notes = [
        "Shares of the segments' combined revenue before inter-segment eliminations (so above group revenue)",
        f"Only quarters with every segment and group revenue stated are drawn; the others say '{NOT_COMPLETE}'",
        *(["Shares are worked out from the RMB figures and are the same in US$"] if opts.currency == "USD" else []),
    ]
    cited = citations(drawn) if not drawn.empty else drawn
    fig.update_layout(legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top", traceorder="reversed"))
    return finish(fig, slug, period_span(quarters), _mix_data(drawn, gaps), title, cited, notes=notes)


def _add_mix_gaps(fig: go.Figure, gaps: pd.DataFrame, opts: ViewOptions) -> None:
    """Each quarter left out marked at its foot and labelled upright with why, its hover saying how many segments
    are stated: an empty slot reads as a gap, not as a quarter of no revenue."""
    if gaps.empty:
        return
    words = [NOT_COMPLETE if str(w).startswith(NOT_COMPLETE) else str(w) for w in gaps["not_drawn"]]
    why = [f"Not drawn: {w}" for w in gaps["not_drawn"]]
    mark_gaps(fig, list(quarter_x(gaps)), list(gaps[opts.label_column]), why, words)


LABEL_CHARS = 34  # a reorganisation's label wraps at this many characters, so it fits a phone's plot
LINE_SHARE = 0.05  # about the share of a plot's height one line of label text takes


def _add_mix_dividers(fig: go.Figure, marks: list[Reorganisation], quarters: pd.DataFrame) -> float:
    """A dotted line where each reorganisation begins, labelled in a band above the 100% line; each label has
    rows of its own, so a long structure name never runs over the next. Returns the y-axis top that holds
    the band (100 without reorganisations).

    The band is inside the plot, not in the margin above it: the app drops the margin's title and
    footnote and keeps only the plot.
    """
    if not marks:
        return 100.0
    first, last = quarters["period_start"].min(), quarters["period_end"].max()
    lines = [_divider(m.start, "x", "y domain") for m in marks]
    texts = ["<br>".join(textwrap.wrap(m.text, LABEL_CHARS)) for m in marks]
    counts = [t.count("<br>") + 1 for t in texts]
    labels = []
    for i, (m, text) in enumerate(zip(marks, texts, strict=True)):
        right = (m.start - first) / (last - first) > 0.6 if last > first else False
        labels.append(
            dict(
                x=m.start, y=100, xref="x", yref="y", yanchor="bottom", yshift=2 + 14 * sum(counts[i + 1 :]),
                xanchor="right" if right else "left", xshift=-3 if right else 3, align="right" if right else "left",
                text=text, showarrow=False, font=dict(size=10, color=INK), name="reorganisation",
            )
        )  # fmt: skip
    fig.layout.shapes = (*fig.layout.shapes, *lines)
    fig.layout.annotations = (*fig.layout.annotations, *labels)
    return 100 / (1 - LINE_SHARE * sum(counts) - 0.02)


def _mix_data(drawn: pd.DataFrame, gaps: pd.DataFrame) -> pd.DataFrame:
    """The CSV: each drawn value with its share and its citation, then each quarter left out and why."""
    extra = ["share_pct", "pct_of_group_revenue", "not_drawn"]
    parts = []
    if not drawn.empty:
        parts.append(drawn.assign(missing=False, not_drawn=""))
    if not gaps.empty:
        parts.append(gaps.assign(missing=True))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.iloc[frame["period"].map(quarter_index).argsort(kind="stable")].reset_index(drop=True)
    out = chart_data(frame, extra)
    out["missing"] = frame["missing"].astype(bool).to_numpy()
    return out
