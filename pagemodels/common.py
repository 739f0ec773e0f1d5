"""What several page models share: citations and cards from observations, chart blocks with the store's
"data as of" and their citations, the store's plan, and the events a chart marks."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pandas as pd

from charts.options import ViewOptions
from charts.series import is_true
from charts.spec import ChartSpec
from loaders.chart_citation import short_citation
from loaders.citation import label_words
from loaders.curation import as_of_fields, as_of_stem
from loaders.frames import Frames
from loaders.units import format_value
from pagemodels.model import Card, Chart, Citation, names_a_source


def safe_link(url: object) -> str | None:
    """An http(s) URL, or None: the schema checks every URL, and nothing else becomes a link."""
    text = str(url) if isinstance(url, str) else ""
    return text if text.startswith(("https://", "http://")) else None


def source_text(row: pd.Series) -> str:
    """'Publisher, title (grade in words)', and where a value is machine-written, that nothing better states it."""
    grade = row.get("grade_label")
    label = row.get("source_label")
    name = label if isinstance(label, str) and label else label_words(str(row["publisher"]), str(row["source_title"]))
    text = name + (f" ({grade})" if isinstance(grade, str) else "")
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
        url=safe_link(row.get("link_to_quote")) or safe_link(row.get("url")),
        also=also if isinstance(also, str) and also else None,
    )


def value_card(label: str, row: pd.Series | None, period_style: str, delta: str | None = None) -> Card:
    """A headline figure from the store, with its period, and its source and quote in the tooltip."""
    if row is None:
        return Card(label, "–", "No value stated", help="No source in this dashboard states this figure")
    value = format_value(float(row["value"]), str(row["unit"]))
    detail = str(row[period_style]) + (" · machine-written source" if is_true(row.get("machine_only")) else "")
    return Card(label, value, detail, delta, citation(label, row).tooltip)


def money_card(label: str, row: pd.Series | None, period_style: str, delta: str | None = None) -> Card:
    """A card in the chosen currency that keeps its place and its shape when US$ was chosen and the quarter
    has no US$ figure: "–", the period with "no US$ figure" under it and why in the tooltip, never a gap
    in the row of cards nor a loose sentence between them."""
    card = value_card(label, row, period_style, delta)
    if row is not None and row.get("fx_note") and row["value"] != row["value"]:
        note = str(row["fx_note"])
        why = f"{note[:1].upper()}{note[1:]}; the RMB figure is shown in RMB mode."
        card = dataclasses.replace(card, detail=f"{row[period_style]} · no US$ figure", help=f"{why}\n\n{card.help}")
    return card


STREAK_LABEL = "Triple-digit AI-product growth"


def streak_card(row: pd.Series | None, period_style: str) -> Card:
    """The AI-product streak as "12 quarters", "in a row, to FY27 Q1": a label short enough to stay whole
    in a card on a phone, where the metric's name ran to sixty characters and was cut."""
    card = value_card(STREAK_LABEL, row, period_style)
    if row is None:
        return card
    count = int(row["value"])
    return dataclasses.replace(
        card, value=f"{count} quarter{'s' if count != 1 else ''}", detail=f"in a row, to {row[period_style]}"
    )


def dated_file_stem(frames: Frames, name: str) -> str:
    """A download's name: `name`, the data as of (newest quarter and its results day) and the store's version, so
    files sort in time order: capex_FY26Q4-2026-05-13_1a2b3c4d5e6f."""
    subject = frames.default_subject
    facts, dates = frames.company_facts(subject), frames.source_dates
    fresh = as_of_fields(frames.observations, frames.sources, frames.events, subject, facts, dates)
    return f"{name}_{as_of_stem(fresh)}_{frames.version or 'unversioned'}"


def version_line(frames: Frames) -> str:
    """'Data as of Apr–Jun 2026 (FY27 Q1), results of 2026-08-28; sources checked 2026-12-01 · store 1a2b3c4d5e6f':
    what every export carries."""
    text = frames.data_as_of_in(getattr(frames, "labels", "fiscal"))
    return f"{text} · store {frames.version}" if frames.version else text


def chart_title(spec: ChartSpec) -> str:
    """The chart's title as words, without its grey subtitle."""
    return spec.title or spec.slug


def chart_sources(sources: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """The sources of a chart's values (a growth line's own, a derived value's inputs), best grade first, then
    the newest. `sources`: the store's (Frames.sources)."""
    sources = sources[sources["source"].isin(spec.source_ids)]
    return sources.sort_values(["grade", "published"], ascending=[True, False])


NOTE_COLUMNS = [
    "period", "fiscal_label", "calendar_label", "value", "unit", "what", "publisher", "source_label", "grade_label", "url",
    "link_to_quote", "quote",
]  # fmt: skip


def chart_values(sources: pd.DataFrame, quote_links: Mapping[tuple[str, str], str], spec: ChartSpec) -> pd.DataFrame:
    """Every value a chart draws, with what a reviewer needs to check it: period, source, grade, URL, quote,
    and the link that opens the source at the quote. `sources` and `quote_links`: the store's (Frames)."""
    data = spec.cited_rows
    cited = names_a_source(data)
    if not cited.any():
        return pd.DataFrame(columns=NOTE_COLUMNS)
    rows = data[cited].copy()
    if "value" not in rows and "title" in rows:  # a timeline: each event's date and title
        rows["period"] = [f"{d:%d %b %Y}" for d in rows["start"]]
        rows["what"] = rows["title"]
    if "grade_label" not in rows:
        grades = dict(zip(sources["source"], sources["grade_label"], strict=True))
        rows["grade_label"] = rows["source"].map(grades)
    if "source_label" not in rows:
        rows["source_label"] = rows["source"].map(dict(zip(sources["source"], sources["source_label"], strict=True)))
    if "link_to_quote" not in rows and "quote" in rows:
        rows["link_to_quote"] = [quote_links.get((s, q)) for s, q in zip(rows["source"], rows["quote"], strict=True)]
    return rows[[c for c in NOTE_COLUMNS if c in rows]]


def chart(frames: Frames, spec: ChartSpec) -> Chart:
    """A chart block: the spec with the store's "data as of" and version, which every painting's footnote ends
    with so every copy says how current it is and which data it shows, its citation and the values behind it."""
    as_of = version_line(frames)
    if spec.is_empty:
        return Chart(spec, as_of=as_of)
    # the long citation and the values behind the chart are worked out when a reader or an export asks for them
    short = short_citation(chart_title(spec), as_of, spec.sources)
    return Chart(spec, short, as_of, frames.metrics, frames.sources, frames.quote_links)


def events_for(frames: Frames, opts: ViewOptions) -> pd.DataFrame | None:
    """The events time charts mark: none when the reader turned them off."""
    return frames.subject_events if opts.show_events else None


def the_plan(frames: Frames) -> pd.Series | None:
    """The store's capex plan (the first under plans:), or None."""
    return None if frames.plans.empty else frames.plans.iloc[0]


def metric_names(frames: Frames) -> dict[str, str]:
    return dict(zip(frames.metrics["metric"], frames.metrics["name"], strict=True))
