"""Ingest: the time to read a whole results announcement into a validated draft, and how well it reads.

Timed on the fixture announcement of the September quarter 2025 as HTML and as a two-column PDF:
read the file, find the figures, build the draft and validate it merged with the store in memory.

Recall is measured against the store itself: for every grade-1 results announcement in it, the
release's text is rebuilt from the store's own quotes of it (one paragraph per quote, a table row
under the income statement's usual headers), read as that release's quarter, and each stated
figure of that quarter's release is counted found, missed or wrong (a different value, or a
different stated growth, for the same metric, period and basis).
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import time
from pathlib import Path
from typing import Any

from benchmarks.report import Figure, median
from loaders.announcement_text import text_lines
from loaders.calendar import parse_period, quarter_index
from loaders.ingest import build_draft, read_announcement_figures, read_figures
from loaders.schema import Store
from loaders.store import open_store

SECTION = "ingest"
ANNOUNCEMENTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "announcements"
TIMED = ("september_quarter_2025.html", "september_quarter_2025.pdf")
RELEASE_KINDS = ("results_announcement", "sec_6k_exhibit")
URL = "https://www.alibabagroup.com/en-US/ir-financial-reports-quarterly-results"


def ingest_once(path: Path, store: Store, store_text: str) -> int:
    reading = read_announcement_figures(path)
    draft = build_draft(reading, store, store_text, URL, None, dt.date.today(), path.name)
    return draft.observations


def rebuilt_text(quarter: str, quotes: list[tuple[str, str | None]]) -> str:
    """A release's text from the store's quotes of it: a dateline naming the quarter, then each quote."""
    end = parse_period(quarter).end
    month = _cal.month_name[end.month]
    out = [
        f"Alibaba Group Announces {month} Quarter {end.year} Results",
        "",
        f"Results for the quarter ended {month} {end.day}, {end.year}.",
        "",
    ]
    for quote, table_scale in quotes:
        if table_scale:
            cells = quote.split(" | ")
            n = len(cells) - 1
            years = [end.year - 1, end.year, end.year] * (n // 3)
            currencies = ["RMB", "RMB", "US$"] * (n // 3)
            out += [
                f"Three months ended {month} {end.day}, | Other months ended",
                " | ".join(map(str, years)),
                " | ".join(currencies),
                quote,
                "",
            ]
        else:
            out += [quote, ""]
    return "\n".join(out)


def recall(store: Store) -> dict[str, Any]:
    """Found, missed and wrong over the grade-1 observations of each release's own quarter."""
    found = missed = wrong = extra = other_right = other_wrong = 0
    details: list[str] = []
    for sid, source in store.sources.items():
        if source.grade != 1 or source.kind not in RELEASE_KINDS:
            continue
        stated = [(mid, o) for mid, m in store.metrics.items() for o in m.observations if o.source == sid]
        quarters = [o.period for _, o in stated if parse_period(o.period).kind == "quarter"]
        if not quarters:
            continue
        quarter = max(quarters, key=quarter_index)
        quotes = list(dict.fromkeys((o.quote, o.table_scale) for _, o in stated))
        findings, _ = read_figures(text_lines(rebuilt_text(quarter, quotes)), quarter)
        got = {(f.metric, f.period, f.basis): f for f in findings}
        expected = {(mid, o.period, o.basis): o for mid, o in stated if o.period == quarter}
        for key, o in expected.items():
            f = got.get(key)
            if f is None:
                missed += 1
                details.append(f"missed {sid} {key}: {o.value}")
            elif abs(f.value - o.value) > 1e-9 or (o.yoy_pct is not None and f.yoy_pct is not None and f.yoy_pct != o.yoy_pct):
                wrong += 1
                details.append(f"wrong {sid} {key}: read {f.value} (yoy {f.yoy_pct}), stored {o.value} (yoy {o.yoy_pct})")
            else:
                found += 1
        # figures of other periods (prior-year comparatives, trailing sums) checked where the store has them from this source
        stored = {(mid, o.period, o.basis): o.value for mid, o in stated}
        for key, f in got.items():
            if key in expected:
                continue
            extra += 1
            if key in stored:
                if abs(stored[key] - f.value) > 1e-9:
                    other_wrong += 1
                    details.append(f"wrong {sid} {key}: read {f.value}, stored {stored[key]}")
                else:
                    other_right += 1
    return {
        "found": found, "missed": missed, "wrong": wrong, "other_periods_read": extra,
        "other_periods_confirmed": other_right, "other_periods_wrong": other_wrong, "details": details,
    }  # fmt: skip


def run(store: Path, quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    repeats = 3 if quick else 7
    loaded = open_store(store, dt.date.today())
    text = store.read_text(encoding="utf-8")
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    for name in TIMED:
        path = ANNOUNCEMENTS / name
        ingest_once(path, loaded.model, text)  # warm: imports, compiled phrases
        samples, n = [], 0
        for _ in range(repeats):
            t0 = time.perf_counter()
            n = ingest_once(path, loaded.model, text)
            samples.append(time.perf_counter() - t0)
        kind = path.suffix.lstrip(".").upper()
        figures.append(
            Figure(
                SECTION,
                f"ingest a whole announcement ({kind}, {path.stat().st_size / 1e3:.0f} KB)",
                median(samples) * 1000,
                "ms",
                detail=f"read, find {n} figures, draft, validate with the store; median of {repeats}",
                samples=samples,
            )
        )
        details[name] = {"seconds": samples, "observations": n}
    measured = recall(loaded.model)
    details["recall"] = measured
    total = measured["found"] + measured["missed"] + measured["wrong"]
    figures.append(
        Figure(
            SECTION,
            f"figures read from the store's releases ({total} stated)",
            measured["found"],
            "found",
            detail=f"found {measured['found']}, missed {measured['missed']}, wrong {measured['wrong']}; "
            f"{measured['other_periods_read']} figures of other periods also read (comparatives, trailing sums), "
            f"{measured['other_periods_confirmed']} of them stored from the same release and equal, "
            f"{measured['other_periods_wrong']} not",
        )
    )
    return figures, details
