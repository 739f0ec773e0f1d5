"""Decks and workbooks that paste straight into a client note or a model, opened as PowerPoint and a spreadsheet
open them: headline cards and sources lines as native text, numbers in their unit's format, frozen panes,
the metrics across the quarters with derived values marked, and each share beside its denominator.

Built from the frozen store (tests/fixtures/frozen_store.yaml), whose values the golden test pins; slide
pictures are placeholders (tests/test_export.py draws the real ones).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from charts.image import paint_slide
from charts.options import ViewOptions
from dashboard.deck import SUMMARY_TITLE, card_groups, deck_bytes
from dashboard.workbook import workbook_bytes
from loaders import build_frames, open_store
from pagemodels.registry import PAGES, build_page
from tests.test_deck_workbook import placeholder_pngs

FROZEN = Path(__file__).resolve().parent / "fixtures" / "frozen_store.yaml"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def built():  # type: ignore[no-untyped-def]
    frames = build_frames(open_store(FROZEN, dt.date.today()))
    models = {p.slug: build_page(frames, p.slug, ViewOptions(), TODAY) for p in PAGES}
    return frames, models


@pytest.fixture(scope="module")
def whole_deck(built):  # type: ignore[no-untyped-def]
    frames, models = built
    return Presentation(io.BytesIO(deck_bytes(frames, list(models.values()), placeholder_pngs, whole=True)))


@pytest.fixture(scope="module")
def book(built):  # type: ignore[no-untyped-def]
    frames, models = built
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(frames, list(models.values()))))


def _texts(slide) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Each text shape's paragraphs, as PowerPoint holds them."""
    return [[p.text for p in s.text_frame.paragraphs] for s in slide.shapes if s.has_text_frame]


def test_a_page_deck_opens_with_the_pages_cards_as_editable_text(built) -> None:  # type: ignore[no-untyped-def]
    frames, models = built
    overview = models["overview"]
    deck = Presentation(io.BytesIO(deck_bytes(frames, [overview], placeholder_pngs)))
    headline = deck.slides[0]
    assert headline.shapes.title.text == overview.title == "Alibaba's AI strategy in numbers"
    assert not [s for s in headline.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]  # text, not a picture
    texts = _texts(headline)
    cards = [c for g in card_groups(overview) for c in g.cards]
    assert len(cards) >= 10
    for card in cards:  # label, value, period or detail, change: as the page model has them
        assert [card.label, card.value, *(t for t in (card.detail, card.delta) if t)] in texts, card.label
    # known values of the frozen store: cloud revenue of Apr–Jun 2026 and its growth, and the segment strip's heading
    assert ["Cloud revenue, latest quarter", "RMB 48.4 bn", "FY27 Q1", "+45% YoY"] in texts
    assert ["Revenue growth by segment, FY27 Q1, year on year"] in texts
    # every card's source and quote in the notes, the sources linked
    notes = headline.notes_slide.notes_text_frame
    assert "Cloud revenue, latest quarter: RMB 48.4 bn (FY27 Q1, +45% YoY). Source: " in notes.text
    assert [r for p in notes.paragraphs for r in p.runs if (r.hyperlink.address or "").startswith("https://")]
    # no card runs off the slide
    for shape in headline.shapes:
        assert shape.top + shape.height <= deck.slide_height and shape.left + shape.width <= deck.slide_width


def test_the_whole_deck_opens_with_the_headline_figures(whole_deck, built) -> None:  # type: ignore[no-untyped-def]
    _, models = built
    titles = [s.shapes.title.text for s in whole_deck.slides]
    assert titles[:2] == ["Alibaba AI strategy in numbers", SUMMARY_TITLE]  # the title slide, then the summary
    summary = _texts(whole_deck.slides[1])
    for card in (c for g in card_groups(models["overview"]) for c in g.cards):
        assert card.label in [t[0] for t in summary] and card.value in [t[1] for t in summary if len(t) > 1]
    assert titles.count(models["overview"].title) == 0  # the summary stands for the overview's own headline slide
    # every other page with cards: its headline slide right before its first chart
    cloud = models["cloud"]
    at = titles.index(cloud.title)
    assert titles[at + 1] == cloud.chart_blocks[0].spec.title


