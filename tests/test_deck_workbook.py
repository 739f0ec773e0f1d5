"""Decks and workbooks, opened as PowerPoint and a spreadsheet would open them, and safe to open.

The slide images here are placeholders (a tiny PNG per chart): what is tested is the deck's
structure and notes; tests/test_export.py checks the real images the export command draws.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from charts.options import ViewOptions
from charts.result import csv_bytes
from dashboard.deck import card_groups, deck_bytes
from dashboard.workbook import workbook_bytes
from loaders import build_frames, open_store
from loaders.cells import neutralise, safe_for_csv
from loaders.cli import main as loaders_main
from pagemodels.registry import PAGES, build_page

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_store.yaml"
TODAY = dt.date(2025, 12, 1)
CLOUD_QUOTE = "Fixture cloud revenue was RMB16,100 million, an increase of 40% year-over-year"
FORMULA_QUOTE = '=HYPERLINK("http://example.com/x","Fixture cloud revenue was RMB16,100 million, up 40%")'


def placeholder_pngs(figures):  # type: ignore[no-untyped-def]
    for _ in figures:
        out = io.BytesIO()
        Image.new("RGB", (16, 9), "white").save(out, format="PNG")
        yield out.getvalue()


@pytest.fixture(scope="module")
def built():  # type: ignore[no-untyped-def]
    frames = build_frames(open_store(FIXTURE, dt.date.today()))
    models = [build_page(frames, p.slug, ViewOptions(), TODAY) for p in PAGES]
    return frames, models


def test_a_page_deck_has_one_slide_per_chart_with_every_value_in_the_notes(built) -> None:  # type: ignore[no-untyped-def]
    frames, models = built
    cloud = next(m for m in models if m.slug == "cloud")
    deck = Presentation(io.BytesIO(deck_bytes(frames, [cloud], placeholder_pngs)))
    charts = [b for b in cloud.chart_blocks if not b.spec.is_empty]
    assert len(charts) == 3  # revenue, EBITA, share of group revenue
    headline, *chart_slides = deck.slides  # the page's cards first
    assert headline.shapes.title.text == cloud.title
    for slide, block in zip(chart_slides, charts, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        # the title and the sources line as text; the notes and the data's date in the image
        assert len(pictures) == 1 and len(slide.shapes) == 3
        assert slide.shapes.title.text == block.spec.title == pictures[0].name  # native text PowerPoint can search
        assert pictures[0].top >= slide.shapes.title.top + slide.shapes.title.height  # the picture under the title
        assert pictures[0].top + pictures[0].height <= deck.slide_height
        notes = slide.notes_slide.notes_text_frame.text
        # the short citation, then every source with its link (the long form), then the values
        assert notes.startswith(block.citation + "\n") and block.full_citation in notes
        assert "Alibaba AI strategy in numbers. Data as of Jul–Sep 2025 (FY26 Q2)" in notes
        assert f"store {frames.version}" in notes
    assert (
        "- Alibaba Group, Fixture Corp September quarter results (fictional) (copy in Test Fixture Press), 2025-11-20, "
        "company release or filing: https://example.com/fixture/results-fy2026q2"
        in chart_slides[0].notes_slide.notes_text_frame.text
    )
    revenue_notes = chart_slides[0].notes_slide.notes_text_frame.text
    # every value shown: its period, value, source with grade, URL and quote
    assert (
        "FY26 Q2 (Jul–Sep 2025): RMB 16.1 bn. Alibaba Group, Fixture Corp September quarter results (fictional) "
        "(copy in Test Fixture Press) (company release or filing). Quote:" in revenue_notes
    )
    # the source's words are a link that opens the page at the quote
    runs = [r for p in chart_slides[0].notes_slide.notes_text_frame.paragraphs for r in p.runs if r.hyperlink.address]
    assert runs and all(r.text.startswith(("Alibaba Group, ", "Test Fixture")) for r in runs)
    assert "https://example.com/fixture/results-fy2026q2#:~:text=Fixture%20cloud%20revenue%20was" in {
        r.hyperlink.address.split(",")[0] for r in runs
    }
    assert f"Quote: “{CLOUD_QUOTE}”" in revenue_notes
    for quote in cloud.chart_blocks[0].values["quote"]:
        assert quote in revenue_notes


def test_the_whole_deck_opens_with_a_title_slide_and_ends_with_the_sources(built) -> None:  # type: ignore[no-untyped-def]
    frames, models = built
    deck = Presentation(io.BytesIO(deck_bytes(frames, models, placeholder_pngs, whole=True)))
    charts = sum(not r.is_empty for m in models for r in m.charts)
    # the title, the headline figures, each other page with cards its headline slide, the charts, the sources
    headlines = sum(1 for m in models if m.slug != "overview" and card_groups(m))
    assert headlines == 4  # latest, cloud, capex, peers (the overview's cards are the headline figures)
    assert len(deck.slides) == 1 + 1 + headlines + charts + 1
    first, last = deck.slides[0], deck.slides[len(deck.slides) - 1]
    assert first.shapes.title.text == "Alibaba AI strategy in numbers"
    body = "\n".join(s.text_frame.text for s in first.shapes if s.has_text_frame)
    assert (
        "Data as of Jul–Sep 2025 (FY26 Q2)" in body
        and f"{len(frames.observations)} cited values from {len(frames.sources)} sources" in body
    )
    assert last.shapes.title.text == "Sources"
    notes = last.notes_slide.notes_text_frame.text
    for url in frames.sources["url"].dropna():
        assert url in notes


def test_a_workbook_has_the_charts_numbers_the_values_with_links_and_the_sources(built) -> None:  # type: ignore[no-untyped-def]
    frames, models = built
    cloud = next(m for m in models if m.slug == "cloud")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(frames, [cloud])))
    assert book.sheetnames == [
        "Alibaba Cloud revenue and ye", "Alibaba Cloud adjusted EBITA", "Cloud's share of group reven",
        "Quarters across", "Values", "Sources",
    ]  # fmt: skip
    sheet = book["Alibaba Cloud revenue and ye"]
    assert sheet.freeze_panes == "D3"  # the header, and the metric, period and fiscal quarter beside the numbers
    header = [c.value for c in sheet[2]]
    assert "Value (RMB bn)" in header and "Fiscal quarter" in header and "Calendar period" in header
    col = {name: i for i, name in enumerate(header)}
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    stated = {r[col["Period"]]: r[col["Value (RMB bn)"]] for r in rows if r[col["Value (RMB bn)"]] is not None}
    # the fixture's cloud revenue, FY25 Q1 to FY26 Q2 (tests/fixtures/small_store.yaml)
    assert stated == {"FY2025Q1": 10.25, "FY2025Q2": 11.5, "FY2025Q3": 12.75, "FY2025Q4": 13.1, "FY2026Q1": 14.35,
                      "FY2026Q2": 16.1}  # fmt: skip
    assert all(isinstance(v, float) for v in stated.values())  # numbers stored as numbers
    values = book["Values"]
    vheader = [c.value for c in values[2]]
    # the source's label is the link's text, and the link opens the page at the quote
    column = vheader.index("Source (opens at the quote)") + 1
    links = [values.cell(row=r, column=column) for r in range(3, values.max_row + 1)]
    assert links and all(c.hyperlink is not None for c in links)
    assert {c.value for c in links} <= set(frames.sources["source_label"])
    assert all(c.hyperlink.target in set(frames.sources["url"]) for c in links)
    # the fragment, which a spreadsheet keeps as the link's location: the quote's words
    assert ":~:text=Fixture%20cloud%20revenue%20was,increase%20of%204%25%20year%2Dover%2Dyear" in {
        c.hyperlink.location for c in links
    }
    stored = [values.cell(row=r, column=vheader.index("Address as stored") + 1).value for r in range(3, values.max_row + 1)]
    assert set(stored) <= set(frames.sources["url"].dropna())  # the address as the store has it, beside
    sources = book["Sources"]
    assert [c.value for c in sources[2]][:4] == ["Id", "Source", "Grade", "Evidence"]
    named = [sources.cell(row=r, column=2) for r in range(3, sources.max_row + 1)]
    assert all(c.hyperlink is not None and c.hyperlink.target in set(frames.sources["url"]) for c in named)
    assert "Alibaba Group, Fixture Corp September quarter results (fictional) (copy in Test Fixture Press)" in {
        c.value for c in named
    }


def test_every_chart_csv_and_sheet_speaks_in_words(built) -> None:  # type: ignore[no-untyped-def]
    frames, models = built
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(frames, models)))
    sheets = {
        name: [c.value for c in book[name][2] if not str(c.value).startswith("Group revenue (")]  # a ratio's denominator
        for name in book.sheetnames
        if name not in ("Quarters across", "Values", "Sources")
    }
    for model in models:
        for result in model.charts:
            if result.is_empty:
                continue
            rows = list(csv.reader(io.StringIO(result.csv.decode("utf-8-sig"))))
            header = rows[0]
            assert len(set(header)) == len(header), (result.slug, header)  # no two columns called the same
            assert not [h for h in header if "_" in h], (result.slug, header)  # no ids for headers
            if "Unit" in header:  # units as people write them
                units = {r[header.index("Unit")] for r in rows[1:]} - {""}
                assert units and not [u for u in units if "_" in u], (result.slug, units)
            # the workbook's sheet of the chart names its columns the same
            assert header in sheets.values(), result.slug
    cloud = next(r for m in models for r in m.charts if r.slug == "cloud-revenue")
    header = cloud.csv.decode("utf-8-sig").splitlines()[0].split(",")
    assert "Value (RMB bn)" in header and "Growth stated (%)" in header and "Grade" in header
    sheet = book["Alibaba Cloud revenue and ye"]
    assert {sheet.cell(row=r, column=header.index("Unit") + 1).value for r in range(3, sheet.max_row + 1)} - {None} == {"RMB bn"}


@pytest.fixture
def formula_store(tmp_path: Path) -> Path:
    store = tmp_path / "metrics.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.count(f"quote: {CLOUD_QUOTE}") == 1
    text = text.replace(f"quote: {CLOUD_QUOTE}", f"quote: '{FORMULA_QUOTE}'").replace(
        "issuer: Test Fixture Press", "issuer: '@Test Fixture Press'", 1
    )
    store.write_text(text, encoding="utf-8")
    return store


def test_formula_like_store_text_is_never_a_formula(formula_store: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    frames = build_frames(open_store(formula_store, today=TODAY))
    models = [build_page(frames, p.slug, ViewOptions(), TODAY) for p in PAGES]
    # the workbook: string cells as typed, and not one formula cell
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(frames, models, values=frames.observations)))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert FORMULA_QUOTE in [c.value for c in cells]
    # every CSV: the chart downloads and the store's dump; such cells start with an apostrophe, no other does
    texts: list[str] = []
    for model in models:
        for result in model.charts:
            if not result.is_empty:
                texts += [cell for row in csv.reader(io.StringIO(csv_bytes(result.data).decode("utf-8-sig"))) for cell in row]
    assert loaders_main(["dump", str(formula_store)]) == 0
    texts += [cell for row in csv.reader(io.StringIO(capsys.readouterr().out)) for cell in row]
    assert "'" + FORMULA_QUOTE in texts and "'@Test Fixture Press" in texts
    assert not [t for t in texts if t.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [t for t in texts if t.startswith("-") and not _number(t)]  # negative numbers stay numbers


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_only_formula_like_text_is_changed() -> None:
    assert [neutralise(v) for v in ("=1+1", "+1", "-x", "@a", "\tx", "\rx", "ok", "a=b", 5, -3.0, None)] == [
        "'=1+1", "'+1", "'-x", "'@a", "'\tx", "'\rx", "ok", "a=b", 5, -3.0, None,
    ]  # fmt: skip
    import pandas as pd

    frame = safe_for_csv(pd.DataFrame({"n": [-1.5, 2.0], "t": ["=SUM(A1)", "fine"]}))
    assert frame["n"].tolist() == [-1.5, 2.0] and frame["t"].tolist() == ["'=SUM(A1)", "fine"]


def test_the_apps_csv_buttons_and_the_export_share_the_guard(formula_store: Path, tmp_path: Path) -> None:
    shutil.copyfile(formula_store, tmp_path / "copy.yaml")
    frames = build_frames(open_store(tmp_path / "copy.yaml", today=TODAY))
    sources = build_page(frames, "sources", ViewOptions(), TODAY)
    downloads = [d for b in sources.blocks if hasattr(b, "downloads") for d in b.downloads]  # type: ignore[attr-defined]
    text = downloads[-1].data().decode("utf-8-sig")
    assert "'" + FORMULA_QUOTE.replace('"', '""') in text


def test_the_plan_chart_cites_the_capex_it_counts(built) -> None:  # type: ignore[no-untyped-def]
    frames, models = built
    capex = next(m for m in models if m.slug == "capex")
    deck = Presentation(io.BytesIO(deck_bytes(frames, [capex], placeholder_pngs)))
    assert deck.slides[0].shapes.title.text == capex.title  # the page's cards, then its charts
    notes = deck.slides[1].notes_slide.notes_text_frame.text
    stated = frames.observations[(frames.observations["metric"] == "capex") & frames.observations["preferred"]]
    counted = stated[stated["period"].isin(["FY2025Q4", "FY2026Q2"])]  # the plan quarters with stated capex
    assert len(counted) == 2
    for quote in counted["quote"]:
        assert quote in notes
    assert "Sources: Alibaba Group, Fixture Corp" in capex.chart_blocks[0].citation
