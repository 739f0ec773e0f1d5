"""Store: read + parse + validate (open_store) and frames (build_frames) beside a raw libyaml parse.

Measured on the real store and on synthetic stores with 10x and 100x as many observations. A
synthetic store is the real file with every metric block repeated under new ids (`<metric>_r<k>`),
so it has the same schema, sources, quotes and formatting, and it is valid. The floor is
`yaml.load(text, Loader=yaml.CSafeLoader)` of the same file's text: the C parser with PyYAML's
plain constructor, no marks, no checks and no frames.

The 100x store (about 44,000 observations, about 15 MB) is over MAX_BYTES and MAX_NODES, the
reader's bounds on file size and parser events; for the synthetic stores only, the benchmark lifts
both to the file's size and event count so the scaling can be measured. The app itself keeps them.
"""

from __future__ import annotations

import contextlib
import gc
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from benchmarks.report import Figure, median, timed
from loaders import yaml_source
from loaders.frames import build_frames
from loaders.store import open_store

SECTION = "store"
TARGET = 2.0  # load + validate + frames at most 2x the raw parse
_METRIC_LINE = re.compile(r"^  ([a-z][a-z0-9_]*):[ \t]*$", re.MULTILINE)


def synthetic_text(text: str, factor: int) -> str:
    """The store with `factor` times as many observations: each metric block repeated under new ids."""
    if factor == 1:
        return text
    start = text.index("\nmetrics:\n") + len("\nmetrics:\n")
    end_match = re.search(r"^(plans|events):", text[start:], re.MULTILINE)
    end = start + end_match.start() if end_match else len(text)
    section = text[start:end]
    heads = list(_METRIC_LINE.finditer(section))
    if not heads:
        raise ValueError("no metric blocks found")
    blocks = [section[h.start() : (heads[i + 1].start() if i + 1 < len(heads) else len(section))] for i, h in enumerate(heads)]
    copies = []
    for k in range(1, factor):
        for block, head in zip(blocks, heads, strict=True):
            mid = head.group(1)
            copy = block.replace(f"  {mid}:", f"  {mid}_r{k}:", 1)
            copies.append(copy if copy.endswith("\n") else copy + "\n")
    body = section if section.endswith("\n") else section + "\n"
    return text[:start] + body + "".join(copies) + "\n" + text[end:]


def event_count(text: str) -> int:
    loader = yaml.CSafeLoader(text)
    n = 0
    try:
        while loader.check_event():
            loader.get_event()
            n += 1
    finally:
        loader.dispose()
    return n


@contextlib.contextmanager
def node_limit(events: int, size: int = 0) -> Iterator[None]:
    """Lift MAX_NODES to at least `events`, and MAX_BYTES to at least `size`, for the duration (synthetic stores only)."""
    saved = yaml_source.MAX_NODES, yaml_source.MAX_BYTES
    yaml_source.MAX_NODES = max(saved[0], events + 10)
    yaml_source.MAX_BYTES = max(saved[1], size + 1)
    try:
        yield
    finally:
        yaml_source.MAX_NODES, yaml_source.MAX_BYTES = saved


def measure_size(path: Path, repeats: int) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    raw, load, frames, total = [], [], [], []
    loaded = open_store(path)  # warm: imports, pydantic schema, first-call caches
    build_frames(loaded)
    observations = sum(len(m.observations) for m in loaded.model.metrics.values())
    del loaded
    for _ in range(repeats):
        gc.collect()
        raw.append(timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader)))
        gc.collect()
        t0 = time.perf_counter()
        loaded = open_store(path)
        t1 = time.perf_counter()
        build_frames(loaded)
        t2 = time.perf_counter()
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


def run(store: Path, quick: bool = False, factors: tuple[int, ...] = (1, 10, 100)) -> tuple[list[Figure], dict[str, Any]]:
    repeats = {1: 5, 10: 3, 100: 3} if quick else {1: 15, 10: 7, 100: 3}
    base = store.read_text(encoding="utf-8")
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        for factor in factors:
            if factor == 1:
                path, events = store, event_count(base)
                measured = measure_size(path, repeats.get(factor, 3))
            else:
                text = synthetic_text(base, factor)
                size = len(text.encode("utf-8"))
                path = Path(tmp) / f"store_{factor}x.yaml"
                path.write_text(text, encoding="utf-8")
                events = event_count(text)
                with node_limit(events, size):
                    measured = measure_size(path, repeats.get(factor, 3))
            measured["events"] = events
            measured["node_limit_lifted"] = events > yaml_source.MAX_NODES
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
                        + ("; MAX_NODES lifted for this synthetic store" if measured["node_limit_lifted"] else "")
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
