"""Decks (.pptx): per page a headline slide of its cards, then one 16:9 slide per chart, every value behind
them in the speaker notes.

A headline slide holds the page's cards as PowerPoint's own text boxes (label, value, period, change),
so an analyst edits or restyles a figure rather than retyping it. A chart's title is the slide's own
title text (PowerPoint lists, searches and edits it); under it the picture, painted for the slide
(charts.image.paint_slide) and drawn by the same renderer as the PNG export, carries the subtitle,
the plot, the notes and "data as of"; under the picture the chart's sources clause
(loaders.chart_citation, as its footnote and citation say it) is a line of text. The whole
dashboard's deck opens with the overview's headline figures. The speaker notes list every value
with its period, source, grade, URL and verbatim quote, and the chart's citation, so a reviewer can
check a slide without the app. Store text goes into slides as plain text only.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt

from charts.image import SLIDE_CSS_HEIGHT, SLIDE_CSS_WIDTH, SLIDE_SOURCE_SHARE, SLIDE_TITLE_SHARE, paint_slide
from loaders.authority import grade_order
from loaders.chart_citation import PRODUCT, source_entry
from loaders.frames import Frames
from loaders.product import SUBJECT
from loaders.recipes import stated_count
from loaders.units import format_value
from pagemodels.common import safe_link, version_line
from pagemodels.model import Block, Card, Cards, Chart, Citation, Citations, Expander, PageModel, Text

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 x 7.5 in: PowerPoint's 16:9
TITLE_HEIGHT = int(SLIDE_HEIGHT * SLIDE_TITLE_SHARE)  # the slide's title band; the picture fills the rest
TITLE_MARGIN = Emu(365_760)  # 0.4 in either side of the title
TITLE_POINTS = 26
SOURCE_HEIGHT = int(SLIDE_HEIGHT * SLIDE_SOURCE_SHARE)  # the sources line's band under the picture
SOURCE_POINTS = 10
# a headline slide: cards in rows of CARDS_PER_ROW, each a text box of label, value, period or detail, change
CARDS_PER_ROW = 5
CARD_GAP = Emu(137_160)  # 0.15 in between cards
CARD_HEIGHT = Emu(1_371_600)  # 1.5 in at most; less where a page has more rows than that fits
HEADING_HEIGHT = Emu(365_760)  # 0.4 in for a group's heading ("Revenue growth by segment, ...")
CARD_FILL = RGBColor(0xF3, 0xF4, 0xF6)
MUTED_TEXT = RGBColor(0x4B, 0x55, 0x63)
INK = RGBColor(0x11, 0x18, 0x27)
SUMMARY_TITLE = "Headline figures"
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


def _heading(slide: object, title: str) -> None:
    """The slide's title as its own text, across the title band."""
    heading = slide.shapes.title  # type: ignore[attr-defined]
    heading.left, heading.top, heading.width, heading.height = TITLE_MARGIN, 0, SLIDE_WIDTH - 2 * TITLE_MARGIN, TITLE_HEIGHT
    heading.text = title
    for paragraph in heading.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(TITLE_POINTS)


def _line(slide: object, text: str, name: str) -> None:
    """A line of small grey text in the band at the foot of the slide: a chart's sources, a slide's provenance."""
    box = slide.shapes.add_textbox(  # type: ignore[attr-defined]
        TITLE_MARGIN, SLIDE_HEIGHT - SOURCE_HEIGHT, SLIDE_WIDTH - 2 * TITLE_MARGIN, SOURCE_HEIGHT
    )
    box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(SOURCE_POINTS)
    run.font.color.rgb = MUTED_TEXT


def _chart_slide(prs: Presentation, chart: DeckChart, title: str, png: bytes) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only: the title as text, the picture under it
    _heading(slide, title)
    width = SLIDE_WIDTH
    height = int(width * SLIDE_CSS_HEIGHT / SLIDE_CSS_WIDTH)
    picture = slide.shapes.add_picture(io.BytesIO(png), 0, TITLE_HEIGHT, width=width, height=height)
    picture.name = title
    _line(slide, chart.block.spec.sources, "Sources")  # the clause the chart's footnote and citation end with
    citation = chart.block.full_citation or chart.block.citation
    _write_notes(slide, [*citation.split("\n"), "", f"Values shown ({chart.page_title}):", *value_notes(chart.block.values)])


@dataclass(frozen=True)
class CardGroup:
    """Cards shown together on a page, with the heading above them where the page gives one."""

    heading: str | None
    cards: tuple[Card, ...]


def _blocks(blocks: Sequence[Block]) -> list[Block]:
    """The page's blocks in order, an expander's inside it."""
    out: list[Block] = []
    for block in blocks:
        out += [block, *(_blocks(block.blocks) if isinstance(block, Expander) else [])]
    return out


def card_groups(model: PageModel) -> list[CardGroup]:
    """The page's cards in order: rows of cards one after another form one group; a subheader just above
    cards heads a group of its own ("Revenue growth by segment, ...")."""
    groups: list[CardGroup] = []
    heading: str | None = None
    follows_cards = False
    for block in _blocks(model.blocks):
        if isinstance(block, Cards) and block.cards:
            if follows_cards and heading is None:
                groups[-1] = CardGroup(groups[-1].heading, groups[-1].cards + block.cards)
            else:
                groups.append(CardGroup(heading, block.cards))
            heading, follows_cards = None, True
        elif isinstance(block, Text) and block.kind == "subheader":
            heading, follows_cards = block.text, False
        elif not isinstance(block, Text):  # a chart, a table, a control: what follows is not under the heading
            heading, follows_cards = None, False
    return groups


