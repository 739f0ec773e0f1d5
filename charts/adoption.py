"""AI adoption and market share: counts from several sources, shown side by side, never merged.

Two rules shape these charts. A figure stated by several outlets (the same metric, period and basis,
rounding twins counted once: `loaders.authority`) is one bar, drawn from the source the authority
rule shows, with the other outlets named as "also reported by"; four identical bars would read as
four data points. Figures that disagree stay side by side, each with its own source. And a company
target (basis `target`) is not an achievement: it is left out of these charts, for the page's own
table of targets.

Counts from different sources are not comparable with each other (one counts Hugging Face downloads,
another every platform; one says "over", another a rounded figure), so a count is drawn as one line per
publisher over the dates it states them, never as bars by date that seem to rise and fall. A label names
the publisher, or for a market share the research firm the source names; never a web host, which says
where a text was read, not who counted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from charts.base import empty_result
from charts.figure import new_subplots, trace
from charts.options import ViewOptions
from charts.series import HOVER_QUOTE_CHARS, period_span
from charts.spec import ChartSpec, finish, plot_body
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
    "series",
    "stated_on",
]
FIGURE_KEYS = ["metric", "period", "basis", "figure"]
MACHINE_PATTERN = "/"  # hatching: a bar whose value comes from a machine-written source
MACHINE_NOTE = "Hatched bars: machine-written sources"
PANEL_PUBLISHER_CHARS = 18  # beside a horizontal bar: a phone has room for a label this long and the bar
UNNAMED_SITE = "Unnamed site"  # a publisher the store knows only by its web address
FIRM_NOT_NAMED = "research firm not named"
# research firms whose market shares the press cites; a name is found as a word of its own (IDC, not "idc" in a
# host or "IDCs" in a sentence), in Latin or Chinese text alike
RESEARCH_FIRMS = ("Omdia", "Canalys", "IDC", "Gartner", "Synergy Research", "Counterpoint", "Frost & Sullivan")
_FIRM_PATTERNS = tuple((firm, re.compile(rf"(?<![A-Za-z0-9]){re.escape(firm)}(?![A-Za-z0-9])")) for firm in RESEARCH_FIRMS)
_HOST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)  # "66260.cn", "gowebing.com"


def publisher_name(publisher: object) -> str | None:
    """A publisher as readers know it, without its parenthesised detail ("TechIcons (techicons.com)" is
    TechIcons); None where the store knows it only by its web address, which names a host, not a publisher."""
    head = str(publisher or "").split(" (")[0].split(";")[0].strip()
    return None if not head or _HOST.match(head) else head


def _firm_in(text: object) -> str | None:
    """The research firm named first in `text`, if any."""
    if not isinstance(text, str):
        return None
    found = [(m.start(), firm) for firm, pattern in _FIRM_PATTERNS if (m := pattern.search(text))]
    return min(found)[1] if found else None


def research_firm(row: Mapping[str, Any]) -> str | None:
    """The research firm whose figure a market share is, where the store names it: in the quote ("根据IDC数据"),
    in the document's title or publisher ("... (Omdia report coverage)"), or at the head of the value's note, as
    the store's notes write it ("Omdia, mainland China cloud infrastructure services, ..."). A note that only
    mentions a firm further on ("does not name the research firm (consistent with Omdia's series)") names none."""
    for text in (row.get("quote"), row.get("source_title"), row.get("publisher")):
        if firm := _firm_in(text):
            return firm
    note = row.get("note")
    lead = re.split(r"[,;:(]", note, maxsplit=1)[0] if isinstance(note, str) else ""
    return _firm_in(lead)


def series_names(publishers: Sequence[object]) -> list[str]:
    """Each row's line label: its publisher's name, or "Unnamed site" for one known only by its web address
    (numbered where a chart has several, so two sites never share a line)."""
    unnamed = [p for p in dict.fromkeys(str(p) for p in publishers) if publisher_name(p) is None]
    numbered = {p: UNNAMED_SITE if len(unnamed) == 1 else f"{UNNAMED_SITE} {i}" for i, p in enumerate(unnamed, start=1)}
    return [publisher_name(p) or numbered[str(p)] for p in publishers]


def _grade_words(row: Mapping[str, Any]) -> str:
    return str(row.get("grade_label") or grade_label(int(row.get("grade") or 3)))


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


def _outlet_names(publishers: str) -> list[str]:
    """The outlets of an "also reported by" list ("Asia Daily (asiadaily.org) (other site); ..."), each by its
    publisher's name, a site known only by its address as an unnamed site."""
    return [publisher_name(p.rsplit(" (", 1)[0]) or UNNAMED_SITE.lower() for p in publishers.split("; ") if p]


