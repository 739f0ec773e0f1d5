"""Pages: the script run time of every page under streamlit's AppTest, beside its page floor, and on a bigger store.

For each page: one AppTest of app.py switched to the page and one of the generated floor app
(benchmarks.floor) switched to the same page (a first, untimed run of each imports what the page
needs; scripts are compiled once, as a server does) and five untimed reruns of each; then warm
runs (the same session rerun, as after a widget change), one of the app and one of the floor in
turn. Each run is timed as the CPU time of this process (the script thread's work, which a shared
machine's load moves far less than the wall time) and as wall time, reported beside it; both
include AppTest's own handling, the same for both. Target: the app's median <= 1.1x the floor's.

Growth: the same page's warm runs on a generated store with 10x the quarters of the same metrics
(benchmarks.store.write_synthetic), in turn with the 1x page's; target <= 2x. `--growth 10,100`
measures the 100x store as well (reported only).
"""

from __future__ import annotations

import contextlib
import gc
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks import floor
from benchmarks.report import Figure, cpu_timed, median
from benchmarks.store import lifted, write_synthetic
from dashboard.data import APP_DIR
from loaders.paths import STORE_ENV
from pagemodels.registry import BY_SLUG, DEFAULT_PAGE

SECTION = "pages"
TARGET = 1.1
GROWTH_TARGET = 2.0
WARM_UP = 5  # untimed runs of each first: the first reruns of a session are slower


@contextlib.contextmanager
def served_navigation() -> Iterator[None]:
    """Run app.py on every rerun, as a server does (see tests/test_app.py: AppTest otherwise
    puts Streamlit back in pages-directory mode and reruns pages/<name>.py alone)."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        PagesManager.__init__ = original  # type: ignore[method-assign]


@contextlib.contextmanager
def compiled_once() -> Iterator[None]:
    """One script cache for every AppTest run, as a server has: AppTest otherwise recompiles
    (with magic) app.py and the page on every run, a cost a served app pays once."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    modules = (app_test, local_script_runner)  # each makes its own: pages, and the main script
    originals = [m.ScriptCache for m in modules]
    for m in modules:
        m.ScriptCache = lambda: shared  # type: ignore[assignment,misc,attr-defined]
    try:
        yield
    finally:
        for m, original in zip(modules, originals, strict=True):
            m.ScriptCache = original  # type: ignore[attr-defined]


@contextlib.contextmanager
def store_env(store: Path) -> Iterator[None]:
    saved = os.environ.get(STORE_ENV)
    os.environ[STORE_ENV] = str(store)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(STORE_ENV, None)
        else:
            os.environ[STORE_ENV] = saved


def checked(at: Any, what: str) -> Any:
    if at.exception:
        raise RuntimeError(f"{what}: {[e.value for e in at.exception]}")
    return at


def _open(script: Path, page: str) -> Any:
    from streamlit.testing.v1 import AppTest

    at = checked(AppTest.from_file(str(script), default_timeout=300).run(), script.name)
    return at if page == DEFAULT_PAGE else checked(at.switch_page(page).run(), page)


def real_page(page: str) -> Any:
    """app.py under AppTest, switched to `page` (run inside served_navigation)."""
    return _open(APP_DIR / "app.py", BY_SLUG[page].script)


def floor_page(entry: Path, page: str) -> Any:
    """The generated floor app under AppTest, switched to `page`."""
    return _open(entry, f"{floor.PAGE_DIR}/{page}.py")


def interleaved(runs: int, *apps: tuple[Any, Callable[[], Any]]) -> list[dict[str, list[float]]]:
    """Wall and CPU seconds of `runs` reruns of each AppTest, one of each in turn, each inside its context.

    Each run starts with Python's young generations collected (untimed): a pair of runs allocates
    about one collection's worth of objects, so the collection otherwise fell on the same one of
    the two every time, whichever that was, and charged it a quarter of a millisecond of the
    other's allocations (5% of the lightest page).
    """
    out: list[dict[str, list[float]]] = [{"wall": [], "cpu": []} for _ in apps]
    for _ in range(runs):
        for times, (at, context) in zip(out, apps, strict=True):
            with context():
                gc.collect(1)
                wall, cpu = cpu_timed(at.run)
            times["wall"].append(wall)
            times["cpu"].append(cpu)
    return out


def _figure(
    name: str, ours: dict[str, list[float]], theirs: dict[str, list[float]], floor_name: str, target: float | None
) -> Figure:
    wall, other = median(ours["wall"]), median(theirs["wall"])
    return Figure(
        SECTION,
        name,
        median(ours["cpu"]) * 1000,
        "ms",
        floor=median(theirs["cpu"]) * 1000,
        floor_name=floor_name,
        compare="ratio",
        target=target,
        samples=ours["cpu"],
        detail=f"CPU, median of {len(ours['cpu'])} in turn; wall {wall * 1e3:.1f} ms, floor's {other * 1e3:.1f} ms",
    )


def run(store: Path, quick: bool = False, growth: tuple[int, ...] = (10,)) -> tuple[list[Figure], dict[str, Any]]:
    runs = 10 if quick else 30
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    with (
        tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp,
        store_env(store),
        served_navigation(),
        compiled_once(),
    ):
        entry = floor.write_floor(floor.page_models(store), Path(tmp) / "floor")
        bigger = {f: write_synthetic(store, f, Path(tmp)) for f in growth}
        for page in BY_SLUG:
            app, flo = real_page(page), checked(floor_page(entry, page), f"floor {page}")
            charts = len(app.get("plotly_chart"))
            if len(flo.get("plotly_chart")) != charts:
                raise RuntimeError(f"{page}: the app drew {charts} charts, the floor {len(flo.get('plotly_chart'))}")
            interleaved(WARM_UP, (app, contextlib.nullcontext), (flo, contextlib.nullcontext))  # untimed
            ours, theirs = interleaved(runs, (app, contextlib.nullcontext), (flo, contextlib.nullcontext))
            details[page] = {"charts": charts, "app": ours, "floor": theirs}
            figures.append(
                _figure(f"{page} warm run ({charts} chart{'' if charts == 1 else 's'})", ours, theirs, "page floor", TARGET)
            )
            for f, path in bigger.items():  # the same page on a bigger store, interleaved with the 1x store
                text = path.read_text(encoding="utf-8")

                @contextlib.contextmanager
                def big_store(path: Path = path, text: str = text) -> Iterator[None]:
                    with store_env(path), lifted(text):
                        yield

                with big_store():
                    big = real_page(page)
                interleaved(WARM_UP, (big, big_store))  # untimed
                grown, base = interleaved(runs, (big, big_store), (app, contextlib.nullcontext))
                details[page][f"{f}x"], details[page][f"1x_beside_{f}x"] = grown, base
                target = GROWTH_TARGET if f <= 10 else None
                figures.append(_figure(f"{page} warm run, {f}x store", grown, base, "same page, 1x store", target))
                checked(big, f"{page} {f}x")
            checked(app, page)
            checked(flo, f"floor {page}")
        import streamlit as st

        from dashboard import data

        st.cache_resource.clear()
        data.clear()
    return figures, details
