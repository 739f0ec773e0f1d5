"""Store: read + parse + validate (open_store) and frames (build_frames) beside a raw libyaml parse.

Measured on the real store and on synthetic stores with 10x and 100x as many observations. A
synthetic store (`synthetic_text`) has ten or a hundred times the quarters for the same metrics:
every metric's observations repeated, each copy moved back by as many years as the store spans,
so it has the same schema, metrics, sources, quotes and formatting, and it is valid. The floor is
`yaml.load(text, Loader=yaml.CSafeLoader)` of the same file's text: the C parser with PyYAML's
plain constructor, no marks, no checks and no frames.

The synthetic stores reach back past the reader's first fiscal year, and the 100x store is over
MAX_BYTES and MAX_NODES, its bounds on file size and parser events; for the synthetic stores only,
the benchmark lifts all three to what the file needs (`lifted`). The app itself keeps them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from benchmarks.report import Figure, median, timed
from loaders import calendar, yaml_source
from loaders.frames import build_frames
from loaders.store import open_store

SECTION = "store"
TARGET = 2.0  # load + validate + frames at most 2x the raw parse


_RUN = re.compile(r"(?:^    - period:.*\n(?:^      .*\n|^[ \t]*\n)*)+", re.MULTILINE)  # one metric's observations
_PERIOD = re.compile(r"^(    - period: '?(?:TTM to )?(?:FY|CY)?)(\d{4})", re.MULTILINE)


def synthetic_text(text: str, factor: int) -> str:
    """The store with `factor` times the quarters for the same metrics: every metric's observations
    repeated, each copy moved back by as many years as the store spans (same values, sources and quotes)."""
    if factor == 1:
        return text
    start = text.index("\nmetrics:\n")
    end_match = re.search(r"^(plans|events):", text[start:], re.MULTILINE)
    end = start + end_match.start() if end_match else len(text)
    section = text[start:end]
    years = [int(m[2]) for m in _PERIOD.finditer(section)]
    if not years:
        raise ValueError("no observations found")
    span = max(years) - min(years) + 1

    def repeat(run: re.Match[str]) -> str:
        body = run.group(0)
        copies = [_PERIOD.sub(lambda m, k=k: f"{m[1]}{int(m[2]) - k * span}", body) for k in range(1, factor)]
        return body + "".join(copies)

    return text[:start] + _RUN.sub(repeat, section) + text[end:]


def first_year(text: str) -> int:
    """The earliest year any observation's period names."""
    return min(int(m[2]) for m in _PERIOD.finditer(text))


@contextlib.contextmanager
def lifted(text: str) -> Iterator[None]:
    """For a synthetic store only: the reader's bounds (MAX_NODES, MAX_BYTES, the first fiscal year)
    lifted to what the file needs, so the scaling can be measured (a parser event takes at least a byte)."""
    size, year = len(text.encode("utf-8")), first_year(text)
    saved = yaml_source.MAX_NODES, yaml_source.MAX_BYTES, calendar.FIRST_FISCAL_YEAR
    yaml_source.MAX_NODES = max(saved[0], size + 10)
    yaml_source.MAX_BYTES = max(saved[1], size + 1)
    calendar.FIRST_FISCAL_YEAR = min(saved[2], year)
    try:
        yield
    finally:
        yaml_source.MAX_NODES, yaml_source.MAX_BYTES, calendar.FIRST_FISCAL_YEAR = saved


def measure_size(path: Path, repeats: int, warm: bool) -> dict[str, Any]:
    """With `warm`, one untimed load first (imports, pydantic schema, first-call caches; the sizes after the first need none)."""
    text = path.read_text(encoding="utf-8")
    raw, load, frames, total = [], [], [], []
    if warm:
        build_frames(open_store(path, dt.date.today()))
    observations = 0
    for _ in range(repeats):
        gc.collect()
        raw.append(timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader)))
        gc.collect()
        t0 = time.perf_counter()
        loaded = open_store(path, dt.date.today())
        t1 = time.perf_counter()
        build_frames(loaded)
        t2 = time.perf_counter()
        observations = sum(len(m.observations) for m in loaded.model.metrics.values())
        del loaded
        t_load, t_frames = t1 - t0, t2 - t1
        load.append(t_load)
        frames.append(t_frames)
        total.append(t_load + t_frames)
    return {
        "observations": observations,
        "bytes": path.stat().st_size,
        "raw_s": raw,
        "open_store_s": load,
        "frames_s": frames,
        "total_s": total,
    }


def write_synthetic(store: Path, factor: int, directory: Path) -> Path:
    """The store itself at 1x, else a synthetic store with `factor` times its quarters, written in `directory`."""
    if factor == 1:
        return store
    path = directory / f"store_{factor}x.yaml"
    path.write_text(synthetic_text(store.read_text(encoding="utf-8"), factor), encoding="utf-8")
    return path


def run(store: Path, quick: bool = False, factors: tuple[int, ...] = (1, 10, 100)) -> tuple[list[Figure], dict[str, Any]]:
    repeats = {1: 5, 10: 3, 100: 3} if quick else {1: 11, 10: 5, 100: 3}
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        for factor in factors:
            path = write_synthetic(store, factor, Path(tmp))
            with lifted(path.read_text(encoding="utf-8")):
                measured = measure_size(path, repeats.get(factor, 3), warm=factor == min(factors))
            details[f"{factor}x"] = measured
            ours, raw = median(measured["total_s"]), median(measured["raw_s"])
            figures.append(
                Figure(
                    SECTION,
                    f"load+validate+frames {factor}x ({measured['observations']:,} obs, {measured['bytes'] / 1e6:.2f} MB)",
                    ours * 1000,
                    "ms",
                    floor=raw * 1000,
                    floor_name="yaml.load CSafeLoader",
                    compare="ratio",
                    target=TARGET,
                    detail=(
                        f"{factor}x: open_store {median(measured['open_store_s']) * 1000:.0f} ms + "
                        f"build_frames {median(measured['frames_s']) * 1000:.0f} ms; "
                        f"median of {len(measured['total_s'])}"
                        + ("; the reader's bounds lifted for this synthetic store" if factor > 1 else "")
                    ),
                    samples=measured["total_s"],
                )
            )
    if 1 in factors and max(factors) > 1:
        big = max(factors)
        small, large = details["1x"], details[f"{big}x"]
        growth = median(large["total_s"]) / median(small["total_s"])
        raw_growth = median(large["raw_s"]) / median(small["raw_s"])
        obs_growth = large["observations"] / small["observations"]
        figures.append(
            Figure(
                SECTION,
                f"growth 1x->{big}x (observations x{obs_growth:.0f})",
                growth,
                "x",
                floor=raw_growth,
                floor_name="raw parse growth",
                detail=(
                    f"load+validate+frames grows {growth:.0f}x, raw parse {raw_growth:.0f}x, "
                    f"for {obs_growth:.0f}x the observations"
                ),
            )
        )
        details["growth"] = {"ours": growth, "raw": raw_growth, "observations": obs_growth}
    return figures, details