def _also_words(publishers: str, n: int = 4) -> str:
    """'Asia Daily, TechIcons and LiveIndex': the other outlets by short name, for a footnote."""
    names = [short_publisher(name, 28) for name in _outlet_names(publishers)]
    if len(names) > n:
        names = [*names[:n], f"{len(names) - n} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _also_grades(publishers: str) -> str:
    """The other outlets for a hover, each with its grade: "Asia Daily (other site); an unnamed site (other site)"."""
    grades = [p.rsplit(" (", 1)[1].rstrip(")") if " (" in p else "" for p in publishers.split("; ") if p]
    names = _outlet_names(publishers)
    return "; ".join(f"{n} ({g})" if g else n for n, g in zip(names, grades, strict=True))


HOVER_COLUMNS = ("basis", "quote", "also_reported_by", "grade", "grade_label")  # what `_hover` reads of a row
FIRM_COLUMNS = ("quote", "source_title", "publisher", "note")  # what `research_firm` and `market_label` read


def _records(rows: pd.DataFrame, *columns: str) -> list[dict[str, Any]]:
    """The rows as plain dicts of these columns only (those the frame has): a row of every column costs
    more to make than a chart's whole hover text."""
    return rows[[c for c in dict.fromkeys(columns) if c in rows]].to_dict("records")


def _hover(row: Mapping[str, Any], value_text: str, label: str, who: str) -> str:
    """What a point's or bar's hover says: what and when, the value, who states it with its grade, the quote,
    and the other outlets; publishers by name, never by a web host."""
    basis = str(row.get("basis") or "reported")
    parts = [
        f"<b>{html.escape(label, quote=False)}</b>",
        value_text + (f" ({BASES.get(basis, basis)})" if basis != "reported" else ""),
        _hover_text(who, 200),
    ]
    if row["quote"]:
        parts.append(_hover_text(f"“{row['quote']}”"))
    if row["also_reported_by"]:
        parts.append(_hover_text(f"Also reported by: {_also_grades(row['also_reported_by'])}", 240))
    return "<br>".join(parts)


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
    columns = ["short_name" if with_name else "label", "label", "value", "unit", "also_reported_by"]
    for short_name, label, value, unit, also in rows[columns].itertuples(index=False, name=None):
        if also != "":
            what = f"{short_name}, {label}" if with_name else label
            notes.append(f"{what}: {as_stated(value, unit)} also reported by {_also_words(also)}")
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


LINE_SUBTITLE = "One line per source, with a point at each date it states a figure"
NOT_COMPARABLE_NOTE = (
    "Figures from different sources are not comparable with each other: each counts in its own way "
    "(platforms, scope, rounding), so a rise or fall between two sources' points is not a change"
)
PLACED_NOTE = "Each point is at the date its figure is stated as of, or at its source's publication date where that is earlier"
OPEN_MARKER_NOTE = "Open markers: machine-written sources"
DATE_PAD_DAYS = 10  # the time axis runs at least this far beyond the first and last point
LEGEND_ROW_PX = 24  # the image's legend, above the plot: one row's height
LEGEND_ROW_CHARS = 110  # and about how many characters of entries fit in a row of the image's width


def statement_dates(rows: pd.DataFrame) -> pd.Series:
    """The date each figure is stated as of: its period's end, or its source's publication date where that
    is earlier (a source cannot count beyond the day it is published: "November 2025" in an article of
    25 November is a count of 25 November at the latest)."""
    end = pd.to_datetime(rows["period_end"]).dt.normalize()
    published = pd.to_datetime(rows["published"]) if "published" in rows else pd.Series(pd.NaT, index=rows.index)
    published = published.dt.normalize()
    return end.where(published.isna() | (end <= published), published)


def date_range(dates: pd.Series) -> list[str]:
    """The time axis's range: the dates drawn with room either side, at least DATE_PAD_DAYS (plotly's own range
    for points of one day runs over a millisecond, its ticks reading 23:59:59.999)."""
    first, last = dates.min(), dates.max()
    pad = max(pd.Timedelta(days=DATE_PAD_DAYS), (last - first) * 0.05)
    return [f"{first - pad:%Y-%m-%d}", f"{last + pad:%Y-%m-%d}"]


def _legend_room(names: Sequence[str]) -> int:
    """Pixels above the plot for the image's legend of these entries (about 5 characters' room per symbol)."""
    chars = sum(len(n) + 5 for n in names)
    return LEGEND_ROW_PX * (1 + chars // LEGEND_ROW_CHARS)


def _line_hovers(rows: pd.DataFrame, unit: str) -> list[str]:
    hovers = []
    for row in _records(rows, "published", "value", "label", "series", *HOVER_COLUMNS):
        published = pd.Timestamp(row["published"]) if pd.notna(row.get("published")) else None
        when = f"Published {published:%-d %b %Y}, " if published is not None else ""
        value = f"{as_stated(float(row['value']), unit)}, as of {row['label']}"
        hovers.append(_hover(row, value, str(row["series"]), when + _grade_words(row)))
    return hovers


def adoption_metric_figure(obs: pd.DataFrame, metric: str, opts: ViewOptions, figures: pd.DataFrame | None = None) -> ChartSpec:
    """Every stated figure of one adoption count, one line per publisher through the dates it states them.

    Sources count differently (one platform or all, "over" or rounded), so a line joins only one
    publisher's figures; points of different lines are never joined, and a figure several outlets state is
    one point, on the line of the outlet the authority rule shows, the others named in its hover.
    `figures`: `stated_figures` of the page's counts, where the page has worked them out already."""
    slug = metric.replace("_", "-")
    own = obs[obs["metric"] == metric] if not obs.empty else obs
    rows = stated_figures(achieved(own)) if figures is None else figures[figures["metric"] == metric].copy()
    if rows.empty:
        only_targets = not own.empty and not targets(own).empty
        why = "Only a company target is stated for this figure (see Company targets)" if only_targets else None
        return empty_result(slug, _title_of(obs, metric), why or "No values stated by any source")
    rows = rows.sort_values(["period_end", "period_start", "publisher"], kind="stable")
    rows["label"] = rows[opts.label_column]
    rows["series"] = series_names(list(rows["publisher"]))
    on = statement_dates(rows)
    rows["stated_on"] = on.dt.strftime("%Y-%m-%d").where(on.notna(), "")
    name, unit = str(rows["name"].iloc[0]), str(rows["unit"].iloc[0])
    in_time = rows.assign(_on=on).sort_values(["_on", "period_end", "period_start"], kind="stable")
    traces: list[dict[str, Any]] = []
    lines = list(dict.fromkeys(in_time["series"]))
    points: dict[str, list[tuple[str, float, str, float]]] = {series: [] for series in lines}  # each line's, in time
    texts = _line_hovers(in_time, unit)
    drawn = zip(in_time["series"], in_time["stated_on"], in_time["value"], texts, in_time["grade"].fillna(3), strict=True)
    for series, *point in drawn:
        points[series].append(tuple(point))  # type: ignore[arg-type]
    for i, series in enumerate(lines):
        color = FALLBACK_COLORS[i % len(FALLBACK_COLORS)]
        x: list[str | None] = []
        y: list[float | None] = []
        hovers: list[str] = []
        symbols: list[str] = []
        for day, value, hover, grade in points[series]:
            if x and x[-1] == day and y[-1] == float(value):  # one figure stated twice for one day: one point
                continue
            if x and x[-1] == day:  # two figures of one source for one date: two points, no line between them
                x, y, hovers, symbols = [*x, None], [*y, None], [*hovers, ""], [*symbols, "circle"]
            x, y, hovers = [*x, day], [*y, float(value)], [*hovers, hover]
            symbols.append("circle-open" if int(grade) >= MACHINE_WRITTEN else "circle")
        traces.append(
            trace("scatter",
                x=x, y=y, name=_esc(series), mode="lines+markers", connectgaps=False,
                line=dict(color=color, width=2),
                marker=dict(color=color, size=10, symbol=symbols, line=dict(color=color, width=2)),
                hovertext=hovers, hoverinfo="text",
            )
        )  # fmt: skip
    # the plot written as the plain JSON values it is (lists, strings, numbers): a plotly figure made of
    # them and written out again gives the same values, at the cost of the rest of the chart
    layout = dict(
        yaxis=dict(rangemode="tozero", tickformat=","),
        xaxis=dict(type="date", range=date_range(on)),
        showlegend=True,
        legend=dict(title=dict(text="Source")),
        hovermode="closest",
    )
    body = {"data": traces, "layout": layout}
    notes = [NOT_COMPARABLE_NOTE, PLACED_NOTE, *_also_notes(rows)]
    if (rows["grade"].fillna(3) >= MACHINE_WRITTEN).any():
        notes.append(OPEN_MARKER_NOTE)
    legend_room = _legend_room(["Source", *lines])
    return finish(
        body,
        slug,
        period_span(rows),
        _data(rows),
        name,
        _with_defaults(achieved(own)),
        axis_words(unit),
        x_title="As of",
        subtitle=LINE_SUBTITLE,
        notes=notes,
        height=440 + legend_room,
        top_extra=legend_room,
    )


def market_label(row: Mapping[str, Any]) -> str:
    """Who a market share is from: the research firm its source names ("Omdia"), else the publisher, saying
    the firm is not named ("Leiphone, research firm not named"); never a web host."""
    firm = research_firm(row)
    if firm:
        return firm
    return f"{publisher_name(row['publisher']) or UNNAMED_SITE}, {FIRM_NOT_NAMED}"


def _panel_words(who: str) -> str:
    """A bar's label beside it: the firm, or the publisher's short name over "research firm not named"."""
    head, not_named, _ = who.partition(f", {FIRM_NOT_NAMED}")
    short = _esc(short_publisher(head, PANEL_PUBLISHER_CHARS))
    return f"{short}<br>{FIRM_NOT_NAMED}" if not_named else short


def _market_who(row: Mapping[str, Any]) -> str:
    """A market share's hover line on who states it: the firm, the outlet that reports it and its grade."""
    outlet = publisher_name(row["publisher"]) or UNNAMED_SITE.lower()
    firm = research_firm(row)
    if firm:
        return f"{firm} figure, reported by {outlet} ({_grade_words(row)})"
    return f"{outlet[:1].upper() + outlet[1:]} ({_grade_words(row)}); {FIRM_NOT_NAMED}"


MARKET_TITLE = f"{CLOUD_BUSINESS}'s market share, one panel per market"
MARKET_SUBTITLE = "Each panel is a different market: shares of different markets are not comparable"
BAR_PX = 30  # each bar's row in a panel
PANEL_PX = 30  # a panel's own room, for one bar's worth of padding
GAP_PX = 56  # between panels: the next panel's title


def _axis(kind: str, panel: int) -> str:
    """A panel's axis in plotly's layout: "yaxis" for the first, "yaxis2" for the second."""
    return kind if panel == 1 else f"{kind}{panel}"


def market_share_figure(
    obs: pd.DataFrame, opts: ViewOptions, order: Sequence[str] | None = None, figures: pd.DataFrame | None = None
) -> ChartSpec:
    """Each market-share figure in the panel of the market it speaks of (China AI cloud, China cloud, global
    cloud...), with its source and date; within a panel, sources that disagree stand side by side. Nothing
    is averaged, and no axis runs across two market definitions. `order` is the store's order of the markets;
    `figures`: `stated_figures` of the page's figures, where the page has worked them out already."""
    market = obs[obs["category"] == "market"] if not obs.empty else obs
    rows = stated_figures(achieved(market)) if figures is None else figures[figures["category"] == "market"].copy()
    if rows.empty:
        return empty_result("market-share", MARKET_TITLE, "No market share stated by any source")
    rows = rows.sort_values(["period_end", "period_start", "publisher"], kind="stable")
    rows["label"] = rows[opts.label_column]
    rows["series"] = [market_label(row) for row in _records(rows, *FIRM_COLUMNS)]
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
    panels: list[list[str]] = []  # each panel's bar labels, top to bottom
    for i, metric in enumerate(markets, start=1):
        r = rows[rows["metric"] == metric]
        values = [as_stated(v, "pct") for v in r["value"]]
        labels = _unique([f"{lab} · {_panel_words(who)}" for lab, who in zip(r["label"], r["series"], strict=True)])
        hovers = [
            _hover(row, v, f"{row['name']}, {row['label']}", _market_who(row))
            for row, v in zip(_records(r, "name", "label", *FIRM_COLUMNS, *HOVER_COLUMNS), values, strict=True)
        ]
        fig.add_trace(
            trace("bar",
                x=r["value"], y=labels, orientation="h", name=str(r["name"].iloc[0]),
                marker=_marker(r, series_color(r, i - 1)),
                text=values, textposition="outside", cliponaxis=False,
                hovertext=hovers,
                hoverinfo="text",
            ),
            row=i, col=1,
        )  # fmt: skip
        panels.append(labels)
    # the grid's axes and panel titles styled as plain values: plotly's own updates, one per panel, cost more
    # than the rest of the chart
    body = plot_body(fig)
    layout = body["layout"]
    top = float(rows["value"].max())
    for i, labels in enumerate(panels, start=1):
        layout[_axis("yaxis", i)].update(
            type="category", categoryorder="array", categoryarray=labels, autorange="reversed",
            showgrid=False, ticks="", tickfont=dict(size=12),
        )  # fmt: skip
        layout[_axis("xaxis", i)].update(
            range=[0, max(top * 1.25, 1.0)], ticksuffix="%", showgrid=True, gridcolor=GRID, zeroline=True, zerolinecolor=MUTED
        )
    for ann in layout.get("annotations", []):  # the panel titles: left-aligned, as the chart's own title is
        ann.update(x=0, xanchor="left", font=dict(size=13, color="#1f2933"))
    notes = [
        "Shares of different markets, by different research firms and dates: shown side by side, not reconciled",
        f"Each bar is labelled by the research firm its source names, else by its publisher ({FIRM_NOT_NAMED})",
    ]
    notes += _also_notes(rows, with_name=True)
    if (rows["grade"].fillna(3) >= MACHINE_WRITTEN).any():
        notes.append(MACHINE_NOTE)
    layout[_axis("xaxis", len(panels))]["title"] = dict(text="Share of that market (%)")
    layout["showlegend"] = False
    return finish(
        body, "market-share", period_span(rows), _data(rows), MARKET_TITLE, _with_defaults(achieved(market)),
        subtitle=MARKET_SUBTITLE, notes=notes, plot_height=plot_px + 40, side_margins=(20, 40),
    )  # fmt: skip
