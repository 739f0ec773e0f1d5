"""Decks (.pptx): one 16:9 slide per chart, every value behind it in the speaker notes.

The chart's title is the slide's own title text (PowerPoint lists, searches and edits it); under it
the picture, painted for the slide (charts.image.paint_slide) and drawn by the same renderer as the
PNG export, carries the subtitle, the plot, the notes, the source line and "data as of". The
speaker notes list every value the chart shows with its period, source, grade, URL and verbatim
quote, and the chart's citation, so a reviewer can check a slide without the app. Store text goes into slides as plain text only.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from pptx import Presentation
from pptx.util import Emu, Pt

from charts.image import SLIDE_CSS_HEIGHT, SLIDE_CSS_WIDTH, SLIDE_TITLE_SHARE, paint_slide
from loaders.authority import grade_order
from loaders.chart_citation import PRODUCT, source_entry
from loaders.frames import Frames
from loaders.product import SUBJECT
from loaders.recipes import stated_only
from loaders.units import format_value
from pagemodels.common import safe_link, version_line
from pagemodels.model import Chart, PageModel

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 x 7.5 in: PowerPoint's 16:9
TITLE_HEIGHT = int(SLIDE_HEIGHT * SLIDE_TITLE_SHARE)  # the slide's title band; the picture fills the rest
TITLE_MARGIN = Emu(365_760)  # 0.4 in either side of the title
TITLE_POINTS = 26
# 1920 x 1080 pixels, a full-HD slide: sharp on a projector or a 1080p screen, where 2x (2400 x 1350)
# drew 56% more pixels for every slide and made the deck 1.45x slower to draw than the charts' PNGs
SLIDE_SCALE = 1.6
NOTE_QUOTE_CHARS = 400

# pictures (plotly dicts) -> PNG bytes, in order (dashboard.png.BatchRenderer.render, or figure_png one at a time)
Renderer = Callable[[Sequence[dict[str, Any]]], Iterable[bytes]]


@dataclass(frozen=True)
class DeckChart:
    page_title: str
    block: Chart


def slide_charts(models: Sequence[PageModel]) -> list[DeckChart]:
    """The non-empty charts of the pages, grouped by page in page order."""
    return [DeckChart(m.title, b) for m in models for b in m.chart_blocks if not b.spec.is_empty]


@dataclass(frozen=True)
class NoteLine:
    """A line of a slide's notes: the source's label is a link to the page at the quote where there is one."""

    before: str
    source: str
    link: str | None
    after: str

    @property
    def text(self) -> str:
        return f"{self.before}{self.source}{self.after}"


def value_notes(values: pd.DataFrame | None) -> list[NoteLine]:
    """One line per value drawn: period, value, source (publisher and title, linked to the quote) with its
    grade, quote."""
    if values is None or values.empty:
        return []
    lines = []
    for r in values.itertuples(index=False):
        stated = getattr(r, "value", None)
        if isinstance(getattr(r, "what", None), str):
            value = r.what
        elif stated is not None and pd.notna(stated):
            value = format_value(float(stated), str(r.unit))
        else:
            value = "not stated"
        period = getattr(r, "fiscal_label", None) or getattr(r, "period", "")
        calendar = getattr(r, "calendar_label", None)
        when = f"{period} ({calendar})" if isinstance(calendar, str) and calendar != period else str(period)
        quote = str(r.quote) if isinstance(getattr(r, "quote", None), str) else ""
        if len(quote) > NOTE_QUOTE_CHARS:
            quote = quote[: NOTE_QUOTE_CHARS - 1] + "…"
        link = next((u for u in (getattr(r, "link_to_quote", None), getattr(r, "url", None)) if safe_link(u)), None)
        label = getattr(r, "source_label", None)
        source = label if isinstance(label, str) and label else str(r.publisher)
        unlinked = "" if link else ", no public URL"
        lines.append(NoteLine(f"{when}: {value}. ", source, link, f" ({r.grade_label}){unlinked}. Quote: “{quote}”"))
    return lines


def _write_notes(slide: object, lines: Sequence[str | NoteLine]) -> None:
    """The notes, one paragraph a line; a NoteLine's source is a link to its quote."""
    frame = slide.notes_slide.notes_text_frame  # type: ignore[attr-defined]
    frame.text = ""
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if isinstance(line, str):
            paragraph.add_run().text = line
            continue
        for text, link in ((line.before, None), (line.source, line.link), (line.after, None)):
            run = paragraph.add_run()
            run.text = text
            if link:
                run.hyperlink.address = link


def _text_slide(prs: Presentation, title: str, lines: Sequence[str], notes: Sequence[str] = ()) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[1])  # title and content
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    body.text = lines[0] if lines else ""
    for line in lines[1:]:
        body.add_paragraph().text = line
    for paragraph in body.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(18)
    if notes:
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _chart_slide(prs: Presentation, chart: DeckChart, title: str, png: bytes) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only: the title as text, the picture under it
    heading = slide.shapes.title
    heading.left, heading.top, heading.width, heading.height = TITLE_MARGIN, 0, SLIDE_WIDTH - 2 * TITLE_MARGIN, TITLE_HEIGHT
    heading.text = title
    for paragraph in heading.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(TITLE_POINTS)
    width = SLIDE_WIDTH
    height = int(width * SLIDE_CSS_HEIGHT / SLIDE_CSS_WIDTH)
    picture = slide.shapes.add_picture(io.BytesIO(png), 0, TITLE_HEIGHT, width=width, height=height)
    picture.name = title
    citation = chart.block.full_citation or chart.block.citation
    _write_notes(slide, [*citation.split("\n"), "", f"Values shown ({chart.page_title}):", *value_notes(chart.block.values)])


def deck_bytes(
    frames: Frames,
    models: Sequence[PageModel],
    render: Renderer,
    whole: bool = False,
) -> bytes:
    """A deck of the pages' charts; `whole` adds a title slide before them and a sources slide after."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    charts = slide_charts(models)
    if whole:
        _text_slide(
            prs,
            PRODUCT,
            [
                f"{SUBJECT}'s AI strategy in numbers: cloud revenue and growth, capex against the plan, segment growth, "
                "AI adoption and the strategy's timeline, every figure cited.",
                version_line(frames),
                f"{len(stated_only(frames.observations))} cited values from {len(frames.sources)} sources; {len(charts)} charts.",
            ],
        )
    slides = [paint_slide(c.block.spec, c.block.as_of) for c in charts]
    pngs = render([s.picture for s in slides])
    for chart, painted, png in zip(charts, slides, pngs, strict=True):
        _chart_slide(prs, chart, painted.title, png)
    if whole:
        by_grade = frames.sources["grade_label"].value_counts()
        counts = [f"{n} {label}" for label, n in by_grade.items()]
        all_sources = [
            source_entry(r) for _, r in frames.sources.sort_values(["grade", "published"], ascending=[True, False]).iterrows()
        ]
        _text_slide(
            prs,
            "Sources",
            [
                f"{len(frames.sources)} sources: " + ", ".join(counts) + ".",
                f"Where sources differ, the best-graded one is shown ({grade_order(', ')}), then the newest; every "
                "source is kept.",
                "Every source with its link is in these notes and in the workbook's Sources sheet.",
            ],
            all_sources,
        )
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