def test_a_chart_slide_has_its_sources_line_as_text_under_the_picture(whole_deck, built) -> None:  # type: ignore[no-untyped-def]
    _, models = built
    block = next(b for b in models["cloud"].chart_blocks if b.spec.slug == "cloud-share")
    slide = next(s for s in whole_deck.slides if s.shapes.title.text == block.spec.title)
    (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    (line,) = [s for s in slide.shapes if s.name == "Sources"]
    # the clause the chart's footnote and its citation end with, word for word
    assert line.text_frame.text == block.spec.sources
    assert line.text_frame.text.startswith("Sources: Alibaba Group results announcements, FY24 Q1–")
    assert block.citation.endswith(block.spec.sources.rstrip(".") + ".")
    assert picture.top + picture.height <= line.top and line.top + line.height <= whole_deck.slide_height
    # said once: the picture keeps the notes and the data's date, not the sources
    (foot,) = [a for a in paint_slide(block.spec, block.as_of).picture["layout"]["annotations"] if a["name"] == "footnote"]
    assert "Sources:" not in foot["text"] and foot["text"].endswith(block.as_of)
    assert block.spec.notes[0] in foot["text"]


def _column(sheet, title: str) -> int:  # type: ignore[no-untyped-def]
    return [c.value for c in sheet[2]].index(title) + 1


def test_numbers_are_shown_in_their_units_format(book) -> None:  # type: ignore[no-untyped-def]
    revenue = book["Alibaba Cloud revenue and ye"]
    rows = {revenue.cell(row=r, column=_column(revenue, "Period")).value: r for r in range(3, revenue.max_row + 1)}
    value = revenue.cell(row=rows["FY2027Q1"], column=_column(revenue, "Value (RMB bn)"))
    growth = revenue.cell(row=rows["FY2027Q1"], column=_column(revenue, "Growth stated (%)"))
    assert (value.value, value.number_format) == (48.437, "#,##0.0")  # RMB bn to one decimal, the number whole
    assert (growth.value, growth.number_format) == (45, '0.0"%"')  # 45 meaning 45%
    models = book["Qwen derivative models"]
    counts = [models.cell(row=r, column=_column(models, "Value (count)")) for r in range(3, models.max_row + 1)]
    assert counts and {c.number_format for c in counts if c.value is not None} == {"#,##0"}
    peers = book["Capital expenditure by calen"]
    rates = [peers.cell(row=r, column=_column(peers, "RMB per US$ (cited rate)")) for r in range(3, peers.max_row + 1)]
    rates = [c for c in rates if c.value is not None]
    assert rates and {c.number_format for c in rates} == {"0.000"} and all(6 < c.value < 8 for c in rates)


def test_every_sheet_keeps_its_header_and_first_columns_in_view(book) -> None:  # type: ignore[no-untyped-def]
    assert len(book.sheetnames) > 20
    for sheet in book:
        column, row = openpyxl.utils.cell.coordinate_from_string(sheet.freeze_panes)
        assert row >= 3 and column != "A", (sheet.title, sheet.freeze_panes)
    assert book["Alibaba Cloud revenue and ye"].freeze_panes == "D3"  # metric, period and fiscal quarter
    assert book["Quarters across"].freeze_panes == "C5"  # two header rows; the metric and its unit


def test_quarters_across_lays_each_metric_out_along_the_quarters(book, built) -> None:  # type: ignore[no-untyped-def]
    frames, _ = built
    sheet = book["Quarters across"]
    fiscal = [c.value for c in sheet[3]]
    calendar = [c.value for c in sheet[4]]
    assert fiscal[:3] == ["Fiscal quarter", "Unit", "FY24 Q1"] and calendar[:3] == ["Calendar period", None, "Apr–Jun 2023"]
    quarters = fiscal[2:]
    assert quarters == sorted(quarters, key=lambda q: (int(q[2:4]), q[-1]))  # in order, none skipped
    assert len(quarters) == 13 and quarters[-1] == "FY27 Q1" and calendar[-1] == "Apr–Jun 2026"
    names = {sheet.cell(row=r, column=1).value: r for r in range(5, sheet.max_row + 1)}
    obs = frames.observations
    name = obs.loc[obs["metric"] == "cloud_revenue", "name"].iloc[0]
    cloud = sheet.cell(row=names[name], column=fiscal.index("FY27 Q1") + 1)
    assert (cloud.value, cloud.number_format, cloud.font.i) == (48.437, "#,##0.0", False)
    assert sheet.cell(row=names[name], column=2).value == "RMB bn"
    assert cloud.comment is not None and "48,437" in cloud.comment.text  # its source's quote
    # capex of Jul–Sep 2024 is derived in the frozen store: marked as the legend says
    derived = obs[(obs["metric"] == "capex") & (obs["period"] == "FY2025Q2") & obs["preferred"]]
    assert derived["derived"].tolist() == [True]
    capex = sheet.cell(row=names[derived["name"].iloc[0]], column=fiscal.index("FY25 Q2") + 1)
    assert capex.value == pytest.approx(float(derived["value"].iloc[0]))
    assert capex.font.i and capex.fill.fgColor.rgb.endswith("E5E7EB") and capex.comment.text.startswith("Derived: ")
    legend = sheet["A2"]
    assert legend.value == "Italic on grey" and legend.font.i and legend.fill.fgColor.rgb == capex.fill.fgColor.rgb
    assert "derived" in sheet["B2"].value and "Values sheet" in sheet["B2"].value
    stated = sheet.cell(row=names[derived["name"].iloc[0]], column=fiscal.index("FY27 Q1") + 1)
    assert stated.value is not None and not stated.font.i  # a stated value is not marked
    # one row per metric: no metric twice
    assert len(names) == sheet.max_row - 4


def test_a_share_has_its_denominator_beside_it(book, built) -> None:  # type: ignore[no-untyped-def]
    frames, _ = built
    sheet = book["Cloud's share of group reven"]
    obs = frames.observations
    group = obs[(obs["metric"] == "group_revenue") & obs["preferred"] & (obs["basis"] == "reported")]
    group = group.set_index("period")["value"]
    checked = 0
    for r in range(3, sheet.max_row + 1):
        period = sheet.cell(row=r, column=_column(sheet, "Period")).value
        cloud = sheet.cell(row=r, column=_column(sheet, "Value (RMB bn)")).value
        total = sheet.cell(row=r, column=_column(sheet, "Group revenue (RMB bn)"))
        share = sheet.cell(row=r, column=_column(sheet, "Share (%)"))
        assert total.value == pytest.approx(float(group[period]))  # read from the store, not typed
        assert share.value == pytest.approx(100 * cloud / total.value)  # the share is cloud over it
        assert (total.number_format, share.number_format) == ("#,##0.0", '0.0"%"')
        checked += 1
    assert checked >= 12
    row = [r for r in range(3, sheet.max_row + 1) if sheet.cell(row=r, column=_column(sheet, "Period")).value == "FY2027Q1"]
    assert pd.notna(sheet.cell(row=row[0], column=_column(sheet, "Group revenue (RMB bn)")).value)


def test_the_revenue_mix_has_group_revenue_beside_each_segment(book, built) -> None:  # type: ignore[no-untyped-def]
    frames, _ = built
    sheet = book["Revenue mix by segment"]
    obs = frames.observations
    group = obs[(obs["metric"] == "group_revenue") & obs["preferred"] & (obs["basis"] == "reported")]
    group = group.set_index("period")["value"]
    share = _column(sheet, "% of group revenue")
    rows = [r for r in range(3, sheet.max_row + 1) if sheet.cell(row=r, column=share).value is not None]
    assert len(rows) > 20
    for r in rows:
        period = sheet.cell(row=r, column=_column(sheet, "Period")).value
        segment = sheet.cell(row=r, column=_column(sheet, "Value (RMB bn)")).value
        total = sheet.cell(row=r, column=_column(sheet, "Group revenue (RMB bn)")).value
        part = sheet.cell(row=r, column=_column(sheet, "% of group revenue"))
        assert total == pytest.approx(float(group[period]))
        assert part.value == pytest.approx(100 * segment / total) and part.number_format == '0.0"%"'


def test_unit_columns_read_as_units(book) -> None:  # type: ignore[no-untyped-def]
    sheet = book["Capex intensity  capital exp"]
    units = {sheet.cell(row=r, column=_column(sheet, "Unit of capex and revenue")).value for r in range(3, sheet.max_row + 1)}
    assert "RMB bn" in units and not [u for u in units if "_" in str(u)]  # not "RMB_bn"
