"""The numbers a chart draws, as a table a reader opens under it: each value with its period in both
labels, its unit, its source (linked to the quote where the store has a link to it) and grade, and a
mark where a value is derived, with how.

Built from the chart's own rows (`ChartSpec.data`, or the plain-word rows of a chart whose CSV is in
words), so the table shows what the chart draws and nothing a chart does not. Built only when a
reader opens it (`pagemodels.model.Chart.table`), never as part of a page build.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from charts.base import derived_flags
from charts.spec import ChartSpec
from loaders.calendar import DEFAULT_YEAR_END_MONTH, PeriodError, parse_period
from loaders.citation import label_words
from loaders.units import unit_label
from pagemodels.model import Column, Table

# a value the chart computes from cited ones, drawn beside (or instead of) the stored figure: the words for what
# it is, and its unit where it is not the row's own
COMPUTED: dict[str, tuple[str, str | None]] = {
    "share_pct": ("share", "pct"),
    "margin_pct": ("margin (EBITA / revenue)", "pct"),
    "cumulative": ("cumulative since the plan's start", None),
    "plan_path": ("plan's straight-line path", None),
}
GROWTH = "YoY growth (stated)"
OWN_FIGURE = "Quarter's figure"  # a stated value beside what the chart computes from it, where the chart names no series
COMPUTED_SOURCE = "Computed from the cited figures of this chart"
DERIVED_SOURCE = "Derived from stated figures (the quote names each)"
DERIVED_WORDS = ("derived", "computed")  # how a plain-word chart's Status says a value is not stated

COLUMNS: dict[str, Column] = {
    "fiscal": Column("Fiscal period"),
    "calendar": Column("Calendar period"),
    "what": Column("What"),
    "value": Column("Value", "number", "localized"),
    "unit": Column("Unit"),
    "derived": Column("Derived", "checkbox", help="Worked out from cited figures, never stated by a source"),
    "how": Column("How it is derived", help="The recipe: which stated figures it is worked out from", wide=True),
    "source": Column("Source", help="Whose document states the figure, and where a copy was read", wide=True),
    "link": Column("Link", "link", help="The source, opened at the quoted words where the browser can"),
    "grade": Column("Grade", help="How much the source's word counts; a derived value takes its weakest input's"),
    "quote": Column("Quote", wide=True),
}


def chart_table(spec: ChartSpec, metrics: pd.DataFrame | None = None, sources: pd.DataFrame | None = None) -> Table:
    """The chart's numbers, one row a value drawn; the store's `metrics` say each metric id in words, its `sources`
    the link and grade of a growth line's own source."""
    plain = spec.cited is not None  # a chart whose data is in words already
    words = _plain_word_rows(spec.data) if plain else _store_rows(spec, metric_names(metrics), _by_id(sources))
    frame = pd.DataFrame(words, columns=list(COLUMNS))
    if not frame.empty:
        frame["value"] = pd.to_numeric(frame["value"])
        frame["derived"] = frame["derived"].astype(bool)
    unused = [c for c in ("fiscal", "how") if not frame[c].astype(bool).any()]  # events have no fiscal label
    if frame["what"].nunique() <= 1:  # one series: its name is the chart's title
        unused.append("what")
    if frame["value"].isna().all():  # dated events, not values
        unused += ["value", "unit", "derived"]
    frame = frame.drop(columns=unused)
    return Table(f"table-{spec.slug}", frame, {k: c for k, c in COLUMNS.items() if k in frame})


def metric_names(metrics: pd.DataFrame | None) -> dict[str, str]:
    """Each metric id in the store's words: its short name where it has one, else its name."""
    if metrics is None or metrics.empty:
        return {}
    short = metrics["short_name"].where(metrics["short_name"].notna(), metrics["name"])
    return dict(zip(metrics["metric"], short, strict=True))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _link(value: object) -> str | None:
    """An http(s) URL, or None: nothing else becomes a link (the schema has checked every one)."""
    text = _text(value)
    return text if text.startswith(("https://", "http://")) else None


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _by_id(sources: pd.DataFrame | None) -> dict[str, dict[str, object]]:
    if sources is None or sources.empty:
        return {}
    return {str(r["source"]): r for r in sources[["source", "url", "grade_label"]].to_dict("records")}


def _store_rows(
    spec: ChartSpec, names: Mapping[str, str], sources: Mapping[str, Mapping[str, object]]
) -> list[dict[str, object]]:
    """Rows of a chart whose data keeps the store's columns: each value drawn, then what it computes from them."""
    data = spec.data
    if data.empty:
        return []
    if "title" in data and "value" not in data:  # a timeline: each event on its day, with its source
        return [_event_row(row) for row in data.to_dict("records")]
    drawn = "yoy_pct" if "how" in data else "value"  # a growth chart draws the rate; its `how` says whether stated
    flags = derived_flags(data)
    computed_how = next((n for n in spec.notes if "computed" in n.lower()), None)
    units = data["unit"].dropna() if "unit" in data else pd.Series(dtype=object)
    chart_unit = str(units.iloc[0]) if not units.empty else ""  # a computed amount's, where its row has none
    out: list[dict[str, object]] = []
    for row, flag in zip(data.to_dict("records"), flags, strict=True):
        what = _what(row, names)
        value = _number(row.get(drawn))
        if value is not None:
            out.append(_value_row(row, what, value, flag, drawn))
        growth = _number(row.get("yoy_pct")) if "growth_source_id" in row and drawn == "value" else None
        if growth is not None:  # a growth line drawn with its own source and quote, maybe another document's
            source = sources.get(_text(row.get("growth_source_id")), {})
            out.append({
                **_periods(row),
                "what": f"{what}, {GROWTH}" if what else GROWTH,
                "value": growth,
                "unit": unit_label("pct"),
                "derived": False,
                "how": "",
                "source": _text(row.get("growth_source")),
                "link": _link(source.get("url")),
                "grade": _text(source.get("grade_label")),
                "quote": _text(row.get("growth_quote")),
            })  # fmt: skip
        for column, (words, unit) in COMPUTED.items():
            computed = _number(row.get(column))
            if computed is None:
                continue
            out.append({
                **_periods(row),
                "what": f"{what}, {words}" if what else words,
                "value": _rounded(computed, unit or _text(row.get("unit")) or chart_unit),
                "unit": unit_label(unit or _text(row.get("unit")) or chart_unit),
                "derived": True,
                "how": computed_how or f"Computed: {words}",
                "source": COMPUTED_SOURCE,
                "link": None,
                "grade": "",
                "quote": "",
            })  # fmt: skip
    return out


