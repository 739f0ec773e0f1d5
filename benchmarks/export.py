"""Export: the whole `python -m dashboard export` command per chart, beside kaleido's own render time.

The floor is dashboard.png.figure_png (kaleido's sync server, one Chromium) over every non-empty
registry figure at the export's default scale, with the browser already started and warmed by
one image: the cost of the pixels alone. The export is timed from outside as a subprocess
(`python -m dashboard export --out <tmp> --force --store <store>`): interpreter start, imports,
store, figures, Chromium start, PNG and CSV writing, all included. Both are divided by the number
of charts. Target: export per chart <= 1.5x the floor, which holds only if the browser is started
once per export rather than once per image.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import bare
from benchmarks.report import Figure, median
from dashboard.data import APP_DIR

SECTION = "export"
TARGET = 1.5
DECK_TARGET = 1.3


def kaleido_floor(figures: list[Any], rounds: int) -> list[float]:
    """Seconds per figure for each round over all figures, with a warm browser."""
    from dashboard import png

    png.figure_png(figures[0])  # start Chromium and warm it
    per_round = []
    try:
        for _ in range(rounds):
            t0 = time.perf_counter()
            for fig in figures:
                png.figure_png(fig)
            per_round.append((time.perf_counter() - t0) / len(figures))
    finally:
        png.stop()
    return per_round


def export_command(store: Path, rounds: int) -> tuple[list[float], int]:
    """Wall seconds of the whole export command per round, and the number of PNGs it wrote."""
    runs, written = [], 0
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        for _ in range(rounds):
            cmd = [sys.executable, "-m", "dashboard", "export", "--out", tmp, "--force", "--store", str(store)]
            t0 = time.perf_counter()
            done = subprocess.run(cmd, cwd=APP_DIR, capture_output=True, text=True, timeout=600)
            runs.append(time.perf_counter() - t0)
            if done.returncode != 0:
                raise RuntimeError(f"export failed ({done.returncode}): {done.stderr[-2000:]}")
            written = len(list(Path(tmp).rglob("*.png")))
    return runs, written


def deck_against_png(store: Path, rounds: int) -> tuple[list[float], list[float], int]:
    """Seconds for the whole dashboard's deck, and for the PNG images of the same charts, one warm browser."""
    from charts.options import ViewOptions
    from dashboard.deck import SLIDE_CSS_WIDTH, SLIDE_SCALE, deck_bytes
    from dashboard.png import BatchRenderer
    from loaders import build_frames, calendar, open_store
    from pagemodels.registry import PAGES, build_page

    frames = build_frames(open_store(store))
    today = calendar.today()
    models = [build_page(frames, p.slug, ViewOptions(), today) for p in PAGES]
    figures = [r.figure for m in models for r in m.charts if not r.is_empty]
    renderer = BatchRenderer()
    decks, pngs = [], []
    try:
        list(renderer.render(figures[:1]))  # the browser started and warm
        for _ in range(rounds):
            t0 = time.perf_counter()
            list(renderer.render(figures))
            pngs.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            deck_bytes(frames, models, lambda figs: renderer.render(figs, scale=SLIDE_SCALE, width=SLIDE_CSS_WIDTH), True)
            decks.append(time.perf_counter() - t0)
    finally:
        renderer.close()
    return decks, pngs, len(figures)


def run(store: Path, quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    rounds = 1 if quick else 3
    figures = [fig for page in bare.page_figures(store).values() for _, fig, _ in page]
    n = len(figures)
    floor = kaleido_floor(figures, rounds)
    whole, written = export_command(store, rounds)
    if written != n:
        raise RuntimeError(f"the export wrote {written} PNGs, the registry has {n} non-empty charts")
    per_chart = [t / n for t in whole]
    decks, pngs, deck_n = deck_against_png(store, rounds)
    return [
        Figure(
            SECTION,
            f"export command per chart ({n} charts)",
            median(per_chart),
            "s",
            floor=median(floor),
            floor_name="kaleido per figure, warm",
            compare="ratio",
            target=TARGET,
            samples=per_chart,
            detail=(
                f"whole command {median(whole):.1f} s for {n} PNG + {n} CSV, deck and workbook; "
                f"kaleido alone {median(floor) * n:.1f} s; median of {rounds}"
            ),
        ),
        Figure(
            SECTION,
            f"whole deck ({deck_n} charts)",
            median(decks),
            "s",
            floor=median(pngs),
            floor_name="PNG export of the same charts",
            compare="ratio",
            target=DECK_TARGET,
            samples=decks,
            detail=f"deck {median(decks):.1f} s, PNGs {median(pngs):.1f} s, one warm browser; median of {rounds}",
        ),
    ], {"charts": n, "export_s": whole, "kaleido_per_figure_s": floor, "deck_s": decks, "deck_png_s": pngs}
