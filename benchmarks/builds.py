"""Builds: every page's model built afresh and its charts painted for the screen, against loading the store.

The floor is what every view pays first: the store file read, validated and turned into frames
(open_store + build_frames), measured in the same run. A page built afresh (after a view switch,
a store edit or a new day) is build_page plus `screen` for each chart: work moved into the renderer
still counts. Budget: at most 2x the store, in RMB and in US$; on a store with ten times the quarters
(`synthetic_text`), at most 2x the page's own time on the real store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.report import Figure, median, timed
from charts.options import ViewOptions
from charts.screen import paint_screen
from loaders import build_frames, calendar, open_store, yaml_source
from pagemodels.registry import PAGES, build_page

SECTION = "builds"
BUDGET = 2.0
_RUN = re.compile(r"(?:^    - period:.*\n(?:^      .*\n|^[ \t]*\n)*)+", re.MULTILINE)  # one metric's observations
_PERIOD = re.compile(r"^(    - period: '?(?:TTM to )?(?:FY|CY)?)(\d{4})", re.MULTILINE)


def synthetic_text(text: str, factor: int) -> str:
    """The store with `factor` times the quarters: every metric's observations repeated, each copy moved
    back by as many years as the store spans (same values, sources and quotes)."""
    start = text.index("\nmetrics:\n")
    end_match = re.search(r"^(plans|events):", text[start:], re.MULTILINE)
    end = start + end_match.start() if end_match else len(text)
    span = (lambda ys: max(ys) - min(ys) + 1)([int(m[2]) for m in _PERIOD.finditer(text[start:end])])

    def repeat(run: re.Match[str]) -> str:
        copies = [_PERIOD.sub(lambda m, k=k: f"{m[1]}{int(m[2]) - k * span}", run[0]) for k in range(1, factor)]
        return run[0] + "".join(copies)

    return text[:start] + _RUN.sub(repeat, text[start:end]) + text[end:]


@contextlib.contextmanager
def lifted(text: str) -> Iterator[None]:
    """For a synthetic store only: the reader's bounds (parser events, bytes, first fiscal year) lifted to what it needs."""
    size, year = len(text.encode("utf-8")), min(int(m[2]) for m in _PERIOD.finditer(text))
    saved = yaml_source.MAX_NODES, yaml_source.MAX_BYTES, calendar.FIRST_FISCAL_YEAR
    yaml_source.MAX_NODES, yaml_source.MAX_BYTES = max(saved[0], size + 10), max(saved[1], size + 1)
    calendar.FIRST_FISCAL_YEAR = min(saved[2], year)
    try:
        yield
    finally:
        yaml_source.MAX_NODES, yaml_source.MAX_BYTES, calendar.FIRST_FISCAL_YEAR = saved


def screen(block: Any) -> Any:
    """The one step that paints a chart for the screen as the app hands it to Streamlit (the builds and
    the floor call it): charts.screen.paint_screen, whose plain dict st.plotly_chart sends."""
    return paint_screen(block.spec, block.as_of)


def built_afresh(frames: Any, slug: str, options: ViewOptions, today: dt.date) -> Any:
    """A page as a view first needs it: its model built and every chart painted for the screen."""
    model = build_page(frames, slug, options, today)
    return model, [screen(b) for b in model.chart_blocks if not b.spec.is_empty]


def measure(stores: dict[str, Path], repeats: int, views: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """Seconds to load each store, and to build each page afresh per (store, currency) view, `repeats` times, in turn."""
    today = calendar.today()
    frames = {k: build_frames(open_store(path, dt.date.today())) for k, path in stores.items()}  # warm: first-call caches
    loads: dict[str, list[float]] = {k: [] for k in stores}
    pages: dict[tuple[str, str, str], list[float]] = {(k, c, s.slug): [] for k, c in views for s in PAGES}
    for _ in range(repeats):
        for k, path in stores.items():
            loads[k].append(timed(lambda path=path: build_frames(open_store(path, dt.date.today()))))
        for (k, currency, slug), samples in pages.items():
            samples.append(timed(lambda f=frames[k], c=currency, s=slug: built_afresh(f, s, ViewOptions(currency=c), today)))  # type: ignore[arg-type]
    return {"load": loads, "pages": pages}


def run(store: Path, quick: bool, tmp: Path) -> list[Figure]:
    big = tmp / "store_10x.yaml"
    big.write_text(synthetic_text(store.read_text(encoding="utf-8"), 10), encoding="utf-8")
    with lifted(big.read_text(encoding="utf-8")):  # the 1x and 10x stores in turn, so both see the same machine
        got = measure({"1x": store, "10x": big}, 3 if quick else 5, (("1x", "RMB"), ("1x", "USD"), ("10x", "RMB")))
    load, samples = median(got["load"]["1x"]), len(got["load"]["1x"])
    figures = [Figure(SECTION, "store read, validated, frames (1x)", load, detail=f"median of {samples}")]
    figures.append(Figure(SECTION, "store read, validated, frames (10x)", median(got["load"]["10x"]), load, "1x store"))
    for (k, currency, slug), times in got["pages"].items():
        floor, floor_name = (load, "store load") if k == "1x" else (median(got["pages"][("1x", "RMB", slug)]), "same page, 1x")
        figures.append(
            Figure(
                SECTION, f"{slug} built afresh, {currency}, {k} store", median(times), floor, floor_name, BUDGET, samples=times
            )
        )
    return figures
