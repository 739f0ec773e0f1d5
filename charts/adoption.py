"""AI adoption and market share: counts from several sources, shown side by side, never merged.

Two rules shape these charts. A figure stated by several outlets (the same metric, period and basis,
rounding twins counted once: `loaders.authority`) is one bar, drawn from the source the authority
rule shows, with the other outlets named as "also reported by"; four identical bars would read as
four data points. Figures that disagree stay side by side, each with its own source. And a company
target (basis `target`) is not an achievement: it is left out of these charts, for the page's own
table of targets.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from charts.base import empty_result
from charts.figure import new_figure, new_subplots, trace
from charts.options import ViewOptions
from charts.series import HOVER_QUOTE_CHARS, period_span
from charts.spec import ChartSpec, finish
from charts.theme import FALLBACK_COLORS, GRID, MUTED, series_color, short_publisher
from loaders.authority import MACHINE_WRITTEN, decimals, grade_label
from loaders.product import CLOUD_BUSINESS
from loaders.units import format_value, unit_label
from loaders.vocab import BASES

TARGET_BASIS = "target"  # loaders.vocab.BASES: what a company says it aims for, not what it achieved
if TARGET_BASIS not in BASES:  # the vocabulary is the one list of bases: a rename must reach this module
    raise RuntimeError(f"loaders.vocab.BASES has no {TARGET_BASIS!r}")

DATA_COLUMNS = [
    "metric",
    "name",
    "period",
    "fiscal_label",
    "calendar_label",
    "value",
    "unit",
    "basis",
    "source",
    "publisher",
    "grade_label",
    "url",
    "link_to_quote",
    "quote",
    "note",
    "outlets",
    "also_reported_by",
]
FIGURE_KEYS = ["metric", "period", "basis", "figure"]
MACHINE_PATTERN = "/"  # hatching: a bar whose value comes from a machine-written source
MACHINE_NOTE = "Hatched bars: machine-written sources"
AXIS_PUBLISHER_CHARS = 18  # a publisher's name under a bar: short enough not to run into the next bar's
PANEL_PUBLISHER_CHARS = 18  # beside a horizontal bar: a phone has room for a label this long and the bar


def achieved(obs: pd.DataFrame) -> pd.DataFrame:
    """The values that say what happened: every basis but a company target."""
    return obs if obs.empty or "basis" not in obs else obs[obs["basis"] != TARGET_BASIS]


def targets(obs: pd.DataFrame) -> pd.DataFrame:
    """The company's targets (basis `target`): what it aims for, shown apart from what it achieved."""
    return obs.iloc[0:0] if obs.empty or "basis" not in obs else obs[obs["basis"] == TARGET_BASIS]


def _with_defaults(obs: pd.DataFrame) -> pd.DataFrame:
    """The columns the figure rule reads, filled where a partial frame lacks them: no figure number means
    each value is its own figure (nothing is merged that the rule has not merged)."""
    rows = obs.copy()
    defaults: dict[str, object] = {
        "basis": "reported",
        "preferred": False,
        "grade": 3,
        "line": 0,
        "published": pd.NaT,
        "also_stated_by": "",
        "quote": "",
        "source_title": "",
        "note": "",
        "url": "",
    }
    for column, value in defaults.items():
        if column not in rows:
            rows[column] = value
    if "figure" not in rows:
        rows["figure"] = range(len(rows))
    if "grade_label" not in rows:
        rows["grade_label"] = [grade_label(g) for g in rows["grade"].fillna(3)]
    return rows


