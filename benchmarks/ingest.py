"""Ingest: reading a whole results announcement into a validated draft, as `python -m loaders ingest` does.

Timed on the fixture announcement of the September quarter 2025 as HTML and as a two-column PDF:
read the file, find the figures, build the draft and validate it merged with the store in memory.
No floor: reported only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from benchmarks.report import Figure, median, timed
from loaders.ingest import build_draft, read_announcement_figures
from loaders.store import open_store

SECTION = "ingest"
ANNOUNCEMENTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "announcements"
TIMED = ("september_quarter_2025.html", "september_quarter_2025.pdf")
URL = "https://www.alibabagroup.com/en-US/ir-financial-reports-quarterly-results"


def ingest_once(path: Path, store: Path) -> int:
    """The observations of the draft one announcement makes."""
    model, text = open_store(store, dt.date.today()).model, store.read_text(encoding="utf-8")
    reading = read_announcement_figures(path)
    return build_draft(reading, model, text, URL, None, dt.date.today(), path.name).observations


def run(store: Path, quick: bool, tmp: Path) -> list[Figure]:
    figures = []
    for name in TIMED:
        path = ANNOUNCEMENTS / name
        found = ingest_once(path, store)  # warm: imports, compiled phrases
        samples = [timed(lambda path=path: ingest_once(path, store)) for _ in range(3 if quick else 7)]
        what = f"a results announcement ({path.suffix[1:].upper()}) to a validated draft"
        figures.append(Figure(SECTION, what, median(samples), samples=samples, detail=f"{found} figures; the store read too"))
    return figures
