"""What several page models share: citations and cards from observations, charts stamped with the
store's "data as of", the store's plan, and the events a chart marks."""

from __future__ import annotations

import pandas as pd

from charts.options import ViewOptions
from charts.result import ChartResult
from charts.series import is_true
from charts.theme import stamp_footnote
from loaders.curation import data_as_of_text
from loaders.frames import Frames
from loaders.units import format_value
from pagemodels.model import Card, Chart, Citation


def safe_link(url: object) -> str | None:
    """An http(s) URL, or None: the schema checks every URL, and nothing else becomes a link."""
    text = str(url) if isinstance(url, str) else ""
    return text if text.startswith(("https://", "http://")) else None


def source_text(row: pd.Series) -> str:
    """'Publisher, title (grade in words)', and where a value is machine-written, that nothing better states it."""
    grade = row.get("grade_label")
    text = f"{row['publisher']}, {row['source_title']}" + (f" ({grade})" if isinstance(grade, str) else "")
    if is_true(row.get("machine_only")):
        text += "; machine-written, and no better source states this figure"
    return text


def citation(label: str, row: pd.Series) -> Citation:
    quote = row.get("quote")
    also = row.get("also_stated_by")
    return Citation(
        label=label,
        source=source_text(row),
        quote=quote if isinstance(quote, str) else None,
        url=safe_link(row.get("url")),
        also=also if isinstance(also, str) and also else None,
    )


def value_card(label: str, row: pd.Series | None, period_style: str, delta: str | None = None) -> Card:
    """A headline figure from the store, with its period, and its source and quote in the tooltip."""
    if row is None:
        return Card(label, "–", "No value stated", help="No source in this dashboard states this figure")
    value = format_value(float(row["value"]), str(row["unit"]))
    detail = str(row[period_style]) + (" · machine-written source" if is_true(row.get("machine_only")) else "")
    return Card(label, value, detail, delta, citation(label, row).tooltip)


def chart(frames: Frames, result: ChartResult) -> Chart:
    """A built chart whose footnote ends with the store's "data as of", so every copy says how current it is."""
    if not result.is_empty:
        stamp_footnote(result.figure, data_as_of_text(frames.observations, frames.sources))
    return Chart(result)


def events_for(frames: Frames, opts: ViewOptions) -> pd.DataFrame | None:
    """The events time charts mark: none when the reader turned them off."""
    return frames.events if opts.show_events else None


def the_plan(frames: Frames) -> pd.Series | None:
    """The store's capex plan (the first under plans:), or None."""
    return None if frames.plans.empty else frames.plans.iloc[0]


def metric_names(frames: Frames) -> dict[str, str]:
    return dict(zip(frames.metrics["metric"], frames.metrics["name"], strict=True))