def stated_figures(obs: pd.DataFrame) -> pd.DataFrame:
    """One row per figure: for each metric, period and basis, each distinct figure once (rounding twins are one).

    The row is the value the store's authority rule shows (its preferred value), or, for a figure that
    disagrees with it, that figure's most exact value from its best-graded source. `outlets` counts the
    sources that state the figure and `also_reported_by` names the others, best grade first, as the
    frames' `also_stated_by` does.
    """
    if obs.empty:
        return obs.assign(outlets=pd.Series(dtype=int), also_reported_by=pd.Series(dtype=str))
    rows = _with_defaults(obs)
    grade = rows["grade"].fillna(9).astype(int)
    rows = rows.assign(
        _preferred=~rows["preferred"].fillna(False).astype(bool),
        _machine=grade >= MACHINE_WRITTEN,
        _decimals=[-decimals(v) for v in rows["value"]],
        _grade=grade,
        _published=pd.to_datetime(rows["published"]).fillna(pd.Timestamp.min),
    )
    rows = rows.sort_values(
        ["_preferred", "_machine", "_decimals", "_grade", "_published", "line"],
        ascending=[True, True, True, True, False, True],
        kind="stable",
    )
    grouped = rows.groupby(FIGURE_KEYS, sort=False, dropna=False)
    shown = grouped.head(1).copy()
    shown["outlets"] = grouped["value"].transform("size").loc[shown.index]
    by_citation = rows.sort_values(["_grade", "_published", "line"], ascending=[True, False, True], kind="stable")
    # each figure's sources in citation order, found by its key once (a key with a gap matches nothing)
    by_figure: dict[tuple[object, ...], list[tuple[object, str]]] = {}
    cited = zip(by_citation.index, by_citation[FIGURE_KEYS].itertuples(index=False, name=None),
                by_citation["publisher"], by_citation["grade_label"], strict=True)  # fmt: skip
    for index, key, publisher, grade in cited:
        if all(k == k for k in key):
            by_figure.setdefault(key, []).append((index, f"{publisher} ({grade})"))
    others: dict[int, str] = {}
    keys = shown[FIGURE_KEYS].itertuples(index=False, name=None)
    for index, key, stated in zip(shown.index, keys, shown["also_stated_by"], strict=True):
        if isinstance(stated, str) and stated:
            others[index] = stated
            continue
        others[index] = "; ".join(text for other, text in by_figure.get(key, []) if other != index)
    shown["also_reported_by"] = pd.Series(others)
    for column in ("quote", "note", "url", "source_title"):
        shown[column] = [v if isinstance(v, str) else "" for v in shown[column]]
    order = ["metric", "period_end", "period_start", "basis", "figure"]
    shown = shown.sort_values([c for c in order if c in shown], kind="stable")
    return shown.drop(columns=[c for c in shown.columns if c.startswith("_")])


def as_stated(value: float, unit: str) -> str:
    """A count or share written as precisely as its source states it (3.06 mn, 10 mn, 38.1%, 33%),
    where the house format would turn 10 million into "10.0 mn" and 3.06 million into "3.1 mn"."""
    if value != value:  # NaN
        return "–"
    places = min(decimals(value), 2)
    if unit == "pct":
        return f"{value:,.{places}f}%"
    if unit == "count_mn":
        return f"{value:,.{places}f} mn"
    if unit == "count":
        return f"{value:,.{places}f}"
    return format_value(value, unit)


def _hover_text(text: str, limit: int = HOVER_QUOTE_CHARS, width: int = 60) -> str:
    """Store text for a hover label: escaped (a hover is HTML-like), cut at `limit`, in lines of about `width`."""
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    lines, line = [], ""
    for word in text.split(" "):
        while len(word) > width:  # Chinese has no spaces: break long runs
            room = width - len(line) - (1 if line else 0)
            if room <= 0:
                lines.append(line)
                line, room = "", width
            line = f"{line} {word[:room]}".strip()
            word = word[room:]
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(html.escape(part, quote=False) for part in lines if part)


def _esc(text: object) -> str:
    """Store text for a label plotly draws: "<" and "&" shown as written, never read as markup."""
    return html.escape(str(text), quote=False)


