"""Export: the whole `python -m dashboard export` command per chart, beside kaleido's own render time.

The floor is dashboard.png.figure_png (kaleido's sync server, one Chromium) drawing the images the
export draws of every non-empty registry figure (its PNG at the export's scale and its slide at
the deck's), with the browser already started and warmed by one image: the cost of the pixels
alone. The export is timed from outside as a subprocess (`python -m dashboard export --out <tmp>
--force --store <store>`): interpreter start, imports, store, page models and figures, Chromium
start, PNG, CSV, deck and workbook writing, all included. Both are divided by the number of
charts. Target: export per chart <= 1.5x the floor.

The deck: dashboard.deck.deck_bytes for the whole dashboard against dashboard.png.BatchRenderer
drawing the same charts' PNGs, one warm browser for both. Target: <= 1.3x.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import floor
from benchmarks.report import Figure, median
from dashboard.data import APP_DIR

SECTION = "export"
TARGET = 1.5
DECK_TARGET = 1.3


def kaleido_floor(figures: list[Any], rounds: int) -> list[float]:
    """Seconds per figure for each round over all figures, with a warm browser: the images the export
    draws of each, its PNG and its slide."""
    from dashboard import png
    from dashboard.deck import SLIDE_CSS_WIDTH, SLIDE_SCALE

    png.figure_png(figures[0])  # start Chromium and warm it
    per_round = []
    try:
        for _ in range(rounds):
            t0 = time.perf_counter()
            for fig in figures:
                png.figure_png(fig)
                png.figure_png(fig, SLIDE_SCALE, SLIDE_CSS_WIDTH)
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


def deck_against_png(frames: Any, models: list[Any], figures: list[Any], rounds: int) -> tuple[list[float], list[float]]:
    """Seconds for the whole dashboard's deck, and for the PNG images of the same charts, one warm browser."""
    from dashboard.deck import SLIDE_CSS_WIDTH, SLIDE_SCALE, deck_bytes
    from dashboard.png import BatchRenderer

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
    return decks, pngs


def run(store: Path, quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    rounds = 1 if quick else 2
    frames, by_slug = floor.built(store)
    models = list(by_slug.values())
    figures = [b.image for m in models for b in m.chart_blocks if not b.spec.is_empty]
    n = len(figures)
    kaleido = kaleido_floor(figures, rounds)
    whole, written = export_command(store, rounds)
    if written != n:
        raise RuntimeError(f"the export wrote {written} PNGs, the registry has {n} non-empty charts")
    per_chart = [t / n for t in whole]
    decks, pngs = deck_against_png(frames, models, figures, rounds)
    return [
        Figure(
            SECTION,
            f"export command per chart ({n} charts)",
            median(per_chart),
            "s",
            floor=median(kaleido),
            floor_name="kaleido, its PNG and slide, warm",
            compare="ratio",
            target=TARGET,
            samples=per_chart,
            detail=(
                f"whole command {median(whole):.1f} s for {n} PNG + {n} CSV, deck and workbook; "
                f"kaleido alone {median(kaleido) * n:.1f} s for the same {2 * n} images; median of {rounds}"
            ),
        ),
        Figure(
            SECTION,
            f"whole deck ({n} charts)",
            median(decks),
            "s",
            floor=median(pngs),
            floor_name="PNG export of the same charts",
            compare="ratio",
            target=DECK_TARGET,
            samples=decks,
            detail=f"deck {median(decks):.1f} s, PNGs {median(pngs):.1f} s, one warm browser; median of {rounds}",
        ),
    ], {"charts": n, "export_s": whole, "kaleido_per_figure_s": kaleido, "deck_s": decks, "deck_png_s": pngs}