def _value_row(row: dict[str, object], what: str, value: float, derived: bool, drawn: str) -> dict[str, object]:
    """One stated or derived value with its citation; a derived one cites its inputs, and the recipe says how."""
    how = _text(row.get("how"))
    if drawn == "yoy_pct":
        derived = how not in ("", "stated")
        unit = "pct"
    else:
        derived = derived or _text(row.get("evidence")) == "derived"
        unit = _text(row.get("unit"))
    recipe = _text(row.get("recipe")) or (how if derived else "") or _text(row.get("usd_how") if derived else "")
    source = _text(row.get("input_citations")) if derived and _text(row.get("input_citations")) else _source(row)
    return {
        **_periods(row),
        "what": what or OWN_FIGURE,
        "value": _rounded(value, unit) if derived else value,
        "unit": unit_label(unit) if unit else "",
        "derived": derived,
        "how": recipe if derived else "",
        "source": source,
        "link": None if derived and row.get("input_citations") else _link(row.get("link_to_quote")) or _link(row.get("url")),
        "grade": _text(row.get("grade_label")),
        "quote": _text(row.get("quote")),
    }


def _rounded(value: float, unit: str) -> float:
    """A worked-out value to the chart's precision: a percentage to one decimal, an amount in bn to three (mn)."""
    return round(value, 1 if unit in ("pct", "%") else 3)


def _periods(row: dict[str, object]) -> dict[str, str]:
    """Both labels of the row's period: its own, else read from its period code on its company's calendar."""
    fiscal, calendar = _text(row.get("fiscal_label")) or _text(row.get("label")), _text(row.get("calendar_label"))
    code = _text(row.get("period"))
    if code and not (fiscal and calendar):
        year_end = _number(row.get("year_end_month"))
        try:
            period = parse_period(code, int(year_end) if year_end else DEFAULT_YEAR_END_MONTH)
        except PeriodError:  # a period in words ("plan", "trailing 4 quarters"): said as it is
            return {"fiscal": fiscal or code, "calendar": calendar}
        fiscal, calendar = fiscal or period.fiscal_label, calendar or period.calendar_label
    return {"fiscal": fiscal, "calendar": calendar}


def _what(row: dict[str, object], names: Mapping[str, str]) -> str:
    """The series a value belongs to, in words: a company, a segment, a figure's own name or its metric's."""
    parts = [_text(row.get(key)) for key in ("company", "segment", "name", "what")]
    metric = _text(row.get("metric"))
    if not any(parts) and metric:
        parts.append(names.get(metric, metric))
    return ", ".join(p for p in parts if p)


def _source(row: dict[str, object]) -> str:
    label = _text(row.get("source_label"))
    return label or label_words(_text(row.get("publisher")), _text(row.get("source_title")))


def _event_row(row: dict[str, object]) -> dict[str, object]:
    start = row.get("start")
    day = f"{start:%d %b %Y}" if isinstance(start, pd.Timestamp) else _text(start)
    return {
        "fiscal": "",
        "calendar": day,
        "what": _text(row.get("title")),
        "value": None,
        "unit": "",
        "derived": False,
        "how": "",
        "source": _source(row),
        "link": _link(row.get("link_to_quote")) or _link(row.get("url")),
        "grade": _text(row.get("grade_label")),
        "quote": _text(row.get("quote")),
    }


def _plain_word_rows(data: pd.DataFrame) -> list[dict[str, object]]:
    """Rows of a chart whose data is already in words (Period, Calendar, Measure, Value, Unit, Status, Source…)."""
    out: list[dict[str, object]] = []
    for row in data.to_dict("records"):
        value = _number(row.get("Value"))
        if value is None:
            continue
        status = _text(row.get("Status"))
        derived = status.startswith(DERIVED_WORDS)
        source = _text(row.get("Source"))
        computed = status.startswith("computed")
        if derived and source.startswith("derived: "):  # its recipe; its Quote the arithmetic, citing each input
            how, source = source.removeprefix("derived: "), DERIVED_SOURCE
        else:
            how = _text(row.get("Note")) or status
        out.append({
            "fiscal": _text(row.get("Period")),
            "calendar": _text(row.get("Calendar")),
            "what": _text(row.get("Measure")),
            "value": _rounded(value, _text(row.get("Unit"))) if derived else value,
            "unit": _text(row.get("Unit")),
            "derived": derived,
            "how": how if derived else "",
            "source": source or (COMPUTED_SOURCE if computed else ""),
            "link": _link(row.get("Link")),
            "grade": _text(row.get("Grade")),
            "quote": _text(row.get("Quote")),
        })  # fmt: skip
    return out