def _also_words(publishers: str, n: int = 4) -> str:
    """'Asia Daily, TechIcons and LiveIndex': the other outlets by short name, for a footnote."""
    names = [short_publisher(p.rsplit(" (", 1)[0], 28) for p in publishers.split("; ") if p]
    if len(names) > n:
        names = [*names[:n], f"{len(names) - n} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _hover(row: pd.Series, value_text: str, label: str) -> str:
    """What a bar's hover says: date, value, source with its grade, the quote, and the other outlets."""
    basis = str(row.get("basis") or "reported")
    parts = [
        f"<b>{html.escape(label, quote=False)}</b>",
        value_text + (f" ({BASES.get(basis, basis)})" if basis != "reported" else ""),
        _hover_text(f"{row['publisher']} ({row['grade_label']}), {row['source_title']}", 200),
    ]
    if row["quote"]:
        parts.append(_hover_text(f"“{row['quote']}”"))
    if row["also_reported_by"]:
        parts.append(_hover_text(f"Also reported by: {row['also_reported_by']}", 240))
    return "<br>".join(parts)


def _hovers(rows: pd.DataFrame, values: list[str], with_name: bool = False) -> list[str]:
    return [
        _hover(row, v, f"{row['name']}, {row['label']}" if with_name else str(row["label"]))
        for (_, row), v in zip(rows.iterrows(), values, strict=True)
    ]


def _unique(labels: list[str]) -> list[str]:
    """Category labels made unique (two figures of one source and date would share a bar otherwise)."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def _marker(rows: pd.DataFrame, color: str) -> dict[str, object]:
    """The bars' colour, hatched where the value comes from a machine-written source."""
    shapes = [MACHINE_PATTERN if int(g) >= MACHINE_WRITTEN else "" for g in rows["grade"].fillna(3)]
    return dict(color=color, pattern=dict(shape=shapes, fgcolor="white", fillmode="overlay", size=8, solidity=0.3))


def _also_notes(rows: pd.DataFrame, with_name: bool = False) -> list[str]:
    notes = []
    for r in rows[rows["also_reported_by"] != ""].itertuples():
        what = f"{r.short_name}, {r.label}" if with_name else r.label
        notes.append(f"{what}: {as_stated(r.value, r.unit)} also reported by {_also_words(r.also_reported_by)}")
    return notes


def _data(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[[c for c in DATA_COLUMNS if c in rows]].reset_index(drop=True)


def axis_words(unit: str) -> str:
    """The value axis's title: the unit in words ("Millions"); the chart's title already names the figure,
    and a long name turned on its side ran past the plot of a chart this short."""
    words = unit_label(unit)
    return words[:1].upper() + words[1:]


def _title_of(obs: pd.DataFrame, metric: str) -> str:
    named = obs.loc[obs["metric"] == metric, "name"] if not obs.empty and "name" in obs else pd.Series(dtype=str)
    return str(named.iloc[0]) if not named.empty else metric.replace("_", " ").capitalize()


def adoption_metric_figure(obs: pd.DataFrame, metric: str, opts: ViewOptions) -> ChartSpec:
    """Every stated figure of one adoption count, by date and source; disagreeing sources stand side by side,
    and a figure several outlets state is one bar from the best-graded of them."""
    slug = metric.replace("_", "-")
    own = obs[obs["metric"] == metric] if not obs.empty else obs
    rows = stated_figures(achieved(own))
    if rows.empty:
        only_targets = not own.empty and not targets(own).empty
        why = "Only a company target is stated for this figure (see Company targets)" if only_targets else None
        return empty_result(slug, _title_of(obs, metric), why or "No values stated by any source")
    rows = rows.sort_values(["period_end", "period_start", "publisher"], kind="stable")
    rows["label"] = rows[opts.label_column]
    rows["x"] = _unique(
        [
            f"{lab}<br>{_esc(short_publisher(pub, AXIS_PUBLISHER_CHARS))}"
            for lab, pub in zip(rows["label"], rows["publisher"], strict=True)
        ]
    )
    name, unit = str(rows["name"].iloc[0]), str(rows["unit"].iloc[0])
    fig = new_figure()
    for i, pub in enumerate(dict.fromkeys(rows["publisher"])):
        r = rows[rows["publisher"] == pub]
        values = [as_stated(v, unit) for v in r["value"]]
        fig.add_trace(
            trace("bar",
                x=r["x"], y=r["value"], name=pub,
                marker=_marker(r, FALLBACK_COLORS[i % len(FALLBACK_COLORS)]),
                text=[v if n < 2 else f"{v}<br>{n} outlets" for v, n in zip(values, r["outlets"], strict=True)],
                textposition="outside", cliponaxis=False,
                hovertext=_hovers(r, values),
                hoverinfo="text",
            )
        )  # fmt: skip
    fig.update_yaxes(rangemode="tozero")
    # short two-line labels, never rotated: rotated ones ran into the footnote in a narrow column
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(rows["x"]), tickangle=0)
    distinct = rows.groupby("period")["figure"].nunique()
    notes = ["Sources disagree for the same date: each value is shown with its own source"] if (distinct > 1).any() else []
    notes += _also_notes(rows)
    if (rows["grade"].fillna(3) >= MACHINE_WRITTEN).any():
        notes.append(MACHINE_NOTE)
    # each bar's label already names its source, so a legend would only repeat it
    fig.update_layout(showlegend=False)
    return finish(
        fig,
        slug,
        period_span(rows),
        _data(rows),
        name,
        _with_defaults(achieved(own)),
        axis_words(unit),
        x_title="As of (date or period) and source",
        notes=notes,
        height=440,
    )


MARKET_TITLE = f"{CLOUD_BUSINESS}'s market share, one panel per market"
MARKET_SUBTITLE = "Each panel is a different market: shares of different markets are not comparable"
BAR_PX = 30  # each bar's row in a panel
PANEL_PX = 30  # a panel's own room, for one bar's worth of padding
GAP_PX = 56  # between panels: the next panel's title


def market_share_figure(obs: pd.DataFrame, opts: ViewOptions, order: Sequence[str] | None = None) -> ChartSpec:
    """Each market-share figure in the panel of the market it speaks of (China AI cloud, China cloud, global
    cloud...), with its source and date; within a panel, sources that disagree stand side by side. Nothing
    is averaged, and no axis runs across two market definitions. `order` is the store's order of the markets."""
    market = obs[obs["category"] == "market"] if not obs.empty else obs
    rows = stated_figures(achieved(market))
    if rows.empty:
        return empty_result("market-share", MARKET_TITLE, "No market share stated by any source")
    rows = rows.sort_values(["period_end", "period_start", "publisher"], kind="stable")
    rows["label"] = rows[opts.label_column]
    if "short_name" not in rows:
        rows["short_name"] = rows["name"]
    rows["short_name"] = rows["short_name"].fillna(rows["name"])
    present = list(dict.fromkeys(rows["metric"]))
    markets = [m for m in (order or []) if m in present] + [m for m in present if m not in (order or [])]
    counts = [int((rows["metric"] == m).sum()) for m in markets]
    heights = [PANEL_PX + BAR_PX * n for n in counts]
    plot_px = sum(heights) + GAP_PX * (len(markets) - 1)
    titles = [_esc(rows.loc[rows["metric"] == m, "short_name"].iloc[0]) for m in markets]
    fig = new_subplots(
        rows=len(markets), cols=1, shared_xaxes=True, row_heights=heights, subplot_titles=titles,
        vertical_spacing=GAP_PX / plot_px if len(markets) > 1 else 0,
    )  # fmt: skip
    for i, metric in enumerate(markets, start=1):
        r = rows[rows["metric"] == metric]
        values = [as_stated(v, "pct") for v in r["value"]]
        labels = _unique(
            [
                f"{lab} · {_esc(short_publisher(pub, PANEL_PUBLISHER_CHARS))}"
                for lab, pub in zip(r["label"], r["publisher"], strict=True)
            ]
        )
        fig.add_trace(
            trace("bar",
                x=r["value"], y=labels, orientation="h", name=str(r["name"].iloc[0]),
                marker=_marker(r, series_color(r, i - 1)),
                text=values, textposition="outside", cliponaxis=False,
                hovertext=_hovers(r, values, with_name=True),
                hoverinfo="text",
            ),
            row=i, col=1,
        )  # fmt: skip
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed", row=i, col=1)
    top = float(rows["value"].max())
    fig.update_xaxes(
        range=[0, max(top * 1.25, 1.0)], ticksuffix="%", showgrid=True, gridcolor=GRID, zeroline=True, zerolinecolor=MUTED
    )
    fig.update_yaxes(showgrid=False, ticks="", tickfont=dict(size=12))
    for ann in fig.layout.annotations:  # the panel titles: left-aligned, as the chart's own title is
        ann.update(x=0, xanchor="left", font=dict(size=13, color="#1f2933"))
    notes = ["Shares of different markets, by different research firms and dates: shown side by side, not reconciled"]
    notes += _also_notes(rows, with_name=True)
    if (rows["grade"].fillna(3) >= MACHINE_WRITTEN).any():
        notes.append(MACHINE_NOTE)
    fig.update_xaxes(title_text="Share of that market (%)", row=len(markets), col=1)
    fig.update_layout(showlegend=False)
    return finish(
        fig, "market-share", period_span(rows), _data(rows), MARKET_TITLE, _with_defaults(achieved(market)),
        subtitle=MARKET_SUBTITLE, notes=notes, plot_height=plot_px + 40, side_margins=(20, 40),
    )  # fmt: skip
