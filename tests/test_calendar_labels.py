"""A reader who chose calendar labels reads no fiscal code anywhere on a page: not in its notice or sidebar,
its texts and cards, its citations' labels, nor any chart's title, subtitle, notes, footnote, axis or labels
(fiscal quarters stay in the tooltips). Names the store gives a metric are the store's words and are left out."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from charts.options import ViewOptions
from loaders import build_frames, open_store
from pagemodels.model import Cards, Citations, Expander, Text
from pagemodels.registry import PAGES, build_page

STORE = Path(__file__).parent / "fixtures" / "frozen_store.yaml"
DAY = dt.date(2026, 12, 1)
FISCAL = re.compile(r"\bFY ?\d{2,4}(?: ?Q\d)?\b")
CALENDAR_PAGES = [p.slug for p in PAGES if "labels" in p.reads]


@pytest.fixture(scope="module")
def frames():  # type: ignore[no-untyped-def]
    return build_frames(open_store(STORE, dt.date.today()))


def _walk(blocks):  # type: ignore[no-untyped-def]
    for block in blocks:
        yield block
        if isinstance(block, Expander):
            yield from _walk(block.blocks)


def _figure_words(figure: dict) -> list[str]:  # type: ignore[type-arg]
    """What a figure writes on the chart (not its tooltips): annotations, titles, tick labels, point labels."""
    layout = figure.get("layout", {})
    words = [str(a.get("text", "")) for a in layout.get("annotations", [])]
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            title = axis.get("title")
            words.append(str(title.get("text", "")) if isinstance(title, dict) else str(title or ""))
            words += [str(t) for t in axis.get("ticktext") or []]
    for trace in figure.get("data", []):
        text = trace.get("text")
        words += [str(t) for t in text] if isinstance(text, list | tuple) else [str(text)] if isinstance(text, str) else []
    return words


@pytest.mark.parametrize("slug", CALENDAR_PAGES)
def test_calendar_labels_leave_no_fiscal_code_in_what_a_reader_reads(frames, slug: str) -> None:  # type: ignore[no-untyped-def]
    model = build_page(frames, slug, ViewOptions(labels="calendar", currency="USD", show_events=True), DAY)
    words = [model.notice or "", *model.sidebar]
    for block in _walk(model.blocks):
        if isinstance(block, Text):
            words.append(block.text)
        elif isinstance(block, Cards):
            words += [str(x) for c in block.cards for x in (c.label, c.value, c.detail, c.delta, c.note) if x]
        elif isinstance(block, Citations):
            words += [c.label for c in block.citations]
    for chart in model.chart_blocks:
        if chart.spec.is_empty:
            continue
        screen = chart.screen
        words += [screen.title, screen.subtitle or "", *screen.footnote, chart.citation.split(". Sources")[0]]
        words += _figure_words(screen.figure) + _figure_words(chart.image)
    store_names = sorted({*frames.metrics["name"].dropna(), *frames.metrics["short_name"].dropna()}, key=len, reverse=True)
    found = []
    for text in words:
        text = text.replace("<br>", " ")  # a chart wraps a long name over lines
        for name in store_names:  # a metric's name is the store's words ("All others (from FY27 Q1)")
            text = text.replace(str(name), "")
        found += [f"{m!r} in {text[:120]!r}" for m in FISCAL.findall(text)]
    assert not found, "\n".join(found)


def test_fiscal_labels_keep_both_in_the_data_as_of(frames) -> None:  # type: ignore[no-untyped-def]
    fiscal = build_page(frames, "cloud", ViewOptions(), DAY)
    calendar = build_page(frames, "cloud", ViewOptions(labels="calendar"), DAY)
    assert fiscal.chart_blocks[0].as_of.startswith("Data as of Apr–Jun 2026 (FY27 Q1), results of 2026-08-20")
    assert calendar.chart_blocks[0].as_of.startswith("Data as of Apr–Jun 2026, results of 2026-08-20")
