"""Export: the whole `python -m dashboard export` command, timed from outside as a reader runs it (interpreter,
imports, Chromium's start, store, pages, every format of dashboard.formats), against kaleido alone drawing the
same images with a warm browser (each chart's PNG at the export's scale and its slide). Budget: at most 1.3x.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import floor
from benchmarks.report import Figure, median, timed
from dashboard.data import APP_DIR

SECTION = "export"
BUDGET = 1.3


def kaleido_alone(charts: list[Any]) -> float:
    from dashboard import png
    from dashboard.deck import SLIDE_CSS_WIDTH, SLIDE_SCALE

    images = [(c.image, c.slide.picture) for c in charts]
    png.figure_png(images[0][0])  # Chromium started and warm
    try:
        return timed(lambda: [(png.figure_png(i), png.figure_png(s, SLIDE_SCALE, SLIDE_CSS_WIDTH)) for i, s in images])
    finally:
        png.stop()


def export_command(store: Path, out: Path) -> float:
    cmd = [sys.executable, "-m", "dashboard", "export", "--out", str(out), "--force", "--store", str(store)]
    done: list[subprocess.CompletedProcess[str]] = []
    seconds = timed(lambda: done.append(subprocess.run(cmd, cwd=APP_DIR, capture_output=True, text=True, timeout=600)))
    if done[0].returncode != 0:
        raise RuntimeError(f"the export failed ({done[0].returncode}): {done[0].stderr[-2000:]}")
    return seconds


def run(store: Path, quick: bool, tmp: Path) -> list[Figure]:
    figures = [b for m in floor.page_models(store).values() for b in m.chart_blocks if not b.spec.is_empty]
    kaleido, whole = [], []
    with tempfile.TemporaryDirectory(dir=tmp) as out:
        for _ in range(1 if quick else 3):  # in turn, so both see the same machine
            kaleido.append(kaleido_alone(figures))
            whole.append(export_command(store, Path(out)))
    what = f"whole export ({len(figures)} charts: PNG, CSV, deck, workbook, citations)"
    detail = f"median of {len(whole)}; kaleido {', '.join(f'{k:.1f}' for k in kaleido)} s"
    kaleido_name = f"kaleido alone, {2 * len(figures)} images"
    return [Figure(SECTION, what, median(whole), median(kaleido), kaleido_name, BUDGET, detail=detail, samples=whole)]
