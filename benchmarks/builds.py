"""Builds: every page's model built afresh and its charts painted for the screen, against loading the store.

The floor is what every view pays first: the store file read, validated and turned into frames
(open_store + build_frames), measured in the same run. A page built afresh (after a view switch,
a store edit or a new day) is build_page plus `screen` for each of its charts: work
moved into the renderer still counts. Budget: at most 2x the store, in RMB and in US$; and on a
store with ten times the quarters (the same metrics, each copied back in time: `synthetic_text`),
at most 2x the page's own time on the real store.
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


def screen(result: Any) -> Any:
    """The one step that paints a chart for the screen as the app hands it to Streamlit (the builds and
    the floor call it): ChartResult.screen, whose figure's `to_dict()` st.plotly_chart serialises."""
    shown = result.screen
    shown.figure.to_dict()
    return shown


def built_afresh(frames: Any, slug: str, options: ViewOptions, today: dt.date) -> Any:
    """A page as a view first needs it: its model built and every chart painted for the screen."""
    model = build_page(frames, slug, options, today)
    return model, [screen(r) for r in model.charts if not r.is_empty]


def measure(store: Path, repeats: int, currencies: tuple[str, ...]) -> dict[str, Any]:
    """Seconds to load the store, and to build each page afresh per currency, `repeats` times each, in turn."""
    loads, pages, today = [], {(c, s.slug): [] for c in currencies for s in PAGES}, calendar.today()
    frames = build_frames(open_store(store, dt.date.today()))  # warm: imports, first-call caches
    for _ in range(repeats):
        loads.append(timed(lambda: build_frames(open_store(store, dt.date.today()))))
        for (currency, slug), samples in pages.items():
            samples.append(timed(lambda c=currency, s=slug: built_afresh(frames, s, ViewOptions(currency=c), today)))  # type: ignore[arg-type]
    return {"load": loads, "pages": pages}


def run(store: Path, quick: bool, tmp: Path) -> list[Figure]:
    real = measure(store, 3 if quick else 7, ("RMB", "USD"))
    big_path = tmp / "store_10x.yaml"
    big_path.write_text(synthetic_text(store.read_text(encoding="utf-8"), 10), encoding="utf-8")
    with lifted(big_path.read_text(encoding="utf-8")):
        big = measure(big_path, 2 if quick else 3, ("RMB",))
    load = median(real["load"])
    figures = [Figure(SECTION, "store read, validated, frames (1x)", load, detail=f"median of {len(real['load'])}")]
    for (currency, slug), samples in real["pages"].items():
        figures.append(Figure(SECTION, f"{slug} built afresh, {currency}", median(samples), load, "store load", BUDGET,
                              samples=samples))  # fmt: skip
    figures.append(Figure(SECTION, "store read, validated, frames (10x)", median(big["load"]), load, "1x store"))
    for (_, slug), samples in big["pages"].items():
        own = median(real["pages"][("RMB", slug)])
        figures.append(Figure(SECTION, f"{slug} built afresh, 10x store", median(samples), own, "same page, 1x", BUDGET,
                              samples=samples))  # fmt: skip
    return figures