def _card_box(slide: object, card: Card, left: int, top: int, width: int, height: int) -> None:
    """A card as a text box: the label, the value large, then its period or detail and its change."""
    box = slide.shapes.add_textbox(left, top, width, height)  # type: ignore[attr-defined]
    box.name = f"Card: {card.label}"
    box.fill.solid()
    box.fill.fore_color.rgb = CARD_FILL
    frame = box.text_frame
    frame.word_wrap = True
    lines = [(card.label, 12, False, MUTED_TEXT), (card.value, 24, True, INK)]
    lines += [(text, 11, False, MUTED_TEXT) for text in (card.detail, card.delta) if text]
    for i, (text, points, bold, color) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold = Pt(points), bold
        run.font.color.rgb = color


def card_notes(model: PageModel) -> list[str | NoteLine]:
    """Each card with what it shows and where it comes from, then the page's citations, each source linked."""
    lines: list[str | NoteLine] = []
    for group in card_groups(model):
        for card in group.cards:
            said = ", ".join(t for t in (card.detail, card.delta) if t)
            why = " ".join((card.help or "").split())
            lines.append(f"{card.label}: {card.value}" + (f" ({said})" if said else "") + (f". {why}" if why else ""))
    cited: list[Citation] = [c for b in _blocks(model.blocks) if isinstance(b, Citations) for c in b.citations]
    if cited:
        lines += ["", "Where these figures come from:"]
    for c in cited:
        link = c.url if safe_link(c.url) else None
        quote = f" Quote: “{c.quote}”" if c.quote else ""
        lines.append(NoteLine(f"{c.label}: ", c.source, link, f"{'' if link else ', no public URL'}.{quote}"))
    return lines


def _headline_slide(prs: Presentation, title: str, model: PageModel, provenance: str) -> None:
    """The page's cards as native text boxes under the slide's title, each group's heading above its row."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _heading(slide, title)
    groups = card_groups(model)
    rows = sum(math.ceil(len(g.cards) / CARDS_PER_ROW) for g in groups)
    headings = sum(1 for g in groups if g.heading)
    top = TITLE_HEIGHT + CARD_GAP
    room = SLIDE_HEIGHT - SOURCE_HEIGHT - top - headings * HEADING_HEIGHT - rows * CARD_GAP
    height = min(CARD_HEIGHT, int(room / max(rows, 1)))
    width = int((SLIDE_WIDTH - 2 * TITLE_MARGIN - (CARDS_PER_ROW - 1) * CARD_GAP) / CARDS_PER_ROW)
    for group in groups:
        if group.heading:
            box = slide.shapes.add_textbox(TITLE_MARGIN, top, SLIDE_WIDTH - 2 * TITLE_MARGIN, HEADING_HEIGHT)
            box.name = "Heading"
            run = box.text_frame.paragraphs[0].add_run()
            run.text = group.heading
            run.font.size, run.font.bold = Pt(16), True
            top += HEADING_HEIGHT
        for i, card in enumerate(group.cards):
            row, col = divmod(i, CARDS_PER_ROW)
            _card_box(slide, card, TITLE_MARGIN + col * (width + CARD_GAP), top + row * (height + CARD_GAP), width, height)
        top += math.ceil(len(group.cards) / CARDS_PER_ROW) * (height + CARD_GAP)
    _line(slide, provenance, "Provenance")
    _write_notes(slide, card_notes(model))


def deck_bytes(
    frames: Frames,
    models: Sequence[PageModel],
    render: Renderer,
    whole: bool = False,
) -> bytes:
    """A deck of the pages: each page's headline slide (where it has cards), then its charts. `whole` adds a
    title slide and the overview's headline figures before them (standing for the overview's own headline
    slide), and a sources slide after."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    charts = slide_charts(models)
    provenance = f"{PRODUCT}. {version_line(frames)}. Each figure's source, grade and quote are in this slide's notes."
    summary = next((m for m in models if m.slug == "overview" and card_groups(m)), None) if whole else None
    if whole:
        _text_slide(
            prs,
            PRODUCT,
            [
                f"{SUBJECT}'s AI strategy in numbers: cloud revenue and growth, capex against the plan, segment growth, "
                "AI adoption and the strategy's timeline, every figure cited.",
                version_line(frames),
                f"{stated_count(frames.observations)} cited values from {len(frames.sources)} sources; {len(charts)} charts.",
            ],
        )
        if summary is not None:
            _headline_slide(prs, SUMMARY_TITLE, summary, provenance)
    slides = [paint_slide(c.block.spec, c.block.as_of) for c in charts]
    pngs = iter(zip(charts, slides, render([s.picture for s in slides]), strict=True))
    for model in models:
        if model is not summary and card_groups(model):
            _headline_slide(prs, model.title, model, provenance)
        for _ in (b for b in model.chart_blocks if not b.spec.is_empty):
            chart, painted, png = next(pngs)
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
